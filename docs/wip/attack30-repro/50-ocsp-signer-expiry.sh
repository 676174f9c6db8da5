#!/usr/bin/env bash
# The OCSP signer certificate ends while tirkeu-ocsp runs (libfaketime: the responder's clock is started 20 s
# before the signer's notAfter). What does it answer before and after? Exit 0.
NAME=ocsp-expiry; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
END=$(date -d "$(openssl x509 -in $W/ocsp-NCA.pem -noout -enddate | cut -d= -f2)" +%s)
say "signer notAfter: $(openssl x509 -in $W/ocsp-NCA.pem -noout -enddate)"
OFF=$(( END - $(date +%s) - 20 ))
export FAKETIME="+${OFF}s" LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME_DONT_FAKE_MONOTONIC=1
CACHE_SECONDS=${CACHE:-300} ocsp_start NCA || exit 1
unset LD_PRELOAD FAKETIME
q() { openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -url $OCSP_URL -noverify -resp_text 2>&1 | grep -E 'Response Status|Cert Status|This Update|Next Update|Produced|Error' | tr -s ' ' | tr '\n' ' '; }
say "t0 (signer valid 20 s more): $(q)"
sleep 25
say "t0+25 s (signer ended 5 s ago): $(q)"
openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -url $OCSP_URL -respout $W/resp.der -noverify >/dev/null 2>&1
openssl ocsp -respin $W/resp.der -CAfile $W/nca.pem -attime $((END + 5)) -issuer $W/nca.pem -cert $W/a.pem 2>&1 | head -3 | sed 's/^/   openssl verify at that time: /'
sleep 65
say "t0+90 s (after the responder's once-a-minute signer reload): $(q)"
say "responder log: $(tail -5 $W/ocsp.log | tr '\n' ' ' | cut -c1-600)"
exit 0
