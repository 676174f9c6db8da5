// The register's certificate work driven through the widgets, offscreen, on a real register with a
// real CA key and certificates issued from CSRs: search by IIN, BIN, serial and name, certificate
// details, revocation through the dialog (and the refusal of a second one), a CRL published at once
// on key compromise, CRL publishing on a worker thread, the expiring list, and the administrator's
// settings. With $TIRKEU_SCREENSHOT_DIR set, the screens are saved there as PNGs in Kazakh and Russian.

#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/CrlPublishDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterHitModel.h"
#include "app/gui/RegisterSearchPage.h"
#include "app/gui/RevokeDialog.h"
#include "app/gui/SettingsDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"
#include "registry/Revocations.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;
using tirkeu::gui::CertificateDetailsDialog;
using tirkeu::gui::RegisterHitModel;

namespace {

// "Revoke now" runs the revocation as a background job: wait until it is done (the dialog deletes
// itself once accepted).
void waitForRevocation(gui::RevokeDialog* dialog) {
    const QPointer<gui::RevokeDialog> d(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!d || !d->running(), 60000);
}

QByteArray sha256Of(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

} // namespace

class RegisterFlowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void searchFindsCertificatesByIinBinSerialAndName();
    void badIinIsRefusedInTheSummary();
    void searchPagesThroughLargeResults();
    void detailsShowCertificateApplicationAndEvents();
    void revokeThroughTheDialogThenSecondRevokeIsRefused();
    void keyCompromisePublishesACrlAtOnce();
    void invalidityDateAndHoldReleaseThroughTheDialogs();
    void wrongPassphraseOnKeyCompromiseWritesNothing();
    void publishCrlThroughTheAction();
    void expiringListShowsCertificatesEndingSoon();
    void settingsAreRefusedForNonAdministrators();
    void administratorChangesCrlPeriodAndItIsStored();
    void administratorManagesOperatorsRetentionAndCalendar();
    void screenshotsInKazakhAndRussian();

private:
    struct Window : TestWindow {
        gui::RegisterSearchPage* search() const { return actions()->searchPage(); }
    };
    Window openWindow(const Session& session);
    void runSearch(const Window& w, const QString& text);
    CertificateDetailsDialog* openDetailsOf(const Window& w, const QString& serial);
    gui::RevokeDialog* startRevoke(CertificateDetailsDialog* details, int reason, const QString& document);
    QString crlDir();

    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_f;
    QTemporaryDir m_keys; // the CA key file, shared by every copy of the register
    std::unique_ptr<QTemporaryDir> m_out;
    qint64 m_aliyaApp = 0;
    QString m_aliyaSerial;
    QString m_legalSerial;
};

void RegisterFlowTest::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY(m_keys.isValid());
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    registry::CaEngine engine(*m_base.reg);
    TIRKEU_VERIFY_OK(engine.createRootCa(m_base.admin, kNca, pki::KeyAlgorithm::EcP256,
                                         m_keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
    const auto issue = [&](const forms::Submission& s, const QString& form, qint64* appId) -> QString {
        auto id = m_base.reg->applications().submit(m_base.operatorA, kNca, form, s);
        if (!id || !m_base.reg->applications().approve(m_base.officerB, *id))
            return {};
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinFifth));
        if (!csr)
            return {};
        auto cert = engine.issueFromCsr(m_base.officerA, *id, *csr, pki::SecretSource::literal(kCaPassphrase));
        if (!cert) {
            qWarning("%s", qPrintable(cert.message()));
            return {};
        }
        if (appId)
            *appId = *id;
        return cert->serialHex;
    };
    m_aliyaSerial = issue(ncaIssueIndividual(), kIssueInd, &m_aliyaApp);
    QVERIFY(!m_aliyaSerial.isEmpty());
    m_legalSerial = issue(ncaIssueLegal(), kIssueLegal, nullptr);
    QVERIFY(!m_legalSerial.isEmpty());
    m_base.close();
}

void RegisterFlowTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
}

void RegisterFlowTest::cleanup() {
    m_f.reset();
    m_out.reset();
    registry::Language::install(QStringLiteral("en"));
}

QString RegisterFlowTest::crlDir() {
    const QString dir = m_out->filePath(QStringLiteral("crl"));
    QDir().mkpath(dir);
    return dir;
}

RegisterFlowTest::Window RegisterFlowTest::openWindow(const Session& session) {
    Window w;
    static_cast<TestWindow&>(w) = openMainWindow(*m_f->reg, session);
    return w;
}

void RegisterFlowTest::runSearch(const Window& w, const QString& text) {
    w.window->tabs()->setCurrentWidget(w.search());
    auto* edit = child<QLineEdit>(w.search(), "searchText");
    edit->clear();
    edit->setFocus();
    // Cyrillic cannot go through QTest::keyClicks (Latin-1 only): one key event per character.
    for (QChar ch : text)
        QTest::sendKeyEvent(QTest::Click, edit, Qt::Key_unknown, QString(ch), Qt::NoModifier);
    QCOMPARE(edit->text(), text);
    QTest::mouseClick(child<QPushButton>(w.search(), "searchButton"), Qt::LeftButton);
}

