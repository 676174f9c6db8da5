#!/usr/bin/env bash
# A15 addendum: [ca X] cert = FILE with a signer certificate that has ended (libfaketime: the responder's clock 31
# days ahead, past the 30-day signer). Does tirkeu-ocsp start and sign with it? Control: the same without cert=. Exit 0.
NAME=ocsp-cert-file-expired; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
say "signer: $(openssl x509 -in $W/ocsp-NCA.pem -noout -enddate)"
run() { rm -f $W/ocsp.port; FAKETIME="+31d" LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
        "$OCSP" --config $W/ocsp.conf --port-file $W/ocsp.port >$W/ocsp.log 2>&1 & OCSP_PID=$!
        for _ in $(seq 40); do [ -s $W/ocsp.port ] && break; sleep 0.2; done
        if [ -s $W/ocsp.port ]; then OCSP_URL=http://127.0.0.1:$(cat $W/ocsp.port); echo "started -> $(ocspq $W/nca.pem $W/a.pem) $(openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -url $OCSP_URL -noverify -resp_text 2>&1 | grep -m1 'Produced At')"
        else echo "did not start: $(head -c 250 $W/ocsp.log)"; fi; ocsp_stop; }
CACHE_SECONDS=0 ocsp_start NCA >/dev/null; ocsp_stop
say "control (signer from the register), clock +31 days: $(run)"
sed -i "s#^secret_file = .*#&\ncert = $W/ocsp-NCA.pem#" $W/ocsp.conf
say "cert = FILE, clock +31 days: $(run)"
exit 0
