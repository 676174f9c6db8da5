// The newcomer's path with the windows alone, offscreen, in Kazakh and in Russian: from an empty
// register to a first issued and revoked certificate and a published CRL — the first administrator,
// a CA added with its publication pointers and its key set up in Settings → CAs, the staff added in
// Settings → Operators, each of them signing in through the sign-in dialog; a new application at the
// counter, approved by an officer, issued from the holder's request by another, revoked from the
// certificate's details, and the CRL published. No registry call is made by the test itself except
// to check what the windows did. With $TIRKEU_SCREENSHOT_DIR set, the steps are saved as PNGs.

#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/CaKeySetupDialog.h"
#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/CrlPublishDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FirstAdminDialog.h"
#include "app/gui/FormPage.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterSearchPage.h"
#include "app/gui/RevokeDialog.h"
#include "app/gui/SettingsDialog.h"
#include "app/gui/SignInDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

const QString kCa = QStringLiteral("NCA");
const QString kCaKeyPassphrase = QStringLiteral("Бірінші-кілт-2026-құпия");

using Window = TestWindow;

template <typename T> T* newest(QObject* parent) {
    T* found = nullptr;
    for (T* d : parent->findChildren<T*>())
        if (d->isVisible())
            found = d;
    return found;
}

} // namespace

class NewcomerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_out.isValid()); }
    void cleanup() { registry::Language::install(QStringLiteral("en")); }
    void fromAnEmptyRegisterToARevokedCertificateAndACrl_data();
    void fromAnEmptyRegisterToARevokedCertificateAndACrl();

private:
    Window openWindow(registry::Register& reg, const Session& session);
    std::optional<Session> signIn(registry::Register& reg, const QString& login);
    void addOperator(gui::SettingsDialog* settings, const QString& login, const QString& fullName, registry::Role role);
    QString path(const QString& lang, const QString& name) { return m_out.filePath(lang + u'-' + name); }

    QTemporaryDir m_out;
};

Window NewcomerTest::openWindow(registry::Register& reg, const Session& session) {
    return openMainWindow(reg, session);
}

std::optional<Session> NewcomerTest::signIn(registry::Register& reg, const QString& login) {
    gui::SignInDialog dialog(reg);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        return std::nullopt;
    QTest::keyClicks(child<QLineEdit>(&dialog, "login"), login);
    typeText(child<QLineEdit>(&dialog, "password"), kPassword);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    if (!dialog.message().isEmpty())
        qWarning("%s", qPrintable(dialog.message()));
    return dialog.session();
}

void NewcomerTest::addOperator(gui::SettingsDialog* settings, const QString& login, const QString& fullName,
                               registry::Role role) {
    QTest::keyClicks(child<QLineEdit>(settings, "newLogin"), login);
    typeText(child<QLineEdit>(settings, "newFullName"), fullName);
    auto* roles = child<QComboBox>(settings, "newRole");
    roles->setCurrentIndex(roles->findData(registry::Roles::id(role)));
    typeText(child<QLineEdit>(settings, "newPassword"), kPassword);
    QTest::mouseClick(child<QPushButton>(settings, "addOperatorButton"), Qt::LeftButton);
}

void NewcomerTest::fromAnEmptyRegisterToARevokedCertificateAndACrl_data() {
    QTest::addColumn<QString>("lang");
    QTest::newRow("kk") << QStringLiteral("kk");
    QTest::newRow("ru") << QStringLiteral("ru");
}

