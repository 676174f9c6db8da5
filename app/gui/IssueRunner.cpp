#include "app/gui/IssueRunner.h"

#include "registry/Register.h"

#include <QThread>

namespace tirkeu::gui {

IssueRunner::IssueRunner(const QString& location, const registry::Clock* clock, int count, Step step, QObject* parent)
    : QObject(parent)
    , m_location(location)
    , m_clock(clock)
    , m_count(count)
    , m_step(std::move(step)) {}

IssueRunner::~IssueRunner() {
    m_cancel = true;
    wait();
}

void IssueRunner::wait() {
    if (m_thread)
        m_thread->wait();
}

std::vector<Result<registry::IssueResult>> IssueRunner::results() const {
    std::lock_guard lock(m_mutex);
    return m_results;
}

void IssueRunner::start() {
    if (m_running || m_thread)
        return;
    m_running = true;
    m_thread = QThread::create([this] {
        auto opened = registry::Register::open(m_location, registry::Register::OpenMode::Existing, m_clock);
        if (!opened) {
            std::lock_guard lock(m_mutex);
            m_results.emplace_back(opened.error());
            return;
        }
        registry::Register& reg = *opened.value();
        for (int i = 0; i < m_count && !m_cancel; ++i) {
            Result<registry::IssueResult> r = m_step(reg, i);
            const bool ok =
                r.ok() || (m_keepGoing && (r.code() == ErrorCode::Invalid || r.code() == ErrorCode::Conflict));
            {
                std::lock_guard lock(m_mutex);
                m_results.push_back(std::move(r));
            }
            Q_EMIT progress(i + 1, m_count); // queued to the UI thread
            if (!ok)
                break;
        }
    });
    m_thread->setParent(this); // deleted with the runner, after wait()
    connect(m_thread, &QThread::finished, this, [this] {
        m_running = false;
        Q_EMIT finished();
    });
    m_thread->start();
}

} // namespace tirkeu::gui
