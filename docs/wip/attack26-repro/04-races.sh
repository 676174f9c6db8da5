#!/usr/bin/env bash
# Two workstations at the same moment (two tirkeu-cli processes started together), looped.
#   ENGINE=pg : PostgreSQL (READ COMMITTED, as the application role); default SQLite.
#   ROUNDS (default 30)
# a) one CSR (one key) for two approved applications, issued at once      -> at most one certificate of the key
# b) two crl publish of NCA into two folders at once (second --new-folder) -> distinct CRL numbers
# c) two crl publish of NCA into ONE folder at once                        -> one publishes, other exit 11 (or waits)
# d) the same application issued twice at once (two keys)                 -> one certificate
# e) two revocations of one certificate at once                           -> one revocation
# f) 6 application submits at once (event log appended by 6 writers)       -> audit verify intact, 6 events
NAME=04-races${ENGINE:+-$ENGINE}
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-30}
if [ "${ENGINE:-}" = pg ]; then pg_up || exit 1; pg_newdb atk04; DB=$DB_OWNER APPROLE=tirkeu_app; fi
setup || exit 1
[ "${ENGINE:-}" = pg ] && DB=$DB_APP
run2() { # two commands at once; "$W/r1" "$W/r2" exit codes
  ( "$CLI" --db "$DB" --lang en "${A1[@]}" >"$W/o1" 2>"$W/e1"; echo $? >"$W/r1" ) &
  ( "$CLI" --db "$DB" --lang en "${A2[@]}" >"$W/o2" 2>"$W/e2"; echo $? >"$W/r2" ) &
  wait
}
OFF1=(--as off1 --password-file "$W/off1.pw"); OFF2=(--as off2 --password-file "$W/off2.pw")
declare -A tally
note() { tally["$1"]=$(( ${tally["$1"]:-0} + 1 )); }
mkdir -p "$W/pub1" "$W/pub2"
as off1 crl publish --ca NCA --out "$W/pub1" --ca-passphrase-file "$W/ca.pass" --json; show $?
for r in $(seq 1 $ROUNDS); do echo "   round $r $(date -u +%T)"
  # a) one key, two applications
  submit_approve "$(newiin $((1000+r)))" || exit 1; A=$APP
  submit_approve "$(newiin $((2000+r)))" || exit 1; B=$APP
  mkcsr "$W/k$r.csr"
  A1=("${OFF1[@]}" certificate issue --application $A --csr "$W/k$r.csr" --out "$W/a$r.pem" --ca-passphrase-file "$W/ca.pass")
  A2=("${OFF2[@]}" certificate issue --application $B --csr "$W/k$r.csr" --out "$W/b$r.pem" --ca-passphrase-file "$W/ca.pass")
  run2; note "a: rc $(cat "$W/r1")/$(cat "$W/r2")"
  [ "$(cat "$W/r1")" = 0 ] && [ "$(cat "$W/r2")" = 0 ] && { echo "   !! round $r: one key certified twice"; note "a: KEY CERTIFIED TWICE"; }
  # d) one application twice
  submit_approve "$(newiin $((3000+r)))" || exit 1; C=$APP
  mkcsr "$W/d1-$r.csr"; mkcsr "$W/d2-$r.csr"
  A1=("${OFF1[@]}" certificate issue --application $C --csr "$W/d1-$r.csr" --out "$W/d1-$r.pem" --ca-passphrase-file "$W/ca.pass")
  A2=("${OFF2[@]}" certificate issue --application $C --csr "$W/d2-$r.csr" --out "$W/d2-$r.pem" --ca-passphrase-file "$W/ca.pass")
  run2; note "d: rc $(cat "$W/r1")/$(cat "$W/r2")"
  [ "$(cat "$W/r1")" = 0 ] && [ "$(cat "$W/r2")" = 0 ] && { echo "   !! round $r: application issued twice"; note "d: ISSUED TWICE"; }
  # e) one certificate revoked twice
  S=$(openssl x509 -in "$W/a$r.pem" -noout -serial 2>/dev/null | cut -d= -f2); [ -z "$S" ] && S=$(openssl x509 -in "$W/b$r.pem" -noout -serial | cut -d= -f2)
  A1=("${OFF1[@]}" certificate revoke --ca NCA --serial "$S" --reason superseded --basis holder_application --ca-passphrase-file "$W/ca.pass")
  A2=("${OFF2[@]}" certificate revoke --ca NCA --serial "$S" --reason key_compromise --basis holder_application --ca-passphrase-file "$W/ca.pass")
  run2; note "e: rc $(cat "$W/r1")/$(cat "$W/r2")"
  [ "$(cat "$W/r1")" = 0 ] && [ "$(cat "$W/r2")" = 0 ] && { echo "   !! round $r: revoked twice"; note "e: REVOKED TWICE"; }
  # b) two folders at once
  nf=(); [ $r = 1 ] && nf=(--new-folder)
  A1=("${OFF1[@]}" crl publish --ca NCA --out "$W/pub1" --ca-passphrase-file "$W/ca.pass" --json)
  A2=("${OFF2[@]}" crl publish --ca NCA --out "$W/pub2" "${nf[@]}" --ca-passphrase-file "$W/ca.pass" --json)
  run2; n1=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("crl_number"))' "$W/o1" 2>/dev/null); n2=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("crl_number"))' "$W/o2" 2>/dev/null)
  note "b: rc $(cat "$W/r1")/$(cat "$W/r2")"
  [ -n "$n1" ] && [ "$n1" = "$n2" ] && { echo "   !! round $r: CRL number $n1 used twice"; note "b: NUMBER TWICE"; }
  [ "$(cat "$W/r1")" != 0 ] && echo "   b round $r pub1: $(head -c 200 "$W/e1")"
  [ "$(cat "$W/r2")" != 0 ] && echo "   b round $r pub2: $(head -c 200 "$W/e2")"
  # c) one folder at once
  A1=("${OFF1[@]}" crl publish --ca NCA --out "$W/pub1" --ca-passphrase-file "$W/ca.pass" --json)
  A2=("${OFF2[@]}" crl publish --ca NCA --out "$W/pub1" --ca-passphrase-file "$W/ca.pass" --json)
  run2; note "c: rc $(cat "$W/r1")/$(cat "$W/r2")"
  n1=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("crl_number"))' "$W/o1" 2>/dev/null); n2=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("crl_number"))' "$W/o2" 2>/dev/null)
  [ -n "$n1" ] && [ "$n1" != None ] && [ "$n1" = "$n2" ] && { echo "   !! round $r: CRL number $n1 used twice (one folder)"; note "c: NUMBER TWICE"; }
  for k in 1 2; do rc=$(cat "$W/r$k"); [ "$rc" != 0 ] && [ "$rc" != 11 ] && echo "   c round $r run $k rc=$rc: $(head -c 200 "$W/e$k")"; done
