#include "app/gui/JobProgressDialog.h"

#include "app/gui/Job.h"

#include <QProgressBar>
#include <QPushButton>

namespace tirkeu::gui {

void followJob(QProgressBar* bar, Job* job) {
    QObject::connect(job, &Job::progressed, bar, [bar, job](int done, int total, const QString& text) {
        if (job->wasCancelled())
            return;
        if (total > 0) {
            bar->setRange(0, total);
            bar->setValue(done);
        } else {
            bar->setRange(0, 0);
        }
        bar->setFormat(text);
    });
}

JobProgressDialog::JobProgressDialog(QWidget* parent, Job* job)
    : QProgressDialog(parent) {
    setObjectName(QStringLiteral("jobProgressDialog"));
    setWindowTitle(job->title());
    setWindowModality(Qt::WindowModal);
    setAutoClose(false);
    setAutoReset(false);
    setMinimumDuration(0);
    setMinimumWidth(420);
    setRange(0, 0); // busy until the job reports steps
    setLabelText(job->title());
    if (job->canCancel()) {
        auto* cancel = new QPushButton(tr("Cancel"), this);
        cancel->setObjectName(QStringLiteral("jobCancelButton"));
        setCancelButton(cancel);
        connect(this, &QProgressDialog::canceled, job, [this, job] {
            job->cancel();
            setLabelText(tr("Stopping after the current step…"));
        });
    } else {
        setCancelButton(nullptr);
    }
    connect(job, &Job::progressed, this, [this](int done, int total, const QString& text) {
        setRange(0, qMax(0, total));
        if (total > 0)
            setValue(qBound(0, done, total));
        if (!text.isEmpty())
            setLabelText(text);
    });
    connect(job, &Job::finished, this, [this] { done(QDialog::Accepted); });
}

void JobProgressDialog::run(QWidget* parent, Job* job) {
    JobProgressDialog dialog(parent, job);
    job->start();
    if (job->isFinished())
        return;
    dialog.exec();
    job->wait();
}

} // namespace tirkeu::gui
