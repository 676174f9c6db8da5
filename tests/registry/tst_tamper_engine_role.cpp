// The tamper suite against rows the CA engine itself wrote (the scene of TamperTestSupport.h, as in
// tst_tamper_engine_rows), attacked with the programs' own access: on PostgreSQL the application role every
// workstation connects as (granted as db init --app-role grants it), on SQLite the file with the guards in place
// (attacks of session 25: temporary tables shadowing the guards, the sweep flag, retentions shortened through
// revocations of the role's making, retention policies and rules editions; migrations 22 to 25). Each attack runs
// in a transaction that is rolled back, and must be refused leaving the rows as they were. Runs on SQLite and
// (registry.tst_tamper_engine_role.pg) on PostgreSQL.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Backup.h"
#include "registry/CaEngine.h"
#include "registry/Retention.h"
#include "registry/SweepGuard.h"
#include "registry/TamperTestSupport.h"

#include <QDir>
#include <QObject>
#include <QUrl>

#include <optional>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TamperEngineRoleTest : public QObject, EngineRowsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createScene(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

    // Attack of session 25, as the programs' own access (the application role on PostgreSQL).
    void guardFunctionsReadTheirTablesThroughAFixedSearchPath();
    void applicationRoleHasNoTemporaryTables();
    void temporaryTablesDoNotShadowTheGuards_data();
    void temporaryTablesDoNotShadowTheGuards();
    void sweepFlagAloneDeletesNoAnchorInvalidityOrRelease_data();
    void sweepFlagAloneDeletesNoAnchorInvalidityOrRelease();
    void validCertificateRetentionIsShortenedOnlyByItsRevocation_data();
    void validCertificateRetentionIsShortenedOnlyByItsRevocation();
    void issuedCertificateColumnsCannotBeChanged_data();
    void issuedCertificateColumnsCannotBeChanged();
    // Attack of session 25, the rest of F19 and F15 (migration 24).
    void applicationRoleCannotBackdateARevocationToShortenRetention_data();
    void applicationRoleCannotBackdateARevocationToShortenRetention();
    void retentionPoliciesCannotBeLowered_data();
    void retentionPoliciesCannotBeLowered();
    void rulesAppliedRowsAreProtectedAndBound_data();
    void rulesAppliedRowsAreProtectedAndBound();
    // Left open after session 26: a hold released by hand kept the hold's short retention (migration 25).
    void releasedHoldGetsTheValidCertificatesRetentionBack();
    // Attack of session 30, A3/A4/A5: a move's marks and events, a restore's events and CRL number floors
    // (migration 27).
    void applicationRoleCannotMoveOrRestoreTheRegister_data();
    void applicationRoleCannotMoveOrRestoreTheRegister();
    void migrateAsTheApplicationRoleIsRefusedUpFront();
    // Attack of session 32, B17 (migration 28): the keys the retention sweep retires.
    void applicationRoleCannotTakeARetiredKeyBack();
};

// The application role (on SQLite the file's writer, with the sweep's flag armed as the sweep arms it) cannot delete or
// change a retired key, nor write a certificate row for it: each refused by the database's guard, not by a missing
// privilege.
void TamperEngineRoleTest::applicationRoleCannotTakeARetiredKeyBack() {
    const QString spki = QStringLiteral("b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b17b");
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO retired_keys (spki_sha256, serial, ca_code, reason_code, "
                                              "retired_at) VALUES (?, '0B17', 'NCA', 1, '2026-03-03T04:00:00.000Z')"),
                               {spki}));
    auto db = attacker();
    QVERIFY(db);
    const QStringList attacks = {
        QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1;\nDELETE FROM retired_keys;\n"
                       "UPDATE maintenance SET sweep_active = 0 WHERE id = 1"),
        QStringLiteral("UPDATE retired_keys SET spki_sha256 = 'x'"),
        QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, status, "
                       "issued_by, issued_at, retention_until, spki_sha256) SELECT ca_id, '0B18', subject, profile, "
                       "not_before, not_after, der, 'valid', issued_by, issued_at, retention_until, '%1' FROM "
                       "certificates LIMIT 1")
            .arg(spki)};
    for (const QString& attack : attacks) {
        SweepGuard armed;
        const Status s = inTransaction(*db, attack);
        QVERIFY2(!s.ok(), qPrintable(attack));
        QVERIFY2(s.message().contains(QStringLiteral("retired")), qPrintable(s.message())); // the guard's own words
    }
    QCOMPARE(m_f->count(QStringLiteral("retired_keys WHERE spki_sha256 = '%1'").arg(spki)), qint64(1));
    QCOMPARE(m_f->count(QStringLiteral("certificates WHERE serial = '0B18'")), qint64(0));
}

