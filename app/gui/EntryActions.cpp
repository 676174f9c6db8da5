#include "app/gui/EntryActions.h"

#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/NewApplicationDialog.h"
#include "registry/Applications.h"

#include <QAction>
#include <QEvent>
#include <QItemSelectionModel>
#include <QTableView>

namespace tirkeu::gui {

EntryActions::EntryActions(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                           ApplicationQueuePage* queue, QWidget* parent)
    : QObject(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_queue(queue)
    , m_window(parent) {
    m_new = new QAction(this);
    m_new->setObjectName(QStringLiteral("newApplicationAction"));
    m_new->setShortcut(QKeySequence::New);
    m_details = new QAction(this);
    m_details->setObjectName(QStringLiteral("applicationDetailsAction"));
    m_issue = new QAction(this);
    m_issue->setObjectName(QStringLiteral("issueAction"));
    connect(m_new, &QAction::triggered, this, [this] { newApplication(); });
    connect(m_details, &QAction::triggered, this, [this] { showDetails(); });
    connect(m_issue, &QAction::triggered, this, [this] { issueSelected(); });
    connect(m_queue->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EntryActions::update);
    connect(m_queue->view(), &QAbstractItemView::doubleClicked, this, [this] { showDetails(); });
    connect(m_queue, &ApplicationQueuePage::registerChanged, this, &EntryActions::update);
    parent->installEventFilter(this);
    retranslate();
}

bool EntryActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void EntryActions::retranslate() {
    m_new->setText(tr("&New application…"));
    m_details->setText(tr("Application &details…"));
    m_issue->setText(tr("&Issue certificate…"));
    update();
}

void EntryActions::update() {
    using registry::Permission;
    using registry::Roles;
    const auto refusal = [this](Permission p) {
        return Roles::allows(m_session.role, p)
                   ? QString()
                   : tr("Your role (%1) may not %2.").arg(Roles::displayName(m_session.role), Roles::permissionName(p));
    };
    const registry::ApplicationRecord* r = m_queue->selectedRecord();

    const QString noNew = refusal(Permission::RegisterApplication);
    m_new->setEnabled(noNew.isEmpty());
    m_new->setToolTip(noNew.isEmpty() ? tr("Register a new application from an official form.") : noNew);

    m_details->setEnabled(r != nullptr);
    m_details->setToolTip(r ? tr("Show the selected application: data, history and deadline.")
                            : tr("Select an application in the list first."));

    QString noIssue = refusal(Permission::IssueCertificate);
    if (noIssue.isEmpty() && !r)
        noIssue = tr("Select an application in the list first.");
    else if (noIssue.isEmpty() &&
             (r->status != registry::ApplicationStatus::Approved || r->purpose != forms::FormPurpose::Issue))
        noIssue = tr("Only an approved application for a certificate can be issued; this one is %1.")
                      .arg(registry::Applications::statusName(r->status));
    m_issue->setEnabled(noIssue.isEmpty());
    m_issue->setToolTip(noIssue.isEmpty() ? tr("Issue the certificate of the selected application.") : noIssue);
}

void EntryActions::changed(qint64 applicationId) {
    m_queue->refresh();
    m_queue->selectApplication(applicationId);
    update();
    Q_EMIT registerChanged();
}

NewApplicationDialog* EntryActions::newApplication() {
    if (!m_new->isEnabled())
        return nullptr;
    auto* dialog = new NewApplicationDialog(m_reg, m_session, m_window, &m_prompter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewApplicationDialog::saved, this, &EntryActions::changed);
    dialog->open();
    return dialog;
}

ApplicationDetailsDialog* EntryActions::showDetails() {
    const registry::ApplicationRecord* r = m_queue->selectedRecord();
    if (!r)
        return nullptr;
    auto* dialog = new ApplicationDetailsDialog(m_reg, m_session, r->id, m_window, &m_prompter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

IssuanceDialog* EntryActions::issueSelected() {
    const registry::ApplicationRecord* r = m_queue->selectedRecord();
    if (!r || !m_issue->isEnabled())
        return nullptr;
    auto* dialog = new IssuanceDialog(m_reg, m_session, m_prompter, r->id, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &IssuanceDialog::issued, this, &EntryActions::changed);
    dialog->open();
    return dialog;
}

} // namespace tirkeu::gui
