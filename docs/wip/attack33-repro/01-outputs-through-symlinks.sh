#!/usr/bin/env bash
# Several outputs are written through a symbolic link planted at the output name (README: "A symbolic link at a
# document's name is refused"): `form template --out` (no sign-in needed), `audit export-anchor --out` (uses faketime),
# `audit key init --public-out` (the public key verify trusts), and `ocsp init-signer --cert-out` at a dangling link.
# Exit 0 = vulnerable (at least one written through the link).
NAME=outputs-through-symlinks; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/o $W/elsewhere; vuln=0
victim() { echo "VICTIM-CONTENT" > $W/victim-$1; rm -f $W/o/$1; ln -s $W/victim-$1 $W/o/$1; }
check() { if ! grep -q VICTIM-CONTENT $W/victim-$1; then echo "   VULNERABLE: $W/victim-$1 overwritten through link $W/o/$1 ($(head -c 40 $W/victim-$1 | tr -dc '[:print:]'))"; vuln=1; else echo "   held: $(head -c 150 $W/err)"; fi; }
victim tmpl.pdf; step "form template --out <symlink> (no sign-in)" cli form template --form NCA-ISSUE-IND --out $W/o/tmpl.pdf; check tmpl.pdf
echo "audit-Passphrase-2026-xyz" > $W/audit.pass; chmod 600 $W/audit.pass
victim audit-pub.pem; step "audit key init --public-out <symlink>" as admin audit key init --key-out $W/audit.p8 --key-passphrase-file $W/audit.pass --public-out $W/o/audit-pub.pem; check audit-pub.pem
# dangling link: the certificate lands where the link points
rm -f $W/o/ocsp.pem; ln -s $W/elsewhere/planted.pem $W/o/ocsp.pem
echo "ocsp-Passphrase-2026-xyz" >$W/ocsp.pass; chmod 600 $W/ocsp.pass
step "ocsp init-signer --cert-out <dangling symlink>" as off1 ocsp init-signer --ca NCA --key-out $W/ocsp-NCA.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/o/ocsp.pem
if [ -s $W/elsewhere/planted.pem ]; then echo "   VULNERABLE: certificate written where the dangling link points ($W/elsewhere/planted.pem)"; vuln=1; else echo "   held"; fi
# audit export-anchor --out: needs a finished (Almaty) day with events: a second register written "yesterday" with
# faketime (10:00 UTC today = 15:00 Almaty, the day before Almaty's today after 19:00 UTC).
if command -v faketime >/dev/null; then
  Y="$(date -u +%Y-%m-%d) 10:00:00"; [ "$(date -u +%H)" -lt 19 ] && Y="$(date -u -d '-1 day' +%Y-%m-%d) 10:00:00"
  DB2=$W/reg2.sqlite
  faketime "$Y" "$CLI" --db $DB2 --lang en db init --admin admin --admin-name Admin --admin-password-file $W/admin.pw >/dev/null 2>&1
  TIRKEU_NEW_PASSWORD=aud-Password-2026 faketime "$Y" "$CLI" --db $DB2 --lang en --as admin --password-file $W/admin.pw \
    operator add --login aud --name "Test aud" --role auditor >/dev/null 2>&1
  victim anchor.txt
  DB=$DB2 step "audit export-anchor --out <symlink> (yesterday's anchor)" as aud audit export-anchor --out $W/o/anchor.txt; check anchor.txt
else echo "(faketime missing: audit export-anchor not tried)"; fi
[ $vuln = 1 ] && exit 0 || exit 1