// Migration 22 (F1): every guard function of the schema (tirkeu_*) reads its tables through a fixed search path
// with the session's temporary tables searched last, so a temporary table named like a register's table cannot
// stand in for it.
void TamperEngineRoleTest::guardFunctionsReadTheirTablesThroughAFixedSearchPath() {
    if (!onPostgres())
        QSKIP("PostgreSQL functions (a SQLite trigger reads only the tables of its own database)");
    auto functions = m_f->reg->db().rows(
        QStringLiteral("SELECT p.proname, coalesce(array_to_string(p.proconfig, ';'), '') FROM pg_proc p WHERE "
                       "p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'tirkeu%' ORDER BY 1"));
    TIRKEU_VERIFY_OK(functions);
    QVERIFY(functions->size() >= 13); // migrations 2 to 11 made 13
    for (const QVariantList& fn : *functions)
        QVERIFY2(fn.at(1).toString() == u"search_path=public, pg_temp",
                 qPrintable(fn.at(0).toString() + QStringLiteral(": ") + fn.at(1).toString()));
}

// db init --app-role takes TEMPORARY on the database from PUBLIC where the schema owner may (here: it may).
void TamperEngineRoleTest::applicationRoleHasNoTemporaryTables() {
    if (!onPostgres())
        QSKIP("PostgreSQL roles (on SQLite a trigger reads only the tables of its own database, never temp ones)");
    auto db = attacker();
    QVERIFY(db);
    QCOMPARE(QUrl(db->location()).userName(), QStringLiteral("tirkeu_app"));
    Status s = db->execScript(QStringLiteral("CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, "
                                             "sweep_txid bigint)"));
    QVERIFY2(!s.ok(), "the application role may create temporary tables");
}

void TamperEngineRoleTest::temporaryTablesDoNotShadowTheGuards_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("what");
    QTest::newRow("revocation deleted")
        << "CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, sweep_txid bigint);\n"
           "INSERT INTO pg_temp.maintenance VALUES (1, 1, txid_current());\n"
           "CREATE TEMP TABLE certificates (id bigint, retention_until text);\n"
           "INSERT INTO pg_temp.certificates VALUES (%1, '2000-01-01T00:00:00.000Z');\n"
           "DELETE FROM public.revocations WHERE id = %2"
        << "revocation";
    QTest::newRow("status back to valid") << "CREATE TEMP TABLE revocations (id bigint, certificate_id bigint);\n"
                                             "CREATE TEMP TABLE hold_releases (certificate_id bigint);\n"
                                             "INSERT INTO pg_temp.hold_releases VALUES (%1);\n"
                                             "UPDATE public.certificates SET status = 'valid' WHERE id = %1"
                                          << "status";
    QTest::newRow("whole attack") << "CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, sweep_txid "
                                     "bigint);\n"
                                     "INSERT INTO pg_temp.maintenance VALUES (1, 1, txid_current());\n"
                                     "CREATE TEMP TABLE certificates (id bigint, retention_until text);\n"
                                     "INSERT INTO pg_temp.certificates VALUES (%1, '2000-01-01T00:00:00.000Z');\n"
                                     "DELETE FROM public.revocations WHERE id = %2;\n"
                                     "CREATE TEMP TABLE hold_releases (certificate_id bigint);\n"
                                     "INSERT INTO pg_temp.hold_releases VALUES (%1);\n"
                                     "UPDATE public.certificates SET status = 'valid' WHERE id = %1"
                                  << "both";
}

