// The tamper-evident event log (seed 001; SPEC.md §3): every event hashes the one before it, the
// database refuses changes, and verify() finds an attacker who goes around the database's triggers —
// naming the first broken row. Daily anchors record each finished day's chain head for publication.

#include "AuditTestSupport.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/CalendarService.h"
#include "registry/Database.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMutex>
#include <QObject>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

using namespace tirkeu::test::audit;

class AuditTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyEventLinksToThePreviousOne();
    void verifyIsOkOnBusyRegister();
    void cancelledVerificationGivesNoVerdict();
    void updateAndDeleteAreRefusedByTheDatabase();
    void alteredEventIsFoundAtItsRow_data();
    void alteredEventIsFoundAtItsRow();
    void alteredEventWithRecomputedHashBreaksTheNextLink();
    void rewrittenChainIsCaughtByTheDailyAnchor();
    void deletedEventIsFoundAtItsRow();
    void deletedRunOfEventsIsFoundAtItsFirstRow();
    void deletedLastEventsCoveredByAnchorAreFound();
    void dailyAnchorRecordsEachFinishedDay();
    void anchorDayFollowsKazakhstanTime();
    void exportAnchorPublishesHeadHash();
    void concurrentWritersKeepOneChain();
    void eventsOfOneCallerFollowTheirOwnHead();
    void existingRowsAreBoundInParts();
    void eventNumbersNeverWrapRound();

private:
    // Drops the triggers that guard audit_events: what someone with the file and an SQLite shell can do.
    void dropGuards();

    RegistryFixture m_template;
    qint64 m_day1LastSeq = 0; // the last event of 2026-03-02
    qint64 m_lastSeq = 0;     // the last event of 2026-03-03
    std::unique_ptr<RegistryFixture> m_f;
};

void AuditTest::initTestCase() {
    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error)); // 8 events: staff and CAs
    Applications& apps = t.reg->applications();

    // Day 1, Monday 2026-03-02: counter work and decisions.
    t.clock.set(almaty(2026, 3, 2, 10));
    auto a1 = apps.submit(t.operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(a1);
    auto a2 = apps.submit(t.operatorA, kNca, kIssueInd,
                          ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    TIRKEU_VERIFY_OK(a2);
    t.clock.set(almaty(2026, 3, 2, 15));
    TIRKEU_VERIFY_OK(apps.approve(t.officerA, *a1));
    TIRKEU_VERIFY_OK(apps.reject(t.officerB, *a2, QStringLiteral("NCA-FORM-INCORRECT"), QStringLiteral("Қолы жоқ")));
    m_day1LastSeq = t.count(QStringLiteral("audit_events"));
    QCOMPARE(m_day1LastSeq, qint64(12));

    // Day 2, Tuesday 2026-03-03.
    t.clock.set(almaty(2026, 3, 3, 9, 30));
    auto a3 = apps.submit(t.operatorA, kGov, kGovIssue, govIssue());
    TIRKEU_VERIFY_OK(a3);
    TIRKEU_VERIFY_OK(apps.approve(t.officerB, *a3));
    TIRKEU_VERIFY_OK(apps.markDone(t.officerB, *a1));
    TIRKEU_VERIFY_OK(t.reg->calendar().set(t.admin, QDate(2026, 12, 31), false, QStringLiteral("Үкімет қаулысы")));
    auto a4 = apps.submit(t.officerA, kNca, kIssueLegal, ncaIssueLegal());
    TIRKEU_VERIFY_OK(a4);
    m_lastSeq = t.count(QStringLiteral("audit_events"));
    QCOMPARE(m_lastSeq, qint64(17));
}

void AuditTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 3, 17)), qPrintable(m_f->error));
}

void AuditTest::cleanup() {
    m_f.reset();
}

