#!/usr/bin/env bash
CLI=${CLI:-/work/attack30/bin/tirkeu-cli}; export CLI
# Invisible / look-alike characters the name check lets through (NCA-ISSUE-IND surname). Table; exit 0.
NAME=invisible; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
n=0
try() { # TITLE SURNAME(python literal)
    n=$((n+1)); local iin=$(newiin $((300+n)))
    python3 - "$W/h$n.json" "$iin" "$2" <<'PY'
import json,sys,datetime
f,iin,s=sys.argv[1:4]; s=eval(s)
json.dump({"iin":iin,"surname":s,"name":"Әлия","region":"Almaty","city":"Konaev","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()},open(f,"w"),ensure_ascii=False)
PY
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/h$n.json" --attachments identity_document_copy --consent --json; local rc=$?
    local stored=""; [ $rc = 0 ] && stored=$(q "select hex(surname) from persons where iin='$iin'")
    printf '## %-40s rc=%s stored=%s %s\n' "$1" $rc "$stored" "$(head -c 160 $W/err | tr '\n' ' ')"
}
try "Hangul filler U+3164 only"        "'\u3164'"
try "Hangul choseong filler U+115F"     "'\u115f'"
try "Hangul jungseong filler U+1160"    "'\u1160'"
try "Halfwidth Hangul filler U+FFA0"    "'\uffa0'"
try "Braille blank U+2800"              "'\u2800'"
try "Ideographic space U+3000"          "'Қасымова\u3000'"
try "Em space U+2003 inside"            "'Қасы\u2003мова'"
try "Mongolian vowel sep U+180E"        "'Қасы\u180eмова'"
try "Khmer inherent U+17B4"             "'Қасы\u17b4мова'"
try "Combining grapheme joiner U+034F"  "'Қасы\u034fмова'"
try "Variation selector U+FE0F"         "'Қасы\ufe0fмова'"
try "Tag char U+E0041"                  "'Қасы\U000e0041мова'"
try "Invisible math U+2062"             "'Қасы\u2062мова'"
try "Word joiner U+2060"                "'Қасы\u2060мова'"
try "Combining long stroke U+0336 x8"   "'Қасымова'+'\u0336'*8"
try "20 combining marks on one letter"  "'Қ'+'\u0301'*20+'асымова'"
try "Cyrillic look-alike of Latin name" "'Ѕмітһ'"
try "Greek/Cyrillic mixed"              "'Κασымова'"
try "Only a dot"                        "'.'"
try "Digits as surname"                 "'900701300108'"
try "Surname 'IIN 900701300108'"         "'Қасымова ЖСН 900701300108'"
exit 0
