#!/usr/bin/env bash
# "No silent rollback": `db restore --replace` is refused without --accept-rollback when the register has published
# CRL numbers or audit anchors the backup does not know — but revocations already published through OCSP are not
# counted. A key-compromise revocation made after the last backup, answered "revoked" (signed) by tirkeu-ocsp, is
# taken back by a restore that needs no --accept-rollback; the responder then signs "good" for the same certificate.
# Exit 0 when it reproduces.
NAME=restore-unrevokes; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
submit_approve >/dev/null; mkcsr $W/a.csr $W/a.key; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || exit 1
as off1 crl publish --ca NCA --out $W/crl1.crl --ca-passphrase-file $W/ca.pass >/dev/null 2>&1 || true   # a CRL before the backup (optional)
as admin db backup --out $W/backup.sqlite || { show $?; exit 1; }
ocsp_start NCA || exit 1
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
sleep 1
before=$(ocspq $W/nca.pem $W/a.pem -respout $W/resp-revoked.der)
echo "== OCSP for A after the revocation (signed answer kept as resp-revoked.der): $before"
as admin db restore --from $W/backup.sqlite --replace; rc=$?; show $rc
echo "== revocations in the register now: $(q 'SELECT count(*) FROM revocations')"
sleep 1
after=$(ocspq $W/nca.pem $W/a.pem -respout $W/resp-good.der)
echo "== OCSP for A after the restore (nonce, fresh lookup): $after"
as aud audit verify; echo "   audit verify: rc=$? $(head -c 200 $W/out)"
case "$before" in *revoked*) case "$after" in *"a.pem: good"*) [ $rc -eq 0 ] && { echo "REPRODUCED: revoked, then good, no --accept-rollback"; exit 0; };; esac;; esac
exit 1
