#!/usr/bin/env bash
# s29 F5 C (every later event dated in 2100) through another door: the closed-day mark in meta is now ignored
# when in the future, but the floor "no event before the newest event" has no upper bound. The PostgreSQL
# application role appends one hash-correct event dated 2099-12-31; every genuine event after it is dated 2099.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-future-event; . "$(dirname "$0")/common.sh"
FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve "" Kasymova >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
say "application role: one forged register.backed_up event dated 2099-12-31T19:00:00Z"
FORGE_TS=2099-12-31T19:00:00.000Z python3 $FORGE "$APPURL" admin register.backed_up "/srv/backup/x.dump" '{"file":"/srv/backup/x.dump","method":"pg_dump"}' | sed 's/^/   /'
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
mkdir -p $W/pub; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
psql "$APPURL" -X -q -t -A -c "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 5" | sed 's/^/   event: /'
openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'Last Update|Revocation Date' | sed 's/^/   CRL: /'
as aud audit verify; say "audit verify: rc=$? $(head -c 600 $W/out $W/err | tr '\n' ' ')"
exit 0
