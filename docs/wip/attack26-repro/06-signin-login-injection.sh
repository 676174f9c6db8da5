#!/usr/bin/env bash
# Whoever may start a sign-in (no account needed) writes any text into the event log: the login typed is
# recorded as-is (operator and subject of operator.signin_failed), with terminal escape sequences and any length,
# and `audit list` prints it raw on the auditor's terminal. Audit events are kept for their retention period.
NAME=06-login-injection
source "$(dirname "$0")/common.sh"
setup || exit 1
echo "x" >"$W/x.pw"; chmod 600 "$W/x.pw"
# ESC ] 0 ; title BEL (window title), ESC [ 2 J (clear screen), then a fake line, OSC 52 (clipboard write)
EVIL=$'\e]0;tirkeu: all checks passed\a\e[2J\e[H\e[32mThe event log is intact.\e[0m\e]52;c;cm0gLXJmIH4K\a'
"$CLI" --db "$DB" --lang en --as "$EVIL" --password-file "$W/x.pw" application list >/dev/null 2>"$W/e1"; echo "   sign-in with the escape login: rc=$?"
LONG=$(head -c 120000 /dev/zero | tr '\0' 'A')
"$CLI" --db "$DB" --lang en --as "$LONG" --password-file "$W/x.pw" application list >/dev/null 2>"$W/e2"; echo "   sign-in with a 120,000-character login: rc=$? stderr bytes $(wc -c <"$W/e2")"
before=$(stat -c %s "$DB"); ev0=$(sqlite3 "$DB" "SELECT count(*) FROM audit_events")
for i in 1 2 3 4 5 6 7 8 9 10; do "$CLI" --db "$DB" --lang en --as "$LONG$i" --password-file "$W/x.pw" application list >/dev/null 2>&1; done
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "   10 more such logins: events $ev0 -> $(sqlite3 "$DB" "SELECT count(*) FROM audit_events"), file $before -> $(stat -c %s "$DB") bytes, longest event operator field $(sqlite3 "$DB" "SELECT max(length(operator)) FROM audit_events") chars"
as aud audit list --limit 20
echo "   raw ESC bytes (0x1b) in the auditor's 'audit list' output: $(tr -cd '\033' <"$W/out" | wc -c); OSC 52 clipboard sequence present: $(grep -c $'\e]52;' "$W/out")"
echo "   first bytes of that output, escaped:"; head -c 300 "$W/out" | od -c | head -6 | sed 's/^/     /'
as admin operator list; echo "   operator list: $(wc -l <"$W/out") lines"
