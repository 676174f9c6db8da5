#!/usr/bin/env bash
# The form's e-mail rule and the certificate builder's disagree: a Kazakh-letter address (ә@example.kz, a@мысал.kz)
# is registered and APPROVED, then every issuance fails ("not a usable e-mail address"); an address whose domain is
# not a host name (a@-x.kz, a@x_y.kz) is certified into subjectAltName rfc822Name. Exit 0 = vulnerable.
NAME=email-mismatch; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
bad=0; i=0
for e in 'ә@example.kz' 'a@-x.kz' 'a@x_y.kz'; do
 i=$((i+1)); write_app $W/a$i.json $(newiin $((i+40))) Kasymova Aliya "$e"
 as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/a$i.json --attachments identity_document_copy --consent --json || { echo "   $e: refused at submit"; continue; }
 APP=$(jget id); as off2 application approve $APP; mkcsr $W/c$i.csr
 if issue $APP $W/c$i.csr $W/c$i.pem; then echo "   $e: certified, $(openssl x509 -in $W/c$i.pem -noout -ext subjectAltName | tail -1 | tr -s ' ')"; bad=1
 else echo "   $e: registered and approved, issuance refused: $(head -c 120 $W/err)"; bad=1; fi
done
[ $bad = 1 ] && exit 0 || exit 1
