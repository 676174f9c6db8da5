#!/usr/bin/env bash
# certificate issue for a ROOT-ISSUE application: the subject is composed from the subordinate CA of that name
# registered here — but the key comes from whatever CSR is given. A second ROOT-ISSUE application naming the
# register's own national CA ("National CA"), or the Root CA itself, with a stranger's CSR: is it issued?
NAME=root-issue-name; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code ROOT --name "Attack Root CA" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem || { show $?; exit 1; }
as admin ca add --code NCA --name "National CA" --kind national && pointers NCA >/dev/null
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/nca.csr || { show $?; exit 1; }
root_app() { # CA_NAME -> APP (registered by op, approved by off2)
    cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"$1","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$(TZ=Asia/Almaty date +%F)","head_full_name":"Head Person"}
J
    as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; return 1; }
    APP=$(jget id)
    as off2 application approve $APP || { show $?; return 1; }
}
say "1. the normal path: ROOT-ISSUE for 'National CA' with NCA's own request, then import"
root_app "National CA"
as off1 certificate issue --application $APP --csr $W/nca.csr --out $W/nca.pem --ca-passphrase-file $W/ca.pass; show $?
as admin ca import-cert --code NCA --cert $W/nca.pem; show $?
say "2. a stranger's key: a second ROOT-ISSUE application naming 'National CA' (already certified)"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/stranger.key -subj "/CN=whatever" -out $W/stranger.csr 2>/dev/null
root_app "National CA"
as off1 certificate issue --application $APP --csr $W/stranger.csr --out $W/stranger-as-nca.pem --ca-passphrase-file $W/ca.pass; show $?
[ -f $W/stranger-as-nca.pem ] && openssl x509 -in $W/stranger-as-nca.pem -noout -subject -issuer -ext basicConstraints
say "3. a stranger's key named as the Root CA itself ('Attack Root CA')"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/stranger2.key -subj "/CN=whatever" -out $W/stranger2.csr 2>/dev/null
root_app "Attack Root CA"
as off1 certificate issue --application $APP --csr $W/stranger2.csr --out $W/stranger-as-root.pem --ca-passphrase-file $W/ca.pass; show $?
[ -f $W/stranger-as-root.pem ] && openssl x509 -in $W/stranger-as-root.pem -noout -subject -issuer -ext basicConstraints
if [ -f $W/stranger-as-nca.pem ]; then
  say "4. the stranger now signs a certificate 'issued by National CA' that chains to ROOT"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/victim.key -subj "/C=KZ/serialNumber=IIN900101300017/CN=FAKE HOLDER" -out $W/victim.csr 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' > $W/ext.cnf
  openssl x509 -req -in $W/victim.csr -CA $W/stranger-as-nca.pem -CAkey $W/stranger.key -CAcreateserial -days 30 -extfile $W/ext.cnf -out $W/fake.pem 2>/dev/null
  openssl x509 -in $W/fake.pem -noout -subject -issuer
  echo "   openssl verify (ROOT trusted, stranger's CA cert untrusted): $(openssl verify -CAfile $W/root.pem -untrusted $W/stranger-as-nca.pem $W/fake.pem 2>&1 | tr '\n' ' ')"
  echo "   genuine NCA certificate subject: $(openssl x509 -in $W/nca.pem -noout -subject)"
fi
verify
