#!/usr/bin/env bash
# db migrate killed after the source's retirement, before the copy's confirmation (fault point
# migrate-before-confirm; needs a build with TIRKEU_FAULT_INJECTION, as the tested binaries are). The administrator
# runs "the same db migrate again" but names the target another way (through a symlinked folder): Tirkeu says the
# copy — the only live register, the source being retired — "was never used" and tells them to delete it. Exit 0.
NAME=migrate-confirm; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
mkdir -p $W/real; ln -s $W/real $W/link
TIRKEU_FAULT_AT=migrate-before-confirm as admin db migrate --from $DB --to $W/link/new.sqlite; say "migrate killed at migrate-before-confirm: rc=$?"
say "source: moved_to=$(sqlite3 $DB "select value from meta where key='moved_to'")"
say "copy:   moving_from=$(sqlite3 $W/real/new.sqlite "select value from meta where key='moving_from'")  events=$(sqlite3 $W/real/new.sqlite 'select count(*) from audit_events')"
as admin db migrate --from $DB --to $W/real/new.sqlite; say "the same db migrate again, target by its real path: rc=$? $(head -c 500 $W/out $W/err | tr '\n' ' ')"
say "the administrator follows the instruction: deletes the copy and runs db migrate again"
mkdir -p $W/kept; cp $W/real/new.sqlite* $W/kept/; rm -f $W/real/new.sqlite*
as admin db migrate --from $DB --to $W/real/new.sqlite; say "db migrate: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; say "a revocation in the source: rc=$? $(head -c 300 $W/err)"
say "(control) with the copy put back and the first spelling, the move finishes:"
cp $W/kept/new.sqlite* $W/real/; as admin db migrate --from $DB --to $W/link/new.sqlite; say "rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
exit 0
