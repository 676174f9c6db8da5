// The tamper suite (issue 12, "What an attack test found", items 2-4): each attack replayed with the
// SQL an attacker with the register file (sqlite3) or the application's PostgreSQL login would type.
// Each is either refused by the database, or — where the attacker first drops the triggers, as the
// owner of a SQLite file can — found by AuditLog::verify(), which names the damaged row.
// Runs on SQLite and (registry.tst_tamper.pg) on PostgreSQL. The attacks that remove evidence from
// the database entirely (truncation, full re-hash) are in tst_anchors (signed anchors, CRLs).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/CalendarService.h"
#include "registry/Retention.h"
#include "registry/RulesBook.h"
#include "registry/Schema.h"

#include <QObject>
#include <QSqlRecord>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// Binds rows written by hand to the chain, as the CA engine's issuing / revoking / publishing
// workflows do (the rows under attack are a certificate, its revocation and a CRL record).
void recordRows(RegistryFixture& t, const QString& type, const QStringList& tables, const QList<qint64>& keys) {
    Transaction tx(t.reg->db());
    QVERIFY(tx.ok());
#ifdef TIRKEU_AUDIT_ROW_BINDING
    QList<RowRef> rows;
    for (int i = 0; i < tables.size(); ++i)
        rows << RowRef::row(tables.at(i), keys.at(i));
    TIRKEU_VERIFY_OK(t.reg->audit().append(t.officerA.login, QStringLiteral("7F0001"), type, {}, rows));
#else
    Q_UNUSED(tables);
    Q_UNUSED(keys);
    TIRKEU_VERIFY_OK(t.reg->audit().append(t.officerA.login, QStringLiteral("7F0001"), type, {}));
#endif
    TIRKEU_VERIFY_OK(tx.commit());
}

} // namespace

class TamperTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void cleanup();

    void intactRegisterVerifies();
    // Item 2: refused by the database, all triggers in place.
    void replaceRewritesAreRefused_data();
    void replaceRewritesAreRefused();
    void revokedCertificateCannotBecomeValid();
    void retentionCannotBeShortened_data();
    void retentionCannotBeShortened();
    void sweepFlagCannotBeSetByHand();
    void revokedCertificateAndRevocationCannotVanish();
    // Items 2-4 with the triggers dropped: found by verify, naming the row.
    void flippedStatusIsFound();
    void replacedDerAndSubjectAreFound();
    void vanishedRevocationIsFound();
    void changedRevocationReasonIsFound();
    void insertedRowIsFound();
    void fakeArchiveBatchIsFound();
    void changedOperatorRoleIsFound();
    void eventByALoginWithoutTheRoleIsFound();
    void eventByADisabledLoginIsFound();
    void roleChangedThroughTheRegisterStaysIntact();
    void changedHolderIsFound();
    void forgedEventDeletingARevocationIsFound();
    void forgedEventRebindingAStatusIsFound();
    void forgedSweepRebindingARowIsFound();
    void forgedEventOfAnotherKindRebindingARowIsFound_data();
    void forgedEventOfAnotherKindRebindingARowIsFound();
    void insertedOrChangedRulesFileIsFoundOrRefused();
    // Attack of session 25, the rest of F15 and F19 (migration 24).
    void rulesAppliedRowsAreProtectedAndBound_data();
    void rulesAppliedRowsAreProtectedAndBound();
    void retentionPoliciesCannotBeLowered();
    // Migration 15: a search key edited by hand hides a holder from the name search.
    void editedSearchKeyIsFound_data();
    void editedSearchKeyIsFound();
    // Attack of session 27: a guard trigger dropped (or disabled) and nothing else changed yet.
    void droppedGuardTriggerIsFound_data();
    void droppedGuardTriggerIsFound();
    // Item 3: PostgreSQL, connected as the application role.
    void applicationRoleCannotTruncateOrChangeTheSchema_data();
    void applicationRoleCannotTruncateOrChangeTheSchema();

