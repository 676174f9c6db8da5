#!/usr/bin/env bash
# F10 fix's mark `moving_from` written by the PostgreSQL application role into the live register: every write is
# refused, tirkeu-ocsp gives no answer, audit verify says nothing; db migrate "again" tells the administrator to drop
# the live register's database. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-moving-from; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app; show $?
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve "" Kasymova >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
# another (test) register the administrator has: a SQLite file
OTHER=$W/other.sqlite; DB=$OTHER cli db init --admin admin --admin-name Admin --admin-password-file $W/admin.pw >/dev/null
say "application role plants moving_from (naming the administrator's other register)"
psql "$APPURL" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('moving_from','$OTHER')" 2>&1 | sed 's/^/   /'
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "key-compromise revocation: rc=$? $(head -c 500 $W/err)"
REG=$APPURL CACHE_SECONDS=0 ocsp_start NCA; say "responder start: $(head -c 400 $W/ocsp.log | tr '\n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
say "the administrator follows the message: db migrate again"
as admin db migrate --from "$OTHER" --to "postgresql://tirkeu_owner@$P/r1"; say "db migrate: rc=$? $(head -c 500 $W/out $W/err | tr '\n' ' ')"
exit 0
