// The Today agenda (registry/Agenda.h): an overdue application, a revocation still within its working
// days, a CRL whose nextUpdate is near, a publication owed after a key compromise, an expiring
// certificate and unpublished audit anchors are each listed with their count, only to the roles that act
// on them; an empty register lists nothing. Also the queue's search, sort and count
// (Applications::list/count) and the deadline report listing every open overdue application.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Agenda.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/Drafts.h"
#include "registry/Journals.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
const QString kSerial1 = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A1");
const QString kSerial2 = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A2");
const QString kSerial3 = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A3");

QMap<AgendaKind, qint64> counts(const QList<AgendaItem>& items) {
    QMap<AgendaKind, qint64> out;
    for (const AgendaItem& i : items)
        out.insert(i.kind, i.count);
    return out;
}
} // namespace

class AgendaTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyRegisterHasNothingDue();
    void listsEachDueThingWithItsCount();
    void linesFollowTheRole();
    void dueTodayMovesFromTheRevocationsLine();
    void anchorsNotInTheFolderAreCounted();
    void badOptionsAreRefused();
    void deadlineReportListsOverdueReceivedBeforeThePeriod();
    void queueSearchesByNumberIinAndName();
    void queueSortsAndCounts();
    void draftsAreOnTheOperatorsOwnToday();
    void endingCaCertificateIsDue();

private:
    // Aliya's issuance (done), three certificates (S3 expires on 2026-03-25), a revocation of S1 received
    // on 2026-03-02 (deadline 2026-03-04) and one of S2 received on 2026-03-10 (deadline 2026-03-12);
    // the clock is left at 2026-03-10 12:00.
    void populate();

    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
    qint64 m_r1 = 0;
    qint64 m_r2 = 0;
};

void AgendaTest::initTestCase() {
    QVERIFY2(m_template.create(almaty(2026, 3, 2, 9)), qPrintable(m_template.error));
}

void AgendaTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 11)), qPrintable(m_f->error));
}

void AgendaTest::cleanup() {
    m_f.reset();
}

void AgendaTest::populate() {
    Applications& apps = m_f->reg->applications();
    auto scene = m_f->revocationScene(
        {{kSerial1, m_f->clock.now()}, {kSerial2, m_f->clock.now()}, {kSerial3, almaty(2025, 3, 25, 10)}});
    TIRKEU_VERIFY_OK(scene);
    m_r1 = scene->early;
    m_r2 = scene->late;
    auto rec1 = apps.get(m_f->officerA, m_r1);
    TIRKEU_VERIFY_OK(rec1);
    QCOMPARE(rec1->deadline, QDate(2026, 3, 4));
    auto rec2 = apps.get(m_f->officerA, m_r2);
    TIRKEU_VERIFY_OK(rec2);
    QCOMPARE(rec2->deadline, QDate(2026, 3, 12));
}

void AgendaTest::emptyRegisterHasNothingDue() {
    Agenda agenda(*m_f->reg);
    for (const Session* s : {&m_f->operatorA, &m_f->officerA, &m_f->auditor, &m_f->admin}) {
        auto items = agenda.today(*s);
        TIRKEU_VERIFY_OK(items);
        QVERIFY2(items->isEmpty(), qPrintable(items->isEmpty() ? QString() : items->first().text));
    }
}

