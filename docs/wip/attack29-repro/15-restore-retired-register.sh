#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# After `db migrate` A -> B, the retired A (or a backup of it) restored into a new register C: is C live (a fork of
# the register that the retirement was meant to prevent)? Exit 0.
NAME=restore-retired; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
as admin db migrate --from sqlite:$DB --to sqlite:$W/B.sqlite; show $? | head -c 200; echo
DB=$W/B.sqlite as off1 certificate revoke --ca NCA --serial $A --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass; show $?
mkdir -p $W/bk; chmod 700 $W/bk
as admin db backup --out $W/bk/retired.sqlite; say "db backup of the retired register: rc=$? $(head -c 200 $W/out $W/err | tr '\n' ' ')"
DB=$W/C.sqlite as admin db restore --from $DB; say "restore the retired file itself into C: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
[ -f $W/bk/retired.sqlite ] && { DB=$W/D.sqlite as admin db restore --from $W/bk/retired.sqlite; say "restore its backup into D: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"; }
for r in C D; do [ -f $W/$r.sqlite ] || continue
  echo "   $r meta: $(sqlite3 $W/$r.sqlite "select group_concat(key||'='||substr(value,1,40), ' | ') from meta")"
  DB=$W/$r.sqlite as aud certificate show $A --ca NCA; echo "   $r: A $(grep -E '^status' $W/out)"
  N_APP=$((N_APP+1)); write_app $W/x$r.json $(newiin $((1100+N_APP))) Kasymova Aliya
  DB=$W/$r.sqlite as op application submit --ca NCA --form NCA-ISSUE-IND --data $W/x$r.json --attachments identity_document_copy --consent; echo "   $r accepts writes: rc=$? $(head -c 150 $W/out $W/err | tr '\n' ' ')"
  DB=$W/$r.sqlite as aud audit verify; echo "   $r audit verify: rc=$? $(head -c 250 $W/out $W/err | tr '\n' ' ')"
done
exit 0
