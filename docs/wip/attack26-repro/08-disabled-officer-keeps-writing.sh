#!/usr/bin/env bash
# A command started before its officer is disabled (or demoted) still records its work afterwards; `audit verify`
# then calls the register forged (exit 8: "the account … was disabled at that point") — Tirkeu's own events.
# The CA key passphrase comes from a FIFO (README: pipes are read as they are) so the window between sign-in and
# the write is held open deterministically; in real use it is the key unlock, the batch, or an open GUI session.
NAME=08-disabled-officer
source "$(dirname "$0")/common.sh"
setup || exit 1
submit_approve || exit 1; A1=$APP; mkcsr "$W/h1.csr"
submit_approve "$(newiin 91)" Second || exit 1; A2=$APP; mkcsr "$W/h2.csr"
as aud audit verify; show $?
mkfifo -m 600 "$W/pass.fifo"
say "off1 starts an issuance; the CLI signs in and waits for the CA passphrase"
( "$CLI" --db "$DB" --lang en --as off1 --password-file "$W/off1.pw" certificate issue --application "$A1" --csr "$W/h1.csr" --out "$W/c1.pem" --ca-passphrase-file "$W/pass.fifo" >"$W/o1" 2>"$W/e1"; echo $? >"$W/r1" ) &
sleep 4
say "the administrator disables off1 meanwhile"
as admin operator disable off1; show $?
cat "$W/ca.pass" >"$W/pass.fifo"; wait
echo "   off1's issuance: rc=$(cat "$W/r1") $(head -c 200 "$W/o1") $(head -c 200 "$W/e1")"
as aud audit verify; show $?
as aud audit list --limit 4; sed 's/^/   /' "$W/out"
