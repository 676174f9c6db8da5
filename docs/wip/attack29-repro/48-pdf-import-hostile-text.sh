#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# application submit --pdf: the same hostile surnames through a filled PDF form (mkpdf.py of session 27, ../attack27-repro/mkpdf.py).
NAME=pdf-hostile; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
n=0
for s in "'Қасы\u202eмова'" "'\u3164'" "'Қасы\u034fмова'" "'Қасымова\u200b'" "'Kacымoвa'"; do
  n=$((n+1))
  python3 - "$(dirname "$0")/../attack27-repro" $W/p$n.pdf $(newiin $((4000+n))) "$s" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import mkpdf
f = mkpdf.default_fields(sys.argv[3]); f['surname'] = eval(sys.argv[4])
p, root = mkpdf.form_pdf(f); open(sys.argv[2], 'wb').write(p.bytes(root))
PY
  as op application submit --ca NCA --pdf $W/p$n.pdf --attachments identity_document_copy --consent; rc=$?
  printf '## %-22s rc=%s %s\n' "$s" $rc "$(head -c 160 $W/err | tr '\n' ' ') $(grep -a '^surname' $W/out | cat -v)"
done
exit 0
