// The remaining counter flows through the widgets, offscreen, on a real register file: issuance with a
// key generated onto the key media (PKCS#12 written 0600 to the file chosen before issuing; mismatched
// passwords keep Issue disabled and write nothing); a government body's letter for two persons issued
// in bulk off the UI thread, and a second letter refused person by person by the one-key rule; re-issue
// from the certificate details with the replaced certificate revoked as superseded in the same step;
// the filled PDF template opened in the new application dialog (and a damaged PDF refused); printing
// the application form and the paper certificate; the Reports tab. With $TIRKEU_SCREENSHOT_DIR set,
// the PKCS#12 issuance, the bulk letter and the Reports tab are saved in kk and ru.

#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FieldEditor.h"
#include "app/gui/FormPage.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/LetterIssueTable.h"
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
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/Pkcs12.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QAction>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <poppler-form.h>
#include <poppler-qt6.h>

using namespace tirkeu;
using namespace tirkeu::test;
using registry::ApplicationStatus;

namespace {

const QString kHolderPassword = QStringLiteral("Ұстаушы-құпия-7");

QJsonObject govPerson(const QString& iin, const QString& surname, const QString& name) {
    QJsonObject p = govIssue(iin).data.value(QStringLiteral("persons")).toArray().first().toObject();
    p.insert(QStringLiteral("surname"), surname);
    p.insert(QStringLiteral("name"), name);
    return p;
}

forms::Submission govLetter(const QList<QJsonObject>& persons) {
    forms::Submission s = govIssue();
    QJsonArray rows;
    for (const QJsonObject& p : persons)
        rows.append(p);
    s.data.insert(QStringLiteral("persons"), rows);
    return s;
}

} // namespace

class EntryFlow2Test : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void generatedKeyIsWrittenAsPkcs12();
    void signAndAuthIssueBothCertificates();
    void issuancePreselectsTheKeyMediaOfTheApplication();
    void mismatchedPasswordsKeepIssueDisabledAndWriteNothing();
    void existingKeyFileIsNeverReplaced();
    void governmentLetterIsIssuedInBulk();
    void reissueFromDetailsRevokesTheReplacedCertificate();
    void filledPdfOpensPrefilledAndSavesTheSameData();
    void damagedOrWrongPdfIsRefusedAndCreatesNothing();
    void printsTheApplicationFormAndThePaperCertificate();
    void reportsTabIsPresentAndTranslated();
    void approvedRevocationApplicationIsCarriedOut();
    void screenshotsInKazakhAndRussian();

private:
    using Window = TestWindow;
    Window openWindow(const Session& session);
    qint64 approvedApplication(const QString& ca, const QString& form, const forms::Submission& s);
    gui::IssuanceDialog* openIssuance(const Window& w, qint64 id);
    void fillKey(gui::IssuanceDialog* d, const QString& password, const QString& repeat, const QString& media);
    QString issueIndividual(); // an issued NCA certificate for Қасымова Әлия, its serial
    QString dir(const QString& name);

    RegistryFixture m_base;
    QTemporaryDir m_keys;
    std::unique_ptr<RegistryFixture> m_f;
    std::unique_ptr<QTemporaryDir> m_out;
};

void EntryFlow2Test::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    QVERIFY(m_keys.isValid());
    // The National and the Government Bodies CAs get their keys (EC P-256: quick to make).
    for (const QString& ca : {kNca, kGov}) {
        auto init = registry::CaEngine(*m_base.reg)
                        .createRootCa(m_base.admin, ca, pki::KeyAlgorithm::EcP256,
                                      m_keys.filePath(ca + QStringLiteral(".p8")), kCaPassphrase, 10);
        TIRKEU_VERIFY_OK(init);
    }
    m_base.close();
}

void EntryFlow2Test::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
}

void EntryFlow2Test::cleanup() {
    m_f.reset();
    m_out.reset();
    registry::Language::install(QStringLiteral("en"));
}

QString EntryFlow2Test::dir(const QString& name) {
    const QString path = m_out->filePath(name);
    QDir().mkpath(path);
    return path;
}

