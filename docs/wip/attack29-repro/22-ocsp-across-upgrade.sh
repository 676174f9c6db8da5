#!/usr/bin/env bash
# OCSP across a schema upgrade: a register made by an older build (schema 23, the attack-26 binary, copied), served by
# (a) the new responder before the upgrade, (b) the old responder while the new `db init` upgrades it to 26 and the new
# CLI revokes. OLDBIN = folder of the older tirkeu-cli/tirkeu-ocsp. Exit 0.
OLDBIN=${OLDBIN:-/work/attack29/work/oldbin}
NAME=ocsp-upgrade; . "$(dirname "$0")/common.sh"
NEWCLI=$CLI; NEWOCSP=$OCSP
CLI=$OLDBIN/tirkeu-cli setup >/dev/null || { echo "setup (old) failed"; cat $W/err; exit 1; }
CLI=$OLDBIN/tirkeu-cli submit_approve >/dev/null; mkcsr $W/a.csr; CLI=$OLDBIN/tirkeu-cli issue $APP $W/a.csr $W/a.pem; A=$SERIAL
CLI=$OLDBIN/tirkeu-cli ocsp_signer NCA >/dev/null || { cat $W/err; exit 1; }
"$NEWCLI" --db $DB db info | grep -i schema
say "(a) new responder on the schema-23 register:"
OCSP=$NEWOCSP CACHE_SECONDS=0 ocsp_start NCA; say "   $(head -1 $W/ocsp.log | cut -c1-200) -> $(ocspq $W/nca.pem $W/a.pem)"; ocsp_stop
"$NEWCLI" --db $DB db info | grep -i schema
say "(b) old responder running, register upgraded by the new db init, then revoked with the new CLI:"
OCSP=$OLDBIN/tirkeu-ocsp CACHE_SECONDS=0 ocsp_start NCA || exit 1
say "   old responder before: $(ocspq $W/nca.pem $W/a.pem)"
"$NEWCLI" --db $DB --lang en db init; echo "   db init (new): rc=$?"
"$NEWCLI" --db $DB db info | grep -i schema
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
sleep 1
say "   old responder after upgrade + revocation: $(ocspq $W/nca.pem $W/a.pem)"
say "   old responder log: $(tail -2 $W/ocsp.log | tr '\n' ' ' | cut -c1-300)"
ocsp_stop; OCSP=$OLDBIN/tirkeu-ocsp CACHE_SECONDS=0 ocsp_start NCA; say "   old responder restarted on the schema-26 register: $(head -2 $W/ocsp.log | tr '\n' ' ' | cut -c1-250) -> $(ocspq $W/nca.pem $W/a.pem)"
exit 0
