#!/usr/bin/env bash
# SUB's key holds two certificates from ROOT (the first, and a renewal for the same key). ROOT revokes the FIRST for
# ca_compromise: the key is compromised, yet its other certificate stays valid — not revoked, not in ROOT's CRL — and
# SUB (working under the renewal) keeps issuing. Exit 0 = vulnerable.
NAME=subca-second-cert; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer publish_dir=$W/pub || { show $?; exit 1; }
d=$(TZ=Asia/Almaty date +%F)
rootissue() { cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"$1","application_date":"$d","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; return 1; }
APP=$(jget id); as off2 application approve $APP >/dev/null; }
rootissue 1y || exit 1
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub1.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; C1=$(jget serial)
as admin ca import-cert --code SUB --cert $W/sub1.pem >/dev/null || { show $?; exit 1; }
openssl req -new -key $W/sub.p8 -passin file:$W/ca.pass -subj "/C=KZ/CN=Attack Sub CA" -out $W/sub2.csr 2>/dev/null
rootissue 5y || exit 1
step "renewal for the same key" as off1 certificate issue --application $APP --csr $W/sub2.csr --out $W/sub2.pem --ca-passphrase-file $W/ca.pass --json
C2=$(jget serial)
step "SUB works under the renewal" as admin ca import-cert --code SUB --cert $W/sub2.pem
step "ROOT revokes the first certificate C1 for ca_compromise" as off1 certificate revoke --ca ROOT --serial $C1 --reason ca_compromise --basis court_decision --basis-document "Court 7" --ca-passphrase-file $W/ca.pass
as aud certificate show $C2 --ca ROOT; echo "   C2 (same key): $(grep -E '^status' $W/out | tr -s ' ')"
echo "   ROOT.crl lists C1: $(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -c $C1), C2: $(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -c $C2)"
submit_approve "" Kasymova SUB >/dev/null || { cat $W/err; exit 1; }; mkcsr $W/h.csr
step "SUB issues after its key was declared compromised" as off1 certificate issue --application $APP --csr $W/h.csr --out $W/h.pem --ca-passphrase-file $W/ca.pass
rc=$?
echo "   holder chain via C2: $(openssl verify -CAfile $W/root.pem -untrusted $W/sub2.pem $W/h.pem 2>&1 | tail -1)"
[ $rc -eq 0 ] && exit 0 || exit 1