private:
    // Drops every trigger of `table` (what the owner of the file, or of the PostgreSQL tables, can do).
    void dropTriggersOf(const QString& table);
    void expectFinding(const QString& table, qint64 key);

    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
    qint64 m_validCert = 0;
    qint64 m_revokedCert = 0;
    qint64 m_revocation = 0;
    qint64 m_crl = 0;
    qint64 m_application = 0;
    // PostgreSQL: the database the owner set up and granted, copied for each attack by the application role.
    QString m_rolesBase;
};

void TamperTest::initTestCase() {
    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
    Applications& apps = t.reg->applications();
    t.clock.set(almaty(2026, 3, 2, 10));
    auto a1 = apps.submit(t.operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(a1);
    m_application = *a1;
    TIRKEU_VERIFY_OK(apps.approve(t.officerA, *a1));
    auto a2 = apps.submit(t.operatorA, kNca, kIssueInd,
                          ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    TIRKEU_VERIFY_OK(a2);
    TIRKEU_VERIFY_OK(apps.reject(t.officerB, *a2, QStringLiteral("NCA-FORM-INCORRECT"), QStringLiteral("Қолы жоқ")));
    TIRKEU_VERIFY_OK(t.reg->calendar().set(t.admin, QDate(2026, 12, 31), false, QStringLiteral("Үкімет қаулысы")));

    // Two certificates, one revoked with its revocation, and a CRL listing it.
    t.clock.set(almaty(2026, 3, 2, 11));
    auto valid = t.insertCertificate(t.ncaId, QStringLiteral("7F0001"), kIinAliya, t.clock.now(), *a1);
    TIRKEU_VERIFY_OK(valid);
    m_validCert = *valid;
    recordRows(t, QStringLiteral("certificate.issued"), {QStringLiteral("certificates")}, {m_validCert});
    auto revoked = t.insertCertificate(t.ncaId, QStringLiteral("7F0002"), kIinAliya, t.clock.now(), *a1);
    TIRKEU_VERIFY_OK(revoked);
    m_revokedCert = *revoked;
    recordRows(t, QStringLiteral("certificate.issued"), {QStringLiteral("certificates")}, {m_revokedCert});
    t.clock.set(almaty(2026, 3, 3, 10));
    TIRKEU_VERIFY_OK(
        t.exec(QStringLiteral("UPDATE certificates SET status = 'revoked' WHERE id = ?"), {m_revokedCert}));
    auto rev = t.reg->db().exec(
        QStringLiteral("INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, "
                       "recorded_at, recorded_by) VALUES (?, ?, '7F0002', 1, 'holder_application', "
                       "'2026-03-03T05:00:00.000Z', '2026-03-03T05:00:01.000Z', ?)"),
        {m_revokedCert, t.ncaId, t.officerA.operatorId});
    TIRKEU_VERIFY_OK(rev);
    m_revocation = rev->lastInsertId().toLongLong();
    recordRows(t, QStringLiteral("certificate.revoked"),
               {QStringLiteral("certificates"), QStringLiteral("revocations")}, {m_revokedCert, m_revocation});
    auto crl = t.reg->db().exec(
        QStringLiteral("INSERT INTO crls (ca_id, crl_number, this_update, next_update, entries, size_bytes, sha256, "
                       "file_name, published_at, published_by, retention_until) VALUES (?, 2, "
                       "'2026-03-03T06:00:00.000Z', '2026-03-04T06:00:00.000Z', 1, 612, ?, 'nca-rsa.crl', "
                       "'2026-03-03T06:00:00.000Z', ?, '2031-03-04T06:00:00.000Z')"),
        {t.ncaId, QString(64, u'c'), t.officerA.operatorId});
    TIRKEU_VERIFY_OK(crl);
    m_crl = crl->lastInsertId().toLongLong();
    recordRows(t, QStringLiteral("crl.published"), {QStringLiteral("crls")}, {m_crl});
}

void TamperTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 3, 17)), qPrintable(m_f->error));
}

