// How the event log dates its events (attack of session 25, F10; attack of session 30, A6): an event written by a
// clock behind the chain's newest event is dated at it, with the gap recorded; an event dated more than a day after
// the writer's clock is no such floor — writes are refused naming it and verify fails on it — while one from a
// clock under a day ahead still is. Each test on its own copy of a register with two working days of events.

#include "AuditTestSupport.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Database.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;
using namespace tirkeu::test::audit;

class AuditDatingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void eventBeforeTheHeadIsDatedAtTheHead();
    void eventDatedFarAheadIsNoFloor();
    void eventFromAClockUnderADayAheadIsTheFloor();

private:
    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
};

void AuditDatingTest::initTestCase() {
    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
    t.clock.set(almaty(2026, 3, 2, 10));
    TIRKEU_VERIFY_OK(t.reg->applications().submit(t.operatorA, kNca, kIssueInd, ncaIssueIndividual()));
    t.clock.set(almaty(2026, 3, 3, 9, 30));
    TIRKEU_VERIFY_OK(t.reg->applications().submit(t.operatorA, kGov, kGovIssue, govIssue()));
}

void AuditDatingTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 3, 17)), qPrintable(m_f->error));
}

void AuditDatingTest::cleanup() {
    m_f.reset();
}

// Attack of session 25, F10: every time in the register came from the writer's clock, with no check that the log
// runs forward. An event is never dated before the chain's newest: from a clock behind it, it is dated at the
// newest event's time and records by how much the clock was behind — never refused (a workstation whose clock was
// ahead must not stop the others' revocations) — and audit verify reports such events. Also for the consecutive
// events of one caller (which do not read the head again).
void AuditDatingTest::eventBeforeTheHeadIsDatedAtTheHead() {
    AuditLog& log = m_f->reg->audit();
    auto newest = m_f->reg->db().row(QStringLiteral("SELECT ts FROM audit_events ORDER BY seq DESC LIMIT 1"));
    TIRKEU_VERIFY_OK(newest);
    const QDateTime head = fromDbTime(newest->at(0).toString());
    QVERIFY(head.isValid());
    const qint64 before = m_f->count(QStringLiteral("audit_events"));
    const auto behindOf = [](const Row& r) {
        return QJsonDocument::fromJson(r.details.toUtf8()).object().value(QStringLiteral("clock_behind_ms"));
    };

    // A workflow from a clock ten minutes behind: recorded, dated at the head, the gap recorded.
    m_f->clock.set(head.addSecs(-600));
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual()));
    QList<Row> all = rows(*m_f);
    QVERIFY(all.size() > before);
    for (int i = int(before); i < all.size(); ++i) {
        QCOMPARE(fromDbTime(all.at(i).ts), head);
        QCOMPARE(behindOf(all.at(i)).toInteger(), qint64(600000));
    }

    // One caller's consecutive events: the clock stepping back between two of them is caught as well.
    const QDateTime ahead = head.addSecs(60);
    m_f->clock.set(ahead);
    BoundRowHashes memo;
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("m1"), QStringLiteral("test.event"),
                                    QJsonObject{}, QList<RowRef>{}, {}, &memo));
        m_f->clock.set(head.addSecs(-300));
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("m2"), QStringLiteral("test.event"),
                                    QJsonObject{}, QList<RowRef>{}, {}, &memo));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    all = rows(*m_f);
    QCOMPARE(all.constLast().subject, QStringLiteral("m2"));
    QCOMPARE(fromDbTime(all.constLast().ts), ahead);
    QCOMPARE(behindOf(all.constLast()).toInteger(), qint64(360000));
    QCOMPARE(fromDbTime(all.at(all.size() - 2).ts), ahead);
    QVERIFY(behindOf(all.at(all.size() - 2)).isUndefined()); // its clock was right

    // The clock right again: events carry its time; the log never runs backwards, and verify says so.
    m_f->clock.set(head.addSecs(120));
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(log.append(QStringLiteral("officer"), QStringLiteral("right"), QStringLiteral("test.event"),
                                    QJsonObject{}));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    all = rows(*m_f);
    QCOMPARE(fromDbTime(all.constLast().ts), head.addSecs(120));
    QVERIFY(behindOf(all.constLast()).isUndefined());
    for (int i = 1; i < all.size(); ++i)
        QVERIFY2(all.at(i).ts >= all.at(i - 1).ts, qPrintable(all.at(i).ts));
    auto report = log.verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QVERIFY2(report->warnings.join(u' ').contains(QStringLiteral("clock was behind")) &&
                 report->warnings.join(u' ').contains(QStringLiteral("600 s")),
             qPrintable(report->warnings.join(u'\n')));
}

