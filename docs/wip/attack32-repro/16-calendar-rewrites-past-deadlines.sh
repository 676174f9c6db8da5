#!/usr/bin/env bash
# A revocation application is overdue (2 working days passed). The administrator declares the past 12 days days off
# (`calendar set --day-off` accepts any date since 2000): the open application's legal deadline is recomputed into the
# future, OVERDUE disappears from `application list`, `today` and the deadlines report. Exit 0 = vulnerable.
NAME=calendar-past; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
IIN=$(newiin 3); write_app $W/a.json $IIN Kasymova Aliya
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/a.json --attachments identity_document_copy --consent --json; APP=$(jget id); as off2 application approve $APP
mkcsr $W/c.csr; issue $APP $W/c.csr $W/c.pem; S=$SERIAL
R=$(TZ=Asia/Almaty date -d '-12 days' +%F)
cat >$W/rev.json <<J
{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567","cert_serial":"$S",
 "cert_issue_date":"$R","reason":"superseded","application_date":"$R"}
J
step "revocation application received $R" as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --received "${R}T10:00:00+05:00" --json
as aud application list --open; before=$(cat $W/out | tr -s ' \n' ' '); echo "   before: $before"
for i in $(seq 12 -1 1); do d=$(TZ=Asia/Almaty date -d "-$i days" +%F); as admin calendar set --date $d --day-off --note "decree" || { show 1; break; }; done
say "administrator: the last 12 days were days off"
as aud application list --open; after=$(cat $W/out | tr -s ' \n' ' '); echo "   after:  $after"
as off1 today; echo "   today (officer): $(tr -s ' \n' ' ' < $W/out | cut -c1-200)"
echo "$before" | grep -q OVERDUE && ! echo "$after" | grep -q OVERDUE && exit 0 || exit 1
