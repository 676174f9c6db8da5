#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# PostgreSQL: the only restore is into an empty database, so a stale backup (taken before a key-compromise revocation
# and a CRL) is restored with no rollback check at all; the old register stays live beside it.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-restore; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE reg1 OWNER tirkeu_owner" -c "CREATE DATABASE reg2 OWNER tirkeu_owner" -c "CREATE DATABASE reg3 OWNER tirkeu_owner" || exit 1
OWNER1="postgresql://tirkeu_owner@$P/reg1"; APP1="postgresql://tirkeu_app@$P/reg1"
DB=$OWNER1 staff >/dev/null || { echo "staff failed"; cat $W/err; exit 1; }
DB=$OWNER1 cli db init --app-role tirkeu_app; show $?
DB=$APP1
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL; echo "issued A=$A"
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
DB=$OWNER1 as admin db backup --out $W/bk/old.dump; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number' -A1 | tr -s ' \n' ' '; echo
say "restore the stale dump into the empty reg2 (no --accept-rollback):"
DB="postgresql://tirkeu_owner@$P/reg2" as admin db restore --from $W/bk/old.dump; show $?
DB="postgresql://tirkeu_owner@$P/reg2" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/reg2" as aud certificate show $A --ca NCA; say "A in reg2: $(grep -E '^status' $W/out)"
DB="postgresql://tirkeu_app@$P/reg2" as aud audit verify; say "audit verify reg2: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
DB="postgresql://tirkeu_app@$P/reg2" as aud crl status --ca NCA; say "crl status reg2: $(head -c 300 $W/out | tr '\n' ' ')"
mkdir -p $W/pub2; DB="postgresql://tirkeu_app@$P/reg2" as off1 crl publish --ca NCA --out $W/pub2 --ca-passphrase-file $W/ca.pass; say "crl publish reg2 into a new folder: rc=$? $(head -c 300 $W/out $W/err| tr '\n' ' ')"
[ -f $W/pub2/NCA.crl ] && openssl crl -in $W/pub2/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' '; echo
DB="postgresql://tirkeu_app@$P/reg2" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish reg2 into the folder holding CRL 1: rc=$? $(head -c 300 $W/out $W/err| tr '\n' ' ')"
openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' '; echo
DB="postgresql://tirkeu_app@$P/reg2" as aud audit verify --crl $W/pub2/NCA.crl; say "audit verify reg2 --crl pub2: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud db info; say "reg1 still live? write test:"; submit_approve >/dev/null && say "reg1 accepts writes (application $APP approved)"
say "the same stale dump restored over reg1 itself is impossible (--replace is SQLite only):"
DB=$OWNER1 as admin db restore --from $W/bk/old.dump --replace; show $?
exit 0
