#!/usr/bin/env bash
# CRL partitions (run 30 and 33 first). crl_partitions and crl_partition_members have no guard trigger (on PostgreSQL
# the application role may write both: see 17). Here with sqlite3 on a copy of the conformance register: a new
# partition row "s3" whose url is the URL of s2, and the revoked certificate moved into it. Which CRL file lists it?
set -u; export LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; S=/work/attack29/work/conformance; W=/work/attack29/work/partition-redirect
rm -rf $W; mkdir -p $W; chmod 700 $W; cp $S/register.sqlite $W/; cp $S/*.pw $S/ca.pass $W/; export HOME=$W
DB=$W/register.sqlite
as() { local who=$1; shift; "$CLI" --db "$DB" --lang en --as "$who" --password-file "$W/$who.pw" "$@" >"$W/out" 2>"$W/err" </dev/null; }
SER=$(openssl x509 -in $S/gov2.pem -noout -serial | cut -d= -f2)
sqlite3 $DB "SELECT * FROM crl_partitions; SELECT * FROM crl_partition_members;"
sqlite3 $DB "INSERT INTO crl_partitions SELECT ca_id, 's3', url, created_at FROM crl_partitions WHERE label='s2'; UPDATE crl_partition_members SET label='s3' WHERE serial='$SER';" && echo "tampered"
mkdir -p $W/pub; as off1 crl publish --ca GOV --out $W/pub --ca-passphrase-file $W/ca.pass --new-folder --json; echo "publish rc=$? $(head -c 300 $W/err)"
ls $W/pub
for f in $W/pub/*.crl; do echo "== $(basename $f): $(openssl crl -in $f -inform DER -noout -text | grep -E 'URI|Serial Number' | tr -s ' \n' ' ')"; done
as aud audit verify; echo "audit verify: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
