#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Which hostile name texts does `application submit` accept (NCA-ISSUE-IND)? Table; exit 0.
NAME=hostile-text; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
n=0
try() { # TITLE SURNAME NAME [IIN]
    n=$((n+1)); local iin=${4:-$(newiin $((100+n)))}
    python3 - "$W/h$n.json" "$iin" "$2" "$3" <<'PY'
import json,sys,datetime
f,iin,s,n=sys.argv[1:5]
s=s.encode().decode('unicode_escape').encode('latin1').decode('utf8') if '\\' in s else s
n=n.encode().decode('unicode_escape').encode('latin1').decode('utf8') if '\\' in n else n
json.dump({"iin":iin,"surname":s,"name":n,"region":"Almaty","city":"Konaev","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()},open(f,"w"),ensure_ascii=False)
PY
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/h$n.json" --attachments identity_document_copy --consent --json; local rc=$?
    printf '## %-55s rc=%s %s\n' "$1" $rc "$(head -c 200 $W/out $W/err | tr '\n' ' ')"
}
try "plain Cyrillic"                 "Қасымова" "Әлия"
try "RLO U+202E in surname"          $'Қасымова\u202Eавонеп' "Әлия"
try "LRI/PDI U+2066/2069"            $'Қасымова\u2066x\u2069' "Әлия"
try "ZWSP U+200B"                    $'Қасым\u200Bова' "Әлия"
try "ZWJ U+200D / ZWNJ U+200C"       $'Қасым\u200Dов\u200Cа' "Әлия"
try "BOM U+FEFF in name"             $'\uFEFFҚасымова' "Әлия"
try "combining acute U+0301"         $'Қасымова\u0301' "Әлия"
try "Latin homoglyph a/o/e (Kacымова)" "Kacымoвa" "Әлия"
try "Latin I for Kazakh І"           "Iсқақов" "Әлия"
try "full-width digits IIN"          "Қасымова" "Әлия" "９００７０１３００１０８"
try "Arabic-Indic digits IIN"        "Қасымова" "Әлия" "٩٠٠٧٠١٣٠٠١٠٨"
try "surname 300 chars"              "$(python3 -c 'print("Ә"*300)')" "Әлия"
try "surname 5000 chars"             "$(python3 -c 'print("Ә"*5000)')" "Әлия"
try "NBSP in name"                   $'Қасымова\u00A0Әлия' "Әлия"
try "line separator U+2028"          $'Қасымова\u2028ҚАТЕ' "Әлия"
try "newline in name"                $'Қасымова\nҚАТЕ' "Әлия"
try "leading/trailing spaces"        "  Қасымова  " "Әлия"
try "private use U+E000"             $'Қасымова\uE000' "Әлия"
try "Hangul filler U+3164"           $'\u3164' "Әлия"
try "ALM U+061C"                     $'Қасымова\u061C' "Әлия"
try "soft hyphen U+00AD"             $'Қасы\u00ADмова' "Әлия"
try "English text"                   "Smith" "John"
exit 0
