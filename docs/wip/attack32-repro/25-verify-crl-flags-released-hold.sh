#!/usr/bin/env bash
# A hold, a full CRL listing it, a release (the documented way): `audit verify --crl` on that published CRL fails with
# exit 8 "revoked on the published CRL …, but the register has no revocation of it (deleted)" — a lawful release is
# reported as tampering with the register. Exit 0 = vulnerable (false integrity failure).
NAME=verify-released; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub
submit_approve >/dev/null; mkcsr $W/c.csr; issue $APP $W/c.csr $W/c.pem; A=$SERIAL
step "A on hold" as off1 certificate revoke --ca NCA --serial $A --reason certificate_hold --basis holder_application
step "full CRL 1 lists the hold" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
cp $W/pub/NCA.crl $W/crl1.crl
step "A released" as off1 certificate release --ca NCA --serial $A --basis holder_application --basis-document "holder found the token"
step "audit verify (no CRL)" as aud audit verify
step "audit verify --crl crl1.crl (the CRL relying parties saw)" as aud audit verify --crl $W/crl1.crl
rc=$?
[ $rc -eq 8 ] && grep -q 'no revocation of it' $W/err && exit 0 || exit 1
