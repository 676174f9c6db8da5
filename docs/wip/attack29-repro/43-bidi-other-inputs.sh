#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# U+202E (RLO) and U+3164 through inputs other than the application's name fields. Table; exit 0.
NAME=bidi-other; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
RLO=$'\u202e'; FIL=$'\u3164'
t() { local rc=$1 title=$2; printf '## %-52s rc=%s %s\n' "$title" $rc "$(head -c 180 $W/err | tr '\n' ' ')"; }
as admin ca add --code X1 --name "Test${RLO}AC tseT" --kind national; t $? "ca add --name with RLO"
as admin ca add --code X2 --name "${FIL}" --kind national; t $? "ca add --name = U+3164"
TIRKEU_NEW_PASSWORD=x-Password-2026-abc as admin operator add --login op9 --name "Op${RLO}9" --role operator; t $? "operator add --name RLO"
TIRKEU_NEW_PASSWORD=x-Password-2026-abc as admin operator add --login op8 --name "Test op" --role operator; t $? "operator add --name = other's name 'Test op'"
as admin calendar set --date 2027-01-05 --day-off --note "n${RLO}x"; t $? "calendar set --note RLO"
as admin ca set --code NCA "cps_uri=http://example.kz/${RLO}cps"; t $? "ca set cps_uri with RLO"
as admin ca set --code NCA "subject_organisation=Org${RLO}x"; t $? "ca set subject_organisation RLO"
submit_approve >/dev/null; A1=$APP
N_APP=$((N_APP+1)); write_app $W/app$N_APP.json $(newiin 77) Kasymova Aliya
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/app$N_APP.json --attachments identity_document_copy --consent --json; A2=$(jget id)
as off2 application reject $A2 --reason-code NCA-DOCS-MISSING --note "n${RLO}x"; t $? "application reject --note RLO"
as off2 application approve $A1 --note "n${RLO}x"; t $? "application approve --note RLO (already approved)"
mkcsr $W/a.csr; issue $A1 $W/a.csr $W/a.pem; S=$SERIAL
as off1 certificate revoke --ca NCA --serial $S --reason key_compromise --basis holder_application --basis-document "No 5${RLO}01 ${FIL}" --ca-passphrase-file $W/ca.pass; t $? "revoke --basis-document RLO"
as off1 certificate revoke --ca NCA --serial $S --reason key_compromise --basis holder_application --basis-document "No 5 ${FIL}${FIL}" --ca-passphrase-file $W/ca.pass; t $? "revoke --basis-document U+3164"
python3 - $W/legal.json $(newiin 78) <<'PY'
import json,sys,datetime
json.dump({"bin":"230340123459","org_name":"ЖШС \u202eАЛЬФА","short_name":"АЛЬФА","iin":sys.argv[2],"surname":"Қасымова","name":"Әлия","role":"first_head","region":"A","city":"B","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data $W/legal.json --attachments identity_document_copy,state_registration,power_of_attorney --consent; t $? "legal org_name with RLO"
python3 - $W/legal2.json $(newiin 79) <<'PY'
import json,sys,datetime
json.dump({"bin":"230340123459","org_name":"ЖШС АЛЬФА","short_name":"АЛЬФА","iin":sys.argv[2],"surname":"Қасымова","name":"Әлия","role":"first_head","region":"A","city":"B","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","crypto_tool":"NCALayer \u202e1.2","application_date":datetime.date.today().isoformat()},open(sys.argv[1],"w"),ensure_ascii=False)
PY
as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data $W/legal2.json --attachments identity_document_copy,state_registration,power_of_attorney --consent; t $? "legal crypto_tool (long_text) with RLO"
as aud certificate show $S --ca NCA; grep -i basis $W/out | cat -v | head -3
exit 0
