#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# PostgreSQL: which tables have no guard trigger, and what the application role can do to them with psql: the lockout
# counter, a CRL-number floor near 2^63 (F12), and last an operators row (caught by audit verify). Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-unguarded; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null
say "tables and their non-internal triggers:"
psql "$APPURL" -X -q -t -A -F' ' -c "SELECT c.relname, count(t.oid) FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace LEFT JOIN pg_trigger t ON t.tgrelid=c.oid AND NOT t.tgisinternal WHERE c.relkind='r' AND n.nspname='public' GROUP BY c.relname ORDER BY 2,1" | tr '\n' ';'; echo
say "lockout: 4 wrong passwords for off1, then the application role clears the counter"
for i in 1 2 3 4; do echo wrong >$W/bad.pw; chmod 600 $W/bad.pw; "$CLI" --db "$DB" --lang en --as off1 --password-file $W/bad.pw crl status --ca NCA >/dev/null 2>&1; done
psql "$APPURL" -X -q -t -A -c "SELECT * FROM signin_failures" | head -3 | sed 's/^/   signin_failures: /'
as admin operator list; grep off1 $W/out | sed 's/^/   /'
printf '   DELETE FROM signin_failures -> %s\n' "$(psql "$APPURL" -X -q -t -A -c "DELETE FROM signin_failures" 2>&1)"
as admin operator list; grep off1 $W/out | sed 's/^/   after: /'
for s in "INSERT INTO calendar_overrides(date, working, note) VALUES ('2026-12-08', 0, 'x')" "UPDATE maintenance SET sweep_active=1" "INSERT INTO crl_number_floors SELECT * FROM crl_number_floors LIMIT 0" ; do
  printf '   %-110s -> %s\n' "$s" "$(psql "$APPURL" -X -q -t -A -c "$s" 2>&1 | head -1)"
done
say "CRL number floor set by the application role near the end of the 63-bit range:"
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null; pointers NCA >/dev/null
mkdir -p $W/pub; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
printf '   %s\n' "$(psql "$APPURL" -X -q -t -A -c "INSERT INTO crl_number_floors(ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA' ON CONFLICT (ca_id) DO UPDATE SET highest_published=excluded.highest_published" 2>&1)"
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
say "operators row changed by the application role (role and password hash):"
for st in "UPDATE operators SET role='administrator' WHERE login='op'" "UPDATE operators SET password_hash=(SELECT password_hash FROM operators WHERE login='op') WHERE login='admin'"; do
  printf '   %-110s -> %s\n' "$st" "$(psql "$APPURL" -X -q -t -A -c "$st" 2>&1 | head -1)"
done
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
