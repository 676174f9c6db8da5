#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# Long values (at the limits the forms allow) in the printed register extract and paper certificate: is all of it
# printed? Compares pdftotext output with the register. Exit 0.
NAME=long-values; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
python3 - $W/legal.json $(newiin 1001) $TODAY <<'PY'
import json,sys
org="«"+"Қазақстанның Ұлттық Инфрақұрылымдық Даму Корпорациясы "*5
org=org[:250]+"СОҢЫ»"
short="«"+("Ұлттық Инфрақұрылым Корп "*3)[:56]+"СОҢЫ»"
json.dump({"bin":"230340123459","org_name":org,"short_name":short,"iin":sys.argv[2],"surname":"Абдуллаева-Жұмағалиева","name":"Гүлназ","patronymic":"Сейітқалиқызы-Нұрмұхамедқызы","role":"signer","region":"Солтүстік Қазақстан облысы","city":"Петропавл","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":sys.argv[3]},open(sys.argv[1],"w"),ensure_ascii=False)
print(len(org), len(short))
PY
as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data $W/legal.json --attachments identity_document_copy,state_registration,power_of_attorney --consent --json; show $?
APP=$(jget id); as off2 application approve $APP; mkcsr $W/l.csr; issue $APP $W/l.csr $W/l.pem; echo "issued $SERIAL rc=$?"
as aud report register-extract --ca NCA --format pdf --out $W/ex.pdf; show $?
echo "-- 'СОҢЫ' occurrences in the extract PDF: $(pdftotext -raw $W/ex.pdf - | grep -c 'СОҢЫ')"
pdftotext -raw $W/ex.pdf - | grep -B2 -A2 'Корп' | head -12
as aud certificate print $SERIAL --ca NCA --out $W/p.pdf; show $?
echo "-- paper: $(pdftotext -raw $W/p.pdf - | grep -c 'СОҢЫ') СОҢЫ"; pdftotext -raw $W/p.pdf - | grep -A1 'O=' | head -4
as aud form print --application $APP --out $W/f.pdf; show $?
echo "-- form print: $(pdftotext -raw $W/f.pdf - | grep -c 'СОҢЫ') СОҢЫ"
pdftotext -raw $W/f.pdf - | grep -B1 -A3 'Корпорациясы' | head -10
exit 0