void AgendaTest::listsEachDueThingWithItsCount() {
    populate();
    // The last full CRL's next update in two hours, and a key compromise whose CRL is not published yet.
    auto crl = m_f->reg->db().exec(
        QStringLiteral("INSERT INTO crls (ca_id, crl_number, this_update, next_update, entries, size_bytes, sha256, "
                       "file_name, published_at, published_by, retention_until) VALUES (?, 3, ?, ?, 0, 500, ?, "
                       "'NCA-RSA.crl', ?, ?, '2031-01-01T00:00:00.000Z')"),
        {m_f->ncaId, toDbTime(m_f->clock.now().addSecs(-25 * 3600)), toDbTime(m_f->clock.now().addSecs(2 * 3600)),
         QString(64, u'a'), toDbTime(m_f->clock.now().addSecs(-25 * 3600)), m_f->officerA.operatorId});
    TIRKEU_VERIFY_OK(crl);
    TIRKEU_VERIFY_OK(CaEngine(*m_f->reg).revoke(
        m_f->officerA,
        {kNca, kSerial1, Revocations::kKeyCompromise, QStringLiteral("holder_application"), {}, 0, {}, {}}));

    auto items = Agenda(*m_f->reg).today(m_f->officerA);
    TIRKEU_VERIFY_OK(items);
    const auto c = counts(*items);
    QCOMPARE(c.value(AgendaKind::ApplicationsOverdue), qint64(1));
    QVERIFY(!c.contains(AgendaKind::ApplicationsDueToday));
    QCOMPARE(c.value(AgendaKind::RevocationsDue), qint64(1));
    QCOMPARE(c.value(AgendaKind::CrlDue), qint64(1));
    QCOMPARE(c.value(AgendaKind::CrlOwed), qint64(1));
    QCOMPARE(c.value(AgendaKind::CertificatesExpiring), qint64(1));
    QVERIFY(!c.contains(AgendaKind::AnchorsUnpublished)); // no anchor folder given
    QCOMPARE(items->size(), 5);

    // Each application line's filter lists exactly its applications (what the queue then shows).
    for (const AgendaItem& item : *items) {
        if (item.kind == AgendaKind::ApplicationsOverdue || item.kind == AgendaKind::RevocationsDue) {
            auto listed = m_f->reg->applications().list(m_f->officerA, item.filter);
            TIRKEU_VERIFY_OK(listed);
            QCOMPARE(listed->size(), 1);
            QCOMPARE(listed->first().id, item.kind == AgendaKind::ApplicationsOverdue ? m_r1 : m_r2);
            QCOMPARE(item.due, item.kind == AgendaKind::ApplicationsOverdue ? QDate(2026, 3, 4) : QDate(2026, 3, 12));
        }
        if (item.kind == AgendaKind::CrlDue || item.kind == AgendaKind::CrlOwed)
            QCOMPARE(item.caCodes, QStringList{kNca});
        if (item.kind == AgendaKind::CertificatesExpiring) {
            QCOMPARE(item.days, 30);
            QCOMPARE(item.due, QDate(2026, 3, 25));
        }
        QVERIFY(!item.text.isEmpty());
        QVERIFY2(item.text.contains(QString::number(item.count)), qPrintable(item.text));
    }
    // A narrower window leaves the certificate out; a CRL whose next update is further away is not due.
    AgendaOptions narrow;
    narrow.expiringDays = 10;
    narrow.crlWithinHours = 1;
    auto fewer = Agenda(*m_f->reg).today(m_f->officerA, narrow);
    TIRKEU_VERIFY_OK(fewer);
    QVERIFY(!counts(*fewer).contains(AgendaKind::CertificatesExpiring));
    QVERIFY(!counts(*fewer).contains(AgendaKind::CrlDue));
    QCOMPARE(counts(*fewer).value(AgendaKind::CrlOwed), qint64(1));

    // Closed applications are no longer due (this one is refused: its certificate was revoked meanwhile, and a
    // revocation application is done only by carrying it out).
    TIRKEU_VERIFY_OK(m_f->reg->applications().reject(m_f->officerA, m_r1, QStringLiteral("NCA-FORM-INCORRECT")));
    auto after = Agenda(*m_f->reg).today(m_f->officerA);
    TIRKEU_VERIFY_OK(after);
    QVERIFY(!counts(*after).contains(AgendaKind::ApplicationsOverdue));
}

void AgendaTest::linesFollowTheRole() {
    populate();
    auto crl = m_f->reg->db().exec(
        QStringLiteral("INSERT INTO crls (ca_id, crl_number, this_update, next_update, entries, size_bytes, sha256, "
                       "file_name, published_at, published_by, retention_until) VALUES (?, 3, ?, ?, 0, 500, ?, "
                       "'NCA-RSA.crl', ?, ?, '2031-01-01T00:00:00.000Z')"),
        {m_f->ncaId, toDbTime(m_f->clock.now().addDays(-2)), toDbTime(m_f->clock.now().addDays(-1)), QString(64, u'a'),
         toDbTime(m_f->clock.now().addDays(-2)), m_f->officerA.operatorId});
    TIRKEU_VERIFY_OK(crl);
    auto op = Agenda(*m_f->reg).today(m_f->operatorA);
    TIRKEU_VERIFY_OK(op);
    const auto c = counts(*op);
    QCOMPARE(c.value(AgendaKind::ApplicationsOverdue), qint64(1));
    QCOMPARE(c.value(AgendaKind::RevocationsDue), qint64(1));
    QCOMPARE(c.value(AgendaKind::CertificatesExpiring), qint64(1));
    QVERIFY(!c.contains(AgendaKind::CrlDue)); // an operator does not publish CRLs
    auto admin = Agenda(*m_f->reg).today(m_f->admin);
    TIRKEU_VERIFY_OK(admin);
    QCOMPARE(counts(*admin).keys(), QList<AgendaKind>{AgendaKind::CrlDue}); // a passed next update: due
    auto auditor = Agenda(*m_f->reg).today(m_f->auditor);
    TIRKEU_VERIFY_OK(auditor);
    QVERIFY(auditor->isEmpty());
    Session nobody;
    QCOMPARE(Agenda(*m_f->reg).today(nobody).error().code, ErrorCode::Forbidden);
}

