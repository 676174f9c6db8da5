#!/usr/bin/env bash
# A3 through a pg_dump: a register's pg_dump edited (pg_restore into scratch, meta moving_from added, pg_dump again)
# and restored with db restore into a new database. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-dump-moving-from; . "$(dirname "$0")/common.sh"
FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" -c "CREATE DATABASE scratch" -c "CREATE DATABASE r2 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1"
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
mkdir -p $W/pub $W/bk; chmod 700 $W/bk; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as admin db backup --out $W/bk/r1.dump; show $?
say "the backup edited: pg_restore into a scratch database, rows added, pg_dump --format=custom again"
pg_restore --no-owner -d "postgresql://tirkeu@$P/scratch" $W/bk/r1.dump 2>&1 | head -3
S="postgresql://tirkeu@$P/scratch"
psql "$S" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('moving_from','/srv/tirkeu/old-register.sqlite')" 2>&1 | sed 's/^/   /'
pg_dump --format=custom --no-owner --file $W/bk/hostile.dump "$S" || exit 1
DB="postgresql://tirkeu_owner@$P/r2"
as admin db restore --from $W/bk/hostile.dump; say "db restore of the edited pg_dump into a new database: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as admin operator lockout --max-failures 6; say "a write in the restored register: rc=$? $(head -c 300 $W/err)"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