void TamperTest::cleanup() {
    m_f.reset();
}

void TamperTest::cleanupTestCase() {
    if (!m_rolesBase.isEmpty())
        dropPgDatabase(pgUrl(m_rolesBase));
}

void TamperTest::dropTriggersOf(const QString& table) {
    QStringList triggers;
    if (m_f->reg->db().engine() == Engine::Sqlite) {
        auto q = m_f->reg->db().exec(
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"), {table});
        TIRKEU_VERIFY_OK(q);
        while (q->next())
            triggers << q->value(0).toString();
    } else {
        auto q = m_f->reg->db().exec(QStringLiteral("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = "
                                                    "t.tgrelid WHERE NOT t.tgisinternal AND c.relname = ?"),
                                     {table});
        TIRKEU_VERIFY_OK(q);
        while (q->next())
            triggers << q->value(0).toString();
    }
    QVERIFY2(!triggers.isEmpty(), qPrintable(table));
    for (const QString& t : triggers)
        TIRKEU_VERIFY_OK(m_f->dropTrigger(t, table));
}

// verify() must fail and name `table` row `key`.
void TamperTest::expectFinding(const QString& table, qint64 key) {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after the attack");
    QVERIFY2(report->problem.contains(table), qPrintable(report->problem));
    QVERIFY2(report->problem.contains(QStringLiteral(" %1 ").arg(key)), qPrintable(report->problem));
#ifdef TIRKEU_AUDIT_ROW_BINDING
    QCOMPARE(report->badTable, table);
    QCOMPARE(report->badKey, QString::number(key));
#endif
}

void TamperTest::editedSearchKeyIsFound_data() {
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("table");
    QTest::newRow("person") << "UPDATE persons SET search_key = 'zzz' WHERE id = (SELECT min(id) FROM persons)"
                            << "persons";
    QTest::newRow("person, key removed") << "UPDATE persons SET search_key = NULL WHERE id = (SELECT max(id) FROM "
                                            "persons)"
                                         << "persons";
    QTest::newRow("organisation") << "UPDATE organisations SET search_key = 'zzz'"
                                  << "organisations";
    QTest::newRow("organisation's short name") << "UPDATE organisations SET short_key = 'zzz'"
                                               << "organisations";
}

void TamperTest::editedSearchKeyIsFound() {
    QFETCH(QString, sql);
    QFETCH(QString, table);
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueLegal, ncaIssueLegal()));
    auto clean = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(clean);
    QVERIFY2(clean->ok, qPrintable(clean->problem));
    TIRKEU_VERIFY_OK(m_f->exec(sql));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after the search key was edited");
    QCOMPARE(report->badTable, table);
    QVERIFY(!report->badKey.isEmpty());
}

void TamperTest::droppedGuardTriggerIsFound_data() {
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("table");
    QTest::addColumn<bool>("disable"); // PostgreSQL: ALTER TABLE ... DISABLE TRIGGER instead of DROP
    QTest::newRow("certificates") << "certificates_der_immutable"
                                  << "certificates" << false;
    QTest::newRow("revocations") << "revocations_immutable"
                                 << "revocations" << false;
    QTest::newRow("audit_events") << "audit_events_immutable"
                                  << "audit_events" << false;
    QTest::newRow("retention") << "applications_retention"
                               << "applications" << false;
    QTest::newRow("retention policies") << "retention_policies_never_shorter"
                                        << "retention_policies" << false;
    QTest::newRow("disabled") << "certificates_status_released"
                              << "certificates" << true;
}

