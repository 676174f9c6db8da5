// The revoked-certificates listing (report crl-listing) as CSV, byte for byte: the file written today
// must equal tests/reports/reference/crl-listing.csv, which was written by the code before the CSV
// export was made fast (issue 18). The rows cover Kazakh and Russian letters, names that need quoting
// (separator, quotes, a line break), names a spreadsheet would take for a formula, every reason code,
// the basis kinds, holder snapshots, and revocation times on both sides of Kazakhstan's change from
// UTC+6 to UTC+5 (1 March 2024). TIRKEU_WRITE_REFERENCE=1 rewrites the reference instead.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"

#include "registry/HolderSnapshot.h"
#include "reports/Reports.h"

#include <QDir>
#include <QFile>

using namespace tirkeu;
using namespace tirkeu::test;

class TestCsvListing : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;

    QString reference() const {
        return QDir(qEnvironmentVariable("TIRKEU_SOURCE_DIR"))
            .filePath(QStringLiteral("tests/reports/reference/crl-listing.csv"));
    }

    void addRevoked(int n, const QString& iin, const QString& surname, const QString& name, const QVariant& patronymic,
                    const QString& revokedAtUtc, int reason, const QString& basisKind, const QVariant& basisDocument,
                    const QVariant& snapshot) {
        QVERIFY2(
            m_fx.exec(QStringLiteral("INSERT INTO persons (iin, surname, name, patronymic, created_at, updated_at, "
                                     "retention_until) VALUES (?, ?, ?, ?, '2023-01-01T00:00:00.000Z', "
                                     "'2023-01-01T00:00:00.000Z', '2040-01-01T00:00:00.000Z')"),
                      {iin, surname, name, patronymic})
                .ok(),
            "person");
        const QString serial = QStringLiteral("7A%1").arg(n * 7919, 8, 16, QLatin1Char('0')).toUpper();
        // Issued before its revocation (the register refuses a revocation dated before its certificate began,
        // migration 24): the 1999 revocation's certificate began that year.
        auto id = m_fx.insertCertificate(m_fx.ncaId, serial, iin,
                                         qMin(almaty(2023, 6, 1 + n), registry::fromDbTime(revokedAtUtc).addDays(-1)));
        TIRKEU_VERIFY_OK(id);
        QVERIFY(m_fx.exec(QStringLiteral("INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, "
                                         "basis_kind, basis_document, revoked_at, recorded_at, recorded_by, "
                                         "holder_snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {*id, m_fx.ncaId, serial, reason, basisKind, basisDocument, revokedAtUtc, revokedAtUtc,
                           m_fx.officerA.operatorId, snapshot})
                    .ok());
        QVERIFY(m_fx.exec(QStringLiteral("UPDATE certificates SET status = 'revoked' WHERE id = ?"), {*id}).ok());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error)); }

    void listingIsByteIdenticalToTheReference() {
        const QVariant none;
        registry::HolderSnapshot snap;
        snap.name = QStringLiteral("Өмірзақов Ұлан «Снимок»; \"кавычки\"");
        snap.iin = kIinFifth;
        const int reasons[] = {0, 1, 2, 3, 4, 5, 6, 9};
        const QStringList kinds = {QStringLiteral("holder_application"), QStringLiteral("court_decision"),
                                   QStringLiteral("ca_termination"), QStringLiteral("holder_left_job")};
        addRevoked(1, kIinAliya, QStringLiteral("Қасымова"), QStringLiteral("Әлия"), QStringLiteral("Серікқызы"),
                   QStringLiteral("2024-02-29T18:30:00.000Z"), reasons[0], kinds[0], none, none);
        addRevoked(2, kIinSecond, QStringLiteral("МакКей"), QStringLiteral("Іңкәр; \"Ина\""), none,
                   QStringLiteral("2024-02-29T19:30:00.000Z"), reasons[1], kinds[1], QStringLiteral("№ 2-117/24"),
                   none);
        addRevoked(3, kIinThird, QStringLiteral("=HYPERLINK(\"http://x\")"), QStringLiteral("Ольга"), none,
                   QStringLiteral("2024-03-01T00:00:00.000Z"), reasons[2], kinds[2], none, none);
        addRevoked(4, kIinFourth, QStringLiteral("+77012345678"), QStringLiteral("Сергей\nДмитриевич"), none,
                   QStringLiteral("2025-12-31T19:00:00.123Z"), reasons[3], kinds[3], none, none);
        addRevoked(5, QStringLiteral("900701300116"), QStringLiteral("-Ли"), QStringLiteral("@Анна"), none,
                   QStringLiteral("2026-01-01T00:00:59.999Z"), reasons[4], kinds[0], none, snap.toJson());
        addRevoked(6, QStringLiteral("900701300124"), QStringLiteral("Ұзақов"), QStringLiteral("Ерлан"),
                   QStringLiteral("Асқарұлы"), QStringLiteral("1999-12-31T23:59:59.000Z"), reasons[5], kinds[1], none,
                   none);
        addRevoked(7, QStringLiteral("900701300132"), QStringLiteral("Tab\tName"), QStringLiteral("Ілияс"), none,
                   QStringLiteral("2026-03-01T05:00:00.000Z"), reasons[6], kinds[2], none, none);
        addRevoked(8, QStringLiteral("900701300140"), QStringLiteral("Смирнова"), QStringLiteral("Елена"),
                   QStringLiteral("Петровна"), QStringLiteral("2026-03-02T04:59:00.000Z"), reasons[7], kinds[3], none,
                   none);

        reports::Reports r(*m_fx.reg, m_fx.officerA);
        reports::ReportRequest rq;
        rq.kind = reports::ReportKind::CrlListing;
        rq.caCode = kNca;
        rq.csvSeparator = u';';
        const QString out = m_fx.dir.filePath(QStringLiteral("crl-listing.csv"));
        TIRKEU_VERIFY_OK(r.save(rq, reports::ReportFormat::Csv, out));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray written = f.readAll();
        QVERIFY(written.contains("Қасымова Әлия Серікқызы"));
        if (qEnvironmentVariableIsSet("TIRKEU_WRITE_REFERENCE")) {
            QFile ref(reference());
            QVERIFY(ref.open(QIODevice::WriteOnly));
            ref.write(written);
            QSKIP("reference written");
        }
        QFile ref(reference());
        QVERIFY2(ref.open(QIODevice::ReadOnly), qPrintable(reference()));
        const QByteArray expected = ref.readAll();
        if (written != expected)
            qWarning("written:\n%s\nexpected:\n%s", written.constData(), expected.constData());
        QCOMPARE(written, expected);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCsvListing)
#include "tst_csv_listing.moc"
