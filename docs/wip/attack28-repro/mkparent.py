#!/usr/bin/env python3
"""Make an outside parent CA certificate with a flaw, and the subordinate's certificate signed by it, as one PEM
chain (the subordinate's first) for `ca import-cert` (session-28 attack).

mkparent.py --subject-key SUB.p8 --out CHAIN.pem --flaw FLAW [--parent-out PARENT.pem --parent-key-out K.pem]
FLAW: none pathlen0 ku-no-keycertsign parent-not-yet-valid parent-inverted rsa-factor3 rsa-e3 rsa1024
      parent-serial-negative parent-serial-zero parent-md5 parent-sha1 parent-ca-false secp256k1 sub-pss
      parent-expired-before-sub
"""
import argparse, datetime, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, padding

PASS = b'ca-Passphrase-2026-xyz'
ap = argparse.ArgumentParser()
ap.add_argument('--subject-key', required=True)
ap.add_argument('--subject', default='C=KZ,CN=Attack Sub CA')
ap.add_argument('--parent-name', default='C=KZ,O=Outside,CN=Outside Parent CA')
ap.add_argument('--flaw', default='none')
ap.add_argument('--out', required=True)
ap.add_argument('--parent-out')
ap.add_argument('--parent-key-out')
a = ap.parse_args()
f = a.flaw
now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)

def small_factor_rsa(bits=2048, small=3):
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateNumbers, RSAPublicNumbers
    import secrets
    def is_prime(n):
        if n < 2: return False
        for p in (2,3,5,7,11,13,17,19,23,29,31,37):
            if n % p == 0: return n == p
        d, s = n - 1, 0
        while d % 2 == 0: d //= 2; s += 1
        for _ in range(32):
            x = pow(secrets.randbelow(n - 3) + 2, d, n)
            if x in (1, n - 1): continue
            for _ in range(s - 1):
                x = pow(x, 2, n)
                if x == n - 1: break
            else: return False
        return True
    e = 65537
    while True:
        q = secrets.randbits(bits - 1) | (1 << (bits - 2)) | 1
        if (small * q).bit_length() != bits or not is_prime(q) or (q - 1) % e == 0: continue
        break
    p = small
    n = p * q
    lam = (p - 1) * (q - 1)
    d = pow(e, -1, lam)
    nums = RSAPrivateNumbers(p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
                             public_numbers=RSAPublicNumbers(e, n))
    return nums.private_key(unsafe_skip_rsa_key_validation=True)

def load_key(path):
    data = open(path, 'rb').read()
    return serialization.load_pem_private_key(data, PASS if b'ENCRYPTED' in data else None)

# parent key
if f == 'rsa-factor3':
    pkey = small_factor_rsa()
elif f == 'rsa-e3':
    pkey = rsa.generate_private_key(3, 2048)
elif f == 'rsa1024':
    pkey = rsa.generate_private_key(65537, 1024)
elif f == 'secp256k1':
    pkey = ec.generate_private_key(ec.SECP256K1())
elif f in ('sub-pss', 'parent-md5'):
    pkey = rsa.generate_private_key(65537, 2048)
else:
    pkey = ec.generate_private_key(ec.SECP256R1())
pname = x509.Name.from_rfc4514_string(a.parent_name)
pnb, pna = now - 10 * day, now + 3650 * day
if f == 'parent-not-yet-valid':
    pnb, pna = now + 365 * day, now + 3650 * day
pserial = x509.random_serial_number()
if f == 'parent-serial-negative': pserial = -5
if f == 'parent-serial-zero': pserial = 0
pb = (x509.CertificateBuilder().subject_name(pname).issuer_name(pname).public_key(pkey.public_key())
      .serial_number(pserial if pserial > 0 else 1).not_valid_before(pnb).not_valid_after(pna)
      .add_extension(x509.BasicConstraints(ca=(f != 'parent-ca-false'), path_length=0 if f == 'pathlen0' else None), critical=True)
      .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                   data_encipherment=False, key_agreement=False,
                                   key_cert_sign=(f != 'ku-no-keycertsign'), crl_sign=(f != 'ku-no-keycertsign'),
                                   encipher_only=False, decipher_only=False), critical=True)
      .add_extension(x509.SubjectKeyIdentifier.from_public_key(pkey.public_key()), critical=False))
