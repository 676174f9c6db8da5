#pragma once
// The signed-in operator's window: the application queue and the register's facts in tabs, a
// Refresh action (F5), Sign out, a Settings menu, a Language menu that retranslates the running
// application (the choice is remembered) and Help (About, Getting started).

#include "app/gui/Prompter.h"
#include "registry/Roles.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class ApplicationQueuePage;
class AuditLogPage;
class NoticesPage;
class EntryActions;
class RegisterInfoPage;
class ReportsPage;
class TodayPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // prompter: nullptr = the ordinary message boxes; tests pass one that answers without blocking.
    MainWindow(registry::Register& reg, const registry::Session& session, std::unique_ptr<Prompter> prompter = nullptr,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    QTabWidget* tabs() const { return m_tabs; }
    ApplicationQueuePage* queuePage() const { return m_queue; }
    RegisterInfoPage* registerPage() const { return m_info; }
    ReportsPage* reportsPage() const { return m_reports; }
    TodayPage* todayPage() const { return m_today; }
    AuditLogPage* auditPage() const { return m_audit; } // nullptr for roles that may not verify the log
    NoticesPage* noticesPage() const { return m_notices; }
    EntryActions* entryActions() const { return m_entry; }
    QAction* refreshAction() const { return m_refresh; }
    QAction* languageAction(const QString& lang) const; // "kk", "ru", "en"
    QAction* signOutAction() const { return m_signOut; }
    QAction* aboutAction() const { return m_about; }
    QAction* guideAction() const { return m_guide; }
    // Settings → …: administrator actions are added here (SettingsDialog's action is moved in).
    QMenu* settingsMenu() const { return m_settingsMenu; }
    // True once the operator chose Sign out (GuiApp then shows the sign-in dialog again).
    bool signedOut() const { return m_signedOut; }
    // The language chosen in the Language menu, remembered across restarts (QSettings "language");
    // empty when none was chosen yet.
    static QString rememberedLanguage();

    void refresh();
    void switchLanguage(const QString& lang);
    // False (and the window closes) once the signed-in account has been disabled.
    bool checkSession();
    // Ends this session without quitting: the window closes and signOutRequested() is emitted.
    void signOut();

Q_SIGNALS:
    void signOutRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateLanguageChecks();
    void buildHelpMenu();

    registry::Register& m_reg;
    registry::Session m_session;
    std::unique_ptr<Prompter> m_prompter;
    QTabWidget* m_tabs = nullptr;
    ApplicationQueuePage* m_queue = nullptr;
    RegisterInfoPage* m_info = nullptr;
    ReportsPage* m_reports = nullptr;
    TodayPage* m_today = nullptr;
    AuditLogPage* m_audit = nullptr;
    NoticesPage* m_notices = nullptr;
    EntryActions* m_entry = nullptr;
    QMenu* m_registerMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_settingsMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_signOut = nullptr;
    QAction* m_about = nullptr;
    QAction* m_guide = nullptr;
    bool m_signedOut = false;
    QToolBar* m_toolBar = nullptr;
    QAction* m_refresh = nullptr;
    QAction* m_quit = nullptr;
    QActionGroup* m_languages = nullptr;
    QLabel* m_signedIn = nullptr;
    bool m_sessionEnded = false;
};

} // namespace tirkeu::gui