// Binding existing rows at an upgrade writes events of at most N rows (a national register's holders in one
// event would be a row of hundreds of megabytes): the parts are numbered, every row is bound, the chain
// verifies, and a holder changed afterwards is found.
void AuditTest::existingRowsAreBoundInParts() {
    const qint64 rows = m_f->count(QStringLiteral("persons")) + m_f->count(QStringLiteral("organisations"));
    QVERIFY(rows >= 3);
    const qint64 before = m_f->count(QStringLiteral("audit_events"));
    TIRKEU_VERIFY_OK(m_f->reg->audit().bindExistingRows(
        QStringLiteral("system"), {QStringLiteral("persons"), QStringLiteral("organisations")}, 2));
    const qint64 parts = (rows + 1) / 2;
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), before + parts);
    auto q = m_f->reg->db().exec(
        QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'audit.rows_bound' ORDER BY seq"));
    TIRKEU_VERIFY_OK(q);
    int part = 0;
    qint64 bound = 0;
    while (q->next()) {
        const QJsonObject d = QJsonDocument::fromJson(q->value(0).toString().toUtf8()).object();
        QCOMPARE(d.value(QStringLiteral("part")).toInt(), ++part);
        QVERIFY(d.value(QStringLiteral("rows")).toArray().size() <= 2);
        bound += d.value(QStringLiteral("rows")).toArray().size();
    }
    QCOMPARE(qint64(part), parts);
    QCOMPARE(bound, rows);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = "
                                              "(SELECT max(id) FROM persons)")));
    report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->badTable, QStringLiteral("persons"));
}

// Attack of session 25 (F21): one event inserted outside Tirkeu with the last number of the range made the next
// append wrap round to a negative number and every write after it collide. The writer refuses instead.
void AuditTest::eventNumbersNeverWrapRound() {
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral(
        "INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, retention_until, prev_hash, "
        "hash) VALUES (9223372036854775807, '2026-03-03T12:00:00.000Z', 'x', 'x', 'x', '{}', "
        "'2099-01-01T00:00:00.000Z', 'p', 'forged-head')")));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    const qint64 applications = m_f->count(QStringLiteral("applications"));
    auto refused = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd,
                                                   ncaIssueIndividual(kIinThird, QStringLiteral("Әбішев")));
    TIRKEU_VERIFY_ERROR(refused, ErrorCode::Integrity);
    QVERIFY2(refused.message().contains(QStringLiteral("9223372036854775807")), qPrintable(refused.message()));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->count(QStringLiteral("applications")), applications);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE seq < 0")).toLongLong(), qint64(0));
}

void AuditTest::dropGuards() {
    TIRKEU_VERIFY_OK(m_f->dropTrigger(QStringLiteral("audit_events_immutable"), QStringLiteral("audit_events")));
    TIRKEU_VERIFY_OK(m_f->dropTrigger(QStringLiteral("audit_events_retention"), QStringLiteral("audit_events")));
}

void AuditTest::everyEventLinksToThePreviousOne() {
    const QList<Row> all = rows(*m_f);
    QCOMPARE(all.size(), int(m_lastSeq));
    QString previous = QString(64, u'0');
    QCOMPARE(AuditLog::genesisHash(), previous);
    QSet<QString> seen;
    for (int i = 0; i < all.size(); ++i) {
        const Row& r = all.at(i);
        QCOMPARE(r.seq, qint64(i + 1));
        QCOMPARE(r.prevHash, previous); // prev_hash of n == hash of n-1 (genesis for the first)
        QCOMPARE(r.hash, expectedHash(r));
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(r.hash).hasMatch());
        QVERIFY(!seen.contains(r.hash));
        seen.insert(r.hash);
        previous = r.hash;
    }
    // The events say what happened, by whom, about whom.
    QCOMPARE(all.at(0).type, QStringLiteral("operator.first_administrator"));
    QCOMPARE(all.at(8).type, QStringLiteral("application.registered"));
    QCOMPARE(all.at(8).op, QStringLiteral("operator"));
    QCOMPARE(all.at(8).subject, kIinAliya);
    // Event log kept one year (the event-log period) after the event.
    QCOMPARE(fromDbTime(all.at(8).retention), fromDbTime(all.at(8).ts).addYears(1));
}

