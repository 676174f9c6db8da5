// The application shell: Sign out and signing in again as another operator without restarting (the
// new window has that operator's actions), Settings in its own menu, Help → About and Getting
// started, and the interface language remembered across restarts (QSettings).

#include "app/gui/AboutDialog.h"
#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/AuditLogPage.h"
#include "app/gui/GuiApp.h"
#include "app/gui/Job.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RegisterCheck.h"
#include "app/gui/RegisterInfoPage.h"
#include "app/gui/SignInDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "registry/Applications.h"
#include "registry/AuditLog.h"
#include "registry/Language.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDateEdit>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

QStringList menuTitles(QMainWindow* window) {
    QStringList titles;
    for (QAction* a : window->menuBar()->actions())
        titles << a->text();
    return titles;
}
} // namespace

class ShellTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void signOutThenSignInAsAnotherRoleWithoutRestart();
    void settingsHasItsOwnMenu();
    void helpShowsAboutAndTheGuide();
    void chosenLanguageIsRememberedForTheNextStart();
    void emptyRegisterSaysWhatToDoNext();
    void eventLogListsFiltersAndVerifies();
    void eventLogIsForAuditorsAndAdministrators();
    void savedFormCanBeOpened();
    void registerCheckRunsWhileTheOperatorSignsIn();

private:
    std::unique_ptr<gui::MainWindow> openWindow(const Session& session);

    QTemporaryDir m_config; // QSettings live here, not in the tester's home
    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_f;
};

void ShellTest::initTestCase() {
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu-test-shell"));
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu-test-shell"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    m_base.close();
}

void ShellTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
}

void ShellTest::cleanup() {
    m_f.reset();
    registry::Language::install(QStringLiteral("en"));
}

std::unique_ptr<gui::MainWindow> ShellTest::openWindow(const Session& session) {
    return openMainWindow(*m_f->reg, session).window;
}

