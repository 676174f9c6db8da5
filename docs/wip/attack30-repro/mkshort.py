#!/usr/bin/env python3
"""mkshort.py CSR ROOT.pem ROOT.p8 PASSFILE SECONDS OUT: the subordinate's certificate, signed by ROOT, valid SECONDS."""
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
csr = x509.load_pem_x509_csr(open(sys.argv[1], 'rb').read())
root = x509.load_pem_x509_certificate(open(sys.argv[2], 'rb').read())
key = serialization.load_pem_private_key(open(sys.argv[3], 'rb').read(), open(sys.argv[4], 'rb').read().strip())
now = datetime.datetime.now(datetime.timezone.utc)
b = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, 'KZ'), x509.NameAttribute(NameOID.COMMON_NAME, 'Attack Sub CA')]))
     .issuer_name(root.subject).public_key(csr.public_key()).serial_number(x509.random_serial_number())
     .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(seconds=int(sys.argv[5])))
     .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
     .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
     .add_extension(x509.SubjectKeyIdentifier.from_public_key(csr.public_key()), critical=False)
     .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()), critical=False))
open(sys.argv[6], 'wb').write(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
