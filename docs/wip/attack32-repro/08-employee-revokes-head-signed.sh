#!/usr/bin/env bash
# NCA-REVOKE-LEGAL (seed 002 App. 3, App. 5: signed by the HEAD, with the seal) sent electronically: any employee's
# legal-entity certificate of the same BIN signs it, and the first head's certificate is revoked at once (one officer,
# no approval). Exit 0 = vulnerable.
NAME=employee-revokes-head; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
BIN=230340123459
legal_app $W/h.json $(newiin 11) Bekova first_head $BIN; legal_submit_approve $W/h.json >/dev/null || exit 1
mkcsr $W/h.csr $W/h.key; issue $APP $W/h.csr $W/h.pem; H=$SERIAL; say "first head's certificate $H"
legal_app $W/e.json $(newiin 12) Ospanova employee $BIN; legal_submit_approve $W/e.json >/dev/null || exit 1
mkcsr $W/e.csr $W/e.key; issue $APP $W/e.csr $W/e.pem; E=$SERIAL; say "an employee's certificate $E (role employee)"
d=$(TZ=Asia/Almaty date +%F)
cat > $W/req.json <<J
{"form":"NCA-REVOKE-LEGAL","data":{"bin":"$BIN","org_name":"Tengri Trade LLP","short_name":"Tengri Trade","region":"Almaty",
 "city":"Almaty","phone":"+77011234567","cert_serial":"$H","cert_issue_date":"$d","reason":"key_compromise",
 "application_date":"$d","head_full_name":"Bekova Aliya"}}
J
openssl cms -sign -binary -nodetach -signer $W/e.pem -inkey $W/e.key -in $W/req.json -outform DER -out $W/req.p7s 2>/dev/null
step "employee-signed revocation of the head's certificate" as off1 certificate revoke --signed-request $W/req.p7s --ca NCA
rc=$?
as aud certificate show $H; echo "   head's certificate: $(grep -iE '^(status|reason)' $W/out | tr -s ' \n' ' ')"
[ $rc -eq 0 ] && exit 0 || exit 1