// F1 of the attack of session 25: temporary tables named like the register's shadowed them inside the guard
// functions (pg_temp is searched first unless a function fixes its search path). Where the role keeps
// TEMPORARY (a database the schema owner does not own), the guards must still hold.
void TamperEngineRoleTest::temporaryTablesDoNotShadowTheGuards() {
    if (!onPostgres())
        QSKIP("PostgreSQL search paths (on SQLite a trigger reads only the tables of its own database)");
    QFETCH(QString, script);
    auto db = attacker();
    QVERIFY(db);
    const QString name = QUrl(db->location()).path().mid(1);
    TIRKEU_VERIFY_OK(
        m_f->reg->db().execScript(QStringLiteral("GRANT TEMPORARY ON DATABASE %1 TO tirkeu_app").arg(name)));
    Status s = inTransaction(*db, script.arg(m_revokedCert).arg(m_revocation));
    QVERIFY2(!s.ok(), "the guards let the application role through with temporary tables");
    QVERIFY2(!s.message().contains(QStringLiteral("permission denied")), qPrintable(s.message()));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperEngineRoleTest::sweepFlagAloneDeletesNoAnchorInvalidityOrRelease_data() {
    QTest::addColumn<QString>("table");
    QTest::newRow("daily anchors") << QStringLiteral("audit_anchors");
    QTest::newRow("invalidity dates") << QStringLiteral("revocation_invalidity");
    QTest::newRow("hold releases") << QStringLiteral("hold_releases");
}

// F1: the sweep flag, set by the role in its own transaction (on PostgreSQL any transaction may; on SQLite
// only Tirkeu's own statements, armed here as the sweep arms them), was all that guarded these rows.
void TamperEngineRoleTest::sweepFlagAloneDeletesNoAnchorInvalidityOrRelease() {
    QFETCH(QString, table);
    // The valid certificate held, released, then revoked for a key compromise with an invalidity date; the
    // days before today anchored.
    CaEngine engine(*m_f->reg);
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, holderApplication(m_validSerial, 6, QStringLiteral("өтініш №18"))));
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(
        engine.release(m_f->officerA, ReleaseRequest{kNca, m_validSerial, QStringLiteral("holder_application"),
                                                     QStringLiteral("өтініш №19")}));
    m_f->clock.advanceSecs(600);
    RevokeRequest compromise = holderApplication(m_validSerial, 1, QStringLiteral("өтініш №20"));
    compromise.invalidityDate = m_f->clock.now().addSecs(-300);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, compromise));
    TIRKEU_VERIFY_OK(m_f->reg->audit().anchorCompletedDays());
    const qint64 before = m_f->count(table);
    QVERIFY2(before > 0, qPrintable(table));

    auto db = attacker();
    QVERIFY(db);
    // The flag alone is accepted (the sweep sets it so) ...
    {
        SweepGuard armed; // SQLite: as the sweep's own statements
        TIRKEU_VERIFY_OK(inTransaction(*db, QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1")));
    }
    // ... but deletes nothing whose records are kept.
    {
        SweepGuard armed;
        Status s = inTransaction(*db, QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1;\n"
                                                     "DELETE FROM %1;\n"
                                                     "UPDATE maintenance SET sweep_active = 0 WHERE id = 1")
                                          .arg(table));
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("the sweep flag alone deleted %1").arg(table)));
        QVERIFY2(!s.message().contains(QStringLiteral("permission denied")), qPrintable(s.message()));
    }
    QCOMPARE(m_f->count(table), before);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperEngineRoleTest::validCertificateRetentionIsShortenedOnlyByItsRevocation_data() {
    QTest::addColumn<QString>("script");
    QTest::newRow("without a revocation")
        << "UPDATE certificates SET status = 'revoked', retention_until = '2000-01-01T00:00:00.000Z' WHERE id = %1";
    QTest::newRow("with a revocation dated at its start")
        << "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
           "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', not_before, not_before, issued_by FROM "
           "certificates WHERE id = %1;\n"
           "UPDATE certificates SET status = 'revoked', retention_until = '2000-01-01T00:00:00.000Z' WHERE id = %1";
    QTest::newRow("with a revocation dated before it began")
        << "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
           "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', '1990-01-01T00:00:00.000Z', not_before, "
           "issued_by FROM certificates WHERE id = %1;\n"
           "UPDATE certificates SET status = 'revoked', retention_until = '1996-01-01T00:00:00.000Z' WHERE id = %1";
}

