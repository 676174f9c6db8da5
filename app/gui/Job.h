#pragma once
// Background work of the window, one way for all of it (as Kleopatra's command objects): a Job is
// started, reports progress with a text, can be cancelled where the work can stop, and says when it
// has finished and how. The work runs on a worker thread with its OWN register, opened on the same
// location and clock as the window's (a database connection belongs to the thread that opened it),
// so the window never freezes and never shares a connection across threads. Signals arrive on the
// thread that owns the Job (the UI thread). Issuance, CRL publishing, reports and revocations with
// their immediate CRL all run as Jobs.

#include "pki/Result.h"
#include "registry/RunControl.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace tirkeu::registry {
class Clock;
class Register;
} // namespace tirkeu::registry

namespace tirkeu::gui {

class Job : public QObject {
    Q_OBJECT
public:
    // What the work sees on the worker thread.
    class Context {
    public:
        registry::Register& reg; // the worker's own register
        // Tells the window how far the work is: done of total steps (total 0: unknown), and what it does.
        void progress(int done, int total, const QString& text) const;
        // True once cancel() was called; work that can stop checks it between its steps.
        bool cancelled() const { return m_job->m_cancel.load(); }
        // The registry's progress-and-cancel hooks (registry/RunControl.h) wired to this job.
        registry::RunControl runControl() const;

    private:
        friend class Job;
        Context(registry::Register& r, Job* job)
            : reg(r)
            , m_job(job) {}
        Job* m_job;
    };
    // Returns the outcome. On success the last progress text is the job's final message.
    using Work = std::function<Status(Context&)>;

    enum class Cancel { NotPossible, BetweenSteps };

    // uiRegister: the window's register, whose location and clock the worker's register uses.
    Job(registry::Register& uiRegister, const QString& title, Cancel cancel, Work work, QObject* parent = nullptr);
    ~Job() override; // cancels (where possible) and waits for the worker

    void start();
    // Asks the work to stop at its next step; no effect when it cannot stop.
    void cancel();
    void wait(); // blocks until the worker has ended (tests, and the destructor)

    QString title() const { return m_title; }
    bool canCancel() const { return m_cancelMode == Cancel::BetweenSteps; }
    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const { return m_cancel.load(); }
    // After finished(): the work's outcome.
    const Status& status() const { return m_status; }
    // The last progress text (the title while nothing was reported yet).
    QString progressText() const { return m_text; }

Q_SIGNALS:
    void started();
    void progressed(int done, int total, const QString& text);
    void finished(bool ok, const QString& message);

private:
    void workerDone();

    QString m_location;
    const registry::Clock* m_clock = nullptr;
    QString m_title;
    Cancel m_cancelMode;
    Work m_work;
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    bool m_finished = false;
    Status m_status;
    QString m_text;
};

} // namespace tirkeu::gui
