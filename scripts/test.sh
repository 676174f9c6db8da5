#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors and runs every test (ctest:
# unit, integration, CLI and offscreen GUI tests, peer-validator scripts, translation completeness).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="${TIRKEU_BUILD_DIR:-$root/build-test}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIRKEU_WERROR=ON -DTIRKEU_BUILD_TESTS=ON
cmake --build "$build" -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
