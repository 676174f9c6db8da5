#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Validity vs the issuer's: ROOT with 1-year certificate certifies a 5y/10y subordinate; a subordinate whose certificate
# ends soon issues 1y/3y holder certificates; a Root with pointers vs without (CDP/AIA in the sub-CA certificate). Exit 0.
NAME=validity; . "$(dirname "$0")/common.sh"
staff >/dev/null || { cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
as admin ca add --code ROOT --name "Short Root" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem --validity-years 1; show $?
openssl x509 -in $W/root.pem -noout -dates
as admin ca add --code NCA --name "Sub Nat" --kind national; pointers NCA >/dev/null
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/nca.csr; show $?
for v in 10y; do
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Sub Nat","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"$v","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json; APP=$(jget id)
as off2 application approve $APP
as off1 certificate issue --application $APP --csr $W/nca.csr --out $W/nca.pem --ca-passphrase-file $W/ca.pass; rc=$?; echo "## ROOT(1y) issues sub-CA $v: rc=$rc $(head -c 300 $W/err $W/out | tr '\n' ' ')"
[ -f $W/nca.pem ] && openssl x509 -in $W/nca.pem -noout -dates -ext crlDistributionPoints,authorityInfoAccess
done
as admin ca import-cert --code NCA --cert $W/nca.pem; show $?
# holder 3y (legal entity, token) under the sub-CA
python3 - $W/legal.json $(newiin 702) $TODAY <<'PY'
import json,sys
json.dump({"bin":"230340123459","org_name":"ЖШС Альфа","short_name":"Альфа","iin":sys.argv[2],"surname":"Ғабитұлы","name":"Нұрсұлтан","role":"signer","region":"A","city":"B","email":"n@example.kz","phone":"+77011234567","usage":["sign"],"validity":"3y","key_media":"token","application_date":sys.argv[3]},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data $W/legal.json --attachments identity_document_copy,state_registration,power_of_attorney --consent --json; show $?; APP=$(jget id)
as off2 application approve $APP; mkcsr $W/l.csr
as off1 certificate issue --application $APP --csr $W/l.csr --out $W/l.pem --ca-passphrase-file $W/ca.pass; echo "## holder 3y under sub-CA ending $(openssl x509 -in $W/nca.pem -noout -enddate 2>/dev/null): rc=$? $(head -c 300 $W/err $W/out | tr '\n' ' ')"
[ -f $W/l.pem ] && openssl x509 -in $W/l.pem -noout -dates
exit 0
