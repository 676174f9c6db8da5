#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# ROOT certifies SUB (ROOT-ISSUE), then revokes that certificate (ca_compromise) before SUB imports it:
# does `ca import-cert` take a certificate its own register has revoked? Exit 0.
NAME=import-revoked; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; SUBSER=$(jget serial)
as off1 certificate revoke --ca ROOT --serial $SUBSER --reason ca_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as admin ca import-cert --code SUB --cert $W/sub.pem; echo "## import-cert of a certificate the register revoked: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
submit_approve "" Kasymova SUB >/dev/null; mkcsr $W/a.csr; as off1 certificate issue --application $APP --csr $W/a.csr --out $W/a.pem --ca-passphrase-file $W/ca.pass; echo "## SUB issues: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
exit 0
