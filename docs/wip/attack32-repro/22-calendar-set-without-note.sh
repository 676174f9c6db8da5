#!/usr/bin/env bash
# `calendar set --date D --day-off` without the optional --note fails with a raw database error (exit 7,
# "NOT NULL constraint failed: calendar_overrides.note"). Exit 0 = vulnerable (bug present).
NAME=calendar-note; . "$(dirname "$0")/common.sh"
staff >/dev/null || { echo setup failed; exit 1; }
step "calendar set without --note" as admin calendar set --date 2027-01-05 --day-off
rc=$?; grep -q 'NOT NULL constraint' $W/err && [ $rc -ne 0 ] && exit 0 || exit 1