// Attack of session 30 (A6): one hash-correct event dated 31.12.2099, appended by the PostgreSQL application role,
// dated every later event (revocations, CRLs) 2099 for good, and audit verify passed blaming the workstations'
// clocks. An event dated more than a day after the writer's clock is no floor: the next write is refused naming it,
// nothing is written, and audit verify fails on it.
void AuditDatingTest::eventDatedFarAheadIsNoFloor() {
    const QDateTime forged = QDateTime(QDate(2099, 12, 31), QTime(12, 0), Qt::UTC);
    const qint64 seq = plantEvent(*m_f, forged);
    QVERIFY(seq > 0);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    const qint64 applications = m_f->count(QStringLiteral("applications"));
    const qint64 persons = m_f->count(QStringLiteral("persons"));

    auto refused = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd,
                                                   ncaIssueIndividual(kIinThird, QStringLiteral("Әбішев")));
    TIRKEU_VERIFY_ERROR(refused, ErrorCode::Integrity);
    QVERIFY2(names(refused.message(), seq) && refused.message().contains(displayDateTime(forged)) &&
                 refused.message().contains(QStringLiteral("more than a day after this computer's clock")) &&
                 refused.message().contains(QStringLiteral("Nothing is recorded")),
             qPrintable(refused.message()));
    // An event written by the log alone (no workflow around it) is refused the same way.
    {
        Transaction tx(m_f->reg->db());
        QVERIFY(tx.ok());
        auto direct = m_f->reg->audit().append(QStringLiteral("officer"), QStringLiteral("m1"),
                                               QStringLiteral("test.event"), QJsonObject{});
        TIRKEU_VERIFY_ERROR(direct, ErrorCode::Integrity);
        QVERIFY2(names(direct.message(), seq), qPrintable(direct.message()));
    }
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->count(QStringLiteral("applications")), applications);
    QCOMPARE(m_f->count(QStringLiteral("persons")), persons);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong(), seq);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE ts LIKE '2099-%'")).toLongLong(),
             qint64(1));

    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    QVERIFY2(!verified->ok, "an event dated 2099 passed audit verify");
    QCOMPARE(verified->firstBadSeq, seq);
    QVERIFY2(names(verified->problem, seq) && verified->problem.contains(displayDateTime(forged)) &&
                 verified->problem.contains(QStringLiteral("written outside Tirkeu")),
             qPrintable(verified->problem));
}

// The tolerance: a workstation whose clock runs 23 hours ahead wrote the newest event. The next event, from the
// right clock, is recorded, dated at it with the gap (as for any clock behind the log), and audit verify passes
// with the clock warning.
void AuditDatingTest::eventFromAClockUnderADayAheadIsTheFloor() {
    const QDateTime now = m_f->clock.now();
    const QDateTime ahead = now.addSecs(23 * 3600);
    const qint64 seq = plantEvent(*m_f, ahead);
    QVERIFY(seq > 0);
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd,
                                                     ncaIssueIndividual(kIinThird, QStringLiteral("Әбішев"))));
    const QList<Row> all = rows(*m_f);
    QVERIFY(all.constLast().seq > seq);
    for (const Row& r : all)
        if (r.seq > seq) {
            QCOMPARE(fromDbTime(r.ts), ahead);
            QCOMPARE(QJsonDocument::fromJson(r.details.toUtf8())
                         .object()
                         .value(QStringLiteral("clock_behind_ms"))
                         .toInteger(),
                     qint64(23) * 3600 * 1000);
        }
    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    QVERIFY2(verified->ok, qPrintable(verified->problem));
    QVERIFY2(verified->warnings.join(u' ').contains(QStringLiteral("clock was behind")),
             qPrintable(verified->warnings.join(u'\n')));
}

TIRKEU_TEST_GUILESS_MAIN(AuditDatingTest)
#include "tst_audit_dating.moc"
