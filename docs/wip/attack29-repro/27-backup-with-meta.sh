#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# A backup file edited with sqlite3 in its unbound `meta` rows (closed-day mark in 2099; audit key swapped), restored with
# --replace: what does the restored register do? Exit 0.
NAME=backup-meta; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
echo "audit-Passphrase-2026" >$W/audit.pass; chmod 600 $W/audit.pass
as admin audit key init --key-out $W/audit.p8 --key-passphrase-file $W/audit.pass --public-out $W/audit-pub.pem; show $?
mkdir -p $W/anchors $W/bk; chmod 700 $W/bk
as aud audit checkpoint --out $W/anchors --key-passphrase-file $W/audit.pass; show $?
as admin db backup --out $W/bk/b.sqlite; show $?
cp $W/bk/b.sqlite $W/bk/hostile.sqlite
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $W/evil.pem 2>/dev/null
SPKI=$(openssl pkey -in $W/evil.pem -pubout -outform DER | base64 -w0)
sqlite3 $W/bk/hostile.sqlite "INSERT INTO meta VALUES ('audit_signed_through','2099-12-31'); UPDATE meta SET value='$SPKI' WHERE key='audit_key_spki';" && echo "   backup edited"
as admin db restore --from $W/bk/hostile.sqlite --replace; say "restore --replace: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
q "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 2" | sed 's/^/   event: /'
as admin operator lockout --max-failures 6; show $?
q "SELECT seq, ts, event_type FROM audit_events ORDER BY seq DESC LIMIT 1" | sed 's/^/   event: /'
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as aud audit verify --anchors $W/anchors; say "audit verify --anchors (honest checkpoint): rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
