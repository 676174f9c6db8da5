#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# A backup file edited with sqlite3 to carry a CRL-number floor near 2^63 (crl_number_floors is bound to nothing):
# restored (into a new file, and with --replace), then crl publish. Exit 0.
NAME=backup-floor; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub $W/bk; chmod 700 $W/bk
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as admin db backup --out $W/bk/b.sqlite; show $?
cp $W/bk/b.sqlite $W/bk/hostile.sqlite
sqlite3 $W/bk/hostile.sqlite "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA' ON CONFLICT(ca_id) DO UPDATE SET highest_published=excluded.highest_published" && echo "   backup edited"
as admin db restore --from $W/bk/hostile.sqlite --replace; say "restore --replace of the edited backup: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as aud audit verify; say "audit verify: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
exit 0
