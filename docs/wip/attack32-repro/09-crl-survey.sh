#!/usr/bin/env bash
# Survey: CRL and delta fields after a hold, a key compromise with invalidity date, a release; lint with openssl,
# certtool, python-cryptography. Not a finding by itself.
NAME=crl-survey; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/pub
for i in 1 2 3 4; do submit_approve >/dev/null; mkcsr $W/c$i.csr; issue $APP $W/c$i.csr $W/c$i.pem; S[$i]=$SERIAL; done
step "full 1" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
step "hold 1" as off1 certificate revoke --ca NCA --serial ${S[1]} --reason certificate_hold --basis holder_application
step "kc 2" as off1 certificate revoke --ca NCA --serial ${S[2]} --reason key_compromise --basis holder_application --invalidity-date "$(date -u -d '-1 min' +%FT%TZ)"
step "unspec 3" as off1 certificate revoke --ca NCA --serial ${S[3]} --reason unspecified --basis court_decision --basis-document "Court 1"
step "delta" as off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass
cp $W/pub/NCA-delta.crl $W/delta1.crl
step "full 2" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
cp $W/pub/NCA.crl $W/full2.crl
step "release 1" as off1 certificate release --ca NCA --serial ${S[1]} --basis holder_application
step "delta 2" as off1 crl publish --ca NCA --out $W/pub --delta --ca-passphrase-file $W/ca.pass
cp $W/pub/NCA-delta.crl $W/delta2.crl
for f in delta1 full2 delta2; do echo "---- $f"; openssl crl -in $W/$f.crl -inform DER -noout -text | grep -vE '^\s+[0-9a-f:]{20,}$' ; certtool --crl-info --inder --infile $W/$f.crl 2>&1 | grep -iE 'warn|error'; done
python3 - $W <<'P'
import sys
from cryptography import x509
w=sys.argv[1]; ca=x509.load_pem_x509_certificate(open(w+'/nca.pem','rb').read())
for f in ('delta1','full2','delta2'):
    c=x509.load_der_x509_crl(open(w+'/'+f+'.crl','rb').read()); print(f, 'sig ok', c.is_signature_valid(ca.public_key()), [e.oid._name for e in c.extensions])
P
