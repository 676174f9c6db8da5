// Background work of the window through one abstraction (app/gui/Job.h), offscreen: a Job runs on a
// worker thread with its own register while the UI thread stays responsive, reports progress with a
// text, finishes with the work's outcome, and stops between steps when cancelled (or ignores cancel
// when the work cannot stop). Each job kind of the window is started for real: issuance
// (IssueRunner), CRL publishing (CrlPublishDialog), a report (ReportsPage, cancelled and finished) and
// a key-compromise revocation that publishes its CRL at once (RevokeDialog).

#include "app/gui/CrlPublishDialog.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/Job.h"
#include "app/gui/ReportsPage.h"
#include "app/gui/RevokeDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

// Lets every waiting step go when a test ends early, so that a job's destructor never waits forever
// (declared after the job: destroyed before it).
struct ReleaseAll {
    QSemaphore& semaphore;
    ~ReleaseAll() { semaphore.release(100000); }
};
} // namespace

class JobsTest : public QObject {
    Q_OBJECT

    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_f;
    QTemporaryDir m_keys;
    std::unique_ptr<QTemporaryDir> m_out;
    QString m_serial; // a valid certificate of the NCA in the base register

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QVERIFY(m_keys.isValid());
        QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
        registry::CaEngine engine(*m_base.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_base.admin, kNca, pki::KeyAlgorithm::EcP256,
                                             m_keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
        auto id = m_base.reg->applications().submit(m_base.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(m_base.reg->applications().approve(m_base.officerB, *id));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinFifth));
        TIRKEU_VERIFY_OK(csr);
        auto cert = engine.issueFromCsr(m_base.officerA, *id, *csr, pki::SecretSource::literal(kCaPassphrase));
        TIRKEU_VERIFY_OK(cert);
        m_serial = cert->serialHex;
        m_base.close();
    }

    void init() {
        m_f = std::make_unique<RegistryFixture>();
        QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
        m_out = std::make_unique<QTemporaryDir>();
        QVERIFY(m_out->isValid());
    }

    void cleanup() {
        m_f.reset();
        m_out.reset();
    }

    void jobRunsOnAWorkerWithItsOwnRegisterAndReportsProgress() {
        registry::Register* workerRegister = nullptr;
        QThread* workerThread = nullptr;
        gui::Job job(*m_f->reg, QStringLiteral("Counting"), gui::Job::Cancel::NotPossible,
                     [&](gui::Job::Context& context) -> Status {
                         workerRegister = &context.reg;
                         workerThread = QThread::currentThread();
                         // The worker's own connection reads the register.
                         auto cas = context.reg.cas().list(m_f->admin);
                         if (!cas)
                             return cas.error();
                         for (int i = 1; i <= 3; ++i)
                             context.progress(i, 3, QStringLiteral("step %1 of 3").arg(i));
                         return {};
                     });
        QSignalSpy progressed(&job, &gui::Job::progressed);
        QSignalSpy finished(&job, &gui::Job::finished);
        QVERIFY(!job.isRunning());
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY(!job.isRunning());
        QVERIFY(job.isFinished());
        QVERIFY2(job.status().ok(), qPrintable(job.status().message()));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("step 3 of 3"));
        // The start (0 of unknown, the title), then every step in order.
        QCOMPARE(progressed.size(), 4);
        QCOMPARE(progressed.at(0).at(2).toString(), QStringLiteral("Counting"));
        for (int i = 1; i <= 3; ++i) {
            QCOMPARE(progressed.at(i).at(0).toInt(), i);
            QCOMPARE(progressed.at(i).at(1).toInt(), 3);
        }
        QVERIFY(workerRegister != nullptr && workerRegister != m_f->reg.get());
        QVERIFY(workerThread != nullptr && workerThread != QThread::currentThread());
    }

    void windowStaysResponsiveAndCancelStopsBetweenSteps() {
        QSemaphore step;
        std::atomic<int> done{0};
        gui::Job job(*m_f->reg, QStringLiteral("Many steps"), gui::Job::Cancel::BetweenSteps,
                     [&](gui::Job::Context& context) -> Status {
                         for (int i = 0; i < 1000; ++i) {
                             if (context.cancelled())
                                 return makeError(ErrorCode::Failure, QStringLiteral("cancelled after %1").arg(i));
                             step.acquire(); // the test lets each step go
                             ++done;
                             context.progress(i + 1, 1000, QStringLiteral("step %1").arg(i + 1));
                         }
                         return {};
                     });
        const ReleaseAll guard{step};
        QSignalSpy finished(&job, &gui::Job::finished);
        job.start();
        // The UI thread goes on while the worker waits: a timer fires, events are handled.
        bool ticked = false;
        QTimer::singleShot(10, this, [&] { ticked = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ticked, 5000);
        QVERIFY(job.isRunning());
        step.release(2);
        QTRY_COMPARE_WITH_TIMEOUT(job.progressText(), QStringLiteral("step 2"), 10000);
        QVERIFY(job.canCancel());
        job.cancel();
        step.release(1); // the step under way ends; the next check sees the cancel
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        // Stopped at the first check after the cancel: before the third step or right after it.
        QVERIFY(done.load() == 2 || done.load() == 3);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("cancelled after %1").arg(done.load()));
        QVERIFY(job.wasCancelled());
    }

    void jobThatCannotStopIgnoresCancel() {
        QSemaphore go;
        gui::Job job(*m_f->reg, QStringLiteral("All or nothing"), gui::Job::Cancel::NotPossible,
                     [&](gui::Job::Context& context) -> Status {
                         go.acquire();
                         return context.cancelled() ? makeError(ErrorCode::Failure, QStringLiteral("stopped"))
                                                    : Status{};
                     });
        const ReleaseAll guard{go};
        QSignalSpy finished(&job, &gui::Job::finished);
        job.start();
        QVERIFY(!job.canCancel());
        job.cancel();
        go.release();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(!job.wasCancelled());
    }

    void issuanceJobCountsCertificatesAndCancelsBetweenThem() {
        QSemaphore step;
        gui::IssueRunner runner(*m_f->reg, 5, [&](registry::Register&, int index) -> Result<registry::IssueResult> {
            step.acquire();
            registry::IssueResult r;
            r.serialHex = QStringLiteral("%1").arg(index);
            return r;
        });
        const ReleaseAll guard{step};
        QSignalSpy finished(&runner, &gui::Job::finished);
        runner.start();
        step.release(1);
        QTRY_COMPARE_WITH_TIMEOUT(runner.results().size(), size_t(1), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(runner.progressText(), QStringLiteral("1 of 5 certificate(s) done."), 10000);
        runner.cancel();
        step.release(1); // the certificate under way is finished, the rest are not started
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        // The check before the second certificate saw the cancel, or the one after it.
        const int issued = int(runner.results().size());
        QVERIFY(issued == 1 || issued == 2);
        QVERIFY2(finished.first().at(1).toString().startsWith(QStringLiteral("Cancelled after %1").arg(issued)),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(runner.wasCancelled());
    }

    void crlPublishingRunsAsAJob() {
        AnsweringPrompter prompter;
        prompter.passwordAnswer = kCaPassphrase;
        gui::CrlPublishDialog dialog(*m_f->reg, m_f->officerA, prompter);
        dialog.show(); // its message label shows only on a visible dialog
        auto* ca = child<QComboBox>(&dialog, "crlCa");
        ca->setCurrentIndex(ca->findData(kNca)); // the CA with a key
        child<QLineEdit>(&dialog, "crlDir")->setText(m_out->path());
        QSignalSpy done(&dialog, &gui::CrlPublishDialog::publishFinished);
        dialog.publish();
        QVERIFY(dialog.job());
        QVERIFY(dialog.running());
        auto* progress = child<QProgressBar>(&dialog, "crlProgress");
        QVERIFY(!progress->isHidden());
        QVERIFY2(progress->format().contains(kNca), qPrintable(progress->format()));
        auto* close = child<QPushButton>(&dialog, "crlCloseButton");
        QVERIFY(close->isEnabled()); // it cancels while the publication runs
        QCOMPARE(close->text(), QStringLiteral("Cancel"));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), true);
        QVERIFY2(prompter.errors.isEmpty(), qPrintable(prompter.errors.join(u'\n')));
        QVERIFY(progress->isHidden());
        QVERIFY(dialog.publication().has_value());
        QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
        QVERIFY(QFileInfo::exists(dialog.publication()->derPath));

        // The wrong passphrase: the job fails, its words are shown, nothing is published.
        prompter.passwordAnswer = QStringLiteral("not the passphrase");
        done.clear();
        dialog.publish();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(prompter.errors.size(), 1);
        QCOMPARE(dialog.message(), prompter.errors.first());
        QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
    }

    void crlPublishingCancelsAndPublishesNothing() {
        AnsweringPrompter prompter;
        prompter.passwordAnswer = kCaPassphrase;
        gui::CrlPublishDialog dialog(*m_f->reg, m_f->officerA, prompter);
        dialog.show();
        auto* ca = child<QComboBox>(&dialog, "crlCa");
        ca->setCurrentIndex(ca->findData(kNca));
        child<QLineEdit>(&dialog, "crlDir")->setText(m_out->path());
        QSignalSpy done(&dialog, &gui::CrlPublishDialog::publishFinished);
        dialog.publish();
        QVERIFY(dialog.running());
        // Esc at once: the worker is still opening its own register, so the cancel is seen before the
        // CRL's number is reserved (registry.tst_crl_cancel covers the cancel while encoding).
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(dialog.isVisible()); // the window waits for the publication to stop
        auto* close = child<QPushButton>(&dialog, "crlCloseButton");
        QVERIFY(!close->isEnabled()); // cancelling: once is enough
        QVERIFY2(child<QProgressBar>(&dialog, "crlProgress")->format().startsWith(QStringLiteral("Cancelling")),
                 qPrintable(child<QProgressBar>(&dialog, "crlProgress")->format()));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        QVERIFY2(dialog.message().contains(QStringLiteral("cancelled")), qPrintable(dialog.message()));
        QVERIFY(prompter.errors.isEmpty()); // what the officer asked for is no error box
        QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(0));
        QCOMPARE(m_f->count(QStringLiteral("crl_pending")), qint64(0));
        QVERIFY(QDir(m_out->path()).entryList({QStringLiteral("*.crl*")}, QDir::Files).isEmpty());
        QVERIFY(close->isEnabled());
        QCOMPARE(close->text(), QStringLiteral("&Close"));
        // Published afterwards, the progress bar counting its step.
        done.clear();
        dialog.publish();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
    }

    void reportJobFinishesAndCancelledReportSavesNothing() {
        gui::ReportsPage page(*m_f->reg, m_f->officerA);
        reports::ReportRequest rq;
        rq.kind = reports::ReportKind::IssuanceJournal;
        rq.caCode = kNca;
        rq.from = QDate(2026, 3, 1);
        rq.to = QDate(2026, 3, 31);
        page.setRequest(rq);
        QSignalSpy finished(&page, &gui::ReportsPage::finished);

        // The worker waits until the cancel is clicked (a small report would otherwise finish first).
        QSemaphore clicked;
        ReleaseAll releaseAll{clicked};
        page.setBeforeWritingForTests([&clicked] { clicked.acquire(); });
        const QString cancelled = m_out->filePath(QStringLiteral("cancelled.csv"));
        page.generate(reports::ReportFormat::Csv, cancelled);
        QVERIFY(page.busy());
        auto* cancel = child<QPushButton>(&page, "reportCancel");
        QVERIFY(cancel->isVisibleTo(&page) && cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        clicked.release();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("Cancelled: nothing was saved."));
        QVERIFY(!QFile::exists(cancelled));
        QVERIFY(!page.busy());
        QVERIFY(!cancel->isVisibleTo(&page));

        const QString csv = m_out->filePath(QStringLiteral("journal.csv"));
        page.setBeforeWritingForTests({});
        finished.clear();
        page.generate(reports::ReportFormat::Csv, csv);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(QFile::exists(csv));
        QCOMPARE(fileMode(csv), 0600); // it names holders: owner only
        QVERIFY(readFile(csv).contains(m_serial.toUtf8()));
    }

    void keyCompromiseRevocationPublishesItsCrlInAJob() {
        TIRKEU_VERIFY_OK(
            m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), m_out->path()}}));
        auto record = registry::CaEngine(*m_f->reg).certificate(m_f->officerA, kNca, m_serial);
        TIRKEU_VERIFY_OK(record);
        AnsweringPrompter prompter;
        prompter.passwordAnswer = kCaPassphrase;
        auto* dialog = new gui::RevokeDialog(*m_f->reg, m_f->officerA, prompter, *record);
        const QPointer<gui::RevokeDialog> alive(dialog);
        auto* reasons = child<QComboBox>(dialog, "reasonCombo");
        // No reason is preselected (never key compromise): without a choice the dialog stays on the form.
        QCOMPARE(reasons->currentIndex(), 0);
        QCOMPARE(reasons->currentData().toInt(), -1);
        // A holder's certificate is never revoked for a CA's or an attribute authority's compromise.
        QCOMPARE(reasons->findData(registry::Revocations::kCaCompromise), -1);
        QCOMPARE(reasons->findData(registry::Revocations::kAaCompromise), -1);
        QVERIFY(reasons->findData(registry::Revocations::kKeyCompromise) > 0);
        dialog->showConfirmation();
        QVERIFY(!dialog->onConfirmationPage());
        QVERIFY(!dialog->message().isEmpty());
        snapshot(dialog, QStringLiteral("revoke-no-reason-chosen"));
        reasons->setCurrentIndex(reasons->findData(1)); // key compromise
        dialog->showConfirmation();
        QSignalSpy done(dialog, &gui::RevokeDialog::revokeFinished);
        QSignalSpy accepted(dialog, &QDialog::accepted);
        dialog->revokeNow();
        QCOMPARE(prompter.passwordAsked, 1);
        QVERIFY(dialog->running());
        QVERIFY2(dialog->job()->progressText().contains(u"publishing the CRL"),
                 qPrintable(dialog->job()->progressText()));
        QVERIFY(!child<QPushButton>(dialog, "cancelButton")->isEnabled()); // a revocation is final
        dialog->reject();                                                  // refused while it runs
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(accepted.size(), 1);
        QVERIFY2(prompter.errors.isEmpty(), qPrintable(prompter.errors.join(u'\n')));
        QVERIFY(dialog->outcome().has_value());
        QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(1));
        QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
        QVERIFY(QFileInfo::exists(QDir(m_out->path()).filePath(kNca + QStringLiteral(".crl"))));
        delete alive.data();
    }
};

TIRKEU_TEST_MAIN(JobsTest)
#include "tst_jobs.moc"
