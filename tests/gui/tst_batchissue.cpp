// Bulk issuance through the window (Certificates → Issue from requests…), offscreen, on a real register
// with a real CA key: a folder of holders' requests is issued in one go on a worker thread, each
// certificate's file written once it is recorded, a refused request listed with its reason while the
// others are issued; a folder in the way or a missing source is refused before the passphrase is asked
// and issues nothing; a role that may not issue has the action disabled. With $TIRKEU_SCREENSHOT_DIR set,
// the dialog is saved in Kazakh and Russian.

#include "app/gui/BatchIssueDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RegisterActions.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class BatchIssueTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void aFolderOfRequestsIsIssuedAndTheRefusedOneListed();
    void closingWhileRunningStopsAfterTheGroup();
    void aFileInTheWayIssuesNothingAndAsksNothing();
    void aRoleThatMayNotIssueHasNoAction();
    void screenshotsInKazakhAndRussian();

private:
    using Window = TestWindow;
    Window openWindow(const Session& session);
    gui::BatchIssueDialog* openDialog(const Window& w);
    QString statusOf(qint64 id) {
        return m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {id}).toString();
    }

    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_f;
    QTemporaryDir m_keys;
    std::unique_ptr<QTemporaryDir> m_dir;
    QList<qint64> m_apps; // approved, each with a request in requests/ (the third's request is not one)
};

void BatchIssueTest::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY(m_keys.isValid());
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    TIRKEU_VERIFY_OK(registry::CaEngine(*m_base.reg)
                         .createRootCa(m_base.admin, kNca, pki::KeyAlgorithm::EcP256,
                                       m_keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
    const QList<std::pair<QString, QString>> holders = {{kIinAliya, QStringLiteral("Қасымова")},
                                                        {kIinSecond, QStringLiteral("Ахметов")},
                                                        {kIinFourth, QStringLiteral("Бекова")}};
    for (const auto& [iin, surname] : holders) {
        auto id = m_base.reg->applications().submit(m_base.operatorA, kNca, kIssueInd,
                                                    ncaIssueIndividual(iin, surname, QStringLiteral("Әлия")));
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(m_base.reg->applications().approve(m_base.officerB, *id));
        m_apps << *id;
    }
}

void BatchIssueTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("requests")));
    // Two genuine requests and one that is not a CSR at all.
    for (int i = 0; i < 2; ++i) {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY2(key.ok(), qPrintable(key.message()));
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinFifth));
        QVERIFY2(csr.ok(), qPrintable(csr.message()));
        QVERIFY(writeBytes(m_dir->filePath(QStringLiteral("requests/%1.csr").arg(m_apps.at(i))), *csr));
    }
    QVERIFY(writeBytes(m_dir->filePath(QStringLiteral("requests/%1.csr").arg(m_apps.at(2))),
                       QByteArray("-----BEGIN CERTIFICATE REQUEST-----\nnot a request\n"
                                  "-----END CERTIFICATE REQUEST-----\n")));
}

void BatchIssueTest::cleanup() {
    m_f.reset();
    m_dir.reset();
    registry::Language::install(QStringLiteral("en"));
}

BatchIssueTest::Window BatchIssueTest::openWindow(const Session& session) {
    return openMainWindow(*m_f->reg, session);
}

gui::BatchIssueDialog* BatchIssueTest::openDialog(const Window& w) {
    QAction* action = w.actions()->issueBatchAction();
    if (!action || !action->isEnabled())
        return nullptr;
    action->trigger();
    return w.window->findChild<gui::BatchIssueDialog*>();
}

