#!/usr/bin/env bash
# A subordinate CA certificate signed with the register ROOT's key outside Tirkeu (openssl) is imported and linked
# to ROOT as its parent, but ROOT has no record of issuing it: it is in no journal, ROOT cannot revoke it (so F6's
# "a CA whose certificate is revoked certifies nothing" can never apply), and SUB issues. Exit 0.
NAME=unrecorded-sub; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >$W/ext.cnf
openssl x509 -req -in $W/sub.csr -CA $W/root.pem -CAkey $W/root.p8 -passin file:$W/ca.pass -set_serial 0x5ab1 -days 800 \
    -sha256 -subj "/C=KZ/CN=Attack Sub CA" -extfile $W/ext.cnf -out $W/sub.pem 2>$W/ossl.err || { cat $W/ossl.err; exit 1; }
as admin ca import-cert --code SUB --cert $W/sub.pem; say "import of the out-of-band certificate"; show $?
sqlite3 $DB "SELECT 'cas: '||code||' parent_id='||parent_id FROM cas WHERE code='SUB'; SELECT 'ROOT certificates rows: '||count(*) FROM certificates c JOIN cas a ON a.id=c.ca_id WHERE a.code='ROOT'" | sed 's/^/   /'
as off1 certificate revoke --ca ROOT --serial 5AB1 --reason ca_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "ROOT revokes SUB's certificate (CA compromise): rc=$? $(head -c 200 $W/err)"
submit_approve "" Kasymova SUB >/dev/null; mkcsr $W/a.csr; as off1 certificate issue --application $APP --csr $W/a.csr --out $W/a.pem --ca-passphrase-file $W/ca.pass; say "SUB issues: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
mkdir -p $W/pub; as off1 crl publish --ca ROOT --out $W/pub --ca-passphrase-file $W/ca.pass >/dev/null; echo "   ROOT CRL: $(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
exit 0
