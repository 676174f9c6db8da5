// The counter's flows after issuance and around it, through the widgets, offscreen, on a real register
// file: an approved revocation application carried out from the queue (off the UI thread; not by an
// operator); re-issue from the certificate details with the replaced certificate revoked as superseded
// in the same step; the filled PDF template opened in the new application dialog (and a damaged, blank
// or invalid PDF refused, creating nothing); printing the application form and the paper certificate;
// the Reports tab in every language. Split from tst_entryflow2 (same set-up: gui/EntryFlowSupport.h).

#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FieldEditor.h"
#include "app/gui/FormPage.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/Prompter.h"
#include "app/gui/ReportsPage.h"
#include "common/GuiHarness.h"
#include "common/PdfForms.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "forms/pdf/FormImport.h"
#include "forms/pdf/FormTemplate.h"
#include "gui/EntryFlowSupport.h"
#include "registry/CaEngine.h"

#include <QAction>
#include <QCheckBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include <poppler-form.h>
#include <poppler-qt6.h>

using namespace tirkeu;
using namespace tirkeu::test;

class EntryFlow3Test : public QObject, protected EntryFlowHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createBase(); }
    void init() { copyBase(); }
    void cleanup() { dropCopy(); }

    void reissueFromDetailsRevokesTheReplacedCertificate();
    void filledPdfOpensPrefilledAndSavesTheSameData();
    void damagedOrWrongPdfIsRefusedAndCreatesNothing();
    void printsTheApplicationFormAndThePaperCertificate();
    void reportsTabIsPresentAndTranslated();
    void approvedRevocationApplicationIsCarriedOut();
};

void EntryFlow3Test::approvedRevocationApplicationIsCarriedOut() {
    const QString serial = issueIndividual();
    QVERIFY(!serial.isEmpty());
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                              ncaRevokeIndividual(serial, m_f->issuedOn(serial)));
    TIRKEU_VERIFY_OK(id);
    Window w = openWindow(m_f->officerB);
    w.queue()->refresh();
    w.queue()->selectApplication(*id);
    // Registered, not approved yet: the action says why it is off.
    QVERIFY(!w.entry()->revokeAction()->isEnabled());
    QVERIFY(w.entry()->revokeAction()->toolTip().contains(QStringLiteral("approved")));
    QVERIFY(!w.entry()->revokeSelected());
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id));
    w.queue()->refresh();
    w.queue()->selectApplication(*id);
    QVERIFY(w.entry()->revokeAction()->isEnabled());
    QSignalSpy revoked(w.entry(), &gui::EntryActions::revokeFinished);
    QVERIFY(w.entry()->revokeSelected());
    QVERIFY(revoked.wait(60000)); // a background job
    QCOMPARE(revoked.first().first().toBool(), true);
    auto cert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kNca, serial);
    TIRKEU_VERIFY_OK(cert);
    QCOMPARE(cert->status, QStringLiteral("revoked"));
    QCOMPARE(cert->reasonCode, 1); // the form's key_compromise
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*id}).toString(),
             QStringLiteral("done"));
    QVERIFY(w.prompter->errors.isEmpty());
    // An operator may not carry it out: disabled, with the role in the tooltip.
    Window op = openWindow(m_f->operatorA);
    op.queue()->refresh();
    op.queue()->selectApplication(*id);
    QVERIFY(!op.entry()->revokeAction()->isEnabled());
}