EntryFlow2Test::Window EntryFlow2Test::openWindow(const Session& session) {
    return openMainWindow(*m_f->reg, session);
}

qint64 EntryFlow2Test::approvedApplication(const QString& ca, const QString& form, const forms::Submission& s) {
    auto id = m_f->reg->applications().submit(m_f->operatorA, ca, form, s);
    if (!id) {
        qWarning("%s", qPrintable(id.message()));
        return 0;
    }
    if (!m_f->reg->applications().approve(m_f->officerA, *id))
        return 0;
    return *id;
}

gui::IssuanceDialog* EntryFlow2Test::openIssuance(const Window& w, qint64 id) {
    w.queue()->refresh();
    w.queue()->selectApplication(id);
    return w.entry()->issueSelected();
}

void EntryFlow2Test::fillKey(gui::IssuanceDialog* d, const QString& password, const QString& repeat,
                             const QString& media) {
    child<QRadioButton>(d, QStringLiteral("generatedKeyRadio"))->click();
    child<QComboBox>(d, QStringLiteral("algorithmCombo"))
        ->setCurrentIndex(child<QComboBox>(d, QStringLiteral("algorithmCombo"))
                              ->findData(static_cast<int>(pki::KeyAlgorithm::EcP256)));
    typeText(child<QLineEdit>(d, QStringLiteral("holderPassword")), password);
    typeText(child<QLineEdit>(d, QStringLiteral("holderPasswordRepeat")), repeat);
    typeText(child<QLineEdit>(d, QStringLiteral("mediaSerial")), media);
}

QString EntryFlow2Test::issueIndividual() {
    const qint64 id = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
    if (id == 0)
        return {};
    auto r = registry::CaEngine(*m_f->reg).issueWithGeneratedKey(
        m_f->officerB, id, registry::KeyOnMedia{pki::KeyAlgorithm::EcP256, kHolderPassword, {}},
        pki::SecretSource::literal(kCaPassphrase));
    return r ? r->serialHex : QString();
}

void EntryFlow2Test::generatedKeyIsWrittenAsPkcs12() {
    const qint64 id = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
    QVERIFY(id > 0);
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, id);
    QVERIFY(d);
    fillKey(d, kHolderPassword, kHolderPassword, QStringLiteral("ТОКЕН-0077"));
    QCOMPARE(d->mode(), gui::IssuanceDialog::GeneratedKey);
    auto* issue = child<QPushButton>(d, QStringLiteral("issueButton"));
    QVERIFY2(issue->isEnabled(), qPrintable(issue->toolTip()));
    const QString p12 = m_out->filePath(QStringLiteral("holder.p12"));
    const QString pem = m_out->filePath(QStringLiteral("holder.pem"));
    w.prompter->saveAnswers = {p12, pem}; // the key file first (before issuing), then the certificate
    w.prompter->passwordAnswer = kCaPassphrase;
    QTest::mouseClick(issue, Qt::LeftButton);
    QVERIFY(d->runner());
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 60000);
    QVERIFY2(d->message().isEmpty(), qPrintable(d->message()));
    QCOMPARE(d->issuedSerials().size(), 1);
    const QString serial = d->issuedSerials().first();
    QCOMPARE(d->pkcs12Path(), p12);

    // The key file: 0600, opens with the holder's password, holds the register's certificate.
    QVERIFY(QFile::exists(p12));
    const QFileDevice::Permissions perms = QFile::permissions(p12);
    QVERIFY(perms & QFileDevice::ReadOwner);
    QVERIFY(!(perms &
              (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)));
    auto cert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kNca, serial);
    TIRKEU_VERIFY_OK(cert);
    auto contents = pki::Pkcs12::parse(readFile(p12), kHolderPassword);
    TIRKEU_VERIFY_OK(contents);
    QVERIFY(contents->key);
    auto inFile = pki::Certificate::fromX509(contents->certificate.get());
    TIRKEU_VERIFY_OK(inFile);
    QCOMPARE(inFile->der(), cert->der);
    TIRKEU_VERIFY_ERROR(pki::Pkcs12::parse(readFile(p12), QStringLiteral("wrong-password")), ErrorCode::Crypto);
    // The register row carries the media serial; the application is done; the certificate is saved.
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT key_media_serial FROM certificates WHERE serial = ?"), {serial}).toString(),
        QStringLiteral("ТОКЕН-0077"));
    QCOMPARE(m_f->reg->applications().get(m_f->officerA, id)->status, ApplicationStatus::Done);
    auto saved = pki::Certificate::parse(readFile(pem));
    TIRKEU_VERIFY_OK(saved);
    QCOMPARE(saved->der(), cert->der);
    QVERIFY(d->result().contains(serial));
    QVERIFY(d->result().contains(QDir::toNativeSeparators(p12)));
    // No password stays on screen.
    QVERIFY(child<QLineEdit>(d, QStringLiteral("holderPassword"))->text().isEmpty());
    QVERIFY(!issue->isEnabled());
}