void NewcomerTest::fromAnEmptyRegisterToARevokedCertificateAndACrl() {
    QFETCH(QString, lang);
    QVERIFY(registry::Language::install(lang));
    RegistryFixture f;
    QVERIFY2(f.create(kMondayMorning, false), qPrintable(f.error)); // an empty register: no operator, no CA

    // 1. The first administrator.
    Session admin;
    {
        gui::FirstAdminDialog first(*f.reg);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        QTest::keyClicks(child<QLineEdit>(&first, "login"), QStringLiteral("admin"));
        typeText(child<QLineEdit>(&first, "fullName"), QStringLiteral("Жұмабаева Гүлнар"));
        typeText(child<QLineEdit>(&first, "password"), kPassword);
        typeText(child<QLineEdit>(&first, "repeatPassword"), kPassword);
        QTest::mouseClick(okButton(&first), Qt::LeftButton);
        QVERIFY2(first.session(), qPrintable(first.message()));
        admin = *first.session();
    }

    // 2. Settings → CAs: the CA, its publication pointers, its key (self-signed, made by a Job).
    {
        Window w = openWindow(*f.reg, admin);
        gui::SettingsDialog* settings = w.actions()->openSettings();
        QVERIFY(settings);
        QVERIFY(!child<QPushButton>(settings, "setUpKeyButton")->isEnabled()); // no CA yet
        QTest::keyClicks(child<QLineEdit>(settings, "newCaCode"), kCa);
        typeText(child<QLineEdit>(settings, "newCaName"), QStringLiteral("Ұлттық куәландырушы орталық"));
        auto* kind = child<QComboBox>(settings, "newCaKind");
        kind->setCurrentIndex(kind->findData(forms::caKindId(forms::CaKind::National)));
        QTest::mouseClick(child<QPushButton>(settings, "addCaButton"), Qt::LeftButton);
        QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
        settings->selectCa(kCa);
        const QJsonObject pointers = testPointers();
        const std::pair<const char*, const char*> fields[] = {{"cdpUrl", "cdp_url"},
                                                              {"freshestUrl", "freshest_url"},
                                                              {"aiaUrl", "aia_url"},
                                                              {"ocspUrl", "ocsp_url"},
                                                              {"cpsUri", "cps_uri"}};
        for (const auto& [widget, key] : fields)
            QTest::keyClicks(child<QLineEdit>(settings, widget), pointers.value(QLatin1String(key)).toString());
        // The folder the CRLs go to (made beforehand, as the folder chooser would offer it).
        QVERIFY(QDir().mkpath(m_out.filePath(lang + QStringLiteral("-crl"))));
        QTest::keyClicks(child<QLineEdit>(settings, "publishDir"), m_out.filePath(lang + QStringLiteral("-crl")));
        QTest::mouseClick(child<QPushButton>(settings, "saveCaSettings"), Qt::LeftButton);
        QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
        auto* table = child<QTableWidget>(settings, "caTable");
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 3)->text(), registry::CaDirectory::tr("no key yet"));
        snapshot(settings, QStringLiteral("newcomer-settings-ca-") + lang);

        QTest::mouseClick(child<QPushButton>(settings, "setUpKeyButton"), Qt::LeftButton);
        auto* setUp = newest<gui::CaKeySetupDialog>(settings);
        QVERIFY(setUp);
        child<QRadioButton>(setUp, "rootCaChoice")->setChecked(true);
        auto* algorithm = child<QComboBox>(setUp, "keyAlgorithm");
        algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("p256")));
        child<QLineEdit>(setUp, "keyFile")->setText(path(lang, QStringLiteral("ca-key.p8")));
        typeText(child<QLineEdit>(setUp, "keyPassphrase"), kCaKeyPassphrase);
        typeText(child<QLineEdit>(setUp, "keyPassphrase2"), kCaKeyPassphrase);
        snapshot(setUp, QStringLiteral("newcomer-ca-key-") + lang);
        QSignalSpy finished(setUp, &gui::CaKeySetupDialog::setUpFinished);
        QTest::mouseClick(child<QPushButton>(setUp, "caKeySetupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(w.prompter->errors.join(u'\n')));
        setUp->close();
        QVERIFY(!table->item(0, 3)->text().contains(registry::CaDirectory::tr("no key yet")));

        // 3. Settings → Operators: a counter operator and two officers (four eyes).
        settings->tabs()->setCurrentIndex(1);
        addOperator(settings, QStringLiteral("operator"), QStringLiteral("Сәрсенова Айгүл"), registry::Role::Operator);
        addOperator(settings, QStringLiteral("officer.a"), QStringLiteral("Төлеуов Бауыржан"), registry::Role::Officer);
        addOperator(settings, QStringLiteral("officer.b"), QStringLiteral("Оспанова Мәдина"), registry::Role::Officer);
        QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
        QCOMPARE(child<QTableWidget>(settings, "operatorTable")->rowCount(), 4);
        snapshot(settings, QStringLiteral("newcomer-settings-operators-") + lang);
        settings->close();
    }

    // 4. The operator signs in and registers the application at the counter.
    qint64 id = 0;
    {
        auto session = signIn(*f.reg, QStringLiteral("operator"));
        QVERIFY(session);
        Window w = openWindow(*f.reg, *session);
        QVERIFY(w.entry()->newApplicationAction()->isEnabled());
        w.entry()->newApplicationAction()->trigger();
        auto dialogs = w.window->findChildren<gui::NewApplicationDialog*>();
        QVERIFY(!dialogs.isEmpty());
        gui::NewApplicationDialog* dialog = dialogs.last();
        QVERIFY(dialog->setCa(kCa));
        QVERIFY(dialog->setForm(kIssueInd));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
        QCOMPARE(dialog->step(), gui::NewApplicationDialog::FormStep);
        gui::FormPage* page = dialog->formPage();
        QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("iin")), kIinThird);
        typeText(child<QLineEdit>(page, QStringLiteral("surname")), QStringLiteral("Әбішев"));
        typeText(child<QLineEdit>(page, QStringLiteral("name")), QStringLiteral("Дәулет"));
        typeText(child<QLineEdit>(page, QStringLiteral("region")), QStringLiteral("Алматы облысы"));
        typeText(child<QLineEdit>(page, QStringLiteral("city")), QStringLiteral("Қонаев"));
        QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("email")), QStringLiteral("holder@example.kz"));
        QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("phone")), QStringLiteral("+7 701 234 56 78"));
        child<QCheckBox>(page, QStringLiteral("usage:sign"))->click();
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
        child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
        child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
        id = dialog->savedId();
        QVERIFY(id > 0);
        dialog->close();
    }

    // 5. An officer approves it in the queue.
    {
        auto session = signIn(*f.reg, QStringLiteral("officer.a"));
        QVERIFY(session);
        Window w = openWindow(*f.reg, *session);
        w.queue()->refresh();
        w.queue()->selectApplication(id);
        QVERIFY(w.queue()->selectedRecord());
        QTest::mouseClick(child<QPushButton>(w.window.get(), QStringLiteral("approveButton")), Qt::LeftButton);
        QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    }

    // 6. The other officer issues it from the holder's request, revokes it, and publishes the CRL.
    auto session = signIn(*f.reg, QStringLiteral("officer.b"));
    QVERIFY(session);
    Window w = openWindow(*f.reg, *session);
    w.queue()->refresh();
    w.queue()->selectApplication(id);
    QVERIFY(w.queue()->selectedRecord());
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    TIRKEU_VERIFY_OK(key);
    auto csr = pki::Csr::create(
        key->get(), pki::SubjectName::person(QStringLiteral("Әбішев"), QStringLiteral("Дәулет"), {}, kIinThird));
    TIRKEU_VERIFY_OK(csr);
    QVERIFY(writeFile(path(lang, QStringLiteral("holder.csr")), *csr));
    w.prompter->openAnswer = path(lang, QStringLiteral("holder.csr"));
    w.prompter->passwordAnswer = kCaKeyPassphrase;
    w.prompter->saveAnswers = {path(lang, QStringLiteral("holder.pem"))};
    QVERIFY(w.entry()->issueAction()->isEnabled());
    w.entry()->issueAction()->trigger();
    auto* issuance = w.window->findChildren<gui::IssuanceDialog*>().last();
    QVERIFY(issuance);
    child<QRadioButton>(issuance, QStringLiteral("fromCsrRadio"))->click();
    QTest::mouseClick(child<QPushButton>(issuance, QStringLiteral("chooseCsrButton")), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(issuance, QStringLiteral("issueButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!issuance->isRunning(), 60000);
    QVERIFY2(issuance->message().isEmpty(), qPrintable(issuance->message()));
    QCOMPARE(issuance->issuedSerials().size(), 1);
    const QString serial = issuance->issuedSerials().first();
    snapshot(issuance, QStringLiteral("newcomer-issued-") + lang);
    issuance->close();
    auto cert = registry::CaEngine(*f.reg).certificate(*session, kCa, serial);
    TIRKEU_VERIFY_OK(cert);
    QCOMPARE(cert->applicationId, id);
    QCOMPARE(cert->status, QStringLiteral("valid"));

    // Revoked from the certificate's details (found by its serial in the register search).
    gui::RegisterSearchPage* search = w.actions()->searchPage();
    w.window->tabs()->setCurrentWidget(search);
    auto* text = child<QLineEdit>(search, "searchText");
    QTest::keyClicks(text, serial);
    QTest::mouseClick(child<QPushButton>(search, "searchButton"), Qt::LeftButton);
    QVERIFY(search->selectSerial(serial));
    QTest::mouseClick(child<QPushButton>(search, "searchDetailsButton"), Qt::LeftButton);
    auto* details = w.window->findChild<gui::CertificateDetailsDialog*>();
    QVERIFY(details);
    QTest::mouseClick(child<QPushButton>(details, "revokeButton"), Qt::LeftButton);
    auto* revoke = newest<gui::RevokeDialog>(details);
    QVERIFY(revoke);
    auto* reasons = child<QComboBox>(revoke, "reasonCombo");
    reasons->setCurrentIndex(reasons->findData(4)); // superseded: no CRL at once
    auto* basis = child<QComboBox>(revoke, "basisCombo");
    basis->setCurrentIndex(basis->findData(QStringLiteral("holder_application")));
    typeText(child<QLineEdit>(revoke, "basisDocument"), QStringLiteral("өтініш №1"));
    QTest::mouseClick(child<QPushButton>(revoke, "continueButton"), Qt::LeftButton);
    QVERIFY(revoke->onConfirmationPage());
    const QPointer<gui::RevokeDialog> revoking(revoke);
    QTest::mouseClick(child<QPushButton>(revoke, "confirmRevokeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!revoking || !revoking->running(), 60000);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    cert = registry::CaEngine(*f.reg).certificate(*session, kCa, serial);
    QCOMPARE(cert->status, QStringLiteral("revoked"));
    QCOMPARE(cert->reasonCode, 4);
    details->close();

    // Register → Publish CRL: the CA's publish folder, a full CRL that lists the certificate.
    QVERIFY(w.actions()->publishCrlAction()->isEnabled());
    w.actions()->publishCrlAction()->trigger();
    auto* crl = w.window->findChild<gui::CrlPublishDialog*>();
    QVERIFY(crl);
    auto* ca = child<QComboBox>(crl, "crlCa");
    ca->setCurrentIndex(ca->findData(kCa));
    const QString crlDir = m_out.filePath(lang + QStringLiteral("-crl"));
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(crl, "crlDir")->text()), crlDir);
    child<QRadioButton>(crl, "crlFull")->setChecked(true);
    QSignalSpy published(crl, &gui::CrlPublishDialog::publishFinished);
    QTest::mouseClick(child<QPushButton>(crl, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(published.wait(60000));
    QVERIFY2(published.first().at(0).toBool(), qPrintable(crl->message()));
    snapshot(crl, QStringLiteral("newcomer-crl-") + lang);
    const QString file = QDir(crlDir).filePath(kCa + QStringLiteral(".crl"));
    QVERIFY(QFileInfo::exists(file));
    QCOMPARE(f.scalar(QStringLiteral("SELECT entries FROM crls")).toInt(), 1);

    // Everything the windows did is in one intact event log.
    TIRKEU_VERIFY_OK(f.reg->audit().verify());
    for (const char* event :
         {"operator.first_administrator", "ca.added", "ca.initialised", "operator.added", "application.registered",
          "application.approved", "certificate.issued", "certificate.revoked", "crl.published"})
        QVERIFY2(f.count(QStringLiteral("audit_events WHERE event_type = '%1'").arg(QLatin1String(event))) > 0, event);
}

TIRKEU_TEST_MAIN(NewcomerTest)
#include "tst_newcomer.moc"
