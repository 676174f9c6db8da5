#!/usr/bin/env bash
# B2's check skipped the other way: an individual's NCA-REVOKE-IND (any IIN) names the serial of the CA's OCSP signing
# certificate (no person, no organisation): registered, approved, carried out; the responder then answers
# "unauthorized" for every certificate of the CA. Exit 0 = vulnerable.
NAME=app-revokes-signer; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
ocsp_signer NCA >/dev/null || exit 1
SIG=$(openssl x509 -in $W/ocsp-NCA.pem -noout -serial | cut -d= -f2); say "OCSP signer $SIG"
ocsp_start NCA; echo "   OCSP before: $(ocspq $W/nca.pem $W/a.pem)"
d=$(TZ=Asia/Almaty date +%F)
cat >$W/rev.json <<J
{"iin":"$(newiin 55)","surname":"Stranger","name":"Person","email":"s@example.kz","phone":"+77011234567","cert_serial":"$SIG",
 "cert_issue_date":"$d","reason":"key_compromise","application_date":"$d"}
J
step "a stranger's application to revoke the OCSP signer" as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json || exit 1
R=$(jget id)
step "approved" as off2 application approve $R
step "carried out" as off1 certificate revoke --application $R
sleep 3; echo "   OCSP after: $(ocspq $W/nca.pem $W/a.pem)"
as aud certificate show $SIG; grep -qi revoked $W/out && exit 0 || exit 1