// Issue 16: the issuance dialog starts on the way the application asks for (registry::Rules::suggestedKeyPath):
// a token's key comes as the holder's request, a file's key is generated here, the Government Bodies CA
// generates onto the media. No path is preselected against the application.
void EntryFlow2Test::issuancePreselectsTheKeyMediaOfTheApplication() {
    forms::Submission token = ncaIssueIndividual(kIinFourth);
    token.data.insert(QStringLiteral("key_media"), QStringLiteral("token"));
    forms::Submission file = ncaIssueIndividual(kIinFourth);
    file.data.insert(QStringLiteral("key_media"), QStringLiteral("file"));
    forms::Submission blank = ncaIssueIndividual(kIinFourth);
    blank.data.remove(QStringLiteral("key_media")); // the form's default: a file
    const qint64 onToken = approvedApplication(kNca, kIssueInd, token);
    const qint64 inFile = approvedApplication(kNca, kIssueInd, file);
    const qint64 byDefault = approvedApplication(kNca, kIssueInd, blank);
    const qint64 gov = approvedApplication(kGov, kGovIssue, govIssue(kIinFourth));
    QVERIFY(onToken > 0 && inFile > 0 && byDefault > 0 && gov > 0);

    Window w = openWindow(m_f->officerB);
    w.window->switchLanguage(QStringLiteral("en"));
    const auto modeOf = [&](qint64 id, QString* summary) {
        gui::IssuanceDialog* d = openIssuance(w, id);
        if (!d)
            return gui::IssuanceDialog::Letter;
        *summary = child<QLabel>(d, QStringLiteral("summary"))->text();
        const gui::IssuanceDialog::Mode m = d->mode();
        // The preselected box is the one enabled; the other stays greyed out until chosen.
        if (m == gui::IssuanceDialog::FromCsr && !child<QLineEdit>(d, QStringLiteral("csrPath"))->isEnabled())
            *summary = QStringLiteral("request box disabled");
        if (m == gui::IssuanceDialog::GeneratedKey &&
            !child<QLineEdit>(d, QStringLiteral("holderPassword"))->isEnabled())
            *summary = QStringLiteral("key box disabled");
        d->close();
        return m;
    };
    QString summary;
    QCOMPARE(modeOf(onToken, &summary), gui::IssuanceDialog::FromCsr);
    QVERIFY2(summary.contains(QStringLiteral("token")), qPrintable(summary));
    QCOMPARE(modeOf(inFile, &summary), gui::IssuanceDialog::GeneratedKey);
    QVERIFY2(summary.contains(QStringLiteral("PKCS#12")), qPrintable(summary));
    QCOMPARE(modeOf(byDefault, &summary), gui::IssuanceDialog::GeneratedKey);
    QCOMPARE(modeOf(gov, &summary), gui::IssuanceDialog::GeneratedKey);
    QVERIFY2(summary.contains(QStringLiteral("Government Bodies CA")), qPrintable(summary));
}

