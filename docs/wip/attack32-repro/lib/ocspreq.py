#!/usr/bin/env python3
# ocspreq.py CERT ISSUER OUT.der [--nonce-len N] [--hash sha1|sha224|sha256|sha384|sha512] [--raw-nonce HEX]
import sys, os, argparse
from cryptography import x509
from cryptography.x509 import ocsp
from cryptography.hazmat.primitives import hashes, serialization
a = argparse.ArgumentParser(); a.add_argument('cert'); a.add_argument('issuer'); a.add_argument('out')
a.add_argument('--nonce-len', type=int, default=-1); a.add_argument('--hash', default='sha1')
o = a.parse_args()
c = x509.load_pem_x509_certificate(open(o.cert,'rb').read())
i = x509.load_pem_x509_certificate(open(o.issuer,'rb').read())
h = {'sha1':hashes.SHA1(),'sha224':hashes.SHA224(),'sha256':hashes.SHA256(),'sha384':hashes.SHA384(),'sha512':hashes.SHA512()}[o.hash]
b = ocsp.OCSPRequestBuilder().add_certificate(c, i, h)
if o.nonce_len >= 0:
    b = b.add_extension(x509.OCSPNonce(os.urandom(o.nonce_len)), critical=False)
open(o.out,'wb').write(b.build().public_bytes(serialization.Encoding.DER))
