#!/usr/bin/env bash
# Fails when a user-visible string is missing from the Kazakh or Russian catalogue, or when an
# entry is unfinished (also the English plural forms of tirkeu_en.ts). Runs lupdate on copies so the working tree is not touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$root/scripts/update-translations.sh" --to "$tmp"
status=0
for lang in kk ru en; do
  f="$tmp/tirkeu_$lang.ts"
  total=$(grep -c '<message' "$f" || true)
  unfinished=$(grep -c 'type="unfinished"' "$f" || true)
  echo "tirkeu_$lang.ts: $total messages, $unfinished unfinished or new"
  if [ "$unfinished" -gt 0 ]; then
    status=1
    grep -B3 'type="unfinished"' "$f" | grep '<source>' | head -20 | sed 's/^/  untranslated: /'
  fi
done
if [ $status -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $status
