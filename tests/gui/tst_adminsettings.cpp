// The administrator's tasks in Settings, offscreen, on a real register: each CA's key status, setting
// up a CA's key (self-signed root; subordinate key and request, then the parent's certificate
// imported; an existing key by URI) with the same registry calls as `ca init` / `ca import-cert`, the
// key generated on a worker thread; the CA key backup among five named custodians and its restore
// from three shares; the register's backup; an operator's role change (never the last
// administrator's); and no registry or window message that sends a user to tirkeu-cli. With
// $TIRKEU_SCREENSHOT_DIR set, the new dialogs are saved in kk and ru.

#include "app/gui/CaKeySetupDialog.h"
#include "app/gui/JobProgressDialog.h"
#include "app/gui/KeyBackupDialog.h"
#include "app/gui/KeyBackupsDialog.h"
#include "app/gui/SettingsDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/Ossl.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"
#include "reports/ReportTestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <openssl/x509v3.h>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

const QString kRootPassphrase = QStringLiteral("Түбір-кілт-2026-құпия");

forms::Submission rootIssue(const QString& caName) {
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("country"), QStringLiteral("Қазақстан")},
                         {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
                         {QStringLiteral("city"), QStringLiteral("Астана")},
                         {QStringLiteral("org_name"), QStringLiteral("«Ұлттық ақпараттық технологиялар» АҚ")},
                         {QStringLiteral("ca_name"), caName},
                         {QStringLiteral("email"), QStringLiteral("pki@nitec.kz")},
                         {QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")}},
                         {QStringLiteral("validity"), QStringLiteral("5y")},
                         {QStringLiteral("application_date"), QStringLiteral("2026-03-02")},
                         {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Мұрат")}};
    s.attachments = {QStringLiteral("accreditation_certificate_copy")};
    s.consent = true;
    return s;
}

int rowOf(QTableWidget* table, const QString& firstColumn) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0) && table->item(row, 0)->text() == firstColumn)
            return row;
    return -1;
}

// Records the progress windows shown while a button's work runs in the background.
class ProgressWindows : public QObject {
public:
    ProgressWindows() { qApp->installEventFilter(this); }
    ~ProgressWindows() override { qApp->removeEventFilter(this); }
    QStringList shown; // the label text of each progress window when it appeared

protected:
    bool eventFilter(QObject* o, QEvent* e) override {
        if (e->type() == QEvent::Show)
            if (auto* d = qobject_cast<gui::JobProgressDialog*>(o))
                shown << d->labelText();
        return false;
    }
};

// What openssl x509 -req -CA root.pem -CAkey root.p8 -set_serial 0x5ab1 makes of a subordinate's request `csrPem`
// with the key of the register CA `issuer` (attack of session 30, A7), valid from that CA's notBefore for a year
// (the register's clock is not the wall clock); empty on failure.
QByteArray signedOutsideTirkeu(const registry::CaRecord& issuer, const QByteArray& csrPem) {
    auto key = pki::CaKey::open(issuer.keyUri, pki::SecretSource::literal(kRootPassphrase));
    auto issuerCert = pki::Certificate::parse(issuer.certificateDer);
    auto csr = pki::Csr::parse(csrPem);
    if (!key || !issuerCert || !csr)
        return {};
    pki::X509Ptr x(X509_new());
    pki::X509Ptr issuerX509 = issuerCert->toX509();
    X509_set_version(x.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 0x5ab1);
    X509_set_issuer_name(x.get(), X509_get_subject_name(issuerX509.get()));
    auto subjectDer = csr->subject().toDer();
    if (!subjectDer)
        return {};
    const auto* p = reinterpret_cast<const unsigned char*>(subjectDer->constData());
    pki::X509NamePtr subject(d2i_X509_NAME(nullptr, &p, long(subjectDer->size())));
    if (!subject)
        return {};
    X509_set_subject_name(x.get(), subject.get());
    const time_t from = time_t(issuerCert->notBefore().toSecsSinceEpoch());
    pki::Asn1TimePtr notBefore(ASN1_TIME_set(nullptr, from));
    pki::Asn1TimePtr notAfter(ASN1_TIME_set(nullptr, from + 365 * 86400));
    X509_set1_notBefore(x.get(), notBefore.get());
    X509_set1_notAfter(x.get(), notAfter.get());
    X509_set_pubkey(x.get(), csr->publicKey());
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuerX509.get(), x.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
          std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"}, std::pair{NID_subject_key_identifier, "hash"}}) {
        pki::X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!ext || X509_add_ext(x.get(), ext.get(), -1) != 1)
            return {};
    }
    if (X509_sign(x.get(), (*key)->pkey(), EVP_sha256()) <= 0)
        return {};
    return pki::toDer(x.get(), i2d_X509);
}

} // namespace

class AdminSettingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void rootKeyIsSetUpOnAWorkerThreadAndItsStatusShown();
    void subordinateRequestThenTheParentCertificateIsImported();
    void existingKeyIsUsedByItsUri();
    void keyBackupAmongFiveCustodiansAndRestoreFromThree();
    void registerBackupFromSettings();
    void roleChangeInTheOperatorsTab();
    void noMessageSendsAUserToTheCli();
    void screenshotsInKazakhAndRussian();

private:
    std::unique_ptr<gui::SettingsDialog> openSettings(const Session& session);
    gui::CaKeySetupDialog* startSetUp(gui::SettingsDialog* settings, const QString& ca);
    bool runSetUp(gui::CaKeySetupDialog* dialog);
    QString out(const QString& name) const { return m_out->filePath(name); }
    void rootWithKey();

    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_f;
    std::unique_ptr<QTemporaryDir> m_out;
    std::unique_ptr<AnsweringPrompter> m_p;
    AnsweringPrompter& prompter() { return *m_p; }
};

void AdminSettingsTest::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    m_base.close();
}

void AdminSettingsTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
    m_p = std::make_unique<AnsweringPrompter>();
}

void AdminSettingsTest::cleanup() {
    m_f.reset();
    m_out.reset();
    registry::Language::install(QStringLiteral("en"));
}

std::unique_ptr<gui::SettingsDialog> AdminSettingsTest::openSettings(const Session& session) {
    auto dialog = std::make_unique<gui::SettingsDialog>(*m_f->reg, session, *m_p);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        qWarning("the settings were not exposed");
    return dialog;
}

gui::CaKeySetupDialog* AdminSettingsTest::startSetUp(gui::SettingsDialog* settings, const QString& ca) {
    settings->selectCa(ca);
    auto* button = child<QPushButton>(settings, "setUpKeyButton");
    if (!button->isEnabled())
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    gui::CaKeySetupDialog* dialog = nullptr;
    for (gui::CaKeySetupDialog* d : settings->findChildren<gui::CaKeySetupDialog*>())
        if (d->isVisible())
            dialog = d;
    return dialog;
}

bool AdminSettingsTest::runSetUp(gui::CaKeySetupDialog* dialog) {
    QSignalSpy finished(dialog, &gui::CaKeySetupDialog::setUpFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "caKeySetupButton"), Qt::LeftButton);
    if (finished.isEmpty() && !finished.wait(120000))
        return false;
    return finished.first().at(0).toBool();
}

void AdminSettingsTest::rootWithKey() {
    TIRKEU_VERIFY_OK(registry::CaEngine(*m_f->reg).createRootCa(m_f->admin, kRoot, pki::KeyAlgorithm::EcP256,
                                                                out(QStringLiteral("root.p8")), kRootPassphrase, 20));
}