void AgendaTest::dueTodayMovesFromTheRevocationsLine() {
    populate();
    m_f->clock.set(almaty(2026, 3, 12, 9));
    auto items = Agenda(*m_f->reg).today(m_f->officerA);
    TIRKEU_VERIFY_OK(items);
    const auto c = counts(*items);
    QCOMPARE(c.value(AgendaKind::ApplicationsOverdue), qint64(1));
    QCOMPARE(c.value(AgendaKind::ApplicationsDueToday), qint64(1));
    QVERIFY(!c.contains(AgendaKind::RevocationsDue));
}

void AgendaTest::anchorsNotInTheFolderAreCounted() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    m_f->clock.set(almaty(2026, 3, 10, 12));
    AgendaOptions options;
    options.anchorsDir = dir.path();
    auto empty = Agenda(*m_f->reg).today(m_f->auditor, options);
    TIRKEU_VERIFY_OK(empty);
    QCOMPARE(counts(*empty).value(AgendaKind::AnchorsUnpublished), qint64(1)); // yesterday's
    // The newest anchor in the folder is from 2026-03-06: the 7th, 8th and 9th are not published.
    QFile f(QDir(dir.path()).filePath(AuditLog::anchorFileName(QDate(2026, 3, 6))));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    auto three = Agenda(*m_f->reg).today(m_f->auditor, options);
    TIRKEU_VERIFY_OK(three);
    QCOMPARE(counts(*three).value(AgendaKind::AnchorsUnpublished), qint64(3));
    QCOMPARE(three->first().due, QDate(2026, 3, 7));
    QFile g(QDir(dir.path()).filePath(AuditLog::anchorFileName(QDate(2026, 3, 9))));
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.close();
    auto none = Agenda(*m_f->reg).today(m_f->auditor, options);
    TIRKEU_VERIFY_OK(none);
    QVERIFY(none->isEmpty());
    // An operator does not look after the event log.
    auto op = Agenda(*m_f->reg).today(m_f->operatorA, AgendaOptions{30, 24, QString()});
    TIRKEU_VERIFY_OK(op);
    QVERIFY(!counts(*op).contains(AgendaKind::AnchorsUnpublished));
}

void AgendaTest::badOptionsAreRefused() {
    AgendaOptions o;
    o.expiringDays = 0;
    QCOMPARE(Agenda(*m_f->reg).today(m_f->officerA, o).error().code, ErrorCode::Invalid);
    o.expiringDays = 30;
    o.crlWithinHours = -1;
    QCOMPARE(Agenda(*m_f->reg).today(m_f->officerA, o).error().code, ErrorCode::Invalid);
}

