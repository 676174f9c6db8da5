#pragma once
// The PostgreSQL text of the schema. Plain DDL (tables, indexes, seed rows) is translated from the
// SQLite migrations by toPostgres(); triggers are written out by hand here as PL/pgSQL trigger
// functions, one migration version at a time (a migration with triggers and no entry here is refused
// on PostgreSQL with a clear message rather than half-applied).
//
// Translation rules: INTEGER PRIMARY KEY -> BIGINT identity (BY DEFAULT, so `db migrate` can copy ids),
// INTEGER -> BIGINT (SQLite integers are 64-bit), BLOB -> BYTEA, TEXT -> TEXT COLLATE "C" (byte order,
// as SQLite compares: timestamps, IINs and Kazakh names sort the same on both engines), REFERENCES ...
// DEFERRABLE INITIALLY IMMEDIATE (`db migrate` defers them while it copies), INSERT OR IGNORE -> ON
// CONFLICT DO NOTHING.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

namespace tirkeu::registry {

class SchemaPg {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::SchemaPg)
public:
    // The PostgreSQL script of migration `version` whose SQLite text is `sqlite`.
    static Result<QString> script(int version, const QString& sqlite);
    // SQLite DDL -> PostgreSQL DDL (see the rules above); refuses what it cannot translate.
    static Result<QString> toPostgres(const QString& sqlite);
};

namespace sql {

// Migration 2 on PostgreSQL: the same protections as the SQLite triggers. Statements are separated by
// ";\n", so function bodies keep their inner statements on one line.
inline constexpr const char kPgMigration2[] = R"SQL(
CREATE FUNCTION tirkeu_now() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
CREATE FUNCTION tirkeu_sweep_off() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT sweep_active FROM maintenance WHERE id = 1), 0) = 0 $$;
CREATE FUNCTION tirkeu_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE FUNCTION tirkeu_refuse_unless_sweep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF tirkeu_sweep_off() THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE FUNCTION tirkeu_retention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF tirkeu_sweep_off() OR OLD.retention_until IS NULL OR OLD.retention_until > tirkeu_now() THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE FUNCTION tirkeu_revocation_retention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF tirkeu_sweep_off() OR (SELECT retention_until FROM certificates WHERE id = OLD.certificate_id) > tirkeu_now() THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE FUNCTION tirkeu_history_retention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF tirkeu_sweep_off() OR (SELECT retention_until FROM applications WHERE id = OLD.application_id) > tirkeu_now() THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE TRIGGER audit_events_immutable BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('audit: events cannot be changed');
CREATE TRIGGER audit_events_retention BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: an audit event cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER audit_anchors_immutable BEFORE UPDATE ON audit_anchors FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('audit: anchors cannot be changed');
CREATE TRIGGER audit_anchors_kept BEFORE DELETE ON audit_anchors FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse_unless_sweep('audit: anchors cannot be deleted');
CREATE TRIGGER archive_batches_immutable BEFORE UPDATE ON archive_batches FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('archive batches cannot be changed');
CREATE TRIGGER archive_batches_kept BEFORE DELETE ON archive_batches FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('archive batches cannot be deleted');
CREATE TRIGGER certificates_retention BEFORE DELETE ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: a certificate cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER applications_retention BEFORE DELETE ON applications FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: an application cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER persons_retention BEFORE DELETE ON persons FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: a person cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER organisations_retention BEFORE DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: an organisation cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER crls_retention BEFORE DELETE ON crls FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: a CRL record cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER cas_retention BEFORE DELETE ON cas FOR EACH ROW EXECUTE FUNCTION tirkeu_retention('retention: a CA cannot be deleted before its retention period ends, and only by the retention sweep');
CREATE TRIGGER revocations_retention BEFORE DELETE ON revocations FOR EACH ROW EXECUTE FUNCTION tirkeu_revocation_retention('retention: a revocation cannot be deleted before its certificate''s retention period ends');
CREATE TRIGGER revocations_immutable BEFORE UPDATE ON revocations FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('revocations cannot be changed');
CREATE TRIGGER application_history_retention BEFORE DELETE ON application_history FOR EACH ROW EXECUTE FUNCTION tirkeu_history_retention('retention: application history cannot be deleted before the application''s retention period ends');
CREATE TRIGGER application_history_immutable BEFORE UPDATE ON application_history FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('application history cannot be changed');
CREATE TRIGGER certificates_retention_kept BEFORE UPDATE OF retention_until ON certificates FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked')) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER certificates_der_immutable BEFORE UPDATE OF der, serial, ca_id ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('an issued certificate cannot be changed');
CREATE INDEX applications_queue ON applications (status, deadline);
CREATE INDEX applications_ca ON applications (ca_id, received_at);
CREATE INDEX certificates_person ON certificates (person_id);
CREATE INDEX certificates_organisation ON certificates (organisation_id);
CREATE INDEX certificates_not_after ON certificates (ca_id, not_after);
CREATE INDEX certificates_retention ON certificates (retention_until);
CREATE INDEX revocations_ca ON revocations (ca_id, revoked_at);
CREATE INDEX audit_events_subject ON audit_events (subject);
CREATE INDEX persons_name ON persons (surname, name)
)SQL";

