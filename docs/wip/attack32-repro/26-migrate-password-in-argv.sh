#!/usr/bin/env bash
# `--db` with a password in the URL is warned about (process list); `db migrate --to/--from postgresql://user:PASSWORD@…`
# is not, and has no file alternative: the PostgreSQL schema owner's password is in every user's `ps` for the whole
# copy. Exit 0 = vulnerable.
NAME=migrate-argv; . "$(dirname "$0")/common.sh"
staff >/dev/null || { echo setup failed; exit 1; }
python3 -c '
import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); s.bind(("127.0.0.1",0)); s.listen(5)
open("'$W'/port","w").write(str(s.getsockname()[1]))
c,_=s.accept(); time.sleep(8)' & SRV=$!
for _ in $(seq 20); do [ -s $W/port ] && break; sleep 0.2; done
"$CLI" --db "$DB" --lang en --as admin --password-file $W/admin.pw db migrate --from sqlite:$DB --to "postgresql://owner:Sch3maOwnerPass@127.0.0.1:$(cat $W/port)/tirkeu" >$W/out 2>$W/err & P=$!
sleep 2
seen=$(tr '\0' ' ' < /proc/$P/cmdline 2>/dev/null)
echo "   /proc/$P/cmdline (any user): $seen"
kill $P $SRV 2>/dev/null; wait $P $SRV 2>/dev/null
echo "   warning printed: $(grep -c 'process list' $W/err)"
echo "$seen" | grep -q Sch3maOwnerPass && ! grep -q 'process list' $W/err && exit 0 || exit 1
