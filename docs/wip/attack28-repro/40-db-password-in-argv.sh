#!/usr/bin/env bash
# A PostgreSQL register address with its password (README: --db postgresql://user[:password]@host/…, "never printed
# or recorded") is put on tirkeu-cli's command line by the scheduled job (packaging/tirkeu-crl-job: --db "$TIRKEU_DB"),
# where every local user reads it (ps, /proc/PID/cmdline); /etc/tirkeu/tirkeu.conf holding it is installed 0644 and
# the job does not check its mode; tirkeu-ocsp reads `register = postgresql://user:password@…` from an ocsp.conf
# any user can read without a word. No PostgreSQL is needed: a local listener that never answers keeps the
# connection attempt (and so the process) alive. Exit 0 when it reproduces.
NAME=db-password-argv; . "$(dirname "$0")/common.sh"
JOB=${JOB:-$(dirname "$0")/tirkeu-crl-job.23d89c5}   # packaging/tirkeu-crl-job at 23d89c5
chmod 755 $W   # the service user (postgres here: a user with a group of its name) must reach the CLI and its private secret copies are made by the job
python3 -u -c '
import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR,1); s.bind(("127.0.0.1",0)); s.listen(16); print(s.getsockname()[1])
cs=[]; t=time.time(); s.settimeout(0.5)
while time.time()-t<25:
    try: c,_=s.accept(); cs.append(c)
    except Exception: pass
' >$W/port.txt &
LP=$!
for _ in $(seq 20); do [ -s $W/port.txt ] && break; sleep 0.2; done
P=$(cat $W/port.txt)
URL="postgresql://tirkeu_app:S3cretPw-2026@127.0.0.1:$P/tirkeu"
mkdir -p $W/etc $W/lock $W/crl; chmod 700 $W/lock
echo "job-Password-2026" >$W/etc/operator.password; chmod 600 $W/etc/operator.password
echo "ca-Passphrase-2026-xyz" >$W/etc/ca-NCA.passphrase; chmod 600 $W/etc/ca-NCA.passphrase
cat >$W/etc/tirkeu.conf <<C
TIRKEU_DB=$URL
CAS=NCA
OUTPUT_DIR=$W/crl
OPERATOR=job
OPERATOR_PASSWORD_FILE=$W/etc/operator.password
CA_PASSPHRASE_FILE=$W/etc/ca-{CA}.passphrase
SERVICE_USER=postgres
LOCK_FILE=$W/lock/crl-job.lock
C
chmod 644 $W/etc/tirkeu.conf   # as installed (a conffile, 0644)
found=0
if [ -x "$JOB" ]; then
    TIRKEU_CRL_CONF=$W/etc/tirkeu.conf TIRKEU_CLI_BIN=$CLI bash "$JOB" full >$W/job.out 2>&1 &
    JP=$!
    sleep 3
    seen=$(runuser -u nobody -- ps -eo pid,user,args 2>/dev/null | grep -F "S3cretPw" | grep -v grep)
    echo "== what the user 'nobody' sees in ps while the CRL job runs:"; echo "$seen" | cut -c1-220
    [ -n "$seen" ] && found=1
    kill $JP 2>/dev/null; pkill -P $JP 2>/dev/null; wait $JP 2>/dev/null
else
    echo "(no job script at $JOB)"
fi
# tirkeu-ocsp: an ocsp.conf that others can read, with the password in register =
printf '[responder]\nregister = %s\nlisten = 127.0.0.1\nport = 0\n[ca NCA]\nkey = file:%s/none.p8\nsecret_file = %s/etc/ca-NCA.passphrase\n' "$URL" "$W" "$W" >$W/etc/ocsp.conf
chmod 644 $W/etc/ocsp.conf
timeout 4 "$OCSP" --config $W/etc/ocsp.conf --check >$W/ocsp.out 2>&1; echo "== tirkeu-ocsp --check with a 0644 ocsp.conf holding the password: rc=$? $(head -c 250 $W/ocsp.out)"
kill $LP 2>/dev/null
[ $found -eq 1 ] && { echo REPRODUCED; exit 0; }
exit 1
