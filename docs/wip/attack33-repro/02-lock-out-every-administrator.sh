#!/usr/bin/env bash
# Anyone who can start tirkeu-cli/the GUI on the register (here: the role "operator", or anyone at a sign-in
# screen) locks the sole administrator for good with 5 wrong passwords: the right password is refused, only an
# administrator can unlock, and `db init --admin` does not add one to a register that has one. Nothing then
# changes a CA's settings, adds/disables/unlocks operators, sets the calendar, or backs up the register.
# Exit 0 = vulnerable.
NAME=lock-every-admin; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
echo "not-the-password" > $W/wrong.pw; chmod 600 $W/wrong.pw
for i in 1 2 3 4 5 6 7; do cli --as admin --password-file $W/wrong.pw operator list; echo -n "try$i rc=$? "; sleep 0; done; echo
step "the administrator with the right password" as admin operator list; rc_admin=$?
step "another officer unlocks it?" as off1 operator unlock admin
step "db init --admin new administrator?" cli db init --admin admin2 --admin-name "Admin Two" --admin-password-file $W/off1.pw
step "db backup (administrators only)" as admin db backup --out $W/backup.sqlite
step "operator list as auditor" as aud operator list
grep -q 'admin .*yes' $W/out && echo "   (admin shown locked)"
# the same against the officer account the scheduled CRL job signs in with (OPERATOR= in tirkeu.conf)
for i in 1 2 3 4 5 6; do cli --as off1 --password-file $W/wrong.pw crl status --ca NCA; done
step "the CRL job's officer account (right password) publishing" as off1 crl status --ca NCA
[ $rc_admin -ne 0 ] && ! as off1 operator unlock admin && exit 0 || exit 1
