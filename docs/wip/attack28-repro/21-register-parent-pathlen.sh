#!/usr/bin/env bash
# `ca import-cert` with the parent IN the register: the parent's pathLenConstraint is not checked.
# ROOT certifies NCA through ROOT-ISSUE (CA:TRUE, pathlen:0) and NCA's certificate is imported. A second
# subordinate SUB2's certificate signed with NCA's key (the administrator holds NCA's key file and passphrase)
# is imported with parent NCA (exit 0), and SUB2 issues; every certificate SUB2 issues fails chain validation
# ("path length constraint exceeded"). Exit 0 when it reproduces.
NAME=register-parent-pathlen; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code ROOT --name "Attack Root CA" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem || { show $?; exit 1; }
as admin ca add --code NCA --name "National CA" --kind national && pointers NCA >/dev/null
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/nca.csr || { show $?; exit 1; }
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"National CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$(TZ=Asia/Almaty date +%F)","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; exit 1; }
as off1 certificate issue --application $APP --csr $W/nca.csr --out $W/nca.pem --ca-passphrase-file $W/ca.pass || { show $?; exit 1; }
as admin ca import-cert --code NCA --cert $W/nca.pem || { show $?; exit 1; }
echo "== NCA's certificate: $(openssl x509 -in $W/nca.pem -noout -ext basicConstraints | tr '\n' ' ')"
as admin ca add --code SUB2 --name "Second Sub CA" --kind national && pointers SUB2 >/dev/null
as admin ca init --code SUB2 --key-algorithm p256 --key-out $W/sub2.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/sub2.csr || { show $?; exit 1; }
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >$W/ext.cnf
openssl x509 -req -in $W/sub2.csr -CA $W/nca.pem -CAkey $W/nca.p8 -passin file:$W/ca.pass -set_serial 0x5ab1 -days 730 \
    -sha256 -subj "/C=KZ/CN=Second Sub CA" -extfile $W/ext.cnf -out $W/sub2.pem 2>$W/ossl.err || { cat $W/ossl.err; exit 1; }
as admin ca import-cert --code SUB2 --cert $W/sub2.pem; rc=$?; show $rc
q "SELECT c.code, p.code FROM cas c LEFT JOIN cas p ON p.id = c.parent_id"
[ $rc -eq 0 ] || exit 1
submit_approve "" Kasymova SUB2 >/dev/null || exit 1
mkcsr $W/h.csr; issue $APP $W/h.csr $W/h.pem || { show $?; exit 1; }
cat $W/nca.pem $W/sub2.pem >$W/untrusted.pem
v=$(openssl verify -CAfile $W/root.pem -untrusted $W/untrusted.pem $W/h.pem 2>&1 | tr '\n' ' '); echo "== openssl verify holder: $v"
verify
case "$v" in *"path length constraint exceeded"*) echo "REPRODUCED"; exit 0;; esac
exit 1
