// Applications' legal deadlines on the working-day calendar (a revocation across Nauryz, counted on
// the Kazakhstan date, the same for a request registered later with its receipt time), retention
// that a backdated receipt does not shorten, the overdue and due-today flags following the clock, and
// the application list filtered by status, CA, open, subject and form, page by page. Split from
// tst_applications (same set-up: registry/ApplicationsTestSupport.h).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/ApplicationsTestSupport.h"
#include "registry/Revocations.h"

#include <QObject>

#include <algorithm>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

QList<qint64> ids(const QList<ApplicationRecord>& records) {
    QList<qint64> out;
    for (const ApplicationRecord& r : records)
        out << r.id;
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class ApplicationsDeadlinesTest : public QObject, protected ApplicationsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createTemplate(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

    void revocationDeadlineCountsWorkingDaysAcrossNauryz_data();
    void revocationDeadlineCountsWorkingDaysAcrossNauryz();
    void backdatedReceiptDoesNotShortenRetention();
    void overdueAndDueTodayFollowTheClock();
    void listFiltersByStatusCaOpenAndSubject();
};

void ApplicationsDeadlinesTest::revocationDeadlineCountsWorkingDaysAcrossNauryz_data() {
    QTest::addColumn<QDateTime>("received");
    QTest::addColumn<QDate>("deadline");
    // Nauryz 2026: Sat Mar 21, Sun 22, Mon 23 holidays; the weekend ones move to Tue 24 and Wed 25.
    QTest::newRow("Friday 2026-03-20") << almaty(2026, 3, 20, 10) << QDate(2026, 3, 27);
    QTest::newRow("Friday evening") << almaty(2026, 3, 20, 23, 30) << QDate(2026, 3, 27);
    // 01:00 on Friday in Almaty is still Thursday in UTC: the Kazakhstan date counts.
    QTest::newRow("Friday 01:00 Almaty") << almaty(2026, 3, 20, 1) << QDate(2026, 3, 27);
    QTest::newRow("Thursday 2026-03-19") << almaty(2026, 3, 19, 15) << QDate(2026, 3, 26);
    QTest::newRow("Monday 2026-03-16") << almaty(2026, 3, 16, 10) << QDate(2026, 3, 18);
}

void ApplicationsDeadlinesTest::revocationDeadlineCountsWorkingDaysAcrossNauryz() {
    QFETCH(QDateTime, received);
    QFETCH(QDate, deadline);
    QVERIFY(aliyaWithCertificate() > 0);

    m_f->clock.set(received);
    // Typed as the holder wrote it: lower case with colons; the register stores the canonical form.
    QString typed;
    for (int i = 0; i < kSerial.size(); i += 2)
        typed += (i ? QStringLiteral(":") : QString()) + kSerial.mid(i, 2).toLower();
    auto id =
        m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                        ncaRevokeIndividual(typed, m_f->issuedOn(kSerial), kIinAliya, received.date()));
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QVERIFY(rec->purpose == forms::FormPurpose::Revoke);
    QCOMPARE(rec->deadline, deadline);
    QCOMPARE(rec->data.value(QStringLiteral("cert_serial")).toString(), kSerial);
    QVERIFY(!rec->consent);
    auto last = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->first().details.value(QStringLiteral("deadline")).toString(), deadline.toString(Qt::ISODate));

    // A request received on paper earlier is registered with its receipt time: same deadline.
    m_f->clock.set(received.addDays(1));
    auto late = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kRevokeInd,
        ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial), kIinAliya, received.date()), received);
    TIRKEU_VERIFY_OK(late);
    auto lateRec = m_f->reg->applications().get(m_f->officerA, *late);
    TIRKEU_VERIFY_OK(lateRec);
    QCOMPARE(lateRec->receivedAt, received);
    QCOMPARE(lateRec->deadline, deadline);
}

