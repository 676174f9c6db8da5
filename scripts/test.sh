#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors and runs every test (ctest:
# unit, integration, CLI and offscreen GUI tests, peer-validator scripts, translation completeness).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="${TIRKEU_BUILD_DIR:-$root/build-test}"
# The libraries and programs are optimised as shipped (-O2); the debug information is line tables
# only (-g1: file and line in a backtrace, a quarter less compile time) and gold links the ~100 test
# programs (about twice as fast as the default linker). Test sources: -Og (tests/CMakeLists.txt).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIRKEU_WERROR=ON -DTIRKEU_BUILD_TESTS=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_EXE_LINKER_FLAGS="-fuse-ld=gold"
cmake --build "$build" -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