CertificateDetailsDialog* RegisterFlowTest::openDetailsOf(const Window& w, const QString& serial) {
    runSearch(w, serial);
    if (!w.search()->selectSerial(serial))
        return nullptr;
    auto* button = child<QPushButton>(w.search(), "searchDetailsButton");
    if (!button->isEnabled())
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    auto* details = w.window->findChild<CertificateDetailsDialog*>();
    if (details && !QTest::qWaitForWindowExposed(details))
        qWarning("the details were not exposed");
    return details;
}

gui::RevokeDialog* RegisterFlowTest::startRevoke(CertificateDetailsDialog* details, int reason,
                                                 const QString& document) {
    QTest::mouseClick(child<QPushButton>(details, "revokeButton"), Qt::LeftButton);
    // The one just opened (an accepted one may still wait for its deferred delete).
    gui::RevokeDialog* dialog = nullptr;
    for (gui::RevokeDialog* d : details->findChildren<gui::RevokeDialog*>())
        if (d->isVisible())
            dialog = d;
    if (!dialog)
        return nullptr;
    auto* reasons = child<QComboBox>(dialog, "reasonCombo");
    reasons->setCurrentIndex(reasons->findData(reason));
    auto* basis = child<QComboBox>(dialog, "basisCombo");
    basis->setCurrentIndex(basis->findData(QStringLiteral("holder_application")));
    auto* basisDocument = child<QLineEdit>(dialog, "basisDocument");
    // The registry refuses a longer basis document: the field stops typing at that length.
    if (basisDocument->maxLength() != registry::Revocations::kMaxBasisDocument)
        return nullptr;
    basisDocument->setText(document);
    QTest::mouseClick(child<QPushButton>(dialog, "continueButton"), Qt::LeftButton);
    return dialog;
}

void RegisterFlowTest::searchFindsCertificatesByIinBinSerialAndName() {
    Window w = openWindow(m_f->officerA);
    RegisterHitModel* model = w.search()->model();
    QCOMPARE(w.window->tabs()->tabText(w.window->tabs()->indexOf(w.search())), QStringLiteral("Search"));

    runSearch(w, kIinAliya);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->hit(0)->serialHex, m_aliyaSerial);
    QCOMPARE(model->hit(0)->holderName, QStringLiteral("Қасымова Әлия Серікқызы"));
    QCOMPARE(model->index(0, RegisterHitModel::StatusColumn).data().toString(), QStringLiteral("valid"));

    // The legal entity's certificate by its BIN: the organisation is the holder shown.
    runSearch(w, kBin);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->hit(0)->serialHex, m_legalSerial);
    QCOMPARE(model->hit(0)->holder, registry::RegisterHit::Holder::Organisation);

    // The serial, whole (with colons and lower case) and by its first digits.
    QString colons;
    for (int i = 0; i < m_aliyaSerial.size(); i += 2)
        colons += (i ? QStringLiteral(":") : QString()) + m_aliyaSerial.mid(i, 2).toLower();
    runSearch(w, colons);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->hit(0)->serialHex, m_aliyaSerial);
    runSearch(w, m_legalSerial.left(8));
    QVERIFY(model->rowOfSerial(m_legalSerial) >= 0);

    // The name in any case, with Kazakh letters, and surname + beginning of the name.
    for (const QString& name :
         {QStringLiteral("қасымова"), QStringLiteral("ҚАСЫМ"), QStringLiteral("Қасымова Ә"), QStringLiteral("нұрл")}) {
        runSearch(w, name);
        QVERIFY2(model->rowCount() == 1, qPrintable(name));
    }
    runSearch(w, QStringLiteral("Қасымова Ә"));
    QCOMPARE(model->hit(0)->serialHex, m_aliyaSerial);
    runSearch(w, QStringLiteral("Қасымова Б"));
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(w.search()->summary(), QStringLiteral("Nothing found."));
    // An organisation by the beginning of its name.
    runSearch(w, QStringLiteral("«жарық»"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->hit(0)->holderId, kBin);

    // The CA filter: nothing of GOV.
    auto* ca = child<QComboBox>(w.search(), "searchCa");
    ca->setCurrentIndex(ca->findData(kGov));
    runSearch(w, kIinAliya);
    QCOMPARE(model->rowCount(), 1); // the person, without a certificate of that CA
    QCOMPARE(model->hit(0)->certificateId, qint64(0));
    QVERIFY(!child<QPushButton>(w.search(), "searchDetailsButton")->isEnabled());
}

void RegisterFlowTest::badIinIsRefusedInTheSummary() {
    Window w = openWindow(m_f->operatorA);
    auto* kind = child<QComboBox>(w.search(), "searchKind");
    kind->setCurrentIndex(kind->findData(static_cast<int>(registry::SearchKind::Iin)));
    runSearch(w, kIinBadCheckDigit);
    QCOMPARE(w.search()->model()->rowCount(), 0);
    registry::SearchQuery q;
    q.kind = registry::SearchKind::Iin;
    q.text = kIinBadCheckDigit;
    auto direct = registry::Search(*m_f->reg).find(m_f->operatorA, q);
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Invalid);
    QCOMPARE(w.search()->summary(), direct.message());
}

