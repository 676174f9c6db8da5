#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# OCSP responses of the conformance register (run 30 first): good / revoked / hold / unknown, parsed by openssl and
# python3-cryptography, signature verified with ocsptool. Exit 0.
set -u; export LC_ALL=C.UTF-8
W=/work/attack29/work/conformance; OCSP=${OCSP:-/work/attack29/bin/tirkeu-ocsp}
{ echo "[responder]"; echo "register = $W/register.sqlite"; echo "listen = 127.0.0.1"; echo "port = 0"; echo "threads = 1"; echo "cache_seconds = 0"
  for c in NCA GOV; do echo "[ca $c]"; echo "key = file:$W/ocsp-$c.p8"; echo "secret_file = $W/ocsp.pass"; done; } >$W/ocsp.conf; chmod 600 $W/ocsp.conf
rm -f $W/ocsp.port; "$OCSP" --config $W/ocsp.conf --port-file $W/ocsp.port >$W/ocsp.log 2>&1 & PID=$!; trap 'kill $PID' EXIT
for _ in $(seq 50); do [ -s $W/ocsp.port ] && break; sleep 0.2; done; URL=http://127.0.0.1:$(cat $W/ocsp.port)
for c in ind ind-auth leg gov; do ca=NCA; [ $c = gov ] && ca=GOV
  openssl ocsp -issuer $W/$ca.pem -cert $W/$c.pem -url $URL -respout $W/resp-$c.der -CAfile $W/root.pem -verify_other $W/$ca.pem 2>&1 | sed "s/^/   $c: /" | head -3
done
openssl ocsp -issuer $W/NCA.pem -serial 0x0102 -url $URL -respout $W/resp-unknown.der -noverify 2>&1 | sed 's/^/   unknown: /' | head -2
python3 - $W <<'PY'
import sys
from cryptography.x509 import ocsp, load_pem_x509_certificate
W=sys.argv[1]
for n in ['ind','ind-auth','leg','gov','unknown']:
    r=ocsp.load_der_ocsp_response(open(f'{W}/resp-{n}.der','rb').read())
    print(n, r.response_status.name, r.certificate_status.name, 'produced',r.produced_at_utc, 'this',r.this_update_utc,'next',r.next_update_utc,
          'rev', r.revocation_time_utc if r.certificate_status.name=='REVOKED' else '', r.revocation_reason if r.certificate_status.name=='REVOKED' else '',
          'rid', 'hash' if r.responder_key_hash else r.responder_name, 'certs', len(r.certificates), [e.oid._name for e in r.extensions], [e.oid._name for e in r.single_extensions], r.signature_hash_algorithm.name)
PY
