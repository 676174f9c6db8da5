#pragma once
// The counter's actions on the main window: New application, Application details and Issue
// certificate for the application selected in the queue. Enabled by registry::Roles (a tooltip says
// why not); the dialogs they open are non-blocking (open(), deleted on close) so tests can drive them.

#include "registry/Roles.h"

#include <QObject>
#include <QPointer>

class QAction;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class ApplicationDetailsDialog;
class ApplicationQueuePage;
class DraftsDialog;
class IssuanceDialog;
class Job;
class NewApplicationDialog;
class Prompter;

class EntryActions : public QObject {
    Q_OBJECT
public:
    // parent: the main window (dialogs are its children); queue: the page whose selection is acted on.
    EntryActions(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                 ApplicationQueuePage* queue, QWidget* parent);

    QList<QAction*> actions() const { return {m_new, m_details, m_issue, m_revoke}; }
    QAction* newApplicationAction() const { return m_new; }
    QAction* detailsAction() const { return m_details; }
    QAction* issueAction() const { return m_issue; }
    QAction* revokeAction() const { return m_revoke; }
    // Register → My drafts (n)…: the operator's unregistered applications (app/gui/DraftsDialog).
    QAction* draftsAction() const { return m_drafts; }

    NewApplicationDialog* newApplication();
    DraftsDialog* showDrafts();
    // The new-application dialog on the operator's draft `draftId` (nullptr when it cannot be opened).
    NewApplicationDialog* openDraft(qint64 draftId);
    void refreshDrafts(); // the count in the drafts action's text
    ApplicationDetailsDialog* showDetails();
    IssuanceDialog* issueSelected();
    // Carries out the selected approved revocation application (confirmation first, then a Job:
    // the revocations and a key compromise's CRL run off the UI thread); false when nothing was
    // started. revokeFinished() tells how it went.
    bool revokeSelected();
    Job* revokeJob() const { return m_revokeJob; }

Q_SIGNALS:
    void revokeFinished(bool ok);
    void registerChanged();
    void statusMessage(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void update();
    void changed(qint64 applicationId);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    ApplicationQueuePage* m_queue = nullptr;
    QWidget* m_window = nullptr;
    QAction* m_new = nullptr;
    QAction* m_details = nullptr;
    QAction* m_issue = nullptr;
    QAction* m_revoke = nullptr;
    QAction* m_drafts = nullptr;
    int m_draftCount = 0;
    Job* m_revokeJob = nullptr;
};

} // namespace tirkeu::gui