void RegisterFlowTest::searchPagesThroughLargeResults() {
    // 250 more certificates of one holder: the list reads them a page at a time as it scrolls.
    for (int i = 0; i < 250; ++i)
        TIRKEU_VERIFY_OK(m_f->insertCertificate(m_f->ncaId, QStringLiteral("7E%1").arg(i, 6, 10, QLatin1Char('0')),
                                                kIinAliya, m_f->clock.now()));
    Window w = openWindow(m_f->officerA);
    RegisterHitModel* model = w.search()->model();
    runSearch(w, kIinAliya);
    QCOMPARE(model->rowCount(), RegisterHitModel::kDefaultPageSize);
    QVERIFY(model->hasMore());
    QVERIFY(w.search()->summary().contains(u"scroll down"));
    w.search()->view()->scrollToBottom(); // the view asks for more
    QTRY_VERIFY(model->rowCount() > RegisterHitModel::kDefaultPageSize);
    while (model->canFetchMore({}))
        model->fetchMore({});
    QCOMPARE(model->rowCount(), 251);
    QCOMPARE(model->pagesLoaded(), 3);
    QVERIFY(!model->hasMore());
}

void RegisterFlowTest::detailsShowCertificateApplicationAndEvents() {
    Window w = openWindow(m_f->officerA);
    CertificateDetailsDialog* details = openDetailsOf(w, m_aliyaSerial);
    QVERIFY(details);
    QCOMPARE(details->value(CertificateDetailsDialog::SerialField), m_aliyaSerial);
    QVERIFY(details->value(CertificateDetailsDialog::SubjectField).contains(QStringLiteral("ҚАСЫМОВА")));
    QCOMPARE(details->value(CertificateDetailsDialog::CaField), kNca);
    QCOMPARE(details->value(CertificateDetailsDialog::ProfileField), QStringLiteral("individual_sign"));
    QCOMPARE(details->value(CertificateDetailsDialog::StatusField), QStringLiteral("valid"));
    QCOMPARE(details->value(CertificateDetailsDialog::RevocationField), QStringLiteral("not revoked"));
    QVERIFY(details->value(CertificateDetailsDialog::ValidityField).contains(QStringLiteral("02.03.2027")));
    QVERIFY(details->value(CertificateDetailsDialog::ApplicationField)
                .startsWith(QStringLiteral("No. %1, form NCA-ISSUE-IND").arg(m_aliyaApp)));
    QCOMPARE(details->historyTable()->rowCount(), 3); // registered, approved, done
    QCOMPARE(details->historyTable()->item(2, 0)->text(),
             registry::Applications::statusName(registry::ApplicationStatus::Done));
    QCOMPARE(details->auditTable()->rowCount(), 1);
    QCOMPARE(details->auditTable()->item(0, 2)->text(), QStringLiteral("certificate.issued"));
    QVERIFY(child<QPushButton>(details, "revokeButton")->isEnabled());

    // A counter operator sees the certificate, but neither the events nor a Revoke button.
    Window op = openWindow(m_f->operatorA);
    CertificateDetailsDialog* opDetails = openDetailsOf(op, m_aliyaSerial);
    QVERIFY(opDetails);
    QCOMPARE(opDetails->auditTable()->rowCount(), 0);
    auto* revoke = child<QPushButton>(opDetails, "revokeButton");
    QVERIFY(!revoke->isEnabled());
    QVERIFY2(revoke->toolTip().contains(registry::Roles::permissionName(registry::Permission::RevokeCertificate)),
             qPrintable(revoke->toolTip()));
}

