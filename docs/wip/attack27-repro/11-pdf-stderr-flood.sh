#!/usr/bin/env bash
# application submit --pdf: Poppler's parser messages all reach stderr. A 200 KB PDF (an array nested 100,000
# deep in the catalog) prints ~500,000 lines, and the application is registered (exit 0). The GUI started from a
# desktop session writes them to the user's journal. Scaled to the 32 MiB limit: ~80 million lines.
NAME=pdf-stderr-flood; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
python3 "$(dirname "$0")/mkpdf.py" deep-array $W/deep.pdf $(newiin 7) 100000
as op application submit --ca NCA --pdf $W/deep.pdf --attachments identity_document_copy --consent; rc=$?
echo "   rc=$rc, file $(stat -c %s $W/deep.pdf) bytes, stderr: $(wc -l <$W/err) lines, $(stat -c %s $W/err) bytes"
head -2 $W/err; echo "   applications registered: $(q 'select count(*) from applications')"
