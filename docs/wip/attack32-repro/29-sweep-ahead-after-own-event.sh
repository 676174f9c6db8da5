#!/usr/bin/env bash
# F13 (session 25) held the sweep back to the register's newest event. An administrator whose process clock runs 6
# years ahead (faketime: no root needed) first writes any event with that clock (calendar set), then sweeps: every
# certificate revoked today (key compromise included) and its revocation leave the register at once — 5 years
# before their retention ends — and the compromised key is certifiable again. SQLite register. Exit 0 = vulnerable.
NAME=sweep-ahead; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr $W/a.key; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
step "A revoked for key_compromise (today)" as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application
mkdir -p $W/arch; chmod 700 $W/arch
F() { faketime "$1" "$CLI" --db "$DB" --lang en --as "$2" --password-file "$W/$2.pw" "${@:3}" >"$W/out" 2>"$W/err" </dev/null; }
F "2032-12-10 12:00:00" admin retention sweep --archive-dir $W/arch; say "sweep with the clock at 2032, directly (held back: F13)"; show $?
F "2032-12-10 12:01:00" admin calendar set --date 2032-12-31 --day-off --note "decree"; say "an event written with the clock at 2032"; show $?
F "2032-12-10 12:02:00" admin retention sweep --archive-dir $W/arch; say "sweep with the clock at 2032, again"; show $?
as aud certificate show $A; rc=$?; echo "   certificate A now (real clock): rc=$rc $(head -c 150 $W/err)"
[ $rc -ne 0 ] && exit 0 || exit 1
