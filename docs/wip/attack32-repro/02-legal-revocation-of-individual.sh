#!/usr/bin/env bash
# An NCA-REVOKE-LEGAL application (any BIN) names an individual's certificate: the "belongs to the applicant" check
# is skipped because the certificate has no organisation; approved and carried out, a stranger company revokes a
# private person's certificate. Exit 0 = vulnerable.
NAME=legal-revokes-individual; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
say "individual's certificate $A (holder IIN $(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])'))"
cat >$W/rev.json <<J
{"bin":"230340123459","org_name":"Stranger LLP","short_name":"Stranger","region":"Almaty","city":"Almaty",
 "phone":"+77011234567","cert_serial":"$A","cert_issue_date":"$(TZ=Asia/Almaty date +%F)","reason":"key_compromise",
 "application_date":"$(TZ=Asia/Almaty date +%F)","head_full_name":"Stranger Head"}
J
as op application submit --ca NCA --form NCA-REVOKE-LEGAL --data $W/rev.json --json; rc=$?; say "stranger company's revocation application registered"; show $rc
[ $rc -eq 0 ] || { echo "HELD: refused at registration"; exit 1; }
R=$(jget id)
step "approved by off2" as off2 application approve $R
step "carried out by off1" as off1 certificate revoke --application $R
as aud certificate show $A; echo "   $(grep -iE 'status|reason' $W/out | tr '\n' ' ')"
grep -qi revoked $W/out && exit 0 || exit 1
