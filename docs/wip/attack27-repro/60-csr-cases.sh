#!/usr/bin/env bash
# CSRs given to `certificate issue`: signature broken, subject with NUL / huge / duplicated attributes,
# extension requests (CA:TRUE, SANs, EKU anyExtendedKeyUsage), several PEM blocks.
NAME=csr-cases; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
try() { # CSR TITLE
    submit_approve >/dev/null || { show 1; return; }
    issue $APP "$1" $W/out-$N_APP.pem; local rc=$?
    echo "## $2"; show $rc
    if [ $rc -eq 0 ]; then
        echo "   certificate: $(openssl x509 -in $W/out-$N_APP.pem -noout -subject -ext basicConstraints,subjectAltName,extendedKeyUsage,keyUsage 2>/dev/null | tr '\n' ' ')"
    fi
}
python3 - "$W" <<'PY'
import sys
from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
W = sys.argv[1]
def key(): return ec.generate_private_key(ec.SECP256R1())
def save(name, csr): open(f'{W}/{name}.csr', 'wb').write(csr.public_bytes(serialization.Encoding.PEM))
k = key()
good = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'h')])).sign(k, hashes.SHA256())
der = bytearray(good.public_bytes(serialization.Encoding.DER)); der[-3] ^= 0x55
open(f'{W}/badsig.csr', 'wb').write(bytes(der))
save('nul', x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'ADMIN\x00.evil'), x509.NameAttribute(NameOID.SERIAL_NUMBER, 'IIN000000000000')])).sign(key(), hashes.SHA256()))
save('huge', x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, 'A' * 60) for _ in range(8000)])).sign(key(), hashes.SHA256()))
save('ext', x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'h')]))
     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
     .add_extension(x509.SubjectAlternativeName([x509.DNSName('bank.kz'), x509.RFC822Name('ceo@bank.kz'), x509.UniformResourceIdentifier('http://x')]), critical=False)
     .add_extension(x509.ExtendedKeyUsage([ObjectIdentifier('2.5.29.37.0'), ObjectIdentifier('1.3.6.1.5.5.7.3.3')]), critical=False)
     .add_extension(x509.UnrecognizedExtension(ObjectIdentifier('1.3.6.1.4.1.99999.7'), b'\x05\x00'), critical=True)
     .add_attribute(ObjectIdentifier('1.2.840.113549.1.9.7'), b'challenge-password')
     .sign(key(), hashes.SHA256()))
k2 = key(); k3 = key()
a = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'first')])).sign(k2, hashes.SHA256())
b = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'second')])).sign(k3, hashes.SHA256())
open(f'{W}/two.csr', 'wb').write(a.public_bytes(serialization.Encoding.PEM) + b.public_bytes(serialization.Encoding.PEM))
PY
ls -la $W/huge.csr | awk '{print "   huge.csr: " $5 " bytes"}'
try $W/badsig.csr "signature does not verify (expected: refused)"
try $W/nul.csr "subject CN with NUL, serialNumber IIN000… (expected: subject ignored)"
try $W/huge.csr "8000 OU attributes (~600 KB) (expected: subject ignored or refused)"
try $W/ext.csr "extension requests CA:TRUE, SANs, anyEKU/codeSigning, unknown critical, challengePassword (expected: none copied)"
try $W/two.csr "two requests in one PEM file (expected: refused or the first only, stated)"
verify