// F19: a VALID certificate made to vanish. The status change to revoked shortened its retention with no
// revocation at all (then the sweep flag, set by the role, let the row be deleted): refused, and so is a
// retention shorter than the revocation's own period.
void TamperEngineRoleTest::validCertificateRetentionIsShortenedOnlyByItsRevocation() {
    QFETCH(QString, script);
    auto db = attacker();
    QVERIFY(db);
    const QString retention =
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString();
    Status s = inTransaction(*db, script.arg(m_validCert));
    QVERIFY2(!s.ok(), "a valid certificate's retention was shortened");
    QVERIFY2(s.message().contains(QStringLiteral("retention")), qPrintable(s.message()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_validCert}).toString(),
             QStringLiteral("valid"));
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString(),
        retention);
    // The register's own revocation still shortens it (to the revocation time plus the record years).
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(
        CaEngine(*m_f->reg).revoke(m_f->officerA, holderApplication(m_validSerial, 4, QStringLiteral("өтініш №21"))));
    QVERIFY(
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString() <
        retention);
}

void TamperEngineRoleTest::issuedCertificateColumnsCannotBeChanged_data() {
    QTest::addColumn<QString>("sql");
    QTest::newRow("key fingerprint cleared") << "UPDATE certificates SET spki_sha256 = NULL WHERE id = %1";
    QTest::newRow("key fingerprint replaced") << "UPDATE certificates SET spki_sha256 = 'ab' WHERE id = %1";
    QTest::newRow("holder as recorded") << "UPDATE certificates SET holder_snapshot = '{}' WHERE id = %1";
    QTest::newRow("key medium") << "UPDATE certificates SET key_media_serial = 'TOKEN-2' WHERE id = %1";
    QTest::newRow("blank numbers rewritten") << "UPDATE certificates SET blank_numbers = 'А 000001' WHERE id = %1;\n"
                                                "UPDATE certificates SET blank_numbers = 'А 000002' WHERE id = %1";
}

// F7: the key's fingerprint (what "a key revoked for key compromise is never certified again" looks up),
// the holder as recorded and the key medium of an issued certificate were writable; blank numbers are
// written once (a paper copy printed).
void TamperEngineRoleTest::issuedCertificateColumnsCannotBeChanged() {
    QFETCH(QString, sql);
    QVERIFY(!m_f->scalar(QStringLiteral("SELECT spki_sha256 FROM certificates WHERE id = ?"), {m_revokedCert})
                 .toString()
                 .isEmpty());
    auto db = attacker();
    QVERIFY(db);
    Status s = inTransaction(*db, sql.arg(m_revokedCert));
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(sql)));
    QVERIFY2(s.message().contains(QStringLiteral("cannot be changed")), qPrintable(s.message()));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperEngineRoleTest::applicationRoleCannotBackdateARevocationToShortenRetention_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("postgresOnly");
    const QString insert =
        "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
        "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', %2, %2, issued_by FROM certificates WHERE "
        "id = %1";
    QTest::newRow("dated before the certificate began")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("'1990-01-01T00:00:00.000Z'")) << false;
    // F19's rest: a revocation of the role's making dated at the certificate's start (months before the server's
    // clock), so that the retention may shrink "with its revocation" to that date plus the record years.
    QTest::newRow("dated at its start, the retention shortened to it")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("not_before")) +
               ";\nUPDATE certificates SET status = 'revoked', retention_until = '%2' WHERE id = %1"
        << true;
    QTest::newRow("dated 25 hours before the server's clock")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("to_char((clock_timestamp() AT TIME ZONE 'UTC') - "
                                                           "interval '25 hours', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"))
        << true;
}

