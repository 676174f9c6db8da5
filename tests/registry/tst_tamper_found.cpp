// The tamper suite (issue 12, "What an attack test found", items 2-4), the attacks AuditLog::verify() finds: the
// attacker first drops the triggers, as the owner of a SQLite file can (or of the PostgreSQL tables), or forges
// events computed as Tirkeu would, and verify names the damaged row. The attacks the database refuses with its
// triggers in place: tst_tamper_refused (both share the scene of TamperTestSupport.h). Runs on SQLite and
// (registry.tst_tamper_found.pg) on PostgreSQL.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/RulesBook.h"
#include "registry/TamperTestSupport.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TamperFoundTest : public QObject, HandWrittenRowsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createScene(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

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
    // Attack of session 25, the rest of F15 (migration 24).
    void rulesAppliedRowsAreProtectedAndBound_data();
    void rulesAppliedRowsAreProtectedAndBound();
    // Migration 15: a search key edited by hand hides a holder from the name search.
    void editedSearchKeyIsFound_data();
    void editedSearchKeyIsFound();
    // Attack of session 27: a guard trigger dropped (or disabled) and nothing else changed yet.
    void droppedGuardTriggerIsFound_data();
    void droppedGuardTriggerIsFound();

private:
    // The first holder with an e-mail address (0: none).
    qint64 holderWithEmail() {
        return m_f->scalar(QStringLiteral("SELECT min(id) FROM persons WHERE email IS NOT NULL")).toLongLong();
    }
    // The holder's e-mail address (where the revocation notices go) changed in the register by hand.
    Status redirectEmail(qint64 person) {
        return m_f->exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = ?"), {person});
    }
};

void TamperFoundTest::flippedStatusIsFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperFoundTest::replacedDerAndSubjectAreFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE certificates SET der = ?, subject = 'CN=FORGED' WHERE id = ?"),
                               {QByteArray::fromHex("300302010a"), m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperFoundTest::vanishedRevocationIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM certificates WHERE id = ?"), {m_revokedCert}));
    // The first finding in the tables' order: the certificate (parents before children).
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperFoundTest::changedRevocationReasonIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE revocations SET reason_code = 4, revoked_at = "
                                              "'2026-03-10T05:00:00.000Z' WHERE id = ?"),
                               {m_revocation}));
    expectFinding(QStringLiteral("revocations"), m_revocation);
}

void TamperFoundTest::insertedRowIsFound() {
    // A certificate written straight into the register, not issued by Tirkeu.
    auto forged = m_f->insertCertificate(m_f->ncaId, QStringLiteral("7F00FF"), kIinAliya, m_f->clock.now());
    TIRKEU_VERIFY_OK(forged);
    expectFinding(QStringLiteral("certificates"), *forged);
}

