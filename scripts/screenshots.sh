#!/usr/bin/env bash
# PNGs of the desktop application's windows, rendered offscreen by the GUI test on a throw-away
# register: dialogs (first administrator, refused sign-in), the queue as operator and as officer
# (overdue / due-today rows), the register tab, and both tabs with pseudo-long texts; the new
# application's form page, checklist, a government letter and the issuance dialog; the register
# search, certificate details, revocation confirmation, expiring list and settings in kk and ru; and
# every page and dialog of the layout test (tirkeu_tests_gui tst_layout) in kk, ru and en at 1280x800 and 1024x768,
# rendered on Xvfb with a window manager (tests/gui/xvfb_wm.sh), as the layout test checks them.
#   scripts/screenshots.sh [OUT_DIR]      (default: <build>/screenshots; build dir: $TIRKEU_BUILD_DIR or build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TIRKEU_BUILD_DIR:-$root/build}
out=${1:-$build/screenshots}
[ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ] || cmake -S "$root" -B "$build" -G Ninja
cmake --build "$build" -j2 --target tirkeu_tests_gui
mkdir -p "$out"
for t in tst_mainwindow tst_entryflow tst_registerflow tst_entryflow2; do
    QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 TIRKEU_SCREENSHOT_DIR="$out" "$build/tests/tirkeu_tests_gui" "$t" -silent
done
LC_ALL=C.UTF-8 TIRKEU_SCREENSHOT_DIR="$out" "$root/tests/gui/xvfb_wm.sh" "$build/tests/tirkeu_tests_gui" tst_layout -silent
ls -1 "$out"/*.png
