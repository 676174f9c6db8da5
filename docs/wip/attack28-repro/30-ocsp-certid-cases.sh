#!/usr/bin/env bash
# OCSP responder (SQLite register): CertIDs naming a CA not served, another CA's serial under the served CA,
# SHA-1 / SHA-256 / SHA-384 / SHA-512 / MD5 / SHA-224 CertIDs, serials 0, negative, 21 and 65 bytes, several CAs in
# one request. Table; exit 0 always (all held in session 28).
NAME=ocsp-certid; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
as admin ca add --code OTH --name "Other National CA" --kind national || { show $?; exit 1; }
as admin ca init --code OTH --key-algorithm p256 --key-out "$W/oth.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/oth.pem" || { show $?; exit 1; }
pointers OTH >/dev/null
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
submit_approve "" Kasymova OTH >/dev/null; mkcsr $W/b.csr; issue $APP $W/b.csr $W/b.pem; B=$SERIAL
ocsp_signer NCA >/dev/null || exit 1
ocsp_signer OTH >/dev/null || exit 1
ocsp_start NCA || exit 1
echo "NCA cert A=$A, OTH cert B=$B; responder serves NCA only"
t() { printf '## %-55s %s\n' "$1" "$2"; }
t "A, sha1 CertID"                        "$(ocspq $W/nca.pem $W/a.pem)"
t "A, sha256 CertID"                      "$(ocspq $W/nca.pem $W/a.pem -sha256)"
t "A, sha384"                             "$(ocspq $W/nca.pem $W/a.pem -sha384)"
t "A, sha512"                             "$(ocspq $W/nca.pem $W/a.pem -sha512)"
t "A, sha224"                             "$(ocspq $W/nca.pem $W/a.pem -sha224)"
t "A, md5"                                "$(ocspq $W/nca.pem $W/a.pem -md5)"
t "B under OTH (not served)"              "$(ocspq $W/oth.pem $W/b.pem)"
t "B's serial under NCA"                  "$(ocspq $W/nca.pem -serial 0x$B)"
t "A's serial under OTH"                  "$(ocspq $W/oth.pem -serial 0x$A)"
t "serial 0"                              "$(ocspq $W/nca.pem -serial 0)"
t "serial -1"                             "$(ocspq $W/nca.pem -serial -1)"
t "serial 21 bytes (A with 00 prefix value)" "$(ocspq $W/nca.pem -serial 0x01$A)"
t "serial 65 bytes"                       "$(ocspq $W/nca.pem -serial 0x$(printf '7F%.0s' $(seq 65)))"
t "two CAs in one request (A under NCA, B under OTH)" "$(openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -issuer $W/oth.pem -cert $W/b.pem -url $OCSP_URL -noverify 2>&1 | tr '\n' ' ' | head -c 200)"
t "A and the OCSP signer's own cert"      "$(openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -cert $W/ocsp-NCA.pem -url $OCSP_URL -noverify 2>&1 | tr '\n' ' ' | head -c 200)"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass >/dev/null || show $?
sleep 1.5
t "A after revocation (1.5 s), no nonce"   "$(ocspq $W/nca.pem $W/a.pem -no_nonce)"
t "A after revocation, sha256"           "$(ocspq $W/nca.pem $W/a.pem -sha256)"
# a request with a raw non-minimal serial (00 00 + A) built by hand
python3 - $W/nca.pem $A $W/nonmin.der <<'PY'
import sys, hashlib
from cryptography import x509
from cryptography.hazmat.primitives import serialization
ca = x509.load_pem_x509_certificate(open(sys.argv[1],'rb').read())
nh = hashlib.sha1(ca.subject.public_bytes()).digest()
spki = ca.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
# the BIT STRING content of the SPKI: last 65 bytes for P-256 uncompressed
kh = hashlib.sha1(spki[-65:]).digest()
def tlv(t, b):
    n = len(b); l = bytes([n]) if n < 128 else (bytes([0x81, n]) if n < 256 else bytes([0x82]) + n.to_bytes(2,'big'))
    return bytes([t]) + l + b
alg = tlv(0x30, tlv(0x06, bytes.fromhex('2b0e03021a')) + b'\x05\x00')
serial = tlv(0x02, b'\x00\x00' + bytes.fromhex(sys.argv[2]))
certid = tlv(0x30, alg + tlv(0x04, nh) + tlv(0x04, kh) + serial)
req = tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x30, certid))))
open(sys.argv[3],'wb').write(req)
PY
t "non-minimal serial 00 00 A (raw POST)" "$(curl -s --data-binary @$W/nonmin.der -H 'Content-Type: application/ocsp-request' $OCSP_URL/ | openssl ocsp -respin /dev/stdin -resp_text -noverify 2>&1 | grep -E 'Response Status|Cert Status' | tr -s ' ' | tr '\n' ' ')"
echo "responder log (last lines):"; tail -n 8 $W/ocsp.log
exit 0
