#!/usr/bin/env bash
# Special files named as input: a FIFO nobody writes, /dev/zero, /etc/shadow, a file name with terminal escapes,
# and `certificate issue-batch --manifest` (read line by line with no limit).
NAME=special-files; . "$(dirname "$0")/common.sh"
setup >/dev/null || exit 1
submit_approve >/dev/null
mkfifo $W/fifo
t() { # TITLE CMD... : run with a 10 s timeout and a 2 GB address-space limit
    local title=$1; shift
    ( ulimit -v 2000000; /usr/bin/time -f "wall=%e s maxrss=%M KiB" timeout 10 "$CLI" --db $DB --lang en "$@" >$W/out 2>$W/err </dev/null; echo "rc=$?" >>$W/err )
    echo "## $title"; echo "   $(tail -c 400 $W/err | tr '\n' ' ')"
}
A="--as op --password-file $W/op.pw"; O="--as off1 --password-file $W/off1.pw"; AD="--as admin --password-file $W/admin.pw"
t "submit --pdf FIFO"               $A application submit --ca NCA --pdf $W/fifo --attachments identity_document_copy --consent
t "submit --data FIFO"              $A application submit --ca NCA --form NCA-ISSUE-IND --data $W/fifo --attachments identity_document_copy --consent
t "issue --csr FIFO"                $O certificate issue --application $APP --csr $W/fifo --out $W/x.pem --ca-passphrase-file $W/ca.pass
t "ca import-cert --cert FIFO"      $AD ca import-cert --code NCA --cert $W/fifo
t "revoke --signed-request FIFO"    $O certificate revoke --signed-request $W/fifo
t "rules load FIFO"                 $AD rules load $W/fifo
t "issue-batch --manifest FIFO"     $O certificate issue-batch --manifest $W/fifo --out $W/b1
t "issue-batch --manifest /dev/zero (one endless line)" $O certificate issue-batch --manifest /dev/zero --out $W/b2
yes 'x' | head -c 200000000 > $W/big-manifest.csv 2>/dev/null
t "issue-batch --manifest 200 MB file (100 M lines)" $O certificate issue-batch --manifest $W/big-manifest.csv --out $W/b3
printf 'application,person,csr\n%s,,/etc/shadow\n' $APP > $W/m.csv
t "issue-batch manifest naming /etc/shadow as the CSR" $O certificate issue-batch --manifest $W/m.csv --out $W/b4 --ca-passphrase-file $W/ca.pass
t "submit --pdf /etc/shadow"        $A application submit --ca NCA --pdf /etc/shadow --attachments identity_document_copy --consent
t "import-cert --cert /dev/zero"    $AD ca import-cert --code NCA --cert /dev/zero
t "revoke --signed-request /dev/zero" $O certificate revoke --signed-request /dev/zero
t "audit verify --crl /dev/zero"    --as aud --password-file $W/aud.pw audit verify --crl /dev/zero
ESC=$(printf '\033]0;PWNED\007\033[2J')
t "file name with terminal escapes" $A application submit --ca NCA --pdf "$W/a${ESC}b.pdf" --attachments identity_document_copy --consent
echo "   raw bytes of that message: $(grep -c $'\033' $W/err) line(s) with ESC"
mkdir -p $W/batchdir; cp $W/m.csv "$W/batchdir/x${ESC}y.csr"
t "issue-batch --dir holding a request whose NAME carries terminal escapes" $O certificate issue-batch --dir $W/batchdir --out $W/b6 --ca-passphrase-file $W/ca.pass
echo "   raw bytes of that message: $(grep -c $'\033' $W/err) line(s) with ESC (the file name is printed as it is)"
rm -f $W/big-manifest.csv