done
# f) six writers at once
for k in 1 2 3 4 5 6; do write_app "$W/f$k.json" "$(newiin $((5000+k)))" Parallel Writer; done
for k in 1 2 3 4 5 6; do ( "$CLI" --db "$DB" --lang en --as op --password-file "$W/op.pw" application submit --ca NCA --form NCA-ISSUE-IND --data "$W/f$k.json" --attachments identity_document_copy --consent >/dev/null 2>"$W/fe$k"; echo $? >"$W/fr$k" ) & done; wait
note "f: rcs $(cat "$W"/fr* | tr '\n' ' ')"
for k in "${!tally[@]}"; do echo "   $k x ${tally[$k]}"; done | sort
say "certificates: $(as aud certificate list --json >/dev/null; python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d=d if isinstance(d,list) else d.get("certificates",[]); print(len(d))' "$W/out")"
as aud audit verify --crl "$W/pub1/NCA.crl" --crl "$W/pub2/NCA.crl"; show $?
if [ "${ENGINE:-}" != pg ]; then
  echo "   certificates sharing a key: $(sqlite3 "$DB" "SELECT count(*) FROM (SELECT spki_sha256 FROM certificates GROUP BY spki_sha256 HAVING count(*)>1)")"
  echo "   crl numbers recorded twice: $(sqlite3 "$DB" "SELECT count(*) FROM (SELECT crl_number FROM crls GROUP BY ca_id, crl_number HAVING count(*)>1)")"
  echo "   revocations per certificate >1: $(sqlite3 "$DB" "SELECT count(*) FROM (SELECT certificate_id FROM revocations GROUP BY certificate_id HAVING count(*)>1)")"
else
  psql -At -d atk04 -c "SELECT 'certificates sharing a key: '||count(*) FROM (SELECT spki_sha256 FROM certificates GROUP BY spki_sha256 HAVING count(*)>1) x" -c "SELECT 'crl numbers twice: '||count(*) FROM (SELECT crl_number FROM crls GROUP BY ca_id, crl_number HAVING count(*)>1) x"
fi
