#!/usr/bin/env bash
# "No silent rollback" bypassed with one row: an old backup (before a key-compromise revocation) given a
# crl_number_floors row (an unbound table) is restored over the register without --accept-rollback; the revocation
# is gone, audit verify is intact, and the next CRL (a higher number) no longer lists the certificate.
NAME=10-floor-rollback
source "$(dirname "$0")/common.sh"
setup || exit 1
submit_approve || exit 1; mkcsr "$W/h1.csr"; issue "$APP" "$W/h1.csr" "$W/c1.pem" || { show $?; exit 1; }; S1=$SERIAL
mkdir -p "$W/pub" "$W/keep"; mkdir -m 700 "$W/bk"
as off1 crl publish --ca NCA --out "$W/pub" --ca-passphrase-file "$W/ca.pass"; show $?
as admin db backup --out "$W/bk/old.sqlite"; show $?
as off1 certificate revoke --ca NCA --serial "$S1" --reason key_compromise --basis holder_application --ca-passphrase-file "$W/ca.pass"; show $?
as off1 crl publish --ca NCA --out "$W/pub" --ca-passphrase-file "$W/ca.pass"; show $?; cp "$W/pub/NCA.crl" "$W/keep/crl2.crl"
openssl crl -inform DER -in "$W/keep/crl2.crl" -noout -text | grep -E 'CRL Number|Serial Number' -A1 | grep -vE '^--' | tr -s ' ' | sed 's/^/   crl2: /'
cp "$DB" "$W/live-copy.sqlite"; cp "$DB-wal" "$W/live-copy.sqlite-wal" 2>/dev/null
say "baseline: the untouched old backup over the register -> refused (rollback)"
as admin db restore --from "$W/bk/old.sqlite" --replace; show $?
say "attacker: one row in the old backup's crl_number_floors"
cp "$W/bk/old.sqlite" "$W/bk/evil.sqlite"
sqlite3 "$W/bk/evil.sqlite" "INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) VALUES ((SELECT id FROM cas WHERE code='NCA'), 2, '2026-12-07T00:00:00.000Z')"
as admin db restore --from "$W/bk/evil.sqlite" --replace; show $?
as aud certificate show "$S1"; echo "   status of $S1: $(grep -iE '^ *status' "$W/out" | head -1)"
as aud audit verify; show $?
as off1 crl publish --ca NCA --out "$W/pub" --ca-passphrase-file "$W/ca.pass"; show $?
openssl crl -inform DER -in "$W/pub/NCA.crl" -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | grep -vE '^--' | tr -s ' ' | sed 's/^/   new CRL: /'
openssl verify -crl_check -CAfile "$W/nca.pem" -CRLfile <(openssl crl -inform DER -in "$W/pub/NCA.crl") "$W/c1.pem" 2>&1 | sed 's/^/   openssl verify with the new CRL: /'
as aud audit verify --crl "$W/keep/crl2.crl"; show $?