void BatchIssueTest::aFolderOfRequestsIsIssuedAndTheRefusedOneListed() {
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = kCaPassphrase;
    gui::BatchIssueDialog* dialog = openDialog(w);
    QVERIFY(dialog);
    const qint64 certificatesBefore = m_f->count(QStringLiteral("certificates"));
    const QString out = m_dir->filePath(QStringLiteral("issued"));
    dialog->setSource(m_dir->filePath(QStringLiteral("requests")), false);
    dialog->setOutputFolder(out);
    QSignalSpy finished(dialog, &gui::BatchIssueDialog::batchFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY(dialog->running());
    QVERIFY(child<QProgressBar>(dialog, "batchProgress")->isVisible());
    QVERIFY(!child<QPushButton>(dialog, "batchIssueButton")->isEnabled());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QCOMPARE(w.prompter->passwordAsked, 1);
    QVERIFY2(w.prompter->questions.join(u'\n').contains(u"3 request"), qPrintable(w.prompter->questions.join(u'\n')));
    QVERIFY(w.prompter->errors.isEmpty());

    // Two issued and recorded, each file written; the third refused with its reason, nothing of it issued.
    QCOMPARE(m_f->count(QStringLiteral("certificates")), certificatesBefore + 2);
    for (int i = 0; i < 3; ++i) {
        const bool good = i < 2;
        QCOMPARE(QFileInfo::exists(QDir(out).filePath(QStringLiteral("%1.pem").arg(m_apps.at(i)))), good);
        QCOMPARE(statusOf(m_apps.at(i)), good ? QStringLiteral("done") : QStringLiteral("approved"));
    }
    QTableWidget* table = dialog->results();
    QVERIFY(table->isVisible());
    QCOMPARE(table->rowCount(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(table->item(i, 0)->text(), QStringLiteral("%1.csr").arg(m_apps.at(i)));
        QCOMPARE(table->item(i, 1)->text(), i < 2 ? QStringLiteral("issued") : QStringLiteral("refused"));
    }
    const QString serial =
        m_f->scalar(QStringLiteral("SELECT serial FROM certificates WHERE application_id = ?"), {m_apps.at(0)})
            .toString();
    QVERIFY2(table->item(0, 2)->text().contains(serial), qPrintable(table->item(0, 2)->text()));
    QVERIFY2(table->item(2, 2)->text().contains(u"not a CSR"), qPrintable(table->item(2, 2)->text()));
    QVERIFY2(dialog->summaryText().contains(u"2 of 3 requests issued") && dialog->summaryText().contains(u"1 refused"),
             qPrintable(dialog->summaryText()));
    QVERIFY(child<QPushButton>(dialog, "batchIssueButton")->isEnabled());

    // Again into the same folder: the files are in the way, so nothing is issued twice nor overwritten.
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY(!dialog->running());
    QVERIFY2(dialog->message().contains(u"already exists"), qPrintable(dialog->message()));
    QCOMPARE(w.prompter->passwordAsked, 1);
    QCOMPARE(m_f->count(QStringLiteral("certificates")), certificatesBefore + 2);
    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    QVERIFY2(verified->ok, qPrintable(verified->problem));
}

void BatchIssueTest::closingWhileRunningStopsAfterTheGroup() {
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = kCaPassphrase;
    gui::BatchIssueDialog* dialog = openDialog(w);
    QVERIFY(dialog);
    const QString out = m_dir->filePath(QStringLiteral("issued"));
    dialog->setSource(m_dir->filePath(QStringLiteral("requests")), false);
    dialog->setOutputFolder(out);
    QSignalSpy finished(dialog, &gui::BatchIssueDialog::batchFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY(dialog->running()); // the CA key is being unlocked (scrypt): it runs a while
    QPushButton* close = child<QPushButton>(dialog, "batchCloseButton");
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!close->isEnabled());
    QVERIFY2(child<QProgressBar>(dialog, "batchProgress")->format().contains(u"Stopping"),
             qPrintable(child<QProgressBar>(dialog, "batchProgress")->format()));
    QVERIFY(dialog->isVisible()); // the window stays until the batch has stopped
    QVERIFY(finished.wait(120000));
    QVERIFY(dialog->isVisible());
    QVERIFY(close->isEnabled());
    // Whatever was recorded before the stop is issued with its file; nothing else is.
    QTableWidget* table = dialog->results();
    QCOMPARE(table->rowCount(), 3);
    for (int i = 0; i < 3; ++i) {
        const bool issued = table->item(i, 1)->text() == u"issued";
        QCOMPARE(QFileInfo::exists(QDir(out).filePath(QStringLiteral("%1.pem").arg(m_apps.at(i)))), issued);
        QCOMPARE(statusOf(m_apps.at(i)), issued ? QStringLiteral("done") : QStringLiteral("approved"));
    }
    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    QVERIFY2(verified->ok, qPrintable(verified->problem));
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_VERIFY(!w.window->findChild<gui::BatchIssueDialog*>());
}

void BatchIssueTest::aFileInTheWayIssuesNothingAndAsksNothing() {
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = kCaPassphrase;
    gui::BatchIssueDialog* dialog = openDialog(w);
    QVERIFY(dialog);
    const qint64 before = m_f->count(QStringLiteral("certificates"));
    // No source chosen.
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"Choose the folder of the requests"), qPrintable(dialog->message()));
    // A folder that does not exist.
    dialog->setSource(m_dir->filePath(QStringLiteral("nowhere")), false);
    dialog->setOutputFolder(m_dir->filePath(QStringLiteral("issued")));
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"There is no folder"), qPrintable(dialog->message()));
    // The second request's certificate file is already there: refused before the passphrase.
    const QString out = m_dir->filePath(QStringLiteral("issued"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(writeBytes(QDir(out).filePath(QStringLiteral("%1.pem").arg(m_apps.at(1))), "keep me"));
    dialog->setSource(m_dir->filePath(QStringLiteral("requests")), false);
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"already exists"), qPrintable(dialog->message()));
    // A manifest naming an application twice.
    const QString manifest = m_dir->filePath(QStringLiteral("requests/list.csv"));
    QVERIFY(writeBytes(manifest,
                       QStringLiteral("application,person,csr\n%1,,%1.csr\n%1,,%1.csr\n").arg(m_apps.at(0)).toUtf8()));
    dialog->setSource(manifest, true);
    dialog->setOutputFolder(m_dir->filePath(QStringLiteral("other")));
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"listed twice"), qPrintable(dialog->message()));
    // A hostile manifest: an application "number" that would name a certificate file outside the output folder
    // (the file name is built from it) is refused, and nothing is written anywhere.
    for (const QString& label : {QStringLiteral("../../escaped"), QStringLiteral("%1/../../escaped").arg(m_apps.at(0)),
                                 QStringLiteral("%1-0").arg(m_apps.at(0))}) {
        QVERIFY(writeBytes(manifest, QStringLiteral("%1,,%2.csr\n").arg(label).arg(m_apps.at(0)).toUtf8()));
        QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
        QVERIFY2(dialog->message().contains(u"line 1: expected application,person,csr"), qPrintable(label));
    }
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("escaped.pem"))));
    QVERIFY(!QFileInfo::exists(QDir(m_dir->path()).filePath(QStringLiteral("../escaped.pem"))));
    QCOMPARE(w.prompter->passwordAsked, 0);
    QVERIFY(!dialog->running());
    QCOMPARE(m_f->count(QStringLiteral("certificates")), before);
    // Cancelling the passphrase issues nothing either.
    QVERIFY(writeBytes(manifest, QStringLiteral("%1,,%1.csr\n").arg(m_apps.at(0)).toUtf8()));
    w.prompter->passwordAnswer.reset();
    QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
    QCOMPARE(w.prompter->passwordAsked, 1);
    QVERIFY(!dialog->running());
    QCOMPARE(m_f->count(QStringLiteral("certificates")), before);
    QCOMPARE(statusOf(m_apps.at(0)), QStringLiteral("approved"));
    QCOMPARE(QFile(QDir(out).filePath(QStringLiteral("%1.pem").arg(m_apps.at(1)))).size(), qint64(7));
}