void ShellTest::signOutThenSignInAsAnotherRoleWithoutRestart() {
    auto window = openWindow(m_f->operatorA);
    QAction* signOut = window->signOutAction();
    QVERIFY(signOut);
    QVERIFY(signOut->isEnabled());
    QVERIFY(!signOut->text().isEmpty());
    auto* settings = window->findChild<QAction*>(QStringLiteral("settingsAction"));
    QVERIFY(settings);
    QVERIFY(!settings->isEnabled()); // a counter operator configures nothing
    QSignalSpy spy(window.get(), &gui::MainWindow::signOutRequested);
    QVERIFY(!window->signedOut());
    signOut->trigger();
    QCOMPARE(spy.count(), 1);
    QVERIFY(window->signedOut());
    QVERIFY(!window->isVisible());
    window.reset();

    // What GuiApp does next: the sign-in dialog on the same register, then a window for the new session.
    gui::SignInDialog dialog(*m_f->reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("admin"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    QTest::keyClick(child<QLineEdit>(&dialog, "password"), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.session().has_value());
    QCOMPARE(dialog.session()->role, Role::Administrator);

    auto admin = openWindow(*dialog.session());
    auto* adminSettings = admin->findChild<QAction*>(QStringLiteral("settingsAction"));
    QVERIFY(adminSettings);
    QVERIFY(adminSettings->isEnabled()); // the new session has its own role's actions
    const QString signedIn = child<QLabel>(admin.get(), "signedIn")->text();
    QVERIFY2(signedIn.contains(m_f->admin.fullName), qPrintable(signedIn));
    QVERIFY2(!signedIn.contains(m_f->operatorA.fullName), qPrintable(signedIn));
}

void ShellTest::settingsHasItsOwnMenu() {
    auto window = openWindow(m_f->admin);
    QMenu* settingsMenu = window->settingsMenu();
    QVERIFY(settingsMenu);
    auto* settings = window->findChild<QAction*>(QStringLiteral("settingsAction"));
    QVERIFY(settings);
    QVERIFY(settingsMenu->actions().contains(settings));
    auto* certificates = window->findChild<QMenu*>(QStringLiteral("certificatesMenu"));
    QVERIFY(certificates);
    QVERIFY(!certificates->actions().contains(settings)); // no longer hidden under Certificates
    const QStringList titles = menuTitles(window.get());
    QCOMPARE(titles, (QStringList{QStringLiteral("&Register"), QStringLiteral("&Certificates"),
                                  QStringLiteral("&Settings"), QStringLiteral("&Language"), QStringLiteral("&Help")}));
    snapshot(window.get(), QStringLiteral("shell-main-window"));
}

void ShellTest::helpShowsAboutAndTheGuide() {
    const QString about = gui::AboutDialog::aboutText();
    QVERIFY2(about.contains(QStringLiteral(TIRKEU_VERSION)), qPrintable(about));
    QVERIFY2(about.contains(QString::fromLatin1(qVersion())), qPrintable(about));
    QVERIFY2(about.contains(QStringLiteral("OpenSSL 3")), qPrintable(about));
    QVERIFY2(about.contains(QStringLiteral("Licence")), qPrintable(about));
    const QString guide = gui::AboutDialog::guideText();
    for (const char* step :
         {"Set up a CA", "Add operators", "Enter an application", "Approve", "Issue", "Revoke", "Publish the CRL"})
        QVERIFY2(guide.contains(QLatin1String(step)), step);

    auto window = openWindow(m_f->operatorA);
    QVERIFY(window->aboutAction()->isEnabled());
    window->aboutAction()->trigger();
    auto* aboutDialog = window->findChild<gui::AboutDialog*>(QStringLiteral("aboutDialog"));
    QVERIFY(aboutDialog);
    QVERIFY(QTest::qWaitForWindowExposed(aboutDialog));
    QCOMPARE(child<QLabel>(aboutDialog, "text")->text(), about);
    snapshot(aboutDialog, QStringLiteral("shell-about"));
    window->guideAction()->trigger();
    auto* guideDialog = window->findChild<gui::AboutDialog*>(QStringLiteral("guideDialog"));
    QVERIFY(guideDialog);
    QVERIFY(QTest::qWaitForWindowExposed(guideDialog));
    snapshot(guideDialog, QStringLiteral("shell-guide"));

    // The texts follow the language at runtime.
    QVERIFY(registry::Language::install(QStringLiteral("ru")));
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(guideDialog, &change);
    QCOMPARE(child<QLabel>(guideDialog, "text")->text(), gui::AboutDialog::guideText());
}

void ShellTest::chosenLanguageIsRememberedForTheNextStart() {
    QSettings().remove(QStringLiteral("language"));
    QVERIFY(gui::MainWindow::rememberedLanguage().isEmpty());
    const QByteArray envLang = qgetenv("TIRKEU_LANG");
    qunsetenv("TIRKEU_LANG");
    QCOMPARE(gui::GuiApp::startupLanguage(), registry::Language::fromEnvironment());

    auto window = openWindow(m_f->operatorA);
    window->languageAction(QStringLiteral("kk"))->trigger();
    QCOMPARE(registry::Language::current(), QStringLiteral("kk"));
    QCOMPARE(gui::MainWindow::rememberedLanguage(), QStringLiteral("kk"));
    QSettings().sync();
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("kk"));
    QCOMPARE(gui::GuiApp::startupLanguage(), QStringLiteral("kk"));

    // An explicit $TIRKEU_LANG still wins; an unknown remembered value is ignored.
    qputenv("TIRKEU_LANG", "ru");
    QCOMPARE(gui::GuiApp::startupLanguage(), QStringLiteral("ru"));
    qunsetenv("TIRKEU_LANG");
    QSettings().setValue(QStringLiteral("language"), QStringLiteral("xx"));
    QVERIFY(gui::MainWindow::rememberedLanguage().isEmpty());
    if (!envLang.isEmpty())
        qputenv("TIRKEU_LANG", envLang);
}

void ShellTest::emptyRegisterSaysWhatToDoNext() {
    // No CA at all: the administrator's first step.
    RegistryFixture bare;
    QVERIFY2(bare.create(kMondayMorning, false), qPrintable(bare.error));
    gui::RegisterInfoPage empty(*bare.reg);
    empty.show();
    QVERIFY(QTest::qWaitForWindowExposed(&empty));
    QCOMPARE(empty.value(gui::RegisterInfoPage::Cas), QStringLiteral("0"));
    QVERIFY2(empty.nextStepHint().startsWith(QStringLiteral("No CA yet")), qPrintable(empty.nextStepHint()));
    auto* hint = child<QLabel>(&empty, "nextStepHint");
    QVERIFY(hint && hint->isVisible());
    QCOMPARE(hint->text(), empty.nextStepHint());

    // CAs but no application: the operator's first step.
    gui::RegisterInfoPage page(*m_f->reg);
    QCOMPARE(page.value(gui::RegisterInfoPage::Applications), QStringLiteral("0"));
    QVERIFY2(page.nextStepHint().startsWith(QStringLiteral("No applications yet")), qPrintable(page.nextStepHint()));
    auto app = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(app);
    page.refresh();
    QVERIFY2(page.nextStepHint().isEmpty(), qPrintable(page.nextStepHint()));
    QVERIFY(child<QLabel>(&page, "nextStepHint")->isHidden());
}

void ShellTest::eventLogListsFiltersAndVerifies() {
    auto app = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(app);
    auto all = m_f->reg->audit().events(QString(), 100000);
    TIRKEU_VERIFY_OK(all);
    QVERIFY(all->size() >= 2);

    auto window = openWindow(m_f->auditor);
    gui::AuditLogPage* page = window->auditPage();
    QVERIFY(page);
    QCOMPARE(window->tabs()->tabText(window->tabs()->indexOf(page)), QStringLiteral("Event log"));
    window->tabs()->setCurrentWidget(page);
    QTableWidget* table = page->table();
    QCOMPARE(table->rowCount(), int(qMin<qsizetype>(all->size(), gui::AuditLogPage::kPageSize)));
    // Newest first: the first row is the newest event.
    QCOMPARE(table->item(0, 0)->text(), QString::number(all->first().seq));
    QVERIFY(table->item(0, 0)->text().toLongLong() > table->item(1, 0)->text().toLongLong());

    // Type filter hides the rows of other types.
    const QString type = all->first().type;
    child<QLineEdit>(page, "type")->setText(type);
    int visible = 0;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (!table->isRowHidden(r)) {
            ++visible;
            QVERIFY(table->item(r, 3)->text().contains(type, Qt::CaseInsensitive));
        }
    }
    QCOMPARE(visible, int(std::count_if(all->begin(), all->end(),
                                        [&](const registry::AuditEvent& e) { return e.type.contains(type); })));
    // A date with no events hides everything.
    child<QLineEdit>(page, "type")->clear();
    child<QDateEdit>(page, "date")->setDate(QDate(2020, 1, 1));
    child<QCheckBox>(page, "useDate")->setChecked(true);
    for (int r = 0; r < table->rowCount(); ++r)
        QVERIFY(table->isRowHidden(r));
    child<QCheckBox>(page, "useDate")->setChecked(false);
    snapshot(window.get(), QStringLiteral("shell-event-log"));

    // Verify runs the registry's audit verify as a Job and shows its result.
    QSignalSpy done(page, &gui::AuditLogPage::verifyFinished);
    QTest::mouseClick(child<QPushButton>(page, "verify"), Qt::LeftButton);
    QVERIFY(page->job());
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().first().toBool(), true);
    QVERIFY2(page->resultText().startsWith(QStringLiteral("The event log is intact")), qPrintable(page->resultText()));
    snapshot(window.get(), QStringLiteral("shell-event-log-verified"));

    // While it runs the button cancels (pressed at once: the worker is still opening its register); a
    // cancelled verification gives no verdict, and the button verifies again afterwards.
    auto* verify = child<QPushButton>(page, "verify");
    done.clear();
    page->verify(); // what the button does, without the event loop turning in between
    QCOMPARE(verify->text(), QStringLiteral("&Cancel verification"));
    page->verify();
    QVERIFY(!verify->isEnabled()); // cancelling
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().first().toBool(), false);
    QVERIFY2(page->resultText().contains(QStringLiteral("cancelled")) &&
                 page->resultText().contains(QStringLiteral("no verdict")),
             qPrintable(page->resultText()));
    QCOMPARE(verify->text(), QStringLiteral("&Verify the log"));
    QVERIFY(verify->isEnabled());
}

