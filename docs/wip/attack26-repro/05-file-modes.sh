#!/usr/bin/env bash
# The mode of every file and folder tirkeu-cli writes, under umask 022 and 000 (UMASK=...).
# Reports world-writable (o+w) files/folders and others-readable (o+r) files that hold secrets or personal data.
U=${UMASK:-000}
NAME=05-modes-$U
source "$(dirname "$0")/common.sh"
umask "$U"
setup || exit 1
as admin audit key init --key-out "$W/keys/audit.p8" --key-passphrase-file "$W/ca.pass" --public-out "$W/keys/audit-pub.pem"; show $?
submit_approve || exit 1; mkcsr "$W/h1.csr"; issue "$APP" "$W/h1.csr" "$W/out1/c1.pem" || { show $?; exit 1; }; S1=$SERIAL
submit_approve "$(newiin 42)" Second || exit 1; echo "p12-Password-2026" >"$W/p12.pw"; chmod 600 "$W/p12.pw"
as off1 certificate issue --application "$APP" --pkcs12-out "$W/out2/h2.p12" --pkcs12-password-file "$W/p12.pw" --out "$W/out2/c2.pem" --ca-passphrase-file "$W/ca.pass"; show $?
mkdir -p "$W/crl"; chmod 755 "$W/crl"
as off1 crl publish --ca NCA --out "$W/crl" --ca-passphrase-file "$W/ca.pass"; show $?
as off1 crl publish --ca NCA --out "$W/crl" --delta --ca-passphrase-file "$W/ca.pass"; show $?
as aud audit checkpoint --out "$W/anchors" --key-passphrase-file "$W/ca.pass"; show $?
as aud audit publish-anchors --out "$W/anchors" --key-passphrase-file "$W/ca.pass"; show $?
TIRKEU_AUDIT_KEY_PASSPHRASE=$(cat "$W/ca.pass") as aud audit export-anchor --out "$W/exp/anchor.txt"; show $?
as aud report register-extract --ca NCA --format csv --out "$W/rep/extract.csv"; show $?
as aud report crl-listing --ca NCA --format pdf --out "$W/rep/crl.pdf"; show $?
as aud certificate print "$S1" --ca NCA --out "$W/rep/paper.pdf"; show $?
as aud certificate show "$S1" --out "$W/rep/show.pem"; show $?
as op application prefill --ca NCA --serial "$S1" --out "$W/rep/prefill.json"; show $?
as aud form print --application 1 --out "$W/rep/form.pdf"; show $?
cli form template --form NCA-ISSUE-IND --out "$W/rep/template.pdf"; show $?
as off1 ocsp init-signer --ca NCA --key-out "$W/ocsp/signer.p8" --passphrase-file "$W/ca.pass" --ca-passphrase-file "$W/ca.pass" --cert-out "$W/ocsp/signer.pem"; show $?
mkdir -p "$W/custody"; chmod 700 "$W/custody"
as admin ca backup --ca NCA --out "$W/custody/shares" --custodian "A One;Clerk" --custodian "B Two;Clerk" --custodian "C Three;Clerk" --custodian "D Four;Clerk" --custodian "E Five;Clerk" --ca-passphrase-file "$W/ca.pass"; show $?
mkdir -m 700 "$W/bk"; as admin db backup --out "$W/bk/reg.sqlite"; show $?
mkdir -p "$W/batch/in"; submit_approve "$(newiin 43)" Third || exit 1; mkcsr "$W/batch/in/$APP.csr"
as off1 certificate issue-batch --dir "$W/batch/in" --out "$W/batch/out" --ca-passphrase-file "$W/ca.pass"; show $?
say "modes (umask $U) — o+w anywhere, or o+r on files that hold secrets/personal data"
cd "$W"
find . -path ./home -prune -o \( -type f -o -type d \) -printf '%m %p\n' | grep -vE '\.(pw|pass|json|csr|key)$|/(out|err|e[0-9]*)$|^[0-9]+ \.$' | sort -k2 | sed 's/^/   /'
