#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# `db migrate` SQLite -> PostgreSQL killed in the window between the target's commit and the source's retirement
# (registry/Backup.cpp at 01d9bdb: tx.commit(); verifyCopy(to); source.commit()). The target is polled; the moment its
# events are visible the migrate is killed. Then: are both registers live? Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-migrate-window; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
for i in $(seq 25); do write_app $W/f$i.json $(newiin $((2000+i))) Kasymova Aliya; as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/f$i.json --attachments identity_document_copy --consent >/dev/null; done
# 20,000 draft rows (drafts are an operator's unregistered work; sqlite3 stands in for a busy GUI) make the copy last
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<20000) INSERT INTO application_drafts(operator_id, ca_code, form_code, content, created_at, updated_at) SELECT 2, 'NCA', 'NCA-ISSUE-IND', '{}', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now') FROM n"
echo "events: $(q 'select count(*) from audit_events'), drafts: $(q 'select count(*) from application_drafts')"
cp $DB $W/pristine.sqlite
for try in 1 2 3 4 5 6; do
  rm -f $DB-wal $DB-shm; cp $W/pristine.sqlite $DB
  psql -d postgres -q -c "CREATE DATABASE w$try OWNER tirkeu_owner"; T="postgresql://tirkeu_owner@$P/w$try"
  "$CLI" --db "$DB" --lang en --as admin --password-file $W/admin.pw db migrate --from sqlite:$DB --to "$T" >$W/mig.out 2>&1 </dev/null & pid=$!
  # once the copy's transaction holds its lock on the target's audit_events, queue an exclusive lock behind it (held
  # 20 s): it is granted at the copy's commit, so the verification that follows waits (lock_timeout 15 s) and fails —
  # as a dropped connection or a restart of the server would make it fail at that point.
  while kill -0 $pid 2>/dev/null; do
    l=$(psql -d w$try -X -q -t -A -c "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid=l.relation WHERE c.relkind='r' AND l.mode='RowExclusiveLock' AND l.granted AND l.pid<>pg_backend_pid() LIMIT 1" 2>/dev/null | head -1)
    if [ -n "$l" ]; then echo "   locking $l behind the copy"
      psql -d w$try -X -q -c "BEGIN; LOCK TABLE $l IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;" >/dev/null 2>&1 & lk=$!; break; fi
  done
  wait $pid 2>/dev/null; rc=$?; echo "   migrate said: $(head -c 400 $W/mig.out | tr '\n' ' ')"; wait ${lk:-} 2>/dev/null; lk=
  mark=$(q "SELECT value FROM meta WHERE key='moved_to'")
  tev=$(psql "$T" -X -q -t -A -c "SELECT count(*) FROM audit_events" 2>&1 | head -1)
  echo "## try $try: migrate rc=$rc; source moved_to=[${mark:0:30}]; target events=$tev"
  if [ $rc != 0 ] && [ -z "$mark" ] && [ "${tev:-0}" -gt 0 ] 2>/dev/null; then
    echo "   caught in the window. Both live?"
    as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; echo "   revoke in the SOURCE: rc=$? $(head -c 150 $W/out $W/err | tr '\n' ' ')"
    DB="$T" as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/f1.json --attachments identity_document_copy --consent; echo "   write in the TARGET: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
    DB="$T" as aud certificate show $A --ca NCA; echo "   A in the target: $(grep -E '^status' $W/out)"
    DB="$T" as aud audit verify; echo "   target audit verify: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
    as aud audit verify; echo "   source audit verify: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
    as admin db migrate --from sqlite:$DB --to "$T"; echo "   migrate again into the same target: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
    break
  fi
done
exit 0
