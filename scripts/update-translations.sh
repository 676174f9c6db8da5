#!/usr/bin/env bash
# Extracts every tr() string of the sources into translations/kk_ru/tirkeu_{kk,ru}.ts (lupdate).
# New strings arrive as "unfinished": translate them (Linguist or by editing the XML) before
# committing; scripts/check-translations.sh (a ctest test) fails while any entry is unfinished.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lupdate="${LUPDATE:-/usr/lib/qt6/bin/lupdate}"
ts_files=("$root/translations/kk_ru/tirkeu_kk.ts" "$root/translations/kk_ru/tirkeu_ru.ts")
if [ "${1:-}" = "--lang" ]; then
  # Only one catalogue (so two translators can work at once).
  ts_files=("$root/translations/kk_ru/tirkeu_$2.ts"); shift 2
fi
if [ "${1:-}" = "--to" ]; then
  # Update copies in another folder (used by the check).
  out="$2"; mkdir -p "$out"
  cp "${ts_files[@]}" "$out/"
  ts_files=("$out/tirkeu_kk.ts" "$out/tirkeu_ru.ts")
fi
# -I: lupdate must see the project's include root to resolve the class of each tr() context.
"$lupdate" -silent -no-obsolete -locations none -I "$root" \
  "$root/app" "$root/forms" "$root/registry" "$root/pki" "$root/reports" \
  -ts "${ts_files[@]}"
