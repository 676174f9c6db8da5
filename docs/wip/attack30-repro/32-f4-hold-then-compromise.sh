#!/usr/bin/env bash
# F4 fix compares only serials: a stale backup in which A was on hold, while the live register later released A and
# revoked it for key compromise (published). The restored register's CRL lists A again — as certificateHold — and a release then
# takes it off every CRL. Exit 0.
NAME=f4-hold; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as off1 certificate revoke --ca NCA --serial $A --reason certificate_hold --basis holder_application --ca-passphrase-file $W/ca.pass; say "A on hold"; show $?
as admin db backup --out $W/bk/old.sqlite; say "backup"; show $?
as off1 certificate release --ca NCA --serial $A --basis holder_application --basis-document "y"; say "A released"; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "A revoked for key compromise"; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
echo "   live CRL: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|Reason Code' -A1 | tr -s ' \n' ' ')"
DB=$W/restored.sqlite as admin db restore --from $W/bk/old.sqlite; say "stale backup restored into a new file"; show $?
R() { DB=$W/restored.sqlite as "$@"; }
R off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "publish from the restored register"; show $?
echo "   CRL now: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|Reason Code|No Revoked' -A1 | tr -s ' \n' ' ')"
R off1 certificate release --ca NCA --serial $A --basis holder_application --basis-document "x"; say "release A in the restored register"; show $?
R off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass; show $?
R off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
echo "   CRL now: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|Reason Code|No Revoked' -A1 | tr -s ' \n' ' ')"
R aud audit verify; say "audit verify restored: rc=$? $(head -c 200 $W/out | tr '\n' ' ')"
exit 0
