#!/usr/bin/env bash
# F6 follow-up: after ROOT revokes SUB's certificate for ca_compromise, can SUB's (compromised) key be certified
# again — (1) a ROOT-ISSUE "renewal" through the register, (2) a certificate signed out of band with ROOT's key —
# and does SUB then issue again? Also: hold then release of SUB's certificate. Exit 0.
NAME=f6-recertify; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
rootissue() { # -> APP approved
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; return 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; return 1; }
}
rootissue || exit 1
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; SUBSER=$(jget serial)
openssl x509 -in $W/sub.pem -noout -ext basicConstraints | tr '\n' ' '; echo
as admin ca import-cert --code SUB --cert $W/sub.pem || { show $?; exit 1; }
submit_approve "" Kasymova SUB >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; say "holder A under SUB: $SERIAL"
ocsp_signer SUB >/dev/null || { cat $W/err; exit 1; }
as off1 certificate revoke --ca ROOT --serial $SUBSER --reason ca_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "SUB revoked at ROOT (ca_compromise)"; show $?
submit_approve "" Seitkali SUB >/dev/null; mkcsr $W/b.csr
as off1 certificate issue --application $APP --csr $W/b.csr --out $W/b.pem --ca-passphrase-file $W/ca.pass; say "issue under revoked SUB (expected refusal)"; show $?
HOLDAPP=$APP
as off1 ocsp renew-signer --ca SUB --force --ca-passphrase-file $W/ca.pass; say "ocsp renew-signer --force under revoked SUB"; show $?
mkdir -p $W/batch $W/batchout; cp $W/b.csr $W/batch/$HOLDAPP.csr
as off1 certificate issue-batch --dir $W/batch --out $W/batchout --ca-passphrase-file $W/ca.pass; say "issue-batch under revoked SUB"; show $?
say "(1) ROOT-ISSUE renewal for SUB's compromised key"
openssl req -new -key $W/sub.p8 -passin file:$W/ca.pass -subj "/C=KZ/CN=Attack Sub CA" -out $W/sub2.csr 2>&1 | head -2
rootissue && as off1 certificate issue --application $APP --csr $W/sub2.csr --out $W/sub2.pem --ca-passphrase-file $W/ca.pass --json; show $?
if [ -s $W/sub2.pem ]; then
  as admin ca import-cert --code SUB --cert $W/sub2.pem; say "import the re-certified compromised key"; show $?
  as off1 certificate issue --application $HOLDAPP --csr $W/b.csr --out $W/b.pem --ca-passphrase-file $W/ca.pass; say "issue under re-certified SUB"; show $?
fi
say "(2) certificate for SUB's compromised key signed out of band with ROOT's key, then import-cert"
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >$W/ext.cnf
openssl x509 -req -in $W/sub.csr -CA $W/root.pem -CAkey $W/root.p8 -passin file:$W/ca.pass -set_serial 0x5ab1 -days 300 \
    -sha256 -subj "/C=KZ/CN=Attack Sub CA" -extfile $W/ext.cnf -out $W/sub3.pem 2>$W/ossl.err || cat $W/ossl.err
as admin ca import-cert --code SUB --cert $W/sub3.pem; show $?
as off1 certificate issue --application $HOLDAPP --csr $W/b.csr --out $W/b.pem --ca-passphrase-file $W/ca.pass; say "issue under SUB (out-of-band cert)"; show $?
as aud audit verify; show $?
exit 0
