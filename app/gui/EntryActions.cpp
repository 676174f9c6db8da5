#include "app/gui/EntryActions.h"

#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/DraftsDialog.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/Job.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/Prompter.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Drafts.h"
#include "registry/Register.h"

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
    m_revoke = new QAction(this);
    m_revoke->setObjectName(QStringLiteral("revokeApplicationAction"));
    connect(m_issue, &QAction::triggered, this, [this] { issueSelected(); });
    m_drafts = new QAction(this);
    m_drafts->setObjectName(QStringLiteral("draftsAction"));
    connect(m_drafts, &QAction::triggered, this, [this] { showDrafts(); });
    connect(m_revoke, &QAction::triggered, this, [this] { revokeSelected(); });
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
    m_revoke->setText(tr("Carry out &revocation…"));
    refreshDrafts();
}

void EntryActions::refreshDrafts() {
    m_draftCount = 0;
    if (registry::Roles::allows(m_session.role, registry::Permission::RegisterApplication))
        if (auto drafts = registry::Drafts(m_reg).list(m_session); drafts)
            m_draftCount = int(drafts->size());
    m_drafts->setText(tr("My &drafts (%1)…").arg(m_draftCount));
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
    m_drafts->setEnabled(noNew.isEmpty());
    m_drafts->setToolTip(noNew.isEmpty() ? tr("Applications you started typing and did not register yet.") : noNew);

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

    QString noRevoke = refusal(Permission::RevokeCertificate);
    if (noRevoke.isEmpty() && !r)
        noRevoke = tr("Select an application in the list first.");
    else if (noRevoke.isEmpty() &&
             (r->status != registry::ApplicationStatus::Approved || r->purpose != forms::FormPurpose::Revoke))
        noRevoke = tr("Only an approved revocation application can be carried out; this one is %1.")
                       .arg(registry::Applications::statusName(r->status));
    if (noRevoke.isEmpty() && m_revokeJob && m_revokeJob->isRunning())
        noRevoke = tr("A revocation is being carried out.");
    m_revoke->setEnabled(noRevoke.isEmpty());
    m_revoke->setToolTip(noRevoke.isEmpty() ? tr("Revoke every certificate the selected revocation application names.")
                                            : noRevoke);
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
    connect(dialog, &QDialog::finished, this, &EntryActions::refreshDrafts);
    dialog->open();
    return dialog;
}

DraftsDialog* EntryActions::showDrafts() {
    if (!m_drafts->isEnabled())
        return nullptr;
    auto* dialog = new DraftsDialog(m_reg, m_session, m_prompter, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DraftsDialog::openRequested, this, [this](qint64 id) { openDraft(id); });
    connect(dialog, &DraftsDialog::draftsChanged, this, &EntryActions::refreshDrafts);
    dialog->open();
    return dialog;
}

NewApplicationDialog* EntryActions::openDraft(qint64 draftId) {
    NewApplicationDialog* dialog = newApplication();
    if (!dialog)
        return nullptr;
    if (!dialog->openDraft(draftId)) {
        Q_EMIT statusMessage(dialog->message());
        dialog->reject();
        return nullptr;
    }
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

bool EntryActions::revokeSelected() {
    const registry::ApplicationRecord* r = m_queue->selectedRecord();
    if (!r || !m_revoke->isEnabled())
        return false;
    const qint64 id = r->id;
    // What will happen: the certificates and reasons the form names (read by registry, as it will revoke).
    QStringList lines;
    bool compromise = false;
    for (const registry::RevocationTarget& t : registry::CaEngine::revocationTargets(r->data)) {
        compromise = compromise || t.reasonCode == registry::CaEngine::kKeyCompromise;
        lines << tr("%1 — %2").arg(t.serial, registry::CaEngine::reasonName(t.reasonCode));
    }
    const QString question = tr("Application %1 will be carried out: these certificates are revoked for good, on the "
                                "basis of the holder's application, and the application is done.\n\n%2")
                                 .arg(id)
                                 .arg(lines.join(u'\n'));
    if (!m_prompter.confirm(m_window, tr("Carry out revocation"), question))
        return false;
    std::optional<pki::SecretSource> secret;
    auto ca = m_reg.cas().find(r->caCode);
    if (compromise && ca && registry::CaEngine::publishesAtOnce(*ca, registry::CaEngine::kKeyCompromise)) {
        const auto pass = m_prompter.askPassword(
            m_window, tr("CA key"),
            tr("A compromised key is published at once in a delta CRL: the passphrase of the %1 CA key.")
                .arg(r->caCode));
        if (!pass)
            return false;
        secret = pki::SecretSource::literal(*pass);
    }
    const registry::Session session = m_session;
    auto outcome = std::make_shared<QString>();
    auto crlProblem = std::make_shared<QString>();
    delete m_revokeJob;
    m_revokeJob = new Job(
        m_reg,
        secret ? tr("Carrying out application %1 and publishing the CRL…").arg(id)
               : tr("Carrying out application %1…").arg(id),
        Job::Cancel::NotPossible,
        [session, id, secret, outcome, crlProblem](Job::Context& context) -> Status {
            auto done = registry::CaEngine(context.reg).revokeFromApplication(session, id, secret);
            if (!done)
                return done.error();
            *outcome = tr("Application %1 carried out: %2 revoked.").arg(id).arg(done->serials.join(u", "));
            if (done->crl)
                *outcome += u' ' + tr("Delta CRL number %1 published.").arg(done->crl->number);
            *crlProblem = done->crlProblem;
            // Revocations dated after the CRL's time (a clock that was ahead): shown like a problem.
            if (done->crl && !done->crl->warning.isEmpty())
                *crlProblem += (crlProblem->isEmpty() ? QString() : QStringLiteral("\n")) + done->crl->warning;
            return {};
        },
        this);
    connect(m_revokeJob, &Job::progressed, this, [this](int, int, const QString& text) { Q_EMIT statusMessage(text); });
    connect(m_revokeJob, &Job::finished, this, [this, id, outcome, crlProblem](bool ok, const QString& message) {
        update();
        if (!ok) {
            m_prompter.showError(m_window, tr("Carry out revocation"), message);
            Q_EMIT revokeFinished(false);
            return;
        }
        if (!crlProblem->isEmpty())
            m_prompter.showError(m_window, tr("Carry out revocation"), *crlProblem);
        Q_EMIT statusMessage(*outcome);
        changed(id);
        Q_EMIT revokeFinished(true);
    });
    m_revokeJob->start();
    update();
    return true;
}

} // namespace tirkeu::gui