// Issue 13: an application for signing and authentication gets both certificates in one step: two
// requests (the second field appears), or two generated keys in two PKCS#12 files.
void EntryFlow2Test::signAndAuthIssueBothCertificates() {
    forms::Submission s = ncaIssueIndividual(kIinFourth);
    s.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
    const qint64 fromCsr = approvedApplication(kNca, kIssueInd, s);
    const qint64 generated = approvedApplication(kNca, kIssueInd, s);
    QVERIFY(fromCsr > 0 && generated > 0);
    const auto writeCsr = [&](const QString& name) {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto csr = pki::Csr::create(key->get(),
                                    pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinFourth));
        const QString path = m_out->filePath(name);
        QFile f(path);
        if (!csr || !f.open(QIODevice::WriteOnly) || f.write(*csr) != csr->size())
            return QString();
        return path;
    };
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, fromCsr);
    QVERIFY(d);
    QVERIFY(d->signAndAuth());
    child<QRadioButton>(d, QStringLiteral("fromCsrRadio"))->click();               // the holder brings two requests
    QVERIFY(child<QGroupBox>(d, QStringLiteral("mediaRecipientBox"))->isHidden()); // Government Bodies CA only
    auto* issue = child<QPushButton>(d, QStringLiteral("issueButton"));
    auto* authCsr = child<QLineEdit>(d, QStringLiteral("authCsrPath"));
    QVERIFY(authCsr->isVisible());
    child<QLineEdit>(d, QStringLiteral("csrPath"))->setText(writeCsr(QStringLiteral("sign.csr")));
    QVERIFY(!issue->isEnabled()); // the authentication key's request is still missing
    QVERIFY2(issue->toolTip().contains(QStringLiteral("authentication")), qPrintable(issue->toolTip()));
    authCsr->setText(writeCsr(QStringLiteral("auth.csr")));
    QVERIFY2(issue->isEnabled(), qPrintable(issue->toolTip()));
    const QString signPem = m_out->filePath(QStringLiteral("sign.pem"));
    const QString authPem = m_out->filePath(QStringLiteral("auth.pem"));
    w.prompter->saveAnswers = {signPem, authPem};
    w.prompter->passwordAnswer = kCaPassphrase;
    QTest::mouseClick(issue, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 60000);
    QVERIFY2(d->message().isEmpty(), qPrintable(d->message()));
    QCOMPARE(d->issuedSerials().size(), 2);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT group_concat(profile, ',') FROM (SELECT profile FROM certificates "
                                        "WHERE application_id = ? ORDER BY profile)"),
                         {fromCsr})
                 .toString(),
             QStringLiteral("individual_auth,individual_sign"));
    QCOMPARE(pki::Certificate::parse(readFile(signPem))->serialHex(), d->issuedSerials().at(0));
    QCOMPARE(pki::Certificate::parse(readFile(authPem))->serialHex(), d->issuedSerials().at(1));
    d->close();

    // Generated keys: the second key file is asked for before issuing.
    gui::IssuanceDialog* g = openIssuance(w, generated);
    QVERIFY(g);
    fillKey(g, kHolderPassword, kHolderPassword, QStringLiteral("ТОКЕН-0078"));
    const QString p12 = m_out->filePath(QStringLiteral("pair.p12"));
    const QString authP12 = m_out->filePath(QStringLiteral("pair-auth.p12"));
    w.prompter->saveAnswers = {p12, authP12, m_out->filePath(QStringLiteral("pair.pem")),
                               m_out->filePath(QStringLiteral("pair-auth.pem"))};
    auto* issueGenerated = child<QPushButton>(g, QStringLiteral("issueButton"));
    QVERIFY2(issueGenerated->isEnabled(), qPrintable(issueGenerated->toolTip()));
    issueGenerated->click();
    QTRY_VERIFY_WITH_TIMEOUT(!g->isRunning(), 60000);
    QVERIFY2(g->message().isEmpty(), qPrintable(g->message()));
    QCOMPARE(g->issuedSerials().size(), 2);
    auto signKey = pki::Pkcs12::parse(readFile(p12), kHolderPassword);
    auto authKey = pki::Pkcs12::parse(readFile(authP12), kHolderPassword);
    TIRKEU_VERIFY_OK(signKey);
    TIRKEU_VERIFY_OK(authKey);
    QCOMPARE(pki::Certificate::fromX509(authKey->certificate.get())->serialHex(), g->issuedSerials().at(1));
    QVERIFY(QFile::exists(m_out->filePath(QStringLiteral("pair-auth.pem"))));
}

