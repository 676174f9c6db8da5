#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# F2 fix gap: GOV issuance with U+202E in --recipient-name / --recipient-order (the media serial is now checked), then the issuance journal (PDF) and the CSV. Exit 0.
NAME=bidi-gov-recipient; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
RLO=$'\u202e'
as admin ca add --code GOV --name "Gov Test CA" --kind government >/dev/null; pointers GOV >/dev/null
as admin ca init --code GOV --key-algorithm p256 --key-out $W/gov.p8 --passphrase-file $W/ca.pass --cert-out $W/gov-ca.pem >/dev/null || { show $?; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
python3 - $W/gov.json $(newiin 1301) $TODAY <<'PY'
import json,sys
p={"surname":"Сейітқали","name":"Бауыржан","iin":sys.argv[2],"id_doc_number":"012345678","id_doc_issued_by":"ҚР ІІМ","id_doc_issue_date":"2020-01-10","country":"Қазақстан","region":"Астана","organisation":"Қаржы министрлігі","position":"бас сарапшы","usage":["edms"],"validity":"1y","key_media":"file","application_date":sys.argv[3]}
json.dump({"org_name":"Қаржы министрлігі","letter_no":"№ 1","letter_date":sys.argv[3],"head_full_name":"Министр","persons":[p]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca GOV --form GOV-ISSUE --data $W/gov.json --attachments identity_document_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
echo "p12-Password-2026" >$W/p12.pw; chmod 600 $W/p12.pw
as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/g.p12 --pkcs12-password-file $W/p12.pw --media-serial "ТК-1234" \
   --recipient-name "Жұмабаев ${RLO}Ержан" --recipient-position "бас маман" --recipient-order "№ 17${RLO}-ө" --recipient-order-date $TODAY --out $W/g.pem --ca-passphrase-file $W/ca.pass
echo "## issue with RLO in media serial / recipient: rc=$? $(head -c 300 $W/err $W/out | tr '\n' ' ')"
as aud report issuance-journal --ca GOV --format pdf --out $W/ij.pdf; show $?
[ -f $W/ij.pdf ] && pdftotext -layout $W/ij.pdf - | grep -E 'ТК|Ержан|назрЕ|17' | head -6
as aud report issuance-journal --ca GOV --format csv --out $W/ij.csv; show $?
[ -f $W/ij.csv ] && grep -a "Ержан" $W/ij.csv | od -c | grep -m3 -E "342 200 256" | head -3
exit 0
