#!/usr/bin/env bash
# A revocation "on a court decision" needs no court decision: --basis court_decision (or ca_termination) without
# --basis-document is recorded, and the Government Bodies CA's revocation journal prints the basis column
# ("basis: letter number and date") with no number or date. holder_left_job (a GOV rule) is taken at the NCA.
# Exit 0 = vulnerable.
NAME=basis-no-document; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
staff >/dev/null && gov_setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
gov_letter $W/l1.json $(newiin 5); gov_submit_approve $W/l1.json >/dev/null || exit 1
gov_issue $APP 1 $W/c1 >/dev/null || { cat $W/err; exit 1; }; S=$SERIAL
step "GOV certificate revoked on a court decision that is named nowhere" as off1 certificate revoke --ca GOV --serial $S --reason unspecified --basis court_decision
rc=$?
as aud report revocation-journal --ca GOV --format csv --out $W/j.csv >/dev/null
echo "   journal row: $(sed -n 2,3p $W/j.csv | tr '\n' ' ')"
[ $rc -eq 0 ] && exit 0 || exit 1