void EntryFlow2Test::mismatchedPasswordsKeepIssueDisabledAndWriteNothing() {
    const qint64 id = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
    QVERIFY(id > 0);
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, id);
    QVERIFY(d);
    fillKey(d, kHolderPassword, kHolderPassword + QStringLiteral("x"), QStringLiteral("ТОКЕН-1"));
    auto* issue = child<QPushButton>(d, QStringLiteral("issueButton"));
    QVERIFY(!issue->isEnabled());
    QVERIFY2(issue->toolTip().contains(QStringLiteral("differ")), qPrintable(issue->toolTip()));
    QVERIFY(child<QLabel>(d, QStringLiteral("keyNote"))->isVisible());
    const QString p12 = m_out->filePath(QStringLiteral("never.p12"));
    w.prompter->saveAnswers = {p12, m_out->filePath(QStringLiteral("never.pem"))};
    w.prompter->passwordAnswer = kCaPassphrase;
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    QTest::mouseClick(issue, Qt::LeftButton);
    d->issue(); // nor does a direct call get past the check
    QVERIFY(!d->runner());
    QCOMPARE(w.prompter->passwordAsked, 0);
    QVERIFY(!QFile::exists(p12));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    // Too short, even when typed twice alike.
    child<QLineEdit>(d, QStringLiteral("holderPassword"))->setText(QStringLiteral("қысқа"));
    child<QLineEdit>(d, QStringLiteral("holderPasswordRepeat"))->setText(QStringLiteral("қысқа"));
    QVERIFY(!issue->isEnabled());
    QVERIFY2(issue->toolTip().contains(QStringLiteral("8")), qPrintable(issue->toolTip()));
    // Alike and long enough: Issue is on.
    child<QLineEdit>(d, QStringLiteral("holderPasswordRepeat"))->setText(kHolderPassword);
    child<QLineEdit>(d, QStringLiteral("holderPassword"))->setText(kHolderPassword);
    QVERIFY(issue->isEnabled());
}

void EntryFlow2Test::existingKeyFileIsNeverReplaced() {
    const qint64 id = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
    QVERIFY(id > 0);
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, id);
    QVERIFY(d);
    fillKey(d, kHolderPassword, kHolderPassword, QStringLiteral("ТОКЕН-2"));
    const QString p12 = m_out->filePath(QStringLiteral("taken.p12"));
    QVERIFY(writeFile(p12, "someone else's key"));
    w.prompter->saveAnswers = {p12};
    w.prompter->passwordAnswer = kCaPassphrase;
    QTest::mouseClick(child<QPushButton>(d, QStringLiteral("issueButton")), Qt::LeftButton);
    QVERIFY(!d->runner()); // refused before anything is issued
    QVERIFY2(d->message().contains(QStringLiteral("already exists")), qPrintable(d->message()));
    QCOMPARE(w.prompter->passwordAsked, 0);
    QCOMPARE(readFile(p12), QByteArray("someone else's key"));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(0));
    // The registry's own refusal (the Government Bodies CA needs the media serial) is covered by the
    // letter test; a cancelled key file question does nothing either.
    w.prompter->saveAnswers.clear();
    QTest::mouseClick(child<QPushButton>(d, QStringLiteral("issueButton")), Qt::LeftButton);
    QVERIFY(!d->runner());
}

