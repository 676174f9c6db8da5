#!/usr/bin/env bash
# OCSP responder across `db restore --replace` (SQLite): the responder finds changes by "id > the highest id seen"
# (OcspStatus::changesSince). A restore brings back a register whose revocations stop at a lower id; the next
# revocation re-uses an id the responder has already passed, so the responder never learns of it and keeps
# serving its pre-computed "good" answer (no-nonce requests, the ones relying parties and CDNs make) until the
# cache is dropped by the once-a-minute signer reload (up to ~60 s; README: revocations show "within seconds") —
# a key-compromise revocation invisible to OCSP while requests with a nonce, and the register, say revoked.
# Exit 0 when it reproduces (still "good" 33 s after the revocation).
NAME=ocsp-restore; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
for x in a b c; do submit_approve >/dev/null; mkcsr $W/$x.csr; issue $APP $W/$x.csr $W/$x.pem; eval ${x^^}=$SERIAL; done
as off1 certificate revoke --ca NCA --serial $C --reason superseded --basis holder_application --ca-passphrase-file $W/ca.pass >/dev/null || { show $?; exit 1; }
ocsp_signer NCA >/dev/null || exit 1
as admin db backup --out $W/backup.sqlite || { show $?; exit 1; }
echo "== backup taken; revocations: $(q 'SELECT id, serial FROM revocations' | tr '\n' ' ')"
as off1 certificate revoke --ca NCA --serial $B --reason superseded --basis holder_application --ca-passphrase-file $W/ca.pass >/dev/null || { show $?; exit 1; }
echo "== after the backup B is revoked; revocations: $(q 'SELECT id, serial FROM revocations' | tr '\n' ' ')"
ocsp_start NCA || exit 1
echo "== A, no nonce (cached by the responder): $(ocspq $W/nca.pem $W/a.pem -no_nonce)"
as admin db restore --from $W/backup.sqlite --replace; show $?
echo "== after the restore; revocations: $(q 'SELECT id, serial FROM revocations' | tr '\n' ' ')"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
echo "== A revoked (key compromise); revocations: $(q 'SELECT id, serial FROM revocations' | tr '\n' ' ')"
sleep 3
nn=$(ocspq $W/nca.pem $W/a.pem -no_nonce)
wn=$(ocspq $W/nca.pem $W/a.pem)
echo "== 3 s later, A without nonce: $nn"
echo "== 3 s later, A with nonce:    $wn"
sleep 30
nn2=$(ocspq $W/nca.pem $W/a.pem -no_nonce)
echo "== 33 s later, A without nonce: $nn2"
sleep 40
nn3=$(ocspq $W/nca.pem $W/a.pem -no_nonce)
echo "== 73 s later (after the responder's once-a-minute signer reload), A without nonce: $nn3"
echo "responder log:"; tail -n 6 $W/ocsp.log
case "$nn2" in *"a.pem: good"*) case "$wn" in *revoked*) echo "REPRODUCED: revoked A answered good"; exit 0;; esac;; esac
exit 1