void ApplicationsDeadlinesTest::backdatedReceiptDoesNotShortenRetention() {
    // A paper form received long ago and registered only now: its deadline counts from the receipt,
    // but the register keeps the record (and the person) for the full period from now on; otherwise
    // the next retention sweep could delete an application that is still open.
    QVERIFY(aliyaWithCertificate() > 0);
    const QDateTime received = almaty(2019, 6, 3, 10);
    auto id = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kIssueInd,
        ncaIssueIndividual(kIinSecond, QStringLiteral("Омарова"), QStringLiteral("Дана"), received.date()), received);
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->receivedAt, received);
    QVERIFY2(rec->retentionUntil >= m_f->clock.now().addYears(5),
             qPrintable(rec->retentionUntil.toString(Qt::ISODate)));
    QVERIFY(fromDbTime(m_f->scalar(QStringLiteral("SELECT retention_until FROM persons WHERE iin = ?"), {kIinSecond})
                           .toString()) >= m_f->clock.now().addYears(5));

    // A certificate issued before that receipt (kSerial was issued today, after it).
    const QString earlier = QStringLiteral("7A11D0C0FFEE0220");
    TIRKEU_VERIFY_OK(m_f->insertCertificate(m_f->ncaId, earlier, kIinAliya, almaty(2026, 2, 20, 10)));
    auto revoke = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kRevokeInd,
        ncaRevokeIndividual(earlier, m_f->issuedOn(earlier), kIinAliya, QDate(2026, 2, 27)), almaty(2026, 2, 27, 10));
    TIRKEU_VERIFY_OK(revoke);
    auto revokeRec = m_f->reg->applications().get(m_f->officerA, *revoke);
    TIRKEU_VERIFY_OK(revokeRec);
    QCOMPARE(revokeRec->deadline, QDate(2026, 3, 3)); // Fri Feb 27 + 2 working days
    QVERIFY(revokeRec->overdue == false);
    QVERIFY(revokeRec->retentionUntil >= m_f->clock.now().addYears(5));
}

void ApplicationsDeadlinesTest::overdueAndDueTodayFollowTheClock() {
    QVERIFY(aliyaWithCertificate() > 0);
    m_f->clock.set(almaty(2026, 3, 20, 10));
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                              ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial)));
    TIRKEU_VERIFY_OK(id);

    auto flags = [&]() -> QPair<bool, bool> {
        auto rec = m_f->reg->applications().get(m_f->officerA, *id);
        if (!rec)
            return {true, true};
        // The list computes the same flags as get().
        ApplicationFilter open;
        open.openOnly = true;
        auto list = m_f->reg->applications().list(m_f->officerA, open);
        for (const ApplicationRecord& r : list ? *list : QList<ApplicationRecord>())
            if (r.id == *id && (r.overdue != rec->overdue || r.dueToday != rec->dueToday))
                return {true, true};
        return {rec->dueToday, rec->overdue};
    };
    using Flags = QPair<bool, bool>; // dueToday, overdue
    QCOMPARE(flags(), Flags(false, false));
    m_f->clock.set(almaty(2026, 3, 26, 18));
    QCOMPARE(flags(), Flags(false, false));
    m_f->clock.set(almaty(2026, 3, 27, 0, 5));
    QCOMPARE(flags(), Flags(true, false));
    m_f->clock.set(almaty(2026, 3, 27, 23, 55));
    QCOMPARE(flags(), Flags(true, false));
    m_f->clock.set(almaty(2026, 3, 28, 0, 5));
    QCOMPARE(flags(), Flags(false, true));
    m_f->clock.set(almaty(2026, 4, 15, 12));
    QCOMPARE(flags(), Flags(false, true));

    // Still overdue once approved; no longer once done (it is closed).
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id));
    QCOMPARE(flags(), Flags(false, true));
    // (Done by carrying it out: a revocation application is not closed while its certificate is valid.)
    TIRKEU_VERIFY_OK(Revocations(*m_f->reg).revokeFromApplication(m_f->officerA, *id, std::nullopt));
    QCOMPARE(flags(), Flags(false, false));
}

