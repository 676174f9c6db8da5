#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# The OCSP responder after (1) its own delegated signer certificate is revoked, (2) its CA's certificate is revoked at
# the Root (CA compromise). Exit 0.
NAME=ocsp-revoked-signer; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; SUBSER=$(jget serial)
as admin ca import-cert --code SUB --cert $W/sub.pem || { show $?; exit 1; }
submit_approve "" Kasymova SUB >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer SUB >/dev/null || { cat $W/err; exit 1; }
OS=$(openssl x509 -in $W/ocsp-SUB.pem -noout -serial | cut -d= -f2)
CACHE_SECONDS=0 ocsp_start SUB || exit 1
cat $W/sub.pem $W/root.pem >$W/chain.pem
say "start: $(ocspq $W/sub.pem $W/a.pem)"
as off1 certificate revoke --ca SUB --serial $OS --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
sleep 1
say "after the signer's certificate is revoked (key_compromise): $(ocspq $W/sub.pem $W/a.pem)"
openssl ocsp -issuer $W/sub.pem -cert $W/a.pem -url $OCSP_URL -CAfile $W/root.pem -verify_other $W/chain.pem -resp_text 2>&1 | grep -E 'Responder Id|Response verify|Cert Status|Serial Number: '"$OS" | head -4 | sed 's/^/   /'
say "responder log: $(tail -2 $W/ocsp.log | tr '\n' ' ' | cut -c1-300)"
ocsp_stop; CACHE_SECONDS=0 ocsp_start SUB; say "restarted: $(head -2 $W/ocsp.log | tr '\n' ' ' | cut -c1-300) -> $(ocspq $W/sub.pem $W/a.pem)"
as off1 ocsp init-signer --ca SUB --key-out $W/ocsp-SUB2.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/ocsp-SUB2.pem; show $?
mv $W/ocsp-SUB2.p8 $W/ocsp-SUB.p8; CACHE_SECONDS=0 ocsp_start SUB; say "new signer: $(ocspq $W/sub.pem $W/a.pem)"
as off1 certificate revoke --ca ROOT --serial $SUBSER --reason ca_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
sleep 1
say "after SUB's own certificate is revoked at ROOT (ca_compromise): $(ocspq $W/sub.pem $W/a.pem)"
openssl ocsp -issuer $W/sub.pem -cert $W/a.pem -url $OCSP_URL -noverify -resp_text 2>&1 | grep -E 'Produced|This Update|Next Update|Cert Status' | head -4 | sed 's/^/   /'
ocsp_stop; CACHE_SECONDS=0 ocsp_start SUB; say "responder restarted after the CA compromise: $(head -1 $W/ocsp.log | cut -c1-200) -> $(ocspq $W/sub.pem $W/a.pem)"
as aud certificate show $A --ca SUB; say "A in the register: $(grep -E '^status' $W/out)"
say "responder log: $(tail -1 $W/ocsp.log | cut -c1-200)"
say "does the revoked SUB still issue and publish?"
submit_approve "" Seitkali SUB >/dev/null; mkcsr $W/b.csr; as off1 certificate issue --application $APP --csr $W/b.csr --out $W/b.pem --ca-passphrase-file $W/ca.pass; say "issue under revoked SUB: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
mkdir -p $W/pub; as off1 crl publish --ca SUB --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish SUB: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
as off1 ocsp init-signer --ca SUB --key-out $W/ocsp-SUB3.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/ocsp-SUB3.pem; say "new OCSP signer under revoked SUB: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
as aud ca list; say "ca list:"; cat $W/out | head -5
exit 0
