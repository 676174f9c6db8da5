#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# The OCSP responder and the CA after the CA's own certificate has ended (a 100-second certificate from ROOT). Exit 0.
NAME=ocsp-ca-ended; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
python3 $(dirname "$0")/mkshort.py $W/sub.csr $W/root.pem $W/root.p8 $W/ca.pass 100 $W/sub.pem || exit 1
as admin ca import-cert --code SUB --cert $W/sub.pem; show $?
END=$(openssl x509 -in $W/sub.pem -noout -enddate); echo "   $END"
ocsp_signer SUB >/dev/null || { cat $W/err; exit 1; }
CACHE_SECONDS=0 ocsp_start SUB || exit 1
# a certificate is needed to ask about: its serial is enough
say "before the end: $(ocspq $W/sub.pem -serial 0x0102)"
mkdir -p $W/pub
while [ $(date +%s) -le $(date -d "${END#notAfter=}" +%s) ]; do sleep 5; done; sleep 2
say "after SUB's certificate ended ($(date -u +%T)):"
openssl ocsp -issuer $W/sub.pem -serial 0x0102 -url $OCSP_URL -noverify -resp_text 2>&1 | grep -E 'Response Status|Produced|Cert Status|Next Update' | head -4 | sed 's/^/   /'
say "responder log: $(tail -1 $W/ocsp.log)"
as off1 crl publish --ca SUB --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as off1 ocsp init-signer --ca SUB --key-out $W/o2.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/o2.pem; show $?
exit 0