// Migration 4 on PostgreSQL: one key per holder at the Government Bodies CA (see sql::kMigration4).
inline constexpr const char kPgMigration4[] = R"SQL(
CREATE FUNCTION tirkeu_one_key_per_holder() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.status = 'valid' AND NEW.profile = 'government_employee' AND NEW.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM certificates c WHERE c.ca_id = NEW.ca_id AND c.person_id = NEW.person_id AND c.status = 'valid' AND c.not_after > NEW.not_before) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN NEW; END $$;
CREATE TRIGGER certificates_one_key_per_holder BEFORE INSERT ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_one_key_per_holder('one key per holder: the holder already has a valid certificate at this CA');
CREATE INDEX certificates_holder ON certificates (ca_id, person_id, status);
CREATE TABLE crl_owed (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ca_id BIGINT NOT NULL, serial TEXT COLLATE "C" NOT NULL, reason_code BIGINT NOT NULL, recorded_at TEXT COLLATE "C" NOT NULL, settled_crl BIGINT, settled_at TEXT COLLATE "C");
CREATE INDEX crl_owed_open ON crl_owed (ca_id, settled_at)
)SQL";

// Migration 5 on PostgreSQL: the guards of the SQLite migration 5 that apply here (no INSERT OR
// REPLACE exists), and a sweep flag that counts only inside the transaction that set it and must be
// cleared before that transaction commits (deferred constraint trigger).
inline constexpr const char kPgMigration5[] = R"SQL(
ALTER TABLE maintenance ADD COLUMN sweep_txid BIGINT;
CREATE OR REPLACE FUNCTION tirkeu_sweep_off() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT NOT coalesce((SELECT sweep_active = 1 AND sweep_txid = txid_current() FROM maintenance WHERE id = 1), false) $$;
CREATE FUNCTION tirkeu_sweep_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.sweep_active = 1 THEN NEW.sweep_txid := txid_current(); ELSE NEW.sweep_txid := NULL; END IF; RETURN NEW; END $$;
CREATE FUNCTION tirkeu_sweep_closed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT sweep_active FROM maintenance WHERE id = 1) = 1 THEN RAISE EXCEPTION 'retention: the sweep flag must be cleared by the transaction that set it'; END IF; RETURN NULL; END $$;
CREATE FUNCTION tirkeu_refuse_if_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM audit_events) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE TRIGGER maintenance_sweep_stamp BEFORE INSERT OR UPDATE ON maintenance FOR EACH ROW EXECUTE FUNCTION tirkeu_sweep_stamp();
CREATE CONSTRAINT TRIGGER maintenance_sweep_closed AFTER INSERT OR UPDATE ON maintenance DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tirkeu_sweep_closed();
CREATE TRIGGER maintenance_kept BEFORE DELETE ON maintenance FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse_if_events('retention: the sweep flag row cannot be deleted');
CREATE TRIGGER retention_policies_kept BEFORE DELETE ON retention_policies FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse_if_events('protected: retention policies cannot be deleted');
CREATE TRIGGER operators_kept BEFORE DELETE ON operators FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('protected: operators are disabled, never deleted');
CREATE TRIGGER certificates_status_forward BEFORE UPDATE OF status ON certificates FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked')) EXECUTE FUNCTION tirkeu_refuse('protected: a certificate''s status moves only from valid to revoked');
CREATE TRIGGER certificates_content_immutable BEFORE UPDATE OF subject, person_id, organisation_id, profile, not_before, not_after, issued_by, issued_at, application_id, replaces_certificate_id ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('an issued certificate cannot be changed');
CREATE TRIGGER applications_status_final BEFORE UPDATE OF status ON applications FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status AND OLD.status IN ('done', 'rejected')) EXECUTE FUNCTION tirkeu_refuse('protected: a done or rejected application cannot change its status');
CREATE TRIGGER applications_retention_kept BEFORE UPDATE OF retention_until ON applications FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL)) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER persons_retention_kept BEFORE UPDATE OF retention_until ON persons FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL)) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER organisations_retention_kept BEFORE UPDATE OF retention_until ON organisations FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL)) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER crls_retention_kept BEFORE UPDATE OF retention_until ON crls FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL)) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER cas_retention_kept BEFORE UPDATE OF retention_until ON cas FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until) EXECUTE FUNCTION tirkeu_refuse('retention: a retention period cannot be shortened');
CREATE TRIGGER operators_key_immutable BEFORE UPDATE OF id, login ON operators FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.login IS DISTINCT FROM OLD.login) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of operators cannot be changed');
CREATE TRIGGER cas_key_immutable BEFORE UPDATE OF id, code ON cas FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.code IS DISTINCT FROM OLD.code) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of cas cannot be changed');
CREATE TRIGGER persons_key_immutable BEFORE UPDATE OF id, iin ON persons FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.iin IS DISTINCT FROM OLD.iin) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of persons cannot be changed');
CREATE TRIGGER organisations_key_immutable BEFORE UPDATE OF id, bin ON organisations FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.bin IS DISTINCT FROM OLD.bin) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of organisations cannot be changed');
CREATE TRIGGER applications_key_immutable BEFORE UPDATE OF id ON applications FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of applications cannot be changed');
CREATE TRIGGER certificates_key_immutable BEFORE UPDATE OF id ON certificates FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of certificates cannot be changed');
CREATE TRIGGER crls_key_immutable BEFORE UPDATE OF id, ca_id, crl_number ON crls FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.ca_id IS DISTINCT FROM OLD.ca_id OR NEW.crl_number IS DISTINCT FROM OLD.crl_number) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of crls cannot be changed');
CREATE TRIGGER retention_policies_key_immutable BEFORE UPDATE OF ca_kind ON retention_policies FOR EACH ROW WHEN (NEW.ca_kind IS DISTINCT FROM OLD.ca_kind) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of retention_policies cannot be changed');
CREATE TRIGGER calendar_overrides_key_immutable BEFORE UPDATE OF day ON calendar_overrides FOR EACH ROW WHEN (NEW.day IS DISTINCT FROM OLD.day) EXECUTE FUNCTION tirkeu_refuse('protected: the key of a row of calendar_overrides cannot be changed')
)SQL";

