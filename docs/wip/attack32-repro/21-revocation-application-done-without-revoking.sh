#!/usr/bin/env bash
# An approved revocation application can be closed with `application done` without revoking anything: the
# certificate stays valid (OCSP good), the application leaves the open/overdue lists as "done".
# Exit 0 = vulnerable.
NAME=revoke-app-done; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
IIN=$(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])'); d=$(TZ=Asia/Almaty date +%F)
cat >$W/rev.json <<J
{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567","cert_serial":"$A",
 "cert_issue_date":"$d","reason":"key_compromise","application_date":"$d"}
J
step "holder's revocation application (key compromise) registered" as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json
R=$(jget id)
step "approved" as off2 application approve $R
step "closed as done, nothing revoked" as off1 application done $R
rc=$?
as aud certificate show $A; echo "   certificate: $(grep -iE '^status' $W/out | tr -s ' ')"
as aud application show $R; echo "   application: $(grep -iE '^status' $W/out | tr -s ' ')"
[ $rc -eq 0 ] && grep -q valid <(as aud certificate show $A; cat $W/out) && exit 0 || exit 1