void EntryFlow3Test::reissueFromDetailsRevokesTheReplacedCertificate() {
    const QString old = issueIndividual();
    QVERIFY(!old.isEmpty());
    // The operator opens the certificate and starts the re-issue: the form comes pre-filled.
    qint64 id = 0;
    {
        AnsweringPrompter prompter;
        gui::CertificateDetailsDialog details(*m_f->reg, m_f->operatorA, prompter, kNca, old);
        QVERIFY(details.value(gui::CertificateDetailsDialog::MediaRecipientField).isEmpty()); // GOV only
        auto* reissue = child<QPushButton>(&details, QStringLiteral("reissueButton"));
        QVERIFY(reissue->isEnabled());
        gui::CertificateDetailsDialog auditorView(*m_f->reg, m_f->auditor, prompter, kNca, old);
        QVERIFY(!child<QPushButton>(&auditorView, QStringLiteral("reissueButton"))->isEnabled());
        QVERIFY(auditorView.reissue() == nullptr);

        gui::NewApplicationDialog* dialog = details.reissue();
        QVERIFY(dialog);
        QCOMPARE(dialog->step(), gui::NewApplicationDialog::FormStep);
        QCOMPARE(dialog->formCode(), kIssueInd);
        QCOMPARE(dialog->replacedSerial(), old);
        QVERIFY(dialog->importNote().contains(old));
        QCOMPARE(dialog->formPage()->editor(QStringLiteral("surname"))->value().toString(), QStringLiteral("Қасымова"));
        QCOMPARE(dialog->formPage()->editor(QStringLiteral("iin"))->value().toString(), kIinAliya);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
        child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
        child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
        QVERIFY2(dialog->missing().isEmpty(), qPrintable(dialog->missing().join(u'\n')));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
        id = dialog->savedId();
        QVERIFY(id > 0);
        dialog->close();
    }
    auto replaced = m_f->reg->applications().replacedSerial(m_f->officerA, id);
    TIRKEU_VERIFY_OK(replaced);
    QCOMPARE(*replaced, old);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, id));

    // The officer issues it and revokes the replaced certificate as superseded in the same step.
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, id);
    QVERIFY(d);
    QCOMPARE(d->replacedSerial(), old);
    auto* revoke = child<QCheckBox>(d, QStringLiteral("revokeReplacedCheck"));
    QVERIFY(revoke->isVisible());
    QVERIFY(revoke->text().contains(old));
    revoke->setChecked(true);
    fillKey(d, kHolderPassword, kHolderPassword, QString());
    w.prompter->saveAnswers = {m_out->filePath(QStringLiteral("new.p12")), m_out->filePath(QStringLiteral("new.pem"))};
    w.prompter->passwordAnswer = kCaPassphrase;
    QTest::mouseClick(child<QPushButton>(d, QStringLiteral("issueButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 60000);
    QVERIFY2(d->message().isEmpty(), qPrintable(d->message()));
    QCOMPARE(d->issuedSerials().size(), 1);
    QVERIFY2(d->result().contains(QStringLiteral("%1 is revoked").arg(old)), qPrintable(d->result()));
    auto oldCert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kNca, old);
    TIRKEU_VERIFY_OK(oldCert);
    QCOMPARE(oldCert->status, QStringLiteral("revoked"));
    QCOMPARE(registry::CaEngine::reasonName(oldCert->reasonCode), QStringLiteral("superseded"));
    auto newCert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kNca, d->issuedSerials().first());
    TIRKEU_VERIFY_OK(newCert);
    QCOMPARE(newCert->status, QStringLiteral("valid"));
}

