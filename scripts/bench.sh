#!/usr/bin/env bash
# Builds the benchmarks of tests/bench in Release (-O2) in their own build directory and runs them.
# Each prints its figures next to a reference measured in the same run (openssl ca -gencrl,
# openssl speed, openssl ocsp -index). Not a pass/fail test: read the figures.
#
#   scripts/bench.sh            full sizes: 1,000,000 revoked, 1,000 delta revocations, 500 CSRs (and a batch of 1,000),
#                               1,000,000 certificates behind the OCSP responders
#   scripts/bench.sh --quick    smoke sizes: 20,000 revoked, 100 delta revocations, 20 CSRs (+20 in a batch),
#                               20,000 certificates
#
# Sizes can also be set one by one: TIRKEU_BENCH_REVOKED, TIRKEU_BENCH_DELTA, TIRKEU_BENCH_CSRS,
# TIRKEU_BENCH_BATCH_CSRS (bulk issuance, issue 18),
# TIRKEU_BENCH_OCSP_CERTS (and TIRKEU_BENCH_OCSP_CLIENTS, TIRKEU_BENCH_OCSP_SECONDS).
# National scale (issue 18): TIRKEU_BENCH_SEARCH_CERTS (default 1,000,000; 10,000,000 for the national
# figure: its generation takes minutes), TIRKEU_BENCH_GUI_CERTS (default 1,000,000),
# TIRKEU_BENCH_EXPORT_ROWS (default 1,000,000).
# TIRKEU_BENCH_BUILD_DIR overrides the build directory (default build-bench in the source tree).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TIRKEU_BENCH_BUILD_DIR:-$root/build-bench}"

revoked="${TIRKEU_BENCH_REVOKED:-1000000}"
delta="${TIRKEU_BENCH_DELTA:-1000}"
csrs="${TIRKEU_BENCH_CSRS:-500}"
batch_csrs="${TIRKEU_BENCH_BATCH_CSRS:-1000}"
ocsp_certs="${TIRKEU_BENCH_OCSP_CERTS:-1000000}"
search_certs="${TIRKEU_BENCH_SEARCH_CERTS:-1000000}"
gui_certs="${TIRKEU_BENCH_GUI_CERTS:-1000000}"
export_rows="${TIRKEU_BENCH_EXPORT_ROWS:-1000000}"
speed_seconds=3
for arg in "$@"; do
  case "$arg" in
    --quick)
      revoked="${TIRKEU_BENCH_REVOKED:-20000}"
      delta="${TIRKEU_BENCH_DELTA:-100}"
      csrs="${TIRKEU_BENCH_CSRS:-20}"
      batch_csrs="${TIRKEU_BENCH_BATCH_CSRS:-20}"
      ocsp_certs="${TIRKEU_BENCH_OCSP_CERTS:-20000}"
      search_certs="${TIRKEU_BENCH_SEARCH_CERTS:-50000}"
      gui_certs="${TIRKEU_BENCH_GUI_CERTS:-50000}"
      export_rows="${TIRKEU_BENCH_EXPORT_ROWS:-20000}"
      speed_seconds=1
      ;;
    -h | --help)
      sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "bench: unknown argument $arg (use --quick or --help)" >&2
      exit 2
      ;;
  esac
done

"$root/scripts/install-deps.sh" >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DTIRKEU_BUILD_TESTS=ON -DTIRKEU_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target bench

export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
bin="$build/tests/bench"
echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(openssl version)"
echo
"$bin/bench_crl" --cli "$build/app/cli/tirkeu-cli" --revoked "$revoked" --delta "$delta"
echo
"$bin/bench_issue" --csrs "$csrs" --batch-csrs "$batch_csrs" --speed-seconds "$speed_seconds"
echo
"$bin/bench_ocsp" --ocsp "$build/app/ocsp/tirkeu-ocsp" --certs "$ocsp_certs"
echo
"$bin/bench_search" --certs "$search_certs"
echo
"$bin/bench_gui_register" --certs "$gui_certs"
echo
"$bin/bench_export" --cli "$build/app/cli/tirkeu-cli" --revoked "$export_rows"
