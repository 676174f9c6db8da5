#!/usr/bin/env bash
# Every C++ file of the tree is formatted by the repository's .clang-format with clang-format 14
# (the version the style was written for; another version formats some constructs differently).
# Prints the offending files with clang-format's first complaints; exit 1 when any is misformatted,
# 77 (skipped) without clang-format 14.
set -uo pipefail
root="${1:-${TIRKEU_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}}"
cd "$root" || exit 2
format=""
for candidate in clang-format-14 clang-format; do
    if command -v "$candidate" >/dev/null && "$candidate" --version | grep -q 'version 14\.'; then
        format=$candidate
        break
    fi
done
if [ -z "$format" ]; then
    echo "clang-format 14 not found: skipped"
    exit 77
fi
# Tracked files and new ones not ignored (a file being added is checked before its commit).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    list() { git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h'; }
else
    list() { find . -path ./build -prune -o -type f \( -name '*.cpp' -o -name '*.h' \) -print | sed 's|^\./||'; }
fi
# One clang-format run over every file; its complaints start with "FILE:LINE:COL: error:".
mapfile -t files < <(list | while IFS= read -r f; do [ -f "$f" ] && echo "$f"; done)
out=$(printf '%s\0' "${files[@]}" | xargs -0 -r "$format" --dry-run --Werror 2>&1)
rc=$?
bad=$(grep -oE '^[^:]+\.(cpp|h):[0-9]+:[0-9]+: error' <<<"$out" | cut -d: -f1 | sort -u)
if [ $rc -ne 0 ] || [ -n "$bad" ]; then
    echo "$out" | head -n 40
    echo "not clang-formatted (run $format -i on them):"
    echo "${bad:-?}"
    exit 1
fi
echo "${#files[@]} C++ files formatted"