void EntryFlow3Test::filledPdfOpensPrefilledAndSavesTheSameData() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
    auto pdf = forms::pdf::FormTemplate::build(*form);
    TIRKEU_VERIFY_OK(pdf);
    QString error;
    const QByteArray filled = fillPdfForm(*pdf,
                                          {{QStringLiteral("iin"), kIinThird},
                                           {QStringLiteral("surname"), QStringLiteral("Сейітова")},
                                           {QStringLiteral("name"), QStringLiteral("Інкар")},
                                           {QStringLiteral("patronymic"), QStringLiteral("Бауыржанқызы")},
                                           {QStringLiteral("region"), QStringLiteral("Ақмола облысы")},
                                           {QStringLiteral("city"), QStringLiteral("Көкшетау")},
                                           {QStringLiteral("email"), QStringLiteral("inkar@example.kz")},
                                           {QStringLiteral("phone"), QStringLiteral("+77017654321")},
                                           {QStringLiteral("usage-sign"), QStringLiteral("Yes")},
                                           {QStringLiteral("usage-auth"), QStringLiteral("Yes")},
                                           {QStringLiteral("validity"), QStringLiteral("1y")},
                                           {QStringLiteral("key_media"), QStringLiteral("file")},
                                           {QStringLiteral("application_date"), QStringLiteral("02.03.2026")}},
                                          &error);
    QVERIFY2(!filled.isEmpty(), qPrintable(error));
    const QString path = m_out->filePath(QStringLiteral("filled.pdf"));
    QVERIFY(writeFile(path, filled));
    auto expected = forms::pdf::FormImport::readFile(path);
    TIRKEU_VERIFY_OK(expected);

    Window w = openWindow(m_f->operatorA);
    w.entry()->newApplicationAction()->trigger();
    gui::NewApplicationDialog* dialog = w.window->findChildren<gui::NewApplicationDialog*>().last();
    QVERIFY(dialog);
    QVERIFY(dialog->setCa(kGov)); // the wrong CA: the import switches to one that takes the form
    w.prompter->openAnswer = path;
    // The PDF is read on a worker thread behind a progress window with Cancel (attack of session 27, F3: a
    // hand-made PDF kept Poppler busy for minutes on the UI thread): the window's events go on meanwhile.
    bool progressShown = false;
    QTimer::singleShot(0, dialog, [&] {
        progressShown = dialog->findChild<QProgressDialog*>(QStringLiteral("jobProgressDialog")) != nullptr;
    });
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("openPdfButton")), Qt::LeftButton);
    QVERIFY(progressShown);
    QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
    QCOMPARE(dialog->step(), gui::NewApplicationDialog::FormStep);
    QCOMPARE(dialog->formCode(), kIssueInd);
    QCOMPARE(dialog->caCode(), kNca);
    QVERIFY(dialog->importNote().contains(QStringLiteral("filled.pdf")));
    QCOMPARE(dialog->formPage()->editor(QStringLiteral("name"))->value().toString(), QStringLiteral("Інкар"));
    QCOMPARE(m_f->count(QStringLiteral("applications")), qint64(0)); // nothing before Save
    // The operator checks, ticks the documents and saves.
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
    child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
    QVERIFY(dialog->savedId() > 0);
    auto rec = m_f->reg->applications().get(m_f->officerA, dialog->savedId());
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->formCode, kIssueInd);
    QCOMPARE(rec->caCode, kNca);
    for (auto it = expected->data.constBegin(); it != expected->data.constEnd(); ++it)
        QVERIFY2(rec->data.value(it.key()) == it.value(),
                 qPrintable(it.key() + u' ' + rec->data.value(it.key()).toVariant().toString()));
    QCOMPARE(rec->data.value(QStringLiteral("surname")).toString(), QStringLiteral("Сейітова"));
    QCOMPARE(rec->data.value(QStringLiteral("phone")).toString(), QStringLiteral("+77017654321"));
}

