#!/usr/bin/env bash
# A CSR carrying a compressed P-256 point is certified with the compressed point copied into the certificate;
# GnuTLS (certtool) cannot import the holder's public key from it ("Error in parsing"). Exit 0 = vulnerable.
NAME=compressed-point; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
openssl ecparam -name prime256v1 -genkey -noout -out $W/k.key 2>/dev/null
openssl ec -in $W/k.key -conv_form compressed -out $W/kc.key 2>/dev/null
openssl req -new -key $W/kc.key -subj /CN=x -out $W/c.csr 2>/dev/null
submit_approve >/dev/null; issue $APP $W/c.csr $W/c.pem; step "issued from the compressed-point CSR" true
echo "   point in the certificate: $(openssl x509 -in $W/c.pem -noout -text | sed -n '/pub:/{n;p}' | tr -d ' ')"
certtool -i --infile $W/c.pem > $W/certtool.txt 2>&1; echo "   certtool: $(grep -i 'error' $W/certtool.txt)"
grep -qi 'error importing public key' $W/certtool.txt && exit 0 || exit 1