// Migration 10 on PostgreSQL: the crl_pending table of sql::kMigration10 and its guards.
inline constexpr const char kPgMigration10[] = R"SQL(
CREATE TABLE crl_pending (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ca_id BIGINT NOT NULL, crl_number BIGINT NOT NULL, delta_base BIGINT, folder TEXT COLLATE "C" NOT NULL, file_base TEXT COLLATE "C" NOT NULL, state TEXT COLLATE "C" NOT NULL CHECK (state IN ('reserved', 'written', 'published', 'abandoned')), reserved_at TEXT COLLATE "C" NOT NULL, reserved_by BIGINT, this_update TEXT COLLATE "C", next_update TEXT COLLATE "C", entries BIGINT, size_bytes BIGINT, der_sha256 TEXT COLLATE "C", pem_sha256 TEXT COLLATE "C", owed_upto BIGINT, finished_at TEXT COLLATE "C", UNIQUE (ca_id, crl_number));
CREATE INDEX crl_pending_open ON crl_pending (ca_id, state);
CREATE TRIGGER crl_pending_key_immutable BEFORE UPDATE ON crl_pending FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.ca_id IS DISTINCT FROM OLD.ca_id OR NEW.crl_number IS DISTINCT FROM OLD.crl_number OR NEW.delta_base IS DISTINCT FROM OLD.delta_base OR NEW.folder IS DISTINCT FROM OLD.folder OR NEW.file_base IS DISTINCT FROM OLD.file_base OR NEW.reserved_at IS DISTINCT FROM OLD.reserved_at OR NEW.reserved_by IS DISTINCT FROM OLD.reserved_by) EXECUTE FUNCTION tirkeu_refuse('protected: a reserved CRL number cannot be changed');
CREATE TRIGGER crl_pending_state_forward BEFORE UPDATE ON crl_pending FOR EACH ROW WHEN (NOT ((OLD.state = 'reserved' AND NEW.state IN ('written', 'abandoned')) OR (OLD.state = 'written' AND NEW.state IN ('published', 'abandoned')))) EXECUTE FUNCTION tirkeu_refuse('protected: a CRL publication only moves forward (reserved, written, published or abandoned)');
CREATE TRIGGER crl_pending_content_kept BEFORE UPDATE ON crl_pending FOR EACH ROW WHEN (OLD.state = 'written' AND (NEW.der_sha256 IS DISTINCT FROM OLD.der_sha256 OR NEW.pem_sha256 IS DISTINCT FROM OLD.pem_sha256 OR NEW.this_update IS DISTINCT FROM OLD.this_update OR NEW.entries IS DISTINCT FROM OLD.entries)) EXECUTE FUNCTION tirkeu_refuse('protected: the recorded content of a CRL cannot be changed');
CREATE TRIGGER crl_pending_kept BEFORE DELETE ON crl_pending FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('protected: a reserved CRL number is never deleted')
)SQL";

