#!/usr/bin/env bash
# The holder's electronic revocation application is accepted when signed (CMS) with an AUTHENTICATION certificate
# (keyUsage digitalSignature+keyEncipherment, EKU clientAuth — not a signing/EDS key), and with SHA-1 as the digest.
# Exit 0 = vulnerable.
NAME=signed-auth-sha1; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
IIN=$(newiin 21); d=$(TZ=Asia/Almaty date +%F)
write_app $W/auth.json $IIN Kasymova Aliya; sed -i 's/"usage":\["sign"\]/"usage":["auth"]/' $W/auth.json
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/auth.json --attachments identity_document_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP >/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout $W/auth.key -subj /CN=x -out $W/auth.csr 2>/dev/null
issue $APP $W/auth.csr $W/auth.pem; AUTH=$SERIAL
echo "   signer: $(openssl x509 -in $W/auth.pem -noout -ext keyUsage,extendedKeyUsage | tr -s ' \n' ' ')"
write_app $W/sign.json $IIN Kasymova Aliya
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/sign.json --attachments identity_document_copy --consent --json >/dev/null; APP=$(jget id); as off2 application approve $APP >/dev/null
mkcsr $W/sign.csr; issue $APP $W/sign.csr $W/sign.pem; SIGN=$SERIAL
cat > $W/req.json <<J
{"form":"NCA-REVOKE-IND","data":{"iin":"$IIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567",
 "cert_serial":"$SIGN","cert_issue_date":"$d","reason":"key_compromise","application_date":"$d"}}
J
openssl cms -sign -binary -nodetach -md sha1 -signer $W/auth.pem -inkey $W/auth.key -in $W/req.json -outform DER -out $W/req.p7s 2>/dev/null
echo "   CMS digest: $(openssl cms -cmsout -print -inform DER -in $W/req.p7s | grep -A1 digestAlgorithm | grep algorithm | head -1 | tr -s ' ')"
step "revocation of the signing certificate, signed by the authentication key with SHA-1" as off1 certificate revoke --signed-request $W/req.p7s --ca NCA
