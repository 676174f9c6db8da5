// The Today page (app/gui/TodayPage, registry/Agenda) and the queue it opens: lines per role with their
// counts, a click opens the queue filtered to exactly those applications; the queue's search, sorting,
// totals and state-aware Approve / Reject; print previews of an application form and a journal (the same
// pages as the PDF); a cancelled report leaves no file while the window keeps working.
#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/ApplicationQueueModel.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/DraftsDialog.h"
#include "app/gui/Job.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ReportsPage.h"
#include "app/gui/TodayPage.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Drafts.h"
#include "registry/Language.h"

#include <QCommandLinkButton>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QPrinter>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
const QString kSerial1 = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900B1");
const QString kSerial2 = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900B2");
} // namespace

class TodayTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void draftsLineOpensMyDrafts();

    void emptyRegisterSaysNothingIsDue();
    void linesShowTheirCountsAndOpenTheQueueFiltered();
    void queueSearchSortAndTotals();
    void approveAndRejectFollowTheState();
    void applicationFormPreviewHasPages();
    void journalPreviewHasPages();
    void cancelledReportLeavesNoFileAndTheWindowWorks();

private:
    using Window = TestWindow;
    Window openWindow(const Session& session);
    // An issuance (done) and two revocations: one overdue (received 2026-03-02, due 03-04), one due on
    // 03-12 (received 03-10); the clock is left at 2026-03-10 12:00.
    void populate();

    QTemporaryDir m_config;
    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
    qint64 m_issue = 0;
    qint64 m_r1 = 0;
    qint64 m_r2 = 0;
};

void TodayTest::initTestCase() {
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8()); // QSettings (anchor folder) stay out of $HOME
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu-test-today"));
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_template.create(almaty(2026, 3, 2, 9)), qPrintable(m_template.error));
}

void TodayTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 11)), qPrintable(m_f->error));
}

void TodayTest::cleanup() {
    m_f.reset();
}

TodayTest::Window TodayTest::openWindow(const Session& session) {
    return openMainWindow(*m_f->reg, session, QSize(1280, 800));
}

void TodayTest::populate() {
    auto scene = m_f->revocationScene({{kSerial1, m_f->clock.now()}, {kSerial2, almaty(2025, 3, 25, 10)}});
    TIRKEU_VERIFY_OK(scene);
    m_issue = scene->issue;
    m_r1 = scene->early;
    m_r2 = scene->late;
}

void TodayTest::emptyRegisterSaysNothingIsDue() {
    Window w = openWindow(m_f->officerA);
    gui::TodayPage* today = w.window->todayPage();
    QVERIFY(today);
    QCOMPARE(w.window->tabs()->widget(0), static_cast<QWidget*>(today)); // the first tab (GuiApp opens it)
    w.window->tabs()->setCurrentWidget(today);
    QVERIFY(today->items().isEmpty());
    QVERIFY(today->lineButtons().isEmpty());
    QVERIFY(child<QLabel>(today, "todayEmpty")->isVisible());
    snapshot(w.window.get(), QStringLiteral("today-empty"));
}