void ApplicationsDeadlinesTest::listFiltersByStatusCaOpenAndSubject() {
    Applications& apps = m_f->reg->applications();
    auto a1 = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya)); // registered
    TIRKEU_VERIFY_OK(a1);
    auto a2 = apps.submit(m_f->operatorA, kNca, kIssueInd,
                          ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    TIRKEU_VERIFY_OK(a2);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerA, *a2)); // approved
    auto a3 = apps.submit(m_f->operatorA, kNca, kIssueLegal, ncaIssueLegal());
    TIRKEU_VERIFY_OK(a3);
    TIRKEU_VERIFY_OK(apps.reject(m_f->officerB, *a3, QStringLiteral("NCA-DOCS-MISSING"),
                                 QStringLiteral("сенімхат жоқ")));      // rejected
    auto a4 = apps.submit(m_f->operatorA, kGov, kGovIssue, govIssue()); // registered, Government CA
    TIRKEU_VERIFY_OK(a4);
    auto a5 = apps.submit(m_f->officerA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya));
    TIRKEU_VERIFY_OK(a5);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerB, *a5));
    TIRKEU_VERIFY_OK(apps.markDone(m_f->officerB, *a5)); // done

    auto listed = [&](const ApplicationFilter& filter) {
        auto r = apps.list(m_f->auditor, filter);
        return r ? ids(*r) : QList<qint64>{-1};
    };
    ApplicationFilter all;
    QCOMPARE(listed(all), (QList<qint64>{*a1, *a2, *a3, *a4, *a5}));

    ApplicationFilter registered;
    registered.status = ApplicationStatus::Registered;
    QCOMPARE(listed(registered), (QList<qint64>{*a1, *a4}));
    ApplicationFilter rejected;
    rejected.status = ApplicationStatus::Rejected;
    QCOMPARE(listed(rejected), (QList<qint64>{*a3}));
    ApplicationFilter done;
    done.status = ApplicationStatus::Done;
    QCOMPARE(listed(done), (QList<qint64>{*a5}));

    ApplicationFilter gov;
    gov.caCode = kGov;
    QCOMPARE(listed(gov), (QList<qint64>{*a4}));
    ApplicationFilter nca;
    nca.caCode = kNca;
    QCOMPARE(listed(nca), (QList<qint64>{*a1, *a2, *a3, *a5}));
    ApplicationFilter root;
    root.caCode = kRoot;
    QCOMPARE(listed(root), QList<qint64>());

    ApplicationFilter open;
    open.openOnly = true;
    QCOMPARE(listed(open), (QList<qint64>{*a1, *a2, *a4}));
    ApplicationFilter openNca;
    openNca.openOnly = true;
    openNca.caCode = kNca;
    QCOMPARE(listed(openNca), (QList<qint64>{*a1, *a2}));

    ApplicationFilter aliya;
    aliya.subject = kIinAliya;
    QCOMPARE(listed(aliya), (QList<qint64>{*a1, *a5}));
    ApplicationFilter company;
    company.subject = kBin;
    QCOMPARE(listed(company), (QList<qint64>{*a3}));
    ApplicationFilter stranger;
    stranger.subject = kIinFifth;
    QCOMPARE(listed(stranger), QList<qint64>());

    ApplicationFilter legalForm;
    legalForm.formCode = kIssueLegal;
    QCOMPARE(listed(legalForm), (QList<qint64>{*a3}));

    ApplicationFilter page;
    page.limit = 2;
    auto first = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(first);
    QCOMPARE(first->size(), 2);
    page.offset = 2;
    auto rest = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(rest);
    QCOMPARE(rest->size(), 2);
    page.offset = 4;
    auto last = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QList<qint64> paged = ids(*first) + ids(*rest) + ids(*last);
    std::sort(paged.begin(), paged.end());
    QCOMPARE(paged, (QList<qint64>{*a1, *a2, *a3, *a4, *a5}));

    // Listing needs a session.
    TIRKEU_VERIFY_ERROR(apps.list(Session{}, all), ErrorCode::Forbidden);
}

TIRKEU_TEST_GUILESS_MAIN(ApplicationsDeadlinesTest)
#include "tst_applications_deadlines.moc"
