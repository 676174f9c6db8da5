#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# tirkeu-ocsp configured on a register that is then moved (`db migrate`, SQLite -> SQLite here): the responder
# goes on signing fresh "good" answers from the retired register for a certificate revoked in the new one.
NAME=ocsp-migrate; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || exit 1
CACHE_SECONDS=0 ocsp_start NCA || exit 1
say "before migrate:  $(ocspq $W/nca.pem $W/a.pem)"
NEW=$W/new.sqlite
as admin db migrate --from sqlite:$DB --to sqlite:$NEW; show $?
say "responder log: $(tail -2 $W/ocsp.log | tr '\n' ' ')"
DB=$NEW as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
DB=$NEW as aud certificate show $A --ca NCA; echo "   new register: $(grep -E '^status' $W/out)"
sleep 2
say "after revoke in the new register (responder on the retired one): $(ocspq $W/nca.pem $W/a.pem)"
openssl ocsp -issuer $W/nca.pem -cert $W/a.pem -url $OCSP_URL -noverify -resp_text 2>/dev/null | grep -E 'Produced At|This Update|Next Update|Cert Status' | sed 's/^/   /'
say "old register writes: $(as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; echo rc=$? $(head -c 200 $W/err))"
say "responder log tail:"; tail -3 $W/ocsp.log
as aud audit verify; say "audit verify old: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
ocsp_stop; CACHE_SECONDS=0 ocsp_start NCA && say "responder restarted on the moved register: $(head -1 $W/ocsp.log | cut -c1-160) -> $(ocspq $W/nca.pem $W/a.pem)"
exit 0
