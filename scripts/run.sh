#!/usr/bin/env bash
# Installs what is missing, builds Tirkeu and starts the desktop application on the embedded default
# register (a SQLite file in your data folder, created on first start; the first start asks for the
# first administrator's account). Extra arguments go to tirkeu (e.g. --db FILE).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="${TIRKEU_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIRKEU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target tirkeu tirkeu-cli
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run: no display found; starting under xvfb-run (set DISPLAY to use your screen)" >&2
  exec xvfb-run -a "$build/app/gui/tirkeu" "$@"
fi
exec "$build/app/gui/tirkeu" "$@"