// Until session 27, audit verify said "intact" while a guard of the register was gone: the next change of a
// revocation or an event would be found only once it was made (if its row is bound at all), and a register
// whose guards were dropped looked like any other. Verify now compares the triggers with those Tirkeu's
// migrations create for the register's schema version (sqlite_master; pg_trigger on PostgreSQL, where a
// disabled trigger is as good as gone) and names the missing one.
void TamperTest::droppedGuardTriggerIsFound() {
    QFETCH(QString, trigger);
    QFETCH(QString, table);
    QFETCH(bool, disable);
    if (disable && !onPostgres())
        QSKIP("SQLite triggers cannot be disabled");
    if (disable)
        TIRKEU_VERIFY_OK(
            m_f->reg->db().execScript(QStringLiteral("ALTER TABLE %1 DISABLE TRIGGER %2").arg(table, trigger)));
    else
        TIRKEU_VERIFY_OK(m_f->dropTrigger(trigger, table));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, qPrintable(QStringLiteral("audit verify says intact without %1").arg(trigger)));
    QVERIFY2(report->problem.contains(trigger), qPrintable(report->problem));
    QVERIFY2(report->problem.contains(table), qPrintable(report->problem));
}

void TamperTest::intactRegisterVerifies() {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
#ifdef TIRKEU_AUDIT_ROW_BINDING
    // Every protected row was checked: 5 operators, 3 policies, 3 CAs, 1 override, 2 holders, 2 applications,
    // 4 history rows, 2 certificates, 1 revocation, 1 CRL, and the 2 applications' rules editions (migration 24).
    QCOMPARE(report->rowsChecked, qint64(26));
#endif
}

void TamperTest::replaceRewritesAreRefused_data() {
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

void TamperTest::replaceRewritesAreRefused() {
    QFETCH(QString, table);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    auto before = m_f->reg->db().exec(QStringLiteral("SELECT * FROM %1").arg(table));
    TIRKEU_VERIFY_OK(before);
    QStringList rowsBefore;
    while (before->next()) {
        QStringList cells;
        for (int i = 0; i < before->record().count(); ++i)
            cells << before->value(i).toString();
        rowsBefore << cells.join(u'|');
    }
    const QString sql = m_f->reg->db().engine() == Engine::Sqlite ? sqlite : postgres;
    Status s = m_f->exec(sql);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("accepted: %1").arg(sql)));
    auto after = m_f->reg->db().exec(QStringLiteral("SELECT * FROM %1").arg(table));
    TIRKEU_VERIFY_OK(after);
    QStringList rowsAfter;
    while (after->next()) {
        QStringList cells;
        for (int i = 0; i < after->record().count(); ++i)
            cells << after->value(i).toString();
        rowsAfter << cells.join(u'|');
    }
    QCOMPARE(rowsAfter, rowsBefore);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperTest::revokedCertificateCannotBecomeValid() {
    Status s = m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert});
    QVERIFY2(!s.ok(), "a revoked certificate became valid");
    QVERIFY2(s.message().contains(u"valid to revoked"), qPrintable(s.message()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
}

void TamperTest::retentionCannotBeShortened_data() {
    QTest::addColumn<QString>("sql");
    QTest::newRow("revoked certificate") << "UPDATE certificates SET retention_until = '2000-01-01T00:00:00.000Z' "
                                            "WHERE status = 'revoked'";
    QTest::newRow("application") << "UPDATE applications SET retention_until = '2000-01-01T00:00:00.000Z'";
    QTest::newRow("CRL record") << "UPDATE crls SET retention_until = '2000-01-01T00:00:00.000Z'";
    QTest::newRow("person") << "UPDATE persons SET retention_until = '2000-01-01T00:00:00.000Z'";
}

void TamperTest::retentionCannotBeShortened() {
    QFETCH(QString, sql);
    Status s = m_f->exec(sql);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("accepted: %1").arg(sql)));
    QVERIFY2(s.message().contains(u"cannot be shortened"), qPrintable(s.message()));
}

