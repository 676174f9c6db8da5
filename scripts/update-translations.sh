#!/usr/bin/env bash
# Extracts every tr() string of the sources into translations/kk_ru/tirkeu_{kk,ru}.ts (lupdate), and the
# plural ones ("%n day(s)") into tirkeu_en.ts, whose English forms scripts/english-plurals.py writes.
# New strings arrive as "unfinished": translate them (Linguist or by editing the XML) before
# committing; scripts/check-translations.sh (a ctest test) fails while any entry is unfinished.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lupdate="${LUPDATE:-/usr/lib/qt6/bin/lupdate}"
ts_files=("$root/translations/kk_ru/tirkeu_kk.ts" "$root/translations/kk_ru/tirkeu_ru.ts")
en_file="$root/translations/kk_ru/tirkeu_en.ts"
if [ "${1:-}" = "--lang" ]; then
  # Only one catalogue (so two translators can work at once).
  ts_files=("$root/translations/kk_ru/tirkeu_$2.ts"); en_file=""; shift 2
fi
if [ "${1:-}" = "--to" ]; then
  # Update copies in another folder (used by the check).
  out="$2"; mkdir -p "$out"
  cp "${ts_files[@]}" "$out/"
  ts_files=("$out/tirkeu_kk.ts" "$out/tirkeu_ru.ts")
  [ -z "$en_file" ] || { cp "$en_file" "$out/" 2>/dev/null || true; en_file="$out/tirkeu_en.ts"; }
fi
# -I: lupdate must see the project's include root to resolve the class of each tr() context.
"$lupdate" -silent -no-obsolete -locations none -I "$root" \
  "$root/app" "$root/forms" "$root/registry" "$root/pki" "$root/reports" \
  -ts "${ts_files[@]}"
if [ -n "$en_file" ]; then
  "$lupdate" -silent -no-obsolete -pluralonly -locations none -I "$root" \
    "$root/app" "$root/forms" "$root/registry" "$root/pki" "$root/reports" \
    -target-language en_GB -ts "$en_file"
  python3 "$root/scripts/english-plurals.py" "$en_file"
fi
