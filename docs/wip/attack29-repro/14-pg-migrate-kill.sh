#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# kill -9 of `db migrate` SQLite -> PostgreSQL at increasing delays; then the source and target states and a retry.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-migrate-kill; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
cp $DB $W/pristine.sqlite
start=$(date +%s.%N); as admin db migrate --from sqlite:$DB --to sqlite:$W/timing.sqlite; echo "full migrate (sqlite->sqlite) takes $(echo "$(date +%s.%N) - $start" | bc) s"
i=0
for d in 0.35 0.5 0.6 0.7 0.8 0.9 1.0 1.2; do
  i=$((i+1)); rm -f $DB $DB-wal $DB-shm; cp $W/pristine.sqlite $DB
  psql -d postgres -q -c "CREATE DATABASE k$i OWNER tirkeu_owner"
  T="postgresql://tirkeu_owner@$P/k$i"
  "$CLI" --db "$DB" --lang en --as admin --password-file $W/admin.pw db migrate --from sqlite:$DB --to "$T" >$W/mig.out 2>&1 </dev/null &
  pid=$!; sleep $d; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
  src_events=$(q "SELECT group_concat(event_type) FROM (SELECT event_type FROM audit_events ORDER BY seq DESC LIMIT 2)" 2>&1)
  mark=$(q "SELECT value FROM meta WHERE key='moved_to'" 2>&1)
  tgt=$(psql "$T" -X -q -t -A -c "SELECT count(*) FROM audit_events" 2>&1 | head -1)
  as off1 crl status --ca NCA >/dev/null; r1=$?
  as aud audit verify; av=$?
  DB="$T" as aud audit verify; avt=$?; avt_err=$(head -c 150 $W/err | tr '\n' ' ')
  N_APP=$((N_APP+1)); write_app $W/x$i.json $(newiin $((950+i))) Kasymova Aliya
  as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/x$i.json --attachments identity_document_copy --consent; sw=$?
  last_t=$T; last_rc=$rc
  printf '## kill after %ss (rc %s): source last events=[%s] moved_to=[%s] target events=%s | src verify=%s tgt verify=%s %s | src write=%s\n' $d $rc "$src_events" "${mark:0:40}" "$tgt" $av $avt "$avt_err" $sw
  if [ $rc = 137 ]; then as admin db migrate --from sqlite:$DB --to "$T"; echo "   retry into the same target: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"; fi
done
exit 0
