#include "app/gui/RegisterActions.h"

#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/BatchIssueDialog.h"
#include "app/gui/CrlPublishDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RegisterInfoPage.h"
#include "app/gui/RegisterSearchPage.h"
#include "app/gui/SettingsDialog.h"

#include <QAction>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>

namespace tirkeu::gui {

RegisterActions::RegisterActions(MainWindow& window, registry::Register& reg, const registry::Session& session,
                                 Prompter& prompter)
    : QObject(&window)
    , m_window(window)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("registerActions"));
    m_search = new RegisterSearchPage(reg, session, prompter, window.tabs());
    m_expiring = new ExpiringPage(reg, session, prompter, window.tabs());
    window.tabs()->addTab(m_search, QString());
    window.tabs()->addTab(m_expiring, QString());
    m_search->updateTabText();
    m_expiring->updateTabText();

    m_menu = window.menuBar()->addMenu(QString());
    m_menu->setObjectName(QStringLiteral("certificatesMenu"));
    // Before the Language menu, which stays last.
    const QList<QAction*> menus = window.menuBar()->actions();
    if (menus.size() >= 2)
        window.menuBar()->insertMenu(menus.at(menus.size() - 2), m_menu);
    m_issueBatch = m_menu->addAction(QString());
    m_issueBatch->setObjectName(QStringLiteral("issueBatchAction"));
    m_publishCrl = m_menu->addAction(QString());
    m_publishCrl->setObjectName(QStringLiteral("publishCrlAction"));
    m_settings = m_menu->addAction(QString());
    m_settings->setObjectName(QStringLiteral("settingsAction"));
    m_settings->setMenuRole(QAction::PreferencesRole);
    connect(m_issueBatch, &QAction::triggered, this, [this] { openIssueBatch(); });
    connect(m_publishCrl, &QAction::triggered, this, [this] { openCrlPublish(); });
    connect(m_settings, &QAction::triggered, this, [this] { openSettings(); });

    connect(window.refreshAction(), &QAction::triggered, this, [this] {
        m_search->refresh();
        m_expiring->refresh();
    });
    connect(m_search, &RegisterSearchPage::registerChanged, this, &RegisterActions::changed);
    connect(m_expiring, &ExpiringPage::registerChanged, this, &RegisterActions::changed);
    window.installEventFilter(this);
    retranslate();
}

bool RegisterActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched == &m_window && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void RegisterActions::retranslate() {
    m_menu->setTitle(tr("&Certificates"));
    m_issueBatch->setText(tr("&Issue from requests…"));
    const bool mayIssue = BatchIssueDialog::mayOpen(m_session);
    m_issueBatch->setEnabled(mayIssue);
    m_issueBatch->setToolTip(
        mayIssue ? tr("Issue the certificates of many approved applications from a folder of their holders' requests.")
                 : tr("Your role (%1) may not %2.")
                       .arg(registry::Roles::displayName(m_session.role),
                            registry::Roles::permissionName(registry::Permission::IssueCertificate)));
    m_publishCrl->setText(tr("&Publish CRL…"));
    m_settings->setText(tr("&Settings…"));
    const bool mayPublish = registry::Roles::allows(m_session.role, registry::Permission::PublishCrl);
    m_publishCrl->setEnabled(mayPublish);
    m_publishCrl->setToolTip(mayPublish ? tr("Sign and publish a full or delta CRL of a CA.")
                                        : tr("Your role (%1) may not %2.")
                                              .arg(registry::Roles::displayName(m_session.role),
                                                   registry::Roles::permissionName(registry::Permission::PublishCrl)));
    const bool mayConfigure = SettingsDialog::mayOpen(m_session);
    m_settings->setEnabled(mayConfigure);
    m_settings->setToolTip(mayConfigure ? tr("CAs, operators, retention periods and the working-day calendar.")
                                        : SettingsDialog::whyNot(m_session));
    m_menu->setToolTipsVisible(true);
}

void RegisterActions::changed() {
    m_window.registerPage()->refresh();
    m_window.queuePage()->refresh();
}

CrlPublishDialog* RegisterActions::openCrlPublish() {
    if (!m_publishCrl->isEnabled())
        return nullptr;
    auto* dialog = new CrlPublishDialog(m_reg, m_session, m_prompter, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CrlPublishDialog::registerChanged, this, &RegisterActions::changed);
    dialog->show();
    return dialog;
}

BatchIssueDialog* RegisterActions::openIssueBatch() {
    if (!m_issueBatch->isEnabled())
        return nullptr;
    auto* dialog = new BatchIssueDialog(m_reg, m_session, m_prompter, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BatchIssueDialog::registerChanged, this, [this] {
        changed();
        m_search->refresh();
        m_expiring->refresh();
    });
    dialog->show();
    return dialog;
}

SettingsDialog* RegisterActions::openSettings() {
    if (!m_settings->isEnabled())
        return nullptr;
    auto* dialog = new SettingsDialog(m_reg, m_session, m_prompter, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::registerChanged, this, [this] {
        changed();
        m_search->refresh();
        m_expiring->refresh();
    });
    dialog->show();
    return dialog;
}

} // namespace tirkeu::gui