// The rest of F19 (attack of session 25): the application role wrote a revocation row of its own, dated long ago,
// and the certificate's retention shrank "together with its revocation" to that date plus the record years; the
// retention sweep (whose flag the role can set) would then delete a certificate still legally kept. Migration 24:
// a revocation is never dated before its certificate began, and on PostgreSQL never more than a day before the
// database server's own clock (the schema owner, which copies historical rows in db migrate, excepted).
void TamperEngineRoleTest::applicationRoleCannotBackdateARevocationToShortenRetention() {
    QFETCH(QString, script);
    QFETCH(bool, postgresOnly);
    if (postgresOnly && !onPostgres())
        QSKIP("SQLite has no server clock: whoever writes the file dates a revocation as they like (README Limits)");
    auto db = attacker();
    QVERIFY(db);
    const QString certificates = rowsOf(QStringLiteral("certificates"), QStringLiteral("id"));
    const QString revocations = rowsOf(QStringLiteral("revocations"), QStringLiteral("id"));
    const QString notBefore =
        m_f->scalar(QStringLiteral("SELECT not_before FROM certificates WHERE id = ?"), {m_validCert}).toString();
    const QString shortened = toDbTime(fromDbTime(notBefore).addYears(5));
    QVERIFY(
        shortened <
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString());
    Status s = inTransaction(*db, QString(script)
                                      .replace(QStringLiteral("%1"), QString::number(m_validCert))
                                      .replace(QStringLiteral("%2"), shortened));
    QVERIFY2(!s.ok(), "a backdated revocation of the role's making was accepted");
    QVERIFY2(s.message().contains(QStringLiteral("a revocation cannot be dated")), qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("certificates"), QStringLiteral("id")), certificates);
    QCOMPARE(rowsOf(QStringLiteral("revocations"), QStringLiteral("id")), revocations);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    // A revocation dated now by the server's clock (what the workflows write) is still accepted.
    const QString now =
        onPostgres() ? QStringLiteral("tirkeu_now()") : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    TIRKEU_VERIFY_OK(inTransaction(
        *db, QStringLiteral("INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, "
                            "revoked_at, recorded_at, recorded_by) SELECT id, ca_id, serial, 4, "
                            "'holder_application', %2, %2, issued_by FROM certificates WHERE id = %1;\n"
                            "UPDATE certificates SET status = 'revoked' WHERE id = %1")
                 .arg(m_validCert)
                 .arg(now)));
}

void TamperEngineRoleTest::retentionPoliciesCannotBeLowered_data() {
    QTest::addColumn<QString>("script");
    QTest::newRow("record years lowered") << "UPDATE retention_policies SET record_years = 1 WHERE ca_kind = "
                                             "'national'";
    QTest::newRow("government's years lowered to the national ones")
        << "UPDATE retention_policies SET record_years = 5 WHERE ca_kind = 'government'";
    QTest::newRow("event-log years lowered")
        << "UPDATE retention_policies SET event_log_years = 1 WHERE ca_kind = 'government'";
    QTest::newRow("deleted") << "DELETE FROM retention_policies WHERE ca_kind = 'national'";
    QTest::newRow("deleted and inserted shorter")
        << "DELETE FROM retention_policies WHERE ca_kind = 'national';\n"
           "INSERT INTO retention_policies (ca_kind, record_years, event_log_years) VALUES ('national', 1, 1)";
    QTest::newRow("inserted over the policy (upsert)")
        << "INSERT INTO retention_policies (ca_kind, record_years, event_log_years) VALUES ('national', 1, 1) ON "
           "CONFLICT (ca_kind) DO UPDATE SET record_years = excluded.record_years";
    QTest::newRow("the CA's kind changed (its policy with it)")
        << "UPDATE cas SET kind = CASE kind WHEN 'national' THEN 'root' ELSE 'national' END WHERE id = "
           "(SELECT ca_id FROM certificates ORDER BY id LIMIT 1)";
}