// Migration 11 (registry/SchemaSql.h kMigration11) on PostgreSQL: the same tables and guards.
inline constexpr const char kPgMigration11[] = R"SQL(
CREATE TABLE revocation_invalidity (revocation_id BIGINT PRIMARY KEY, serial TEXT COLLATE "C" NOT NULL, invalidity_date TEXT COLLATE "C" NOT NULL);
CREATE TABLE hold_releases (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, revocation_id BIGINT NOT NULL, certificate_id BIGINT NOT NULL, ca_id BIGINT NOT NULL, serial TEXT COLLATE "C" NOT NULL, held_at TEXT COLLATE "C" NOT NULL, hold_recorded_at TEXT COLLATE "C" NOT NULL, hold_recorded_by BIGINT NOT NULL, hold_basis_kind TEXT COLLATE "C" NOT NULL, hold_basis_document TEXT COLLATE "C", released_at TEXT COLLATE "C" NOT NULL, recorded_by BIGINT NOT NULL REFERENCES operators(id) DEFERRABLE INITIALLY IMMEDIATE, basis_kind TEXT COLLATE "C" NOT NULL, basis_document TEXT COLLATE "C");
CREATE INDEX hold_releases_ca ON hold_releases (ca_id, released_at);
CREATE INDEX hold_releases_certificate ON hold_releases (certificate_id);
CREATE TRIGGER revocation_invalidity_immutable BEFORE UPDATE ON revocation_invalidity FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('revocations cannot be changed');
CREATE TRIGGER revocation_invalidity_kept BEFORE DELETE ON revocation_invalidity FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse_unless_sweep('retention: an invalidity date is deleted only by the retention sweep');
CREATE FUNCTION tirkeu_hold_release_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NOT EXISTS (SELECT 1 FROM revocations WHERE id = NEW.revocation_id AND certificate_id = NEW.certificate_id AND reason_code = 6 AND recorded_at = NEW.hold_recorded_at) THEN RAISE EXCEPTION 'protected: only a certificate on hold is released'; END IF; RETURN NEW; END $$;
CREATE TRIGGER hold_releases_of_a_hold BEFORE INSERT ON hold_releases FOR EACH ROW EXECUTE FUNCTION tirkeu_hold_release_check();
CREATE TRIGGER hold_releases_immutable BEFORE UPDATE ON hold_releases FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('hold releases cannot be changed');
CREATE TRIGGER hold_releases_kept BEFORE DELETE ON hold_releases FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse_unless_sweep('retention: a hold release is deleted only by the retention sweep');
CREATE OR REPLACE FUNCTION tirkeu_revocation_retention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (tirkeu_sweep_off() OR (SELECT retention_until FROM certificates WHERE id = OLD.certificate_id) > tirkeu_now()) AND NOT (OLD.reason_code = 6 AND EXISTS (SELECT 1 FROM hold_releases h WHERE h.revocation_id = OLD.id AND h.certificate_id = OLD.certificate_id AND h.hold_recorded_at = OLD.recorded_at)) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE FUNCTION tirkeu_certificate_status() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NOT (OLD.status = 'revoked' AND NEW.status = 'valid' AND NOT EXISTS (SELECT 1 FROM revocations WHERE certificate_id = NEW.id) AND EXISTS (SELECT 1 FROM hold_releases WHERE certificate_id = NEW.id)) THEN RAISE EXCEPTION 'protected: a certificate''s status moves only from valid to revoked, and back only when its hold is released'; END IF; RETURN NEW; END $$;
DROP TRIGGER IF EXISTS certificates_status_forward ON certificates;
CREATE TRIGGER certificates_status_released BEFORE UPDATE OF status ON certificates FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked')) EXECUTE FUNCTION tirkeu_certificate_status();
)SQL";

