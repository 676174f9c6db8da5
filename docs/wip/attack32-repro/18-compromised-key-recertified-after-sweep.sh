#!/usr/bin/env bash
# "A holder's key is … never certified again after a key compromise" lasts only as long as the certificate row:
# 6 years later the retention sweep deletes it and the very same compromised key is certified again (and the CA
# key / OCSP-signer "one key one use" check forgets it too). Time via faketime. Exit 0 = vulnerable.
NAME=kc-key-again; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr $W/a.key; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
step "A revoked for key_compromise" as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application
submit_approve >/dev/null; issue $APP $W/a.csr $W/x.pem; step "same key again now (refused: the rule)" true
F() { faketime "$1" "$CLI" --db "$DB" --lang en --as "$2" --password-file "$W/$2.pw" "${@:3}" >"$W/out" 2>"$W/err" </dev/null; }
mkdir -p $W/pub $W/arch; chmod 700 $W/arch
for y in 2028 2030 2032; do F "$y-12-10 12:00:00" off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; done
F "2032-12-10 12:05:00" admin retention sweep --archive-dir $W/arch; say "retention sweep in 2032"; show $?
IIN=$(newiin 77); write_app $W/late.json $IIN Kasymova Aliya; sed -i 's/"application_date":"[0-9-]*"/"application_date":"2032-12-10"/' $W/late.json
F "2032-12-10 12:10:00" op application submit --ca NCA --form NCA-ISSUE-IND --data $W/late.json --attachments identity_document_copy --consent --json; L=$(jget id)
F "2032-12-10 12:11:00" off2 application approve $L
openssl req -new -key $W/a.key -subj /CN=x -out $W/a2.csr 2>/dev/null
F "2032-12-10 12:12:00" off1 certificate issue --application $L --csr $W/a2.csr --out $W/again.pem --ca-passphrase-file $W/ca.pass; rc=$?
say "2032: the key compromised in 2026 certified again"; show $rc
[ $rc -eq 0 ] && cmp -s <(openssl x509 -in $W/a.pem -noout -pubkey) <(openssl x509 -in $W/again.pem -noout -pubkey) && { echo "   same public key: yes"; exit 0; }
exit 1