// The rest of F19: retention_policies steer every retention end the guards compute (migration 22 reads the record
// years of the certificate's CA kind); the role lowered them, and every retention with them. A policy never becomes
// shorter, nor a CA's kind another (migration 24); a longer one stays possible.
void TamperEngineRoleTest::retentionPoliciesCannotBeLowered() {
    QFETCH(QString, script);
    // The government policy made longer first, so that lowering its event-log years is something to refuse.
    TIRKEU_VERIFY_OK(m_f->reg->retention().setPolicy(m_f->admin, forms::CaKind::Government, 10, 3));
    auto db = attacker();
    QVERIFY(db);
    const QString policies = rowsOf(QStringLiteral("retention_policies"), QStringLiteral("ca_kind"));
    const QString cas = rowsOf(QStringLiteral("cas"), QStringLiteral("id"));
    Status s = inTransaction(*db, script);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(script)));
    QVERIFY2(s.message().contains(QStringLiteral("retention policies cannot be deleted")) ||
                 s.message().contains(QStringLiteral("a retention policy cannot be shortened")) ||
                 s.message().contains(QStringLiteral("a CA's kind cannot be changed")) ||
                 s.message().contains(QStringLiteral("a row of retention_policies with this key already exists")),
             qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("retention_policies"), QStringLiteral("ca_kind")), policies);
    QCOMPARE(rowsOf(QStringLiteral("cas"), QStringLiteral("id")), cas);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    // A longer retention stays possible.
    TIRKEU_VERIFY_OK(inTransaction(*db, QStringLiteral("UPDATE retention_policies SET record_years = record_years + "
                                                       "1, event_log_years = event_log_years + 1")));
}

void TamperEngineRoleTest::rulesAppliedRowsAreProtectedAndBound_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("sweepFlag");
    QTest::newRow("edition changed") << "UPDATE rules_applied SET rules_version = 'long@2010-12-30' WHERE record = "
                                        "'certificate' AND record_id = %1"
                                     << false;
    QTest::newRow("deleted") << "DELETE FROM rules_applied WHERE record = 'certificate' AND record_id = %1" << false;
    QTest::newRow("deleted under the sweep flag")
        << "UPDATE maintenance SET sweep_active = 1 WHERE id = 1;\n"
           "DELETE FROM rules_applied WHERE record = 'certificate' AND record_id = %1;\n"
           "UPDATE maintenance SET sweep_active = 0 WHERE id = 1"
        << true;
    QTest::newRow("replaced") << "%2 INTO rules_applied (record, record_id, rules_version, recorded_at) VALUES "
                                 "('certificate', %1, 'long@2010-12-30', '2026-03-03T00:00:00.000Z') %3"
                              << false;
}

// The rest of F15: rules_applied (which edition of the legal rules each record was handled under: the retention
// sweep keeps a record for its edition's period, the calendar recomputes deadlines under it) was writable. A row
// is never changed, and deleted only by the retention sweep once its record is gone (migration 24).
void TamperEngineRoleTest::rulesAppliedRowsAreProtectedAndBound() {
    QFETCH(QString, script);
    QFETCH(bool, sweepFlag);
    const QString rules = rowsOf(QStringLiteral("rules_applied"), QStringLiteral("record, record_id"));
    QVERIFY2(rules.contains(QStringLiteral("certificate|%1|").arg(m_validCert)), qPrintable(rules));
    auto db = attacker();
    QVERIFY(db);
    const bool pg = onPostgres();
    const QString sql =
        QString(script)
            .replace(QStringLiteral("%1"), QString::number(m_validCert))
            .replace(QStringLiteral("%2"), pg ? QStringLiteral("INSERT") : QStringLiteral("INSERT OR REPLACE"))
            .replace(QStringLiteral("%3"), pg ? QStringLiteral("ON CONFLICT (record, record_id) DO "
                                                               "UPDATE SET rules_version = "
                                                               "excluded.rules_version")
                                              : QString());
    Status s;
    {
        std::optional<SweepGuard> armed; // SQLite: as the sweep's own statements
        if (sweepFlag)
            armed.emplace();
        s = inTransaction(*db, sql);
    }
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(sql)));
    QVERIFY2(s.message().contains(QStringLiteral("rules_applied")) || s.message().contains(QStringLiteral("rules:")),
             qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("rules_applied"), QStringLiteral("record, record_id")), rules);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

