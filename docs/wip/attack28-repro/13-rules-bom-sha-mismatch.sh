#!/usr/bin/env bash
# A rules file saved with a UTF-8 byte-order mark (Windows Notepad's "UTF-8 with BOM"): `rules load` records the
# SHA-256 of the file as given (output, rules_files.sha256, event rules.loaded), but stores the text without the
# BOM (QString::fromUtf8); `rules show` then prints the SHA-256 of what was stored — another value. The register
# no longer holds the file "as loaded", and the hash the auditor compares does not match the file or the event.
# Exit 0 when it reproduces.
NAME=rules-bom; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
python3 "$(dirname "$0")/mkrules.py" $W/bom.json bom-1 "raw=b'\xef\xbb\xbf'+json.dumps(r, ensure_ascii=False, indent=1).encode()"
echo "== file SHA-256: $(sha256sum $W/bom.json | cut -c1-64)"
as admin rules load $W/bom.json --json; show $?; loaded=$(jget sha256)
as aud rules show --json; shown=$(jget sha256)
stored=$(q "SELECT sha256 FROM rules_files WHERE version='bom-1'")
content=$(python3 -c "import sqlite3,hashlib,sys; c=sqlite3.connect(sys.argv[1]); print(hashlib.sha256(c.execute(\"select content from rules_files where version='bom-1'\").fetchone()[0].encode()).hexdigest())" $DB)
echo "== rules load said:        $loaded"
echo "== rules_files.sha256:      $stored"
echo "== SHA-256 of stored text:  $content"
echo "== rules show says:         $shown"
verify
[ -n "$loaded" ] && [ "$loaded" != "$shown" ] && { echo REPRODUCED; exit 0; }
exit 1
