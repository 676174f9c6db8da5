#!/usr/bin/env bash
# GOV-ISSUE: a letter of "Ministry of Tests" lists a person whose organisation is "Ministry of Finance"; the certificate
# says O=Ministry of Finance — one body obtains certificates in another body's name. Exit 0 = vulnerable.
NAME=gov-issue-other-body; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
staff >/dev/null && gov_setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
IIN=$(newiin 6); gov_letter $W/l1.json $IIN
sed -i 's/"organisation":"Ministry of Tests"/"organisation":"Ministry of Finance"/' $W/l1.json
gov_submit_approve $W/l1.json >/dev/null || { cat $W/err; exit 1; }
step "issued on the Ministry of Tests' letter" gov_issue $APP 1 $W/c1 >/dev/null
o=$(openssl x509 -in $W/c1.pem -noout -subject); echo "   $o"
echo "$o" | grep -q 'O = Ministry of Finance' && exit 0 || exit 1
