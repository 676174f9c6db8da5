#!/usr/bin/env bash
# A rules file whose only edition takes effect on 2099-01-01 is in force today: `rules show` prints
# "in force from 01.01.2099" for today's date, and a certificate issued today follows it (3 years where
# the rules in force today — the built-in edition — allow 1).
# Exit 0 when it reproduces (3-year certificate issued today under an edition effective in 2099).
NAME=rules-future; . "$(dirname "$0")/common.sh"
MK="python3 $(dirname "$0")/mkrules.py"
setup >/dev/null || exit 1
$MK $W/future.json future-1 "e['effective_from']='2099-01-01'" "e['validity']['NCA-ISSUE-IND'].update(file=3, token=3, clause='edition of 2099')"
as admin rules load $W/future.json; show $?
as aud rules show; echo "== rules show (today is $(date +%F)):"; sed -n 1,3p $W/out
as aud rules show --at 2015-06-01; echo "== rules show --at 2015-06-01 (the built-in file was in force then):"; sed -n 1,3p $W/out
# an application for 3 years, key on a token (the form allows 3y only on a token), issued from a CSR
N_APP=$((N_APP+1)); write_app $W/app.json "$(newiin 7)" Kasymova Aliya
sed -i 's/"validity":"1y"/"validity":"3y"/; s/"key_media":"file"/"key_media":"token"/' $W/app.json
as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/app.json --attachments identity_document_copy --consent --json || { show $?; exit 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; exit 1; }
mkcsr $W/h.csr
issue $APP $W/h.csr $W/h.pem; show $?
end=$(openssl x509 -in $W/h.pem -noout -enddate | cut -d= -f2); echo "== certificate notAfter: $end"
q "SELECT record, rules_version FROM rules_applied"
verify
y=$(date -d "$end" +%Y); [ $((y - $(date +%Y))) -ge 3 ] && { echo "REPRODUCED: 3-year certificate today under future-1@2099-01-01"; exit 0; }
exit 1
