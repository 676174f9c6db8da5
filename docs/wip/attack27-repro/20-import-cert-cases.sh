#!/usr/bin/env bash
# ca import-cert: what the subordinate CA's certificate coming back from its parent is checked for.
# One register, ROOT (root CA) and a fresh subordinate CA per case, each with its key waiting.
# For an accepted case a holder certificate is issued by the subordinate and openssl verifies the chain.
NAME=import-cert; . "$(dirname "$0")/common.sh"
MK="python3 $(dirname "$0")/mkcert.py"
staff >/dev/null || exit 1
as admin ca add --code ROOT --name "Attack Root CA" --kind root || { show $?; exit 1; }
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem --validity-years 10 || { show $?; exit 1; }
as admin ca add --code NCA --name "National CA" --kind national && pointers NCA
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --cert-out $W/nca.pem >/dev/null
N=0
newsub() { # -> $S (code), $W/$S.p8
    N=$((N+1)); S=S$N
    as admin ca add --code $S --name "Attack Sub CA $N" --kind national || { show $?; return 1; }
    pointers $S >/dev/null || return 1
    as admin ca init --code $S --key-algorithm p256 --key-out $W/$S.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/$S.csr || { show $?; return 1; }
}
chain_check() { # issue a holder certificate from $S and verify it with openssl against ROOT
    submit_approve "" "" $S >/dev/null || { echo "   (no application: $(cat $W/err))"; return; }
    mkcsr $W/$S-h.csr
    issue $APP $W/$S-h.csr $W/$S-h.pem; local rc=$?
    if [ $rc -ne 0 ]; then echo "   issuance from $S: rc=$rc $(head -c 300 $W/err)"; return; fi
    echo "   issued $SERIAL, valid $(openssl x509 -in $W/$S-h.pem -noout -enddate)"
    echo "   openssl verify (ROOT trusted): $(openssl verify -CAfile $W/root.pem -untrusted $W/$S.cert $W/$S-h.pem 2>&1 | tr '\n' ' ')"
}
case_() { # TITLE EXPECT mkcert-args...
    local title=$1 expect=$2; shift 2
    newsub || return
    $MK --subject-key $W/$S.p8 --out $W/$S.cert "$@" || { echo "mkcert failed"; return; }
    as admin ca import-cert --code $S --cert $W/$S.cert; local rc=$?
    echo "## $title  (expected: $expect)"; show $rc
    [ $rc -eq 0 ] && { echo "   parent_id: $(q "select coalesce(parent_id,'NULL') from cas where code='$S'")"; chain_check; }
}
R="--issuer-key $W/root.p8 --issuer-cert $W/root.pem"
case_ "baseline: signed by ROOT"                        accept $R
case_ "basicConstraints CA:FALSE"                       refuse $R --ca false
case_ "no basicConstraints"                             refuse $R --ca none
case_ "keyUsage digitalSignature only (no keyCertSign/cRLSign)" refuse $R --ku digitalSignature
case_ "no keyUsage at all"                              "accept (RFC 5280 allows)" $R --ku none
case_ "validity ends 15 years after ROOT's certificate" "refuse or cut" $R --days-after 9125
case_ "expired yesterday"                               refuse $R --days-before 400 --days-after -1
case_ "not valid for 10 more days"                      refuse $R --days-before -10
case_ "serial 0"                                        refuse $R --serial 0
case_ "unknown critical extension"                      refuse $R --unknown-critical
case_ "nameConstraints permitted C=RU only"             refuse $R --name-constraints C=RU
case_ "EKU emailProtection only"                        refuse $R --eku 1.3.6.1.5.5.7.3.4
case_ "signed by ROOT with SHA-1"                       refuse $R --hash sha1
case_ "issuer = ROOT's name re-encoded (PrintableString CN), signed by a stranger's key" refuse --issuer-key new-p256 --issuer-cert $W/root.pem --issuer-printable
case_ "issuer outside the register, signature never checkable (stranger's P-256)" "accept? (nothing verified)" --issuer-key new-p256 --issuer-name "C=KZ,CN=Unknown Parent"
case_ "issuer outside the register, RSA-1024 parent"    refuse --issuer-key new-rsa1024 --issuer-name "C=KZ,CN=Weak Parent"
case_ "subject = ROOT's name (exact DER), issuer outside" "refuse (two CAs, one name)" --issuer-key new-p256 --issuer-name "C=KZ,CN=Unknown Parent" --subject-der-of $W/root.pem
case_ "subject = NCA's name (exact DER), issuer outside" "refuse (two CAs, one name)" --issuer-key new-p256 --issuer-name "C=KZ,CN=Unknown Parent" --subject-der-of $W/nca.pem
case_ "subject CN=Google Trust Services, self-issued by ROOT" "refuse (not the CA's name)" $R --subject "C=US,O=Google Trust Services LLC,CN=GTS Root R1"
case_ossl() { # TITLE EXPECT openssl-x509-args... : the subordinate's own CSR signed by ROOT with openssl x509 -req
    local title=$1 expect=$2; shift 2
    newsub || return
    printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >$W/ca-ext.cnf
    openssl x509 -req -in $W/$S.csr -CA $W/root.pem -CAkey $W/root.p8 -passin file:$W/ca.pass -days 800 -extfile $W/ca-ext.cnf -out $W/$S.cert "$@" 2>$W/ossl.err || { echo "## $title: openssl refused: $(head -c 200 $W/ossl.err)"; return; }
    as admin ca import-cert --code $S --cert $W/$S.cert; local rc=$?
    echo "## $title  (expected: $expect)"; show $rc
    [ $rc -eq 0 ] && { echo "   serial as stored: $(q "select hex(certificate_der) from cas where code='$S'" | xxd -r -p | openssl x509 -inform der -noout -serial)"; chain_check; }
}
case_ossl "serial 0 (openssl)"                              refuse -set_serial 0
case_ossl "negative serial -5 (openssl)"                    refuse -set_serial -5
case_ossl "signed by ROOT with SHA-1 (openssl)"             refuse -set_serial 77 -sha1
case_ossl "21-byte serial 2^160 (openssl)"                  refuse -set_serial 0x010000000000000000000000000000000000000000
say "names of the CAs' certificates now in the register"
for c in $(q "select code from cas where certificate_der is not null"); do
  q "select hex(certificate_der) from cas where code='$c'" | xxd -r -p | openssl x509 -inform der -noout -subject -issuer 2>/dev/null | tr '\n' ' ' | sed "s/^/   $c: /"; echo
done
verify
