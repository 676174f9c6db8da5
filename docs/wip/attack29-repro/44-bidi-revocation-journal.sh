#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# A revocation's basis document and an operator's name carry U+202E RIGHT-TO-LEFT OVERRIDE: the printed
# revocation journal (PDF) then shows other digits than the register holds. Exit 0.
NAME=bidi-journal; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
RLO=$'\u202e'
# an officer whose display name carries RLO
echo "off3-Password-2026" >$W/off3.pw; chmod 600 $W/off3.pw
TIRKEU_NEW_PASSWORD=off3-Password-2026 as admin operator add --login off3 --name "Серікова ${RLO}Айгүл" --role officer; show $?
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; S=$SERIAL
BASIS="Өтініш № 12${RLO}34-5"
as off3 certificate revoke --ca NCA --serial $S --reason key_compromise --basis holder_application --basis-document "$BASIS" --ca-passphrase-file $W/ca.pass; show $?
echo "register holds basis_document (hex): $(q "select hex(basis_document) from revocations" 2>/dev/null || q "select * from revocations" )"
as aud report revocation-journal --ca NCA --format pdf --out $W/rj.pdf; show $?
echo "-- pdftotext -layout (raw, logical order):"; pdftotext -layout $W/rj.pdf - | grep -E '12|Серік|Айгүл|Өтініш' | head; 
echo "-- pdftotext -raw hex of the basis cell:"; pdftotext -raw $W/rj.pdf - | grep -a 'Өтініш' | head -2 | xxd | head -5
pdftoppm -r 110 -png $W/rj.pdf $W/rj
as aud report revocation-journal --ca NCA --format csv --out $W/rj.csv; show $?; grep -a 'Өтініш' $W/rj.csv | xxd | grep -i 'e280ae\|e2 80ae\|80ae' | head -3
ls $W/*.png
exit 0
