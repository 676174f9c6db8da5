#!/usr/bin/env bash
# NCA-REVOKE-IND names a certificate by serial AND issue date; the issue date is never compared with the certificate:
# a form saying 2010-01-01 for a certificate issued today is registered, approved and carried out. Exit 0 = vulnerable.
NAME=revoke-issue-date; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
IIN=$(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])'); d=$(TZ=Asia/Almaty date +%F)
cat >$W/rev.json <<J
{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567","cert_serial":"$A",
 "cert_issue_date":"2010-01-01","reason":"superseded","application_date":"$d"}
J
step "form: certificate $A issued 2010-01-01 (it was issued $(openssl x509 -in $W/a.pem -noout -startdate | cut -d= -f2))" as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json
rc=$?; [ $rc -eq 0 ] || exit 1
R=$(jget id); as off2 application approve $R >/dev/null; step "carried out" as off1 certificate revoke --application $R
[ $? -eq 0 ] && exit 0 || exit 1
