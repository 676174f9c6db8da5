#!/usr/bin/env bash
# Government Bodies CA, "one private key per holder": a hold takes the certificate out of the 'valid' count, a new
# certificate is issued, then the hold is released -> two valid keys for one holder. Exit 0 = vulnerable.
NAME=gov-two-keys; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
staff >/dev/null || { echo setup failed; cat $W/err; exit 1; }
gov_setup >/dev/null || { echo gov setup failed; cat $W/err; exit 1; }
IIN=$(newiin 7)
gov_letter $W/l1.json $IIN; gov_submit_approve $W/l1.json >/dev/null || exit 1; A1=$APP
step "first certificate" gov_issue $A1 1 $W/c1; S1=$SERIAL
gov_letter $W/l2.json $IIN; gov_submit_approve $W/l2.json >/dev/null || exit 1; A2=$APP
step "second letter for the same person: refused while S1 is valid (the rule)" gov_issue $A2 1 $W/c2
step "S1 put on hold" as off1 certificate revoke --ca GOV --serial $S1 --reason certificate_hold --basis holder_application
step "second certificate now issued" gov_issue $A2 1 $W/c2; S2=$SERIAL
step "S1 released" as off1 certificate release --ca GOV --serial $S1 --basis holder_application
as aud certificate list --ca GOV --status valid; echo "   valid at GOV: $(cat $W/out | tr -s ' \n' ' ')"
n=$(grep -c -E "$S1|$S2" $W/out); echo "   valid certificates of holder $IIN: $n"
[ "$n" -ge 2 ] && exit 0 || exit 1
