#!/usr/bin/env bash
# Operator passwords: only "at least 8 characters": an officer (issues and revokes with the CA key) may get
# "12345678" or "password" — the first guesses of any attacker, well inside the 5 attempts before the lock.
# Exit 0 = vulnerable.
NAME=weak-passwords; . "$(dirname "$0")/common.sh"
staff >/dev/null || { echo setup failed; exit 1; }
ok=0
for p in 12345678 password qwertyui; do
  TIRKEU_NEW_PASSWORD="$p" as admin operator add --login "w$p" --name "Weak Officer" --role officer && { echo "   officer with password '$p' created"; ok=1; }
done
echo "password" > $W/guess.pw; chmod 600 $W/guess.pw
"$CLI" --db "$DB" --lang en --as wpassword --password-file $W/guess.pw operator list >/dev/null 2>&1 && echo "   signed in as wpassword with the first guess"
[ $ok = 1 ] && exit 0 || exit 1