void TamperTest::sweepFlagCannotBeSetByHand() {
    Status s = m_f->exec(QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1"));
    QVERIFY2(!s.ok(), "the sweep flag was set outside the sweep");
    QVERIFY2(s.message().contains(u"sweep flag"), qPrintable(s.message()));
    Status d = m_f->exec(QStringLiteral("DELETE FROM maintenance"));
    QVERIFY2(!d.ok(), "the sweep flag row was deleted");
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sweep_active FROM maintenance WHERE id = 1")).toInt(), 0);
}

// The attack of item 2: shorten the retention, set the sweep flag, delete. Every step is refused.
void TamperTest::revokedCertificateAndRevocationCannotVanish() {
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

void TamperTest::flippedStatusIsFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperTest::replacedDerAndSubjectAreFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE certificates SET der = ?, subject = 'CN=FORGED' WHERE id = ?"),
                               {QByteArray::fromHex("300302010a"), m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperTest::vanishedRevocationIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM certificates WHERE id = ?"), {m_revokedCert}));
    // The first finding in the tables' order: the certificate (parents before children).
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperTest::changedRevocationReasonIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE revocations SET reason_code = 4, revoked_at = "
                                              "'2026-03-10T05:00:00.000Z' WHERE id = ?"),
                               {m_revocation}));
    expectFinding(QStringLiteral("revocations"), m_revocation);
}

void TamperTest::insertedRowIsFound() {
    // A certificate written straight into the register, not issued by Tirkeu.
    auto forged = m_f->insertCertificate(m_f->ncaId, QStringLiteral("7F00FF"), kIinAliya, m_f->clock.now());
    TIRKEU_VERIFY_OK(forged);
    expectFinding(QStringLiteral("certificates"), *forged);
}

void TamperTest::fakeArchiveBatchIsFound() {
    // A batch that claims events 1-3 went to an archive that does not exist, and the events removed.
    const QString hash3 = m_f->scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = 3")).toString();
    auto batch = m_f->reg->db().exec(
        QStringLiteral("INSERT INTO archive_batches (created_at, created_by, archive_file, manifest_sha256, counts, "
                       "audit_last_seq, audit_last_hash) VALUES ('2026-03-03T10:00:00.000Z', ?, "
                       "'tirkeu-archive-20260303T100000Z.jsonl', ?, '{\"audit_events\":3}', 3, ?)"),
        {m_f->admin.operatorId, QString(64, u'a'), hash3});
    TIRKEU_VERIFY_OK(batch);
    const qint64 id = batch->lastInsertId().toLongLong();
    dropTriggersOf(QStringLiteral("audit_events"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq <= 3")));
    expectFinding(QStringLiteral("archive_batches"), id);
}

void TamperTest::changedOperatorRoleIsFound() {
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE operators SET role = 'administrator' WHERE login = 'operator'")));
    expectFinding(QStringLiteral("operators"), m_f->operatorA.operatorId);
}

// Attack F18 (PostgreSQL, as the application role every workstation connects as): the operator's role is
// flipped to officer in the operators table, the operator approves an application through the register's
// own workflow, and the role is put back. The operators row is again what its last event bound, so only
// the role the chain gives the login at the approval finds it.
void TamperTest::eventByALoginWithoutTheRoleIsFound() {
    auto app = m_f->reg->applications().submit(m_f->officerB, kNca, kIssueInd,
                                               ncaIssueIndividual(kIinFifth, QStringLiteral("Ахметова")));
    TIRKEU_VERIFY_OK(app);
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE operators SET role = 'officer' WHERE login = 'operator'")));
    Session flipped = m_f->operatorA;
    flipped.role = Role::Officer; // what a sign-in now gives the login
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(flipped, *app));
    const qint64 approvedSeq = m_f->scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT event_type FROM audit_events WHERE seq = ?"), {approvedSeq}).toString(),
             QStringLiteral("application.approved"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE operators SET role = 'operator' WHERE login = 'operator'")));

    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after an operator approved an application");
    QCOMPARE(report->firstBadSeq, approvedSeq);
    for (const QString& named : {QString::number(approvedSeq), QStringLiteral("application.approved"),
                                 QStringLiteral("operator"), Roles::permissionName(Permission::DecideApplication)})
        QVERIFY2(report->problem.contains(named), qPrintable(report->problem));
}

// A disabled account's session doing an officer's work (its row set back to active for the action and
// disabled again) is found the same way.
void TamperTest::eventByADisabledLoginIsFound() {
    TIRKEU_VERIFY_OK(m_f->reg->operators().disable(m_f->admin, m_f->officerA.login));
    auto app = m_f->reg->applications().submit(m_f->officerB, kNca, kIssueInd,
                                               ncaIssueIndividual(kIinFifth, QStringLiteral("Ахметова")));
    TIRKEU_VERIFY_OK(app);
    // The register refuses a disabled account's write (AuditLog::actorMayWrite): someone with the file sets the row
    // back to active for the action, and disables it again.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerA, *app), ErrorCode::Forbidden);
    dropTriggersOf(QStringLiteral("operators"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE operators SET active = 1 WHERE login = ?"), {m_f->officerA.login}));
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *app));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE operators SET active = 0 WHERE login = ?"), {m_f->officerA.login}));
    const qint64 approvedSeq = m_f->scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a disabled account approved an application");
    QCOMPARE(report->firstBadSeq, approvedSeq);
    QVERIFY2(report->problem.contains(m_f->officerA.login), qPrintable(report->problem));
}

// The legitimate way: an administrator makes the operator an officer (operator.role_changed), the operator
// signs in again and approves, then is made an operator again and registers an application. Intact, and
// every event type of the register is one Roles::eventRule lists.
void TamperTest::roleChangedThroughTheRegisterStaysIntact() {
    auto app = m_f->reg->applications().submit(m_f->officerB, kNca, kIssueInd,
                                               ncaIssueIndividual(kIinFifth, QStringLiteral("Ахметова")));
    TIRKEU_VERIFY_OK(app);
    TIRKEU_VERIFY_OK(m_f->reg->operators().setRole(m_f->admin, m_f->operatorA.login, Role::Officer));
    auto promoted = m_f->reg->operators().signIn(m_f->operatorA.login, kPassword);
    TIRKEU_VERIFY_OK(promoted);
    QCOMPARE(promoted->role, Role::Officer);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(*promoted, *app));
    TIRKEU_VERIFY_OK(m_f->reg->operators().setRole(m_f->admin, m_f->operatorA.login, Role::Operator));
    auto back = m_f->reg->operators().signIn(m_f->operatorA.login, kPassword);
    TIRKEU_VERIFY_OK(back);
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(*back, kNca, kIssueInd,
                                                     ncaIssueIndividual(kIinThird, QStringLiteral("Бекова"))));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
}

