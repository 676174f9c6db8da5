#!/usr/bin/env bash
# ca import-cert takes the certificate's subject as it is: a subordinate CA registered as "Shadow CA" gets a
# certificate whose subject is the national CA's exact name. `ca add` refuses a second CA of one name (session 25
# F6); the import does not. Consequence shown: `audit verify --crl` matches every CRL by issuer name to the first
# CA of that name, so the national CA's genuine CRL is reported as forged (exit 8) — for good.
NAME=name-clash; . "$(dirname "$0")/common.sh"
MK="python3 $(dirname "$0")/mkcert.py"
staff >/dev/null || exit 1
say "1. administrator adds SHADOW first (subordinate, key waiting), then the national CA NCA"
as admin ca add --code SHADOW --name "Shadow CA" --kind national && pointers SHADOW >/dev/null
as admin ca init --code SHADOW --key-algorithm p256 --key-out $W/shadow.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/shadow.csr; show $?
as admin ca add --code NCA --name "National CA" --kind national && pointers NCA >/dev/null
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --cert-out $W/nca.pem; show $?
say "2. 'ca add' refuses a second CA named 'National CA' (the rule)"
as admin ca add --code NC2 --name "National CA" --kind national; show $?
say "3. a certificate for SHADOW's key whose subject is NCA's exact name (issuer: a parent outside the register)"
$MK --subject-key $W/shadow.p8 --issuer-key new-p256 --issuer-name "C=KZ,CN=Some Parent" --subject-der-of $W/nca.pem --out $W/shadow.pem
as admin ca import-cert --code SHADOW --cert $W/shadow.pem; show $?
for c in NCA SHADOW; do echo "   $c: $(q "select hex(certificate_der) from cas where code='$c'" | xxd -r -p | openssl x509 -inform der -noout -subject)"; done
say "4. NCA publishes its CRL; the auditor checks it against the register"
mkdir -p $W/crl
as off1 crl publish --ca NCA --out $W/crl --ca-passphrase-file $W/ca.pass; show $?
as aud audit verify --crl $W/crl/NCA.crl; show $?
echo "   expected: NCA's own CRL verifies (exit 0); observed above"