phash = {'parent-md5': hashes.MD5(), 'parent-sha1': hashes.SHA1()}.get(f, hashes.SHA256())
parent = pb.sign(pkey, hashes.SHA256())
pder = parent.public_bytes(serialization.Encoding.DER)
if f in ('parent-md5', 'parent-sha1'):  # cryptography no longer signs with them: openssl re-signs the parent
    import subprocess, tempfile, os
    with tempfile.TemporaryDirectory() as td:
        open(td + '/k.pem', 'wb').write(pkey.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        open(td + '/c.der', 'wb').write(pder)
        subprocess.run(['openssl', 'x509', '-inform', 'DER', '-in', td + '/c.der', '-signkey', td + '/k.pem',
                        '-' + f.split('-')[1], '-days', '3650', '-outform', 'DER', '-out', td + '/o.der'], check=True,
                       stderr=subprocess.DEVNULL)
        pder = open(td + '/o.der', 'rb').read()
if pserial <= 0:  # patch the serial INTEGER (it is the first INTEGER after the [0] version in the TBS)
    import re
    ser = pserial.to_bytes(1, 'big', signed=True) if pserial != 0 else b'\x00'
    old = parent.serial_number.to_bytes((parent.serial_number.bit_length() + 8) // 8, 'big')
    enc_old = b'\x02' + bytes([len(old)]) + old
    if enc_old not in pder:
        old = parent.serial_number.to_bytes((parent.serial_number.bit_length() + 7) // 8, 'big'); enc_old = b'\x02' + bytes([len(old)]) + old
    enc_new = b'\x02' + bytes([len(ser)]) + ser
    pder = pder.replace(enc_old, enc_new + b'', 1)
    # fix lengths: rebuild outer and tbs lengths (both long-form 2-byte lengths: 0x82 HH LL)
    delta = len(enc_new) - len(enc_old)
    def fixlen(b, off):
        l = int.from_bytes(b[off + 2:off + 4], 'big') + delta
        return b[:off + 2] + l.to_bytes(2, 'big') + b[off + 4:]
    pder = fixlen(pder, 0); pder = fixlen(pder, 4)
if f == 'parent-inverted':  # notBefore after notAfter: patch the TBS's notBefore, sign the TBS again
    from cryptography.hazmat.primitives.asymmetric import ec as _ec
    tbs = bytearray(parent.tbs_certificate_bytes)
    nb = parent.not_valid_before_utc.strftime('%y%m%d%H%M%SZ').encode()
    late = (pna + 365 * day).strftime('%y%m%d%H%M%SZ').encode()
    i = tbs.index(b'\x17\x0d' + nb); tbs[i + 2:i + 15] = late
    sig = pkey.sign(bytes(tbs), _ec.ECDSA(hashes.SHA256()))
    def tlv(t, b):
        n = len(b); l = bytes([n]) if n < 128 else (bytes([0x81, n]) if n < 256 else bytes([0x82]) + n.to_bytes(2, 'big'))
        return bytes([t]) + l + b
    alg = tlv(0x30, tlv(0x06, bytes.fromhex('2a8648ce3d040302')))
    pder = tlv(0x30, bytes(tbs) + alg + tlv(0x03, b'\x00' + sig))
parent_pem = b'-----BEGIN CERTIFICATE-----\n' + __import__('base64').encodebytes(pder) + b'-----END CERTIFICATE-----\n'
parent_pem = parent_pem.replace(b'\n\n', b'\n')

skey = load_key(a.subject_key)
snb, sna = now - day, now + 5 * 365 * day
if f == 'parent-expired-before-sub':
    sna = pna + day
sb = (x509.CertificateBuilder().subject_name(x509.Name.from_rfc4514_string(a.subject)).issuer_name(pname)
      .public_key(skey.public_key()).serial_number(x509.random_serial_number()).not_valid_before(snb).not_valid_after(min(sna, pna) if f != 'parent-expired-before-sub' else sna)
      .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
      .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                   data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                   encipher_only=False, decipher_only=False), critical=True)
      .add_extension(x509.SubjectKeyIdentifier.from_public_key(skey.public_key()), critical=False)
      .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(pkey.public_key()), critical=False))
if f == 'sub-pss':
    sub = sb.sign(pkey, hashes.SHA256(), rsa_padding=padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
else:
    sub = sb.sign(pkey, hashes.SHA256())
open(a.out, 'wb').write(sub.public_bytes(serialization.Encoding.PEM) + parent_pem)
if a.parent_out:
    open(a.parent_out, 'wb').write(parent_pem)
if a.parent_key_out:
    open(a.parent_key_out, 'wb').write(pkey.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