void AuditTest::verifyIsOkOnBusyRegister() {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QCOMPARE(report->eventsChecked, m_lastSeq);
    QCOMPARE(report->anchorsChecked, qint64(1)); // the anchor of 2026-03-02
    QCOMPARE(report->firstBadSeq, qint64(0));
    QVERIFY(report->problem.isEmpty());

    // More work on later days keeps it verifiable, anchors included.
    m_f->clock.set(almaty(2026, 3, 5, 10));
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFifth)));
    report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QCOMPARE(report->eventsChecked, m_lastSeq + 1);
    QCOMPARE(report->anchorsChecked, qint64(2));
}

void AuditTest::cancelledVerificationGivesNoVerdict() {
    // Progress names the steps and counts the events against the total.
    QStringList steps;
    RunControl control;
    AuditVerifyOptions options;
    options.control = &control;
    control.progress = [&](qint64 done, qint64 total, const QString& text) {
        steps << QStringLiteral("%1/%2 %3").arg(done).arg(total).arg(text);
    };
    auto report = m_f->reg->audit().verify(m_f->auditor, options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QVERIFY(!report->cancelled);
    QCOMPARE(steps.first(), QStringLiteral("0/%1 Checking the hash chain: 0 of %1 events…").arg(m_lastSeq));
    QVERIFY2(steps.join(u'|').contains(QStringLiteral("Checking the recorded rows")), qPrintable(steps.join(u'|')));

    // Stopped: never "intact", whether the log is sound or not, and the report says it was stopped.
    control.cancelled = [] { return true; };
    report = m_f->reg->audit().verify(m_f->auditor, options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QVERIFY(report->cancelled);
    QCOMPARE(report->firstBadSeq, qint64(0));
    QVERIFY2(report->problem.contains(QStringLiteral("no verdict")), qPrintable(report->problem));
    // Stopped after the chain: the rows were not all checked, still no verdict.
    int asked = 0;
    control.cancelled = [&] { return ++asked > 1; };
    report = m_f->reg->audit().verify(m_f->auditor, options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY(report->cancelled);
    QVERIFY(!report->ok);
    // A later run without a cancel gives the verdict again.
    report = m_f->reg->audit().verify(m_f->auditor);
    TIRKEU_VERIFY_OK(report);
    QVERIFY(report->ok);
}

void AuditTest::updateAndDeleteAreRefusedByTheDatabase() {
    const QList<Row> before = rows(*m_f);
    const QStringList attempts = {
        QStringLiteral("UPDATE audit_events SET details = '{\"application\":99}' WHERE seq = 9"),
        QStringLiteral("UPDATE audit_events SET hash = hash WHERE seq = 9"),
        QStringLiteral("UPDATE audit_events SET operator = 'intruder'"),
    };
    for (const QString& sql : attempts) {
        Status s = m_f->exec(sql);
        QVERIFY2(!s.ok(), qPrintable(sql));
        QVERIFY2(s.message().contains(u"audit: events cannot be changed"), qPrintable(s.message()));
    }
    for (const QString& sql :
         {QStringLiteral("DELETE FROM audit_events WHERE seq = 9"),
          QStringLiteral("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)"),
          QStringLiteral("DELETE FROM audit_events")}) {
        Status s = m_f->exec(sql);
        QVERIFY2(!s.ok(), qPrintable(sql));
        QVERIFY2(s.message().contains(u"retention: an audit event cannot be deleted"), qPrintable(s.message()));
    }
    // The anchors are guarded the same way.
    Status a = m_f->exec(QStringLiteral("UPDATE audit_anchors SET head_hash = 'x'"));
    QVERIFY(!a.ok());
    QVERIFY2(a.message().contains(u"audit: anchors cannot be changed"), qPrintable(a.message()));
    a = m_f->exec(QStringLiteral("DELETE FROM audit_anchors"));
    QVERIFY(!a.ok());
    QVERIFY2(a.message().contains(u"audit: anchors cannot be deleted"), qPrintable(a.message()));

    const QList<Row> after = rows(*m_f);
    QCOMPARE(after.size(), before.size());
    for (int i = 0; i < after.size(); ++i) {
        QCOMPARE(after.at(i).details, before.at(i).details);
        QCOMPARE(after.at(i).op, before.at(i).op);
        QCOMPARE(after.at(i).hash, before.at(i).hash);
    }
    QCOMPARE(m_f->count(QStringLiteral("audit_anchors")), qint64(1));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void AuditTest::alteredEventIsFoundAtItsRow_data() {
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("value");
    QTest::newRow("details") << qint64(9) << QStringLiteral("details") << QStringLiteral("{\"application\":99}");
    QTest::newRow("operator") << qint64(10) << QStringLiteral("operator") << QStringLiteral("officer.b");
    QTest::newRow("subject") << qint64(9) << QStringLiteral("subject") << kIinSecond;
    QTest::newRow("event type") << qint64(11) << QStringLiteral("event_type") << QStringLiteral("application.rejected");
    QTest::newRow("time") << qint64(14) << QStringLiteral("ts") << QStringLiteral("2026-03-03T04:30:00.001Z");
    QTest::newRow("retention") << qint64(3) << QStringLiteral("retention_until")
                               << QStringLiteral("2031-03-02T04:00:00.000Z");
    QTest::newRow("previous hash") << qint64(15) << QStringLiteral("prev_hash") << QString(64, u'a');
    QTest::newRow("first event") << qint64(1) << QStringLiteral("operator") << QStringLiteral("intruder");
    QTest::newRow("last event") << qint64(17) << QStringLiteral("details") << QStringLiteral("{}");
    QTest::newRow("anchored event") << qint64(12) << QStringLiteral("details") << QStringLiteral("{}");
}

void AuditTest::alteredEventIsFoundAtItsRow() {
    QFETCH(qint64, seq);
    QFETCH(QString, column);
    QFETCH(QString, value);
    const QString before =
        m_f->scalar(QStringLiteral("SELECT %1 FROM audit_events WHERE seq = ?").arg(column), {seq}).toString();
    QVERIFY2(before != value, "the test must really change the row");
    dropGuards();
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE audit_events SET %1 = ? WHERE seq = ?").arg(column), {value, seq}));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT %1 FROM audit_events WHERE seq = ?").arg(column), {seq}).toString(),
             value);

    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report); // verifying worked; what it found is in the report
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, seq);
    QCOMPARE(report->eventsChecked, seq - 1);
    QVERIFY2(names(report->problem, seq), qPrintable(report->problem));
}