void AgendaTest::deadlineReportListsOverdueReceivedBeforeThePeriod() {
    populate();
    // A third revocation, received before the period and not overdue, stays out.
    m_f->clock.set(almaty(2026, 3, 11, 10));
    TIRKEU_VERIFY_OK(m_f->insertCertificate(m_f->ncaId, QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A4"),
                                            kIinAliya, m_f->clock.now()));
    auto r3 = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kRevokeInd,
        ncaRevokeIndividual(QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A4"),
                            m_f->issuedOn(QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900A4")), kIinAliya,
                            QDate(2026, 3, 11)));
    TIRKEU_VERIFY_OK(r3);
    m_f->clock.set(almaty(2026, 3, 12, 10));
    // Period: from 2026-03-12: R1 (received 03-02, overdue) is listed; R2 and R3 (received before, due
    // today and later) are not; an application received in the period would be.
    JournalQuery q{kNca, QDate(2026, 3, 12), QDate(2026, 3, 31)};
    QList<qint64> listed;
    auto n = Journals(*m_f->reg).openApplications(m_f->officerA, q, [&](const DeadlineRow& r) {
        listed << r.applicationId;
        return true;
    });
    TIRKEU_VERIFY_OK(n);
    QCOMPARE(listed, QList<qint64>{m_r1});
    // The whole history: all three, earliest deadline first.
    listed.clear();
    TIRKEU_VERIFY_OK(
        Journals(*m_f->reg).openApplications(m_f->officerA, JournalQuery{kNca, {}, {}}, [&](const DeadlineRow& r) {
            listed << r.applicationId;
            return true;
        }));
    QCOMPARE(listed, (QList<qint64>{m_r1, m_r2, *r3}));
}

void AgendaTest::queueSearchesByNumberIinAndName() {
    Applications& apps = m_f->reg->applications();
    auto a1 = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya));
    TIRKEU_VERIFY_OK(a1);
    auto a2 = apps.submit(m_f->operatorA, kNca, kIssueInd,
                          ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    TIRKEU_VERIFY_OK(a2);
    auto found = [&](const QString& text) {
        ApplicationFilter f;
        f.search = text;
        auto r = apps.list(m_f->auditor, f);
        QList<qint64> out;
        for (const ApplicationRecord& rec : r ? *r : QList<ApplicationRecord>())
            out << rec.id;
        auto n = apps.count(m_f->auditor, f);
        if (!n || *n != out.size())
            return QList<qint64>{-1};
        return out;
    };
    QCOMPARE(found(QString::number(*a2)), QList<qint64>{*a2});            // the number
    QCOMPARE(found(kIinFourth), QList<qint64>{*a2});                      // the whole IIN
    QCOMPARE(found(kIinAliya.left(6)), QList<qint64>{*a1});               // the start of an IIN
    QCOMPARE(found(QStringLiteral("бекова")), QList<qint64>{*a2});        // a surname in lower case
    QCOMPARE(found(QStringLiteral("ЖАНСАЯ")), QList<qint64>{*a2});        // a name in upper case
    QCOMPARE(found(QStringLiteral("  Бек ")), QList<qint64>{*a2});        // a part, spaces trimmed
    QCOMPARE(found(QStringLiteral("бекова жансая")), QList<qint64>{*a2}); // surname and name together
    QCOMPARE(found(QStringLiteral("бЕкОвА")), QList<qint64>{*a2});        // any mix of cases
    QCOMPARE(found(QStringLiteral("екова")), QList<qint64>{*a2});         // inside a word
    QCOMPARE(found(QStringLiteral("Нет такого")), QList<qint64>{});       // nobody
    QCOMPARE(found(QStringLiteral("%")), QList<qint64>{});                // a wildcard is a letter
    QCOMPARE(found(QString()).size(), 2);                                 // no search: all
}

void AgendaTest::queueSortsAndCounts() {
    Applications& apps = m_f->reg->applications();
    QList<qint64> ids;
    const QList<QPair<QString, QString>> people{{kIinAliya, QStringLiteral("Қасымова")},
                                                {kIinFourth, QStringLiteral("Бекова")},
                                                {kIinFifth, QStringLiteral("Абаев")}};
    for (const auto& [iin, surname] : people) {
        auto id = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(iin, surname));
        TIRKEU_VERIFY_OK(id);
        ids << *id;
    }
    auto order = [&](ApplicationSort sort, bool descending, int limit = 200, int offset = 0) {
        ApplicationFilter f;
        f.sort = sort;
        f.descending = descending;
        f.limit = limit;
        f.offset = offset;
        QList<qint64> out;
        auto r = apps.list(m_f->auditor, f);
        for (const ApplicationRecord& rec : r ? *r : QList<ApplicationRecord>())
            out << rec.id;
        return out;
    };
    QCOMPARE(order(ApplicationSort::Number, false), ids);
    QCOMPARE(order(ApplicationSort::Number, true), (QList<qint64>{ids[2], ids[1], ids[0]}));
    QCOMPARE(order(ApplicationSort::Applicant, false),
             (QList<qint64>{ids[2], ids[1], ids[0]})); // Абаев, Бекова, Қасымова
    QCOMPARE(order(ApplicationSort::Subject, false), (QList<qint64>{ids[1], ids[2], ids[0]})); // 0002…, 0612…, 9007…
    // Pages of a sorted list never overlap and together hold every row.
    QCOMPARE(order(ApplicationSort::Applicant, true, 2, 0) + order(ApplicationSort::Applicant, true, 2, 2),
             (QList<qint64>{ids[0], ids[1], ids[2]}));
    ApplicationFilter all;
    auto n = apps.count(m_f->auditor, all);
    TIRKEU_VERIFY_OK(n);
    QCOMPARE(*n, qint64(3));
    all.search = QStringLiteral("Бекова");
    n = apps.count(m_f->auditor, all);
    TIRKEU_VERIFY_OK(n);
    QCOMPARE(*n, qint64(1));
    Session nobody;
    QCOMPARE(apps.count(nobody, all).error().code, ErrorCode::Forbidden);
}

