#!/usr/bin/env bash
# An officer whose process clock is behind (faketime, no root) issues a certificate whose notBefore is 18 months in the
# past: the event is dated at the register's head (clock_behind_ms), but the certificate — the holder's evidence of
# when the key was certified — is backdated (a signature "made" in mid-2025 verifies). Exit 0 = vulnerable.
NAME=backdated; . "$(dirname "$0")/common.sh"
F() { faketime "$1" "$CLI" --db "$DB" --lang en --as "$2" --password-file "$W/$2.pw" "${@:3}" >"$W/out" 2>"$W/err" </dev/null; }
# a register whose National CA was set up at the start of 2025 (set up with the clock at that time)
REAL_CLI=$CLI
printf '#!/bin/sh\nexec faketime "$FT" %s "$@"\n' "$REAL_CLI" > $W/fcli; chmod +x $W/fcli
CLI=$W/fcli; export FT="2025-01-02 09:00:00"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
CLI=$REAL_CLI; mkdir -p $W/pub
echo "   CA: $(openssl x509 -in $W/nca.pem -noout -startdate)"
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass >/dev/null 2>&1 || true   # life goes on: events of today
submit_approve >/dev/null || { cat $W/err; exit 1; }
mkcsr $W/a.csr
F "2025-06-01 10:00:00" off1 certificate issue --application $APP --csr $W/a.csr --out $W/a.pem --ca-passphrase-file $W/ca.pass --json
say "issued by an officer whose clock says 2025-06-01"; show $?
[ -s $W/a.pem ] || exit 1
echo "   certificate: $(openssl x509 -in $W/a.pem -noout -startdate -enddate | tr '\n' ' ')"
as aud audit list --limit 3; echo "   events: $(head -c 300 $W/out | tr -s ' \n' ' ')"
nb=$(openssl x509 -in $W/a.pem -noout -startdate | cut -d= -f2); [ $(date -d "$nb" +%s) -lt $(( $(date +%s) - 86400*30 )) ] && exit 0 || exit 1