void RegisterFlowTest::revokeThroughTheDialogThenSecondRevokeIsRefused() {
    Window w = openWindow(m_f->officerA);
    CertificateDetailsDialog* details = openDetailsOf(w, m_aliyaSerial);
    QVERIFY(details);
    gui::RevokeDialog* dialog = startRevoke(details, 4, QStringLiteral("өтініш №15, 20.03.2026"));
    QVERIFY(dialog);
    QVERIFY(dialog->onConfirmationPage());
    const QString said = child<QLabel>(dialog, "confirmationText")->text();
    QVERIFY2(said.contains(m_aliyaSerial) && said.contains(u"Superseded (superseded)") && said.contains(u"final") &&
                 said.contains(u"next CRL publication") && said.contains(QStringLiteral("өтініш №15")),
             qPrintable(said));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(0)); // nothing until "Revoke now"
    const qint64 eventsBefore = m_f->count(QStringLiteral("audit_events"));
    QTest::mouseClick(child<QPushButton>(dialog, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(dialog);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(w.prompter->passwordAsked, 0); // no CRL at once: the CA key is not needed

    // The register: revoked, with the reason, basis and document, and its audit event.
    auto rec = registry::CaEngine(*m_f->reg).certificate(m_f->officerA, kNca, m_aliyaSerial);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, QStringLiteral("revoked"));
    QCOMPARE(rec->reasonCode, 4);
    QCOMPARE(rec->basisKind, QStringLiteral("holder_application"));
    QCOMPARE(rec->basisDocument, QStringLiteral("өтініш №15, 20.03.2026"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), eventsBefore + 1);
    // The details and the search list show it.
    QTRY_COMPARE(details->value(CertificateDetailsDialog::StatusField), QStringLiteral("revoked"));
    QVERIFY(details->value(CertificateDetailsDialog::RevocationField).contains(u"Superseded"));
    QCOMPARE(details->auditTable()->item(0, 2)->text(), QStringLiteral("certificate.revoked"));
    const int row = w.search()->model()->rowOfSerial(m_aliyaSerial);
    QVERIFY(row >= 0);
    QCOMPARE(w.search()->model()->index(row, RegisterHitModel::StatusColumn).data().toString(),
             QStringLiteral("revoked"));

    // Revoking again: the registry refuses, its words are shown, nothing is written.
    gui::RevokeDialog* again = startRevoke(details, 1, QString());
    QVERIFY(again);
    QTest::mouseClick(child<QPushButton>(again, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(again);
    registry::RevokeRequest same{kNca, m_aliyaSerial, 1, QStringLiteral("holder_application"), {}, 0, {}, {}};
    const Status direct = registry::CaEngine(*m_f->reg).revoke(m_f->officerA, same);
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Conflict);
    QCOMPARE(again->message(), direct.message());
    QCOMPARE(w.prompter->errors, QStringList{direct.message()});
    QVERIFY(again->isVisible());
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(1));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), eventsBefore + 1);
    again->reject();
}

// Issue 13: the revocation dialog's invalidity date is recorded; a certificate on hold is released
// from its details (Release hold), valid again and audited.
void RegisterFlowTest::invalidityDateAndHoldReleaseThroughTheDialogs() {
    Window w = openWindow(m_f->officerA);
    CertificateDetailsDialog* legal = openDetailsOf(w, m_legalSerial);
    QVERIFY(legal);
    QVERIFY(!child<QPushButton>(legal, "releaseHoldButton")->isVisible()); // not on hold
    QTest::mouseClick(child<QPushButton>(legal, "revokeButton"), Qt::LeftButton);
    gui::RevokeDialog* dialog = nullptr;
    for (gui::RevokeDialog* d : legal->findChildren<gui::RevokeDialog*>())
        if (d->isVisible())
            dialog = d;
    QVERIFY(dialog);
    auto* reasons = child<QComboBox>(dialog, "reasonCombo");
    reasons->setCurrentIndex(reasons->findData(1));
    child<QComboBox>(dialog, "basisCombo")
        ->setCurrentIndex(child<QComboBox>(dialog, "basisCombo")->findData(QStringLiteral("holder_application")));
    auto* invalidity = child<QDateTimeEdit>(dialog, "invalidityDate");
    QVERIFY(!invalidity->isEnabled());
    child<QCheckBox>(dialog, "invalidityGiven")->setChecked(true);
    QVERIFY(invalidity->isEnabled());
    // Almaty wall-clock time. Not before the certificate became valid (issued 02.03.2026 10:00): the dialog
    // keeps the date at that first minute, as the registry refuses an earlier one.
    invalidity->setDateTime(QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC));
    QCOMPARE(invalidity->dateTime(), QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));
    QTest::mouseClick(child<QPushButton>(dialog, "continueButton"), Qt::LeftButton);
    const QString said = child<QLabel>(dialog, "confirmationText")->text();
    QVERIFY2(said.contains(QStringLiteral("02.03.2026 10:00")), qPrintable(said));
    QTest::mouseClick(child<QPushButton>(dialog, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(dialog);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    const QDateTime expected = QDateTime(QDate(2026, 3, 2), QTime(10, 0), registry::Clock::zone()).toUTC();
    QCOMPARE(registry::fromDbTime(
                 m_f->scalar(QStringLiteral("SELECT invalidity_date FROM revocation_invalidity WHERE serial = ?"),
                             {m_legalSerial})
                     .toString()),
             expected);

    // A hold, then its release from the details (of that certificate: the first details go first).
    delete legal;
    CertificateDetailsDialog* details = openDetailsOf(w, m_aliyaSerial);
    QVERIFY(details);
    gui::RevokeDialog* hold = startRevoke(details, 6, QStringLiteral("өтініш №16"));
    QVERIFY(hold);
    const QString holdSaid = child<QLabel>(hold, "confirmationText")->text();
    QVERIFY2(holdSaid.contains(QStringLiteral("on hold")) && !holdSaid.contains(QStringLiteral("final")),
             qPrintable(holdSaid));
    QTest::mouseClick(child<QPushButton>(hold, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(hold);
    auto* release = child<QPushButton>(details, "releaseHoldButton");
    QTRY_VERIFY(release->isVisible());
    QVERIFY(release->isEnabled());
    w.prompter->textAnswer = QStringLiteral("өтініш №22");
    w.prompter->confirmAnswer = true;
    QTest::mouseClick(release, Qt::LeftButton);
    QTRY_COMPARE(details->value(CertificateDetailsDialog::StatusField), QStringLiteral("valid"));
    QVERIFY(!release->isVisible());
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT basis_document FROM hold_releases WHERE serial = ?"), {m_aliyaSerial})
                 .toString(),
             QStringLiteral("өтініш №22"));
    QCOMPARE(details->auditTable()->item(0, 2)->text(), QStringLiteral("certificate.released"));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void RegisterFlowTest::keyCompromisePublishesACrlAtOnce() {
    TIRKEU_VERIFY_OK(m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), crlDir()}}));
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = kCaPassphrase;
    CertificateDetailsDialog* details = openDetailsOf(w, m_legalSerial);
    QVERIFY(details);
    gui::RevokeDialog* dialog = startRevoke(details, 1, QString());
    QVERIFY(dialog);
    const QString said = child<QLabel>(dialog, "confirmationText")->text();
    QVERIFY2(said.contains(u"published at once") && said.contains(crlDir().toHtmlEscaped()), qPrintable(said));
    QTest::mouseClick(child<QPushButton>(dialog, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(dialog);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(w.prompter->passwordAsked, 1);
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(1));
    // No full CRL existed, so a full one was published, listing the certificate.
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT entries FROM crls")).toInt(), 1);
    const QString file = QDir(crlDir()).filePath(kNca + QStringLiteral(".crl"));
    QVERIFY(QFileInfo::exists(file));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sha256 FROM crls")).toByteArray(), sha256Of(file));
}