void TamperFoundTest::fakeArchiveBatchIsFound() {
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

void TamperFoundTest::changedOperatorRoleIsFound() {
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE operators SET role = 'administrator' WHERE login = 'operator'")));
    expectFinding(QStringLiteral("operators"), m_f->operatorA.operatorId);
}

// Attack F18 (PostgreSQL, as the application role every workstation connects as): the operator's role is
// flipped to officer in the operators table, the operator approves an application through the register's
// own workflow, and the role is put back. The operators row is again what its last event bound, so only
// the role the chain gives the login at the approval finds it.
void TamperFoundTest::eventByALoginWithoutTheRoleIsFound() {
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
void TamperFoundTest::eventByADisabledLoginIsFound() {
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
void TamperFoundTest::roleChangedThroughTheRegisterStaysIntact() {
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
void TamperFoundTest::changedHolderIsFound() {
    const qint64 person = holderWithEmail();
    QVERIFY(person > 0);
    TIRKEU_VERIFY_OK(redirectEmail(person));
    expectFinding(QStringLiteral("persons"), person);
}

// Attack F1: row hashes hold no secret, so an attacker who can write the file deletes a revocation, sets
// its certificate back to valid and appends an event (computed as Tirkeu would) that re-binds both rows.
void TamperFoundTest::forgedEventDeletingARevocationIsFound() {
    dropTriggersOf(QStringLiteral("revocations"));
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    recordRows(*m_f, QStringLiteral("certificate.revoked"),
               {QStringLiteral("certificates"), QStringLiteral("revocations")}, {m_revokedCert, m_revocation});
    expectProblem(QStringLiteral("audit verify says intact after a forged event deleted a revocation"),
                  {QStringLiteral("forged"), QStringLiteral("revocations")});
}

// The same without deleting: the certificate alone is set back to valid and re-bound by a forged event;
// its revocation record still exists and now disagrees with it.
void TamperFoundTest::forgedEventRebindingAStatusIsFound() {
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
void TamperFoundTest::forgedSweepRebindingARowIsFound() {
    const qint64 person = holderWithEmail();
    QVERIFY(person > 0);
    TIRKEU_VERIFY_OK(redirectEmail(person));
    forgeEvent(*m_f, m_f->admin.login, QStringLiteral("register"), QStringLiteral("retention.sweep"),
               {RowRef::row(QStringLiteral("persons"), person)});
    expectProblem(QStringLiteral("audit verify says intact after a forged sweep re-bound a changed holder"),
                  {QStringLiteral("retention.sweep"), QStringLiteral("forged")});
}

// Attack of session 25 (F2, its second script): a holder's e-mail changed, then one forged event of an unrelated
// type (here a failed sign-in, written for anyone) re-bound the person row with its new hash, and audit verify said
// intact — the next revocation notice went to the attacker. Only the kinds of event that change a table bind its
// rows; the register's own binding (audit.rows_bound) binds rows no event recorded before, never new content.
void TamperFoundTest::forgedEventOfAnotherKindRebindingARowIsFound_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("login");
    QTest::newRow("failed sign-in") << QStringLiteral("operator.signin_failed") << QStringLiteral("nobody");
    QTest::newRow("CRL published") << QStringLiteral("crl.published") << QStringLiteral("officer_a");
    QTest::newRow("register's own binding") << QStringLiteral("audit.rows_bound") << Roles::systemLogin();
}

void TamperFoundTest::forgedEventOfAnotherKindRebindingARowIsFound() {
    QFETCH(QString, type);
    QFETCH(QString, login);
    const qint64 person = holderWithEmail();
    QVERIFY(person > 0);
    auto before = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(before);
    TIRKEU_VERIFY_INTACT(before);
    TIRKEU_VERIFY_OK(redirectEmail(person));
    forgeEvent(*m_f, login == u"officer_a" ? m_f->officerA.login : login, QStringLiteral("x"), type,
               {RowRef::row(QStringLiteral("persons"), person)});
    expectProblem(
        QStringLiteral("audit verify says intact after a forged %1 event re-bound a changed holder").arg(type),
        {type, QStringLiteral("forged")});
}

// Attack of session 25 (F15): a rules file inserted into the register became the rules in force ("loaded by
// admin"), and nothing noticed. rules_files is bound now: an inserted file is found by audit verify, a loaded
// one cannot be changed or deleted.
void TamperFoundTest::insertedOrChangedRulesFileIsFoundOrRefused() {
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

void TamperFoundTest::rulesAppliedRowsAreProtectedAndBound_data() {
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
void TamperFoundTest::rulesAppliedRowsAreProtectedAndBound() {
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

void TamperFoundTest::editedSearchKeyIsFound_data() {
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

void TamperFoundTest::editedSearchKeyIsFound() {
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

void TamperFoundTest::droppedGuardTriggerIsFound_data() {
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
void TamperFoundTest::droppedGuardTriggerIsFound() {
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
    expectProblem(QStringLiteral("audit verify says intact without %1").arg(trigger), {trigger, table});
}

TIRKEU_TEST_GUILESS_MAIN(TamperFoundTest)
#include "tst_tamper_found.moc"
