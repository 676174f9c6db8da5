#!/usr/bin/env bash
# `db restore --replace` of an earlier backup (same day, no CRL or anchor since) silently takes back an
# administrator's disabling of a dismissed officer (and the CA settings changed since): the restore asks no
# --accept-rollback, prints no word of it, the events of the disabling are gone from the register, `audit verify`
# is intact, and the dismissed officer approves applications again. A holder's key-compromise revocation
# application registered after the backup disappears as well. A signed checkpoint written after the disabling
# does not stop the restore; afterwards `audit verify --anchors` calls the lawful restore a deletion (exit 8). (Revocations, certificates, CRLs and anchors
# lost by a restore are refused unless accepted with a reason; a disabled account is not.) Exit 0 = vulnerable.
NAME=restore-reenables; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
write_app $W/app.json $(newiin 7) Kasymova Aliya
submit_approve >/dev/null; mkcsr $W/h.csr; issue $APP $W/h.csr $W/h.pem >/dev/null; H=$SERIAL
HIIN=$(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])'); d=$(TZ=Asia/Almaty date +%F)
cat >$W/rev.json <<J
{"iin":"$HIIN","surname":"Kasymova","name":"Aliya","email":"a@example.kz","phone":"+77011234567","cert_serial":"$H",
 "cert_issue_date":"$d","reason":"key_compromise","application_date":"$d"}
J
echo "audit-Passphrase-2026-xyz" > $W/audit.pass; chmod 600 $W/audit.pass
as admin audit key init --key-out $W/audit.p8 --key-passphrase-file $W/audit.pass || { show $?; exit 1; }
mkdir -m 700 $W/bk; mkdir -p $W/anchors
step "administrator backs up the register (routine)" as admin db backup --out $W/bk/b1.sqlite
step "officer off2 is dismissed: account disabled" as admin operator disable off2
step "the holder reports a key compromise: revocation application registered" as op application submit --ca NCA --form NCA-REVOKE-IND --data $W/rev.json --json
REV=$(jget id)
step "CA setting changed: hold_allowed=false" as admin ca set --code NCA hold_allowed=false
step "off2 refused" as off2 operator list
step "signed checkpoint of the event log (as the CRL job does after every run)" as off1 audit checkpoint --out $W/anchors --key-passphrase-file $W/audit.pass
step "restore --replace from the earlier backup (no --accept-rollback)" as admin db restore --from $W/bk/b1.sqlite --replace; rc=$?
[ $rc -eq 0 ] || exit 1
step "an application registered" as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/app.json --attachments identity_document_copy --consent --json
A=$(jget id)
step "the dismissed officer off2 approves it" as off2 application approve $A; rc2=$?
as aud application show $REV; echo "   application number $REV (was the holder's NCA-REVOKE-IND, key compromise) after the restore: $(head -n 1 $W/out) — $(grep -i '^Applicant' $W/out)"
as aud audit list --limit 40; grep -c 'operator.disabled' $W/out | sed 's/^/   operator.disabled events left in the register: /'
as aud ca show --code NCA; echo "   hold_allowed now: $(grep -i hold_allowed $W/out | tr -s ' ')"
verify
step "audit verify --anchors (the checkpoint written before the restore)" as aud audit verify --anchors $W/anchors
[ $rc2 -eq 0 ] && exit 0 || exit 1