void RegisterFlowTest::wrongPassphraseOnKeyCompromiseWritesNothing() {
    TIRKEU_VERIFY_OK(m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), crlDir()}}));
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = QStringLiteral("wrong passphrase!");
    CertificateDetailsDialog* details = openDetailsOf(w, m_aliyaSerial);
    QVERIFY(details);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    gui::RevokeDialog* dialog = startRevoke(details, 1, QString());
    QVERIFY(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(dialog);
    QCOMPARE(w.prompter->errors.size(), 1);
    QVERIFY2(w.prompter->errors.first().contains(u"nothing was revoked"), qPrintable(w.prompter->errors.first()));
    QCOMPARE(dialog->message(), w.prompter->errors.first());
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(details->value(CertificateDetailsDialog::StatusField), QStringLiteral("valid"));
    // Cancelled at the passphrase: nothing either.
    w.prompter->passwordAnswer.reset();
    QTest::mouseClick(child<QPushButton>(dialog, "confirmRevokeButton"), Qt::LeftButton);
    waitForRevocation(dialog);
    QCOMPARE(m_f->count(QStringLiteral("revocations")), qint64(0));
    dialog->reject();
}

void RegisterFlowTest::publishCrlThroughTheAction() {
    TIRKEU_VERIFY_OK(m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), crlDir()}}));
    TIRKEU_VERIFY_OK(registry::CaEngine(*m_f->reg).revoke(
        m_f->officerA, {kNca, m_aliyaSerial, 4, QStringLiteral("holder_application"), {}, 0, {}, {}}));
    Window w = openWindow(m_f->officerA);
    w.prompter->passwordAnswer = kCaPassphrase;
    QAction* action = w.actions()->publishCrlAction();
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* dialog = w.window->findChild<gui::CrlPublishDialog*>();
    QVERIFY(dialog);
    auto* ca = child<QComboBox>(dialog, "crlCa");
    ca->setCurrentIndex(ca->findData(kNca));
    // The folder defaults to the CA's publish_dir.
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(dialog, "crlDir")->text()), crlDir());
    // Issue 12: what the CA owes is shown here (a key compromise whose delta CRL was not written,
    // recorded as a revocation would record it); the full CRL below settles it.
    QVERIFY(dialog->statusText().isEmpty());
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO crl_owed (ca_id, serial, reason_code, recorded_at) SELECT "
                                              "id, ?, 1, ? FROM cas WHERE code = ?"),
                               {m_aliyaSerial, registry::toDbTime(QDateTime::currentDateTimeUtc()), kNca}));
    ca->setCurrentIndex(-1);
    ca->setCurrentIndex(ca->findData(kNca));
    QVERIFY2(dialog->statusText().contains(u"Owed: 1 key compromise") && dialog->statusText().contains(m_aliyaSerial),
             qPrintable(dialog->statusText()));
    // A delta first: refused (no full CRL yet), shown, nothing recorded.
    child<QRadioButton>(dialog, "crlDelta")->setChecked(true);
    QSignalSpy finished(dialog, &gui::CrlPublishDialog::publishFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(dialog->running());
    QVERIFY(child<QProgressBar>(dialog, "crlProgress")->isVisible());
    QVERIFY(!child<QPushButton>(dialog, "crlPublishButton")->isEnabled());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), false);
    QVERIFY2(dialog->message().contains(u"no full CRL"), qPrintable(dialog->message()));
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(0));

    child<QRadioButton>(dialog, "crlFull")->setChecked(true);
    QTest::mouseClick(child<QPushButton>(dialog, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QVERIFY(!child<QProgressBar>(dialog, "crlProgress")->isVisible());
    QVERIFY(dialog->publication().has_value());
    QVERIFY2(dialog->statusText().isEmpty(), qPrintable(dialog->statusText()));
    const QString file = QDir(crlDir()).filePath(kNca + QStringLiteral(".crl"));
    QVERIFY(QFileInfo::exists(file));
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(1));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT crl_number FROM crls")).toInt(), 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT entries FROM crls")).toInt(), 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT published_by FROM crls")).toLongLong(), m_f->officerA.operatorId);
    const QByteArray sha = sha256Of(file);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sha256 FROM crls")).toByteArray(), sha);
    const QString shown = child<QLabel>(dialog, "crlResult")->text();
    QVERIFY2(shown.contains(QStringLiteral("Full CRL No. 1")) && shown.contains(QString::fromLatin1(sha)) &&
                 shown.contains(u"1 entries"),
             qPrintable(shown));
    snapshot(dialog, QStringLiteral("crl-published"));

    // Now a delta works, with its own number.
    child<QRadioButton>(dialog, "crlDelta")->setChecked(true);
    QTest::mouseClick(child<QPushButton>(dialog, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT delta_base FROM crls WHERE crl_number = 2")).toInt(), 1);
    QVERIFY(QFileInfo::exists(QDir(crlDir()).filePath(kNca + QStringLiteral("-delta.crl"))));

    // Another, empty folder (issue 12): asked first; declined, nothing happens; confirmed, published
    // and recorded as a folder new to the CA.
    const QString otherDir = m_f->dir.filePath(QStringLiteral("other-web-root"));
    QVERIFY(QDir().mkpath(otherDir));
    child<QRadioButton>(dialog, "crlFull")->setChecked(true);
    child<QLineEdit>(dialog, "crlDir")->setText(otherDir);
    const qsizetype asked = w.prompter->questions.size();
    w.prompter->confirmAnswer = false;
    QTest::mouseClick(child<QPushButton>(dialog, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(!dialog->running());
    QCOMPARE(w.prompter->questions.size(), asked + 1);
    QVERIFY2(w.prompter->questions.last().contains(u"holds none of the CRLs"),
             qPrintable(w.prompter->questions.last()));
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(2));
    w.prompter->confirmAnswer = true;
    QTest::mouseClick(child<QPushButton>(dialog, "crlPublishButton"), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QVERIFY(QFileInfo::exists(QDir(otherDir).filePath(kNca + QStringLiteral(".crl"))));
    QCOMPARE(m_f->count(QStringLiteral("crls")), qint64(3));
    QVERIFY(m_f->scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'crl.reserved' ORDER BY "
                                       "seq DESC LIMIT 1"))
                .toString()
                .contains(QStringLiteral("\"new_folder\":true")));

    // An operator may not publish: the action says why.
    Window op = openWindow(m_f->operatorA);
    QVERIFY(!op.actions()->publishCrlAction()->isEnabled());
    QVERIFY(op.actions()->publishCrlAction()->toolTip().contains(
        registry::Roles::permissionName(registry::Permission::PublishCrl)));
    QVERIFY(!op.actions()->openCrlPublish());
}

void RegisterFlowTest::expiringListShowsCertificatesEndingSoon() {
    m_f->clock.set(almaty(2027, 2, 15, 9)); // both certificates end on 02.03.2027
    Window w = openWindow(m_f->officerA);
    gui::ExpiringPage* page = w.actions()->expiringPage();
    w.window->tabs()->setCurrentWidget(page);
    QCOMPARE(page->model()->rowCount(), 2);
    auto* days = child<QSpinBox>(page, "expiringDays");
    QCOMPARE(days->value(), 30);
    days->setValue(10);
    QCOMPARE(page->model()->rowCount(), 0);
    days->setValue(20);
    QCOMPARE(page->model()->rowCount(), 2);
    // A revoked certificate is no longer "expiring".
    TIRKEU_VERIFY_OK(registry::CaEngine(*m_f->reg).revoke(
        m_f->officerA, {kNca, m_aliyaSerial, 4, QStringLiteral("holder_application"), {}, 0, {}, {}}));
    w.window->refreshAction()->trigger();
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->hit(0)->serialHex, m_legalSerial);
    page->selectSerial(m_legalSerial);
    QVERIFY(child<QPushButton>(page, "expiringDetailsButton")->isEnabled());
}

