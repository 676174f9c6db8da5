#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# kill -9 of `db restore --replace` (SQLite) at increasing delays: what is at the register's path afterwards?
NAME=restore-replace-kill; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
for i in $(seq 20); do write_app $W/f$i.json $(newiin $((3000+i))) Kasymova Aliya; as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/f$i.json --attachments identity_document_copy --consent >/dev/null; done
mkdir -p $W/bk; chmod 700 $W/bk; as admin db backup --out $W/bk/b.sqlite; show $?
cp $DB $W/pristine.sqlite
start=$(date +%s.%N); as admin db restore --from $W/bk/b.sqlite --replace; echo "full run: rc=$? $(echo "$(date +%s.%N) - $start" | bc) s $(head -c 150 $W/out $W/err | tr '\n' ' ')"
for d in 0.3 0.5 0.7 0.9 1.1 1.3 1.5 1.7 2.0; do
  rm -f $W/register.sqlite* ; cp $W/pristine.sqlite $DB
  "$CLI" --db "$DB" --lang en --as admin --password-file $W/admin.pw db restore --from $W/bk/b.sqlite --replace >$W/r.out 2>&1 </dev/null & pid=$!
  sleep $d; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
  files=$(cd $W && ls register.sqlite* 2>/dev/null | tr '\n' ' ')
  ev=$(sqlite3 $DB "select count(*)||' '||(select event_type from audit_events order by seq desc limit 1) from audit_events" 2>&1 | head -1)
  as aud audit verify; av=$?
  printf '## kill %ss rc=%s files=[%s] events=[%s] verify=%s %s\n' $d $rc "$files" "$ev" $av "$(head -c 120 $W/err | tr '\n' ' ')"
done
ls /tmp | grep -E '^tirkeu-[A-Za-z0-9]{6}$' | sed 's/^/   left in \/tmp: /'
exit 0
