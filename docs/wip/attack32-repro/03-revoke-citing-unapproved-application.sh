#!/usr/bin/env bash
# Four-eyes on revocation applications ("carried out after another officer approved it") is bypassed: the officer
# revokes directly with --serial/--reason/--basis and cites the still-unapproved (even rejected) application with
# --application; the revocation is recorded as done on that application's basis. Exit 0 = vulnerable.
NAME=revoke-unapproved; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
IIN=$(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])')
cat >$W/rev.json <<J
{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567","cert_serial":"$A",
 "cert_issue_date":"$(TZ=Asia/Almaty date +%F)","reason":"superseded","application_date":"$(TZ=Asia/Almaty date +%F)"}
J
step "off1 registers a revocation application (reason superseded)" as off1 application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json
R=$(jget id)
step "off2 REJECTS it" as off2 application reject $R --reason-code NCA-FORM-INCORRECT --note "signature missing"
step "carry out the rejected application (refused, good)" as off1 certificate revoke --application $R
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --application $R
rc=$?; say "off1 alone: revoke A for key_compromise citing the REJECTED application $R"; show $rc
as aud certificate show $A; echo "   $(grep -iE 'status|reason' $W/out | tr '\n' ' ')"
as aud audit list --subject $A; echo "   $(head -c 600 $W/out | tr '\n' ' ')"
[ $rc -eq 0 ] && exit 0 || exit 1
