#!/usr/bin/env bash
# certificate revoke --signed-request: the holder's signed JSON is parsed with QJsonDocument::fromJson, not the
# StrictJson reader `application submit --data` uses (which refuses a key given twice). A signed application
# that says "reason": "unspecified" and then "reason": "key_compromise" (and serial A, then serial B) is acted on
# with the values read last — the signed legal document reads two ways.
NAME=signed-dup; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
IIN=$(newiin 21)
submit_approve $IIN >/dev/null; mkcsr $W/h1.csr $W/h1.key; issue $APP $W/h1.csr $W/h1.pem; S1=$SERIAL
submit_approve $IIN >/dev/null; mkcsr $W/h2.csr $W/h2.key; issue $APP $W/h2.csr $W/h2.pem; S2=$SERIAL
echo "   holder $IIN: certificates $S1 and $S2"
D=$(TZ=Asia/Almaty date +%F)
cat >$W/req.json <<J
{"form":"NCA-REVOKE-IND","data":{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567",
 "cert_serial":"$S1","cert_issue_date":"$D","reason":"unspecified","application_date":"$D",
 "cert_serial":"$S2","reason":"key_compromise"}}
J
openssl cms -sign -signer $W/h1.pem -inkey $W/h1.key -in $W/req.json -binary -nodetach -outform DER -out $W/req.p7s 2>/dev/null
as off1 certificate revoke --signed-request $W/req.p7s --json; show $?
echo "   python json (last wins) reads: $(python3 -c "import json;d=json.load(open('$W/req.json'))['data'];print(d['cert_serial'],d['reason'])")"
say "the same data object as --data of an application (StrictJson):"
python3 - $W/req.json $W/data.json <<'PY'
import sys, re
t = open(sys.argv[1]).read()
open(sys.argv[2], 'w').write(t[t.index('"data":') + 7: t.rindex('}')])
PY
as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/data.json; show $?
say "register after the signed request"
q "select id, form_code, status from applications where form_code like 'NCA-REVOKE%'"
q "select serial, status from certificates"
q "select serial, reason_code from revocations"
