// The Reports tab: documents are made by a worker thread with its own register connection; the
// preview shows the pages Poppler renders; refusals are shown, not thrown.
#include "app/gui/ReportsPage.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>

using namespace tirkeu;
using namespace tirkeu::test;

class TestReportsPage : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 20, 10)), qPrintable(m_fx.error));
        for (int i = 0; i < 40; ++i)
            TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId,
                                                    QStringLiteral("%1").arg(0xA000 + i, 40, 16, QChar(u'0')),
                                                    kIinAliya, almaty(2026, 3, 2, 9).addSecs(3600 * i)));
    }

    void savesCsvInTheBackground() {
        gui::ReportsPage page(*m_fx.reg, m_fx.officerA);
        reports::ReportRequest rq;
        rq.kind = reports::ReportKind::IssuanceJournal;
        rq.caCode = kGov;
        rq.from = QDate(2026, 3, 1);
        rq.to = QDate(2026, 3, 31);
        page.setRequest(rq);
        QCOMPARE(page.request().caCode, kGov);
        QSignalSpy done(&page, &gui::ReportsPage::finished);
        const QString csv = m_out.filePath(QStringLiteral("journal.csv"));
        page.generate(reports::ReportFormat::Csv, csv);
        QVERIFY(page.busy());
        QVERIFY(done.wait(60000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count("\r\n"), 41);
        QVERIFY(!page.busy());
    }

    void previewRendersThePages() {
        gui::ReportsPage page(*m_fx.reg, m_fx.officerA);
        reports::ReportRequest rq;
        rq.kind = reports::ReportKind::IssuanceJournal;
        rq.caCode = kGov;
        rq.from = QDate(2026, 3, 1);
        rq.to = QDate(2026, 3, 31);
        page.setRequest(rq);
        QSignalSpy done(&page, &gui::ReportsPage::finished);
        page.preview();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QVERIFY2(page.previewPages() >= 2, qPrintable(QString::number(page.previewPages())));
    }

    void refusalIsReported() {
        gui::ReportsPage page(*m_fx.reg, m_fx.operatorA);
        reports::ReportRequest rq;
        rq.kind = reports::ReportKind::AuditAnchors;
        page.setRequest(rq);
        QSignalSpy done(&page, &gui::ReportsPage::finished);
        const QString pdf = m_out.filePath(QStringLiteral("anchors.pdf"));
        page.generate(reports::ReportFormat::Pdf, pdf);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY(!done.first().at(1).toString().isEmpty());
        QVERIFY(!QFile::exists(pdf));
    }
};

TIRKEU_TEST_MAIN(TestReportsPage)
#include "tst_reportspage.moc"
