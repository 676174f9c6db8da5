#!/usr/bin/env bash
# The subject's length limits are checked at registration on the name as typed, but the certificate carries it in
# upper case, and upper-casing can lengthen it: "ﬃ" (U+FB03, one letter) becomes "FFI", "ß" "SS", "ŉ" "ʼN".
# Such an application is registered and approved, then every issuance is refused ("The common name … is longer
# than 64 characters"): an approved application that can never be carried out (session 32 "held": over-long
# subject attributes are refused at registration, not after approval). Exit 0 = vulnerable.
NAME=casefold-expansion; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
SN="Kasymova$(python3 -c 'print("\ufb03"*20)')"
python3 - "$W/a.json" "$(newiin 501)" "$SN" <<'PY'
import json,sys,datetime
d={"iin":sys.argv[2],"surname":sys.argv[3],"name":"Aliya","region":"Almaty","city":"Konaev","email":"a@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":datetime.date.today().isoformat()}
json.dump(d,open(sys.argv[1],"w"),ensure_ascii=False)
PY
step "registered: surname 'Kasymova' + 20 × U+FB03 (28 characters)" as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/a.json --attachments identity_document_copy --consent --json || exit 1
APP=$(jget id)
step "approved" as off2 application approve $APP || exit 1
mkcsr $W/c.csr
step "issue" as off1 certificate issue --application $APP --csr $W/c.csr --out $W/c.pem --ca-passphrase-file $W/ca.pass; rc=$?; cp $W/err $W/issue.err
step "reject the approved application?" as off2 application reject $APP --reason-code NCA-FORM-INCORRECT
step "the only way out: application done (closed without a certificate)" as off1 application done $APP
as aud application show $APP; echo "   application: $(grep -iE '^status' $W/out | tr -s ' ')"
[ $rc -ne 0 ] && grep -q 'longer than 64' $W/issue.err && exit 0 || exit 1