// Migration 18 (registry/SchemaSql.h kMigration18) on PostgreSQL: partitioned CRLs.
inline constexpr const char kPgMigration18[] = R"SQL(
CREATE TABLE crl_partitions (ca_id BIGINT NOT NULL REFERENCES cas(id), label TEXT COLLATE "C" NOT NULL, url TEXT COLLATE "C" NOT NULL, created_at TEXT COLLATE "C" NOT NULL, PRIMARY KEY (ca_id, label));
CREATE TABLE crl_partition_members (ca_id BIGINT NOT NULL REFERENCES cas(id), serial TEXT COLLATE "C" NOT NULL, label TEXT COLLATE "C" NOT NULL, PRIMARY KEY (ca_id, serial));
CREATE INDEX crl_partition_members_label ON crl_partition_members (ca_id, label, serial);
CREATE INDEX revocations_serial ON revocations (ca_id, serial)
)SQL";

// Migration 22 (registry/SchemaSql.h kMigration22) on PostgreSQL. First (F1 of the attack of session 25):
// every guard function reads its tables through a fixed search path, public then pg_temp: a session's
// temporary tables are otherwise searched first, and the application role shadowed maintenance,
// certificates and hold_releases with its own to switch the guards off. The loop at the end sets it on
// every tirkeu_ function of the schema (the new ones too), so none is forgotten (registry tst_schema checks).
// Schema::grantApplicationRole also takes TEMPORARY on the database from PUBLIC where it may.
inline constexpr const char kPgMigration22[] = R"SQL(
CREATE FUNCTION tirkeu_certificate_retention() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF NOT (OLD.status = 'valid' AND NEW.status = 'revoked' AND EXISTS (SELECT 1 FROM revocations r WHERE r.certificate_id = NEW.id AND r.revoked_at >= NEW.not_before AND NEW.retention_until >= to_char(r.revoked_at::timestamp + make_interval(years => coalesce((SELECT p.record_years FROM retention_policies p JOIN cas k ON k.kind = p.ca_kind WHERE k.id = NEW.ca_id), 1)::integer) - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN NEW; END $$;
DROP TRIGGER IF EXISTS certificates_retention_kept ON certificates;
CREATE TRIGGER certificates_retention_kept BEFORE UPDATE OF retention_until ON certificates FOR EACH ROW WHEN (NEW.retention_until < OLD.retention_until) EXECUTE FUNCTION tirkeu_certificate_retention('retention: a retention period cannot be shortened, a certificate''s only by its revocation, to the revocation''s retention period');
CREATE TRIGGER certificates_issued_immutable BEFORE UPDATE OF key_media_serial, holder_snapshot, spki_sha256 ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('an issued certificate cannot be changed');
CREATE TRIGGER certificates_blank_numbers_once BEFORE UPDATE OF blank_numbers ON certificates FOR EACH ROW WHEN (NEW.blank_numbers IS DISTINCT FROM OLD.blank_numbers AND coalesce(OLD.blank_numbers, '') <> '') EXECUTE FUNCTION tirkeu_refuse('an issued certificate cannot be changed: its blank numbers are recorded once');
CREATE FUNCTION tirkeu_anchor_kept() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF tirkeu_sweep_off() OR NOT EXISTS (SELECT 1 FROM audit_events) OR EXISTS (SELECT 1 FROM audit_events WHERE seq <= OLD.last_seq) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
DROP TRIGGER IF EXISTS audit_anchors_kept ON audit_anchors;
CREATE TRIGGER audit_anchors_kept BEFORE DELETE ON audit_anchors FOR EACH ROW EXECUTE FUNCTION tirkeu_anchor_kept('audit: anchors cannot be deleted while the events they anchor are kept');
CREATE FUNCTION tirkeu_invalidity_kept() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF tirkeu_sweep_off() OR EXISTS (SELECT 1 FROM revocations WHERE id = OLD.revocation_id AND serial = OLD.serial) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
DROP TRIGGER IF EXISTS revocation_invalidity_kept ON revocation_invalidity;
CREATE TRIGGER revocation_invalidity_kept BEFORE DELETE ON revocation_invalidity FOR EACH ROW EXECUTE FUNCTION tirkeu_invalidity_kept('retention: an invalidity date is deleted only by the retention sweep, once its revocation is gone');
CREATE FUNCTION tirkeu_hold_release_kept() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF tirkeu_sweep_off() OR EXISTS (SELECT 1 FROM certificates WHERE id = OLD.certificate_id OR (ca_id = OLD.ca_id AND serial = OLD.serial)) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
DROP TRIGGER IF EXISTS hold_releases_kept ON hold_releases;
CREATE TRIGGER hold_releases_kept BEFORE DELETE ON hold_releases FOR EACH ROW EXECUTE FUNCTION tirkeu_hold_release_kept('retention: a hold release is deleted only by the retention sweep, once its certificate is gone');
DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'tirkeu\_%' LOOP EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f); END LOOP; END $$
)SQL";

// Migration 23 (registry/SchemaSql.h kMigration23) on PostgreSQL: a loaded rules file is never changed nor deleted.
inline constexpr const char kPgMigration23[] = R"SQL(
CREATE TRIGGER rules_files_immutable BEFORE UPDATE ON rules_files FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('rules: a loaded rules file cannot be changed');
CREATE TRIGGER rules_files_kept BEFORE DELETE ON rules_files FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('rules: a loaded rules file is never deleted')
)SQL";

