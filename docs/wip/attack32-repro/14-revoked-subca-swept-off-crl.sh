#!/usr/bin/env bash
# A sub-CA certificate (ROOT-ISSUE, 10 years) revoked for ca_compromise is deleted by the retention sweep 5 years
# after the revocation (root kind: 5 years "after termination") while still within its validity; the root's next
# CRL no longer lists it and the root's responder says "unknown": the compromised CA certificate is valid again for
# relying parties (RFC 5280 3.3: an entry stays until the certificate's validity has ended). Time via faketime.
# Exit 0 = vulnerable.
NAME=subca-swept; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer || { show $?; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"Attack Sub CA","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"10y","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; exit 1; }
step "SUB certified by ROOT" as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json
SUBSER=$(jget serial); echo "   SUB valid until $(openssl x509 -in $W/sub.pem -noout -enddate)"
step "SUB imports its certificate" as admin ca import-cert --code SUB --cert $W/sub.pem
submit_approve "" Kasymova SUB >/dev/null || { cat $W/err; exit 1; }; HAPP=$APP
mkdir -p $W/pub $W/arch; chmod 700 $W/arch
step "SUB revoked at ROOT for ca_compromise" as off1 certificate revoke --ca ROOT --serial $SUBSER --reason ca_compromise --basis court_decision --basis-document "Court 1/2026"
mkcsr $W/h.csr
as off1 certificate issue --application $HAPP --csr $W/h.csr --out $W/h0.pem --ca-passphrase-file $W/ca.pass; say "SUB issues after its revocation (refused: the rule)"; show $?
step "ROOT CRL now" as off1 crl publish --ca ROOT --out $W/pub --ca-passphrase-file $W/ca.pass
echo "   lists SUB: $(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -c $SUBSER)"
F() { faketime "$1" "$CLI" --db "$DB" --lang en --as "$2" --password-file "$W/$2.pw" "${@:3}" >"$W/out" 2>"$W/err" </dev/null; }
for y in 2029 2031 2032; do
  F "$y-12-10 12:00:00" off1 crl publish --ca ROOT --out $W/pub --ca-passphrase-file $W/ca.pass; say "ROOT CRL in $y"; show $?
done
F "2032-12-10 12:05:00" admin retention sweep --archive-dir $W/arch; say "retention sweep in 2032 (SUB still valid until 2036)"; show $?
F "2032-12-10 12:10:00" off1 crl publish --ca ROOT --out $W/pub --ca-passphrase-file $W/ca.pass; say "ROOT CRL after the sweep"; show $?
write_app $W/late.json "$(newiin 99)" Seitkali Nurlan; sed -i 's/"application_date":"[0-9-]*"/"application_date":"2032-12-10"/' $W/late.json
F "2032-12-10 12:12:00" op application submit --ca SUB --form NCA-ISSUE-IND --data $W/late.json --attachments identity_document_copy --consent --json; say "2032: application to SUB"; show $?; HAPP=$(jget id)
F "2032-12-10 12:13:00" off2 application approve $HAPP; say "approved"; show $?
F "2032-12-10 12:15:00" off1 certificate issue --application $HAPP --csr $W/h.csr --out $W/h.pem --ca-passphrase-file $W/ca.pass; say "SUB (revoked for ca_compromise in 2026) issues again in 2032"; show $?
n=$(openssl crl -in $W/pub/ROOT.crl -inform DER -noout -text | grep -c $SUBSER)
echo "   ROOT CRL lists SUB ($SUBSER): $n   (SUB $(openssl x509 -in $W/sub.pem -noout -enddate))"
[ "$n" -eq 0 ] && exit 0 || exit 1
