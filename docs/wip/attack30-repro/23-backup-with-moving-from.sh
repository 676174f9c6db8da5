#!/usr/bin/env bash
# An edited SQLite backup carrying meta moving_from: db restore --replace takes it; the restored register refuses
# every write as "an unfinished copy", audit verify rc=0. Exit 0.
NAME=backup-moving-from; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/bk; chmod 700 $W/bk
as admin db backup --out $W/bk/b.sqlite; show $?
sqlite3 $W/bk/b.sqlite "INSERT INTO meta(key,value) VALUES ('moving_from','/srv/tirkeu/old-register.sqlite')"
as admin db restore --from $W/bk/b.sqlite --replace; say "restore --replace of the edited backup: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as admin operator lockout --max-failures 6; say "a write afterwards: rc=$? $(head -c 400 $W/err)"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
