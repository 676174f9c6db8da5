#!/usr/bin/env bash
# B25 on PostgreSQL (application role): the clock-ahead sweep after an event written with that clock. Expected to hold
# (the guards use the server's clock). Exit 0 = vulnerable.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-sweep-ahead; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE t1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/t1"; staff >/dev/null || { echo staff failed; cat $W/err; exit 1; }
cli db init --app-role tirkeu_app || { show 1; exit 1; }
DB="postgresql://tirkeu_app@$P/t1"
as admin ca add --code NCA --name "Attack Test CA" --kind national || { show 1; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" || { show 1; exit 1; }
pointers NCA || exit 1
submit_approve >/dev/null || { cat $W/err; exit 1; }; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
step "A revoked for key_compromise" as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application
mkdir -p $W/arch; chmod 700 $W/arch
F() { faketime "$1" "$CLI" --db "$DB" --lang en --as "$2" --password-file "$W/$2.pw" "${@:3}" >"$W/out" 2>"$W/err" </dev/null; }
F "2032-12-10 12:01:00" admin calendar set --date 2032-12-31 --day-off --note "decree"; say "event with the clock at 2032"; show $?
F "2032-12-10 12:02:00" admin retention sweep --archive-dir $W/arch; say "sweep with the clock at 2032"; show $?
as aud certificate show $A; rc=$?; echo "   certificate A now: rc=$rc"
[ $rc -ne 0 ] && exit 0 || exit 1
