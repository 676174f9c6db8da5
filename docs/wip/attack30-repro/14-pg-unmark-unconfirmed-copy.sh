#!/usr/bin/env bash
# F10's fork again: db migrate SQLite -> PostgreSQL killed before the source's retirement (fault point
# migrate-before-source-commit) leaves a copy marked moving_from and the source live. The PostgreSQL application role
# deletes the mark: both registers take writes and diverge; does audit verify notice? Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-unmark-copy; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE t1 OWNER tirkeu_owner" || exit 1
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
T="postgresql://tirkeu_owner@$P/t1"
TIRKEU_FAULT_AT=migrate-before-source-commit as admin db migrate --from $DB --to "$T"; say "migrate killed at migrate-before-source-commit: rc=$?"
DB="$T" cli db init --app-role tirkeu_app; say "db init --app-role on the marked copy: rc=$? $(head -c 300 $W/out $W/err | tr "\n" " ")"; TA="postgresql://tirkeu_app@$P/t1"
say "source moved_to=[$(sqlite3 $DB "select value from meta where key='moved_to'")]  copy moving_from=[$(psql "$T" -X -t -A -c "select value from meta where key='moving_from'")]"
DB=$TA as off1 crl status --ca NCA >/dev/null; DB=$TA as admin operator lockout --max-failures 6; say "write into the copy (marked): rc=$? $(head -c 150 $W/err)"
psql "$TA" -X -q -c "DELETE FROM meta WHERE key='moving_from'" 2>&1 | sed 's/^/   /'; say "application role deleted moving_from"
DB=$TA as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "revoke A in the copy: rc=$? $(head -c 150 $W/out $W/err | tr '\n' ' ')"
as admin operator lockout --max-failures 7; say "write into the source: rc=$? $(head -c 150 $W/out $W/err | tr '\n' ' ')"
as aud certificate show $A --ca NCA; say "A in the source: $(grep -E '^status' $W/out)"
DB=$TA as aud audit verify; say "audit verify copy: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify; say "audit verify source: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
