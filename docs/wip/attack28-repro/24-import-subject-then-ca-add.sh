#!/usr/bin/env bash
# "Each CA's name is its own (it names the issuer of every certificate and CRL)": `ca import-cert` takes a
# certificate whose subject is not the CA's own name (any name no CA has *yet*), and `ca add` compares a new
# name with the CAs' names only, not with the subjects of their certificates. SUB ("Attack Sub CA") imports a
# certificate signed by ROOT for "C=KZ, CN=Shadow CA"; then `ca add --name "Shadow CA"` and `ca init` are
# accepted: two CAs of the register issue under one issuer name. Exit 0 when it reproduces.
NAME=import-subject; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || exit 1
python3 "$(dirname "$0")/mkcert.py" --subject-key $W/sub.p8 --issuer-key $W/root.p8 --issuer-cert $W/root.pem \
    --subject "CN=Shadow CA,C=KZ" --pathlen 0 --ku keyCertSign,cRLSign --days-after 1000 --out $W/sub.pem || exit 1
as admin ca import-cert --code SUB --cert $W/sub.pem; show $?; [ -s $W/err ] && exit 1
echo "== SUB is registered as: $(q "SELECT code, name FROM cas WHERE code='SUB'") ; its certificate's subject: $(openssl x509 -in $W/sub.pem -noout -subject)"
as admin ca add --code SH --name "Shadow CA" --kind national; rc1=$?; show $rc1
pointers SH >/dev/null 2>&1
as admin ca init --code SH --key-algorithm p256 --key-out $W/sh.p8 --passphrase-file $W/ca.pass --cert-out $W/sh.pem; rc2=$?; show $rc2
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] || exit 1
submit_approve "" Kasymova SUB >/dev/null && mkcsr $W/h1.csr && issue $APP $W/h1.csr $W/h1.pem
submit_approve "" Bekova SH >/dev/null && mkcsr $W/h2.csr && issue $APP $W/h2.csr $W/h2.pem
echo "== holder of SUB: $(openssl x509 -in $W/h1.pem -noout -issuer)"
echo "== holder of SH:  $(openssl x509 -in $W/h2.pem -noout -issuer)"
verify
i1=$(openssl x509 -in $W/h1.pem -noout -issuer); i2=$(openssl x509 -in $W/h2.pem -noout -issuer)
[ "$i1" = "$i2" ] && { echo "REPRODUCED: two CAs issue as '$i1'"; exit 0; }
exit 1
