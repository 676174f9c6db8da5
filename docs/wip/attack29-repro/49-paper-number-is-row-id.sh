#!/usr/bin/env bash
# The paper certificate's number ("№ N Тіркеу куәлігі") is the certificates table's row id, shared by every CA of the
# register and by OCSP signer certificates (conformance register of 30). Compared with the register extract's row.
set -u; export LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; W=/work/attack29/work/conformance; DB=$W/register.sqlite; export HOME=$W/home
as() { local who=$1; shift; "$CLI" --db "$DB" --lang en --as "$who" --password-file "$W/$who.pw" "$@" >"$W/out" 2>"$W/err" </dev/null; }
sqlite3 $DB "SELECT c.id, a.code, c.profile, substr(c.serial,1,12) FROM certificates c JOIN cas a ON a.id=c.ca_id ORDER BY c.id" 2>/dev/null || sqlite3 $DB ".schema certificates" | head -5
S=$(openssl x509 -in $W/ind.pem -noout -serial | cut -d= -f2)
rm -f $W/paper-ind.pdf; as aud certificate print $S --ca NCA --out $W/paper-ind.pdf; echo "print rc=$?"
echo "paper title: $(pdftotext -l 1 $W/paper-ind.pdf - | head -2 | tr '\n' ' ')"
rm -f $W/ex-nca.pdf; as aud report register-extract --ca NCA --format pdf --out $W/ex-nca.pdf
echo "extract row of the same certificate: $(pdftotext -layout $W/ex-nca.pdf - | grep -E "^ *[0-9]+ +${S:0:20}" | cut -c1-60)"
