#!/usr/bin/env bash
# The closed-day mark (meta audit_signed_through, still unbound): a future day is now ignored, but today's date is
# "one clock a day ahead" and accepted. Written by the PostgreSQL application role, it dates every event of the rest
# of the day (revocations included) at the next midnight (Almaty); audit verify rc=0 with a clock warning. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-closed-today; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve "" Kasymova >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
TODAY=$(TZ=Asia/Almaty date +%F)
psql "$APPURL" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('audit_signed_through','$TODAY') ON CONFLICT (key) DO UPDATE SET value=excluded.value" 2>&1 | sed 's/^/   /'
say "application role set audit_signed_through=$TODAY (today in Almaty); now $(date -u +%FT%TZ)"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
psql "$APPURL" -X -q -c "DELETE FROM meta WHERE key='audit_signed_through'" >/dev/null; say "mark removed again"
submit_approve "" Seitkali >/dev/null
psql "$APPURL" -X -q -t -A -c "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 4" | sed 's/^/   event: /'
psql "$APPURL" -X -q -t -A -c "SELECT 'revocations.revoked_at: '||revoked_at FROM revocations" | sed 's/^/   /'
as aud audit verify; say "audit verify: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
exit 0
