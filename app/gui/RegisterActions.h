#pragma once
// The register's certificate work in the main window: the Search and Expiring tabs and a
// Certificates menu (Issue from requests…, Publish CRL…, Settings…). Kept apart from MainWindow so the window only
// creates it; it retranslates itself on the window's QEvent::LanguageChange.

#include "registry/Roles.h"

#include <QObject>

class QAction;
class QMenu;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class BatchIssueDialog;
class CrlPublishDialog;
class ExpiringPage;
class MainWindow;
class Prompter;
class RegisterSearchPage;
class SettingsDialog;

class RegisterActions : public QObject {
    Q_OBJECT
public:
    RegisterActions(MainWindow& window, registry::Register& reg, const registry::Session& session, Prompter& prompter);

    RegisterSearchPage* searchPage() const { return m_search; }
    ExpiringPage* expiringPage() const { return m_expiring; }
    QAction* issueBatchAction() const { return m_issueBatch; }
    QAction* publishCrlAction() const { return m_publishCrl; }
    QAction* settingsAction() const { return m_settings; }

    // Non-modal, deleted on close (tests drive them; the main window stays usable).
    CrlPublishDialog* openCrlPublish();
    BatchIssueDialog* openIssueBatch(); // nullptr when the role may not issue
    SettingsDialog* openSettings();     // nullptr when the role may not

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void changed();

    MainWindow& m_window;
    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    RegisterSearchPage* m_search = nullptr;
    ExpiringPage* m_expiring = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_issueBatch = nullptr;
    QAction* m_publishCrl = nullptr;
    QAction* m_settings = nullptr;
};

} // namespace tirkeu::gui
