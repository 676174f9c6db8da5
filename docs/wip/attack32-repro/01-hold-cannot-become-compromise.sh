#!/usr/bin/env bash
# A certificate on hold whose key then turns out compromised cannot be revoked for key_compromise: the only way is to
# release the hold (valid again: OCSP "good", next delta removeFromCRL) and revoke again. Exit 0 = vulnerable.
NAME=hold-escalate; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub; as admin ca set --code NCA publish_dir=$W/pub >/dev/null
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
step "base CRL" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
step "A on hold" as off1 certificate revoke --ca NCA --serial $A --reason certificate_hold --basis holder_application --ca-passphrase-file $W/ca.pass
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --invalidity-date "$(date -u +%FT%TZ)" --ca-passphrase-file $W/ca.pass
rc=$?; say "A (on hold) revoked for key_compromise"; show $rc
[ $rc -eq 0 ] && { echo "HELD: escalation accepted"; exit 1; }
ocsp_signer NCA >/dev/null; ocsp_start NCA
say "the only way: release then revoke. OCSP between the two steps:"
step "release A" as off1 certificate release --ca NCA --serial $A --basis holder_application --basis-document "to escalate"
echo "   OCSP now: $(ocspq $W/nca.pem $W/a.pem)"
step "delta between (cron)" as off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass
echo "   delta: $(openssl crl -in $W/pub/NCA-delta.crl -inform DER -noout -text 2>/dev/null| grep -E 'Serial Number|Reason|CRL Number' -A1 | tr -s ' \n' ' ')"
step "revoke A for key_compromise now" as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass
exit 0
