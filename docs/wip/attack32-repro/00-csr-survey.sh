#!/usr/bin/env bash
# Survey: hostile CSRs against certificate issue; lints every issued certificate. Not a finding by itself.
NAME=csr-survey; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
"$(dirname "$0")/lib/gen_csrs.sh" $W/csr >/dev/null
for c in $W/csr/*.csr; do
  n=$(basename $c .csr)
  submit_approve >/dev/null || { echo "submit failed"; cat $W/err; continue; }
  issue $APP $c $W/$n.pem; rc=$?
  echo "== $n: rc=$rc $(head -c 300 $W/err | tr '\n' ' ')"
done