// Attack of session 24 (F3's other half): a holder's e-mail, name or an organisation's name edited in the
// register file (the e-mail steers the holder's revocation notices) was not found by audit verify: the
// holders were not rows the event log binds (migration 21).
void TamperTest::changedHolderIsFound() {
    const qint64 person =
        m_f->scalar(QStringLiteral("SELECT min(id) FROM persons WHERE email IS NOT NULL")).toLongLong();
    QVERIFY(person > 0);
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = ?"), {person}));
    expectFinding(QStringLiteral("persons"), person);
}

// Attack F1: row hashes hold no secret, so an attacker who can write the file deletes a revocation, sets
// its certificate back to valid and appends an event (computed as Tirkeu would) that re-binds both rows.
void TamperTest::forgedEventDeletingARevocationIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    recordRows(*m_f, QStringLiteral("certificate.revoked"),
               {QStringLiteral("certificates"), QStringLiteral("revocations")}, {m_revokedCert, m_revocation});
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a forged event deleted a revocation");
    QVERIFY2(report->problem.contains(QStringLiteral("forged")) &&
                 report->problem.contains(QStringLiteral("revocations")),
             qPrintable(report->problem));
}

// The same without deleting: the certificate alone is set back to valid and re-bound by a forged event;
// its revocation record still exists and now disagrees with it.
void TamperTest::forgedEventRebindingAStatusIsFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    recordRows(*m_f, QStringLiteral("certificate.issued"), {QStringLiteral("certificates")}, {m_revokedCert});
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a forged event re-bound a certificate as valid");
    QCOMPARE(report->badTable, QStringLiteral("certificates"));
    QCOMPARE(report->badKey, QString::number(m_revokedCert));
    QVERIFY2(report->problem.contains(QStringLiteral("7F0002")), qPrintable(report->problem));
}

