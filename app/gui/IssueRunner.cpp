#include "app/gui/IssueRunner.h"

namespace tirkeu::gui {

IssueRunner::IssueRunner(registry::Register& uiRegister, int count, Step step, QObject* parent)
    : Job(
          uiRegister, tr("Issuing %n certificate(s)…", nullptr, count), Cancel::BetweenSteps,
          [this](Context& context) { return run(context); }, parent)
    , m_count(count)
    , m_step(std::move(step)) {}

IssueRunner::~IssueRunner() {
    // The worker uses this object's members: it must end before they go.
    cancel();
    wait();
}

std::vector<Result<registry::IssueResult>> IssueRunner::results() const {
    std::lock_guard lock(m_mutex);
    return m_results;
}

Status IssueRunner::run(Context& context) {
    int issued = 0;
    for (int i = 0; i < m_count; ++i) {
        if (context.cancelled())
            return makeError(ErrorCode::Failure,
                             tr("Cancelled after %n certificate(s); the others were not issued.", nullptr, issued));
        Result<registry::IssueResult> r = m_step(context.reg, i);
        const bool ok = r.ok() || (m_keepGoing && (r.code() == ErrorCode::Invalid || r.code() == ErrorCode::Conflict));
        const Error error = r.error();
        issued += r.ok() ? 1 : 0;
        {
            std::lock_guard lock(m_mutex);
            m_results.push_back(std::move(r));
        }
        context.progress(i + 1, m_count, tr("%1 of %2 certificate(s) done.").arg(i + 1).arg(m_count));
        if (!ok)
            return error;
    }
    return {};
}

} // namespace tirkeu::gui
