#!/usr/bin/env bash
# A sub-CA certificate revoked at the root for key_compromise (the reason ROOT-REVOKE offers; ca_compromise publishes the
# root's full CRL at once) is published "at once" only as a ROOT *delta* CRL — while the root needs no freshest_url and
# the sub-CA certificate carries no freshestCRL pointer: relying parties read only the root's full CRL (30-day period)
# and keep trusting the compromised CA. Exit 0 = vulnerable.
NAME=subca-kc-delta; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer publish_dir=$W/pub || { show $?; exit 1; }
d=$(TZ=Asia/Almaty date +%F)
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$d","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP >/dev/null
as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json || { show $?; exit 1; }; SUBSER=$(jget serial)
echo "   SUB certificate points to: $(openssl x509 -in $W/sub.pem -noout -ext crlDistributionPoints,freshestCRL 2>&1 | grep -E 'URI|Freshest|No ext' | tr -s ' \n' ' ')"
step "ROOT full CRL" as off1 crl publish --ca ROOT --out $W/pub --ca-passphrase-file $W/ca.pass
step "SUB revoked at ROOT for key_compromise" as off1 certificate revoke --ca ROOT --serial $SUBSER --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass
ls $W/pub | tr '\n' ' '; echo
full=$(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -c $SUBSER)
echo "   ROOT.crl (what the SUB certificate points to) lists SUB: $full; next update $(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -nextupdate)"
[ -f $W/pub/ROOT-delta.crl ] && echo "   ROOT-delta.crl lists SUB: $(openssl crl -in $W/pub/ROOT-delta.crl -inform DER -noout -text | grep -c $SUBSER)"
[ "$full" -eq 0 ] && exit 0 || exit 1
