#!/usr/bin/env bash
# ca import-cert: encodings of the right certificate (DER + trailing bytes, BER indefinite length, several PEM
# blocks, a private key block in the same file, a negative serial).
NAME=import-enc; . "$(dirname "$0")/common.sh"
MK="python3 $(dirname "$0")/mkcert.py"
setup_sub >/dev/null || exit 1
R="--subject-key $W/sub.p8 --issuer-key $W/root.p8 --issuer-cert $W/root.pem"
$MK $R --out $W/good.der --der
$MK $R --out $W/good.pem
$MK --subject-key $W/root.p8 --issuer-key $W/root.p8 --subject "C=KZ,CN=Other" --out $W/other.pem
try() { as admin ca import-cert --code SUB --cert "$1"; local rc=$?; echo "## $2"; show $rc; }
cat $W/good.der <(printf 'TRAILING') > $W/trail.der;                  try $W/trail.der "DER + 8 trailing bytes (expected: refused)"
cat $W/other.pem $W/good.pem > $W/two.pem;                             try $W/two.pem "PEM: another certificate first, the right one second"
python3 - $W/good.der $W/ber.der <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
# outer SEQUENCE -> indefinite length: 30 80 <content> 00 00
assert d[0] == 0x30
l = d[1]; hl = 2
if l & 0x80: hl = 2 + (l & 0x7f)
open(sys.argv[2], 'wb').write(b'\x30\x80' + d[hl:] + b'\x00\x00')
PY
try $W/ber.der "BER: outer SEQUENCE with indefinite length (expected: refused, or stored as DER)"
( openssl pkcs8 -in $W/sub.p8 -passin file:$W/ca.pass -out $W/sub-clear.key 2>/dev/null; cat $W/sub-clear.key $W/good.pem ) > $W/key-and-cert.pem
try $W/key-and-cert.pem "the CA's private key in clear, then the certificate, in one PEM file"
echo "   stored certificate_der == DER of good.pem: $( [ "$(q "select hex(certificate_der) from cas where code='SUB'")" = "$(xxd -p $W/good.der | tr -d '\n' | tr a-f A-F)" ] && echo yes || echo NO)"
echo "   register holds the private key anywhere? $(sqlite3 $DB .dump | grep -c 'PRIVATE KEY')"
verify