void RegisterFlowTest::settingsAreRefusedForNonAdministrators() {
    for (const Session& s : {m_f->officerA, m_f->operatorA, m_f->auditor}) {
        Window w = openWindow(s);
        QAction* settings = w.actions()->settingsAction();
        QVERIFY(!settings->isEnabled());
        QVERIFY2(settings->toolTip().contains(registry::Roles::displayName(s.role)), qPrintable(settings->toolTip()));
        settings->trigger();
        QVERIFY(!w.window->findChild<gui::SettingsDialog*>());
        QVERIFY(!w.actions()->openSettings());
    }
    // The registry refuses too, and nothing changes.
    const Status direct =
        m_f->reg->cas().updateSettings(m_f->officerA, kNca, {{QStringLiteral("crl_period_hours"), 48}});
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Forbidden);
    auto ca = m_f->reg->cas().find(kNca);
    TIRKEU_VERIFY_OK(ca);
    QCOMPARE(ca->settings.value(QStringLiteral("crl_period_hours")).toInt(), 27);
}

void RegisterFlowTest::administratorChangesCrlPeriodAndItIsStored() {
    Window w = openWindow(m_f->admin);
    QVERIFY(w.actions()->settingsAction()->isEnabled());
    w.actions()->settingsAction()->trigger();
    auto* dialog = w.window->findChild<gui::SettingsDialog*>();
    QVERIFY(dialog);
    dialog->selectCa(kNca);
    auto* crl = child<QSpinBox>(dialog, "crlPeriod");
    auto* delta = child<QSpinBox>(dialog, "deltaPeriod");
    QCOMPARE(crl->value(), 27);
    QCOMPARE(delta->value(), 8);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));

    // A delta period longer than the CRL period is refused with the registry's words; nothing changes.
    crl->setValue(6);
    QTest::mouseClick(child<QPushButton>(dialog, "saveCaSettings"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 1);
    QVERIFY2(w.prompter->errors.first().contains(u"delta CRL period"), qPrintable(w.prompter->errors.first()));
    QCOMPARE(m_f->reg->cas().find(kNca)->settings.value(QStringLiteral("crl_period_hours")).toInt(), 27);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);

    crl->setValue(48);
    delta->setValue(6);
    child<QLineEdit>(dialog, "cdpUrl")->setText(QStringLiteral("http://crl.example.kz/nca.crl"));
    QTest::mouseClick(child<QPushButton>(dialog, "saveCaSettings"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 1);
    auto ca = m_f->reg->cas().find(kNca);
    TIRKEU_VERIFY_OK(ca);
    QCOMPARE(ca->settings.value(QStringLiteral("crl_period_hours")).toInt(), 48);
    QCOMPARE(ca->settings.value(QStringLiteral("delta_period_hours")).toInt(), 6);
    QCOMPARE(ca->settings.value(QStringLiteral("cdp_url")).toString(), QStringLiteral("http://crl.example.kz/nca.crl"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events + 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT event_type FROM audit_events ORDER BY seq DESC LIMIT 1")).toString(),
             QStringLiteral("ca.settings_changed"));
    QVERIFY(child<QLabel>(dialog, "settingsFeedback")->text().contains(kNca));

    // A bad URL: refused, stored value kept.
    const QString aiaBefore = m_f->reg->cas().find(kNca)->settings.value(QStringLiteral("aia_url")).toString();
    child<QLineEdit>(dialog, "aiaUrl")->setText(QStringLiteral("ftp://nope"));
    QTest::mouseClick(child<QPushButton>(dialog, "saveCaSettings"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 2);
    QCOMPARE(m_f->reg->cas().find(kNca)->settings.value(QStringLiteral("aia_url")).toString(), aiaBefore);

    // The event-log OID of the CRLs: a 128-bit UUID arc is refused (peers cannot parse it), a short one kept.
    child<QLineEdit>(dialog, "aiaUrl")->setText(aiaBefore);
    auto* oid = child<QLineEdit>(dialog, "eventLogOid");
    oid->setText(QStringLiteral("2.25.108735528616747269028364839327082342907"));
    QTest::mouseClick(child<QPushButton>(dialog, "saveCaSettings"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 3);
    QVERIFY2(w.prompter->errors.last().contains(u"crl_event_log_oid"), qPrintable(w.prompter->errors.last()));
    QVERIFY(m_f->reg->cas().find(kNca)->settings.value(QStringLiteral("crl_event_log_oid")).toString().isEmpty());
    oid->setText(QStringLiteral("2.999.1"));
    QTest::mouseClick(child<QPushButton>(dialog, "saveCaSettings"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 3);
    QCOMPARE(m_f->reg->cas().find(kNca)->settings.value(QStringLiteral("crl_event_log_oid")).toString(),
             QStringLiteral("2.999.1"));
}

void RegisterFlowTest::administratorManagesOperatorsRetentionAndCalendar() {
    Window w = openWindow(m_f->admin);
    gui::SettingsDialog* dialog = w.actions()->openSettings();
    QVERIFY(dialog);

    // Issue 14: the legal rules in force, read-only, each with its clause.
    QVERIFY(child<QLabel>(dialog, "rulesVersion")->text().contains(QStringLiteral("builtin-1@2010-12-30")));
    auto* rules = child<QTableWidget>(dialog, "rulesTable");
    QCOMPARE(rules->editTriggers(), QAbstractItemView::NoEditTriggers);
    bool sawValidity = false;
    for (int row = 0; row < rules->rowCount(); ++row)
        if (rules->item(row, 0)->text() == u"Validity: NCA-ISSUE-IND") {
            QCOMPARE(rules->item(row, 1)->text(), QStringLiteral("key in a file: 1 y; key on a token: 1 y"));
            QVERIFY(rules->item(row, 2)->text().contains(QStringLiteral("1 жыл / 1 год")));
            sawValidity = true;
        }
    QVERIFY(sawValidity);

    // A new CA.
    child<QLineEdit>(dialog, "newCaCode")->setText(QStringLiteral("NCA-GOST"));
    child<QLineEdit>(dialog, "newCaName")->setText(QStringLiteral("ҚР ҰКО (ГОСТ)"));
    QTest::mouseClick(child<QPushButton>(dialog, "addCaButton"), Qt::LeftButton);
    TIRKEU_VERIFY_OK(m_f->reg->cas().find(QStringLiteral("NCA-GOST")));

    // A new operator, then disabled; a reset password that differs is refused.
    child<QLineEdit>(dialog, "newLogin")->setText(QStringLiteral("counter.2"));
    child<QLineEdit>(dialog, "newFullName")->setText(QStringLiteral("Әбенова Сәуле"));
    child<QLineEdit>(dialog, "newPassword")->setText(kPassword);
    QTest::mouseClick(child<QPushButton>(dialog, "addOperatorButton"), Qt::LeftButton);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT full_name FROM operators WHERE login = 'counter.2'")).toString(),
             QStringLiteral("Әбенова Сәуле"));
    auto* table = child<QTableWidget>(dialog, "operatorTable");
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == u"counter.2")
            table->selectRow(row);
    QTest::mouseClick(child<QPushButton>(dialog, "disableOperatorButton"), Qt::LeftButton);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT active FROM operators WHERE login = 'counter.2'")).toInt(), 0);
    const QString hash =
        m_f->scalar(QStringLiteral("SELECT password_hash FROM operators WHERE login = 'operator'")).toString();
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == u"operator")
            table->selectRow(row);
    w.prompter->passwordAnswer = QStringLiteral("Жаңа-құпия-сөз-1"); // asked twice: the same answer
    QTest::mouseClick(child<QPushButton>(dialog, "resetPasswordButton"), Qt::LeftButton);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QVERIFY(m_f->scalar(QStringLiteral("SELECT password_hash FROM operators WHERE login = 'operator'")).toString() !=
            hash);
    TIRKEU_VERIFY_OK(m_f->reg->operators().signIn(QStringLiteral("operator"), QStringLiteral("Жаңа-құпия-сөз-1")));

    // Retention: the government CA's records 12 years.
    child<QSpinBox>(dialog, "recordYears_government")->setValue(12);
    QTest::mouseClick(child<QPushButton>(dialog, "saveRetention"), Qt::LeftButton);
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = 'government'")).toInt(),
        12);
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = 'national'")).toInt(),
        5);

    // Calendar: a Saturday made a working day, then cleared.
    auto* day = child<QDateEdit>(dialog, "overrideDay");
    day->setDate(QDate(2026, 3, 7));
    child<QCheckBox>(dialog, "overrideWorking")->setChecked(true);
    child<QLineEdit>(dialog, "overrideNote")->setText(QStringLiteral("Қаулы: 07.03 жұмыс күні"));
    QTest::mouseClick(child<QPushButton>(dialog, "setOverrideButton"), Qt::LeftButton);
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT working FROM calendar_overrides WHERE day = '2026-03-07'")).toInt(), 1);
    QCOMPARE(child<QTableWidget>(dialog, "overrideTable")->rowCount(), 1);
    QTest::mouseClick(child<QPushButton>(dialog, "clearOverrideButton"), Qt::LeftButton);
    QCOMPARE(m_f->count(QStringLiteral("calendar_overrides")), qint64(0));
}

