#!/usr/bin/env bash
# application submit --pdf: a small PDF with many form fields (widgets spread over pages, objects in compressed
# object streams) costs time that grows with the square of the field count, and memory ~1.7 KB per field.
# The GUI's import (NewApplicationDialog::importPdf) runs the same FormImport::readFile on the UI thread.
# Sizes: 10k / 20k fields measured; 100k fields (1.4 MB file) with a 60 s timeout; BIG=1 adds 2,000,000 fields
# (29 MB, under the 32 MiB limit; ~50 s of python to build) with a 60 s timeout and a 6 GB address-space limit.
NAME=pdf-field-bomb; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
MK="python3 $(dirname "$0")/mkpdf.py"
IIN=$(newiin 7)
run() { # FIELDS TIMEOUT
    $MK fields-objstm $W/f$1.pdf $IIN $1 9000 || return
    ( ulimit -v 6000000; /usr/bin/time -f "wall=%e s cpu=%U+%S s maxrss=%M KiB" timeout $2 "$CLI" --db $DB --lang en --as op \
      --password-file $W/op.pw application submit --ca NCA --pdf $W/f$1.pdf --attachments identity_document_copy --consent \
      >$W/out 2>$W/err </dev/null; echo "rc=$?" >>$W/err )
    echo "## $1 fields, file $(stat -c %s $W/f$1.pdf) bytes: $(tail -2 $W/err | tr '\n' ' ')"
}
run 10000 60
run 20000 60
run 100000 60
[ "${BIG:-0}" = 1 ] && run 2000000 60
echo "   (the import of the template Tirkeu prints takes ~0.2 s; a rc of 124 is the timeout)"