void AdminSettingsTest::rootKeyIsSetUpOnAWorkerThreadAndItsStatusShown() {
    auto settings = openSettings(m_f->admin);
    auto* table = child<QTableWidget>(settings.get(), "caTable");
    const int row = rowOf(table, kRoot);
    QVERIFY(row >= 0);
    QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("Key and certificate"));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("no key yet"));
    settings->selectCa(kRoot);
    QVERIFY(!child<QPushButton>(settings.get(), "importCertButton")->isEnabled()); // no key waiting
    QVERIFY(!child<QPushButton>(settings.get(), "backupKeyButton")->isEnabled());  // nothing to back up

    gui::CaKeySetupDialog* dialog = startSetUp(settings.get(), kRoot);
    QVERIFY(dialog);
    // A CA of the root kind is set up as a self-signed root by default.
    QVERIFY(child<QRadioButton>(dialog, "rootCaChoice")->isChecked());
    QVERIFY(child<QRadioButton>(dialog, "newKeyChoice")->isChecked());
    QVERIFY(!child<QLineEdit>(dialog, "csrFile")->isEnabled());
    auto* algorithm = child<QComboBox>(dialog, "keyAlgorithm");
    algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("p256")));
    QVERIFY(algorithm->currentIndex() >= 0);
    const QString keyFile = out(QStringLiteral("keys/root.p8"));
    child<QLineEdit>(dialog, "keyFile")->setText(QDir::toNativeSeparators(keyFile));

    // The passphrase is typed twice; a difference is refused before anything is made.
    typeText(child<QLineEdit>(dialog, "keyPassphrase"), kRootPassphrase);
    typeText(child<QLineEdit>(dialog, "keyPassphrase2"), kRootPassphrase + u'!');
    QTest::mouseClick(child<QPushButton>(dialog, "caKeySetupButton"), Qt::LeftButton);
    QVERIFY(!dialog->running());
    QVERIFY2(child<QLabel>(dialog, "caKeySetupMessage")->text().contains(u"differ"),
             qPrintable(child<QLabel>(dialog, "caKeySetupMessage")->text()));
    QVERIFY(!QFileInfo::exists(keyFile));
    // A short passphrase: the registry's own rule, shown inline.
    child<QLineEdit>(dialog, "keyPassphrase")->setText(QStringLiteral("short"));
    child<QLineEdit>(dialog, "keyPassphrase2")->setText(QStringLiteral("short"));
    QTest::mouseClick(child<QPushButton>(dialog, "caKeySetupButton"), Qt::LeftButton);
    QVERIFY(!child<QLabel>(dialog, "caKeySetupMessage")->isHidden());
    QVERIFY(!QFileInfo::exists(keyFile));

    child<QLineEdit>(dialog, "keyPassphrase")->setText(kRootPassphrase);
    child<QLineEdit>(dialog, "keyPassphrase2")->setText(kRootPassphrase);
    QSignalSpy finished(dialog, &gui::CaKeySetupDialog::setUpFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "caKeySetupButton"), Qt::LeftButton);
    // The key is made by a Job: the dialog returns at once, busy, with its progress shown.
    QVERIFY(dialog->running() || !finished.isEmpty());
    if (dialog->running()) {
        QVERIFY(child<QProgressBar>(dialog, "caKeySetupProgress")->isVisible());
        QVERIFY(!child<QPushButton>(dialog, "caKeySetupButton")->isEnabled());
        QVERIFY(!child<QPushButton>(dialog, "caKeySetupClose")->isEnabled());
        QVERIFY(finished.wait(120000));
    }
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY2(m_p->errors.isEmpty(), qPrintable(m_p->errors.join(u'\n')));
    QVERIFY(child<QLineEdit>(dialog, "keyPassphrase")->text().isEmpty()); // not kept in the widget

    // The register: key file, certificate, event — as `ca init` leaves them.
    auto ca = m_f->reg->cas().find(kRoot);
    TIRKEU_VERIFY_OK(ca);
    QCOMPARE(ca->keyUri, QStringLiteral("file:") + QFileInfo(keyFile).absoluteFilePath());
    QVERIFY(QFileInfo::exists(keyFile));
    auto cert = pki::Certificate::parse(ca->certificateDer);
    TIRKEU_VERIFY_OK(cert);
    QVERIFY(cert->isCa());
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'ca.initialised'")), qint64(1));
    QVERIFY2(dialog->resultText().contains(registry::displayDate(cert->notAfter())), qPrintable(dialog->resultText()));
    // The table and the status line say so; setting up again is off.
    const QString status = table->item(rowOf(table, kRoot), 3)->text();
    QVERIFY2(
        status ==
            QStringLiteral("key in a file, certificate valid until %1").arg(registry::displayDate(cert->notAfter())),
        qPrintable(status));
    settings->selectCa(kRoot);
    QVERIFY(child<QLabel>(settings.get(), "caKeyStatus")->text().contains(status));
    QVERIFY(!child<QPushButton>(settings.get(), "setUpKeyButton")->isEnabled());
    QVERIFY(child<QPushButton>(settings.get(), "backupKeyButton")->isEnabled());
}

