#!/usr/bin/env bash
# `db migrate` "moves" a register, but the source stays a live register and its event log never names the copy
# (db backup records register.backed_up in the register copied before the copy exists; migrate records only in the
# new register). After the move an officer (or the scheduled job, or tirkeu-ocsp, still configured with the old
# path) keeps working on the old one without a word: a key-compromise revocation made there is not in the new one,
# whose responder answers "good"; both registers keep one register id and their audit chains fork at the next
# event (same seq, different events). Exit 0 when it reproduces.
NAME=migrate-source-live; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
ocsp_signer NCA >/dev/null || exit 1
as admin db migrate --from sqlite:$DB --to sqlite:$W/new.sqlite; show $?
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; rc=$?
echo "== revoke in the OLD register after the move: rc=$rc $(head -c 150 $W/out $W/err | tr '\n' ' ')"
echo "== old register: revocations $(q 'SELECT count(*) FROM revocations'), register id $(q "SELECT value FROM meta WHERE key='register_id'" 2>/dev/null)"
echo "== new register: revocations $(sqlite3 $W/new.sqlite 'SELECT count(*) FROM revocations'), register id $(sqlite3 $W/new.sqlite "SELECT value FROM meta WHERE key='register_id'" 2>/dev/null)"
REG=$W/new.sqlite ocsp_start NCA || exit 1
r=$(ocspq $W/nca.pem $W/a.pem); echo "== tirkeu-ocsp on the new register, A: $r"
echo "== events naming the migration in the OLD register: $(q "SELECT count(*) FROM audit_events WHERE event_type LIKE 'register.%'")"
echo "== last event of each: old $(q 'SELECT seq, event_type FROM audit_events ORDER BY seq DESC LIMIT 1'), new $(sqlite3 $W/new.sqlite 'SELECT seq, event_type FROM audit_events ORDER BY seq DESC LIMIT 1')"
[ $rc -eq 0 ] && case "$r" in *"a.pem: good"*) echo REPRODUCED; exit 0;; esac
exit 1
