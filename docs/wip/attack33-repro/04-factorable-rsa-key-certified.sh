#!/usr/bin/env bash
# The RSA modulus checks (pki/KeyPolicy.cpp: odd, no factor < 752, not a prime power) refuse n = 3 × q (held),
# but an RSA-2048 key whose two primes are neighbours (|p - q| tiny: Fermat's method factors it in one step) is
# certified for signing (digitalSignature + nonRepudiation) by the national CA: anyone computes the holder's private
# key from the certificate and signs as the holder. Exit 0 = vulnerable (the 'close' key certified and factored).
# Needs python3 with cryptography and sympy. Exit 0 = vulnerable.
NAME=factorable-rsa; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
cat > $W/mkweak.py <<'PY'
import sys, secrets
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography import x509
from cryptography.x509.oid import NameOID
from sympy import nextprime
mode, out = sys.argv[1], sys.argv[2]; e = 65537
if mode == "small":
    p = 3
    while True:
        q = nextprime(secrets.randbits(2046) | (1 << 2045) | (1 << 2044))
        if (p * q).bit_length() == 2048 and (q - 1) % e: break
else:
    p = nextprime(secrets.randbits(1024) | (3 << 1022)); q = nextprime(p + 2)
d = pow(e, -1, (p - 1) * (q - 1))
key = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q)).private_key(unsafe_skip_rsa_key_validation=True)
csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "x")])).sign(key, hashes.SHA256())
open(out, "wb").write(csr.public_bytes(serialization.Encoding.PEM))
PY
cat > $W/factor.py <<'PY'
import sys
from cryptography import x509
from math import isqrt
n = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read()).public_key().public_numbers().n
for p in range(2, 1000):
    if n % p == 0: print("   factored by trial division: p =", p); sys.exit(0)
a = isqrt(n) + 1
for _ in range(100000):
    b2 = a * a - n; b = isqrt(b2)
    if b * b == b2: print("   factored by Fermat: p =", str(a - b)[:24] + "…"); sys.exit(0)
    a += 1
sys.exit(1)
PY
vuln=0
for mode in small close; do
  python3 $W/mkweak.py $mode $W/$mode.csr || { echo "cannot build CSR (python3 cryptography, sympy)"; exit 2; }
  submit_approve >/dev/null; issue $APP $W/$mode.csr $W/$mode.pem
  echo "== certificate issue for a '$mode' RSA-2048 key: $(cat $W/out $W/err | tr -s ' \n' '  ' | head -c 300)"
  if [ -s $W/$mode.pem ] && python3 $W/factor.py $W/$mode.pem; then
    echo "   $(openssl x509 -in $W/$mode.pem -noout -ext keyUsage | tr '\n' ' ')"; vuln=1; fi
done
[ $vuln = 1 ] && exit 0 || exit 1