// Migration 24 (registry/SchemaSql.h kMigration24) on PostgreSQL, and a revocation dated no more than a day (the
// tolerance for a workstation's clock) before the database server's own clock. The schema owner is excepted from
// that one: `db migrate` copies a register's historical revocations as the owner (Backup::copyRegister; db restore
// is pg_restore, which loads the rows before it creates the triggers), and the owner could drop the trigger anyway.
inline constexpr const char kPgMigration24[] = R"SQL(
CREATE FUNCTION tirkeu_revocation_dated() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF EXISTS (SELECT 1 FROM certificates c WHERE c.id = NEW.certificate_id AND NEW.revoked_at < c.not_before) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; IF NEW.revoked_at < to_char((clock_timestamp() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AND NOT pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN RAISE EXCEPTION '%', TG_ARGV[1]; END IF; RETURN NEW; END $$;
CREATE TRIGGER revocations_dated BEFORE INSERT ON revocations FOR EACH ROW EXECUTE FUNCTION tirkeu_revocation_dated('retention: a revocation cannot be dated before its certificate began', 'retention: a revocation cannot be dated more than a day before the database server''s clock');
CREATE TRIGGER retention_policies_never_shorter BEFORE UPDATE OF record_years, event_log_years ON retention_policies FOR EACH ROW WHEN (NEW.record_years < OLD.record_years OR NEW.event_log_years < OLD.event_log_years) EXECUTE FUNCTION tirkeu_refuse('retention: a retention policy cannot be shortened');
CREATE TRIGGER retention_policies_floor BEFORE INSERT ON retention_policies FOR EACH ROW WHEN (NEW.record_years < CASE NEW.ca_kind WHEN 'government' THEN 10 ELSE 5 END) EXECUTE FUNCTION tirkeu_refuse('retention: a retention policy cannot be shortened below the register''s initial one');
CREATE TRIGGER cas_kind_immutable BEFORE UPDATE OF kind ON cas FOR EACH ROW WHEN (NEW.kind IS DISTINCT FROM OLD.kind) EXECUTE FUNCTION tirkeu_refuse('protected: a CA''s kind cannot be changed');
CREATE TRIGGER rules_applied_immutable BEFORE UPDATE ON rules_applied FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('rules: the rules edition a record was handled under cannot be changed');
CREATE FUNCTION tirkeu_rules_applied_kept() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF tirkeu_sweep_off() OR (OLD.record = 'certificate' AND EXISTS (SELECT 1 FROM certificates WHERE id = OLD.record_id)) OR (OLD.record = 'application' AND EXISTS (SELECT 1 FROM applications WHERE id = OLD.record_id)) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN OLD; END $$;
CREATE TRIGGER rules_applied_kept BEFORE DELETE ON rules_applied FOR EACH ROW EXECUTE FUNCTION tirkeu_rules_applied_kept('rules: the rules edition of a record is deleted only by the retention sweep, once its record is gone');
CREATE INDEX rules_applied_key ON rules_applied ((record || ':' || CAST(record_id AS TEXT)))
)SQL";

// Migration 25 (registry/SchemaSql.h kMigration25) on PostgreSQL: a released certificate gets a valid one's retention.
inline constexpr const char kPgMigration25[] = R"SQL(
CREATE FUNCTION tirkeu_released_retention() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF NOT EXISTS (SELECT 1 FROM revocations WHERE certificate_id = NEW.id) AND (NEW.retention_until IS NULL OR NEW.retention_until < to_char(NEW.not_after::timestamp + make_interval(years => coalesce((SELECT p.record_years FROM retention_policies p JOIN cas k ON k.kind = p.ca_kind WHERE k.id = NEW.ca_id), 1)::integer) - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; RETURN NEW; END $$;
CREATE TRIGGER certificates_released_retention BEFORE UPDATE OF status ON certificates FOR EACH ROW WHEN (OLD.status = 'revoked' AND NEW.status = 'valid') EXECUTE FUNCTION tirkeu_released_retention('retention: a released certificate is kept as long as a valid one, until its end plus the record years')
)SQL";

// Migration 27 (registry/SchemaSql.h kMigration27): a restore's or a move's events, the marks of a move and the CRL
// number floors are written by the schema owner alone (db restore, db migrate; README "PostgreSQL uses two roles").
inline constexpr const char kPgMigration27[] = R"SQL(
CREATE FUNCTION tirkeu_owner_only() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF NOT pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$;
CREATE TRIGGER audit_events_owner_events BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.event_type IN ('register.restored', 'register.migrated', 'register.migrated_out')) EXECUTE FUNCTION tirkeu_owner_only('protected: only the schema owner records a restore or a move of the register (db restore, db migrate)');
CREATE TRIGGER meta_move_marks_added BEFORE INSERT ON meta FOR EACH ROW WHEN (NEW.key IN ('moved_to', 'moving_from')) EXECUTE FUNCTION tirkeu_owner_only('protected: only the schema owner marks a register moved (db migrate)');
CREATE TRIGGER meta_move_marks_changed BEFORE UPDATE ON meta FOR EACH ROW WHEN (NEW.key IN ('moved_to', 'moving_from') OR OLD.key IN ('moved_to', 'moving_from')) EXECUTE FUNCTION tirkeu_owner_only('protected: only the schema owner marks a register moved (db migrate)');
CREATE TRIGGER meta_move_marks_removed BEFORE DELETE ON meta FOR EACH ROW WHEN (OLD.key IN ('moved_to', 'moving_from')) EXECUTE FUNCTION tirkeu_owner_only('protected: only the schema owner marks a register moved (db migrate)');
CREATE TRIGGER crl_number_floors_owner BEFORE INSERT OR UPDATE OR DELETE ON crl_number_floors FOR EACH ROW EXECUTE FUNCTION tirkeu_owner_only('protected: only the schema owner raises a CRL number floor (db restore)')
)SQL";

