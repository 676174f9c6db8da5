#!/usr/bin/env bash
# F4 fix bypass, partitioned CRLs: the check reads only the highest-numbered CRL file in the folder, here a partition
# CRL that does not hold the key-compromised certificate; a stale backup restored into a new file republishes the
# partition that held it without the entry, under a higher number. Exit 0.
NAME=f4-partition; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
as admin ca set --code NCA crl_partition=serial-range:4; show $?
for i in 1 2 3 4 5 6; do submit_approve "" "Holder$i" >/dev/null; mkcsr $W/h$i.csr; issue $APP $W/h$i.csr $W/h$i.pem; S[$i]=$SERIAL; done
for i in 1 2 3 4 5 6; do echo "   h$i ${S[$i]} CDP $(openssl x509 -in $W/h$i.pem -noout -ext crlDistributionPoints | grep -o 'NCA[^ ]*crl')"; done
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as off1 crl publish --ca NCA --out $W/pub --new-folder --ca-passphrase-file $W/ca.pass; show $?
as admin db backup --out $W/bk/old.sqlite; say "backup"; show $?
A=${S[1]}
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "h1 revoked (key_compromise)"; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
for f in $W/pub/*.crl; do echo "   $(basename $f): $(openssl crl -in $f -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ' | cut -c1-160)"; done
DB=$W/restored.sqlite as admin db restore --from $W/bk/old.sqlite; say "stale backup restored into a new file"; show $?
DB=$W/restored.sqlite as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "publish from the restored register"; show $?
for f in $W/pub/*.crl; do echo "   $(basename $f): $(openssl crl -in $f -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ' | cut -c1-160)"; done
exit 0