void AuditTest::alteredEventWithRecomputedHashBreaksTheNextLink() {
    dropGuards();
    QList<Row> all = rows(*m_f);
    Row r = all.at(8); // seq 9
    r.details = QStringLiteral("{\"application\":1,\"ca\":\"NCA-RSA\",\"consent\":false,\"form\":\"NCA-ISSUE-IND\"}");
    r.hash = expectedHash(r);
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE audit_events SET details = ?, hash = ? WHERE seq = 9"), {r.details, r.hash}));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, qint64(10));
    QVERIFY2(names(report->problem, 10), qPrintable(report->problem));
}

void AuditTest::rewrittenChainIsCaughtByTheDailyAnchor() {
    // The attacker rewrites event 9 and re-hashes everything after it: every link is consistent again,
    // but the anchor of 2026-03-02 (published) still names the original head of that day.
    dropGuards();
    QList<Row> all = rows(*m_f);
    all[8].details =
        QStringLiteral("{\"application\":1,\"ca\":\"NCA-RSA\",\"consent\":false,\"form\":\"NCA-ISSUE-IND\"}");
    for (int i = 8; i < all.size(); ++i) {
        all[i].prevHash = all.at(i - 1).hash;
        all[i].hash = expectedHash(all.at(i));
    }
    // Rewritten from the end so that the UNIQUE hash column never sees a duplicate mid-way.
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE audit_events SET hash = 'old-' || hash WHERE seq >= 9")));
    for (int i = 8; i < all.size(); ++i)
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? "
                                                  "WHERE seq = ?"),
                                   {all.at(i).details, all.at(i).prevHash, all.at(i).hash, all.at(i).seq}));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, m_day1LastSeq);
    QVERIFY2(report->problem.contains(u"anchor"), qPrintable(report->problem));
    QVERIFY2(names(report->problem, m_day1LastSeq), qPrintable(report->problem));
}

