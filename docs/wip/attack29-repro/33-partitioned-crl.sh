#!/usr/bin/env bash
# Partitioned CRLs (run 30 first; GOV has crl_partition=serial-range:4): a certificate issued after the setting, its
# CDP vs the partition CRL's issuingDistributionPoint, validated by openssl with CRL checking. Exit 0.
NAME=conformance; KEEP=1
set -u; export LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; W=/work/attack29/work/conformance; DB=$W/register.sqlite
export HOME=$W/home
as() { local who=$1; shift; "$CLI" --db "$DB" --lang en --as "$who" --password-file "$W/$who.pw" "$@" >"$W/out" 2>"$W/err" </dev/null; }
jget() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$W/out" "$1" 2>/dev/null; }
TODAY=$(TZ=Asia/Almaty date +%F)
python3 - $W/gov2.json $TODAY <<'PY'
import json,sys
p={"surname":"Нұрланова","name":"Дана","iin":"900701300108","id_doc_number":"012345679","id_doc_issued_by":"ҚР ІІМ","id_doc_issue_date":"2020-01-10","country":"Қазақстан","region":"Астана","organisation":"Қаржы министрлігі","position":"сарапшы","usage":["edms"],"validity":"1y","key_media":"file","application_date":sys.argv[2]}
json.dump({"org_name":"Қаржы министрлігі","letter_no":"№ 2","letter_date":sys.argv[2],"head_full_name":"Министр","persons":[p]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca GOV --form GOV-ISSUE --data $W/gov2.json --attachments identity_document_copy --consent --json || { cat $W/err; exit 1; }
APP=$(jget id); as off2 application approve $APP
rm -f $W/gov2.p12 $W/gov2.pem
as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/gov2.p12 --pkcs12-password-file $W/p12.pw --media-serial "ТК-2" \
   --recipient-name "Жұмабаев Ержан" --recipient-position "бас маман" --recipient-order "№ 17-ө" --recipient-order-date $TODAY --out $W/gov2.pem --ca-passphrase-file $W/ca.pass || { cat $W/err; exit 1; }
openssl x509 -in $W/gov2.pem -noout -serial -ext crlDistributionPoints,freshestCRL
S=$(openssl x509 -in $W/gov2.pem -noout -serial | cut -d= -f2)
as off1 certificate revoke --ca GOV --serial $S --reason superseded --basis holder_application --ca-passphrase-file $W/ca.pass; cat $W/err
rm -rf $W/crlp2; mkdir -p $W/crlp2; as off1 crl publish --ca GOV --out $W/crlp2 --ca-passphrase-file $W/ca.pass --new-folder --json; head -c 1500 $W/out; cat $W/err
ls $W/crlp2
for f in $W/crlp2/*.crl; do echo "== $f"; openssl crl -in $f -inform DER -noout -text | grep -E 'CRL Number|Issuing Distribution|URI|Only|Serial Number|Last|Next' ; done
P=$(ls $W/crlp2/*.crl.pem | grep -v 'GOV.crl.pem' | head -1)
for p in $W/crlp2/*.crl.pem; do echo "openssl verify -crl_check gov2 with $(basename $p): $(openssl verify -crl_check -CAfile $W/root.pem -untrusted $W/GOV.pem -CRLfile $p $W/gov2.pem 2>&1 | tail -1)"; done
