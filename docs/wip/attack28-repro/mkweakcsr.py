#!/usr/bin/env python3
"""mkweakcsr.py KIND OUT.csr : a PKCS#10 request with a proof of possession that verifies, for a weak RSA key.
KIND: factor3 (n = 3*q, 2048 bits), factor65537 (n = 65537*q)"""
import sys, secrets
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateNumbers, RSAPublicNumbers
def is_prime(n):
    if n < 2: return False
    for p in (2,3,5,7,11,13,17,19,23,29,31,37):
        if n % p == 0: return n == p
    d, s = n - 1, 0
    while d % 2 == 0: d //= 2; s += 1
    for _ in range(24):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1): continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1: break
        else: return False
    return True
def key(small, e=65537, bits=2048):
    while True:
        qb = bits - small.bit_length() + 1
        q = secrets.randbits(qb) | (1 << (qb - 1)) | 1
        if (small * q).bit_length() != bits or not is_prime(q): continue
        lam = (small - 1) * (q - 1) if small > 2 else (q - 1)
        try: d = pow(e, -1, lam) if e != 1 else 1
        except ValueError: continue
        break
    nums = RSAPrivateNumbers(p=small, q=q, d=d, dmp1=d % max(small - 1, 1), dmq1=d % (q - 1), iqmp=pow(q, -1, small),
                             public_numbers=RSAPublicNumbers(e, small * q))
    return nums.private_key(unsafe_skip_rsa_key_validation=True)
kind, out = sys.argv[1], sys.argv[2]
k = {'factor3': lambda: key(3), 'factor65537': lambda: key(65537)}[kind]()
csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'holder')])).sign(k, hashes.SHA256())
open(out, 'wb').write(csr.public_bytes(serialization.Encoding.PEM))
n = k.public_key().public_numbers().n
print(f'{kind}: n has {n.bit_length()} bits, n % 3 = {n % 3}, n % 2 = {n % 2}')
