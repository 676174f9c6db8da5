#include "app/gui/Job.h"

#include "registry/Register.h"

#include <QMetaObject>
#include <QThread>

#include <climits>

namespace tirkeu::gui {

registry::RunControl Job::Context::runControl() const {
    registry::RunControl control;
    control.cancelled = [this] { return cancelled(); };
    control.progress = [this](qint64 done, qint64 total, const QString& text) {
        progress(int(qMin<qint64>(done, INT_MAX)), int(qMin<qint64>(total, INT_MAX)), text);
    };
    return control;
}

void Job::Context::progress(int done, int total, const QString& text) const {
    Job* job = m_job;
    // Queued to the Job's thread; the Job outlives its worker (the destructor waits).
    QMetaObject::invokeMethod(
        job,
        [job, done, total, text] {
            if (!job->m_running)
                return; // a late report after the end
            job->m_text = text;
            Q_EMIT job->progressed(done, total, text);
        },
        Qt::QueuedConnection);
}

Job::Job(registry::Register& uiRegister, const QString& title, Cancel cancel, Work work, QObject* parent)
    : QObject(parent)
    , m_location(uiRegister.location())
    , m_clock(&uiRegister.clock())
    , m_title(title)
    , m_cancelMode(cancel)
    , m_work(std::move(work))
    , m_text(title) {}

Job::~Job() {
    if (canCancel())
        m_cancel = true;
    wait();
}

void Job::wait() {
    if (m_thread)
        m_thread->wait();
}

void Job::cancel() {
    if (canCancel() && m_running)
        m_cancel = true;
}

void Job::start() {
    if (m_running || m_thread)
        return; // a Job runs once
    m_running = true;
    m_thread = QThread::create([this] {
        auto opened = registry::Register::open(m_location, registry::Register::OpenMode::Existing, m_clock);
        if (!opened) {
            m_status = opened.error();
            return;
        }
        Context context(**opened, this);
        m_status = m_work(context); // read by the UI thread only after the thread has finished
    });
    m_thread->setObjectName(QStringLiteral("job"));
    m_thread->setParent(this); // deleted with the Job, after wait()
    connect(m_thread, &QThread::finished, this, &Job::workerDone);
    Q_EMIT started();
    Q_EMIT progressed(0, 0, m_text);
    m_thread->start();
}

void Job::workerDone() {
    // Progress reports posted by the worker arrived before this (same queue), so m_text is its last.
    m_thread->wait();
    m_running = false;
    m_finished = true;
    const QString message = m_status.ok() ? m_text : m_status.message();
    m_text = message;
    Q_EMIT finished(m_status.ok(), message);
}

} // namespace tirkeu::gui
