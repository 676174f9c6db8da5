#!/usr/bin/env bash
# A named pipe planted in the CRL publication folder under a CRL's name (anyone who can write into the web root,
# the README's "stranger") makes `crl publish` block for ever while holding the CA's publication lock: the run
# never ends — inside the register's write transaction: every other write of every workstation (registering an
# application, issuing, revoking) waits, then fails "busy" (exit 11); a key-compromise revocation's "publish at
# once" blocks the officer's command too. README: "Only regular files are read: a pipe nobody writes to … is refused at once"
# (session 27, F7) — not in the CRL folder scan. (A garbage file or a dangling link is refused at once, naming it.)
# Exit 0 = vulnerable (publication still running after 20 s).
NAME=fifo-crl-folder; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
submit_approve >/dev/null; mkcsr $W/a.csr; issue $APP $W/a.csr $W/a.pem; A=$SERIAL
mkdir -p $W/pub
step "first full CRL" as off1 crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass
mkfifo $W/pub/NCA-delta.crl
say "a FIFO named NCA-delta.crl planted in the folder; crl publish (20 s limit)"
t0=$(date +%s)
"$CLI" --db "$DB" --lang en --as off1 --password-file $W/off1.pw crl publish --ca NCA --out $W/pub --ca-passphrase-file $W/ca.pass >$W/out1 2>$W/err1 </dev/null &
P=$!
sleep 3
write_app $W/other.json $(newiin 99) Other Person
say "meanwhile, an unrelated write: an operator registers an application (60 s limit)"
t1=$(date +%s); timeout 60 "$CLI" --db "$DB" --lang en --as op --password-file $W/op.pw application submit --ca NCA --form NCA-ISSUE-IND \
  --data $W/other.json --attachments identity_document_copy --consent >$W/out 2>$W/err </dev/null
wrc=$?; echo "   rc=$wrc after $(( $(date +%s) - t1 )) s (11 = busy, 124 = still waiting) $(head -c 200 $W/err)"
for _ in $(seq 5); do kill -0 $P 2>/dev/null || break; sleep 1; done
if kill -0 $P 2>/dev/null; then
  echo "   first run still blocked after $(( $(date +%s) - t0 )) s (pid $P); lock file: $(ls $W/pub | tr '\n' ' ')"
  kill $P; wait $P 2>/dev/null; hung=1
else wait $P; echo "   first run ended rc=$? $(head -c 200 $W/err1)"; hung=0; fi
# the officer's revocation for key compromise with publish_dir set
as admin ca set --code NCA publish_dir=$W/pub; show $?
say "certificate revoke --reason key_compromise (publishes at once into the folder; 20 s limit)"
timeout 20 "$CLI" --db "$DB" --lang en --as off1 --password-file $W/off1.pw certificate revoke --ca NCA --serial $A \
  --reason key_compromise --basis holder_application --ca-passphrase-file $W/ca.pass >$W/out2 2>$W/err2 </dev/null
rc=$?; echo "   rc=$rc (124 = still blocked after 20 s) $(head -c 200 $W/out2 $W/err2 | tr '\n' ' ')"
as aud certificate show $A; echo "   certificate: $(grep -iE '^status' $W/out | tr -s ' ')"
rm -f $W/pub/NCA-delta.crl
# the same with the lock file's name
mkdir -p $W/pub2; mkfifo $W/pub2/NCA.crl.lock
timeout 15 "$CLI" --db "$DB" --lang en --as off1 --password-file $W/off1.pw crl publish --ca NCA --out $W/pub2 --new-folder --ca-passphrase-file $W/ca.pass >$W/out 2>$W/err </dev/null
echo "== a FIFO named NCA.crl.lock in a new folder: crl publish rc=$? (124 = blocked 15 s) $(head -c 200 $W/err)"
[ $hung = 1 ] && exit 0 || exit 1
