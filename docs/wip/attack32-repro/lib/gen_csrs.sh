#!/usr/bin/env bash
# Hostile CSRs into $1. Each a file NAME.csr; keys NAME.key.
set -u; D=$1; mkdir -p $D; cd $D
s="/CN=holder"
# compressed P-256 point
openssl ecparam -name prime256v1 -genkey -noout -out comp.key 2>/dev/null
openssl ec -in comp.key -conv_form compressed -out compc.key 2>/dev/null
openssl req -new -key compc.key -subj "$s" -out comp.csr 2>/dev/null
# extensions asked for: SAN dns, CA:TRUE, EKU serverAuth, critical unknown
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext.key -subj "/CN=evil.example.com/O=Evil" \
  -addext "subjectAltName=DNS:evil.example.com,email:boss@gov.kz" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "extendedKeyUsage=serverAuth,codeSigning" -addext "1.2.3.4=critical,ASN1:NULL" -out ext.csr 2>/dev/null
# RSA 1024
openssl req -new -newkey rsa:1024 -nodes -keyout rsa1024.key -subj "$s" -out rsa1024.csr 2>/dev/null
# Ed25519, Ed448
openssl req -new -newkey ed25519 -nodes -keyout ed25519.key -subj "$s" -out ed25519.csr 2>/dev/null
openssl req -new -newkey ed448 -nodes -keyout ed448.key -subj "$s" -out ed448.csr 2>/dev/null
# DSA 2048
openssl dsaparam -out dsap.pem 2048 2>/dev/null; openssl gendsa -out dsa.key dsap.pem 2>/dev/null
openssl req -new -key dsa.key -subj "$s" -sha256 -out dsa.csr 2>/dev/null
# RSA-PSS key type
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss.key 2>/dev/null
openssl req -new -key pss.key -subj "$s" -out psskey.csr 2>/dev/null
# rsaEncryption key, CSR signed with PSS/SHA-1 (weak digest inside PSS params)
openssl genrsa -out rsa.key 2048 2>/dev/null
openssl req -new -key rsa.key -subj "$s" -sigopt rsa_padding_mode:pss -sha1 -sigopt rsa_pss_saltlen:20 -out psssha1.csr 2>/dev/null
# secp256k1, P-521, brainpool
for c in secp256k1 secp521r1 brainpoolP256r1; do
 openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:$c -nodes -keyout $c.key -subj "$s" -out $c.csr 2>/dev/null; done
# P-384 normal, RSA-8192? (slow) skip; RSA 4096 normal
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout p384.key -subj "$s" -out p384.csr 2>/dev/null
ls *.csr
