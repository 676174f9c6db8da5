#include "app/gui/JobDialog.h"

#include "app/gui/Job.h"

#include <QCloseEvent>
#include <QEvent>

namespace tirkeu::gui {

bool JobDialog::running() const {
    return m_job && m_job->isRunning();
}

void JobDialog::cancel() {
    if (!running() || m_job->wasCancelled())
        return;
    m_job->cancel();
    cancelling();
}

void JobDialog::setJob(Job* job) {
    delete m_job;
    m_job = job;
}

void JobDialog::waitForJob() {
    if (m_job)
        m_job->wait();
}

void JobDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void JobDialog::closeEvent(QCloseEvent* event) {
    if (running()) {
        event->ignore(); // the window stays until the job has stopped
        cancel();
        return;
    }
    QDialog::closeEvent(event);
}

void JobDialog::reject() {
    if (running())
        cancel();
    else
        QDialog::reject();
}

} // namespace tirkeu::gui