void AuditTest::deletedEventIsFoundAtItsRow() {
    dropGuards();
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 9")));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, qint64(9));
    QVERIFY2(names(report->problem, 9), qPrintable(report->problem));
    QVERIFY2(report->problem.contains(u"missing"), qPrintable(report->problem));
}

void AuditTest::deletedRunOfEventsIsFoundAtItsFirstRow() {
    dropGuards();
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq BETWEEN 1 AND 3")));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, qint64(1));
    QVERIFY2(names(report->problem, 1) && names(report->problem, 3), qPrintable(report->problem));
}

void AuditTest::deletedLastEventsCoveredByAnchorAreFound() {
    // The next morning the finished day is anchored; then someone deletes the day's last events, which
    // leaves no gap in the chain: only the anchor can tell.
    m_f->clock.set(almaty(2026, 3, 4, 8));
    auto anchored = m_f->reg->audit().anchorCompletedDays();
    TIRKEU_VERIFY_OK(anchored);
    QCOMPARE(*anchored, 1);
    dropGuards();
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq >= ?"), {m_lastSeq - 1}));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), m_lastSeq - 2);

    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, m_lastSeq - 1);
    QVERIFY2(names(report->problem, m_lastSeq - 1), qPrintable(report->problem));
    QVERIFY2(report->problem.contains(u"missing"), qPrintable(report->problem));

    // Deleting the anchored day's very last event alone is found as well.
    RegistryFixture g;
    QVERIFY2(g.copyOf(m_template, almaty(2026, 3, 4, 8)), qPrintable(g.error));
    TIRKEU_VERIFY_OK(g.reg->audit().anchorCompletedDays());
    TIRKEU_VERIFY_OK(g.dropTrigger(QStringLiteral("audit_events_retention"), QStringLiteral("audit_events")));
    TIRKEU_VERIFY_OK(g.exec(QStringLiteral("DELETE FROM audit_events WHERE seq = ?"), {m_lastSeq}));
    report = g.reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->firstBadSeq, m_lastSeq);
    QVERIFY2(names(report->problem, m_lastSeq), qPrintable(report->problem));
}

void AuditTest::dailyAnchorRecordsEachFinishedDay() {
    const QList<Row> all = rows(*m_f);
    auto anchors = m_f->reg->audit().anchors();
    TIRKEU_VERIFY_OK(anchors);
    // Day 1 was anchored by the first event of day 2; day 2 is not finished yet.
    QCOMPARE(anchors->size(), 1);
    QCOMPARE(anchors->at(0).day, QDate(2026, 3, 2));
    QCOMPARE(anchors->at(0).lastSeq, m_day1LastSeq);
    QCOMPARE(anchors->at(0).headHash, all.at(m_day1LastSeq - 1).hash);
    QCOMPARE(anchors->at(0).events, m_day1LastSeq);

    // Nothing happens on Wednesday; on Thursday the Tuesday is anchored, and only once.
    m_f->clock.set(almaty(2026, 3, 5, 9));
    auto n = m_f->reg->audit().anchorCompletedDays();
    TIRKEU_VERIFY_OK(n);
    QCOMPARE(*n, 1);
    n = m_f->reg->audit().anchorCompletedDays();
    TIRKEU_VERIFY_OK(n);
    QCOMPARE(*n, 0);
    anchors = m_f->reg->audit().anchors();
    TIRKEU_VERIFY_OK(anchors);
    QCOMPARE(anchors->size(), 2);
    QCOMPARE(anchors->at(1).day, QDate(2026, 3, 3));
    QCOMPARE(anchors->at(1).lastSeq, m_lastSeq);
    QCOMPARE(anchors->at(1).headHash, all.constLast().hash);
    QCOMPARE(anchors->at(1).events, m_lastSeq - m_day1LastSeq);
    auto wednesday = m_f->reg->audit().anchors(QDate(2026, 3, 4), QDate(2026, 3, 4));
    TIRKEU_VERIFY_OK(wednesday);
    QVERIFY(wednesday->isEmpty());
    auto range = m_f->reg->audit().anchors(QDate(2026, 3, 3), QDate(2026, 3, 31));
    TIRKEU_VERIFY_OK(range);
    QCOMPARE(range->size(), 1);
}

