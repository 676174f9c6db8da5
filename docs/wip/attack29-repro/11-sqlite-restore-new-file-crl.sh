#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# SQLite twin of 10: a stale backup restored into a NEW register file (the GUI's "restore into a new register file")
# is not checked for rollback; its next CRL into the live folder drops a key-compromise entry under a higher number.
NAME=sqlite-restore-new; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as admin db backup --out $W/bk/old.sqlite; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
echo "   published: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number' -A1 | tr -s ' \n' ' ')"
cp $W/pub/NCA.crl $W/crl1-kept.crl
DB=$W/restored.sqlite as admin db restore --from $W/bk/old.sqlite; show $?
DB=$W/restored.sqlite as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
echo "   published now: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ')"
DB=$W/restored.sqlite as aud audit verify; echo "   audit verify restored: rc=$? $(head -c 200 $W/out | tr '\n' ' ')"
DB=$W/restored.sqlite as aud audit verify --crl $W/crl1-kept.crl; echo "   audit verify --crl <kept copy of CRL 1>: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
