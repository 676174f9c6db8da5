#!/usr/bin/env bash
# Unbound tables in an edited SQLite backup (db restore --replace): crl_owed (an owed CRL for a serial never
# revoked), signin_failures (the administrator locked), application_drafts (a draft under the administrator's
# name). What does the restore accept, and what follows? Exit 0.
NAME=backup-unbound; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
mkdir -p $W/bk $W/pub; chmod 700 $W/bk
as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass >/dev/null
as admin db backup --out $W/bk/b.sqlite; show $?
sqlite3 $W/bk/b.sqlite "INSERT INTO crl_owed(ca_id, serial, reason_code, recorded_at) SELECT id, '0BADC0DE', 1, '2026-12-07T00:00:00.000Z' FROM cas WHERE code='NCA';
  INSERT INTO signin_failures(login, failures, last_failure_at, locked_at) VALUES ('admin', 99, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'), ('off1', 99, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z');
  INSERT INTO application_drafts(operator_id, ca_code, form_code, content, created_at, updated_at) SELECT id, 'NCA', 'NCA-ISSUE-IND', '{\"surname\":\"Planted\",\"iin\":\"900101300000\"}', '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z' FROM operators WHERE login='op';" 2>&1 | sed 's/^/   sqlite3: /'
as admin db restore --from $W/bk/b.sqlite --replace; say "restore --replace of the edited backup: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as admin operator list; say "admin sign-in after restore: rc=$? $(head -c 300 $W/err | tr '\n' ' ')"
as off1 crl status --ca NCA; say "off1 sign-in after restore: rc=$? $(head -c 200 $W/err | tr '\n' ' ')"
as off2 crl status --ca NCA; say "crl status (off2): rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
as off2 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass; say "crl publish (off2): rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as off2 crl status --ca NCA; say "crl status after publish: rc=$? $(head -c 400 $W/out $W/err | tr '\n' ' ')"
as op application drafts; say "op's drafts: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
as admin db restore --from $W/bk/b.sqlite --replace; say "the administrator tries to restore again (or any backup): rc=$? $(head -c 200 $W/err)"
as admin operator unlock admin; say "operator unlock admin: rc=$? $(head -c 200 $W/err)"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
