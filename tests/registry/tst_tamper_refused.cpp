// The tamper suite (issue 12, "What an attack test found", items 2-4), the attacks the database refuses: each
// replayed with the SQL an attacker with the register file (sqlite3) or the application's PostgreSQL login would
// type, all triggers in place; the register stays as it was and verifies. Item 3: on PostgreSQL, the application
// role cannot remove evidence wholesale. The same attacks with the triggers dropped, found by AuditLog::verify():
// tst_tamper_found (both share the scene of TamperTestSupport.h). Runs on SQLite and
// (registry.tst_tamper_refused.pg) on PostgreSQL. The attacks that remove evidence from the database entirely
// (truncation, full re-hash) are in tst_anchors (signed anchors, CRLs).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Retention.h"
#include "registry/Schema.h"
#include "registry/TamperTestSupport.h"

#include <QObject>
#include <QUrl>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TamperRefusedTest : public QObject, HandWrittenRowsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createScene(); }
    void init() { copyTemplate(); }
    void cleanupTestCase();
    void cleanup() { dropCopy(); }

    void intactRegisterVerifies();
    // Item 2: refused by the database, all triggers in place.
    void replaceRewritesAreRefused_data();
    void replaceRewritesAreRefused();
    void revokedCertificateCannotBecomeValid();
    void retentionCannotBeShortened_data();
    void retentionCannotBeShortened();
    void sweepFlagCannotBeSetByHand();
    void revokedCertificateAndRevocationCannotVanish();
    // Attack of session 25, the rest of F19 (migration 24).
    void retentionPoliciesCannotBeLowered();
    // Item 3: PostgreSQL, connected as the application role.
    void applicationRoleCannotTruncateOrChangeTheSchema_data();
    void applicationRoleCannotTruncateOrChangeTheSchema();

private:
    // PostgreSQL: the database the owner set up and granted, copied for each attack by the application role.
    QString m_rolesBase;
};

void TamperRefusedTest::cleanupTestCase() {
    if (!m_rolesBase.isEmpty())
        dropPgDatabase(pgUrl(m_rolesBase));
}

void TamperRefusedTest::intactRegisterVerifies() {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
#ifdef TIRKEU_AUDIT_ROW_BINDING
    // Every protected row was checked: 5 operators, 3 policies, 3 CAs, 1 override, 2 holders, 2 applications,
    // 4 history rows, 2 certificates, 1 revocation, 1 CRL, and the 2 applications' rules editions (migration 24).
    QCOMPARE(report->rowsChecked, qint64(26));
#endif
}

