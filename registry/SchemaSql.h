#pragma once
// The SQLite text of each schema migration (docs: README "The register"). Timestamps are TEXT in
// "yyyy-MM-ddTHH:mm:ss.zzzZ" (UTC), dates TEXT "yyyy-MM-dd": portable to PostgreSQL and comparable
// with strftime('%Y-%m-%dT%H:%M:%fZ','now') inside triggers. Statements are separated by ";\n";
// trigger bodies therefore end their inner statements with "; " (no newline) before END.

namespace tirkeu::registry::sql {

inline constexpr const char kMigration1[] = R"SQL(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'officer', 'auditor', 'administrator')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE retention_policies (
  ca_kind TEXT PRIMARY KEY CHECK (ca_kind IN ('root', 'government', 'national')),
  record_years INTEGER NOT NULL CHECK (record_years BETWEEN 1 AND 100),
  event_log_years INTEGER NOT NULL CHECK (event_log_years BETWEEN 1 AND 100),
  updated_at TEXT,
  updated_by INTEGER REFERENCES operators(id)
);
INSERT INTO retention_policies (ca_kind, record_years, event_log_years) VALUES
  ('root', 5, 1), ('national', 5, 1), ('government', 10, 1);
CREATE TABLE cas (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('root', 'government', 'national')),
  parent_id INTEGER REFERENCES cas(id),
  settings TEXT NOT NULL DEFAULT '{}',
  key_uri TEXT,
  certificate_der BLOB,
  created_at TEXT NOT NULL,
  terminated_at TEXT,
  retention_until TEXT
);
CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  iin TEXT NOT NULL UNIQUE CHECK (length(iin) = 12),
  surname TEXT NOT NULL,
  name TEXT NOT NULL,
  patronymic TEXT,
  id_document TEXT,
  address TEXT,
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  retention_until TEXT NOT NULL
);
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  bin TEXT NOT NULL UNIQUE CHECK (length(bin) = 12),
  full_name TEXT NOT NULL,
  short_name TEXT CHECK (short_name IS NULL OR length(short_name) <= 64),
  kind TEXT NOT NULL CHECK (kind IN ('legal_entity', 'government_body')),
  region TEXT,
  city TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  retention_until TEXT NOT NULL
);
CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  ca_id INTEGER NOT NULL REFERENCES cas(id),
  form_code TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('issue', 'revoke')),
  status TEXT NOT NULL CHECK (status IN ('registered', 'approved', 'rejected', 'done')),
  data TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]',
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  consent_at TEXT,
  basis_letter_no TEXT,
  basis_letter_date TEXT,
  received_at TEXT NOT NULL,
  deadline TEXT,
  person_id INTEGER REFERENCES persons(id),
  organisation_id INTEGER REFERENCES organisations(id),
  registered_by INTEGER NOT NULL REFERENCES operators(id),
  decided_by INTEGER REFERENCES operators(id),
  decided_at TEXT,
  reject_reason TEXT,
  completed_at TEXT,
  completed_by INTEGER REFERENCES operators(id),
  retention_until TEXT NOT NULL,
  CHECK (status <> 'rejected' OR (reject_reason IS NOT NULL AND length(reject_reason) > 0))
);
CREATE TABLE application_history (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications(id),
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  operator_id INTEGER NOT NULL REFERENCES operators(id),
  note TEXT
);
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  ca_id INTEGER NOT NULL REFERENCES cas(id),
  serial TEXT NOT NULL,
  subject TEXT NOT NULL,
  person_id INTEGER REFERENCES persons(id),
  organisation_id INTEGER REFERENCES organisations(id),
  profile TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  key_media_serial TEXT,
  blank_numbers TEXT,
  der BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
  application_id INTEGER REFERENCES applications(id),
  issued_by INTEGER REFERENCES operators(id),
  issued_at TEXT NOT NULL,
  replaces_certificate_id INTEGER REFERENCES certificates(id),
  retention_until TEXT NOT NULL,
  UNIQUE (ca_id, serial)
);
CREATE TABLE revocations (
  id INTEGER PRIMARY KEY,
  certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id),
  ca_id INTEGER NOT NULL REFERENCES cas(id),
  serial TEXT NOT NULL,
  reason_code INTEGER NOT NULL CHECK (reason_code BETWEEN 0 AND 10 AND reason_code <> 7),
  basis_kind TEXT NOT NULL CHECK (basis_kind IN ('holder_application', 'court_decision', 'ca_termination',
                                                 'holder_left_job')),
  basis_document TEXT,
  application_id INTEGER REFERENCES applications(id),
  requested_at TEXT,
  revoked_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES operators(id)
);
CREATE TABLE crls (
  id INTEGER PRIMARY KEY,
  ca_id INTEGER NOT NULL REFERENCES cas(id),
  crl_number INTEGER NOT NULL,
  delta_base INTEGER,
  this_update TEXT NOT NULL,
  next_update TEXT NOT NULL,
  entries INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by INTEGER REFERENCES operators(id),
  retention_until TEXT NOT NULL,
  UNIQUE (ca_id, crl_number)
);
CREATE TABLE calendar_overrides (
  day TEXT PRIMARY KEY,
  working INTEGER NOT NULL CHECK (working IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES operators(id)
);
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  operator TEXT NOT NULL,
  subject TEXT NOT NULL,
  event_type TEXT NOT NULL,
  details TEXT NOT NULL,
  retention_until TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE TABLE audit_anchors (
  day TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  events INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE archive_batches (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES operators(id),
  archive_file TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  counts TEXT NOT NULL,
  audit_last_seq INTEGER,
  audit_last_hash TEXT
);
CREATE TABLE maintenance (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sweep_active INTEGER NOT NULL CHECK (sweep_active IN (0, 1))
);
INSERT INTO maintenance (id, sweep_active) VALUES (1, 0)
)SQL";

// Retention: a row may be deleted only once its retention has ended (real time, whatever clock the
// caller uses) AND only by the retention sweep (maintenance.sweep_active, set inside the sweep's
// transaction). Audit rows and anchors are never updated.
#define TIRKEU_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define TIRKEU_SWEEP_OFF "(SELECT sweep_active FROM maintenance WHERE id = 1) = 0"
#define TIRKEU_RETENTION_TRIGGER(table, what)                                                                          \
    "CREATE TRIGGER " table "_retention BEFORE DELETE ON " table " WHEN " TIRKEU_SWEEP_OFF                             \
    " OR OLD.retention_until IS NULL OR OLD.retention_until > " TIRKEU_NOW                                             \
    " BEGIN SELECT RAISE(ABORT, 'retention: " what " cannot be deleted before its retention period ends, and only "    \
    "by the retention sweep'); END;\n"

inline constexpr const char kMigration2[] =
    "CREATE TRIGGER audit_events_immutable BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit: events cannot be changed'); END;\n" TIRKEU_RETENTION_TRIGGER(
        "audit_events",
        "an audit event") "CREATE TRIGGER audit_anchors_immutable BEFORE UPDATE ON audit_anchors "
                          "BEGIN SELECT RAISE(ABORT, 'audit: anchors cannot be changed'); END;\n"
                          "CREATE TRIGGER audit_anchors_kept BEFORE DELETE ON audit_anchors WHEN " TIRKEU_SWEEP_OFF
                          " BEGIN SELECT RAISE(ABORT, 'audit: anchors cannot be deleted'); END;\n"
                          "CREATE TRIGGER archive_batches_immutable BEFORE UPDATE ON archive_batches "
                          "BEGIN SELECT RAISE(ABORT, 'archive batches cannot be changed'); END;\n"
                          "CREATE TRIGGER archive_batches_kept BEFORE DELETE ON archive_batches "
                          "BEGIN SELECT RAISE(ABORT, 'archive batches cannot be deleted'); "
                          "END;\n" TIRKEU_RETENTION_TRIGGER("certificates", "a certificate") TIRKEU_RETENTION_TRIGGER(
                              "applications",
                              "an application") TIRKEU_RETENTION_TRIGGER("persons",
                                                                         "a person") TIRKEU_RETENTION_TRIGGER("organisa"
                                                                                                              "tions",
                                                                                                              "an "
                                                                                                              "organisa"
                                                                                                              "tion")
                              TIRKEU_RETENTION_TRIGGER("crls", "a CRL record") TIRKEU_RETENTION_TRIGGER(
                                  "cas",
                                  "a CA") "CREATE TRIGGER revocations_retention BEFORE DELETE ON revocations "
                                          "WHEN " TIRKEU_SWEEP_OFF " OR (SELECT retention_until FROM certificates "
                                          "WHERE id = OLD.certificate_id) > " TIRKEU_NOW
                                          " BEGIN SELECT RAISE(ABORT, 'retention: a revocation cannot be deleted "
                                          "before its certificate''s retention "
                                          "period ends'); END;\n"
                                          "CREATE TRIGGER revocations_immutable BEFORE UPDATE ON revocations "
                                          "BEGIN SELECT RAISE(ABORT, 'revocations cannot be changed'); END;\n"
                                          "CREATE TRIGGER application_history_retention BEFORE DELETE ON "
                                          "application_history WHEN " TIRKEU_SWEEP_OFF
                                          " OR (SELECT retention_until FROM applications WHERE id = "
                                          "OLD.application_id) > " TIRKEU_NOW
                                          " BEGIN SELECT RAISE(ABORT, 'retention: application history cannot be "
                                          "deleted before the application''s "
                                          "retention period ends'); END;\n"
                                          "CREATE TRIGGER application_history_immutable BEFORE UPDATE ON "
                                          "application_history "
                                          "BEGIN SELECT RAISE(ABORT, 'application history cannot be changed'); END;\n"
                                          // Retention may be shortened only when the certificate terminates
                                          // (revocation).
                                          "CREATE TRIGGER certificates_retention_kept BEFORE UPDATE OF retention_until "
                                          "ON certificates "
                                          "WHEN NEW.retention_until < OLD.retention_until AND NOT (OLD.status = "
                                          "'valid' AND NEW.status = 'revoked') "
                                          "BEGIN SELECT RAISE(ABORT, 'retention: a retention period cannot be "
                                          "shortened'); END;\n"
                                          "CREATE TRIGGER certificates_der_immutable BEFORE UPDATE OF der, serial, "
                                          "ca_id ON certificates "
                                          "BEGIN SELECT RAISE(ABORT, 'an issued certificate cannot be changed'); END;\n"
                                          "CREATE INDEX applications_queue ON applications (status, deadline);\n"
                                          "CREATE INDEX applications_ca ON applications (ca_id, received_at);\n"
                                          "CREATE INDEX certificates_person ON certificates (person_id);\n"
                                          "CREATE INDEX certificates_organisation ON certificates (organisation_id);\n"
                                          "CREATE INDEX certificates_not_after ON certificates (ca_id, not_after);\n"
                                          "CREATE INDEX certificates_retention ON certificates (retention_until);\n"
                                          "CREATE INDEX revocations_ca ON revocations (ca_id, revoked_at);\n"
                                          "CREATE INDEX audit_events_subject ON audit_events (subject);\n"
                                          "CREATE INDEX persons_name ON persons (surname, name)";

#undef TIRKEU_RETENTION_TRIGGER
#undef TIRKEU_SWEEP_OFF
#undef TIRKEU_NOW

// Re-issue: an application may replace an existing certificate; delta CRLs read revocations by the time
// they were recorded (portable SQL: SQLite and PostgreSQL).
// No foreign key: certificates already reference applications, and a cycle would stop `db migrate` from
// copying tables in dependency order; Applications::submitReplacement checks the certificate.
inline constexpr const char kMigration3[] = "ALTER TABLE applications ADD COLUMN replaces_certificate_id INTEGER;\n"
                                            "CREATE INDEX certificates_application ON certificates (application_id);\n"
                                            "CREATE INDEX revocations_recorded ON revocations (ca_id, recorded_at)";

// One key per holder at the Government Bodies CA (SPEC.md), backed by the database on both engines: a
// government employee's certificate is refused while the same holder has a valid certificate at that
// CA that has not expired when the new one starts (Rules::oneKeyPerHolder is the registry's check;
// this is the last guard). PostgreSQL: kPgMigration4.
inline constexpr const char kMigration4[] =
    "CREATE TRIGGER certificates_one_key_per_holder BEFORE INSERT ON certificates "
    "WHEN NEW.status = 'valid' AND NEW.profile = 'government_employee' AND NEW.person_id IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM certificates c WHERE c.ca_id = NEW.ca_id AND c.person_id = NEW.person_id "
    "AND c.status = 'valid' AND c.not_after > NEW.not_before) "
    "BEGIN SELECT RAISE(ABORT, 'one key per holder: the holder already has a valid certificate at this CA'); "
    "END;\n"
    "CREATE INDEX certificates_holder ON certificates (ca_id, person_id, status);\n"
    // Owed publications: a key compromise at a CA with a publish folder is recorded here in the
    // revocation's own transaction and settled by the CRL that covers it (CrlPublisher), so a delta
    // CRL that was not written (no CA key given, a failure, a crash after the commit) stays visible
    // (tirkeu-cli crl status) until a publication covers it. No foreign keys: the retention sweep
    // removes revocations and CAs on its own schedule.
    "CREATE TABLE crl_owed (id INTEGER PRIMARY KEY, ca_id INTEGER NOT NULL, serial TEXT NOT NULL, "
    "reason_code INTEGER NOT NULL, recorded_at TEXT NOT NULL, settled_crl INTEGER, settled_at TEXT);\n"
    "CREATE INDEX crl_owed_open ON crl_owed (ca_id, settled_at)";
// Journals never rewrite history: the holder (name, IIN, organisation) as recorded when the certificate
// was issued and when it was revoked, JSON written with the row (registry/HolderSnapshot.h). Rows of
// earlier versions keep NULL and print the live record, as before.
inline constexpr const char kMigration6[] = "ALTER TABLE certificates ADD COLUMN holder_snapshot TEXT;\n"
                                            "ALTER TABLE revocations ADD COLUMN holder_snapshot TEXT";
// OCSP responder (issue 17): the status lookup uses UNIQUE (ca_id, serial) of certificates and UNIQUE
// certificate_id of revocations, and the change scan their primary keys; only the delegated OCSP
// signing certificates of a CA (profile 'ocsp_signing', newest expiry first) needed an index.
inline constexpr const char kMigration9[] =
    "CREATE INDEX certificates_profile ON certificates (ca_id, profile, not_after)";

// The legal rules as versioned data (issue 14, registry/RulesBook.h): every rules file an administrator
// loaded (the last one is in force; the built-in file is never stored), and the rules edition each
// application and certificate was handled under, beside the protected rows so that their hashed
// content in the audit chain stays as it was (the edition is also in the record's audit event).
// Notices to holders (issue 14): revocation notices (queued in the revocation's own transaction, so
// nothing is sent for a revocation that was not recorded) and expiry reminders, sent by e-mail from
// this outbox (registry/Notifications), retried with a growing delay, each outcome an audited event.
// Migration 16 (issue 18): an application's history found by its application. Every issuance binds the
// application's history rows to its events (AuditLog row binding): without this index each of them read
// the whole history table.
inline constexpr const char kMigration16[] =
    "CREATE INDEX application_history_application ON application_history (application_id, id)";

inline constexpr const char kMigration17[] =
    "CREATE TABLE notifications (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('revocation', 'expiry')),\n"
    "  certificate_id INTEGER NOT NULL REFERENCES certificates(id),\n"
    "  serial TEXT NOT NULL,\n"
    "  recipient TEXT NOT NULL,\n"
    "  subject TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  next_attempt_at TEXT NOT NULL,\n"
    "  sent_at TEXT\n"
    ");\n"
    "CREATE INDEX notifications_due ON notifications (state, next_attempt_at);\n"
    "CREATE INDEX notifications_certificate ON notifications (certificate_id, kind)";
// Partitioned CRLs (issue 18, registry/CrlPartitions.h): the partitions a CA has used (each its own CRL
// scope: <CA>-<label>.crl with an issuingDistributionPoint naming its URL) and, for every certificate
// issued into a partition, which one (its cRLDistributionPoints URL). A revoked certificate is listed
// in the CRL of its partition only; one not in crl_partition_members in the CA's own <CA>.crl.
inline constexpr const char kMigration18[] =
    "CREATE TABLE crl_partitions (\n"
    "  ca_id INTEGER NOT NULL REFERENCES cas(id),\n"
    "  label TEXT NOT NULL,\n"
    "  url TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (ca_id, label)\n"
    ");\n"
    "CREATE TABLE crl_partition_members (\n"
    "  ca_id INTEGER NOT NULL REFERENCES cas(id),\n"
    "  serial TEXT NOT NULL,\n"
    "  label TEXT NOT NULL,\n"
    "  PRIMARY KEY (ca_id, serial)\n"
    ");\n"
    "CREATE INDEX crl_partition_members_label ON crl_partition_members (ca_id, label, serial);\n"
    "CREATE INDEX revocations_serial ON revocations (ca_id, serial)";
// A draft registered keeps its row, emptied of what was typed, with the application it became (until it
// expires like any draft): a second window on the same draft is then told so instead of registering the
// application again, and SQLite does not give its number to the next draft.
inline constexpr const char kMigration19[] = "ALTER TABLE application_drafts ADD COLUMN registered_as INTEGER";
// Drafts of applications being typed (issue 16, registry/Drafts.h): not part of the register, each
// seen only by the operator who typed it, deleted 30 days after its last change.
inline constexpr const char kMigration13[] =
    "CREATE TABLE application_drafts (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  operator_id INTEGER NOT NULL REFERENCES operators(id),\n"
    "  ca_code TEXT NOT NULL,\n"
    "  form_code TEXT NOT NULL,\n"
    "  replaces_serial TEXT,\n"
    "  content TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX application_drafts_owner ON application_drafts (operator_id, updated_at);\n"
    "CREATE INDEX application_drafts_age ON application_drafts (updated_at)";
inline constexpr const char kMigration12[] =
    "CREATE TABLE rules_files (id INTEGER PRIMARY KEY, version TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL, "
    "content TEXT NOT NULL, loaded_at TEXT NOT NULL, loaded_by INTEGER REFERENCES operators(id));\n"
    "CREATE TABLE rules_applied (record TEXT NOT NULL, record_id INTEGER NOT NULL, rules_version TEXT NOT NULL, "
    "recorded_at TEXT NOT NULL, PRIMARY KEY (record, record_id))";
// Never certify a key twice (issue 13): the SHA-256 of each certificate's SubjectPublicKeyInfo
// (pki::KeyPolicy::spkiSha256, EC points uncompressed), unique across the register on both engines.
// Certificates issued before this version have none (NULL, which a unique index allows many times).
inline constexpr const char kMigration8[] = "ALTER TABLE certificates ADD COLUMN spki_sha256 TEXT;\n"
                                            "CREATE UNIQUE INDEX certificates_spki ON certificates (spki_sha256)";
// Sign-in throttling and restore safety (migration 7, portable SQL).
// signin_failures: consecutive failed sign-ins per login tried (known or not, so an unknown login
// answers like a known one), the last failure and the lock; cleared by a successful sign-in or by an
// administrator's unlock. crl_number_floors: the highest CRL number a CA ever published, carried over
// a restore of an older backup, so a CRL number never goes back or repeats.
inline constexpr const char kMigration7[] = "CREATE TABLE signin_failures (\n"
                                            "  login TEXT PRIMARY KEY,\n"
                                            "  failures INTEGER NOT NULL CHECK (failures >= 0),\n"
                                            "  last_failure_at TEXT NOT NULL,\n"
                                            "  locked_at TEXT\n"
                                            ");\n"
                                            "CREATE TABLE crl_number_floors (\n"
                                            "  ca_id INTEGER NOT NULL PRIMARY KEY REFERENCES cas(id),\n"
                                            "  highest_published INTEGER NOT NULL CHECK (highest_published >= 0),\n"
                                            "  recorded_at TEXT NOT NULL\n"
                                            ")";
// CRL publication in a safe order (issue 12): a CRL number is reserved and recorded before any file
// is written, its content (SHA-256 of both files) is recorded before any file is renamed into the
// publish folder, and it is marked published (with its crls row) after both renames. A crash leaves a
// row in 'reserved' or 'written' that the next run of the same folder finishes (files verified by
// their SHA-256) or abandons (the number is never used again). Rows are kept; their state only moves
// forward, and every change is an audited event binding the row (AuditLog::protectedTables).
// owed_upto: the highest crl_owed id the CRL covers (settled when it is published).
inline constexpr const char kMigration10[] =
    "CREATE TABLE crl_pending (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ca_id INTEGER NOT NULL,\n"
    "  crl_number INTEGER NOT NULL,\n"
    "  delta_base INTEGER,\n"
    "  folder TEXT NOT NULL,\n"
    "  file_base TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('reserved', 'written', 'published', 'abandoned')),\n"
    "  reserved_at TEXT NOT NULL,\n"
    "  reserved_by INTEGER,\n"
    "  this_update TEXT,\n"
    "  next_update TEXT,\n"
    "  entries INTEGER,\n"
    "  size_bytes INTEGER,\n"
    "  der_sha256 TEXT,\n"
    "  pem_sha256 TEXT,\n"
    "  owed_upto INTEGER,\n"
    "  finished_at TEXT,\n"
    "  UNIQUE (ca_id, crl_number)\n"
    ");\n"
    "CREATE INDEX crl_pending_open ON crl_pending (ca_id, state);\n"
    "CREATE TRIGGER crl_pending_no_replace BEFORE INSERT ON crl_pending WHEN EXISTS (SELECT 1 FROM crl_pending WHERE "
    "id = NEW.id OR (ca_id = NEW.ca_id AND crl_number = NEW.crl_number)) BEGIN SELECT RAISE(ABORT, 'protected: a row "
    "of crl_pending with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER crl_pending_key_immutable BEFORE UPDATE OF id, ca_id, crl_number, delta_base, folder, file_base, "
    "reserved_at, reserved_by ON crl_pending WHEN NEW.id IS NOT OLD.id OR NEW.ca_id IS NOT OLD.ca_id OR "
    "NEW.crl_number IS NOT OLD.crl_number OR NEW.delta_base IS NOT OLD.delta_base OR NEW.folder IS NOT OLD.folder OR "
    "NEW.file_base IS NOT OLD.file_base OR NEW.reserved_at IS NOT OLD.reserved_at OR NEW.reserved_by IS NOT "
    "OLD.reserved_by BEGIN SELECT RAISE(ABORT, 'protected: a reserved CRL number cannot be changed'); END;\n"
    "CREATE TRIGGER crl_pending_state_forward BEFORE UPDATE ON crl_pending WHEN NOT ((OLD.state = 'reserved' AND "
    "NEW.state IN ('written', 'abandoned')) OR (OLD.state = 'written' AND NEW.state IN ('published', 'abandoned'))) "
    "BEGIN SELECT RAISE(ABORT, 'protected: a CRL publication only moves forward (reserved, written, published or "
    "abandoned)'); END;\n"
    "CREATE TRIGGER crl_pending_content_kept BEFORE UPDATE ON crl_pending WHEN OLD.state = 'written' AND "
    "(NEW.der_sha256 IS NOT OLD.der_sha256 OR NEW.pem_sha256 IS NOT OLD.pem_sha256 OR NEW.this_update IS NOT "
    "OLD.this_update OR NEW.entries IS NOT OLD.entries) BEGIN SELECT RAISE(ABORT, 'protected: the recorded content of "
    "a CRL cannot be changed'); END;\n"
    "CREATE TRIGGER crl_pending_kept BEFORE DELETE ON crl_pending BEGIN SELECT RAISE(ABORT, 'protected: a reserved "
    "CRL number is never deleted'); END";
// Row binding and database guards (issue 12): no row of a protected table is ever replaced (SQLite's
// INSERT OR REPLACE / UPDATE OR REPLACE delete the old row without firing delete triggers, since
// recursive_triggers is off), keys never change, a certificate's status only moves valid -> revoked,
// retention periods never shrink (except the certificate's at revocation, migration 2), operators and
// the sweep flag row are never deleted, and the sweep flag can be set only while the retention sweep
// has armed tirkeu_sweep_armed(), a function that exists only inside Tirkeu's own connection
// (registry/SweepGuard.h): an sqlite3 shell cannot even prepare the UPDATE. maintenance.sweep_txid is
// used on PostgreSQL only (the flag counts only in the transaction that set it).
inline constexpr const char kMigration5[] =
    "ALTER TABLE maintenance ADD COLUMN sweep_txid INTEGER;\n"
    "CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events WHEN EXISTS (SELECT 1 FROM audit_events "
    "WHERE seq = NEW.seq OR hash = NEW.hash) BEGIN SELECT RAISE(ABORT, 'protected: a row of audit_events with this key "
    "already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER audit_anchors_no_replace BEFORE INSERT ON audit_anchors WHEN EXISTS (SELECT 1 FROM audit_anchors "
    "WHERE day = NEW.day) BEGIN SELECT RAISE(ABORT, 'protected: a row of audit_anchors with this key already exists; "
    "rows are never replaced'); END;\n"
    "CREATE TRIGGER archive_batches_no_replace BEFORE INSERT ON archive_batches WHEN EXISTS (SELECT 1 FROM "
    "archive_batches WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of archive_batches with this key "
    "already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER operators_no_replace BEFORE INSERT ON operators WHEN EXISTS (SELECT 1 FROM operators WHERE id = "
    "NEW.id OR login = NEW.login) BEGIN SELECT RAISE(ABORT, 'protected: a row of operators with this key already "
    "exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER retention_policies_no_replace BEFORE INSERT ON retention_policies WHEN EXISTS (SELECT 1 FROM "
    "retention_policies WHERE ca_kind = NEW.ca_kind) BEGIN SELECT RAISE(ABORT, 'protected: a row of retention_policies "
    "with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER cas_no_replace BEFORE INSERT ON cas WHEN EXISTS (SELECT 1 FROM cas WHERE id = NEW.id OR code = "
    "NEW.code) BEGIN SELECT RAISE(ABORT, 'protected: a row of cas with this key already exists; rows are never "
    "replaced'); END;\n"
    "CREATE TRIGGER calendar_overrides_no_replace BEFORE INSERT ON calendar_overrides WHEN EXISTS (SELECT 1 FROM "
    "calendar_overrides WHERE day = NEW.day) BEGIN SELECT RAISE(ABORT, 'protected: a row of calendar_overrides with "
    "this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER persons_no_replace BEFORE INSERT ON persons WHEN EXISTS (SELECT 1 FROM persons WHERE id = NEW.id "
    "OR iin = NEW.iin) BEGIN SELECT RAISE(ABORT, 'protected: a row of persons with this key already exists; rows are "
    "never replaced'); END;\n"
    "CREATE TRIGGER organisations_no_replace BEFORE INSERT ON organisations WHEN EXISTS (SELECT 1 FROM organisations "
    "WHERE id = NEW.id OR bin = NEW.bin) BEGIN SELECT RAISE(ABORT, 'protected: a row of organisations with this key "
    "already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER applications_no_replace BEFORE INSERT ON applications WHEN EXISTS (SELECT 1 FROM applications "
    "WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of applications with this key already exists; rows "
    "are never replaced'); END;\n"
    "CREATE TRIGGER application_history_no_replace BEFORE INSERT ON application_history WHEN EXISTS (SELECT 1 FROM "
    "application_history WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of application_history with "
    "this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER certificates_no_replace BEFORE INSERT ON certificates WHEN EXISTS (SELECT 1 FROM certificates "
    "WHERE id = NEW.id OR (ca_id = NEW.ca_id AND serial = NEW.serial)) BEGIN SELECT RAISE(ABORT, 'protected: a row of "
    "certificates with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER revocations_no_replace BEFORE INSERT ON revocations WHEN EXISTS (SELECT 1 FROM revocations WHERE "
    "id = NEW.id OR certificate_id = NEW.certificate_id) BEGIN SELECT RAISE(ABORT, 'protected: a row of revocations "
    "with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER crls_no_replace BEFORE INSERT ON crls WHEN EXISTS (SELECT 1 FROM crls WHERE id = NEW.id OR (ca_id "
    "= NEW.ca_id AND crl_number = NEW.crl_number)) BEGIN SELECT RAISE(ABORT, 'protected: a row of crls with this key "
    "already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER maintenance_no_replace BEFORE INSERT ON maintenance WHEN EXISTS (SELECT 1 FROM maintenance WHERE "
    "id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of maintenance with this key already exists; rows are "
    "never replaced'); END;\n"
    "CREATE TRIGGER operators_key_immutable BEFORE UPDATE OF id, login ON operators WHEN NEW.id IS NOT OLD.id OR "
    "NEW.login IS NOT OLD.login BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of operators cannot be "
    "changed'); END;\n"
    "CREATE TRIGGER cas_key_immutable BEFORE UPDATE OF id, code ON cas WHEN NEW.id IS NOT OLD.id OR NEW.code IS NOT "
    "OLD.code BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of cas cannot be changed'); END;\n"
    "CREATE TRIGGER persons_key_immutable BEFORE UPDATE OF id, iin ON persons WHEN NEW.id IS NOT OLD.id OR NEW.iin IS "
    "NOT OLD.iin BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of persons cannot be changed'); END;\n"
    "CREATE TRIGGER organisations_key_immutable BEFORE UPDATE OF id, bin ON organisations WHEN NEW.id IS NOT OLD.id OR "
    "NEW.bin IS NOT OLD.bin BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of organisations cannot be "
    "changed'); END;\n"
    "CREATE TRIGGER applications_key_immutable BEFORE UPDATE OF id ON applications WHEN NEW.id IS NOT OLD.id BEGIN "
    "SELECT RAISE(ABORT, 'protected: the key of a row of applications cannot be changed'); END;\n"
    "CREATE TRIGGER certificates_key_immutable BEFORE UPDATE OF id ON certificates WHEN NEW.id IS NOT OLD.id BEGIN "
    "SELECT RAISE(ABORT, 'protected: the key of a row of certificates cannot be changed'); END;\n"
    "CREATE TRIGGER crls_key_immutable BEFORE UPDATE OF id, ca_id, crl_number ON crls WHEN NEW.id IS NOT OLD.id OR "
    "NEW.ca_id IS NOT OLD.ca_id OR NEW.crl_number IS NOT OLD.crl_number BEGIN SELECT RAISE(ABORT, 'protected: the key "
    "of a row of crls cannot be changed'); END;\n"
    "CREATE TRIGGER retention_policies_key_immutable BEFORE UPDATE OF ca_kind ON retention_policies WHEN NEW.ca_kind "
    "IS NOT OLD.ca_kind BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of retention_policies cannot be "
    "changed'); END;\n"
    "CREATE TRIGGER calendar_overrides_key_immutable BEFORE UPDATE OF day ON calendar_overrides WHEN NEW.day IS NOT "
    "OLD.day BEGIN SELECT RAISE(ABORT, 'protected: the key of a row of calendar_overrides cannot be changed'); END;\n"
    "CREATE TRIGGER maintenance_key_immutable BEFORE UPDATE OF id ON maintenance WHEN NEW.id IS NOT OLD.id BEGIN "
    "SELECT RAISE(ABORT, 'protected: the key of a row of maintenance cannot be changed'); END;\n"
    "CREATE TRIGGER certificates_status_forward BEFORE UPDATE OF status ON certificates WHEN NEW.status IS NOT "
    "OLD.status AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked') BEGIN SELECT RAISE(ABORT, 'protected: a "
    "certificate''s status moves only from valid to revoked'); END;\n"
    "CREATE TRIGGER certificates_content_immutable BEFORE UPDATE OF subject, person_id, organisation_id, profile, "
    "not_before, not_after, issued_by, issued_at, application_id, replaces_certificate_id ON certificates BEGIN SELECT "
    "RAISE(ABORT, 'an issued certificate cannot be changed'); END;\n"
    "CREATE TRIGGER applications_status_final BEFORE UPDATE OF status ON applications WHEN NEW.status IS NOT "
    "OLD.status AND OLD.status IN ('done', 'rejected') BEGIN SELECT RAISE(ABORT, 'protected: a done or rejected "
    "application cannot change its status'); END;\n"
    "CREATE TRIGGER applications_retention_kept BEFORE UPDATE OF retention_until ON applications WHEN "
    "NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL) "
    "BEGIN SELECT RAISE(ABORT, 'retention: a retention period cannot be shortened'); END;\n"
    "CREATE TRIGGER persons_retention_kept BEFORE UPDATE OF retention_until ON persons WHEN NEW.retention_until < "
    "OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL) BEGIN SELECT "
    "RAISE(ABORT, 'retention: a retention period cannot be shortened'); END;\n"
    "CREATE TRIGGER organisations_retention_kept BEFORE UPDATE OF retention_until ON organisations WHEN "
    "NEW.retention_until < OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL) "
    "BEGIN SELECT RAISE(ABORT, 'retention: a retention period cannot be shortened'); END;\n"
    "CREATE TRIGGER crls_retention_kept BEFORE UPDATE OF retention_until ON crls WHEN NEW.retention_until < "
    "OLD.retention_until OR (NEW.retention_until IS NULL AND OLD.retention_until IS NOT NULL) BEGIN SELECT "
    "RAISE(ABORT, 'retention: a retention period cannot be shortened'); END;\n"
    "CREATE TRIGGER cas_retention_kept BEFORE UPDATE OF retention_until ON cas WHEN NEW.retention_until < "
    "OLD.retention_until BEGIN SELECT RAISE(ABORT, 'retention: a retention period cannot be shortened'); END;\n"
    "CREATE TRIGGER operators_kept BEFORE DELETE ON operators BEGIN SELECT RAISE(ABORT, 'protected: operators are "
    "disabled, never deleted'); END;\n"
    "CREATE TRIGGER retention_policies_kept BEFORE DELETE ON retention_policies WHEN EXISTS (SELECT 1 FROM "
    "audit_events) BEGIN SELECT RAISE(ABORT, 'protected: retention policies cannot be deleted'); END;\n"
    "CREATE TRIGGER maintenance_kept BEFORE DELETE ON maintenance WHEN EXISTS (SELECT 1 FROM audit_events) BEGIN "
    "SELECT RAISE(ABORT, 'retention: the sweep flag row cannot be deleted'); END;\n"
    "CREATE TRIGGER maintenance_sweep_armed BEFORE UPDATE OF sweep_active ON maintenance WHEN NEW.sweep_active = 1 AND "
    "tirkeu_sweep_armed() IS NOT 1 BEGIN SELECT RAISE(ABORT, 'retention: the sweep flag is set only by the retention "
    "sweep''s own statements'); END";

// Revocation semantics (issue 13), migration 11.
// revocation_invalidity: the date from which the key is known or suspected to have been compromised
// (the CRL entry's invalidityDate), one row per revocation that gives one. A table of its own, so the
// revocations rows (hashed into the audit chain) and their hashes stay as they were. Matched on the
// revocation's id AND serial (a row id may be reused once the sweep removed a revocation).
// hold_releases: a certificateHold lifted (tirkeu-cli certificate release). The hold's revocations row
// is moved here (its content kept) and deleted, the certificate becomes valid again, and the next
// delta CRL lists it with removeFromCRL. The guards only allow that sequence: a release row only for
// a hold that exists, the hold's row deleted only once its release is recorded, revoked -> valid only
// with no revocation left and a release recorded. Each step is also bound to the audit chain by the
// certificate.released event, so `audit verify` names a release that no event explains.
#define TIRKEU_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define TIRKEU_SWEEP_OFF "(SELECT sweep_active FROM maintenance WHERE id = 1) = 0"
inline constexpr const char kMigration11[] =
    "CREATE TABLE revocation_invalidity (revocation_id INTEGER PRIMARY KEY, serial TEXT NOT NULL, "
    "invalidity_date TEXT NOT NULL);\n"
    "CREATE TABLE hold_releases (id INTEGER PRIMARY KEY, revocation_id INTEGER NOT NULL, certificate_id INTEGER NOT "
    "NULL, ca_id INTEGER NOT NULL, serial TEXT NOT NULL, held_at TEXT NOT NULL, hold_recorded_at TEXT NOT NULL, "
    "hold_recorded_by INTEGER NOT NULL, hold_basis_kind TEXT NOT NULL, hold_basis_document TEXT, released_at TEXT NOT "
    "NULL, recorded_by INTEGER NOT NULL REFERENCES operators(id), basis_kind TEXT NOT NULL, basis_document TEXT);\n"
    "CREATE INDEX hold_releases_ca ON hold_releases (ca_id, released_at);\n"
    "CREATE INDEX hold_releases_certificate ON hold_releases (certificate_id);\n"
    "CREATE TRIGGER revocation_invalidity_no_replace BEFORE INSERT ON revocation_invalidity WHEN EXISTS (SELECT 1 "
    "FROM revocation_invalidity WHERE revocation_id = NEW.revocation_id) BEGIN SELECT RAISE(ABORT, 'protected: a row "
    "of revocation_invalidity with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER revocation_invalidity_immutable BEFORE UPDATE ON revocation_invalidity BEGIN SELECT RAISE(ABORT, "
    "'revocations cannot be changed'); END;\n"
    "CREATE TRIGGER revocation_invalidity_kept BEFORE DELETE ON revocation_invalidity WHEN " TIRKEU_SWEEP_OFF
    " BEGIN SELECT RAISE(ABORT, 'retention: an invalidity date is deleted only by the retention sweep'); END;\n"
    "CREATE TRIGGER hold_releases_no_replace BEFORE INSERT ON hold_releases WHEN EXISTS (SELECT 1 FROM hold_releases "
    "WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of hold_releases with this key already exists; "
    "rows are never replaced'); END;\n"
    "CREATE TRIGGER hold_releases_of_a_hold BEFORE INSERT ON hold_releases WHEN NOT EXISTS (SELECT 1 FROM revocations "
    "WHERE id = NEW.revocation_id AND certificate_id = NEW.certificate_id AND reason_code = 6 AND recorded_at = "
    "NEW.hold_recorded_at) BEGIN SELECT RAISE(ABORT, 'protected: only a certificate on hold is released'); END;\n"
    "CREATE TRIGGER hold_releases_immutable BEFORE UPDATE ON hold_releases BEGIN SELECT RAISE(ABORT, 'hold releases "
    "cannot be changed'); END;\n"
    "CREATE TRIGGER hold_releases_kept BEFORE DELETE ON hold_releases WHEN " TIRKEU_SWEEP_OFF
    " BEGIN SELECT RAISE(ABORT, 'retention: a hold release is deleted only by the retention sweep'); END;\n"
    "DROP TRIGGER IF EXISTS revocations_retention;\n"
    "CREATE TRIGGER revocations_retention BEFORE DELETE ON revocations WHEN (" TIRKEU_SWEEP_OFF
    " OR (SELECT retention_until FROM certificates WHERE id = OLD.certificate_id) > " TIRKEU_NOW
    ") AND NOT (OLD.reason_code = 6 AND EXISTS (SELECT 1 FROM hold_releases h WHERE h.revocation_id = OLD.id AND "
    "h.certificate_id = OLD.certificate_id AND h.hold_recorded_at = OLD.recorded_at)) BEGIN SELECT RAISE(ABORT, "
    "'retention: a revocation cannot be deleted before its certificate''s retention period ends'); END;\n"
    "DROP TRIGGER IF EXISTS certificates_status_forward;\n"
    "CREATE TRIGGER certificates_status_released BEFORE UPDATE OF status ON certificates WHEN NEW.status IS NOT "
    "OLD.status AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked') AND NOT (OLD.status = 'revoked' AND "
    "NEW.status = 'valid' AND NOT EXISTS (SELECT 1 FROM revocations WHERE certificate_id = NEW.id) AND EXISTS "
    "(SELECT 1 FROM hold_releases WHERE certificate_id = NEW.id)) BEGIN SELECT RAISE(ABORT, 'protected: a "
    "certificate''s status moves only from valid to revoked, and back only when its hold is released'); END";
#undef TIRKEU_SWEEP_OFF
#undef TIRKEU_NOW

// Search at national scale (issue 18), migration 15: a case-insensitive search key of each holder's
// name (registry::Search::key: Unicode case folding, so Ә/ә, Қ/қ, Ұ/ұ, Ө/ө, І/і fold as A/a do;
// spaces collapsed; a Latin I/i inside a Cyrillic word read as the Kazakh і), written by the registry
// with every person and organisation and filled for existing rows by Schema::migrate. Name searches
// are index ranges on these keys (prefix p: key >= p AND key < p bumped), walked in key order, so a
// page costs the same on 10,000 and 10,000,000 holders. persons: "surname name patronymic";
// organisations: the full and the short name. Not protected rows (AuditLog::protectedTables): the key
// is derived data, rewritten with the name.
inline constexpr const char kMigration15[] =
    "ALTER TABLE persons ADD COLUMN search_key TEXT;\n"
    "ALTER TABLE organisations ADD COLUMN search_key TEXT;\n"
    "ALTER TABLE organisations ADD COLUMN short_key TEXT;\n"
    "CREATE INDEX persons_search ON persons (search_key, iin);\n"
    "CREATE INDEX organisations_search ON organisations (search_key, bin);\n"
    "CREATE INDEX organisations_short_search ON organisations (short_key, bin)";
// Migration 20 (issue 18): a name search reads each person of its page from the index alone. persons_search
// carries the name columns a page shows (the person's id is the row's key, in every index), so the people
// of a page are one walk along the index instead of one random read of the persons table each: name
// searches at 10,000,000 certificates about 30 % faster (README, bench_search). The longest names a form
// accepts (common name 64 characters, patronymic 255) keep an entry far below PostgreSQL's 2,704-byte limit
// (registry tst_search longestNamesAreRegisteredAndFound).
inline constexpr const char kMigration20[] =
    "DROP INDEX persons_search;\n"
    "CREATE INDEX persons_search ON persons (search_key, iin, surname, name, patronymic)";

// Migration 21 (attack of session 24): the holders' rows (persons, organisations) become rows the event log
// binds (AuditLog::protectedTables); Register::open binds the existing ones once, in one audit.rows_bound event.
// The statement changes nothing: the version number is what the upgrade keys on.
inline constexpr const char kMigration21[] = "UPDATE meta SET value = value WHERE key = 'holders_bound'";

// Migration 22 (attack of session 25): what the retention sweep's flag alone allowed, and the columns of an
// issued certificate nothing guarded. The flag says "the sweep is running"; on PostgreSQL any transaction of
// the application role can set it (F1), so every deletion it permits now also needs a fact the flag cannot
// fake: a daily anchor goes only once the events it anchors are gone (events go only when their retention
// ended by the database's clock), an invalidity date only once its revocation is gone, a hold release only
// once its certificate is gone. A certificate's retention shrinks only with its revocation (F19): the
// revocations row is written first (Revocations::record), and the new retention is at least the revocation
// time plus the CA kind's record years (less a day: SQLite and Qt add years to 29 February differently),
// from a revocation time not before the certificate began. Every other column of an issued certificate is
// fixed (F7: the key's fingerprint, the holder as recorded, the key medium); its blank numbers are written
// once (PaperCopies). PostgreSQL: kPgMigration22, which also fixes the search path of every guard function.
#define TIRKEU_SWEEP_OFF "(SELECT sweep_active FROM maintenance WHERE id = 1) = 0"
inline constexpr const char kMigration22[] =
    "DROP TRIGGER IF EXISTS certificates_retention_kept;\n"
    "CREATE TRIGGER certificates_retention_kept BEFORE UPDATE OF retention_until ON certificates WHEN "
    "NEW.retention_until < OLD.retention_until AND NOT (OLD.status = 'valid' AND NEW.status = 'revoked' AND EXISTS "
    "(SELECT 1 FROM revocations r WHERE r.certificate_id = NEW.id AND r.revoked_at >= NEW.not_before AND "
    "NEW.retention_until >= strftime('%Y-%m-%dT%H:%M:%fZ', r.revoked_at, '+' || coalesce((SELECT p.record_years "
    "FROM retention_policies p JOIN cas k ON k.kind = p.ca_kind WHERE k.id = NEW.ca_id), 1) || ' years', "
    "'-1 days'))) BEGIN SELECT RAISE(ABORT, 'retention: a retention period cannot be shortened, a certificate''s "
    "only by its revocation, to the revocation''s retention period'); END;\n"
    "CREATE TRIGGER certificates_issued_immutable BEFORE UPDATE OF key_media_serial, holder_snapshot, spki_sha256 ON "
    "certificates BEGIN SELECT RAISE(ABORT, 'an issued certificate cannot be changed'); END;\n"
    "CREATE TRIGGER certificates_blank_numbers_once BEFORE UPDATE OF blank_numbers ON certificates WHEN "
    "NEW.blank_numbers IS NOT OLD.blank_numbers AND coalesce(OLD.blank_numbers, '') <> '' BEGIN SELECT "
    "RAISE(ABORT, 'an issued certificate cannot be changed: its blank numbers are recorded once'); END;\n"
    "DROP TRIGGER IF EXISTS audit_anchors_kept;\n"
    "CREATE TRIGGER audit_anchors_kept BEFORE DELETE ON audit_anchors WHEN " TIRKEU_SWEEP_OFF
    " OR NOT EXISTS (SELECT 1 FROM audit_events) OR EXISTS (SELECT 1 FROM audit_events WHERE seq <= OLD.last_seq) "
    "BEGIN SELECT RAISE(ABORT, 'audit: anchors cannot be deleted while the events they anchor are kept'); END;\n"
    "DROP TRIGGER IF EXISTS revocation_invalidity_kept;\n"
    "CREATE TRIGGER revocation_invalidity_kept BEFORE DELETE ON revocation_invalidity WHEN " TIRKEU_SWEEP_OFF
    " OR EXISTS (SELECT 1 FROM revocations WHERE id = OLD.revocation_id AND serial = OLD.serial) BEGIN SELECT "
    "RAISE(ABORT, 'retention: an invalidity date is deleted only by the retention sweep, once its revocation is "
    "gone'); END;\n"
    "DROP TRIGGER IF EXISTS hold_releases_kept;\n"
    "CREATE TRIGGER hold_releases_kept BEFORE DELETE ON hold_releases WHEN " TIRKEU_SWEEP_OFF
    " OR EXISTS (SELECT 1 FROM certificates WHERE id = OLD.certificate_id OR (ca_id = OLD.ca_id AND serial = "
    "OLD.serial)) BEGIN SELECT RAISE(ABORT, 'retention: a hold release is deleted only by the retention sweep, once "
    "its certificate is gone'); END";
#undef TIRKEU_SWEEP_OFF
// Migration 23 (attack of session 25, F15): the legal rules in force are evidence. A loaded rules file is never
// changed nor deleted, and rules_files is a protected table bound by rules.loaded (AuditLog::protectedTables); a
// register upgraded to it binds its files as they are, in the upgrade's own transaction (Register::open).
inline constexpr const char kMigration23[] =
    "CREATE TRIGGER rules_files_immutable BEFORE UPDATE ON rules_files BEGIN SELECT RAISE(ABORT, 'rules: a loaded "
    "rules file cannot be changed'); END;\n"
    "CREATE TRIGGER rules_files_kept BEFORE DELETE ON rules_files BEGIN SELECT RAISE(ABORT, 'rules: a loaded rules "
    "file is never deleted'); END";

// Migration 24 (attack of session 25, the rest of F19 and F15). What the guards of migration 22 compute a
// certificate's shortest retention from must be facts the application role cannot change: the revocation's time
// (a revocation of the role's own making, dated long ago, let the retention shrink to that date plus the record
// years: here never before its certificate began; on PostgreSQL also never more than a day before the database
// server's clock), the record years of retention_policies (never shortened, nor deleted once the register has
// events, migration 5; a row inserted never below the register's initial periods, the built-in legal minimums) and
// the CA's kind (never changed). rules_applied — the rules edition each record was handled under, which the
// retention sweep keeps a record for — is never changed nor replaced, and deleted only by the sweep once its record
// is gone; it is bound to the event log under the key "record:id" (AuditLog::protectedTables, the index below
// finds a row by it), and a register upgraded to 24 binds its rows as they are (Register::open).
#define TIRKEU_SWEEP_OFF "(SELECT sweep_active FROM maintenance WHERE id = 1) = 0"
inline constexpr const char kMigration24[] =
    "CREATE TRIGGER revocations_dated BEFORE INSERT ON revocations WHEN EXISTS (SELECT 1 FROM certificates c WHERE "
    "c.id = NEW.certificate_id AND NEW.revoked_at < c.not_before) BEGIN SELECT RAISE(ABORT, 'retention: a revocation "
    "cannot be dated before its certificate began'); END;\n"
    "CREATE TRIGGER retention_policies_never_shorter BEFORE UPDATE OF record_years, event_log_years ON "
    "retention_policies WHEN NEW.record_years < OLD.record_years OR NEW.event_log_years < OLD.event_log_years BEGIN "
    "SELECT RAISE(ABORT, 'retention: a retention policy cannot be shortened'); END;\n"
    "CREATE TRIGGER retention_policies_floor BEFORE INSERT ON retention_policies WHEN NEW.record_years < CASE "
    "NEW.ca_kind WHEN 'government' THEN 10 ELSE 5 END BEGIN SELECT RAISE(ABORT, 'retention: a retention policy "
    "cannot be shortened below the register''s initial one'); END;\n"
    "CREATE TRIGGER cas_kind_immutable BEFORE UPDATE OF kind ON cas WHEN NEW.kind IS NOT OLD.kind BEGIN SELECT "
    "RAISE(ABORT, 'protected: a CA''s kind cannot be changed'); END;\n"
    "CREATE TRIGGER rules_applied_no_replace BEFORE INSERT ON rules_applied WHEN EXISTS (SELECT 1 FROM rules_applied "
    "WHERE record = NEW.record AND record_id = NEW.record_id) BEGIN SELECT RAISE(ABORT, 'protected: a row of "
    "rules_applied with this key already exists; rows are never replaced'); END;\n"
    "CREATE TRIGGER rules_applied_immutable BEFORE UPDATE ON rules_applied BEGIN SELECT RAISE(ABORT, 'rules: the "
    "rules edition a record was handled under cannot be changed'); END;\n"
    "CREATE TRIGGER rules_applied_kept BEFORE DELETE ON rules_applied WHEN " TIRKEU_SWEEP_OFF
    " OR (OLD.record = 'certificate' AND EXISTS (SELECT 1 FROM certificates WHERE id = OLD.record_id)) OR "
    "(OLD.record = 'application' AND EXISTS (SELECT 1 FROM applications WHERE id = OLD.record_id)) BEGIN SELECT "
    "RAISE(ABORT, 'rules: the rules edition of a record is deleted only by the retention sweep, once its record is "
    "gone'); END;\n"
    "CREATE INDEX rules_applied_key ON rules_applied ((record || ':' || CAST(record_id AS TEXT)))";
#undef TIRKEU_SWEEP_OFF

// Migration 25 (left open after the attack of session 26): a certificate on hold is revoked, so its retention was
// shortened with the hold (to the hold's time plus the record years, migration 22). Released, it is valid again and
// must be kept as long as a valid certificate: its status goes back to valid only with a retention not ending before
// its own end plus the CA kind's record years (less a day, as in migration 22). Revocations::release writes both in
// one statement; by hand, the application role kept the hold's short retention, and the retention sweep would have
// deleted a valid certificate before its period ended. (A certificate still revoked is refused by
// certificates_status_released, migration 11, with its own message.)
inline constexpr const char kMigration25[] =
    "CREATE TRIGGER certificates_released_retention BEFORE UPDATE OF status ON certificates WHEN OLD.status = "
    "'revoked' AND NEW.status = 'valid' AND NOT EXISTS (SELECT 1 FROM revocations WHERE certificate_id = NEW.id) AND "
    "(NEW.retention_until IS NULL OR NEW.retention_until < "
    "strftime('%Y-%m-%dT%H:%M:%fZ', NEW.not_after, '+' || coalesce((SELECT p.record_years FROM retention_policies p "
    "JOIN cas k ON k.kind = p.ca_kind WHERE k.id = NEW.ca_id), 1) || ' years', '-1 days')) BEGIN SELECT "
    "RAISE(ABORT, 'retention: a released certificate is kept as long as a valid one, until its end plus the record "
    "years'); END";

// Migration 26 (issue 18, national scale): the issuance journal and the register extract of a period find its
// certificates along (ca_id, issued_at) instead of walking every certificate of the CA (tests/registry
// tst_scale_plans).
// The valid certificates expiring in a period are counted in the index alone (the agenda, the expiry
// reminders): certificates_not_after carries the status too.
inline constexpr const char kMigration26[] =
    "CREATE INDEX certificates_issued ON certificates (ca_id, issued_at);\n"
    "DROP INDEX certificates_not_after;\n"
    "CREATE INDEX certificates_not_after ON certificates (ca_id, not_after, status)";

// Migration 27 (attack of session 30, A3, A4, A5): what moves or restores a register is the schema owner's alone on
// PostgreSQL — the events that explain it (register.restored, register.migrated, register.migrated_out), the marks
// of a move (meta moved_to, moving_from) and the CRL number floors a restore raises. Until then the application
// role (every workstation, the responder, the CRL job) could plant a moved_to mark with a hash-valid
// register.migrated_out "explaining" it, or a floor with a register.restored "proving" it. Triggers on PostgreSQL
// only (registry/SchemaPg.h kPgMigration27): on SQLite whoever can write the file is the owner.
inline constexpr const char kMigration27[] = "";

// Migration 28 (attack of session 32, B17): a key once certified is never certified again, also after the retention
// sweep has deleted its certificate. The sweep keeps the SHA-256 of each swept certificate's SubjectPublicKeyInfo
// here, with the serial, the CA and the revocation reason (a key compromise is named as such); rows are never changed
// or deleted (not even by the sweep: a fingerprint is not personal data, and the list is what keeps a stolen key out),
// and the database refuses a certificate of a retired key as the last guard, as the unique index of migration 8 does
// for the keys still in the register. Bound to the event log (AuditLog::protectedTables) by the sweep's event.
// PostgreSQL: kPgMigration28.
inline constexpr const char kMigration28[] =
    "CREATE TABLE retired_keys (id INTEGER PRIMARY KEY, spki_sha256 TEXT NOT NULL UNIQUE, serial TEXT NOT NULL, "
    "ca_code TEXT NOT NULL, reason_code INTEGER, retired_at TEXT NOT NULL);\n"
    "CREATE TRIGGER retired_keys_no_replace BEFORE INSERT ON retired_keys WHEN EXISTS (SELECT 1 FROM retired_keys "
    "WHERE "
    "id = NEW.id) BEGIN SELECT RAISE(ABORT, 'protected: a row of retired_keys with this key already exists; rows are "
    "never replaced'); END;\n"
    "CREATE TRIGGER retired_keys_immutable BEFORE UPDATE ON retired_keys BEGIN SELECT RAISE(ABORT, 'protected: a "
    "retired key is kept as it was recorded'); END;\n"
    "CREATE TRIGGER retired_keys_kept BEFORE DELETE ON retired_keys BEGIN SELECT RAISE(ABORT, 'protected: a retired "
    "key is never deleted, not even by the retention sweep'); END;\n"
    "CREATE TRIGGER certificates_key_not_retired BEFORE INSERT ON certificates WHEN NEW.spki_sha256 IS NOT NULL AND "
    "EXISTS (SELECT 1 FROM retired_keys WHERE spki_sha256 = NEW.spki_sha256) BEGIN SELECT RAISE(ABORT, 'protected: "
    "this key was certified before (retired_keys); a key is never certified again'); END";

} // namespace tirkeu::registry::sql