void TodayTest::linesShowTheirCountsAndOpenTheQueueFiltered() {
    populate();
    Window w = openWindow(m_f->officerA);
    gui::TodayPage* today = w.window->todayPage();
    w.window->tabs()->setCurrentWidget(today);
    today->refresh();
    QCoreApplication::sendPostedEvents(); // the layout settles as it would in the running window
    QCoreApplication::processEvents();
    QVERIFY(!child<QLabel>(today, "todayEmpty")->isVisible());
    // Overdue (R1), revocations within their working days (R2), expiring (the certificate of 2025-03-25).
    const QList<QCommandLinkButton*> lines = today->lineButtons();
    QCOMPARE(lines.size(), 3);
    auto* overdue = child<QCommandLinkButton>(today, "today_applications_overdue");
    auto* revocations = child<QCommandLinkButton>(today, "today_revocations_due");
    auto* expiring = child<QCommandLinkButton>(today, "today_certificates_expiring");
    QVERIFY(overdue && revocations && expiring);
    QCOMPARE(overdue->text(), QStringLiteral("Applications overdue: 1"));
    QVERIFY2(overdue->description().contains(QStringLiteral("04.03.2026")), qPrintable(overdue->description()));
    QCOMPARE(revocations->text(), QStringLiteral("Revocation requests due within their working days: 1"));
    QCOMPARE(expiring->text(), QStringLiteral("Certificates expiring within 30 days: 1"));
    for (QCommandLinkButton* line : lines) {
        QVERIFY(line->isVisible());
        // Not clipped: the page gives each line at least the width its text needs.
        QVERIFY2(line->width() >= line->fontMetrics().horizontalAdvance(line->text()), qPrintable(line->text()));
    }
    QVERIFY(today->width() >= today->minimumSizeHint().width());
    // The lines stand under the title, in the order of the agenda, not pushed down the page.
    QVERIFY2(overdue->mapTo(today, QPoint()).y() < today->height() / 3, "the lines are not at the top");
    QVERIFY(overdue->mapTo(today, QPoint()).y() < revocations->mapTo(today, QPoint()).y());
    const QImage shot = w.window->grab().toImage();
    QVERIFY(!shot.isNull());
    if (const QByteArray dir = qgetenv("TIRKEU_TODAY_SHOT"); !dir.isEmpty())
        shot.save(QString::fromUtf8(dir) + QStringLiteral("/today.png"));
    snapshot(w.window.get(), QStringLiteral("today"));

    // The overdue line opens the queue showing exactly the overdue application.
    QTest::mouseClick(overdue, Qt::LeftButton);
    gui::ApplicationQueuePage* queue = w.window->queuePage();
    QCOMPARE(w.window->tabs()->currentWidget(), queue);
    QCOMPARE(queue->model()->rowCount(), 1);
    QCOMPARE(queue->model()->record(0)->id, m_r1);
    QVERIFY(child<QLabel>(queue, "queueShown")->isVisible());
    QVERIFY(child<QLabel>(queue, "queueShown")->text().contains(QStringLiteral("Applications overdue: 1")));
    // A refresh keeps what the line asked for.
    queue->refresh();
    QCOMPARE(queue->model()->rowCount(), 1);
    // "Show the whole queue": the open applications again.
    QTest::mouseClick(child<QPushButton>(queue, "queueShowAll"), Qt::LeftButton);
    QVERIFY(!child<QLabel>(queue, "queueShown")->isVisible());
    QCOMPARE(queue->model()->rowCount(), 2);

    // The revocations line: the one still within its working days.
    w.window->tabs()->setCurrentWidget(today);
    QTest::mouseClick(revocations, Qt::LeftButton);
    QCOMPARE(queue->model()->rowCount(), 1);
    QCOMPARE(queue->model()->record(0)->id, m_r2);
    // The expiring line opens the Expiring tab.
    w.window->tabs()->setCurrentWidget(today);
    QTest::mouseClick(expiring, Qt::LeftButton);
    QCOMPARE(w.window->tabs()->currentWidget()->objectName(), QStringLiteral("expiringPage"));

    // An administrator acts on none of these: nothing due.
    Window admin = openWindow(m_f->admin);
    QVERIFY(admin.window->todayPage()->items().isEmpty());
}

