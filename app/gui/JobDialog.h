#pragma once
// A dialog that runs one Job at a time (app/gui/Job.h) — publishing a CRL, a bulk issuance: while the job
// runs, Esc, the Close button and the window's close button ask it to stop instead of closing, and the
// window stays until it has. The dialog says how it is stopping (cancelling()) and retranslates itself on
// QEvent::LanguageChange (retranslateUi()).

#include <QDialog>

namespace tirkeu::gui {

class Job;

class JobDialog : public QDialog {
    Q_OBJECT
public:
    using QDialog::QDialog;

    bool running() const;
    Job* job() const { return m_job; }
    // Asks the running job to stop at its next step; nothing when none runs or it is stopping already.
    void cancel();

protected:
    // Replaces the previous job (deleted) by `job`, owned by this dialog. A subclass's destructor waits for
    // it (waitForJob()) while its own members that the job's signals reach still exist.
    void setJob(Job* job);
    void waitForJob();
    // A cancel was asked while the job runs: show how it stops (a progress text, the Close button).
    virtual void cancelling() = 0;
    virtual void retranslateUi() = 0;

    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void reject() override;

private:
    Job* m_job = nullptr;
};

} // namespace tirkeu::gui