void TamperRefusedTest::replaceRewritesAreRefused_data() {
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgres");
    // SQLite's REPLACE deletes the old row without firing delete triggers; PostgreSQL's equivalent
    // (ON CONFLICT DO UPDATE) is an UPDATE and meets the update triggers.
    QTest::newRow("audit event, hash recomputed")
        << "audit_events"
        << "INSERT OR REPLACE INTO audit_events (seq, ts, operator, subject, event_type, details, retention_until, "
           "prev_hash, hash) SELECT seq, ts, 'intruder', subject, event_type, details, retention_until, prev_hash, "
           "hash FROM audit_events WHERE seq = 9"
        << "INSERT INTO audit_events SELECT * FROM audit_events WHERE seq = 9 ON CONFLICT (seq) DO UPDATE SET "
           "operator = 'intruder'";
    QTest::newRow("daily anchor")
        << "audit_anchors"
        << "INSERT OR REPLACE INTO audit_anchors (day, last_seq, head_hash, events, created_at) SELECT day, last_seq, "
           "'ff', events, created_at FROM audit_anchors"
        << "INSERT INTO audit_anchors SELECT * FROM audit_anchors ON CONFLICT (day) DO UPDATE SET head_hash = 'ff'";
    QTest::newRow("revocation reason and date")
        << "revocations"
        << "INSERT OR REPLACE INTO revocations (id, certificate_id, ca_id, serial, reason_code, basis_kind, "
           "revoked_at, recorded_at, recorded_by) SELECT id, certificate_id, ca_id, serial, 4, basis_kind, "
           "'2026-03-10T05:00:00.000Z', recorded_at, recorded_by FROM revocations"
        << "INSERT INTO revocations SELECT * FROM revocations ON CONFLICT (id) DO UPDATE SET reason_code = 4, "
           "revoked_at = '2026-03-10T05:00:00.000Z'";
    QTest::newRow("certificate DER and subject")
        << "certificates"
        << "INSERT OR REPLACE INTO certificates (id, ca_id, serial, subject, person_id, profile, not_before, "
           "not_after, "
           "der, status, application_id, issued_by, issued_at, retention_until) SELECT id, ca_id, serial, "
           "'CN=FORGED', person_id, profile, not_before, not_after, X'3000', 'valid', application_id, issued_by, "
           "issued_at, retention_until FROM certificates"
        << "INSERT INTO certificates SELECT * FROM certificates ON CONFLICT (id) DO UPDATE SET subject = 'CN=FORGED', "
           "der = '\\x3000'::bytea";
    QTest::newRow("certificate by its serial")
        << "certificates"
        << "INSERT OR REPLACE INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, status, "
           "issued_at, retention_until) SELECT ca_id, serial, subject, profile, not_before, not_after, der, 'valid', "
           "issued_at, retention_until FROM certificates WHERE status = 'revoked'"
        << "INSERT INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, status, issued_at, "
           "retention_until) SELECT ca_id, serial, subject, profile, not_before, not_after, der, 'valid', issued_at, "
           "retention_until FROM certificates WHERE status = 'revoked' ON CONFLICT (ca_id, serial) DO UPDATE SET "
           "status = 'valid'";
    QTest::newRow("certificate moved onto another's key")
        << "certificates"
        << "UPDATE OR REPLACE certificates SET id = (SELECT max(id) FROM certificates) WHERE id = "
           "(SELECT min(id) FROM certificates)"
        << "UPDATE certificates SET status = 'valid' WHERE status = 'revoked'";
    QTest::newRow("operator role")
        << "operators"
        << "INSERT OR REPLACE INTO operators (id, login, full_name, role, password_hash, active, created_at) SELECT "
           "id, login, full_name, 'administrator', password_hash, 1, created_at FROM operators WHERE login = "
           "'operator'"
        << "INSERT INTO operators SELECT * FROM operators WHERE login = 'operator' ON CONFLICT (id) DO UPDATE SET "
           "id = 999";
    QTest::newRow("sweep flag") << "maintenance"
                                << "INSERT OR REPLACE INTO maintenance (id, sweep_active) VALUES (1, 1)"
                                << "UPDATE maintenance SET sweep_active = 1";
}

void TamperRefusedTest::replaceRewritesAreRefused() {
    QFETCH(QString, table);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    const QString rowsBefore = rowsOf(table);
    QVERIFY2(!rowsBefore.startsWith(u'<'), qPrintable(rowsBefore));
    const QString sql = m_f->reg->db().engine() == Engine::Sqlite ? sqlite : postgres;
    Status s = m_f->exec(sql);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("accepted: %1").arg(sql)));
    QCOMPARE(rowsOf(table), rowsBefore);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperRefusedTest::revokedCertificateCannotBecomeValid() {
    Status s = m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert});
    QVERIFY2(!s.ok(), "a revoked certificate became valid");
    QVERIFY2(s.message().contains(u"valid to revoked"), qPrintable(s.message()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
}

void TamperRefusedTest::retentionCannotBeShortened_data() {
    QTest::addColumn<QString>("sql");
    QTest::newRow("revoked certificate") << "UPDATE certificates SET retention_until = '2000-01-01T00:00:00.000Z' "
                                            "WHERE status = 'revoked'";
    QTest::newRow("application") << "UPDATE applications SET retention_until = '2000-01-01T00:00:00.000Z'";
    QTest::newRow("CRL record") << "UPDATE crls SET retention_until = '2000-01-01T00:00:00.000Z'";
    QTest::newRow("person") << "UPDATE persons SET retention_until = '2000-01-01T00:00:00.000Z'";
}

void TamperRefusedTest::retentionCannotBeShortened() {
    QFETCH(QString, sql);
    Status s = m_f->exec(sql);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("accepted: %1").arg(sql)));
    QVERIFY2(s.message().contains(u"cannot be shortened"), qPrintable(s.message()));
}

