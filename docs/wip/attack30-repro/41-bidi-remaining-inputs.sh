#!/usr/bin/env bash
# F1/F2 fix gaps: free texts that still take U+202E (RLO) / U+3164 (Hangul filler) after 4835172. Exit 0.
NAME=bidi-remaining; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
RLO=$'\u202e'; HF=$'\u3164'
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
as off1 certificate revoke --ca NCA --serial $A --reason certificate_hold --basis holder_application --basis-document "Өтініш № 7" --ca-passphrase-file $W/ca.pass; echo "## hold: rc=$?"
as off1 certificate release --ca NCA --serial $A --basis holder_application --basis-document "Өтініш № 12${RLO}34-5"
echo "## release --basis-document with RLO: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
sqlite3 $DB "SELECT hex(basis_document) FROM hold_releases" | sed 's/^/   stored hex: /'
as aud report revocation-journal --ca NCA --format pdf --out $W/rj.pdf >/dev/null; [ -f $W/rj.pdf ] && pdftotext -layout $W/rj.pdf - | grep -E '№ 1|№ 7' | head -3 | sed 's/^/   journal: /'
as admin ca add --code SUB --name "Sub Test CA" --kind national >/dev/null; pointers SUB >/dev/null
as admin ca init --code SUB --key-algorithm p256 --key-out $W/sub.p8 --passphrase-file $W/ca.pass --cert-out $W/sub.pem --organisation "ЖШС ${RLO}Тіркеу"
echo "## ca init --organisation with RLO: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
as admin ca add --code SU2 --name "Sub2 Test CA" --kind national >/dev/null; pointers SU2 >/dev/null
as admin ca init --code SU2 --key-algorithm p256 --key-out $W/su2.p8 --passphrase-file $W/ca.pass --cert-out $W/su2.pem --organisation "${HF}"
echo "## ca init --organisation = U+3164: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
for k in "cdp_url=http://crl.example.kz/a${RLO}b.crl" "ocsp_url=http://ocsp.example.kz/${RLO}x" "aia_url=http://ca.example.kz/${HF}.cer"; do
  as admin ca set --code NCA "$k"; echo "## ca set ${k%%=*} with RLO/HF: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"; done
mkdir -p $W/bk; chmod 700 $W/bk; as admin db backup --out $W/bk/b.sqlite >/dev/null
as admin db restore --from $W/bk/b.sqlite --replace --accept-rollback --reason "Бұйрық № 1${RLO}23"
echo "## db restore --reason with RLO: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
sqlite3 $DB "SELECT seq, event_type, json_extract(details,'$.reason'), hex(json_extract(details,'$.reason')) FROM audit_events WHERE details LIKE '%Бұйрық%'" | sed 's/^/   event: /'
exit 0