// Migration 28 (registry/SchemaSql.h kMigration28) on PostgreSQL: the retired keys and their guards.
inline constexpr const char kPgMigration28[] = R"SQL(
CREATE TABLE retired_keys (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, spki_sha256 TEXT COLLATE "C" NOT NULL UNIQUE, serial TEXT COLLATE "C" NOT NULL, ca_code TEXT COLLATE "C" NOT NULL, reason_code BIGINT, retired_at TEXT COLLATE "C" NOT NULL);
CREATE TRIGGER retired_keys_immutable BEFORE UPDATE ON retired_keys FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('protected: a retired key is kept as it was recorded');
CREATE TRIGGER retired_keys_kept BEFORE DELETE ON retired_keys FOR EACH ROW EXECUTE FUNCTION tirkeu_refuse('protected: a retired key is never deleted, not even by the retention sweep');
CREATE FUNCTION tirkeu_key_not_retired() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$ BEGIN IF NEW.spki_sha256 IS NOT NULL AND EXISTS (SELECT 1 FROM retired_keys WHERE spki_sha256 = NEW.spki_sha256) THEN RAISE EXCEPTION 'protected: this key was certified before (retired_keys); a key is never certified again'; END IF; RETURN NEW; END $$;
CREATE TRIGGER certificates_key_not_retired BEFORE INSERT ON certificates FOR EACH ROW EXECUTE FUNCTION tirkeu_key_not_retired()
)SQL";

} // namespace sql
} // namespace tirkeu::registry
