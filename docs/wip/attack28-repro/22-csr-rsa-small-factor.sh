#!/usr/bin/env bash
# certificate issue --csr with an RSA-2048 key (e = 65537) whose modulus is 3 x q (or 65537 x q): the key policy
# checks the size and the exponent only, so the holder's certificate is issued. Anyone who reads the
# certificate divides the modulus by 3, rebuilds the private key and signs "as the holder": the CMS signature
# verifies to the CA. Exit 0 when it reproduces.
NAME=csr-small-factor; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
rc_all=1
for kind in factor3 factor65537; do
    python3 "$(dirname "$0")/mkweakcsr.py" $kind $W/$kind.csr
    submit_approve >/dev/null || exit 1
    issue $APP $W/$kind.csr $W/$kind.pem; rc=$?; echo "## $kind CSR: issue rc=$rc $(head -c 200 $W/err)"
    [ $rc -eq 0 ] || continue
    # a stranger: only the certificate
    python3 - $W/$kind.pem $W/$kind-forged.key <<'PY'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateNumbers
pub = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read()).public_key().public_numbers()
n, e = pub.n, pub.e
p = next(f for f in range(3, 1 << 20, 2) if n % f == 0)   # trial division finds the small factor at once
q = n // p
d = pow(e, -1, (p - 1) * (q - 1))
k = RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub).private_key(unsafe_skip_rsa_key_validation=True)
open(sys.argv[2], 'wb').write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
print(f'   factor found by trial division: {p}')
PY
    echo "Payment order No. 1: transfer 10,000,000 KZT" >$W/doc.txt
    openssl cms -sign -signer $W/$kind.pem -inkey $W/$kind-forged.key -in $W/doc.txt -binary -nodetach -outform DER -out $W/doc.p7s 2>$W/ossl.err || { cat $W/ossl.err; continue; }
    v=$(openssl cms -verify -CAfile $W/nca.pem -purpose any -in $W/doc.p7s -inform DER -binary -out /dev/null 2>&1 | tr '\n' ' ')
    echo "   document signed by a stranger with the rebuilt key, openssl cms -verify: $v"
    case "$v" in *"Verification successful"*) rc_all=0;; esac
done
verify
[ $rc_all -eq 0 ] && echo REPRODUCED
exit $rc_all
