#pragma once
// A Job run from a button whose result the caller needs before going on (register backup and restore):
// a window-modal progress window shows the job's text and steps, with Cancel where the job can stop,
// while the work runs on its worker thread — the main window keeps painting and never freezes.

#include <QProgressDialog>

class QProgressBar;

namespace tirkeu::gui {

class Job;

// A progress bar inside a window follows `job`: counted when the job reports a total, busy otherwise,
// with the job's step text; once the job is cancelled the bar keeps the text the window set.
void followJob(QProgressBar* bar, Job* job);

class JobProgressDialog : public QProgressDialog {
    Q_OBJECT
public:
    // Starts `job` and returns when it has finished (job->status() then says how).
    static void run(QWidget* parent, Job* job);

private:
    JobProgressDialog(QWidget* parent, Job* job);
};

} // namespace tirkeu::gui
