#pragma once
// Issuance off the UI thread: one or many certificates (a government body's letter: one per person),
// issued one after another on a worker thread that opens its OWN register connection (QSqlDatabase
// connections belong to the thread that opened them). Reports progress, stops at the first refusal,
// and can be cancelled between two certificates (each certificate is its own transaction, so a
// cancel never leaves half a certificate).

#include "registry/CaEngine.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace tirkeu::registry {
class Clock;
}

namespace tirkeu::gui {

class IssueRunner : public QObject {
    Q_OBJECT
public:
    // One certificate: `index` counts from 0 to count-1. Runs on the worker thread with its register.
    using Step = std::function<Result<registry::IssueResult>(registry::Register& reg, int index)>;

    // location: the register to open (Register::open); clock: the UI register's clock (read only).
    IssueRunner(const QString& location, const registry::Clock* clock, int count, Step step, QObject* parent = nullptr);
    ~IssueRunner() override;

    void start();
    void cancel() { m_cancel = true; }
    // A letter's bulk run goes on after a refusal about one person (invalid data, the one-key rule);
    // any other failure (the CA key, the database) still stops it.
    void setContinueAfterPersonRefusal(bool on) { m_keepGoing = on; }
    bool isRunning() const { return m_running; }
    bool wasCancelled() const { return m_cancel; }
    int count() const { return m_count; }
    // After finished(): one result per certificate attempted, in order (the last one may be a refusal).
    std::vector<Result<registry::IssueResult>> results() const;
    void wait(); // blocks until the worker thread has ended (tests, and the destructor)

Q_SIGNALS:
    void progress(int done, int total);
    void finished();

private:
    QString m_location;
    const registry::Clock* m_clock = nullptr;
    int m_count = 0;
    Step m_step;
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    bool m_keepGoing = false;
    mutable std::mutex m_mutex;
    std::vector<Result<registry::IssueResult>> m_results;
};

} // namespace tirkeu::gui
