#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Start the GUI (offscreen, 6 s) on registers tampered with sqlite3; report crashes (exit code, signal) and stderr.
NAME=gui-tamper; . "$(dirname "$0")/common.sh"
GUI=${GUI:-/work/attack29/bin/tirkeu}
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem
cp $DB $W/base.sqlite
t() { # TITLE SQL
  cp $W/base.sqlite $W/t.sqlite; rm -f $W/t.sqlite-wal $W/t.sqlite-shm
  sqlite3 $W/t.sqlite "PRAGMA foreign_keys=OFF; $2" 2>&1 | head -1 | sed 's/^/   sqlite3: /'
  timeout -s TERM 6 env QT_QPA_PLATFORM=offscreen "$GUI" --db $W/t.sqlite >$W/gui.out 2>&1 </dev/null; rc=$?
  printf '## %-60s rc=%s %s\n' "$1" $rc "$(grep -v XDG_RUNTIME $W/gui.out | head -3 | tr '\n' ' ' | cut -c1-250)"
}
t "untouched" ""
t "certificate der = garbage" "DROP TRIGGER IF EXISTS certificates_immutable; UPDATE certificates SET der=X'3000'"
t "cas.name 100k chars" "UPDATE cas SET name=printf('%.100000c','A')"
t "schema_migrations row deleted" "DELETE FROM schema_migrations WHERE version=(SELECT max(version) FROM schema_migrations)"
t "schema version 999" "INSERT INTO schema_migrations(version, applied_at) VALUES (999, '2026-01-01')"
t "audit_events dropped" "DROP TABLE audit_events"
t "meta moved_to set" "INSERT INTO meta VALUES ('moved_to','/nonexistent/x.sqlite')"
t "file truncated to 8 KiB" ""; truncate -s 8192 $W/t.sqlite; timeout 6 env QT_QPA_PLATFORM=offscreen "$GUI" --db $W/t.sqlite >$W/gui.out 2>&1 </dev/null; echo "## truncated: rc=$? $(grep -v XDG $W/gui.out | head -2 | tr '\n' ' ' | cut -c1-200)"
exit 0
