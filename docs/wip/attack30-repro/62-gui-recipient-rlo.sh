#!/usr/bin/env bash
# GUI evidence for script 40: the certificate details dialog ("Key media received by") of a GOV certificate whose
# --recipient-name/--recipient-order carry U+202E shows the order number and date reversed. Runs 40 first.
# Needs xvfb, xdotool, imagemagick. Screenshot: /work/attack30/work/bidi-gov-recipient/details.png. Exit 0.
D=$(dirname "$(readlink -f "$0")"); "$D/40-bidi-gov-recipient.sh" >/dev/null 2>&1
W=/work/attack30/work/bidi-gov-recipient
Xvfb :79 -screen 0 1600x1000x24 >/dev/null 2>&1 & XPID=$!; GPID=; trap 'kill $GPID $XPID 2>/dev/null' EXIT; sleep 1
export DISPLAY=:79 QT_QPA_PLATFORM=xcb LC_ALL=C.UTF-8 TIRKEU_DB=$W/register.sqlite HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_DATA_HOME=$W/home/.local/share
S=1.1519; c() { xdotool mousemove $(python3 -c "print(round($1*$S), round($2*$S))") click 1; sleep 0.4; }
/work/attack30/bin/tirkeu >$W/gui.log 2>&1 & GPID=$!; sleep 4
xdotool search --name 'sign in' windowactivate --sync 2>/dev/null; xdotool type --delay 30 aud; xdotool key Tab; xdotool type --delay 30 aud-Password-2026; xdotool key Return; sleep 3
IIN=$(sqlite3 $W/register.sqlite "select iin from persons limit 1")
c 228 62; c 375 92; xdotool type --delay 20 "$IIN"; xdotool key Return; sleep 1.5; c 300 140; c 44 551; sleep 1.5
import -window root $W/details.png; echo "screenshot: $W/details.png"
sqlite3 $W/register.sqlite "select json_extract(details,'$.media_recipient') from audit_events where event_type='certificate.issued'" | sed 's/^/stored: /'