void RegisterFlowTest::screenshotsInKazakhAndRussian() {
    if (qEnvironmentVariableIsEmpty("TIRKEU_SCREENSHOT_DIR"))
        QSKIP("screenshots only with TIRKEU_SCREENSHOT_DIR");
    TIRKEU_VERIFY_OK(m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), crlDir()}}));
    for (const QString& lang : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        Window w = openWindow(m_f->officerA);
        w.window->languageAction(lang)->trigger();
        QCOMPARE(registry::Language::current(), lang);
        runSearch(w, QStringLiteral("қасым"));
        w.search()->selectSerial(m_aliyaSerial);
        snapshot(w.window.get(), QStringLiteral("search-") + lang);
        CertificateDetailsDialog* details = openDetailsOf(w, m_aliyaSerial);
        QVERIFY(details);
        snapshot(details, QStringLiteral("details-") + lang);
        gui::RevokeDialog* dialog = startRevoke(details, 1, QStringLiteral("өтініш №15"));
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        snapshot(dialog, QStringLiteral("revoke-confirm-") + lang);
        dialog->reject();
        w.window->tabs()->setCurrentWidget(w.actions()->expiringPage());
        snapshot(w.window.get(), QStringLiteral("expiring-") + lang);

        Window admin = openWindow(m_f->admin);
        admin.window->languageAction(lang)->trigger();
        gui::SettingsDialog* settings = admin.actions()->openSettings();
        QVERIFY(settings);
        QVERIFY(QTest::qWaitForWindowExposed(settings));
        settings->selectCa(kNca);
        snapshot(settings, QStringLiteral("settings-") + lang);
        settings->tabs()->setCurrentIndex(1);
        snapshot(settings, QStringLiteral("settings-operators-") + lang);
    }
}

TIRKEU_TEST_MAIN(RegisterFlowTest)
#include "tst_registerflow.moc"
