#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Issue every profile (subordinate CAs, individual sign+auth, legal entity, government employee, OCSP signer), publish
# full/delta/partitioned CRLs, fetch an OCSP response; leaves everything in $W for the validator script 31. Exit 0.
NAME=conformance; . "$(dirname "$0")/common.sh"
staff >/dev/null || { cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
as admin ca add --code ROOT --name "Қазақстан Түбірлік КО" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm rsa3072 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem --validity-years 10 || { show $?; exit 1; }
for c in NCA:national:"Ұлттық куәландырушы орталық (RSA)" GOV:government:"Мемлекеттік органдардың КО"; do
  code=${c%%:*}; rest=${c#*:}; kind=${rest%%:*}; nm=${rest#*:}
  as admin ca add --code $code --name "$nm" --kind $kind || { show $?; exit 1; }
  pointers $code >/dev/null || exit 1
  as admin ca init --code $code --key-algorithm p256 --key-out $W/$code.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/$code.csr || { show $?; exit 1; }
  python3 - $W/ra-$code.json "$nm" $TODAY <<'PY'
import json,sys
json.dump({"country":"KZ","region":"Астана","city":"Астана","org_name":"АҚ Ұлттық ақпараттық технологиялар","ca_name":sys.argv[2],"email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":sys.argv[3],"head_full_name":"Бас Басшы"},open(sys.argv[1],"w"),ensure_ascii=False)
PY
  as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra-$code.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
  APP=$(jget id); as off2 application approve $APP || { show $?; exit 1; }
  as off1 certificate issue --application $APP --csr $W/$code.csr --out $W/$code.pem --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
  as admin ca import-cert --code $code --cert $W/$code.pem || { show $?; exit 1; }
done
echo "CAs ok"
# individual sign+auth
python3 - $W/ind.json $(newiin 601) $TODAY <<'PY'
import json,sys
json.dump({"iin":sys.argv[2],"surname":"Өтемісұлы-Жұмағалиева","name":"Әйгерім","patronymic":"Қайратқызы","region":"Алматы","city":"Қонаев","email":"aigerim@example.kz","phone":"+77011234567","usage":["sign","auth"],"validity":"1y","key_media":"file","application_date":sys.argv[3]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/ind.json --attachments identity_document_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
mkcsr $W/ind.csr; mkcsr $W/ind-auth.csr
as off1 certificate issue --application $APP --csr $W/ind.csr --auth-csr $W/ind-auth.csr --out $W/ind.pem --auth-out $W/ind-auth.pem --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
echo "individual ok"
# legal entity
python3 - $W/legal.json $(newiin 602) $TODAY <<'PY'
import json,sys
json.dump({"bin":"230340123459","org_name":"«Алтын Сапа Құрылыс» жауапкершілігі шектеулі серіктестігі","short_name":"«Алтын Сапа Құрылыс» ЖШС","iin":sys.argv[2],"surname":"Ғабитұлы","name":"Нұрсұлтан","role":"signer","region":"Алматы","city":"Алматы","email":"n@example.kz","phone":"+77011234567","usage":["sign","auth"],"validity":"1y","key_media":"file","application_date":sys.argv[3]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data $W/legal.json --attachments identity_document_copy,state_registration,power_of_attorney --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
mkcsr $W/leg.csr; mkcsr $W/leg-auth.csr
as off1 certificate issue --application $APP --csr $W/leg.csr --auth-csr $W/leg-auth.csr --out $W/leg.pem --auth-out $W/leg-auth.pem --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
echo "legal ok"
# government employee
python3 - $W/gov.json $(newiin 603) $TODAY <<'PY'
import json,sys
p={"surname":"Сейітқали","name":"Бауыржан","patronymic":"Ерланұлы","iin":sys.argv[2],"id_doc_number":"012345678","id_doc_issued_by":"ҚР ІІМ","id_doc_issue_date":"2020-01-10","country":"Қазақстан","region":"Астана","organisation":"Қаржы министрлігі","position":"бас сарапшы","usage":["edms"],"validity":"1y","key_media":"token","application_date":sys.argv[3],"email":"b@example.kz"}
json.dump({"org_name":"Қазақстан Республикасы Қаржы министрлігі","letter_no":"№ 01-12/345","letter_date":sys.argv[3],"head_full_name":"Министр Министрұлы","persons":[p]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca GOV --form GOV-ISSUE --data $W/gov.json --attachments identity_document_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
echo "p12-Password-2026" >$W/p12.pw; chmod 600 $W/p12.pw
as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/gov.p12 --pkcs12-password-file $W/p12.pw --media-serial "ТК-000123" \
   --recipient-name "Жұмабаев Ержан" --recipient-position "бас маман" --recipient-order "№ 17-ө" --recipient-order-date $TODAY --out $W/gov.pem --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
echo "gov ok"
# OCSP signers
echo "ocsp-Passphrase-2026-xyz" >$W/ocsp.pass; chmod 600 $W/ocsp.pass
for c in NCA GOV; do as off1 ocsp init-signer --ca $c --key-out $W/ocsp-$c.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/ocsp-$c.pem || { show $?; exit 1; }; done
echo "ocsp signers ok"
# revoke one, CRLs
S=$(openssl x509 -in $W/ind-auth.pem -noout -serial | cut -d= -f2)
as off1 certificate revoke --ca NCA --serial $S --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass || show $?
mkdir -p $W/crl $W/crlp
as off1 crl publish --ca NCA --out $W/crl --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
S2=$(openssl x509 -in $W/leg.pem -noout -serial | cut -d= -f2)
as off1 certificate revoke --ca NCA --serial $S2 --reason certificate_hold --basis holder_application --ca-passphrase-file $W/ca.pass || show $?
as off1 crl publish --ca NCA --out $W/crl --delta --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
as off1 crl publish --ca ROOT --out $W/crl --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
as admin ca set --code GOV crl_partition=serial-range:4 crl_partition_min_bytes=0 || show $?
S3=$(openssl x509 -in $W/gov.pem -noout -serial | cut -d= -f2)
as off1 certificate revoke --ca GOV --serial $S3 --reason superseded --basis holder_application --ca-passphrase-file $W/ca.pass || show $?
as off1 crl publish --ca GOV --out $W/crlp --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }
cp $W/out $W/crlp.json
ls -la $W/crl $W/crlp
exit 0
