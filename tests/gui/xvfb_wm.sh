#!/usr/bin/env bash
# Runs a GUI test program on a real X server with a window manager (issue 16: the layout test at real
# widths must not rely on the offscreen platform alone): Xvfb with a 1280x1024 screen, openbox as the
# window manager (frames, placement, the work area), Qt's xcb platform.
#   xvfb_wm.sh PROGRAM [ARGS...]
set -euo pipefail
for tool in xvfb-run openbox xprop; do
    command -v "$tool" >/dev/null || { echo "xvfb_wm.sh: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" bash -c '
    log=$(mktemp)
    openbox --sm-disable >"$log" 2>&1 &
    wm=$!
    # Wait until the window manager has taken the screen (it announces itself on the root window): up to
    # 60 s, as the test runs beside others on two busy cores (5 s was once not enough under ctest -j2).
    for _ in $(seq 1 600); do
        xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id" && break
        kill -0 "$wm" 2>/dev/null || break
        sleep 0.1
    done
    if ! xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id"; then
        echo "openbox did not start:" >&2
        cat "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
    QT_QPA_PLATFORM=xcb "$@"
    rc=$?
    kill "$wm" 2>/dev/null || true
    exit $rc
' xvfb_wm "$@"
