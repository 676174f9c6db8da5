#!/usr/bin/env bash
# Hostile rows in a pg_dump backup (PostgreSQL): a register's pg_dump is loaded into a scratch database, given a
# CRL-number floor near 2^63 with a hash-correct register.restored event "proving" it, then dumped again
# (pg_dump --format=custom, as Tirkeu does). db restore into a new database takes it; the CA signs CRL 2^63-1 and
# never publishes again; audit verify rc=0. (A backup with every login locked in signin_failures is refused by the
# restore itself: it signs the administrator in against the backup.) Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-dump-hostile; . "$(dirname "$0")/common.sh"
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
psql "$S" -X -q -t -A -c "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA'" 2>&1 | sed 's/^/   /'
python3 $FORGE "$S" admin register.restored "/srv/backup/old.dump" '{"from":"/srv/backup/old.dump","crl_numbers_lost":{"NCA":9223372036854775806}}' | sed 's/^/   /'
pg_dump --format=custom --no-owner --file $W/bk/hostile.dump "$S" || exit 1
DB="postgresql://tirkeu_owner@$P/r2"
as admin db restore --from $W/bk/hostile.dump; say "db restore of the edited pg_dump into a new database: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
openssl crl -in $W/pub/NCA.crl -inform DER -noout -crlnumber | sed 's/^/   /'
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