void EntryFlow2Test::governmentLetterIsIssuedInBulk() {
    const QList<QJsonObject> persons{govPerson(kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет")),
                                     govPerson(kIinFourth, QStringLiteral("Серікбаева"), QStringLiteral("Інкар"))};
    const qint64 letter = approvedApplication(kGov, kGovIssue, govLetter(persons));
    QVERIFY(letter > 0);
    Window w = openWindow(m_f->officerB);
    gui::IssuanceDialog* d = openIssuance(w, letter);
    QVERIFY(d);
    QCOMPARE(d->mode(), gui::IssuanceDialog::Letter);
    QVERIFY(child<QRadioButton>(d, QStringLiteral("fromCsrRadio"))->isHidden()); // one key per person here
    gui::LetterIssueTable* table = d->letterTable();
    QCOMPARE(table->personCount(), 2);
    QCOMPARE(table->iin(0), kIinThird);
    QVERIFY(table->item(1, gui::LetterIssueTable::PersonColumn)->text().contains(QStringLiteral("Серікбаева")));
    auto* issue = child<QPushButton>(d, QStringLiteral("issueButton"));
    const auto fillRow = [table](int row, const QString& media, const QString& a, const QString& b) {
        typeText(table->mediaEdit(row), media);
        typeText(table->passwordEdit(row), a);
        typeText(table->repeatEdit(row), b);
    };
    // Without the media serial for person 2 the registry refuses that person; first a mismatch.
    fillRow(0, QStringLiteral("ГО-ТОКЕН-0001"), kHolderPassword, kHolderPassword);
    fillRow(1, QString(), kHolderPassword, kHolderPassword + QStringLiteral("!"));
    QVERIFY(!issue->isEnabled());
    QVERIFY2(issue->toolTip().contains(QStringLiteral("Person 2")), qPrintable(issue->toolTip()));
    table->repeatEdit(1)->setText(kHolderPassword);
    QVERIFY(!issue->isEnabled()); // the folder is still missing
    const QString folder = dir(QStringLiteral("letter"));
    w.prompter->directoryAnswer = folder;
    QTest::mouseClick(child<QPushButton>(d, QStringLiteral("chooseFolderButton")), Qt::LeftButton);
    // The Government Bodies CA records who receives the key media (the body's internal order): required.
    auto* recipientBox = child<QGroupBox>(d, QStringLiteral("mediaRecipientBox"));
    QVERIFY(recipientBox->isVisible());
    QVERIFY(!issue->isEnabled());
    QVERIFY2(issue->toolTip().contains(QStringLiteral("internal order")), qPrintable(issue->toolTip()));
    typeText(child<QLineEdit>(d, QStringLiteral("recipientName")), QStringLiteral("Жұмабаев Ержан"));
    typeText(child<QLineEdit>(d, QStringLiteral("recipientPosition")), QStringLiteral("бас маман"));
    typeText(child<QLineEdit>(d, QStringLiteral("recipientOrder")), QStringLiteral("№ 17-ө"));
    typeText(child<QLineEdit>(d, QStringLiteral("recipientOrderDate")), QStringLiteral("2026-13-12")); // no date
    QVERIFY(!issue->isEnabled());
    child<QLineEdit>(d, QStringLiteral("recipientOrderDate"))->setText(QStringLiteral("2026-01-12"));
    QVERIFY2(issue->isEnabled(), qPrintable(issue->toolTip()));
    w.prompter->passwordAnswer = kCaPassphrase;
    QTest::mouseClick(issue, Qt::LeftButton);
    QVERIFY(d->runner());
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 60000);
    QCOMPARE(w.prompter->passwordAsked, 1);
    // Person 1 issued, person 2 refused by the registry (no media serial): the letter stays open.
    QVERIFY(table->isIssued(0));
    QVERIFY(!table->isIssued(1));
    QVERIFY2(table->resultText(1).contains(QStringLiteral("media")), qPrintable(table->resultText(1)));
    QVERIFY(!d->applicationDone());
    QCOMPARE(m_f->reg->applications().get(m_f->officerA, letter)->status, ApplicationStatus::Approved);
    QVERIFY(QFile::exists(QDir(folder).filePath(kIinThird + QStringLiteral(".p12"))));
    QVERIFY(!QFile::exists(QDir(folder).filePath(kIinFourth + QStringLiteral(".p12"))));

    // Person 2 with the media serial: only that row runs, and the letter is complete.
    QVERIFY(!table->mediaEdit(0)->isEnabled());
    table->mediaEdit(1)->setText(QStringLiteral("ГО-ТОКЕН-0002"));
    table->passwordEdit(1)->setText(kHolderPassword);
    table->repeatEdit(1)->setText(kHolderPassword);
    QVERIFY2(issue->isEnabled(), qPrintable(issue->toolTip()));
    QTest::mouseClick(issue, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 60000);
    QVERIFY2(table->isIssued(1), qPrintable(table->resultText(1)));
    QVERIFY(d->applicationDone());
    QVERIFY2(d->result().contains(QStringLiteral("application is done")), qPrintable(d->result()));
    QCOMPARE(m_f->reg->applications().get(m_f->officerA, letter)->status, ApplicationStatus::Done);
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(2));
    for (int row = 0; row < 2; ++row) {
        const QString serial = table->serial(row);
        auto cert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kGov, serial);
        TIRKEU_VERIFY_OK(cert);
        QCOMPARE(cert->applicationId, letter);
        QCOMPARE(cert->mediaRecipient.value(QStringLiteral("name")).toString(), QStringLiteral("Жұмабаев Ержан"));
        QCOMPARE(cert->mediaRecipient.value(QStringLiteral("order_date")).toString(), QStringLiteral("2026-01-12"));
        if (row == 0) { // the certificate's details show who received the key media
            AnsweringPrompter prompter;
            gui::CertificateDetailsDialog details(*m_f->reg, m_f->operatorA, prompter, kGov, serial);
            const QString received = details.value(gui::CertificateDetailsDialog::MediaRecipientField);
            QVERIFY2(received.contains(QStringLiteral("Жұмабаев Ержан, бас маман")) &&
                         received.contains(QStringLiteral("№ 17-ө")),
                     qPrintable(received));
        }
        const QString p12 = QDir(folder).filePath(table->iin(row) + QStringLiteral(".p12"));
        auto contents = pki::Pkcs12::parse(readFile(p12), kHolderPassword);
        TIRKEU_VERIFY_OK(contents);
        auto inFile = pki::Certificate::fromX509(contents->certificate.get());
        TIRKEU_VERIFY_OK(inFile);
        QCOMPARE(inFile->der(), cert->der);
        auto pem = pki::Certificate::parse(readFile(QDir(folder).filePath(table->iin(row) + QStringLiteral(".pem"))));
        TIRKEU_VERIFY_OK(pem);
        QCOMPARE(pem->der(), cert->der);
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT key_media_serial FROM certificates WHERE serial = ?"), {serial})
                     .toString(),
                 row == 0 ? QStringLiteral("ГО-ТОКЕН-0001") : QStringLiteral("ГО-ТОКЕН-0002"));
    }
    QVERIFY(table->item(0, gui::LetterIssueTable::PersonColumn)->text().contains(QStringLiteral("Әбішев")));
    d->close();

    // A second letter for the same persons: each is refused by the one-key-per-holder rule.
    const qint64 again = approvedApplication(kGov, kGovIssue, govLetter(persons));
    QVERIFY(again > 0);
    gui::IssuanceDialog* d2 = openIssuance(w, again);
    QVERIFY(d2);
    gui::LetterIssueTable* t2 = d2->letterTable();
    for (int row = 0; row < 2; ++row) {
        t2->mediaEdit(row)->setText(QStringLiteral("ГО-ТОКЕН-01%1").arg(row));
        t2->passwordEdit(row)->setText(kHolderPassword);
        t2->repeatEdit(row)->setText(kHolderPassword);
    }
    const QString folder2 = dir(QStringLiteral("again"));
    child<QLineEdit>(d2, QStringLiteral("outputFolder"))->setText(folder2);
    child<QLineEdit>(d2, QStringLiteral("recipientName"))->setText(QStringLiteral("Жұмабаев Ержан"));
    child<QLineEdit>(d2, QStringLiteral("recipientPosition"))->setText(QStringLiteral("бас маман"));
    child<QLineEdit>(d2, QStringLiteral("recipientOrder"))->setText(QStringLiteral("№ 18-ө"));
    child<QLineEdit>(d2, QStringLiteral("recipientOrderDate"))->setText(QStringLiteral("2026-02-02"));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    QTest::mouseClick(child<QPushButton>(d2, QStringLiteral("issueButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d2->isRunning(), 60000);
    for (int row = 0; row < 2; ++row) {
        QVERIFY(!t2->isIssued(row));
        QVERIFY2(t2->resultText(row).contains(QStringLiteral("one key per holder")), qPrintable(t2->resultText(row)));
    }
    QVERIFY2(d2->message().contains(QStringLiteral("one key per holder")), qPrintable(d2->message()));
    QVERIFY(d2->result().contains(QStringLiteral("0 certificate(s) issued, 2 refused")));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(2));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(QDir(folder2).entryList(QDir::Files).size(), 0);
    QCOMPARE(m_f->reg->applications().get(m_f->officerA, again)->status, ApplicationStatus::Approved);
}

void EntryFlow2Test::approvedRevocationApplicationIsCarriedOut() {
    const QString serial = issueIndividual();
    QVERIFY(!serial.isEmpty());
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(serial));
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

void EntryFlow2Test::reissueFromDetailsRevokesTheReplacedCertificate() {
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

void EntryFlow2Test::filledPdfOpensPrefilledAndSavesTheSameData() {
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
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("openPdfButton")), Qt::LeftButton);
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

void EntryFlow2Test::damagedOrWrongPdfIsRefusedAndCreatesNothing() {
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

void EntryFlow2Test::printsTheApplicationFormAndThePaperCertificate() {
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

void EntryFlow2Test::reportsTabIsPresentAndTranslated() {
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

void EntryFlow2Test::screenshotsInKazakhAndRussian() {
    const qint64 single = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
    QVERIFY(single > 0);
    const QList<QJsonObject> persons{govPerson(kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет")),
                                     govPerson(kIinFourth, QStringLiteral("Серікбаева"), QStringLiteral("Інкар"))};
    const qint64 letter = approvedApplication(kGov, kGovIssue, govLetter(persons));
    QVERIFY(letter > 0);
    for (const QString& lang : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        Window w = openWindow(m_f->officerB);
        w.window->switchLanguage(lang);
        gui::IssuanceDialog* d = openIssuance(w, single);
        QVERIFY(d);
        fillKey(d, kHolderPassword, kHolderPassword + QStringLiteral("x"), QStringLiteral("ТОКЕН-0077"));
        QVERIFY(!child<QPushButton>(d, QStringLiteral("issueButton"))->isEnabled());
        snapshot(d, QStringLiteral("issuance-pkcs12-") + lang);
        d->close();

        gui::IssuanceDialog* bulk = openIssuance(w, letter);
        QVERIFY(bulk);
        gui::LetterIssueTable* t = bulk->letterTable();
        t->mediaEdit(0)->setText(QStringLiteral("ГО-ТОКЕН-0001"));
        t->passwordEdit(0)->setText(kHolderPassword);
        t->repeatEdit(0)->setText(kHolderPassword);
        t->mediaEdit(1)->setText(QStringLiteral("ГО-ТОКЕН-0002"));
        t->passwordEdit(1)->setText(kHolderPassword);
        child<QLineEdit>(bulk, QStringLiteral("outputFolder"))->setText(QStringLiteral("/media/token/letter-12-3"));
        snapshot(bulk, QStringLiteral("issuance-letter-") + lang);
        bulk->close();

        w.window->tabs()->setCurrentWidget(w.window->reportsPage());
        w.window->reportsPage()->preview(); // the issuance journal of the GOV CA, made off the UI thread
        QTRY_VERIFY_WITH_TIMEOUT(!w.window->reportsPage()->busy() && w.window->reportsPage()->previewPages() > 0,
                                 60000);
        snapshot(w.window.get(), QStringLiteral("reports-tab-") + lang);
    }
}

TIRKEU_TEST_MAIN(EntryFlow2Test)
#include "tst_entryflow2.moc"
