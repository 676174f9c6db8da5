#!/usr/bin/env bash
# GOV-REVOKE: a letter of one government body ("Ministry of Sport") revokes the certificate of another body's employee
# (O=Ministry of Tests): only the person's IIN is compared, never the body. Exit 0 = vulnerable.
NAME=gov-other-body; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
staff >/dev/null && gov_setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
IIN=$(newiin 5); gov_letter $W/l1.json $IIN; gov_submit_approve $W/l1.json >/dev/null || exit 1
gov_issue $APP 1 $W/c1 >/dev/null || { cat $W/err; exit 1; }; S=$SERIAL
echo "   certificate $S: $(openssl x509 -in $W/c1.pem -noout -subject)"
d=$(TZ=Asia/Almaty date +%F)
cat > $W/rev.json <<J
{"org_name":"Ministry of Sport","letter_no":"99-9","letter_date":"$d","head_full_name":"Other Head",
 "persons":[{"surname":"Seitkali","name":"Nurlan","iin":"$IIN","id_doc_number":"N123456","id_doc_issued_by":"MVD",
 "id_doc_issue_date":"2020-01-10","home_address":"Astana","organisation":"Ministry of Sport","position":"Analyst",
 "reason":"unspecified","cert_serial":"$S","cert_issue_date":"$d","application_date":"$d"}]}
J
step "Ministry of Sport's letter registered" as op application submit --ca GOV --form GOV-REVOKE --data $W/rev.json --attachments key_media --json || exit 1
R=$(jget id)
step "approved" as off2 application approve $R
step "carried out" as off1 certificate revoke --application $R
as aud certificate show $S; grep -qi 'revoked' $W/out && { echo "   $S revoked on another body's letter"; exit 0; }
exit 1