void TamperRefusedTest::sweepFlagCannotBeSetByHand() {
    Status s = m_f->exec(QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1"));
    QVERIFY2(!s.ok(), "the sweep flag was set outside the sweep");
    QVERIFY2(s.message().contains(u"sweep flag"), qPrintable(s.message()));
    Status d = m_f->exec(QStringLiteral("DELETE FROM maintenance"));
    QVERIFY2(!d.ok(), "the sweep flag row was deleted");
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sweep_active FROM maintenance WHERE id = 1")).toInt(), 0);
}

// The attack of item 2: shorten the retention, set the sweep flag, delete. Every step is refused.
void TamperRefusedTest::revokedCertificateAndRevocationCannotVanish() {
    const QStringList steps = {
        QStringLiteral("UPDATE certificates SET retention_until = '2000-01-01T00:00:00.000Z' WHERE status = 'revoked'"),
        QStringLiteral("UPDATE maintenance SET sweep_active = 1"),
        QStringLiteral("DELETE FROM revocations"),
        QStringLiteral("DELETE FROM certificates WHERE status = 'revoked'"),
    };
    for (const QString& sql : steps)
        QVERIFY2(!m_f->exec(sql).ok(), qPrintable(QStringLiteral("accepted: %1").arg(sql)));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(1));
    QCOMPARE(m_f->count(QStringLiteral("certificates WHERE status = 'revoked'")), qint64(1));
}

