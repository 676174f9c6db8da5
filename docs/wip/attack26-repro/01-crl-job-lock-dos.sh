#!/usr/bin/env bash
# F?: any local user stops the scheduled CRL publication for good by creating and holding
# /run/lock/tirkeu-crl-job.lock (the job's default LOCK_FILE in the world-writable /run/lock).
# Runs the real packaging/tirkeu-crl-job as root (as the systemd unit and cron do); the unprivileged
# user is "nobody". tirkeu-cli is replaced by a stub that records whether it was ever called.
# LOCK_WAIT=5 instead of the default 900 only to keep the run short.
set -u
JOB=${JOB:-/work/main/packaging/tirkeu-crl-job}
W=/work/attack26/work/01-lock; rm -rf "$W"; mkdir -p "$W/crl"; chmod 755 "$W"
LOCK=/run/lock/tirkeu-crl-job.lock
rm -f "$LOCK"
cat >"$W/stub-cli" <<'S'
#!/bin/sh
echo "tirkeu-cli called: $*" >>/work/attack26/work/01-lock/cli-calls
S
chmod 755 "$W/stub-cli"
cat >"$W/tirkeu.conf" <<C
TIRKEU_DB=$W/register.sqlite
CAS=NCA
OUTPUT_DIR=$W/crl
OPERATOR=crljob
OPERATOR_PASSWORD_FILE=$W/op.pw
CA_PASSPHRASE_FILE=$W/ca-{CA}.pass
SERVICE_USER=root
LOCK_WAIT=5
C
echo pw >"$W/op.pw"; echo pp >"$W/ca-NCA.pass"; chmod 600 "$W/op.pw" "$W/ca-NCA.pass"
echo "== /run/lock: $(stat -c '%A %U' /run/lock); fs.protected_regular=$(sysctl -n fs.protected_regular)"
echo "== baseline: the job with no lock file planted"
TIRKEU_CRL_CONF=$W/tirkeu.conf TIRKEU_CLI_BIN=$W/stub-cli bash "$JOB" full; echo "   job exit $?"
cat "$W/cli-calls" 2>/dev/null | sed 's/--password-file [^ ]*/--password-file …/; s/^/   /'; rm -f "$W/cli-calls" "$LOCK"
echo "== user nobody creates the lock file and holds a lock on it (runs in the background for 60 s)"
setpriv --reuid=nobody --regid=nogroup --clear-groups -- sh -c "exec 9>>$LOCK; flock 9; echo locked-by-nobody; sleep 60" &
HOLDER=$!
sleep 1; ls -l "$LOCK"
echo "== the scheduled run (as root, as tirkeu-crl@full.service / cron run it)"
TIRKEU_CRL_CONF=$W/tirkeu.conf TIRKEU_CLI_BIN=$W/stub-cli bash "$JOB" full; RC=$?
echo "   job exit $RC; tirkeu-cli called: $( [ -s "$W/cli-calls" ] && echo yes || echo NO )"
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null
rm -f "$LOCK"