void AuditTest::anchorDayFollowsKazakhstanTime() {
    // 23:30 in Almaty is still the same day there; 00:30 is the next day although UTC has not turned.
    m_f->clock.set(almaty(2026, 3, 3, 23, 30));
    TIRKEU_VERIFY_OK(m_f->reg->calendar().set(m_f->admin, QDate(2026, 12, 30), false, QStringLiteral("late")));
    const qint64 lateTuesday = m_f->count(QStringLiteral("audit_events"));
    m_f->clock.set(almaty(2026, 3, 4, 0, 30));
    QCOMPARE(m_f->clock.now().date(), QDate(2026, 3, 3)); // UTC
    TIRKEU_VERIFY_OK(m_f->reg->calendar().set(m_f->admin, QDate(2026, 12, 29), false, QStringLiteral("early")));

    auto anchors = m_f->reg->audit().anchors(QDate(2026, 3, 3), QDate(2026, 3, 3));
    TIRKEU_VERIFY_OK(anchors);
    QCOMPARE(anchors->size(), 1);
    QCOMPARE(anchors->at(0).lastSeq, lateTuesday);
}

void AuditTest::exportAnchorPublishesHeadHash() {
    const QList<Row> all = rows(*m_f);
    const QString registerId =
        m_f->scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString();

    auto day1 = m_f->reg->audit().exportAnchor(QDate(2026, 3, 2));
    TIRKEU_VERIFY_OK(day1);
    const QString text = QString::fromUtf8(*day1);
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0), QStringLiteral("Tirkeu audit anchor v1"));
    QVERIFY2(lines.contains(QStringLiteral("register: ") + registerId), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("kind: day-anchor")), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("day: 2026-03-02")), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("last-seq: %1").arg(m_day1LastSeq)), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("head-sha256: ") + all.at(m_day1LastSeq - 1).hash), qPrintable(text));

    // Today: the current head, not a finished day.
    auto today = m_f->reg->audit().exportAnchor(QDate(2026, 3, 3));
    TIRKEU_VERIFY_OK(today);
    const QString todayText = QString::fromUtf8(*today);
    QVERIFY2(todayText.contains(QStringLiteral("kind: current-head")), qPrintable(todayText));
    QVERIFY2(todayText.contains(QStringLiteral("head-sha256: ") + all.constLast().hash), qPrintable(todayText));
    QVERIFY2(todayText.contains(QStringLiteral("last-seq: %1").arg(m_lastSeq)), qPrintable(todayText));

    // A day without events has no anchor.
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().exportAnchor(QDate(2026, 3, 1)), ErrorCode::NotFound);

    // Exporting a finished day that was not anchored yet anchors it first.
    m_f->clock.set(almaty(2026, 3, 6, 9));
    auto day2 = m_f->reg->audit().exportAnchor(QDate(2026, 3, 3));
    TIRKEU_VERIFY_OK(day2);
    QVERIFY2(QString::fromUtf8(*day2).contains(QStringLiteral("head-sha256: ") + all.constLast().hash),
             qPrintable(QString::fromUtf8(*day2)));
    QVERIFY(QString::fromUtf8(*day2).contains(QStringLiteral("kind: day-anchor")));
    QCOMPARE(m_f->count(QStringLiteral("audit_anchors")), qint64(2));
}