// Attack of session 25 (F2): a forged event typed retention.sweep (by a login allowed to sweep) re-bound a holder's
// changed e-mail, and audit verify said intact. A sweep only deletes and carries rows as they were recorded.
void TamperTest::forgedSweepRebindingARowIsFound() {
    const qint64 person =
        m_f->scalar(QStringLiteral("SELECT min(id) FROM persons WHERE email IS NOT NULL")).toLongLong();
    QVERIFY(person > 0);
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = ?"), {person}));
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(m_f->reg->audit().append(m_f->admin.login, QStringLiteral("register"),
                                                  QStringLiteral("retention.sweep"), {},
                                                  {RowRef::row(QStringLiteral("persons"), person)}));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a forged sweep re-bound a changed holder");
    QVERIFY2(report->problem.contains(QStringLiteral("retention.sweep")) &&
                 report->problem.contains(QStringLiteral("forged")),
             qPrintable(report->problem));
}

// Attack of session 25 (F2, its second script): a holder's e-mail changed, then one forged event of an unrelated
// type (here a failed sign-in, written for anyone) re-bound the person row with its new hash, and audit verify said
// intact — the next revocation notice went to the attacker. Only the kinds of event that change a table bind its
// rows; the register's own binding (audit.rows_bound) binds rows no event recorded before, never new content.
void TamperTest::forgedEventOfAnotherKindRebindingARowIsFound_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("login");
    QTest::newRow("failed sign-in") << QStringLiteral("operator.signin_failed") << QStringLiteral("nobody");
    QTest::newRow("CRL published") << QStringLiteral("crl.published") << QStringLiteral("officer_a");
    QTest::newRow("register's own binding") << QStringLiteral("audit.rows_bound") << Roles::systemLogin();
}

void TamperTest::forgedEventOfAnotherKindRebindingARowIsFound() {
    QFETCH(QString, type);
    QFETCH(QString, login);
    const qint64 person =
        m_f->scalar(QStringLiteral("SELECT min(id) FROM persons WHERE email IS NOT NULL")).toLongLong();
    QVERIFY(person > 0);
    auto before = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(before);
    TIRKEU_VERIFY_INTACT(before);
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = ?"), {person}));
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(m_f->reg->audit().append(login == u"officer_a" ? m_f->officerA.login : login,
                                                  QStringLiteral("x"), type, {},
                                                  {RowRef::row(QStringLiteral("persons"), person)}));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, qPrintable(QStringLiteral("audit verify says intact after a forged %1 event re-bound a "
                                                    "changed holder")
                                         .arg(type)));
    QVERIFY2(report->problem.contains(type) && report->problem.contains(QStringLiteral("forged")),
             qPrintable(report->problem));
}

// Attack of session 25 (F15): a rules file inserted into the register became the rules in force ("loaded by
// admin"), and nothing noticed. rules_files is bound now: an inserted file is found by audit verify, a loaded
// one cannot be changed or deleted.
void TamperTest::insertedOrChangedRulesFileIsFoundOrRefused() {
    const QByteArray content = RulesBook::builtIn().content;
    auto loaded = m_f->reg->rules().load(
        m_f->admin, QByteArray(content).replace(RulesBook::builtIn().version.toUtf8(), "2026-official"));
    TIRKEU_VERIFY_OK(loaded);
    const qint64 id = m_f->scalar(QStringLiteral("SELECT max(id) FROM rules_files")).toLongLong();
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("UPDATE rules_files SET content = '{}' WHERE id = ?"), {id}),
                        ErrorCode::Database);
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("DELETE FROM rules_files WHERE id = ?"), {id}), ErrorCode::Database);
    auto intact = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(intact);
    QVERIFY2(intact->ok, qPrintable(intact->problem));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("INSERT INTO rules_files (version, sha256, content, loaded_at, loaded_by) "
                                 "VALUES ('2026-forged', 'x', ?, '2026-03-03T00:00:00.000Z', ?)"),
                  {QString::fromUtf8(content), m_f->admin.operatorId}));
    expectFinding(QStringLiteral("rules_files"),
                  m_f->scalar(QStringLiteral("SELECT max(id) FROM rules_files")).toLongLong());
}

