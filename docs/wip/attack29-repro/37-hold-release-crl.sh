#!/usr/bin/env bash
# Hold -> delta -> release -> delta/full on the conformance register (run 30 first): removeFromCRL entry, base number.
set -u; export LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; W=/work/attack29/work/conformance; DB=$W/register.sqlite; export HOME=$W/home
as() { local who=$1; shift; "$CLI" --db "$DB" --lang en --as "$who" --password-file "$W/$who.pw" "$@" >"$W/out" 2>"$W/err" </dev/null; }
S=$(openssl x509 -in $W/leg.pem -noout -serial | cut -d= -f2)
as off1 certificate release --ca NCA --serial $S --basis holder_application; echo "release rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
as off1 crl publish --ca NCA --out $W/crl --delta --ca-passphrase-file $W/ca.pass; echo "delta rc=$? $(head -c 150 $W/out $W/err)"
openssl crl -in $W/crl/NCA-delta.crl -inform DER -noout -text | grep -E 'CRL Number|Delta|Serial Number|Reason|Remove|Hold|^ {12}[0-9]' -A1 | tr -s ' ' | head -20
as off1 crl publish --ca NCA --out $W/crl --ca-passphrase-file $W/ca.pass; echo "full rc=$? $(head -c 150 $W/out $W/err)"
openssl crl -in $W/crl/NCA.crl -inform DER -noout -text | grep -E 'CRL Number|Serial Number|Reason|Invalidity' -A1 | tr -s ' ' | head -12
openssl verify -crl_check_all -use_deltas -CAfile $W/root.pem -untrusted $W/NCA.pem -CRLfile $W/crl/NCA.crl.pem -CRLfile $W/crl/NCA-delta.crl.pem -CRLfile $W/crl/ROOT.crl.pem $W/leg.pem 2>&1 | tail -1