// The rest of F19: lower retention policies shorten every retention the register and its guards compute. They
// only grow (migration 24; Retention::setPolicy says so), and a policy lowered with the triggers dropped is found.
void TamperRefusedTest::retentionPoliciesCannotBeLowered() {
    Retention& retention = m_f->reg->retention();
    TIRKEU_VERIFY_OK(retention.setPolicy(m_f->admin, forms::CaKind::National, 6, 2)); // longer: allowed
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    const auto national = [this] {
        return m_f
            ->scalar(QStringLiteral("SELECT record_years || '/' || event_log_years FROM retention_policies "
                                    "WHERE ca_kind = 'national'"))
            .toString();
    };
    QCOMPARE(national(), QStringLiteral("6/2"));
    for (const auto& [records, logYears] : {std::pair{5, 2}, std::pair{6, 1}, std::pair{5, 1}}) {
        const Status s = retention.setPolicy(m_f->admin, forms::CaKind::National, records, logYears);
        TIRKEU_VERIFY_ERROR(s, ErrorCode::Invalid);
        QVERIFY2(s.message().contains(QStringLiteral("never shortened")) && s.message().contains(u'6') &&
                     s.message().contains(u'2'),
                 qPrintable(s.message()));
    }
    QCOMPARE(national(), QStringLiteral("6/2"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    const QString lower = QStringLiteral("UPDATE retention_policies SET record_years = 1 WHERE ca_kind = 'national'");
    const Status raw = m_f->exec(lower);
    TIRKEU_VERIFY_ERROR(raw, ErrorCode::Database);
    QVERIFY2(raw.message().contains(QStringLiteral("a retention policy cannot be shortened")),
             qPrintable(raw.message()));
    QCOMPARE(national(), QStringLiteral("6/2"));
    TIRKEU_VERIFY_OK(
        m_f->dropTrigger(QStringLiteral("retention_policies_never_shorter"), QStringLiteral("retention_policies")));
    TIRKEU_VERIFY_OK(m_f->exec(lower));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a retention policy was lowered");
    QCOMPARE(report->badTable, QStringLiteral("retention_policies"));
    QCOMPARE(report->badKey, QStringLiteral("national"));
}

void TamperRefusedTest::applicationRoleCannotTruncateOrChangeTheSchema_data() {
    QTest::addColumn<QString>("sql");
    QTest::newRow("TRUNCATE audit_events") << "TRUNCATE audit_events";
    QTest::newRow("TRUNCATE revocations") << "TRUNCATE revocations CASCADE";
    QTest::newRow("DISABLE TRIGGER") << "ALTER TABLE audit_events DISABLE TRIGGER ALL";
    QTest::newRow("DROP TRIGGER") << "DROP TRIGGER audit_events_immutable ON audit_events";
    QTest::newRow("CREATE TRIGGER") << "CREATE TRIGGER x BEFORE DELETE ON revocations FOR EACH ROW EXECUTE FUNCTION "
                                       "tirkeu_sweep_stamp()";
    QTest::newRow("replace a guard function") << "CREATE OR REPLACE FUNCTION tirkeu_sweep_off() RETURNS boolean "
                                                 "LANGUAGE sql AS $$ SELECT false $$";
    QTest::newRow("take ownership") << "ALTER TABLE certificates OWNER TO tirkeu_app";
    QTest::newRow("ALTER TABLE") << "ALTER TABLE certificates ADD COLUMN note TEXT";
    QTest::newRow("DROP TABLE") << "DROP TABLE audit_anchors";
    QTest::newRow("DROP INDEX") << "DROP INDEX persons_search"; // searches would read every holder
    QTest::newRow("CREATE TABLE") << "CREATE TABLE shadow (id BIGINT)";
    QTest::newRow("fake migration") << "INSERT INTO schema_migrations (version, applied_at, description) VALUES "
                                       "(99, 'x', 'x')";
    QTest::newRow("replica mode skips triggers") << "SET session_replication_role = replica";
    QTest::newRow("sweep flag") << "UPDATE maintenance SET sweep_active = 1";
}

// The owner runs db init and grants; the programs connect as the application role, which can run
// the workflows and nothing that removes evidence wholesale.
void TamperRefusedTest::applicationRoleCannotTruncateOrChangeTheSchema() {
    if (!onPostgres())
        QSKIP("PostgreSQL roles (the SQLite file has no roles: its guards are the triggers and the chain)");
    QFETCH(QString, sql);
    const QString ownerUrl = qEnvironmentVariable("TIRKEU_TEST_PG_OWNER");
    const QString appUrl = qEnvironmentVariable("TIRKEU_TEST_PG_APP");
    QVERIFY2(!ownerUrl.isEmpty() && !appUrl.isEmpty(), "tests/pg/pg_server.sh creates tirkeu_owner and tirkeu_app");
    auto withName = [](const QString& url, const QString& name) {
        QUrl u(url);
        u.setPath(u'/' + name);
        return u.toString();
    };
    // The owner creates the schema and grants the application role once (db init --app-role); each
    // attack then runs on a fresh copy of that database (grants and default privileges are copied with it).
    if (m_rolesBase.isEmpty()) {
        const QString base = QStringLiteral("roles_%1_base").arg(QCoreApplication::applicationPid());
        TIRKEU_VERIFY_OK(pgAdmin(QStringLiteral("CREATE DATABASE %1 OWNER tirkeu_owner STRATEGY FILE_COPY").arg(base)));
        m_rolesBase = base;
        FixedClock clock(almaty(2026, 3, 2, 9));
        auto owner = Register::open(withName(ownerUrl, base), Register::OpenMode::CreateOrUpgrade, &clock);
        TIRKEU_VERIFY_OK(owner);
        TIRKEU_VERIFY_OK(Schema::grantApplicationRole((*owner)->db(), QStringLiteral("tirkeu_app")));
        // The owner itself cannot be the application role.
        TIRKEU_VERIFY_ERROR(Schema::grantApplicationRole((*owner)->db(), QStringLiteral("tirkeu_owner")),
                            ErrorCode::Usage);
    }
    static int run = 0;
    const QString name = QStringLiteral("roles_%1_%2").arg(QCoreApplication::applicationPid()).arg(++run);
    TIRKEU_VERIFY_OK(pgAdmin(
        QStringLiteral("CREATE DATABASE %1 TEMPLATE %2 OWNER tirkeu_owner STRATEGY FILE_COPY").arg(name, m_rolesBase)));
    {
        FixedClock clock(almaty(2026, 3, 2, 10));
        auto app = Register::open(withName(appUrl, name), Register::OpenMode::Existing, &clock);
        TIRKEU_VERIFY_OK(app);
        // The workflows work as the application role ...
        auto admin =
            (*app)->operators().createFirstAdministrator(QStringLiteral("admin"), QStringLiteral("Әкімші"), kPassword);
        TIRKEU_VERIFY_OK(admin);
        TIRKEU_VERIFY_OK((*app)->cas().add(*admin, kNca, QStringLiteral("ҰКО"), forms::CaKind::National));
        // ... the attack does not.
        Status s = (*app)->db().execScript(sql);
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("the application role may: %1").arg(sql)));
        auto report = (*app)->audit().verify();
        TIRKEU_VERIFY_OK(report);
        QVERIFY2(report->ok, qPrintable(report->problem));
        QCOMPARE(report->eventsChecked, qint64(2));
    }
    dropPgDatabase(withName(ownerUrl, name));
}

TIRKEU_TEST_GUILESS_MAIN(TamperRefusedTest)
#include "tst_tamper_refused.moc"