void AdminSettingsTest::subordinateRequestThenTheParentCertificateIsImported() {
    rootWithKey();
    auto settings = openSettings(m_f->admin);
    gui::CaKeySetupDialog* dialog = startSetUp(settings.get(), kNca);
    QVERIFY(dialog);
    QVERIFY(child<QRadioButton>(dialog, "subordinateCaChoice")->isChecked()); // a national CA: subordinate
    QVERIFY(!child<QSpinBox>(dialog, "validityYears")->isEnabled());
    auto* algorithm = child<QComboBox>(dialog, "keyAlgorithm");
    algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("p256")));
    child<QLineEdit>(dialog, "keyFile")->setText(out(QStringLiteral("nca.p8")));
    const QString csrFile = out(QStringLiteral("nca-request.pem"));
    child<QLineEdit>(dialog, "csrFile")->setText(csrFile);
    child<QLineEdit>(dialog, "keyPassphrase")->setText(kRootPassphrase);
    child<QLineEdit>(dialog, "keyPassphrase2")->setText(kRootPassphrase);
    QVERIFY(runSetUp(dialog));
    QVERIFY2(dialog->resultText().contains(u"Import certificate"), qPrintable(dialog->resultText()));
    const QByteArray csr = readFile(csrFile);
    QVERIFY(csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'ca.key_created'")), qint64(1));

    auto* table = child<QTableWidget>(settings.get(), "caTable");
    QCOMPARE(table->item(rowOf(table, kNca), 3)->text(),
             QStringLiteral("key in a file, waiting for the parent CA's certificate"));
    settings->selectCa(kNca);
    QVERIFY(!child<QPushButton>(settings.get(), "setUpKeyButton")->isEnabled());
    auto* import = child<QPushButton>(settings.get(), "importCertButton");
    QVERIFY(import->isEnabled());

    // A wrong file first (the root's own certificate): refused, shown, nothing changes.
    auto root = m_f->reg->cas().find(kRoot);
    QVERIFY(writeFile(out(QStringLiteral("root.pem")), pki::Certificate::parse(root->certificateDer)->pem()));
    m_p->openAnswer = out(QStringLiteral("root.pem"));
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY(m_f->reg->cas().find(kNca)->certificateDer.isEmpty());
    // A certificate signed with the Root CA's key outside Tirkeu (attack of session 30, A7): the registry's
    // refusal is shown as an error, nothing changes.
    const QByteArray outside = signedOutsideTirkeu(*root, csr);
    QVERIFY(!outside.isEmpty());
    QVERIFY(writeFile(out(QStringLiteral("nca-outside.pem")), pki::Certificate::parse(outside)->pem()));
    m_p->openAnswer = out(QStringLiteral("nca-outside.pem"));
    const qint64 eventsBefore = m_f->count(QStringLiteral("audit_events"));
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 2);
    QVERIFY2(m_p->errors.last().contains(u"has no record of issuing") && m_p->errors.last().contains(u"5AB1") &&
                 m_p->errors.last().contains(kRoot),
             qPrintable(m_p->errors.last()));
    QVERIFY(m_f->reg->cas().find(kNca)->certificateDer.isEmpty());
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), eventsBefore);

    // The Root CA certifies the request (its own workflow), and the certificate is imported here.
    auto nca = m_f->reg->cas().find(kNca);
    auto app =
        m_f->reg->applications().submit(m_f->operatorA, kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(nca->name));
    TIRKEU_VERIFY_OK(app);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerB, *app));
    auto issued = registry::CaEngine(*m_f->reg).issueFromCsr(m_f->officerA, *app, csr,
                                                             pki::SecretSource::literal(kRootPassphrase));
    TIRKEU_VERIFY_OK(issued);
    QVERIFY(writeFile(out(QStringLiteral("nca.pem")), pki::Certificate::parse(issued->der)->pem()));
    m_p->openAnswer = out(QStringLiteral("nca.pem"));
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 2);
    QCOMPARE(m_f->reg->cas().find(kNca)->certificateDer, issued->der);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT parent_id FROM cas WHERE code = ?"), {kNca}).toLongLong(), m_f->rootId);
    const QString feedback = child<QLabel>(settings.get(), "settingsFeedback")->text();
    QVERIFY2(feedback.contains(issued->serialHex) && feedback.contains(kRoot), qPrintable(feedback));
    QVERIFY(table->item(rowOf(table, kNca), 3)->text().startsWith(u"key in a file, certificate valid until"));
    QVERIFY(!import->isEnabled());
}

void AdminSettingsTest::existingKeyIsUsedByItsUri() {
    // A key made elsewhere (here: an encrypted key file; a PKCS#11 object is named the same way).
    RegistryFixture other;
    QVERIFY2(other.create(kMondayMorning), qPrintable(other.error));
    const QString keyFile = out(QStringLiteral("existing.p8"));
    TIRKEU_VERIFY_OK(registry::CaEngine(*other.reg)
                         .createRootCa(other.admin, kRoot, pki::KeyAlgorithm::EcP256, keyFile, kRootPassphrase, 5));
    auto settings = openSettings(m_f->admin);
    gui::CaKeySetupDialog* dialog = startSetUp(settings.get(), kRoot);
    QVERIFY(dialog);
    child<QRadioButton>(dialog, "existingKeyChoice")->setChecked(true);
    QVERIFY(!child<QLineEdit>(dialog, "keyFile")->isEnabled());
    QVERIFY(!child<QLineEdit>(dialog, "keyPassphrase")->isEnabled());
    QVERIFY(child<QLineEdit>(dialog, "keyUri")->isEnabled());
    // No URI: refused inline.
    QTest::mouseClick(child<QPushButton>(dialog, "caKeySetupButton"), Qt::LeftButton);
    QVERIFY(!dialog->running());
    QVERIFY(!child<QLabel>(dialog, "caKeySetupMessage")->isHidden());
    // A wrong passphrase: the registry refuses; nothing is recorded.
    child<QLineEdit>(dialog, "keyUri")->setText(QStringLiteral("file:") + keyFile);
    child<QLineEdit>(dialog, "keyPin")->setText(QStringLiteral("not-the-passphrase"));
    QVERIFY(!runSetUp(dialog));
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY(m_f->reg->cas().find(kRoot)->keyUri.isEmpty());
    child<QLineEdit>(dialog, "keyPin")->setText(kRootPassphrase);
    QVERIFY(runSetUp(dialog));
    auto ca = m_f->reg->cas().find(kRoot);
    QCOMPARE(ca->keyUri, QStringLiteral("file:") + keyFile);
    QVERIFY(!ca->certificateDer.isEmpty());
}

