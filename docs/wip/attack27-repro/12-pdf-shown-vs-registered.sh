#!/usr/bin/env bash
# application submit --pdf: a text field's value (/V) and what the PDF shows (its appearance stream /AP) can
# differ. Every viewer (here Poppler's own pdftotext/pdftoppm) shows the appearance — IIN A — while the import
# registers /V — IIN B. The CLI's answer ("Application N registered …") does not show the values.
NAME=pdf-shown-vs-registered; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
A=$(newiin 11); B=$(newiin 12)
python3 "$(dirname "$0")/mkpdf.py" hidden-value $W/h.pdf $B $A
echo "   IIN shown by the PDF (appearance): $A; value (/V): $B"
echo "   pdftotext of the page: $(pdftotext $W/h.pdf - | head -3 | tr '\n' ' ')"
pdftoppm -r 50 -png -f 1 -l 1 $W/h.pdf $W/page && echo "   rendered page: $W/page-1.png"
as op application submit --ca NCA --pdf $W/h.pdf --attachments identity_document_copy --consent; show $?
echo "   IIN registered: $(q "select data from applications" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["iin"])')"
