// National scale (issue 18): no everyday workflow reads a big table whole. A register made by the
// benchmarks' generator (tests/bench/RegisterGenerator.h: persons, organisations, certificates, revocations
// as the registry writes them), then each workflow an officer or the scheduled job runs — registering and
// approving an application, issuing from a CSR and in a batch, a hold and its release, a revocation, the
// OCSP signer, the expiry reminders, the day's journals, the agenda — with SQLite counting, per statement
// (its triggers included), the rows it stepped through in full table scans
// (SQLITE_STMTSTATUS_FULLSCAN_STEP). A statement that scans as many rows as a tenth of the register's
// certificates is reported with its SQL: at 10,000,000 certificates such a step costs seconds on every
// issuance (the service keys' query scanned every certificate for the OCSP signers' profile, 0.47 s at
// 1,000,000, once per issuance and once per group of a batch). The journals of one day must also walk
// only that day's rows (SQLITE_STMTSTATUS_VM_STEP stays far below the register's size).
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Agenda.h"
#include "registry/CaEngine.h"
#include "registry/Journals.h"
#include "registry/Notifications.h"
#include "registry/OcspSigning.h"
#include "tests/bench/RegisterGenerator.h"

#include <QObject>

#include <sqlite3.h>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

constexpr qint64 kCertificates = 6000;

// Statements that stepped through more rows than the limits while it watched, with their SQL.
class ScanWatch {
public:
    ScanWatch(sqlite3* db, int fullScanLimit, int vmLimit)
        : m_db(db)
        , m_fullScanLimit(fullScanLimit)
        , m_vmLimit(vmLimit) {
        sqlite3_trace_v2(m_db, SQLITE_TRACE_PROFILE, &ScanWatch::finished, this);
    }
    ~ScanWatch() { sqlite3_trace_v2(m_db, 0, nullptr, nullptr); }
    ScanWatch(const ScanWatch&) = delete;
    ScanWatch& operator=(const ScanWatch&) = delete;
    QString offenders() const { return m_offenders.join(QStringLiteral("\n")); }
    int statements() const { return m_statements; }

private:
    static int finished(unsigned, void* self, void* statement, void*) {
        auto* w = static_cast<ScanWatch*>(self);
        auto* st = static_cast<sqlite3_stmt*>(statement);
        // Reset with each reading: the register keeps its statements prepared and runs them again.
        const int scanned = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
        const int steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
        ++w->m_statements;
        if (scanned >= w->m_fullScanLimit || (w->m_vmLimit > 0 && steps >= w->m_vmLimit)) {
            const char* sql = sqlite3_sql(st);
            w->m_offenders << QStringLiteral("%1 rows in full scans, %2 steps: %3")
                                  .arg(scanned)
                                  .arg(steps)
                                  .arg(QString::fromUtf8(sql ? sql : "?"));
        }
        return 0;
    }
    sqlite3* m_db;
    int m_fullScanLimit;
    int m_vmLimit;
    QStringList m_offenders;
    int m_statements = 0;
};

} // namespace

class ScalePlansTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void issuanceAndRevocationScanNoBigTable();
    void batchIssuanceScansNoBigTable();
    void scheduledWorkScansNoBigTable();
    void journalsOfADayWalkOnlyThatDay();
    void deltaCrlScansNoBigTable();

private:
    sqlite3* lite() const { return m_f->reg->db().sqlite(); }
    // An approved NCA individual's application for `iin`.
    qint64 approved(const QString& iin);
    // The NCA certificate `serial` revoked (or held) by officer A on a holder's application.
    Status revoke(const QString& serial, int reason, const QString& document) {
        return CaEngine(*m_f->reg).revoke(
            m_f->officerA,
            RevokeRequest{kNca, serial, reason, QStringLiteral("holder_application"), document, 0, {}, {}, {}});
    }

    RegistryFixture m_template;
    QTemporaryDir m_out;
    std::unique_ptr<RegistryFixture> m_f;
    QString keyPath() const { return m_out.filePath(QStringLiteral("nca-key.p8")); }
};

void ScalePlansTest::initTestCase() {
    QVERIFY(m_out.isValid());
    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
    if (!t.reg->db().sqlite())
        QSKIP("query statistics are SQLite's");
    TIRKEU_VERIFY_OK(
        CaEngine(*t.reg).createRootCa(t.admin, kNca, pki::KeyAlgorithm::EcP256, keyPath(), kCaPassphrase, 10));
    bench::GeneratorSpec spec;
    spec.certificates = kCertificates;
    spec.caId = t.ncaId;
    spec.operatorId = t.officerA.operatorId;
    spec.now = t.clock.now().addDays(-2).toSecsSinceEpoch(); // nothing of it on the tests' day
    const bench::GeneratorStats made = bench::generateRegister(t.reg->db(), spec);
    QCOMPARE(made.certificates, kCertificates);
    QVERIFY(made.revoked > kCertificates / 20);
}

void ScalePlansTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 10)), qPrintable(m_f->error));
}

void ScalePlansTest::cleanup() {
    m_f.reset();
}