void TodayTest::queueSearchSortAndTotals() {
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
    Window w = openWindow(m_f->officerA);
    gui::ApplicationQueuePage* queue = w.window->queuePage();
    w.window->tabs()->setCurrentWidget(queue);
    auto* pageLabel = child<QLabel>(queue, "pageLabel");
    QCOMPARE(pageLabel->text(), QStringLiteral("Page 1 of 1 · rows 1–3 of 3"));

    // Search: typing a surname in lower case, Enter.
    auto* search = child<QLineEdit>(queue, "queueSearch");
    QVERIFY(search);
    typeText(search, QStringLiteral("бекова"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(queue->model()->rowCount(), 1);
    QCOMPARE(queue->model()->record(0)->id, ids[1]);
    QCOMPARE(pageLabel->text(), QStringLiteral("Page 1 of 1 · rows 1–1 of 1"));
    // By number (typing pauses: the search runs by itself) and by the start of an IIN.
    search->clear();
    QTest::keyClicks(search, QString::number(ids[2]));
    QCOMPARE(queue->model()->record(0)->id, ids[1]); // not yet: the search waits for a pause in typing
    QTRY_COMPARE(queue->model()->record(0)->id, ids[2]);
    QCOMPARE(queue->model()->rowCount(), 1);
    search->clear();
    QTest::keyClicks(search, kIinAliya.left(8));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(queue->model()->rowCount(), 1);
    QCOMPARE(queue->model()->record(0)->id, ids[0]);
    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(queue->model()->rowCount(), 3);

    // Sorting by a header click: by applicant, then descending; over the whole queue, page by page.
    QHeaderView* header = queue->view()->horizontalHeader();
    const int applicantX = header->sectionViewportPosition(gui::ApplicationQueueModel::ApplicantColumn) + 5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(applicantX, header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), int(gui::ApplicationQueueModel::ApplicantColumn));
    const auto shown = [&] {
        QList<qint64> out;
        for (int r = 0; r < queue->model()->rowCount(); ++r)
            out << queue->model()->record(r)->id;
        return out;
    };
    const QList<qint64> ascending{ids[2], ids[1], ids[0]}; // Абаев, Бекова, Қасымова
    const QList<qint64> descending{ids[0], ids[1], ids[2]};
    QCOMPARE(shown(), header->sortIndicatorOrder() == Qt::AscendingOrder ? ascending : descending);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(applicantX, header->height() / 2));
    QCOMPARE(shown(), header->sortIndicatorOrder() == Qt::AscendingOrder ? ascending : descending);
    queue->model()->setPageSize(2);
    QVERIFY(queue->model()->reload().ok());
    QCOMPARE(queue->model()->pageCount(), 2);
    QCOMPARE(queue->model()->total(), qint64(3));
    QCOMPARE(pageLabel->text(), QStringLiteral("Page 1 of 2 · rows 1–2 of 3"));
    const QList<qint64> first = shown();
    QTest::mouseClick(child<QPushButton>(queue, "nextPageButton"), Qt::LeftButton);
    QCOMPARE(pageLabel->text(), QStringLiteral("Page 2 of 2 · rows 3–3 of 3"));
    QCOMPARE(first + shown(), header->sortIndicatorOrder() == Qt::AscendingOrder ? ascending : descending);
}

void TodayTest::approveAndRejectFollowTheState() {
    Applications& apps = m_f->reg->applications();
    auto registered = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(registered);
    auto approved =
        apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова")));
    TIRKEU_VERIFY_OK(approved);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerB, *approved));
    auto own = apps.submit(m_f->officerA, kNca, kIssueInd, ncaIssueIndividual(kIinFifth, QStringLiteral("Абаев")));
    TIRKEU_VERIFY_OK(own);
    Window w = openWindow(m_f->officerA);
    gui::ApplicationQueuePage* queue = w.window->queuePage();
    w.window->tabs()->setCurrentWidget(queue);
    auto* approve = child<QPushButton>(queue, "approveButton");
    auto* reject = child<QPushButton>(queue, "rejectButton");
    QVERIFY(!approve->isEnabled()); // nothing selected
    queue->selectApplication(*registered);
    QVERIFY(approve->isEnabled());
    QVERIFY(reject->isEnabled());
    queue->selectApplication(*approved); // already decided
    QVERIFY(!approve->isEnabled());
    QVERIFY(!reject->isEnabled());
    QVERIFY2(approve->toolTip().contains(QStringLiteral("approved")), qPrintable(approve->toolTip()));
    queue->selectApplication(*own); // four-eyes: not one's own registration
    QVERIFY(!approve->isEnabled());
    QVERIFY2(approve->toolTip().contains(QStringLiteral("Four-eyes")), qPrintable(approve->toolTip()));
    // An operator may not decide at all.
    Window op = openWindow(m_f->operatorA);
    op.window->queuePage()->selectApplication(*registered);
    QVERIFY(!child<QPushButton>(op.window->queuePage(), "approveButton")->isEnabled());
}

