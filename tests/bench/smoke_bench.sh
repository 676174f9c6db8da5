#!/usr/bin/env bash
# ctest bench.smoke: runs the benchmarks at tiny sizes (2,000 revoked, 20 delta revocations, the next full CRL
# into the same folder, 10 CSRs one
# by one and 10 in a batch, 2,000 certificates behind both OCSP responders for 1 s per run) so their code
# cannot rot. Passes when
# each exits 0 (its own checks: CRL entry counts, openssl parses and verifies our CRL, same revoked set
# as openssl ca -gencrl, delta indicator, issued certificates verify, tirkeu-ocsp and openssl ocsp
# -index give the same verified answers and both answer under load) and prints every figure as a
# number. The figures themselves are not judged here.
# bench_crl also publishes the same CA partitioned (16 serial ranges); bench_journal prints the journal
# PDF at 200 and 400 rows, each in its own process.
# Usage: smoke_bench.sh BENCH_CRL BENCH_ISSUE TIRKEU_CLI [BENCH_OCSP TIRKEU_OCSP [BENCH_JOURNAL]]
# Issue 18 (national scale), through the environment: SMOKE_BENCH_SEARCH, SMOKE_BENCH_GUI_REGISTER,
# SMOKE_BENCH_EXPORT (3,000 / 1,000 generated certificates, 20 searches of each kind; 2,000 revoked).
set -euo pipefail
bench_crl="$1" bench_issue="$2" cli="$3" bench_ocsp="${4:-}" ocsp="${5:-}" bench_journal="${6:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

fail() {
  echo "smoke_bench: $*" >&2
  exit 1
}

# Every key must appear once as "BENCH key=<number>".
expect_figures() {
  local file="$1"
  shift
  for key in "$@"; do
    grep -Eq "^BENCH ${key//./\\.}=-?[0-9.]+(e[-+]?[0-9]+)?$" "$file" || fail "no numeric figure $key in $file"
  done
  grep -q '^BENCH checks_failed=0$' "$file" || fail "a check failed in $file"
}

rc=0
"$bench_crl" --cli "$cli" --revoked 2000 --delta 20 --partitions 16 >"$out/crl.txt" 2>&1 || rc=$?
cat "$out/crl.txt"
[ "$rc" -eq 0 ] || fail "bench_crl exited with $rc"
expect_figures "$out/crl.txt" full.entries full.ours.wall_s full.ours.rss_mib full.ours.der_mib full.openssl.wall_s \
  full.openssl.rss_mib full.speedup full.memory_ratio full.inprocess_s phase.key_unlock_s phase.sqlite_scan_s \
  phase.crl_writer_s delta.entries delta.revocations_per_s delta.inprocess_s delta.inprocess_ratio delta.ratio_without_unlock delta.cli_wall_s \
  delta.cli_ratio full_again.wall_s full_again.rss_mib full_again.speedup full.ours.cpu_s full.openssl.cpu_s full.cpu_speedup unlock.wall_s full.speedup_without_unlock
grep -q '^BENCH full.entries=2000$' "$out/crl.txt" || fail "bench_crl did not use --revoked 2000"
grep -q 'same serials, dates and reasons in both CRLs .*ok$' "$out/crl.txt" || fail "revoked sets not compared"
expect_figures "$out/crl.txt" partitioned.count partitioned.wall_s partitioned.rss_mib partitioned.largest_der_mib \
  partitioned.wall_vs_full partitioned.speedup_vs_openssl
grep -q 'openssl crl verifies a partition CRL with its critical IDP .*ok$' "$out/crl.txt" || fail "no partition CRL checked"

rc=0
"$bench_issue" --csrs 10 --register-certs 3000 --speed-seconds 1 >"$out/issue.txt" 2>&1 || rc=$?
cat "$out/issue.txt"
[ "$rc" -eq 0 ] || fail "bench_issue exited with $rc"
expect_figures "$out/issue.txt" issue.count issue.seconds issue.per_s issue.key_unlock_ms issue.openssl_sign_per_s \
  issue.ratio issue_batch.count issue_batch.seconds issue_batch.groups issue_batch.cpu_s issue_batch_per_s \
  openssl_rsa2048_sign_per_s issue_batch_ratio
