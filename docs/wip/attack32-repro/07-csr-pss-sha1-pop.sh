#!/usr/bin/env bash
# "The CSR is signed with the weak digest …; use SHA-256 or stronger" is not applied to RSA-PSS signatures:
# a CSR signed RSASSA-PSS with SHA-1 (and MGF1-SHA1) is accepted as proof of possession. Exit 0 = vulnerable.
NAME=pss-sha1; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
openssl genrsa -out $W/r.key 2048 2>/dev/null
openssl req -new -key $W/r.key -subj /CN=x -sha1 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 -out $W/pss.csr 2>/dev/null
openssl req -new -key $W/r.key -subj /CN=x -sha1 -out $W/plain.csr 2>/dev/null
echo "   $(openssl req -in $W/pss.csr -noout -text | grep -A3 'Signature Algorithm' | head -4 | tr -s ' \n' ' ')"
submit_approve >/dev/null; issue $APP $W/plain.csr $W/p.pem; step "PKCS#1 v1.5 SHA-1 CSR (refused: the rule)" true
submit_approve >/dev/null; issue $APP $W/pss.csr $W/c.pem; rc=$?; step "RSASSA-PSS SHA-1 CSR" true; echo "   rc=$rc"
[ $rc -eq 0 ] && exit 0 || exit 1