void TodayTest::applicationFormPreviewHasPages() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    AnsweringPrompter prompter;
    gui::ApplicationDetailsDialog details(*m_f->reg, m_f->operatorA, *id, nullptr, &prompter);
    details.show();
    QPrintPreviewDialog* preview = details.previewForm();
    QVERIFY2(preview, qPrintable(details.message()));
    auto* widget = preview->findChild<QPrintPreviewWidget*>();
    QVERIFY(widget);
    QTRY_VERIFY(widget->pageCount() >= 1);
    preview->close();
}

void TodayTest::journalPreviewHasPages() {
    for (int i = 0; i < 30; ++i)
        TIRKEU_VERIFY_OK(m_f->insertCertificate(m_f->govId, QStringLiteral("%1").arg(0xB000 + i, 40, 16, QChar(u'0')),
                                                kIinAliya, almaty(2026, 3, 2, 9).addSecs(60 * i)));
    gui::ReportsPage page(*m_f->reg, m_f->officerA);
    page.show();
    reports::ReportRequest rq;
    rq.kind = reports::ReportKind::IssuanceJournal;
    rq.caCode = kGov;
    rq.from = QDate(2026, 3, 1);
    rq.to = QDate(2026, 3, 31);
    page.setRequest(rq);
    QSignalSpy done(&page, &gui::ReportsPage::finished);
    page.printReport();
    QVERIFY(done.wait(60000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    QPrintPreviewDialog* preview = page.printPreview();
    QVERIFY(preview);
    auto* widget = preview->findChild<QPrintPreviewWidget*>();
    QVERIFY(widget);
    QTRY_VERIFY(widget->pageCount() >= 1);
    QCOMPARE(preview->printer()->pageLayout().orientation(), QPageLayout::Landscape); // the journal's pages
    preview->close();
}

void TodayTest::cancelledReportLeavesNoFileAndTheWindowWorks() {
    gui::ReportsPage page(*m_f->reg, m_f->officerA);
    page.show();
    reports::ReportRequest rq;
    rq.kind = reports::ReportKind::RegisterExtract;
    rq.caCode = kGov;
    page.setRequest(rq);
    QSemaphore cancelled;
    page.setBeforeWritingForTests([&cancelled] { cancelled.acquire(); }); // the worker waits for the cancel
    QSignalSpy done(&page, &gui::ReportsPage::finished);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("extract.pdf"));
    page.generate(reports::ReportFormat::Pdf, pdf);
    QVERIFY(page.busy());
    // The window keeps handling events while the job runs: a timer fires.
    bool ticked = false;
    QTimer::singleShot(20, &page, [&ticked] { ticked = true; });
    QTRY_VERIFY(ticked);
    auto* cancel = child<QPushButton>(&page, "reportCancel");
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    cancelled.release();
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().at(0).toBool(), false);
    QVERIFY(!QFile::exists(pdf));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    QVERIFY(!page.busy());
}

void TodayTest::draftsLineOpensMyDrafts() {
    registry::Draft d;
    d.caCode = kNca;
    d.formCode = kIssueInd;
    d.submission = ncaIssueIndividual();
    TIRKEU_VERIFY_OK(registry::Drafts(*m_f->reg).save(m_f->operatorA, d));
    Window w = openWindow(m_f->operatorA);
    gui::TodayPage* today = w.window->todayPage();
    w.window->tabs()->setCurrentWidget(today);
    today->refresh();
    auto* line = child<QCommandLinkButton>(today, "today_drafts_kept");
    QVERIFY(line);
    QVERIFY2(line->text().contains(QStringLiteral("My drafts")), qPrintable(line->text()));
    line->click();
    auto* list = w.window->findChild<gui::DraftsDialog*>();
    QVERIFY(list);
    QCOMPARE(list->count(), 1);
    // Someone else's Today has no such line.
    Window officer = openWindow(m_f->officerA);
    officer.window->todayPage()->refresh();
    QVERIFY(!child<QCommandLinkButton>(officer.window->todayPage(), "today_drafts_kept"));
}

TIRKEU_TEST_MAIN(TodayTest)
#include "tst_today.moc"
