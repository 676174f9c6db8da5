#!/usr/bin/env bash
# Anyone who can write one file into the CRL publish folder (the web root; README's threat model of
# "a stranger's file") stops every publication of a CA for good: a DIR/NCA.crl.lock naming a live process
# called "tirkeu-cli" (any binary copied under that name) is never stale. `crl publish` exits 11, which
# the scheduled job counts as "skipped" and ends with exit 0. The stranger is user nobody.
NAME=07-crl-lock
source "$(dirname "$0")/common.sh"
setup || exit 1
mkdir -p "$W/crl"; chmod 755 "$W" "$W/crl"
as off1 crl publish --ca NCA --out "$W/crl" --ca-passphrase-file "$W/ca.pass"; show $?
chmod o+w "$W/crl"   # the web root as another account can write it (deploy user, web server group, …)
say "the stranger: a process named tirkeu-cli that sleeps, and a lock file naming it"
mkdir -p /tmp/atk07 && cp /bin/sleep /tmp/atk07/tirkeu-cli && chmod 755 /tmp/atk07 /tmp/atk07/tirkeu-cli
setpriv --reuid=nobody --regid=nogroup --clear-groups -- /tmp/atk07/tirkeu-cli 600 &
FAKE=$!; sleep 0.5
setpriv --reuid=nobody --regid=nogroup --clear-groups -- sh -c "printf '%s\ntirkeu-cli\n%s\n%s\n%s\n' $FAKE \"\$(hostname)\" \"\$(cat /etc/machine-id 2>/dev/null)\" \"\$(cat /proc/sys/kernel/random/boot_id)\" > $W/crl/NCA.crl.lock"
ls -l "$W/crl/NCA.crl.lock"; od -c "$W/crl/NCA.crl.lock" | head -3 | sed 's/^/   /'
say "crl publish (full, delta), twice, 70 s apart (beyond the minute an unreadable lock is given)"
as off1 crl publish --ca NCA --out "$W/crl" --ca-passphrase-file "$W/ca.pass"; show $?
sleep 70
as off1 crl publish --ca NCA --out "$W/crl" --delta --ca-passphrase-file "$W/ca.pass"; show $?
say "the packaged job, started as root, on this register (OPERATOR off1)"
cat >"$W/tirkeu.conf" <<C
TIRKEU_DB=$DB
CAS=NCA
OUTPUT_DIR=$W/crl
OPERATOR=off1
OPERATOR_PASSWORD_FILE=$W/off1.pw
CA_PASSPHRASE_FILE=$W/ca.pass
SERVICE_USER=root
LOCK_FILE=$W/job.lock
C
TIRKEU_CRL_CONF=$W/tirkeu.conf TIRKEU_CLI_BIN=$CLI bash /work/main/packaging/tirkeu-crl-job full; echo "   job exit $?"
as aud crl status --ca NCA; show $?
kill $FAKE 2>/dev/null; wait $FAKE 2>/dev/null
say "after the stranger's process ends"
as off1 crl publish --ca NCA --out "$W/crl" --ca-passphrase-file "$W/ca.pass"; show $?
