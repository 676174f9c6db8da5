#!/usr/bin/env bash
# Holder CSRs with weak or odd key parameters (what session 24 did not try). Table; exit 0 always.
NAME=csr-params; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
mk() { # NAME genpkey-args... ; CSR signed with sha256 unless MD set
    local n=$1; shift
    openssl genpkey "$@" -out $W/$n.key 2>/dev/null || { echo "cannot make $n"; return 1; }
    openssl req -new -key $W/$n.key -subj /CN=holder ${MD:--sha256} -out $W/$n.csr 2>/dev/null || { echo "cannot sign $n"; return 1; }
}
mk rsa-e3 -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3
mk rsa-e17 -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:17
mk rsa-2047 -algorithm RSA -pkeyopt rsa_keygen_bits:2047
mk rsa-pss -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
MD=-md5 mk rsa-md5 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
MD=-sha1 mk rsa-sha1 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
MD=-sha224 mk ec-sha224 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
mk brainpool -algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP256r1
openssl ecparam -name prime256v1 -param_enc explicit -genkey -noout -out $W/explicit.key 2>/dev/null
openssl req -new -key $W/explicit.key -subj /CN=holder -sha256 -out $W/explicit.csr 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -conv_form compressed -out $W/compressed.key 2>/dev/null
openssl req -new -key $W/compressed.key -subj /CN=holder -sha256 -out $W/compressed.csr 2>/dev/null
mk ec-p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521
mk ed448 -algorithm ED448
for c in rsa-e3 rsa-e17 rsa-2047 rsa-pss rsa-md5 rsa-sha1 ec-sha224 brainpool explicit compressed ec-p521 ed448; do
    [ -f $W/$c.csr ] || { echo "## $c: no CSR"; continue; }
    submit_approve >/dev/null || exit 1
    issue $APP $W/$c.csr $W/$c.pem; rc=$?
    printf '## %-12s issue rc=%s %s\n' $c $rc "$(head -c 230 $W/err | tr '\n' ' ')"
done
exit 0
