#!/usr/bin/env bash
# application submit --pdf of a GOV-ISSUE letter: FormImport reads person rows 1..20 and stops at the first row
# whose first field is absent. A letter PDF with 22 persons where row 3 has no "surname" field registers only
# persons 1-2 — exit 0, no word about the rest. (The JSON path takes every person given.)
NAME=pdf-letter-persons; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code GOV --name "Attack Gov CA" --kind government && pointers GOV >/dev/null
as admin ca init --code GOV --key-algorithm p256 --key-out $W/gov.p8 --passphrase-file $W/ca.pass --cert-out $W/gov.pem >/dev/null || { show $?; exit 1; }
IINS=$(for i in $(seq 1 22); do newiin $((100+i)); done | tr '\n' ' ')
python3 - "$W/letter.pdf" $IINS <<'PY'
import sys; sys.path.insert(0, '/work/attack27/repro')
import mkpdf
out, iins = sys.argv[1], sys.argv[2:]
d = mkpdf.today()
f = [('tirkeu_form', 'GOV-ISSUE'), ('org_name', 'Ministry of Finance'), ('letter_no', '12-3/45'), ('letter_date', d), ('head_full_name', 'Head Person')]
for i, iin in enumerate(iins, 1):
    row = dict(surname='Seitkali', name='Person%s' % chr(64 + i), iin=iin, id_doc_number='N%07d' % i, id_doc_issued_by='MVD RK',
               id_doc_issue_date='01.01.2020', country='KZ', region='Astana', organisation='MinFin', position='Clerk',
               usage='edms', validity='1y', key_media='token', application_date=d)
    if i == 3:
        del row['surname']           # the row-3 "surname" field is missing: the import stops here
    f += [('person%d_%s' % (i, k), v) for k, v in row.items()]
p, root = mkpdf.form_pdf(f)
open(out, 'wb').write(p.bytes(root))
PY
as op application submit --ca GOV --pdf $W/letter.pdf --attachments identity_document_copy --consent --json; rc=$?
echo "   rc=$rc, the PDF lists 22 persons; persons registered: $(python3 -c "import json;print(len(json.load(open('$W/out'))['data']['persons']))" 2>/dev/null || head -c 300 $W/err)"
