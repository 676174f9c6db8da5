#!/usr/bin/env bash
# F4 remainder: a stale backup restored into a new file (SQLite; on PostgreSQL every restore is of this kind) — the
# publisher now refuses to drop the key-compromise entry (when the full CRL is the newest file), but tirkeu-ocsp
# started on the restored register signs "good" for the key-compromised certificate. Exit 0.
NAME=f4-ocsp; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as admin db backup --out $W/bk/old.sqlite; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
DB=$W/restored.sqlite as admin db restore --from $W/bk/old.sqlite; say "restore into a new file: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
DB=$W/restored.sqlite as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "publisher on the restored register: rc=$? $(head -c 160 $W/err)"
REG=$W/restored.sqlite CACHE_SECONDS=0 ocsp_start NCA || exit 1
say "OCSP from the restored register about A (revoked key_compromise, on the published CRL 1): $(ocspq $W/nca.pem $W/a.pem)"
say "responder log: $(head -1 $W/ocsp.log | cut -c1-200)"
DB=$W/restored.sqlite as aud audit verify; say "audit verify restored: rc=$? $(head -c 200 $W/out | tr '\n' ' ')"
exit 0
