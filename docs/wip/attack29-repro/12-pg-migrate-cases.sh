#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# db migrate SQLite -> PostgreSQL and back; the application role against the retirement mark; kill -9 in the middle.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-migrate; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
for d in m1 m2 m3 m4; do psql -d postgres -q -c "CREATE DATABASE $d OWNER tirkeu_owner" || exit 1; done
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
SQL=$DB
say "1. migrate SQLite -> m1 (owner)"
as admin db migrate --from sqlite:$SQL --to "postgresql://tirkeu_owner@$P/m1"; show $?
DB="postgresql://tirkeu_owner@$P/m1" cli db init --app-role tirkeu_app; show $?
M1="postgresql://tirkeu_app@$P/m1"
DB=$M1 as aud audit verify; say "audit verify m1 as app: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
say "2. app role powers on m1"
for s in "TRUNCATE audit_events" "ALTER TABLE certificates DISABLE TRIGGER ALL" "DROP TRIGGER IF EXISTS x ON certificates" "CREATE TABLE t(x int)" "CREATE TEMP TABLE t(x int)" "DELETE FROM audit_events WHERE id=(SELECT max(id) FROM audit_events)" "UPDATE certificates SET status='valid'" "UPDATE schema_migrations SET version=version" "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid=t.tgrelid WHERE c.relname='meta' AND NOT t.tgisinternal"; do
  printf '   %-70s -> %s\n' "$s" "$(psql "$M1" -X -q -t -A -c "$s" 2>&1 | head -1)"
done
say "2b. app role plants a false retirement mark in m2 (a fresh migrate target)"
as admin db migrate --from sqlite:$W/back0.sqlite --to "postgresql://tirkeu_owner@$P/m2" >/dev/null 2>&1
cp $SQL $W/copy.sqlite 2>/dev/null
DB="postgresql://tirkeu_owner@$P/m1" as admin db backup --out $W/bk.dump >/dev/null 2>&1
printf '   app role on m1: INSERT moved_to -> %s\n' "$(psql "$M1" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('moved_to','postgresql://evil.example/elsewhere')" 2>&1 | head -1)"
DB=$M1 as off2 application approve 1; say "officer's write on m1: rc=$? $(head -c 160 $W/err)"
DB=$M1 as aud audit verify; say "audit verify m1 with the planted mark: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
printf '   app role on m1: DELETE moved_to -> %s\n' "$(psql "$M1" -X -q -t -A -c "DELETE FROM meta WHERE key='moved_to'" 2>&1 | head -1)"
printf '   app role on m1: UPDATE register_id -> %s\n' "$(psql "$M1" -X -q -t -A -c "UPDATE meta SET value='00000000-0000-0000-0000-000000000000' WHERE key='register_id'" 2>&1 | head -1)"
DB=$M1 as aud audit verify; say "audit verify m1 after register_id changed: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
psql "$M1" -X -q -t -A -c "SELECT key, value FROM meta" 2>&1 | sed 's/^/   meta: /'
say "3. migrate m1 (PG) -> SQLite file; is the PG source retired, can the app role un-retire it?"
DB="postgresql://tirkeu_owner@$P/m1" as admin db migrate --from "postgresql://tirkeu_owner@$P/m1" --to sqlite:$W/back.sqlite; show $?
DB=$M1 as off2 application approve 999; say "write on retired m1: rc=$? $(head -c 200 $W/err)"
psql "$M1" -X -q -t -A -c "SELECT key, value FROM meta" 2>&1 | sed 's/^/   meta: /'
printf '   app role: DELETE moved_to -> %s\n' "$(psql "$M1" -X -q -t -A -c "DELETE FROM meta WHERE key='moved_to'" 2>&1 | head -1)"
N_APP=$((N_APP+1)); write_app $W/x.json $(newiin 901) Kasymova Aliya
DB=$M1 as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/x.json --attachments identity_document_copy --consent; say "write on m1 after the app role deleted the mark: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
DB=$M1 as aud audit verify; say "audit verify m1: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
