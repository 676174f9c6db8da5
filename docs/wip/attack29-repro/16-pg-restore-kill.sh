#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# kill -9 of `db restore` (pg_dump file) into a new PostgreSQL database at increasing delays; the target's state,
# audit verify, and a retry into the same database.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-restore-kill; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE src OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/src"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
mkdir -p $W/bk; chmod 700 $W/bk; as admin db backup --out $W/bk/src.dump; show $?
start=$(date +%s.%N); psql -d postgres -q -c "CREATE DATABASE tmr OWNER tirkeu_owner"; DB="postgresql://tirkeu_owner@$P/tmr" as admin db restore --from $W/bk/src.dump; echo "full restore: rc=$? $(echo "$(date +%s.%N) - $start" | bc) s"
i=0
for d in 0.3 0.6 0.9 1.2 1.5 1.8 2.1; do
  i=$((i+1)); psql -d postgres -q -c "CREATE DATABASE t$i OWNER tirkeu_owner"; T="postgresql://tirkeu_owner@$P/t$i"
  "$CLI" --db "$T" --lang en --as admin --password-file $W/admin.pw db restore --from $W/bk/src.dump >$W/r.out 2>&1 </dev/null & pid=$!
  sleep $d; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
  ev=$(psql "$T" -X -q -t -A -c "SELECT count(*) FROM audit_events" 2>&1 | head -1)
  DB="$T" as aud audit verify; av=$?; ave=$(head -c 120 $W/err | tr '\n' ' ')
  DB="$T" as admin db restore --from $W/bk/src.dump; rr=$?; rre=$(head -c 160 $W/out $W/err | tr '\n' ' ')
  printf '## kill after %ss (rc %s): target events=%s verify=%s %s | retry rc=%s %s\n' $d $rc "$ev" $av "$ave" $rr "$rre"
done
ls /tmp | grep -c tirkeu- ; exit 0
