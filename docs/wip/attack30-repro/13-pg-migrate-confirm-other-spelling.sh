#!/usr/bin/env bash
# A8 on PostgreSQL: db migrate SQLite -> PostgreSQL killed at migrate-before-confirm; "the same db migrate again" with
# the target spelled differently (localhost instead of 127.0.0.1, or another login) is told to drop the live copy. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-migrate-confirm; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE t1 OWNER tirkeu_owner" || exit 1
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
T="postgresql://tirkeu_owner@$P/t1"
TIRKEU_FAULT_AT=migrate-before-confirm as admin db migrate --from $DB --to "$T"; say "migrate killed at migrate-before-confirm: rc=$?"
say "source moved_to=$(sqlite3 $DB "select value from meta where key='moved_to'")"
say "copy moving_from=$(psql "$T" -X -t -A -c "select value from meta where key='moving_from'")"
for T2 in "postgresql://tirkeu_owner@localhost:$PGPORT/t1" "postgresql://tirkeu@$P/t1"; do
  as admin db migrate --from $DB --to "$T2"; say "again with --to $T2: rc=$? $(head -c 450 $W/out $W/err | tr '\n' ' ')"
done
as admin db migrate --from $DB --to "$T"; say "again, exact spelling: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
exit 0