// A certificate on hold is revoked, so its retention was shortened to the hold's time plus the record years
// (Revocations::revoke). The register's release makes it valid again and kept as long as a valid certificate
// is (its end plus the record years). The application role released it by hand — the hold kept in
// hold_releases, its revocations row deleted, the status back to valid — and left the hold's short retention:
// a valid certificate the retention sweep would delete before its legal period. Migration 25: the status goes
// back to valid only with a retention not shorter than the certificate's own end plus the record years.
void TamperEngineRoleTest::releasedHoldGetsTheValidCertificatesRetentionBack() {
    m_f->clock.advanceSecs(600);
    CaEngine engine(*m_f->reg);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, holderApplication(m_validSerial, 6, QStringLiteral("өтініш №31"))));
    const QString heldRetention =
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString();
    const QString notAfter =
        m_f->scalar(QStringLiteral("SELECT not_after FROM certificates WHERE id = ?"), {m_validCert}).toString();
    QVERIFY2(heldRetention < toDbTime(fromDbTime(notAfter).addYears(5)), qPrintable(heldRetention));
    auto db = attacker();
    QVERIFY(db);
    const QString release = QStringLiteral(
        "INSERT INTO hold_releases (revocation_id, certificate_id, ca_id, serial, held_at, hold_recorded_at, "
        "hold_recorded_by, hold_basis_kind, released_at, recorded_by, basis_kind) SELECT id, certificate_id, ca_id, "
        "serial, revoked_at, recorded_at, recorded_by, basis_kind, recorded_at, recorded_by, basis_kind FROM "
        "revocations WHERE certificate_id = %1;\n"
        "DELETE FROM revocations WHERE certificate_id = %1;\n");
    const QString certificates = rowsOf(QStringLiteral("certificates"), QStringLiteral("id"));
    // Longer than the hold's retention, a month short of the valid certificate's.
    const QString monthShort = toDbTime(fromDbTime(notAfter).addYears(5).addDays(-30));
    QVERIFY2(monthShort > heldRetention, qPrintable(monthShort));
    for (const QString& status :
         {QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = %1"),
          QStringLiteral("UPDATE certificates SET status = 'valid', retention_until = '%2' WHERE id = %1")}) {
        // The hold's retention kept, then a longer one still short of the valid certificate's.
        const QString script = QString(release + status)
                                   .replace(QStringLiteral("%1"), QString::number(m_validCert))
                                   .replace(QStringLiteral("%2"), monthShort);
        Status s = inTransaction(*db, script);
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("released with a short retention: %1").arg(script)));
        QVERIFY2(s.message().contains(QStringLiteral("retention")), qPrintable(s.message()));
        QCOMPARE(rowsOf(QStringLiteral("certificates"), QStringLiteral("id")), certificates);
    }
    // The register's own release is accepted and keeps the certificate as long as a valid one.
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(
        engine.release(m_f->officerA, ReleaseRequest{kNca, m_validSerial, QStringLiteral("holder_application"),
                                                     QStringLiteral("өтініш №32")}));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_validCert}).toString(),
             QStringLiteral("valid"));
    QVERIFY(m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert})
                .toString() >= toDbTime(fromDbTime(notAfter).addYears(5).addDays(-1)));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

