#pragma once
// Bulk issuance from the holders' requests (issue 18), the window's side of `certificate issue-batch`:
// a folder of <application>.csr files (or a manifest), the folder for the certificates, the CA key
// passphrase; then the CA engine issues them all as a Job (app/gui/Job.h: a worker thread with its own
// register) in durable groups, writing each certificate's file only after its group is recorded
// (registry::BatchRequests), while a progress bar counts the requests. A refused request is listed with
// its reason and the others go on. Cancel (the Close button while it runs, Esc, the window's close button)
// stops after the group being recorded: what was recorded stays issued, nothing else is.

#include "app/gui/JobDialog.h"
#include "registry/BatchRequests.h"
#include "registry/Roles.h"

#include <map>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;
class Prompter;

class BatchIssueDialog : public JobDialog {
    Q_OBJECT
public:
    BatchIssueDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                     QWidget* parent = nullptr);
    ~BatchIssueDialog() override;

    static bool mayOpen(const registry::Session& session);

    void setSource(const QString& path, bool manifest); // what Browse… fills in (tests)
    void setOutputFolder(const QString& dir);
    void issue();                // the Issue button (cancel(): stops after the group being recorded)
    QString message() const;     // the refusal shown inline ("" when none)
    QString summaryText() const; // what the last batch did
    QTableWidget* results() const { return m_results; }

Q_SIGNALS:
    void batchFinished(bool ok); // the worker is done (results or error shown)
    void registerChanged();

protected:
    void cancelling() override;
    void retranslateUi() override;

private:
    struct Outcome {
        std::vector<registry::BatchRequest> requests;
        std::optional<registry::BatchResult> result;
        std::map<std::size_t, QStringList> files;
        std::vector<registry::BatchFileProblem> fileProblems;
        QString error;
    };
    void updateActions();
    void workerDone();
    void showResults();
    void showMessage(const QString& text);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QLabel* m_intro = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QRadioButton* m_fromFolder = nullptr;
    QRadioButton* m_fromManifest = nullptr;
    QLabel* m_pathLabel = nullptr;
    QLineEdit* m_path = nullptr;
    QPushButton* m_browse = nullptr;
    QLabel* m_outLabel = nullptr;
    QLineEdit* m_out = nullptr;
    QPushButton* m_browseOut = nullptr;
    QProgressBar* m_progress = nullptr;
    QTableWidget* m_results = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_issue = nullptr;
    QPushButton* m_close = nullptr;
    std::shared_ptr<Outcome> m_outcome;
};

} // namespace tirkeu::gui
