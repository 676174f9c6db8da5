#!/usr/bin/env bash
# F4 fix bypass: the stale-backup check reads only the highest-numbered CRL file in the folder. After the
# scheduled job's delta run (the normal state: a delta newer than the full CRL), that file is a delta that does
# not repeat the key-compromise entry of its base: a stale backup restored into a new file publishes a full CRL,
# numbered above both, without the entry. Exit 0.
NAME=f4-delta; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL; say "certificate A $A"
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as admin db backup --out $W/bk/old.sqlite; say "backup"; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "A revoked (key_compromise)"; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass; show $?
for f in NCA.crl NCA-delta.crl; do echo "   $f: $(openssl crl -in $W/pub/$f -inform DER -noout -text | grep -E 'CRL Number|Delta CRL|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ')"; done
cp $W/pub/NCA.crl $W/crl1-kept.crl
say "control: with only the full CRL in the folder the restore's CRL is refused (F4 fix)"
mkdir -p $W/pubfull; cp $W/pub/NCA.crl $W/pubfull/
DB=$W/restored.sqlite as admin db restore --from $W/bk/old.sqlite; show $?
DB=$W/restored.sqlite as off1 crl publish --ca NCA --out $W/pubfull --ca-passphrase-file $W/ca.pass; show $?
say "attack: the live folder (full CRL 1 + delta CRL 2)"
DB=$W/restored.sqlite as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
echo "   NCA.crl now: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ')"
DB=$W/restored.sqlite as aud audit verify; say "audit verify restored: rc=$? $(head -c 200 $W/out | tr '\n' ' ')"
DB=$W/restored.sqlite as aud certificate show $A --ca NCA; say "A in the restored register: $(grep -E '^status' $W/out)"
exit 0