void ShellTest::eventLogIsForAuditorsAndAdministrators() {
    QVERIFY(openWindow(m_f->admin)->auditPage());
    QVERIFY(openWindow(m_f->auditor)->auditPage());
    QVERIFY(!openWindow(m_f->operatorA)->auditPage());
    QVERIFY(!openWindow(m_f->officerA)->auditPage());
}

void ShellTest::savedFormCanBeOpened() {
    auto app = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(app);
    QTemporaryDir out;
    QVERIFY(out.isValid());
    AnsweringPrompter prompter;
    const QString pdf = out.filePath(QStringLiteral("form.pdf"));
    prompter.saveAnswers = {pdf};
    gui::ApplicationDetailsDialog dialog(*m_f->reg, m_f->operatorA, *app, nullptr, &prompter);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* open = child<QPushButton>(&dialog, "openSavedPdf");
    QVERIFY(open);
    QVERIFY(!open->isVisible()); // nothing saved yet
    QTest::mouseClick(child<QPushButton>(&dialog, "printFormButton"), Qt::LeftButton);
    QVERIFY2(dialog.message().isEmpty(), qPrintable(dialog.message()));
    QVERIFY(QFileInfo::exists(pdf));
    QVERIFY(open->isVisible());
    QCOMPARE(dialog.savedPdf(), pdf);
    snapshot(&dialog, QStringLiteral("shell-form-saved"));
}