qint64 ScalePlansTest::approved(const QString& iin) {
    auto id = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(iin, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    if (!id) {
        qWarning("submit: %s", qPrintable(id.message()));
        return 0;
    }
    if (Status s = m_f->reg->applications().approve(m_f->officerB, *id); !s) {
        qWarning("approve: %s", qPrintable(s.message()));
        return 0;
    }
    return *id;
}

void ScalePlansTest::issuanceAndRevocationScanNoBigTable() {
    const auto secret = pki::SecretSource::literal(kCaPassphrase);
    CaEngine engine(*m_f->reg);
    const ScanWatch watch(lite(), int(kCertificates / 10), 0);
    const qint64 app = approved(kIinAliya);
    QVERIFY(app > 0);
    auto issued = engine.issueFromCsr(m_f->officerA, app, holderCsr(kIinAliya), secret);
    TIRKEU_VERIFY_OK(issued);
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(revoke(issued->serialHex, 6, QStringLiteral("өтініш №5")));
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(engine.release(m_f->officerA,
                                    ReleaseRequest{kNca, issued->serialHex, QStringLiteral("holder_application"), {}}));
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(revoke(issued->serialHex, 1, QStringLiteral("өтініш №6")));
    QVERIFY(watch.statements() > 20);
    QVERIFY2(watch.offenders().isEmpty(), qPrintable(watch.offenders()));
}

void ScalePlansTest::batchIssuanceScansNoBigTable() {
    std::vector<BatchItem> items;
    for (const QString& iin : {kIinAliya, kIinSecond, kIinFourth}) {
        BatchItem item;
        item.applicationId = approved(iin);
        QVERIFY(item.applicationId > 0);
        item.csr = holderCsr(iin);
        items.push_back(item);
    }
    const ScanWatch watch(lite(), int(kCertificates / 10), 0);
    BatchOptions options;
    options.groupSize = 2; // two groups: the service keys are read for each
    auto batch = CaEngine(*m_f->reg).issueBatchFromCsrs(m_f->officerA, items, pki::SecretSource::literal(kCaPassphrase),
                                                        options, {});
    TIRKEU_VERIFY_OK(batch);
    QCOMPARE(batch->issued, 3);
    QVERIFY2(watch.offenders().isEmpty(), qPrintable(watch.offenders()));
}

void ScalePlansTest::scheduledWorkScansNoBigTable() {
    const ScanWatch watch(lite(), int(kCertificates / 10), 0);
    OcspSignerRequest signer;
    signer.caCode = kNca;
    signer.keyOut = m_out.filePath(QStringLiteral("ocsp-%1.p8").arg(QTest::currentDataTag()));
    QFile::remove(signer.keyOut);
    signer.passphrase = QStringLiteral("ocsp-signer-passphrase");
    signer.caKeySecret = pki::SecretSource::literal(kCaPassphrase);
    TIRKEU_VERIFY_OK(OcspSigning(*m_f->reg).init(m_f->officerA, signer));
    TIRKEU_VERIFY_OK(Notifications(*m_f->reg).queueExpiryReminders(m_f->officerA, 30));
    TIRKEU_VERIFY_OK(Agenda(*m_f->reg).today(m_f->officerA));
    QVERIFY2(watch.offenders().isEmpty(), qPrintable(watch.offenders()));
}

void ScalePlansTest::journalsOfADayWalkOnlyThatDay() {
    // Today's issuance: one certificate among the register's thousands (all issued on earlier days).
    const qint64 app = approved(kIinAliya);
    QVERIFY(app > 0);
    TIRKEU_VERIFY_OK(CaEngine(*m_f->reg).issueFromCsr(m_f->officerA, app, holderCsr(kIinAliya),
                                                      pki::SecretSource::literal(kCaPassphrase)));
    const JournalQuery day{kNca, m_f->clock.today(), m_f->clock.today()};
    Journals journals(*m_f->reg);
    const ScanWatch watch(lite(), int(kCertificates / 10), int(kCertificates));
    qint64 rows = 0;
    TIRKEU_VERIFY_OK(journals.issuance(m_f->officerA, day, [&rows](const IssuanceRow&) { return ++rows, true; }));
    QCOMPARE(rows, qint64(1));
    TIRKEU_VERIFY_OK(journals.countIssuance(m_f->officerA, day));
    rows = 0;
    TIRKEU_VERIFY_OK(
        journals.registerExtract(m_f->officerA, day, [&rows](const IssuanceRow&) { return ++rows, true; }));
    QCOMPARE(rows, qint64(1));
    QVERIFY2(watch.offenders().isEmpty(), qPrintable(watch.offenders()));
}

// A full CRL reads every revocation of its CA (that is its content); a delta CRL only those since its base.
void ScalePlansTest::deltaCrlScansNoBigTable() {
    const auto secret = pki::SecretSource::literal(kCaPassphrase);
    CaEngine engine(*m_f->reg);
    const QString out = m_out.filePath(QStringLiteral("crl-delta"));
    QVERIFY(QDir().mkpath(out));
    auto full = engine.publishCrl(m_f->officerA, kNca, out, false, secret, true);
    TIRKEU_VERIFY_OK(full);
    const qint64 app = approved(kIinAliya);
    QVERIFY(app > 0);
    auto issued = engine.issueFromCsr(m_f->officerA, app, holderCsr(kIinAliya), secret);
    TIRKEU_VERIFY_OK(issued);
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(revoke(issued->serialHex, 4, QStringLiteral("өтініш №7")));
    const ScanWatch watch(lite(), int(kCertificates / 10), 0);
    auto delta = engine.publishCrl(m_f->officerA, kNca, out, true, secret);
    TIRKEU_VERIFY_OK(delta);
    QVERIFY2(watch.offenders().isEmpty(), qPrintable(watch.offenders()));
}

TIRKEU_TEST_GUILESS_MAIN(ScalePlansTest)
#include "tst_scale_plans.moc"