void EntryFlow3Test::damagedOrWrongPdfIsRefusedAndCreatesNothing() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
    auto pdf = forms::pdf::FormTemplate::build(*form);
    TIRKEU_VERIFY_OK(pdf);
    const QString damaged = m_out->filePath(QStringLiteral("damaged.pdf"));
    QVERIFY(writeFile(damaged, pdf->left(pdf->size() / 3)));
    const QString blank = m_out->filePath(QStringLiteral("blank.pdf"));
    QVERIFY(writeFile(blank, *pdf));
    QString error;
    const QByteArray badValues = fillPdfForm(*pdf, {{QStringLiteral("iin"), kIinBadCheckDigit}}, &error);
    QVERIFY2(!badValues.isEmpty(), qPrintable(error));
    const QString invalid = m_out->filePath(QStringLiteral("invalid.pdf"));
    QVERIFY(writeFile(invalid, badValues));

    Window w = openWindow(m_f->operatorA);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    w.entry()->newApplicationAction()->trigger();
    gui::NewApplicationDialog* dialog = w.window->findChildren<gui::NewApplicationDialog*>().last();
    QVERIFY(dialog);
    for (const QString& path : {damaged, blank, invalid}) {
        const auto direct = forms::pdf::FormImport::readFile(path);
        QVERIFY(!direct.ok());
        w.prompter->openAnswer = path;
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("openPdfButton")), Qt::LeftButton);
        QCOMPARE(dialog->message(), direct.message());
        QCOMPARE(dialog->step(), gui::NewApplicationDialog::ChooseStep);
        QVERIFY(dialog->formPage() == nullptr);
        QVERIFY(dialog->importNote().isEmpty());
    }
    QVERIFY2(dialog->message().contains(form->field(QStringLiteral("iin"))->label.en) ||
                 dialog->message().contains(QStringLiteral("invalid")),
             qPrintable(dialog->message()));
    QCOMPARE(m_f->count(QStringLiteral("applications")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("persons")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
}

void EntryFlow3Test::printsTheApplicationFormAndThePaperCertificate() {
    const QString serial = issueIndividual();
    QVERIFY(!serial.isEmpty());
    auto cert = registry::CaEngine(*m_f->reg).certificate(m_f->officerA, kNca, serial);
    TIRKEU_VERIFY_OK(cert);
    AnsweringPrompter prompter;
    const QString formPdf = m_out->filePath(QStringLiteral("form.pdf"));
    prompter.saveAnswers = {formPdf};
    gui::ApplicationDetailsDialog app(*m_f->reg, m_f->operatorA, cert->applicationId, nullptr, &prompter);
    QTest::mouseClick(child<QPushButton>(&app, QStringLiteral("printFormButton")), Qt::LeftButton);
    QVERIFY2(app.message().isEmpty(), qPrintable(app.message()));
    QVERIFY(app.note().contains(QStringLiteral("form.pdf")));
    const QByteArray form = readFile(formPdf);
    QVERIFY(form.startsWith("%PDF-"));
    auto formDoc = std::unique_ptr<Poppler::Document>(Poppler::Document::loadFromData(form));
    QVERIFY(formDoc);
    QVERIFY(formDoc->page(0)->text(QRectF()).contains(QStringLiteral("Қасымова")));

    const QString certPdf = m_out->filePath(QStringLiteral("certificate.pdf"));
    prompter.saveAnswers = {certPdf};
    gui::CertificateDetailsDialog details(*m_f->reg, m_f->operatorA, prompter, kNca, serial);
    QTest::mouseClick(child<QPushButton>(&details, QStringLiteral("printCertificateButton")), Qt::LeftButton);
    QVERIFY(details.note().contains(QStringLiteral("certificate.pdf")));
    auto certDoc = std::unique_ptr<Poppler::Document>(Poppler::Document::loadFromData(readFile(certPdf)));
    QVERIFY(certDoc);
    QString text;
    for (int i = 0; i < certDoc->numPages(); ++i)
        text += certDoc->page(i)->text(QRectF());
    QVERIFY2(text.contains(serial) || text.contains(serial.toLower()), qPrintable(text.left(400)));
    // A cancelled question writes nothing; an existing file is not a failure of the register.
    prompter.saveAnswers.clear();
    QTest::mouseClick(child<QPushButton>(&details, QStringLiteral("printCertificateButton")), Qt::LeftButton);
    QCOMPARE(QDir(m_out->path()).entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 2);
}

void EntryFlow3Test::reportsTabIsPresentAndTranslated() {
    Window w = openWindow(m_f->officerA);
    gui::ReportsPage* page = w.window->reportsPage();
    QVERIFY(page);
    const int index = w.window->tabs()->indexOf(page);
    QVERIFY(index >= 0);
    QCOMPARE(w.window->tabs()->tabText(index), QStringLiteral("Reports"));
    for (const QString& lang : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        w.window->switchLanguage(lang);
        // QApplication posts LanguageChange to top-level windows: let it arrive.
        QTRY_COMPARE(w.window->tabs()->tabText(index),
                     QCoreApplication::translate("tirkeu::gui::MainWindow", "Reports"));
    }
}

TIRKEU_TEST_MAIN(EntryFlow3Test)
#include "tst_entryflow3.moc"