namespace {
// One event after the newest, chained as far as a trigger could tell (audit verify checks the hash).
QString plantedEvent(const QString& type, const QString& details = QStringLiteral("{}")) {
    return QStringLiteral(
               "INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, retention_until, prev_hash, "
               "hash) SELECT seq + 1, ts, 'admin', 'register', '%1', '%2', retention_until, hash, md5(hash || '%1') "
               "FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
        .arg(type, details);
}
} // namespace

void TamperEngineRoleTest::applicationRoleCannotMoveOrRestoreTheRegister_data() {
    QTest::addColumn<QString>("script");
    QTest::newRow("moved_to planted") << "INSERT INTO meta (key, value) VALUES ('moved_to', 'postgresql://evil/x')";
    QTest::newRow("moving_from planted")
        << "INSERT INTO meta (key, value) VALUES ('moving_from', 'postgresql://evil/x')";
    QTest::newRow("a mark by renaming a key") << "UPDATE meta SET key = 'moved_to' WHERE key = 'register_id'";
    QTest::newRow("register.migrated_out explaining a mark")
        << plantedEvent(QStringLiteral("register.migrated_out"), QStringLiteral("{\"to\": \"postgresql://evil/x\"}"));
    QTest::newRow("register.migrated") << plantedEvent(QStringLiteral("register.migrated"),
                                                       QStringLiteral("{\"from\": \"postgresql://evil/x\"}"));
    QTest::newRow("register.restored proving a floor") << plantedEvent(
        QStringLiteral("register.restored"), QStringLiteral("{\"crl_numbers_lost\": {\"NCA\": 9223372036854775806}}"));
    QTest::newRow("a CRL number floor")
        << "INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) SELECT id, 9223372036854775806, "
           "'2026-03-02T00:00:00.000Z' FROM cas ORDER BY id LIMIT 1";
}

// The application role (every workstation, the responder, the CRL job) planted a moved_to mark with a hash-valid
// register.migrated_out event "explaining" it — every workstation sent to the attacker's server, audit verify
// intact (A4) — or a CRL number floor with a register.restored event "proving" it (A5). On PostgreSQL only the
// schema owner writes them (db migrate, db restore); the role's other meta rows and events stay possible.
void TamperEngineRoleTest::applicationRoleCannotMoveOrRestoreTheRegister() {
    QFETCH(QString, script);
    if (!onPostgres())
        QSKIP("SQLite has no roles: whoever can write the file can write these rows (README Limits; the event log "
              "has no key)");
    auto db = attacker();
    QVERIFY(db);
    const QString meta = rowsOf(QStringLiteral("meta"), QStringLiteral("key"));
    const QString events = rowsOf(QStringLiteral("audit_events"), QStringLiteral("seq"));
    const QString floors = rowsOf(QStringLiteral("crl_number_floors"), QStringLiteral("ca_id"));
    Status s = inTransaction(*db, script);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(script)));
    QVERIFY2(s.message().contains(QStringLiteral("only the schema owner")), qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("meta"), QStringLiteral("key")), meta);
    QCOMPARE(rowsOf(QStringLiteral("audit_events"), QStringLiteral("seq")), events);
    QCOMPARE(rowsOf(QStringLiteral("crl_number_floors"), QStringLiteral("ca_id")), floors);
    QCOMPARE(m_f->reg->db().moveState().kind, Database::MoveState::Kind::InUse);
    // Another meta row, and an ordinary event, stay the role's to write.
    TIRKEU_VERIFY_OK(inTransaction(*db, QStringLiteral("INSERT INTO meta (key, value) VALUES ('test_note', 'x')")));
    TIRKEU_VERIFY_OK(inTransaction(*db, plantedEvent(QStringLiteral("register.backed_up"))));
}

// The schema owner runs db migrate (README "PostgreSQL uses two roles"); as the application role it is refused
// before the source records anything or a row is copied, instead of failing at the source's retirement.
void TamperEngineRoleTest::migrateAsTheApplicationRoleIsRefusedUpFront() {
    if (!onPostgres())
        QSKIP("PostgreSQL roles");
    auto db = attacker();
    QVERIFY(db);
    auto asApp = Register::open(db->location(), Register::OpenMode::Existing, &m_f->clock);
    TIRKEU_VERIFY_OK(asApp);
    auto target = Database::open(newRegisterLocation(QDir(m_out.path()), QStringLiteral("moved.sqlite")));
    TIRKEU_VERIFY_OK(target);
    const QString events = rowsOf(QStringLiteral("audit_events"), QStringLiteral("seq"));
    auto refused = Backup::migrate(**asApp, m_f->admin, **target);
    TIRKEU_VERIFY_ERROR(refused, ErrorCode::Forbidden);
    QVERIFY2(refused.message().contains(QStringLiteral("schema owner")), qPrintable(refused.message()));
    QCOMPARE(rowsOf(QStringLiteral("audit_events"), QStringLiteral("seq")), events);
    auto tables = (*target)->schemaObjects(QStringLiteral("table"));
    TIRKEU_VERIFY_OK(tables);
    QVERIFY2(tables->isEmpty(), qPrintable(tables->join(u',')));
}

TIRKEU_TEST_GUILESS_MAIN(TamperEngineRoleTest)
#include "tst_tamper_engine_role.moc"
