#!/usr/bin/env bash
# notifications: the PostgreSQL application role rewrites a queued revocation notice (first run: recipient too,
# subject, body); the next `notify send` (the CA's mailer, its SMTP account) delivers the attacker's text, as the CA,
# to an address of the attacker's choice; audit verify rc=0. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-notifications; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app >/dev/null
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve "" Kasymova >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
as off1 certificate revoke --ca NCA --serial $A --reason superseded --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as off1 notify list; say "queued notices: $(head -c 300 $W/out | tr '\n' ' ')"
psql "$APPURL" -X -q -t -A -c "UPDATE notifications SET subject='Тіркеу куәлігі кері қайтарылды / Срочно', body='Your certificate was revoked. Re-issue it at http://pki-gov-kz.evil.example/reissue with your IIN and password.' WHERE state='queued'" 2>&1 | sed 's/^/   /'
python3 $(dirname "$(readlink -f "$0")")/smtp_sink.py $W/smtp.port $W/mail.txt & SINK=$!; trap 'kill $SINK 2>/dev/null' EXIT; sleep 1
as off1 notify send --smtp smtp://127.0.0.1:$(cat $W/smtp.port) --from ca@nca.example.kz; say "notify send: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
say "what the mail server received:"; sed 's/^/   /' $W/mail.txt | head -20
as aud audit verify; say "audit verify: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
exit 0
