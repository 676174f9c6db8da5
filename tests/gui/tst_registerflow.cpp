// The register's CA work driven through the widgets, offscreen, on a real register with a real CA key
// and certificates issued from CSRs: CRL publishing on a worker thread (a delta refused before the
// first full CRL, what the CA owes, another folder asked about first, refused to an operator), the
// expiring list, and the administrator's settings (refused to the other roles; CRL periods and
// pointers; CAs, operators, retention and the calendar). Search, certificate details and revocation
// through the dialogs are in tst_registerflow2 (same set-up: gui/RegisterFlowSupport.h). With
// $TIRKEU_SCREENSHOT_DIR set, the screens (search, details, revocation, expiring list, settings, the
// published CRL) are saved there as PNGs in Kazakh and Russian.

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
#include "gui/RegisterFlowSupport.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;
using tirkeu::gui::CertificateDetailsDialog;

class RegisterFlowTest : public QObject, protected RegisterFlowHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createBase(); }
    void init() { copyBase(); }
    void cleanup() { dropCopy(); }

    void publishCrlThroughTheAction();
    void expiringListShowsCertificatesEndingSoon();
    void settingsAreRefusedForNonAdministrators();
    void administratorChangesCrlPeriodAndItIsStored();
    void administratorManagesOperatorsRetentionAndCalendar();
    void screenshotsInKazakhAndRussian();
};

void RegisterFlowTest::publishCrlThroughTheAction() {
    TIRKEU_VERIFY_OK(m_f->reg->cas().updateSettings(m_f->admin, kNca, {{QStringLiteral("publish_dir"), crlDir()}}));
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
    // Issue 12: what the CA owes is shown here (a key compromise whose delta CRL was not written: revoked
    // without the CA key); the full CRL below settles it.
    QVERIFY(dialog->statusText().isEmpty());
    TIRKEU_VERIFY_OK(registry::CaEngine(*m_f->reg).revoke(
        m_f->officerA, {kNca, m_aliyaSerial, 1, QStringLiteral("holder_application"), {}, 0, {}, {}}));
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
