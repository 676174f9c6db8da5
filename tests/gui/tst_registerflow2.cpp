// The register's certificate work driven through the widgets, offscreen, on a real register with a
// real CA key and certificates issued from CSRs: search by IIN, BIN, serial and name (a bad IIN refused
// in the summary, large results read page by page), certificate details, revocation through the
// dialog (and the refusal of a second one, in the registry's words), the invalidity date and the
// release of a hold, a CRL published at once on key compromise, and nothing written when the CA
// passphrase is wrong or cancelled. Split from tst_registerflow (same set-up: gui/RegisterFlowSupport.h).

#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterHitModel.h"
#include "app/gui/RegisterSearchPage.h"
#include "app/gui/RevokeDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "gui/RegisterFlowSupport.h"
#include "registry/CaEngine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
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

} // namespace

class RegisterFlow2Test : public QObject, protected RegisterFlowHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createBase(); }
    void init() { copyBase(); }
    void cleanup() { dropCopy(); }

    void searchFindsCertificatesByIinBinSerialAndName();
    void badIinIsRefusedInTheSummary();
    void searchPagesThroughLargeResults();
    void detailsShowCertificateApplicationAndEvents();
    void revokeThroughTheDialogThenSecondRevokeIsRefused();
    void keyCompromisePublishesACrlAtOnce();
    void invalidityDateAndHoldReleaseThroughTheDialogs();
    void wrongPassphraseOnKeyCompromiseWritesNothing();
};

void RegisterFlow2Test::searchFindsCertificatesByIinBinSerialAndName() {
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

void RegisterFlow2Test::badIinIsRefusedInTheSummary() {
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

void RegisterFlow2Test::searchPagesThroughLargeResults() {
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

void RegisterFlow2Test::detailsShowCertificateApplicationAndEvents() {
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

void RegisterFlow2Test::revokeThroughTheDialogThenSecondRevokeIsRefused() {
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
void RegisterFlow2Test::invalidityDateAndHoldReleaseThroughTheDialogs() {
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

void RegisterFlow2Test::keyCompromisePublishesACrlAtOnce() {
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

void RegisterFlow2Test::wrongPassphraseOnKeyCompromiseWritesNothing() {
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

TIRKEU_TEST_MAIN(RegisterFlow2Test)
#include "tst_registerflow2.moc"
