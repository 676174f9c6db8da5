#!/usr/bin/env bash
# crl_owed: (1) at a CA without publish_dir (CRLs published by hand with crl publish --out, as the README's own
# examples do) a key compromise is never recorded as owed, and crl status states "Nothing owed: every key compromise
# is in a published CRL" while the published CRL does not list it; (2) with publish_dir, a key compromise revoked
# without the CA passphrase is owed, and one UPDATE of the unbound crl_owed row (sqlite3 here; the PostgreSQL
# application role has the same right) makes crl status and today say nothing is owed; audit verify rc=0. Exit 0.
NAME=crl-owed-hidden; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
submit_approve "" Seitkali >/dev/null; mkcsr $W/b.csr; issue $APP $W/b.csr $W/b.pem; B=$SERIAL
mkdir -p $W/pub; as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass >/dev/null
say "(1) no publish_dir: A revoked for key compromise"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
as off1 crl status --ca NCA; say "crl status: $(tail -2 $W/out | tr '\n' ' ' | cut -c1-200)"
echo "   published CRL: $(openssl crl -in $W/pub/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|No Revoked' -A1 | tr -s ' \n' ' ')"
say "(2) publish_dir set; B revoked for key compromise without the CA passphrase"
as admin ca set --code NCA publish_dir=$W/pub; show $?
as off1 certificate revoke --ca NCA --serial $B --reason key_compromise --basis holder_application; show $?
as off1 crl status --ca NCA; say "crl status: $(tail -3 $W/out | tr '\n' ' ' | cut -c1-250)"
sqlite3 $DB "UPDATE crl_owed SET settled_at='2026-12-07T00:00:00.000Z', settled_crl=1"; say "crl_owed marked settled outside Tirkeu"
as off1 crl status --ca NCA; say "crl status: $(tail -2 $W/out | tr '\n' ' ' | cut -c1-200)"
as off1 today; say "today: $(head -c 200 $W/out | tr '\n' ' ')"
as aud audit verify; say "audit verify: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
exit 0
