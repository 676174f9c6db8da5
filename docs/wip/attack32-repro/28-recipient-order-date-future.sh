#!/usr/bin/env bash
# Government Bodies CA: the key media go to the employee named in the body's internal order (--recipient-order-date);
# an order dated 2030 (in the future) is recorded as the basis of the hand-over. Exit 0 = vulnerable.
NAME=recipient-future; . "$(dirname "$0")/common.sh"; . "$(dirname "$0")/lib/gov.sh"
staff >/dev/null && gov_setup >/dev/null || { echo setup failed; exit 1; }
gov_letter $W/l.json $(newiin 5); gov_submit_approve $W/l.json >/dev/null || exit 1
step "issued, media handed over on an order dated 2030-01-01" as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/c.p12 --pkcs12-password-file $W/p12.pw --media-serial T1 --recipient-name "Recipient Person" --recipient-position Clerk --recipient-order 12 --recipient-order-date 2030-01-01 --out $W/c.pem --ca-passphrase-file $W/ca.pass
[ $? -eq 0 ] && exit 0 || exit 1