void AgendaTest::draftsAreOnTheOperatorsOwnToday() {
    Drafts drafts(*m_f->reg);
    Draft d;
    d.caCode = kNca;
    d.formCode = kIssueInd;
    d.submission = ncaIssueIndividual();
    TIRKEU_VERIFY_OK(drafts.save(m_f->operatorA, d)); // 2 March 2026, 11:00
    m_f->clock.advanceDays(3);
    TIRKEU_VERIFY_OK(drafts.save(m_f->operatorA, d));
    Agenda agenda(*m_f->reg);
    auto mine = agenda.today(m_f->operatorA);
    TIRKEU_VERIFY_OK(mine);
    QCOMPARE(mine->size(), 1);
    QCOMPARE(mine->first().kind, AgendaKind::DraftsKept);
    QCOMPARE(mine->first().count, qint64(2));
    QCOMPARE(mine->first().due, QDate(2026, 4, 1)); // the oldest goes 30 days after its last change
    QCOMPARE(Agenda::kindId(AgendaKind::DraftsKept), QStringLiteral("drafts_kept"));
    // Another counter worker, the auditor and the administrator see no line of someone else's drafts.
    for (const Session* s : {&m_f->officerA, &m_f->auditor, &m_f->admin}) {
        auto items = agenda.today(*s);
        TIRKEU_VERIFY_OK(items);
        QVERIFY2(items->isEmpty(), qPrintable(items->isEmpty() ? QString() : items->first().text));
    }
}

// Attack of session 25 (F8): a CA whose own certificate had ended kept publishing CRLs nobody can validate, and
// Today said nothing. Its certificate ending within the CA window (180 days), or ended, is a line for the
// administrators and officers, naming the CA and the day.
void AgendaTest::endingCaCertificateIsDue() {
    QTemporaryDir keys;
    QVERIFY(keys.isValid());
    TIRKEU_VERIFY_OK(CaEngine(*m_f->reg).createRootCa(m_f->admin, kNca, pki::KeyAlgorithm::EcP256,
                                                      keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 1));
    Agenda agenda(*m_f->reg);
    const auto ending = [&agenda](const Session& s) -> std::optional<AgendaItem> {
        auto items = agenda.today(s);
        if (!items)
            return std::nullopt;
        for (const AgendaItem& i : *items)
            if (i.kind == AgendaKind::CaCertificatesEnding)
                return i;
        return std::nullopt;
    };
    QVERIFY(!ending(m_f->admin)); // a year left
    const QDateTime start = m_f->clock.now();
    m_f->clock.set(start.addDays(365 - 100));
    auto soon = ending(m_f->admin);
    QVERIFY(soon);
    QCOMPARE(soon->count, qint64(1));
    QCOMPARE(soon->caCodes, QStringList{kNca});
    QVERIFY2(soon->detail.contains(kNca + QStringLiteral(" ends on")), qPrintable(soon->detail));
    QVERIFY(ending(m_f->officerA));
    QVERIFY(!ending(m_f->operatorA));
    m_f->clock.set(start.addDays(400));
    auto ended = ending(m_f->admin);
    QVERIFY(ended);
    QVERIFY2(ended->detail.contains(kNca + QStringLiteral(" ended on")), qPrintable(ended->detail));
}

TIRKEU_TEST_GUILESS_MAIN(AgendaTest)
#include "tst_agenda.moc"
