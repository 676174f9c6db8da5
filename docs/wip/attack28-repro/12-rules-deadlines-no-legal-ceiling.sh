#!/usr/bin/env bash
# `rules load` checks the legal floors of retention and key backup, but not the legal limits of the deadlines,
# nor the closed list of refusal grounds, nor the 1-year validity: an administrator's file with a revocation
# deadline of 365 calendar days (law: 2 working days, Order 348 App. 3 cl. 9), the Government CA's register entry
# within 365 days (law: 1 day, App. 2 cl. 15), NCA certificates up to 30 years, and a Root CA refusal ground that
# is not in App. 1 cl. 10 loads (exit 0) and is applied: a holder's revocation application gets a deadline a
# year away. Exit 0 when it reproduces.
NAME=rules-ceiling; . "$(dirname "$0")/common.sh"
MK="python3 $(dirname "$0")/mkrules.py"
setup >/dev/null || exit 1
$MK $W/slow.json slow-1 "e['effective_from']='2026-01-01'" \
  "e['deadlines']['NCA-REVOKE-IND']={'days':365,'unit':'calendar','clause':'ours'}" \
  "e['deadlines']['gov.revocation_entry']['days']=365" \
  "e['validity']['NCA-ISSUE-IND'].update(file=30, token=30)" \
  "e['refusal_reasons']['root'].append(dict(code='ROOT-NOT-LIKED',kk='x',ru='x',en='We do not like the applicant',clause='none'))"
as admin rules load $W/slow.json; show $?; loaded=$?
IIN=$(newiin 3)
submit_approve $IIN >/dev/null; mkcsr $W/h.csr $W/h.key; issue $APP $W/h.csr $W/h.pem; S=$SERIAL
D=$(TZ=Asia/Almaty date +%F)
cat >$W/rev.json <<J
{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567",
 "cert_serial":"$S","cert_issue_date":"$D","reason":"key_compromise","application_date":"$D"}
J
as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json; show $?
RID=$(jget id)
as op application show $RID; echo "== revocation application $RID:"; grep -i "deadline\|due" $W/out
dl=$(q "SELECT deadline FROM applications WHERE id=$RID"); echo "== deadline column: $dl (received $D)"
as aud application refusal-reasons --kind root; echo "== Root CA refusal grounds:"; cat $W/out
[ -n "$dl" ] && [ $(( ($(date -d "$dl" +%s) - $(date -d "$D" +%s)) / 86400 )) -ge 300 ] && { echo "REPRODUCED: revocation due $dl"; exit 0; }
exit 1
