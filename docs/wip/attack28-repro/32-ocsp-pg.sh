#!/usr/bin/env bash
# The CertID cases of 30-ocsp-certid-cases.sh and the revocation latency against a PostgreSQL register, on a
# throw-away server (the project's tests/pg/pg_server.sh: temp dir, loopback port). Table; exit 0 always.
if [ -z "${TIRKEU_TEST_PG:-}" ]; then exec "$(dirname "$0")/../../../tests/pg/pg_server.sh" "$0" "$@"; fi
NAME=ocsp-pg; . "$(dirname "$0")/common.sh"
psql -d postgres -q -c "CREATE DATABASE tirkeu28" >/dev/null || exit 1
DB="postgresql://tirkeu@$PGHOST:$PGPORT/tirkeu28"
setup >/dev/null || { echo "setup failed: $(cat $W/err)"; exit 1; }
as admin ca add --code OTH --name "Other National CA" --kind national >/dev/null
as admin ca init --code OTH --key-algorithm p256 --key-out "$W/oth.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/oth.pem" >/dev/null
pointers OTH >/dev/null
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
submit_approve "" Kasymova OTH >/dev/null; mkcsr $W/b.csr; issue $APP $W/b.csr $W/b.pem; B=$SERIAL
ocsp_signer NCA >/dev/null || exit 1
ocsp_start NCA || exit 1
head -1 $W/ocsp.log
t() { printf '## %-45s %s\n' "$1" "$2"; }
t "A sha1"                  "$(ocspq $W/nca.pem $W/a.pem)"
t "A sha256, no nonce"      "$(ocspq $W/nca.pem $W/a.pem -sha256 -no_nonce)"
t "B under OTH (not served)" "$(ocspq $W/oth.pem $W/b.pem)"
t "B's serial under NCA"    "$(ocspq $W/nca.pem -serial 0x$B)"
t "serial 0"                "$(ocspq $W/nca.pem -serial 0)"
t "serial -1"               "$(ocspq $W/nca.pem -serial -1)"
t "serial 21 bytes"         "$(ocspq $W/nca.pem -serial 0x01$A)"
t "serial with SQL quote (as text)" "$(ocspq $W/nca.pem -serial "0x27$A")"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass >/dev/null || show $?
start=$(date +%s.%N)
for i in $(seq 40); do r=$(ocspq $W/nca.pem $W/a.pem -sha256 -no_nonce); case "$r" in *revoked*) break;; esac; sleep 0.1; done
t "A revoked: cached no-nonce answer turns revoked after" "$(echo "$(date +%s.%N) - $start" | bc) s: $r"
tail -n 3 $W/ocsp.log
exit 0
