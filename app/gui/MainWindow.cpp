#include "app/gui/MainWindow.h"

#include "app/gui/AboutDialog.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/AuditLogPage.h"
#include "app/gui/EntryActions.h"
#include "app/gui/NoticesPage.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterInfoPage.h"
#include "app/gui/ReportsPage.h"
#include "app/gui/TodayPage.h"
#include "registry/ChangeNotifier.h"
#include "registry/Clock.h"
#include "registry/Language.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>

namespace tirkeu::gui {

namespace {
// Each language is named in itself, so it can be found whatever the current language is.
struct LanguageEntry {
    const char* code;
    QString nativeName;
};
const LanguageEntry kLanguages[] = {
    {"kk", QStringLiteral("Қазақша")},
    {"ru", QStringLiteral("Русский")},
    {"en", QStringLiteral("English")},
};
const QString kLanguageKey = QStringLiteral("language");
} // namespace

MainWindow::MainWindow(registry::Register& reg, const registry::Session& session, std::unique_ptr<Prompter> prompter,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter ? std::move(prompter) : std::make_unique<Prompter>()) {
    setObjectName(QStringLiteral("mainWindow"));

    m_refresh = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), QString(), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refresh);
    m_quit = new QAction(this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::close);
    m_signOut = new QAction(this);
    m_signOut->setObjectName(QStringLiteral("signOutAction"));
    connect(m_signOut, &QAction::triggered, this, &MainWindow::signOut);

    m_registerMenu = menuBar()->addMenu(QString());
    m_registerMenu->addAction(m_refresh);
    m_registerMenu->addSeparator();
    m_registerMenu->addAction(m_signOut);
    m_registerMenu->addAction(m_quit);

    m_languageMenu = menuBar()->addMenu(QString());
    m_languages = new QActionGroup(this);
    m_languages->setExclusive(true);
    for (const LanguageEntry& l : kLanguages) {
        auto* action = m_languageMenu->addAction(l.nativeName);
        action->setCheckable(true);
        action->setData(QString::fromLatin1(l.code));
        m_languages->addAction(action);
    }
    connect(m_languages, &QActionGroup::triggered, this,
            [this](QAction* action) { switchLanguage(action->data().toString()); });

    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_refresh);

    m_queue = new ApplicationQueuePage(reg, session, *m_prompter, this);
    m_info = new RegisterInfoPage(reg, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_queue, QString());
    m_tabs->addTab(m_info, QString());
    setCentralWidget(m_tabs);

    m_signedIn = new QLabel(this);
    m_signedIn->setObjectName(QStringLiteral("signedIn"));
    m_signedIn->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_signedIn);
    connect(m_queue, &ApplicationQueuePage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_queue, &ApplicationQueuePage::registerChanged, m_info, &RegisterInfoPage::refresh);
    // New application, details and issuance for the queue's selection (app/gui/EntryActions).
    m_entry = new EntryActions(reg, session, *m_prompter, m_queue, this);
    m_toolBar->addActions(m_entry->actions());
    m_registerMenu->insertActions(m_refresh, m_entry->actions());
    m_registerMenu->insertAction(m_refresh, m_entry->draftsAction());
    connect(m_entry, &EntryActions::registerChanged, m_info, &RegisterInfoPage::refresh);
    connect(m_entry, &EntryActions::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    new RegisterActions(*this, reg, session, *m_prompter); // Search and Expiring tabs, Certificates menu
    // Settings has its own menu, between Certificates and Language (RegisterActions creates the action).
    m_settingsMenu = new QMenu(this);
    m_settingsMenu->setObjectName(QStringLiteral("settingsMenu"));
    menuBar()->insertMenu(m_languageMenu->menuAction(), m_settingsMenu);
    if (auto* settings = findChild<QAction*>(QStringLiteral("settingsAction"))) {
        if (auto* owner = qobject_cast<QMenu*>(settings->parent()))
            owner->removeAction(settings);
        m_settingsMenu->addAction(settings);
    }
    buildHelpMenu();
    m_reports = new ReportsPage(reg, session, this); // registers and journals: preview, print, PDF, CSV
    m_tabs->addTab(m_reports, QString());
    connect(m_reports, &ReportsPage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    if (NoticesPage::mayOpen(session)) { // notices to holders: the outbox, expiry reminders for officers
        m_notices = new NoticesPage(reg, session, *m_prompter, this);
        m_tabs->addTab(m_notices, QString());
    }
    if (AuditLogPage::mayOpen(session)) { // auditors and administrators: the event log and Verify
        m_audit = new AuditLogPage(reg, session, this);
        m_tabs->addTab(m_audit, QString());
    }
    m_today = new TodayPage(*this, reg, session, this); // first: what is due for this role (shown on sign-in)
    m_tabs->insertTab(0, m_today, QString());
    m_tabs->setCurrentWidget(m_queue);
    connect(m_today, &TodayPage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    // Other workstations' changes appear without a restart.
    auto* changes = new registry::ChangeNotifier(reg, this);
    connect(changes, &registry::ChangeNotifier::changed, m_queue, &ApplicationQueuePage::refresh);
    connect(changes, &registry::ChangeNotifier::changed, m_info, &RegisterInfoPage::refresh);
    connect(changes, &registry::ChangeNotifier::changed, m_today, &TodayPage::refresh);
    // A disabled account's session ends: checked whenever the register changes and on every refresh.
    connect(changes, &registry::ChangeNotifier::changed, this, &MainWindow::checkSession);

    retranslateUi();
    updateLanguageChecks();
    resize(1180, 680);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildHelpMenu() {
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_guide = m_helpMenu->addAction(QString());
    m_guide->setObjectName(QStringLiteral("guideAction"));
    m_guide->setShortcut(QKeySequence::HelpContents);
    m_about = m_helpMenu->addAction(QString());
    m_about->setObjectName(QStringLiteral("aboutAction"));
    m_about->setMenuRole(QAction::AboutRole);
    const auto open = [this](AboutDialog::Kind kind) {
        auto* dialog = new AboutDialog(kind, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    };
    connect(m_guide, &QAction::triggered, this, [open] { open(AboutDialog::Kind::Guide); });
    connect(m_about, &QAction::triggered, this, [open] { open(AboutDialog::Kind::About); });
}

QString MainWindow::rememberedLanguage() {
    const QString lang = QSettings().value(kLanguageKey).toString();
    return registry::Language::supported().contains(lang) ? lang : QString();
}

void MainWindow::signOut() {
    m_signedOut = true;
    close();
    Q_EMIT signOutRequested();
}

QAction* MainWindow::languageAction(const QString& lang) const {
    for (QAction* a : m_languages->actions())
        if (a->data().toString() == lang)
            return a;
    return nullptr;
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
    setWindowTitle(tr("Tirkeu — %1").arg(QDir::toNativeSeparators(m_reg.location())));
    m_registerMenu->setTitle(tr("&Register"));
    m_languageMenu->setTitle(tr("&Language"));
    m_toolBar->setWindowTitle(tr("Main toolbar"));
    m_refresh->setText(tr("&Refresh"));
    m_refresh->setToolTip(
        tr("Read the queue and the register again (%1)").arg(m_refresh->shortcut().toString(QKeySequence::NativeText)));
    m_quit->setText(tr("&Quit"));
    m_signOut->setText(tr("Sign &out…"));
    m_signOut->setToolTip(tr("End this session and sign in as another operator, without quitting"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_helpMenu->setTitle(tr("&Help"));
    m_guide->setText(tr("&Getting started"));
    m_about->setText(tr("&About Tirkeu"));
    m_tabs->setTabText(m_tabs->indexOf(m_today), tr("Today"));
    m_tabs->setTabText(m_tabs->indexOf(m_queue), tr("Applications"));
    m_tabs->setTabText(m_tabs->indexOf(m_info), tr("Register"));
    m_tabs->setTabText(m_tabs->indexOf(m_reports), tr("Reports"));
    if (m_notices)
        m_tabs->setTabText(m_tabs->indexOf(m_notices), tr("Notices"));
    if (m_audit)
        m_tabs->setTabText(m_tabs->indexOf(m_audit), tr("Event log"));
    m_signedIn->setText(tr("Signed in: %1 (%2), %3")
                            .arg(m_session.fullName, m_session.login, registry::Roles::displayName(m_session.role)));
}

bool MainWindow::checkSession() {
    if (m_sessionEnded)
        return false;
    const Status active = m_reg.operators().checkActive(m_session);
    if (active || active.code() != ErrorCode::Forbidden)
        return true; // a read error is shown by the pages themselves
    m_sessionEnded = true;
    setEnabled(false);
    m_prompter->showError(this, tr("Session ended"), active.message());
    close();
    return false;
}

void MainWindow::refresh() {
    if (!checkSession())
        return;
    m_queue->refresh();
    m_info->refresh();
    m_today->refresh();
    if (m_audit)
        m_audit->refresh();
    if (m_notices)
        m_notices->refresh();
    const QDateTime now = m_reg.clock().now().toTimeZone(registry::Clock::zone());
    statusBar()->showMessage(tr("Read again at %1.").arg(now.toString(QStringLiteral("HH:mm:ss"))), 5000);
}

void MainWindow::switchLanguage(const QString& lang) {
    // Each widget retranslates itself in changeEvent(QEvent::LanguageChange). Qt sends that event when
    // a translator is installed or removed, but not for an empty catalogue (a language with nothing
    // translated yet), so it is sent here as well; retranslating twice costs nothing.
    const bool installed = registry::Language::install(lang);
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
    updateLanguageChecks();
    if (installed)
        QSettings().setValue(kLanguageKey, lang); // the next start opens in the same language
    if (!installed)
        m_prompter->showError(
            this, tr("Language"),
            tr("The translation \"%1\" is not available; the interface is shown in English.").arg(lang));
}

void MainWindow::updateLanguageChecks() {
    if (QAction* current = languageAction(registry::Language::current()))
        current->setChecked(true);
}

} // namespace tirkeu::gui
