#!/usr/bin/env bash
# Make a register for the GUI session (staff + NCA + one approved application + one issued certificate). Exit 0.
NAME=gui; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; echo "A=$SERIAL"
submit_approve "" Seitkali >/dev/null; echo "approved APP=$APP"
echo "DB=$DB"
