// The counter's issuance flows through the widgets, offscreen, on a real register file: issuance with a
// key generated onto the key media (PKCS#12 written 0600 to the file chosen before issuing; mismatched
// passwords keep Issue disabled and write nothing; an existing key file is never replaced); an
// application for signing and authentication issued with both certificates; the way the application
// asks for the key preselected in the issuance dialog; a government body's letter for two persons
// issued in bulk off the UI thread, and a second letter refused person by person by the one-key rule.
// Revocation and re-issue, PDF forms, printing and the Reports tab are in tst_entryflow3 (same set-up:
// gui/EntryFlowSupport.h). With $TIRKEU_SCREENSHOT_DIR set, the PKCS#12 issuance, the bulk letter and
// the Reports tab are saved in kk and ru.

#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/LetterIssueTable.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Prompter.h"
#include "app/gui/ReportsPage.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "gui/EntryFlowSupport.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/Pkcs12.h"
#include "registry/CaEngine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;
using registry::ApplicationStatus;

namespace {

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

class EntryFlow2Test : public QObject, protected EntryFlowHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createBase(); }
    void init() { copyBase(); }
    void cleanup() { dropCopy(); }

    void generatedKeyIsWrittenAsPkcs12();
    void signAndAuthIssueBothCertificates();
    void issuancePreselectsTheKeyMediaOfTheApplication();
    void mismatchedPasswordsKeepIssueDisabledAndWriteNothing();
    void existingKeyFileIsNeverReplaced();
    void governmentLetterIsIssuedInBulk();
    void screenshotsInKazakhAndRussian();
};

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