grep -q '^BENCH issue.count=10$' "$out/issue.txt" || fail "bench_issue did not use --csrs 10"
grep -q '^BENCH issue_batch.count=10$' "$out/issue.txt" || fail "bench_issue did not issue the batch of 10"
grep -q 'each handed out after its group.s commit .*ok$' "$out/issue.txt" || fail "batch hand-out not checked"
grep -q '^BENCH issue.register_certificates=3000$' "$out/issue.txt" || fail "bench_issue did not fill the register first"
grep -q '3020 certificates, 20 applications done .*ok$' "$out/issue.txt" || fail "bench_issue's counts on a filled register"

if [ -n "$bench_ocsp" ]; then
  # Bounded by its own time limit (the watchdog stops both responders), and by timeout as a last guard.
  rc=0
  timeout -k 5 60 "$bench_ocsp" --ocsp "$ocsp" --certs 2000 --clients 4 --seconds 1 --time-limit 45 \
    >"$out/ocsp.txt" 2>&1 || rc=$?
  cat "$out/ocsp.txt"
  [ "$rc" -eq 0 ] || fail "bench_ocsp exited with $rc"
  figures=()
  for w in uniform hot; do
    for k in tirkeu.rps tirkeu.p50_ms tirkeu.p99_ms tirkeu.failed openssl.rps openssl.p50_ms openssl.p99_ms \
      openssl.failed ratio tirkeu_keepalive.rps tirkeu_keepalive.p99_ms; do
      figures+=("$w.$k")
    done
  done
  expect_figures "$out/ocsp.txt" "${figures[@]}" certificates clients openssl_processes answers_agree \
    answers_checked goal_met
  grep -q '^BENCH certificates=2000$' "$out/ocsp.txt" || fail "bench_ocsp did not use --certs 2000"
  grep -q '^same answers .* 350 of 350 ok$' "$out/ocsp.txt" || fail "bench_ocsp answers not compared"
fi
if [ -n "$bench_journal" ]; then
  rc=0
  QT_QPA_PLATFORM=offscreen "$bench_journal" 200 400 >"$out/journal.txt" 2>&1 || rc=$?
  cat "$out/journal.txt"
  [ "$rc" -eq 0 ] || fail "bench_journal exited with $rc"
  for key in journal.200.pdf_s journal.200.rss_mib journal.400.pdf_s journal.400.rss_mib journal.400.per_row_ratio \
    journal.400.rss_ratio journal.linear journal.flat_memory; do
    grep -Eq "^BENCH ${key//./\\.}=-?[0-9.]+$" "$out/journal.txt" || fail "no numeric figure $key in journal.txt"
  done
fi
# ---- issue 18: register generator, search, register page, CSV export ----
if [ -n "${SMOKE_BENCH_SEARCH:-}" ]; then
  rc=0
  "$SMOKE_BENCH_SEARCH" --certs 3000 --small 1000 --queries 20 >"$out/search.txt" 2>&1 || rc=$?
  cat "$out/search.txt"
  [ "$rc" -eq 0 ] || fail "bench_search exited with $rc"
  figures=(small.gen.rows_per_s large.gen.rows_per_s certificates goal_met)
  for k in iin bin serial serial_prefix surname surname_name organisation organisation_full; do
    figures+=("small.$k.p50_ms" "large.$k.p99_ms" "ratio.$k.p50" "ratio.$k.p99")
  done
  expect_figures "$out/search.txt" "${figures[@]}"
fi
if [ -n "${SMOKE_BENCH_GUI_REGISTER:-}" ]; then
  rc=0
  QT_QPA_PLATFORM=offscreen "$SMOKE_BENCH_GUI_REGISTER" --certs 3000 >"$out/gui.txt" 2>&1 || rc=$?
  cat "$out/gui.txt"
  [ "$rc" -eq 0 ] || fail "bench_gui_register exited with $rc"
  expect_figures "$out/gui.txt" certificates open_ms first_page_ms scroll.pages_loaded scroll.slowest_step_ms steps_over_200ms \
    goal_met
fi
if [ -n "${SMOKE_BENCH_EXPORT:-}" ]; then
  rc=0
  "$SMOKE_BENCH_EXPORT" --cli "$cli" --revoked 2000 >"$out/export.txt" 2>&1 || rc=$?
  cat "$out/export.txt"
  [ "$rc" -eq 0 ] || fail "bench_export exited with $rc"
  expect_figures "$out/export.txt" rows ours.wall_s sqlite3.wall_s ratio gen.rows_per_s
  grep -q '^BENCH rows=2000$' "$out/export.txt" || fail "bench_export did not use --revoked 2000"
fi
echo "smoke_bench: every benchmark ran and printed every figure"
