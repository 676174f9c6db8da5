#!/usr/bin/env bash
# Hold, base CRL, release, hold again, release again, delta: the delta CRL lists the same serial twice (two
# removeFromCRL entries, two revocation dates). Exit 0 = vulnerable (duplicate entries).
NAME=delta-duplicate; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub
submit_approve >/dev/null; mkcsr $W/c.csr; issue $APP $W/c.csr $W/c.pem; A=$SERIAL
H() { as off1 certificate revoke --ca NCA --serial $A --reason certificate_hold --basis holder_application || show 1; }
R() { as off1 certificate release --ca NCA --serial $A --basis holder_application || show 1; }
H; step "base CRL (A on hold)" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
R; H; R; say "released, held, released"
step "delta" as off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass
n=$(openssl crl -in $W/pub/NCA-delta.crl -inform DER -noout -text | grep -c "Serial Number: $A")
openssl crl -in $W/pub/NCA-delta.crl -inform DER -noout -text | grep -E 'Serial|Revocation Date|Reason' -A1 | grep -v -- -- | tr -s ' \n' ' '; echo
echo "   entries for $A in the delta: $n"
[ "$n" -ge 2 ] && exit 0 || exit 1
