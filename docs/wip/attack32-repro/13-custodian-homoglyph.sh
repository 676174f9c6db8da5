#!/usr/bin/env bash
# ca backup: "each share goes to a different custodian" compares names case-folded and space-collapsed, but
# "Ivanov Ivan" with a Cyrillic а / о is another custodian: one person is recorded (and printed on the hand-over
# record) as three custodians, 3 shares of a 3-of-5 backup. Exit 0 = vulnerable.
NAME=custodian-homoglyph; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
mkdir -p $W/bk; chmod 700 $W/bk
step "same name twice (refused: the rule)" as admin ca backup --ca NCA --out $W/bk/a --ca-passphrase-file $W/ca.pass \
  --custodian "Ivanov Ivan;CTO" --custodian "IVANOV IVAN;Head" --custodian "C;x" --custodian "D;x" --custodian "E;x"
step "the same name three times, two with a Cyrillic letter" as admin ca backup --ca NCA --out $W/bk/b --ca-passphrase-file $W/ca.pass \
  --custodian "Ivanov Ivan;CTO" --custodian "$(printf 'Iv\xd0\xb0nov Ivan;CTO')" --custodian "$(printf 'Ivan\xd0\xbev Ivan;CTO')" --custodian "D;x" --custodian "E;x"
rc=$?
as admin ca backups --ca NCA; echo "   $(tr -s ' \n' ' ' < $W/out | cut -c1-400)"
[ $rc -eq 0 ] && exit 0 || exit 1