void AuditTest::concurrentWritersKeepOneChain() {
    // Two workstations (here: two threads, each with its own connection) register at the same time:
    // the write lock serialises them, so the chain never forks and no sequence number is used twice.
    const QString path = m_f->location();
    const Session counter = m_f->operatorA;
    const Session officer = m_f->officerA;
    constexpr int kPerWriter = 8;
    QMutex mutex;
    QStringList errors;
    auto writer = [&](const Session& who) {
        FixedClock clock(almaty(2026, 3, 3, 17));
        auto reg = Register::open(path, Register::OpenMode::Existing, &clock);
        if (!reg) {
            QMutexLocker lock(&mutex);
            errors << reg.message();
            return;
        }
        for (int i = 0; i < kPerWriter; ++i) {
            auto id = (*reg)->applications().submit(who, kNca, kIssueInd, ncaIssueIndividual());
            if (!id) {
                QMutexLocker lock(&mutex);
                errors << id.message();
            }
        }
    };
    std::unique_ptr<QThread> a(QThread::create(writer, counter));
    std::unique_ptr<QThread> b(QThread::create(writer, officer));
    a->start();
    b->start();
    QVERIFY(a->wait(QDeadlineTimer(120000)));
    QVERIFY(b->wait(QDeadlineTimer(120000)));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

    const QList<Row> all = rows(*m_f);
    QCOMPARE(all.size(), int(m_lastSeq) + 2 * kPerWriter);
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'application.registered' AND operator = "
                                       "'officer.a'")),
             qint64(kPerWriter + 1));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QCOMPARE(report->eventsChecked, m_lastSeq + 2 * kPerWriter);
}

// The consecutive events of one caller (an issuance's application.done and certificate.issued) follow the
// head the caller's previous append left (BoundRowHashes::chain) without reading it again: still one chain,
// each hash as documented, a day turned between two of them still anchored, and a memory gone stale (another
// event appended in between) refused by the register, never a fork.
void AuditTest::eventsOfOneCallerFollowTheirOwnHead() {
    AuditLog& log = m_f->reg->audit();
    BoundRowHashes memo;
    m_f->clock.set(almaty(2026, 3, 3, 23, 59));
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        for (int i = 0; i < 3; ++i)
            TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("S%1").arg(i),
                                        QStringLiteral("test.event"), QJsonObject{{QStringLiteral("i"), i}},
                                        QList<RowRef>{}, {}, &memo));
        QVERIFY(memo.chain);
        QCOMPARE(memo.chain->seq, m_lastSeq + 3);
        // Midnight in Almaty between two events of the same caller: Tuesday is anchored before Wednesday's.
        m_f->clock.set(almaty(2026, 3, 4, 0, 1));
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("S3"), QStringLiteral("test.event"),
                                    QJsonObject{{QStringLiteral("i"), 3}}, QList<RowRef>{}, {}, &memo));
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("S4"), QStringLiteral("test.event"),
                                    QJsonObject{{QStringLiteral("i"), 4}}, QList<RowRef>{}, {}, &memo));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    auto tuesday = log.anchors(QDate(2026, 3, 3), QDate(2026, 3, 3));
    TIRKEU_VERIFY_OK(tuesday);
    QCOMPARE(tuesday->size(), 1);
    QCOMPARE(tuesday->at(0).lastSeq, m_lastSeq + 3);
    const QList<Row> all = rows(*m_f);
    QCOMPARE(all.size(), int(m_lastSeq + 5));
    for (int i = 1; i < all.size(); ++i) {
        QCOMPARE(all.at(i).seq, all.at(i - 1).seq + 1);
        QCOMPARE(all.at(i).prevHash, all.at(i - 1).hash);
        QCOMPARE(all.at(i).hash, expectedHash(all.at(i)));
    }
    QCOMPARE(tuesday->at(0).headHash, all.at(int(m_lastSeq) + 2).hash);
    // The event-log period of every event is still the policy's (one year after the event).
    QCOMPARE(fromDbTime(all.constLast().retention), fromDbTime(all.constLast().ts).addYears(1));

    // A memory gone stale: another event was appended since; the next append with it is refused.
    const qint64 before = m_f->count(QStringLiteral("audit_events"));
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("other"), QStringLiteral("test.event"),
                                    QJsonObject{}));
        const auto stale = log.append(QStringLiteral("officer"), QStringLiteral("S5"), QStringLiteral("test.event"),
                                      QJsonObject{}, QList<RowRef>{}, {}, &memo);
        QVERIFY2(!stale.ok(), "an append from a stale head was recorded: the chain forked");
        tx.fail(stale.error());
    }
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), before);
    auto report = log.verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QCOMPARE(report->eventsChecked, before);
}

TIRKEU_TEST_GUILESS_MAIN(AuditTest)
#include "tst_audit.moc"
