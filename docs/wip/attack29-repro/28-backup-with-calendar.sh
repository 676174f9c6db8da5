#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# A backup file edited with sqlite3: 60 working days turned into days off in calendar_overrides (legal deadlines are
# computed on this calendar), restored with --replace; a new application's legal deadline, and audit verify. Exit 0.
NAME=backup-calendar; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/bk; chmod 700 $W/bk
submit_approve >/dev/null; as aud application show $APP; echo "   deadline before: $(grep -i deadline $W/out | head -1)"
as admin db backup --out $W/bk/b.sqlite; show $?
cp $W/bk/b.sqlite $W/bk/hostile.sqlite
sqlite3 $W/bk/hostile.sqlite "WITH RECURSIVE d(x) AS (SELECT date('now') UNION ALL SELECT date(x,'+1 day') FROM d WHERE x < date('now','+90 day')) INSERT INTO calendar_overrides(day, working, note, updated_at, updated_by) SELECT x, 0, 'мереке', strftime('%Y-%m-%dT%H:%M:%fZ','now'), 1 FROM d" && echo "   backup edited: $(sqlite3 $W/bk/hostile.sqlite 'select count(*) from calendar_overrides') days off"
as admin db restore --from $W/bk/hostile.sqlite --replace; say "restore --replace: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
N_APP=$((N_APP+1)); write_app $W/n.json $(newiin 5001) Kasymova Aliya
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/n.json --attachments identity_document_copy --consent --json; echo "   new application's deadline: $(jget deadline)"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud calendar show; echo "   calendar show: $(grep -c 'мереке' $W/out) days noted 'мереке'"
exit 0