void BatchIssueTest::aRoleThatMayNotIssueHasNoAction() {
    Window w = openWindow(m_f->operatorA);
    QAction* action = w.actions()->issueBatchAction();
    QVERIFY(action);
    QVERIFY(!action->isEnabled());
    QVERIFY2(action->toolTip().contains(u"may not"), qPrintable(action->toolTip()));
    QVERIFY(!w.actions()->openIssueBatch());
}

void BatchIssueTest::screenshotsInKazakhAndRussian() {
    for (const QString& language : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        QVERIFY(registry::Language::install(language));
        Window w = openWindow(m_f->officerA);
        w.prompter->passwordAnswer = kCaPassphrase;
        gui::BatchIssueDialog* dialog = openDialog(w);
        QVERIFY(dialog);
        // Translated: the window title and the buttons are not the English ones.
        QVERIFY(dialog->windowTitle() != QStringLiteral("Issue from requests"));
        QVERIFY(child<QPushButton>(dialog, "batchIssueButton")->text() != QStringLiteral("&Issue"));
        snapshot(dialog, QStringLiteral("batch-issue-empty-") + language);
        if (language == u"kk") {
            dialog->setSource(m_dir->filePath(QStringLiteral("requests")), false);
            dialog->setOutputFolder(m_dir->filePath(QStringLiteral("issued-") + language));
            QSignalSpy finished(dialog, &gui::BatchIssueDialog::batchFinished);
            QTest::mouseClick(child<QPushButton>(dialog, "batchIssueButton"), Qt::LeftButton);
            QVERIFY(finished.wait(120000));
            QCOMPARE(dialog->results()->rowCount(), 3);
            QVERIFY(dialog->results()->item(0, 1)->text() != QStringLiteral("issued"));
            snapshot(dialog, QStringLiteral("batch-issue-done-") + language);
        }
        dialog->close();
    }
}

TIRKEU_TEST_MAIN(BatchIssueTest)
#include "tst_batchissue.moc"