void TamperTest::rulesAppliedRowsAreProtectedAndBound_data() {
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("refused"); // by the database while its triggers are there
    QTest::newRow("edition changed")
        << "UPDATE rules_applied SET rules_version = 'long@2010-12-30' WHERE record = 'application' AND record_id = %1"
        << "application:%1" << true;
    QTest::newRow("deleted") << "DELETE FROM rules_applied WHERE record = 'application' AND record_id = %1"
                             << "application:%1" << true;
    QTest::newRow("inserted") << "INSERT INTO rules_applied (record, record_id, rules_version, recorded_at) VALUES "
                                 "('certificate', %2, 'long@2010-12-30', '2026-03-03T00:00:00.000Z')"
                              << "certificate:%2" << false;
}

// The rest of F15 (attack of session 25): which edition of the legal rules each record was handled under
// (rules_applied: the retention sweep keeps a record for its edition's period) was neither guarded nor bound. Its
// rows are never changed and deleted only by the sweep (migration 24), and each is bound to the event that wrote
// it (key "record:id"): a row inserted, changed or deleted with the triggers dropped is found by audit verify.
void TamperTest::rulesAppliedRowsAreProtectedAndBound() {
    QFETCH(QString, sql);
    QFETCH(QString, key);
    QFETCH(bool, refused);
    sql = sql.replace(QStringLiteral("%1"), QString::number(m_application))
              .replace(QStringLiteral("%2"), QString::number(m_validCert));
    key = key.replace(QStringLiteral("%1"), QString::number(m_application))
              .replace(QStringLiteral("%2"), QString::number(m_validCert));
    QCOMPARE(m_f->count(QStringLiteral("rules_applied WHERE record = 'application'")), qint64(2));
    auto intact = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(intact);
    QVERIFY2(intact->ok, qPrintable(intact->problem));
    if (refused) {
        const QString before =
            m_f->scalar(QStringLiteral("SELECT rules_version FROM rules_applied WHERE record = 'application' AND "
                                       "record_id = ?"),
                        {m_application})
                .toString();
        const Status s = m_f->exec(sql);
        TIRKEU_VERIFY_ERROR(s, ErrorCode::Database);
        QVERIFY2(s.message().contains(QStringLiteral("rules:")), qPrintable(s.message()));
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT rules_version FROM rules_applied WHERE record = 'application' "
                                            "AND record_id = ?"),
                             {m_application})
                     .toString(),
                 before);
        auto still = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(still);
        QVERIFY2(still->ok, qPrintable(still->problem));
        dropTriggersOf(QStringLiteral("rules_applied"));
    }
    TIRKEU_VERIFY_OK(m_f->exec(sql));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after rules_applied was edited");
    QCOMPARE(report->badTable, QStringLiteral("rules_applied"));
    QCOMPARE(report->badKey, key);
    QVERIFY2(report->problem.contains(QStringLiteral("rules_applied")), qPrintable(report->problem));
}

// The rest of F19: lower retention policies shorten every retention the register and its guards compute. They
// only grow (migration 24; Retention::setPolicy says so), and a policy lowered with the triggers dropped is found.
void TamperTest::retentionPoliciesCannotBeLowered() {
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

void TamperTest::applicationRoleCannotTruncateOrChangeTheSchema_data() {
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
void TamperTest::applicationRoleCannotTruncateOrChangeTheSchema() {
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

TIRKEU_TEST_GUILESS_MAIN(TamperTest)
#include "tst_tamper.moc"
