#!/usr/bin/env bash
# CSV reports neutralise a formula only at the start of a cell ("=", "+", "-", "@", tab, CR) and quote a cell
# only when it holds the separator chosen for THIS file. A Kazakh/Russian export (separator ";") opened where
# "," separates (an English-locale spreadsheet), or an English export (",") opened where ";" separates (Excel with
# Kazakh/Russian regional settings), splits an unquoted cell at the other character: the piece after it starts
# with "=" and is evaluated. The text comes from a government body's letter (org_name, letter_no), typed in by
# the operator, and from the officer's --media-serial.
NAME=csv-formula; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code GOV --name "Attack Gov CA" --kind government && pointers GOV >/dev/null
as admin ca init --code GOV --key-algorithm p256 --key-out $W/gov.p8 --passphrase-file $W/ca.pass --cert-out $W/gov.pem >/dev/null || { show $?; exit 1; }
IIN=$(newiin 3); D=$(TZ=Asia/Almaty date +%F)
ORG="Ministry of Finance,=cmd|' /C calc'!A0"   # only ',' : unquoted in the ';' (kk/ru) file
LETTER='12-3/45;=2*3+cmd|'"' /C calc'"'!A0'       # only ';' : unquoted in the ',' (en) file
python3 - "$W/letter.json" "$IIN" "$D" "$ORG" "$LETTER" <<'PY'
import json, sys
out, iin, d, org, letter = sys.argv[1:]
json.dump({"org_name": org, "letter_no": letter, "letter_date": d, "head_full_name": "Head Person",
  "persons": [{"surname": "Seitkali", "name": "Dana", "iin": iin, "id_doc_number": "N1234567", "id_doc_issued_by": "MVD RK",
   "id_doc_issue_date": "2020-01-01", "country": "KZ", "region": "Astana", "organisation": "MinFin", "position": "Chief;=3+3",
   "usage": ["edms"], "validity": "1y", "key_media": "token", "application_date": d}]}, open(out, "w"), ensure_ascii=False)
PY
as op application submit --ca GOV --form GOV-ISSUE --data $W/letter.json --attachments identity_document_copy --consent --json; show $?
APP=$(jget id)
as off2 application approve $APP; show $?
echo "p12-Password-2026" > $W/p12.pw; chmod 600 $W/p12.pw
as off1 certificate issue --application $APP --person 1 --pkcs12-out $W/h.p12 --pkcs12-password-file $W/p12.pw \
   --media-serial 'TK-1,=4+4' --recipient-name "Recipient Person" --recipient-position "Clerk" --recipient-order "7-p" \
   --recipient-order-date $D --out $W/h.pem --ca-passphrase-file $W/ca.pass; show $?
for lang in ru en; do
  "$CLI" --db $DB --lang $lang --as aud --password-file $W/aud.pw report issuance-journal --ca GOV --format csv --out $W/journal-$lang.csv >/dev/null 2>&1
  echo "== issuance-journal --lang $lang (separator of that language):"; cat $W/journal-$lang.csv; echo
done
say "cells as a spreadsheet splitting the ru file at ',' (English locale) and the en file at ';' (ru/kk locale) sees them"
python3 - $W/journal-ru.csv $W/journal-en.csv <<'PY'
import csv, sys
for path, sep in ((sys.argv[1], ','), (sys.argv[2], ';')):
    rows = list(csv.reader(open(path, encoding='utf-8-sig', newline=''), delimiter=sep))
    hits = [c for r in rows for c in r if c.lstrip().startswith(('=', '+', '-', '@'))]
    print('  %s split at %r -> cells starting with a formula: %s' % (path.rsplit('/', 1)[1], sep, hits))
PY