void AdminSettingsTest::keyBackupAmongFiveCustodiansAndRestoreFromThree() {
    rootWithKey();
    auto settings = openSettings(m_f->admin);
    settings->selectCa(kRoot);
    QTest::mouseClick(child<QPushButton>(settings.get(), "backupKeyButton"), Qt::LeftButton);
    auto* backup = settings->findChild<gui::KeyBackupDialog*>(QStringLiteral("keyBackupDialog"));
    QVERIFY(backup);
    // The scheme of the rules in force: at least 3 of 5; fewer cannot be chosen.
    auto* shares = child<QSpinBox>(backup, "backupShares");
    auto* threshold = child<QSpinBox>(backup, "backupThreshold");
    QCOMPARE(shares->minimum(), 5);
    QCOMPARE(threshold->minimum(), 3);
    QCOMPARE(shares->value(), 5);
    auto* custodians = child<QTableWidget>(backup, "custodianTable");
    QCOMPARE(custodians->rowCount(), 5);
    const QString dir = out(QStringLiteral("backup"));
    child<QLineEdit>(backup, "backupOutDir")->setText(dir);
    const QStringList names = {QStringLiteral("Әлиев Ерлан"), QStringLiteral("Бекова Сәуле"),
                               QStringLiteral("Ғабитов Нұрлан"), QStringLiteral("Жақсылықова Дана"),
                               QStringLiteral("Құнанбаев Асқар")};
    for (int i = 0; i < 4; ++i) {
        custodians->item(i, 0)->setText(names.at(i));
        custodians->item(i, 1)->setText(QStringLiteral("бас маман, ҰАТ АҚ"));
    }
    // A custodian without a name: refused before the passphrase is asked.
    QTest::mouseClick(child<QPushButton>(backup, "keyBackupRun"), Qt::LeftButton);
    QVERIFY(child<QLabel>(backup, "keyBackupMessage")->text().contains(u"share 5"));
    QCOMPARE(m_p->passwordAsked, 0);
    custodians->item(4, 0)->setText(names.at(4));
    custodians->item(4, 1)->setText(QStringLiteral("ҰҚК өкілі"));
    m_p->passwordAnswer = kRootPassphrase;
    QTest::mouseClick(child<QPushButton>(backup, "keyBackupRun"), Qt::LeftButton);
    QVERIFY2(m_p->errors.isEmpty(), qPrintable(m_p->errors.join(u'\n')));
    QCOMPARE(m_p->passwordAsked, 1);
    QCOMPARE(backup->result(), int(QDialog::Accepted));
    const QStringList files = backup->writtenFiles();
    QCOMPARE(files.size(), 7); // backup, five shares, hand-over record
    for (const QString& f : files)
        QVERIFY2(QFileInfo::exists(f), qPrintable(f));
    QVERIFY(files.last().endsWith(u"-handover.pdf"));
    QVERIFY(backup->resultText().contains(names.at(4)));
    QVERIFY(child<QLabel>(settings.get(), "settingsFeedback")->text().contains(u"any 3 of these 5 shares"));
    const QJsonObject details =
        QJsonDocument::fromJson(
            m_f->scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'ca.key_backup'"))
                .toByteArray())
            .object();
    QVERIFY2(QJsonDocument(details).toJson().contains(names.at(2).toUtf8()), QJsonDocument(details).toJson().data());

    // Restore: two shares are too few — refused, nothing written; three restore the key.
    QTest::qWait(0);
    QTest::mouseClick(child<QPushButton>(settings.get(), "restoreKeyButton"), Qt::LeftButton);
    auto* restore = settings->findChild<gui::KeyBackupDialog*>(QStringLiteral("keyRestoreDialog"));
    QVERIFY(restore);
    const QString keyOut = out(QStringLiteral("restored.p8"));
    child<QLineEdit>(restore, "restoreKeyOut")->setText(keyOut);
    child<QLineEdit>(restore, "restorePassphrase")->setText(QStringLiteral("Жаңа-кілт-құпия-2026"));
    child<QLineEdit>(restore, "restorePassphrase2")->setText(QStringLiteral("Жаңа-кілт-құпия-2026"));
    child<QCheckBox>(restore, "restoreActivate")->setChecked(true);
    for (int i : {1, 3}) {
        m_p->openAnswer = files.at(i);
        QTest::mouseClick(child<QPushButton>(restore, "addShareButton"), Qt::LeftButton);
    }
    // The backup file is found next to the first share, as the CLI finds it.
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(restore, "restoreBackupFile")->text()), files.first());
    QTest::mouseClick(child<QPushButton>(restore, "keyBackupRun"), Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY(!QFileInfo::exists(keyOut));
    QVERIFY(restore->isVisible());
    child<QLineEdit>(restore, "restorePassphrase")->setText(QStringLiteral("Жаңа-кілт-құпия-2026"));
    child<QLineEdit>(restore, "restorePassphrase2")->setText(QStringLiteral("Жаңа-кілт-құпия-2026"));
    m_p->openAnswer = files.at(5);
    QTest::mouseClick(child<QPushButton>(restore, "addShareButton"), Qt::LeftButton);
    QCOMPARE(child<QListWidget>(restore, "restoreShareFiles")->count(), 3);
    QTest::mouseClick(child<QPushButton>(restore, "keyBackupRun"), Qt::LeftButton);
    QVERIFY2(m_p->errors.size() == 1, qPrintable(m_p->errors.join(u'\n')));
    QVERIFY(QFileInfo::exists(keyOut));
    QCOMPARE(m_f->reg->cas().find(kRoot)->keyUri, QStringLiteral("file:") + keyOut);
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'ca.key_restored'")), qint64(1));
    QVERIFY(child<QLabel>(settings.get(), "settingsFeedback")->text().contains(u"now signs with this file"));

    // Key backups…: the backup as recorded; a copy of its hand-over record printed again.
    QTest::qWait(0);
    QTest::mouseClick(child<QPushButton>(settings.get(), "keyBackupsButton"), Qt::LeftButton);
    auto* list = settings->findChild<gui::KeyBackupsDialog*>(QStringLiteral("keyBackupsDialog"));
    QVERIFY(list);
    QCOMPARE(list->table()->rowCount(), 1);
    QVERIFY(list->table()->item(0, 3)->text().contains(names.at(2)));
    QCOMPARE(list->table()->item(0, 1)->text(), QStringLiteral("3 / 5"));
    snapshot(list, QStringLiteral("ca-key-backups-list"));
    const QString copy = out(QStringLiteral("handover-copy.pdf"));
    m_p->saveAnswers = {copy};
    QTest::mouseClick(child<QPushButton>(list, "printHandoverCopyButton"), Qt::LeftButton);
    QVERIFY2(QFileInfo::exists(copy), qPrintable(child<QLabel>(list, "keyBackupsMessage")->text()));
    QVERIFY(child<QLabel>(list, "keyBackupsNote")->text().contains(QDir::toNativeSeparators(copy)));
    tirkeu::test::keep(copy);
    const QString text = tirkeu::test::pdfText(copy).simplified();
    QVERIFY2(text.contains(u"Копия, напечатана повторно") && text.contains(names.at(4)), qPrintable(text));
    list->close();
}