// GuiApp starts the register's check (PRAGMA quick_check over the whole file: seconds at millions of
// certificates) when it opens the register, so that it runs while the operator types; the sign-in (a failed
// one is recorded: the first write) and the window await its verdict behind a progress window. A damaged
// register's verdict arrives that way too, and signing in (reading) still works.
void ShellTest::registerCheckRunsWhileTheOperatorSignsIn() {
    if (onPostgres())
        QSKIP("PRAGMA quick_check is SQLite's");
    const QString file = m_f->path();
    m_f->close();
    {
        auto reg = registry::Register::open(file, registry::Register::OpenMode::Existing, &m_f->clock);
        TIRKEU_VERIFY_OK(reg);
        (*reg)->startDamageCheck();
        gui::SignInDialog dialog(**reg);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("admin"));
        child<QLineEdit>(&dialog, "password")->setText(QStringLiteral("not-the-password"));
        QTest::keyClick(child<QLineEdit>(&dialog, "password"), Qt::Key_Return);
        QVERIFY((*reg)->damageKnown()); // awaited before the failed sign-in was recorded
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        QVERIFY(!dialog.message().isEmpty());
        QCOMPARE(gui::awaitRegisterCheck(**reg), QString());
    }
    // The same register with one page of the event log's hash index damaged in place (a successful sign-in
    // only reads).
    QVERIFY(m_f->open());
    const QString damage = m_f->damageIndexPage(QStringLiteral("sqlite_autoindex_audit_events_1"));
    QVERIFY2(damage.isEmpty(), qPrintable(damage));
    auto damaged = registry::Register::open(file, registry::Register::OpenMode::Existing, &m_f->clock);
    TIRKEU_VERIFY_OK(damaged);
    (*damaged)->startDamageCheck();
    const QString verdict = gui::awaitRegisterCheck(**damaged);
    QVERIFY2(!verdict.isEmpty(), "the background check did not find the damage");
    QCOMPARE((*damaged)->damage(), verdict);
    m_f->clock.advanceSecs(60); // past the pause after the failed sign-in above
    gui::SignInDialog dialog(**damaged);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("admin"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    QTest::keyClick(child<QLineEdit>(&dialog, "password"), Qt::Key_Return);
    QVERIFY2(dialog.result() == int(QDialog::Accepted), qPrintable(dialog.message())); // reading still works
}

TIRKEU_TEST_MAIN(ShellTest)
#include "tst_shell.moc"
