#!/usr/bin/env bash
# tirkeu-ocsp with the signer certificate given as a file ([ca X] cert = FILE): after the signer's certificate is
# revoked for key compromise in the register, does the responder stop signing with it (as it does when it reads the
# signer from the register)? Restart too. Exit 0.
NAME=ocsp-cert-file; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
OS=$(openssl x509 -in $W/ocsp-NCA.pem -noout -serial | cut -d= -f2)
openssl x509 -in $W/ocsp-NCA.pem -noout -ext 1.3.6.1.5.5.7.48.1.5 2>/dev/null | head -2 | sed 's/^/   signer ext: /'
CACHE_SECONDS=0 OCSP_EXTRA="" ocsp_start NCA || exit 1; ocsp_stop
sed -i "s#^secret_file = .*#&\ncert = $W/ocsp-NCA.pem#" $W/ocsp.conf
rm -f $W/ocsp.port; "$OCSP" --config $W/ocsp.conf --port-file $W/ocsp.port >$W/ocsp.log 2>&1 & OCSP_PID=$!; trap 'ocsp_stop' EXIT
for _ in $(seq 50); do [ -s $W/ocsp.port ] && break; sleep 0.2; done; OCSP_URL=http://127.0.0.1:$(cat $W/ocsp.port)
say "config: $(grep -A3 '\[ca NCA\]' $W/ocsp.conf | tr '\n' ' ')"
say "before: $(ocspq $W/nca.pem $W/a.pem)"
as off1 certificate revoke --ca NCA --serial $OS --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "signer certificate $OS revoked (key_compromise)"; show $?
sleep 2; say "after: $(ocspq $W/nca.pem $W/a.pem)"
kill -HUP $OCSP_PID; sleep 1; say "after SIGHUP (reload signers): $(ocspq $W/nca.pem $W/a.pem)"
ocsp_stop; rm -f $W/ocsp.port
"$OCSP" --config $W/ocsp.conf --port-file $W/ocsp.port >$W/ocsp.log 2>&1 & OCSP_PID=$!
for _ in $(seq 50); do [ -s $W/ocsp.port ] && break; sleep 0.2; done; OCSP_URL=http://127.0.0.1:$(cat $W/ocsp.port 2>/dev/null)
say "restarted: $(head -c 300 $W/ocsp.log | tr '\n' ' ') -> $(ocspq $W/nca.pem $W/a.pem)"
openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -url $OCSP_URL -noverify -resp_text 2>&1 | grep -E 'Serial Number: '$OS | head -1 | sed 's/^/   response carries the revoked signer: /'
exit 0
