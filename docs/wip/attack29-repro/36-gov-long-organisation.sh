#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# GOV-ISSUE: the person's organisation becomes the certificate's O; is its length held to ub-organization-name (64)?
NAME=gov-long-o; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code GOV --name "Gov Test CA" --kind government >/dev/null; pointers GOV >/dev/null
as admin ca init --code GOV --key-algorithm p256 --key-out $W/gov.p8 --passphrase-file $W/ca.pass --cert-out $W/gov-ca.pem >/dev/null || { show $?; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
python3 - $W/gov.json $(newiin 1201) $TODAY <<'PY'
import json,sys
org=("Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті "*3)[:200]
p={"surname":"Сейітқали","name":"Бауыржан","iin":sys.argv[2],"id_doc_number":"012345678","id_doc_issued_by":"ҚР ІІМ","id_doc_issue_date":"2020-01-10","country":"Қазақстан","region":"Астана","organisation":org,"position":"бас сарапшы","usage":["edms"],"validity":"1y","key_media":"file","application_date":sys.argv[3]}
json.dump({"org_name":"Қаржы министрлігі","letter_no":"№ 1","letter_date":sys.argv[3],"head_full_name":"Министр","persons":[p]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca GOV --form GOV-ISSUE --data $W/gov.json --attachments identity_document_copy --consent --json; echo "submit rc=$? $(head -c 200 $W/err)"
APP=$(jget id); as off2 application approve $APP
echo "p12-Password-2026" >$W/p12.pw; chmod 600 $W/p12.pw
as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/g.p12 --pkcs12-password-file $W/p12.pw --media-serial "ТК-1" \
   --recipient-name "Жұмабаев Ержан" --recipient-position "бас маман" --recipient-order "№ 17-ө" --recipient-order-date $TODAY --out $W/g.pem --ca-passphrase-file $W/ca.pass
echo "issue rc=$? $(head -c 300 $W/err $W/out | tr '\n' ' ')"
[ -f $W/g.pem ] && python3 -c "
from cryptography import x509; from cryptography.x509.oid import NameOID
c=x509.load_pem_x509_certificate(open('$W/g.pem','rb').read())
for a in c.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME): print('O length', len(a.value), a.value)"
exit 0
