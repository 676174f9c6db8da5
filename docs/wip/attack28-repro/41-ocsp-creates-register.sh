#!/usr/bin/env bash
# tirkeu-ocsp given a register path where there is none (a typo in ocsp.conf `register =`): it creates an empty
# SQLite register there (file, -wal, -shm) and says it "needs to be upgraded … (the command db init upgrades it)";
# tirkeu-cli refuses the same path ("There is no register at … yet"). Exit 0 when it reproduces.
NAME=ocsp-creates; . "$(dirname "$0")/common.sh"
printf '[responder]\nregister = %s/typo.sqlite\nlisten = 127.0.0.1\nport = 0\n[ca NCA]\nkey = file:%s/none.p8\nsecret_file = %s/none.pass\n' "$W" "$W" "$W" >$W/ocsp.conf
chmod 600 $W/ocsp.conf
"$CLI" --db $W/typo.sqlite db info >/dev/null 2>$W/cli.err; echo "== tirkeu-cli db info: rc=$? $(head -c 120 $W/cli.err)"
ls $W/typo.sqlite* 2>/dev/null || echo "   (no file after tirkeu-cli)"
"$OCSP" --config $W/ocsp.conf --check >$W/ocsp.out 2>&1; echo "== tirkeu-ocsp --check: rc=$? $(head -c 250 $W/ocsp.out)"
ls -la $W/typo.sqlite* 2>/dev/null
[ -f $W/typo.sqlite ] && { echo REPRODUCED; exit 0; }
exit 1
