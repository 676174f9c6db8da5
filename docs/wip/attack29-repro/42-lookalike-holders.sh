#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Two holders whose names are visually identical but differ (combining grapheme joiner U+034F, Latin
# homoglyphs), and a holder whose surname is an invisible Hangul filler (U+3164): issued, then shown
# in the certificate, the register extract (PDF, CSV), the paper certificate. Exit 0.
NAME=lookalike; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mk() { # N IIN SURNAME(python literal) NAME(python literal)
    python3 - "$W/h$1.json" "$2" "$3" "$4" <<'PY'
import json,sys,datetime
f,iin,s,n=sys.argv[1:5]
json.dump({"iin":iin,"surname":eval(s),"name":eval(n),"region":"Алматы","city":"Қонаев","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()},open(f,"w"),ensure_ascii=False)
PY
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/h$1.json" --attachments identity_document_copy --consent --json || { show $?; return 1; }
    local app=$(jget id); as off2 application approve $app || { show $?; return 1; }
    mkcsr $W/c$1.csr; issue $app $W/c$1.csr $W/c$1.pem || { show $?; return 1; }
    echo "holder $1: serial $SERIAL"; eval "S$1=$SERIAL"
}
mk 1 $(newiin 501) "'Қасымова'" "'Әлия'"
mk 2 $(newiin 502) "'Қасы\u034fмова'" "'Әлия'"
mk 3 $(newiin 503) "'Қаcымoвa'" "'Әлия'"
mk 4 $(newiin 504) "'\u3164'" "'\u3164'"
for i in 1 2 3 4; do echo "-- cert $i subject (openssl, RFC2253 escaped):"; openssl x509 -in $W/c$i.pem -noout -subject -nameopt RFC2253,esc_msb; done
echo "-- cert 1 vs 2 subject CN as rendered (utf8):"; for i in 1 2 3 4; do openssl x509 -in $W/c$i.pem -noout -subject -nameopt utf8,sep_comma_plus_space | sed "s/^/   $i: /"; done
as aud report register-extract --ca NCA --format pdf --out $W/extract.pdf; show $?
pdftotext -layout $W/extract.pdf - | grep -E 'Қас|Kac|Әлия|ㅤ' | head -8
pdftotext -layout $W/extract.pdf - | grep -E 'Қас|Kac|Әлия|ㅤ' | head -8 | od -c | grep -n '315 217' | head -2
pdftoppm -r 80 -png -f 1 -l 1 $W/extract.pdf $W/extract
as aud report register-extract --ca NCA --format csv --out $W/extract.csv; show $?
grep -E 'Қас|Kac|Әлия' $W/extract.csv | cut -c1-200
for i in 1 2 4; do as aud certificate print $(eval echo \$S$i) --ca NCA --out $W/paper$i.pdf; show $?; pdftoppm -r 60 -png -f 1 -l 1 $W/paper$i.pdf $W/paper$i; done
as aud certificate show $S4 --ca NCA; echo "-- certificate show (invisible-name holder):"; head -15 $W/out
ls $W/*.png
exit 0