void AdminSettingsTest::registerBackupFromSettings() {
    {
        // Not an administrator's session: the button is off and says why.
        auto settings = openSettings(m_f->officerA);
        auto* button = child<QPushButton>(settings.get(), "backupRegisterButton");
        QVERIFY(!button->isEnabled());
        QVERIFY(button->toolTip().contains(registry::Roles::permissionName(registry::Permission::ManageRegister)));
    }
    auto settings = openSettings(m_f->admin);
    auto* tabs = settings->tabs();
    tabs->setCurrentWidget(child<QPushButton>(settings.get(), "backupRegisterButton")->parentWidget());
    const QString file = out(QStringLiteral("backups/register-copy.sqlite"));
    QDir().mkpath(QFileInfo(file).absolutePath());
    // A folder others can enter is refused (a backup holds personal data): shown, nothing written.
    m_p->saveAnswers = {file};
    QTest::mouseClick(child<QPushButton>(settings.get(), "backupRegisterButton"), Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY2(m_p->errors.first().contains(u"private folder"), qPrintable(m_p->errors.first()));
    QVERIFY(!QFileInfo::exists(file));
    m_p->errors.clear();
    QVERIFY(QFile::setPermissions(QFileInfo(file).absolutePath(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    m_p->saveAnswers = {file};
    ProgressWindows progress; // the copy runs in the background behind a progress window
    QTest::mouseClick(child<QPushButton>(settings.get(), "backupRegisterButton"), Qt::LeftButton);
    QVERIFY2(m_p->errors.isEmpty(), qPrintable(m_p->errors.join(u'\n')));
    QCOMPARE(progress.shown.size(), 1);
    QVERIFY2(progress.shown.first().contains(QDir::toNativeSeparators(file)), qPrintable(progress.shown.first()));
    QVERIFY(QFileInfo(file).size() > 0);
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'register.backed_up'")), qint64(1));
    QVERIFY(child<QLabel>(settings.get(), "settingsFeedback")->text().contains(QDir::toNativeSeparators(file)));
    // The copy is a register with the same operators.
    auto copy = registry::Register::open(file, registry::Register::OpenMode::Existing);
    TIRKEU_VERIFY_OK(copy);
    TIRKEU_VERIFY_OK((*copy)->operators().signIn(QStringLiteral("officer.a"), kPassword));
    // An existing file is never overwritten.
    m_p->saveAnswers = {file};
    QTest::mouseClick(child<QPushButton>(settings.get(), "backupRegisterButton"), Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);

    // Restored into a new register file, signed for by the administrator on the backup: the wrong
    // password is refused and leaves no file; the right one gives a register with its event.
    copy->reset();
    const QString restored = out(QStringLiteral("backups/restored.sqlite"));
    m_p->errors.clear();
    m_p->openAnswer = file;
    m_p->saveAnswers = {restored};
    m_p->passwordAnswer = QStringLiteral("not-the-password");
    QTest::mouseClick(child<QPushButton>(settings.get(), "restoreRegisterButton"), Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY(!QFileInfo::exists(restored));
    m_p->openAnswer = file;
    m_p->saveAnswers = {restored};
    m_p->passwordAnswer = kPassword;
    progress.shown.clear();
    QTest::mouseClick(child<QPushButton>(settings.get(), "restoreRegisterButton"), Qt::LeftButton);
    QVERIFY2(m_p->errors.size() == 1, qPrintable(m_p->errors.join(u'\n')));
    QCOMPARE(progress.shown.size(), 1);
    QVERIFY2(progress.shown.first().contains(QDir::toNativeSeparators(restored)), qPrintable(progress.shown.first()));
    QVERIFY(child<QLabel>(settings.get(), "settingsFeedback")->text().contains(QDir::toNativeSeparators(restored)));
    auto back = registry::Register::open(restored, registry::Register::OpenMode::Existing);
    TIRKEU_VERIFY_OK(back);
    auto events = (*back)->db().scalar(
        QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'register.restored'"));
    TIRKEU_VERIFY_OK(events);
    QCOMPARE(events->toInt(), 1);
    TIRKEU_VERIFY_OK((*back)->audit().verify());
}

void AdminSettingsTest::roleChangeInTheOperatorsTab() {
    auto settings = openSettings(m_f->admin);
    auto* table = child<QTableWidget>(settings.get(), "operatorTable");
    auto* role = child<QComboBox>(settings.get(), "roleFor");
    auto* change = child<QPushButton>(settings.get(), "changeRoleButton");
    QVERIFY(!change->isEnabled()); // nothing selected
    table->selectRow(rowOf(table, QStringLiteral("operator")));
    QVERIFY(change->isEnabled());
    QCOMPARE(role->currentData().toString(), QStringLiteral("operator")); // starts at the present role
    role->setCurrentIndex(role->findData(QStringLiteral("officer")));
    QTest::mouseClick(change, Qt::LeftButton);
    QVERIFY2(m_p->errors.isEmpty(), qPrintable(m_p->errors.join(u'\n')));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT role FROM operators WHERE login = 'operator'")).toString(),
             QStringLiteral("officer"));
    QCOMPARE(table->item(rowOf(table, QStringLiteral("operator")), 2)->text(),
             registry::Roles::displayName(registry::Role::Officer));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'operator.role_changed'")), qint64(1));

    // Declined at the question: nothing changes.
    table->selectRow(rowOf(table, QStringLiteral("auditor")));
    role->setCurrentIndex(role->findData(QStringLiteral("officer")));
    m_p->confirmAnswer = false;
    QTest::mouseClick(change, Qt::LeftButton);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT role FROM operators WHERE login = 'auditor'")).toString(),
             QStringLiteral("auditor"));
    m_p->confirmAnswer = true;

    // The last administrator keeps the role: the registry's refusal is shown.
    table->selectRow(rowOf(table, QStringLiteral("admin")));
    role->setCurrentIndex(role->findData(QStringLiteral("auditor")));
    QTest::mouseClick(change, Qt::LeftButton);
    QCOMPARE(m_p->errors.size(), 1);
    QVERIFY2(m_p->errors.first().contains(u"last active administrator"), qPrintable(m_p->errors.first()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT role FROM operators WHERE login = 'admin'")).toString(),
             QStringLiteral("administrator"));

    // Not an administrator: the role controls are off.
    auto officer = openSettings(m_f->officerA);
    QVERIFY(!child<QPushButton>(officer.get(), "changeRoleButton")->isEnabled());
}

void AdminSettingsTest::noMessageSendsAUserToTheCli() {
    // What a GUI user meets at issuance without a CA key names the task in the window.
    auto refused = registry::CaEngine(*m_f->reg).publishCrl(m_f->officerA, kNca, out(QStringLiteral("crl")), false,
                                                            pki::SecretSource::literal(kRootPassphrase));
    QVERIFY(!refused);
    QVERIFY2(refused.message().contains(u"Settings → CAs") && !refused.message().contains(u"tirkeu-cli"),
             qPrintable(refused.message()));
    // And no text in the registry's or the window's sources does: a string literal that names
    // tirkeu-cli (comments aside) would be shown to someone.
    const QString root = qEnvironmentVariable("TIRKEU_SOURCE_DIR");
    QVERIFY(!root.isEmpty());
    static const QRegularExpression literal(QStringLiteral("\"[^\"]*tirkeu-cli[^\"]*\""));
    QStringList found;
    for (const char* folder : {"registry", "app/gui"}) {
        QDirIterator it(QDir(root).filePath(QString::fromLatin1(folder)), {QStringLiteral("*.cpp")}, QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            const QStringList lines = QString::fromUtf8(readFile(path)).split(u'\n');
            for (int i = 0; i < lines.size(); ++i) {
                const QString line = lines.at(i).trimmed();
                if (!line.startsWith(u"//") && literal.match(line).hasMatch())
                    found << QStringLiteral("%1:%2: %3").arg(path).arg(i + 1).arg(line);
            }
        }
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

void AdminSettingsTest::screenshotsInKazakhAndRussian() {
    if (qEnvironmentVariableIsEmpty("TIRKEU_SCREENSHOT_DIR"))
        QSKIP("TIRKEU_SCREENSHOT_DIR is not set");
    rootWithKey();
    for (const QString& lang : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        QVERIFY(registry::Language::install(lang));
        auto settings = openSettings(m_f->admin);
        settings->selectCa(kRoot);
        snapshot(settings.get(), QStringLiteral("settings-cas-keys-") + lang);
        settings->tabs()->setCurrentIndex(1);
        auto* table = child<QTableWidget>(settings.get(), "operatorTable");
        table->selectRow(0);
        snapshot(settings.get(), QStringLiteral("settings-operators-role-") + lang);
        settings->tabs()->setCurrentWidget(child<QPushButton>(settings.get(), "backupRegisterButton")->parentWidget());
        snapshot(settings.get(), QStringLiteral("settings-register-") + lang);
        gui::CaKeySetupDialog* setUp = startSetUp(settings.get(), kNca);
        QVERIFY(setUp);
        snapshot(setUp, QStringLiteral("ca-key-setup-") + lang);
        setUp->close();
        settings->selectCa(kRoot);
        QTest::mouseClick(child<QPushButton>(settings.get(), "backupKeyButton"), Qt::LeftButton);
        auto* backup = settings->findChild<gui::KeyBackupDialog*>(QStringLiteral("keyBackupDialog"));
        QVERIFY(backup);
        child<QTableWidget>(backup, "custodianTable")->item(0, 0)->setText(QStringLiteral("Әлиев Ерлан"));
        child<QTableWidget>(backup, "custodianTable")->item(0, 1)->setText(QStringLiteral("бас маман, ҰАТ АҚ"));
        snapshot(backup, QStringLiteral("ca-key-backup-") + lang);
        backup->close();
        QTest::mouseClick(child<QPushButton>(settings.get(), "restoreKeyButton"), Qt::LeftButton);
        auto* restore = settings->findChild<gui::KeyBackupDialog*>(QStringLiteral("keyRestoreDialog"));
        QVERIFY(restore);
        snapshot(restore, QStringLiteral("ca-key-restore-") + lang);
        restore->close();
        QTest::mouseClick(child<QPushButton>(settings.get(), "keyBackupsButton"), Qt::LeftButton);
        auto* backups = settings->findChild<gui::KeyBackupsDialog*>(QStringLiteral("keyBackupsDialog"));
        QVERIFY(backups);
        snapshot(backups, QStringLiteral("ca-key-backups-") + lang);
        backups->close();
    }
}

TIRKEU_TEST_MAIN(AdminSettingsTest)
#include "tst_adminsettings.moc"
