#!/usr/bin/env bash
# RFC 8954 2.1: a responder MUST reject (malformedRequest) a nonce shorter than 1 or longer than 128 octets.
# tirkeu-ocsp echoes any nonce (0 bytes, 129 bytes, 1000 bytes) in a signed "successful" response. Exit 0 = vulnerable.
NAME=ocsp-nonce; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
ocsp_signer NCA >/dev/null; ocsp_start NCA
bad=0
for n in 0 1 16 32 33 128 129 1000; do
  python3 $(dirname "$0")/lib/ocspreq.py $W/a.pem $W/nca.pem $W/req$n.der --nonce-len $n
  curl -s -o $W/resp$n.der -H 'Content-Type: application/ocsp-request' --data-binary @$W/req$n.der $OCSP_URL/
  r=$(python3 $(dirname "$0")/lib/ocspresp.py $W/resp$n.der 2>&1); echo "   nonce $n bytes: $r"
  case $n in 0|129|1000) echo "$r" | grep -q SUCCESSFUL && bad=1;; esac
done
[ $bad = 1 ] && exit 0 || exit 1
