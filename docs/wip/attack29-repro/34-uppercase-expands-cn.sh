#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# The 64-character CN limit is checked on the typed name; the certificate carries the name in upper case, and some
# letters grow when upper-cased (ﬃ -> FFI, ß -> SS). Exit 0.
NAME=upper-cn; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
n=0
for pair in "'\ufb03'*31|'\ufb03'*32" "'ß'*31|'ß'*32" "'Қасымова'|'ﬀ'*20"; do
  n=$((n+1)); s=${pair%%|*}; g=${pair##*|}
  python3 - $W/u$n.json $(newiin $((800+n))) "$s" "$g" $TODAY <<'PY'
import json,sys
f,iin,s,g,d=sys.argv[1:6]
json.dump({"iin":iin,"surname":eval(s),"name":eval(g),"region":"A","city":"B","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":d},open(f,"w"),ensure_ascii=False)
PY
  as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/u$n.json --attachments identity_document_copy --consent --json; rc=$?
  if [ $rc != 0 ]; then echo "## $pair: submit rc=$rc $(head -c 200 $W/err)"; continue; fi
  APP=$(jget id); as off2 application approve $APP; mkcsr $W/u$n.csr
  as off1 certificate issue --application $APP --csr $W/u$n.csr --out $W/u$n.pem --ca-passphrase-file $W/ca.pass; rc=$?
  echo "## $pair: issue rc=$rc $(head -c 200 $W/err)"
  [ -f $W/u$n.pem ] && python3 - $W/u$n.pem <<'PY'
import sys
from cryptography import x509
from cryptography.x509.oid import NameOID
c=x509.load_pem_x509_certificate(open(sys.argv[1],'rb').read())
for oid in (NameOID.COMMON_NAME, NameOID.SURNAME, NameOID.GIVEN_NAME):
    for a in c.subject.get_attributes_for_oid(oid): print('   ', oid._name, len(a.value), 'chars:', a.value[:70])
PY
  [ -f $W/u$n.pem ] && echo "   certtool: $(certtool -i --infile $W/u$n.pem 2>&1 | grep -iE 'error|warn|Subject:' | head -2 | tr '\n' ' ')"
done
exit 0
