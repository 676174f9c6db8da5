#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# F8 re-test (s29 script 35) plus ocsp renew-signer: a subordinate CA whose certificate ends in 10 days (signed by the register's ROOT key with openssl, imported):
# does the OCSP signer (30 days) or a CRL nextUpdate outlive it? Exit 0.
NAME=f8-short-ca; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >$W/ext.cnf
openssl x509 -req -in $W/sub.csr -CA $W/root.pem -CAkey $W/root.p8 -passin file:$W/ca.pass -set_serial 0x5ab1 -days 10 \
    -sha256 -subj "/C=KZ/CN=Attack Sub CA" -extfile $W/ext.cnf -out $W/sub.pem 2>$W/ossl.err || { cat $W/ossl.err; exit 1; }
as admin ca import-cert --code SUB --cert $W/sub.pem; show $?
openssl x509 -in $W/sub.pem -noout -enddate
ocsp_signer SUB; show $?
[ -f $W/ocsp-SUB.pem ] && echo "   OCSP signer: $(openssl x509 -in $W/ocsp-SUB.pem -noout -enddate)"
[ -f $W/ocsp-SUB.pem ] && openssl verify -CAfile $W/root.pem -untrusted $W/sub.pem -attime $(( $(date +%s) + 20*86400 )) $W/ocsp-SUB.pem 2>&1 | tail -2 | sed 's/^/   verify at +20 days: /'
submit_approve "" Kasymova SUB >/dev/null; mkcsr $W/a.csr; as off1 certificate issue --application $APP --csr $W/a.csr --out $W/a.pem --ca-passphrase-file $W/ca.pass; echo "   holder 1y under it: rc=$? $(head -c 200 $W/err)"
mkdir -p $W/pub; as off1 crl publish --ca SUB --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as admin ca set --code SUB crl_period_hours=720; show $?
as off1 crl publish --ca SUB --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
[ -f $W/pub/SUB.crl ] && openssl crl -in $W/pub/SUB.crl -inform DER -noout -nextupdate
say "renew-signer (forced) under the 10-day CA:"
as off1 ocsp renew-signer --ca SUB --force --days 30 --ca-passphrase-file $W/ca.pass; show $?
exit 0
