#!/usr/bin/env bash
# `ca import-cert` with the parent outside the register (its certificate after the CA's in the PEM file): parents
# with flaws. For each accepted case a holder certificate is issued and checked with
# `openssl verify -CAfile parent.pem -untrusted sub.pem holder.pem`.
# Exit 0 when at least one flawed parent is accepted (the F-entries name which).
NAME=outside-parent; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
accepted_flawed=0
n=0
case_() { # FLAW EXPECTATION
    local flaw=$1 expect=$2; n=$((n+1)); local code=S$n name="Sub $n $flaw"
    as admin ca add --code $code --name "$name" --kind national || { show $?; return; }
    pointers $code >/dev/null
    as admin ca init --code $code --key-algorithm p256 --key-out "$W/$code.p8" --passphrase-file "$W/ca.pass" --subordinate --csr-out "$W/$code.csr" || { show $?; return; }
    python3 "$(dirname "$0")/mkparent.py" --subject-key $W/$code.p8 --subject "C=KZ,CN=$name" --parent-name "C=KZ,O=Outside,CN=Parent $n" \
        --flaw $flaw --out $W/$code-chain.pem --parent-out $W/$code-parent.pem 2>$W/mk.err || { echo "## $flaw: cannot build: $(cat $W/mk.err)"; return; }
    as admin ca import-cert --code $code --cert $W/$code-chain.pem; local rc=$?
    printf '## %-28s (expected %-8s) import rc=%s %s\n' "$flaw" "$expect" $rc "$(head -c 260 $W/out $W/err 2>/dev/null | grep -v '==>' | tr '\n' ' ')"
    [ $rc -ne 0 ] && return
    [ "$flaw" != none ] && [ "$expect" = refused ] && accepted_flawed=$((accepted_flawed+1))
    submit_approve "" Kasymova $code >/dev/null || { echo "   (no application)"; return; }
    mkcsr $W/h$n.csr
    issue $APP $W/h$n.csr $W/h$n.pem || { echo "   issue: $(cat $W/err | head -c 200)"; return; }
    sed -n '1,/END CERTIFICATE/p' $W/$code-chain.pem >$W/$code-sub.pem
    echo "   holder cert issued; openssl verify: $(openssl verify -CAfile $W/$code-parent.pem -untrusted $W/$code-sub.pem $W/h$n.pem 2>&1 | tr '\n' ' ' | head -c 250)"
}
case_ none accepted
case_ pathlen0 refused
case_ ku-no-keycertsign refused
case_ parent-not-yet-valid refused
case_ parent-inverted refused
case_ rsa-factor3 refused
case_ rsa-e3 refused
case_ rsa1024 refused
case_ secp256k1 refused
case_ parent-serial-negative refused
case_ parent-serial-zero refused
case_ parent-md5 refused
case_ parent-sha1 refused
case_ parent-ca-false refused
case_ parent-expired-before-sub refused
case_ sub-pss refused   # README: RSA-PSS signatures are refused (documented)
verify
echo "flawed parents accepted: $accepted_flawed"
[ $accepted_flawed -gt 0 ]
