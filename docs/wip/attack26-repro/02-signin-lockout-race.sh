#!/usr/bin/env bash
# Guesses fired at once are all checked: the lock after 5 failures and the 1-2-4-8 s delay count only what
# finished before each attempt started, and the right password among them signs in although the login is
# locked by then. SQLite (default) or PostgreSQL (ENGINE=pg, as the application role).
NAME=02-signin-race${ENGINE:+-$ENGINE}
source "$(dirname "$0")/common.sh"
GUESSES=${GUESSES:-24}
if [ "${ENGINE:-}" = pg ]; then pg_up || exit 1; pg_newdb atk02; DB=$DB_OWNER APPROLE=tirkeu_app; fi
setup || exit 1
[ "${ENGINE:-}" = pg ] && DB=$DB_APP
as admin operator lockout; echo "   lockout: $(tr '\n' ' ' <"$W/out")"
for i in $(seq 1 $GUESSES); do echo "wrong-guess-$i" >"$W/g$i.pw"; chmod 600 "$W/g$i.pw"; done
cp "$W/op.pw" "$W/g$((GUESSES+1)).pw"   # the right password, the last of the burst
say "baseline: 6 guesses one after another (each waits for the one before)"
for i in 1 2 3 4 5 6; do "$CLI" --db "$DB" --lang en --as op --password-file "$W/g$i.pw" application list >/dev/null 2>"$W/e$i"; echo "   guess $i: rc=$? $(head -c 150 "$W/e$i")"; done
"$CLI" --db "$DB" --lang en --as op --password-file "$W/op.pw" application list >/dev/null 2>"$W/e"; echo "   right password after that: rc=$? $(head -c 160 "$W/e")"
as admin operator unlock op; echo "   unlock: rc=$?"
say "burst: $GUESSES wrong guesses and the right password, started at the same moment"
pids=()
for i in $(seq 1 $((GUESSES+1))); do
  ( "$CLI" --db "$DB" --lang en --as op --password-file "$W/g$i.pw" application list >"$W/bo$i" 2>"$W/be$i"; echo $? >"$W/brc$i" ) &
  pids+=($!)
done
wait "${pids[@]}"
ok=0; for i in $(seq 1 $GUESSES); do [ "$(cat "$W/brc$i")" = 0 ] && ok=$((ok+1)); done
echo "   wrong guesses accepted: $ok; right password: rc=$(cat "$W/brc$((GUESSES+1))") $(head -c 200 "$W/be$((GUESSES+1))")"
echo "   refusals by kind: $(cat "$W"/be* | sed 's/tirkeu-cli: error: //' | cut -c1-60 | sort | uniq -c | tr '\n' ';')"
as aud audit list --subject op --limit 200 --json
python3 - "$W/out" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
ev = d if isinstance(d, list) else d.get("events", d.get("items", []))
c = collections.Counter()
for e in ev:
    t = e.get("event_type") or e.get("type")
    det = e.get("details") or {}
    if isinstance(det, str):
        try: det = json.loads(det)
        except Exception: det = {}
    c[(t, det.get("reason"))] += 1
for k, v in sorted(c.items(), key=str): print("   events:", k, v)
PY
as admin operator list; grep -E '^op |login' "$W/out" | sed 's/^/   /'
