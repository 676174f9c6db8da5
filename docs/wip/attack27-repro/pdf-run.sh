#!/usr/bin/env bash
# pdf-run.sh KIND [ARGS...] : build the variant and submit it; prints rc, wall time, peak RSS, and what was stored.
NAME=pdfrun-$1; . /work/attack27/repro/common.sh
setup >/dev/null || exit 1
IIN=$(newiin 7)
KIND=$1; shift
python3 /work/attack27/repro/mkpdf.py "$KIND" $W/in.pdf "$IIN" "$@" || exit 1
echo "file: $(stat -c %s $W/in.pdf) bytes"
before=$(q "select count(*) from applications")
( ulimit -v ${VLIMIT:-4000000}; /usr/bin/time -f "wall=%e s cpu=%U+%S s maxrss=%M KiB" timeout ${TMO:-60} \
  "$CLI" --db "$DB" --lang en --as op --password-file $W/op.pw application submit --ca NCA --pdf $W/in.pdf \
  --attachments identity_document_copy --consent --json >$W/out 2>$W/err </dev/null; echo "rc=$?" >>$W/err )
SHOWN=600 show "$(grep -o 'rc=[0-9]*' $W/err | tail -1)"
echo "   applications: $before -> $(q 'select count(*) from applications')"
