#!/usr/bin/env python3
"""Craft a CA certificate for a subordinate's pending key (session-27 attack on `ca import-cert`).

mkcert.py --subject-key SUB.p8 --issuer-key ISSUER.p8|new-rsa1024|new-p256 [--issuer-cert ISSUER.pem] --out F [options]
"""
import argparse, datetime, os, sys
from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

PASS = b'ca-Passphrase-2026-xyz'
ap = argparse.ArgumentParser()
ap.add_argument('--subject-key', required=True)
ap.add_argument('--issuer-key', required=True)
ap.add_argument('--issuer-cert')
ap.add_argument('--issuer-name', help='issuer as RFC4514 string (default: issuer cert subject, or the subject)')
ap.add_argument('--subject', default='C=KZ,CN=Attack Sub CA')
ap.add_argument('--issuer-printable', action='store_true', help='issuer: the issuer cert subject re-encoded with PrintableString CN')
ap.add_argument('--subject-der-of', help='take the subject name (exact DER) from this certificate (PEM)')
ap.add_argument('--ca', default='true', choices=['true', 'false', 'none'])
ap.add_argument('--pathlen', type=int)
ap.add_argument('--ku', default='keyCertSign,cRLSign,digitalSignature', help="comma list or 'none'")
ap.add_argument('--eku', help='comma list of OIDs')
ap.add_argument('--days-before', type=float, default=1)
ap.add_argument('--days-after', type=float, default=365 * 5)
ap.add_argument('--serial', type=int, default=None)
ap.add_argument('--hash', default='sha256')
ap.add_argument('--unknown-critical', action='store_true')
ap.add_argument('--name-constraints', help='permitted DirectoryName, e.g. C=RU')
ap.add_argument('--out', required=True)
ap.add_argument('--der', action='store_true')
a = ap.parse_args()

def load_key(path):
    if path == 'new-rsa1024':
        return rsa.generate_private_key(65537, 1024)
    if path == 'new-p256':
        return ec.generate_private_key(ec.SECP256R1())
    data = open(path, 'rb').read()
    return serialization.load_pem_private_key(data, PASS if b'ENCRYPTED' in data else None)

def name(s):
    return x509.Name.from_rfc4514_string(s)

sub_key = load_key(a.subject_key)
iss_key = load_key(a.issuer_key)
subject = name(a.subject)
if a.subject_der_of:
    subject = x509.load_pem_x509_certificate(open(a.subject_der_of, 'rb').read()).subject
if a.issuer_name:
    issuer = name(a.issuer_name)
elif a.issuer_cert:
    issuer = x509.load_pem_x509_certificate(open(a.issuer_cert, 'rb').read()).subject
else:
    issuer = subject
if a.issuer_printable:
    from cryptography.x509.name import _ASN1Type
    issuer = x509.Name([x509.RelativeDistinguishedName([x509.NameAttribute(at.oid, at.value, _ASN1Type.PrintableString)]) for at in issuer])
now = datetime.datetime.now(datetime.timezone.utc)
b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(sub_key.public_key())
     .serial_number(a.serial if a.serial is not None else x509.random_serial_number())
     .not_valid_before(now - datetime.timedelta(days=a.days_before))
     .not_valid_after(now + datetime.timedelta(days=a.days_after)))
if a.ca != 'none':
    b = b.add_extension(x509.BasicConstraints(ca=a.ca == 'true', path_length=a.pathlen if a.ca == 'true' else None), critical=True)
if a.ku != 'none':
    names = set(a.ku.split(','))
    kw = dict(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
              key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    m = {'digitalSignature': 'digital_signature', 'keyCertSign': 'key_cert_sign', 'cRLSign': 'crl_sign',
         'nonRepudiation': 'content_commitment', 'keyEncipherment': 'key_encipherment', 'keyAgreement': 'key_agreement'}
    for n in names: kw[m[n]] = True
    b = b.add_extension(x509.KeyUsage(**kw), critical=True)
if a.eku:
    b = b.add_extension(x509.ExtendedKeyUsage([ObjectIdentifier(o) for o in a.eku.split(',')]), critical=False)
if a.unknown_critical:
    b = b.add_extension(x509.UnrecognizedExtension(ObjectIdentifier('1.3.6.1.4.1.99999.1'), b'\x05\x00'), critical=True)
if a.name_constraints:
    b = b.add_extension(x509.NameConstraints(permitted_subtrees=[x509.DirectoryName(name(a.name_constraints))], excluded_subtrees=None), critical=True)
b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(sub_key.public_key()), critical=False)
b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(iss_key.public_key()), critical=False)
h = {'sha256': hashes.SHA256(), 'sha1': hashes.SHA1(), 'md5': hashes.MD5()}[a.hash]
if a.hash == 'sha1' or a.hash == 'md5':
    # cryptography refuses some; fall back to openssl through a CSR-less path is not needed for EC/RSA sha1
    pass
cert = b.sign(iss_key, h)
open(a.out, 'wb').write(cert.public_bytes(serialization.Encoding.DER if a.der else serialization.Encoding.PEM))
