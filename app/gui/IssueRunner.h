#pragma once
// Issuance as a Job (app/gui/Job.h): one or many certificates (a government body's letter: one per
// person), issued one after another on the Job's worker thread with its own register. Reports
// progress after each certificate, stops at the first refusal, and can be cancelled between two
// certificates (each certificate is its own transaction, so a cancel never leaves half a certificate).

#include "app/gui/Job.h"
#include "registry/CaEngine.h"

#include <functional>
#include <mutex>
#include <vector>

namespace tirkeu::gui {

class IssueRunner : public Job {
    Q_OBJECT
public:
    // One certificate: `index` counts from 0 to count-1. Runs on the worker thread with its register.
    using Step = std::function<Result<registry::IssueResult>(registry::Register& reg, int index)>;

    IssueRunner(registry::Register& uiRegister, int count, Step step, QObject* parent = nullptr);
    ~IssueRunner() override;

    // A letter's bulk run goes on after a refusal about one person (invalid data, the one-key rule);
    // any other failure (the CA key, the database) still stops it.
    void setContinueAfterPersonRefusal(bool on) { m_keepGoing = on; }
    int count() const { return m_count; }
    // One result per certificate attempted so far, in order (the last one may be a refusal).
    std::vector<Result<registry::IssueResult>> results() const;

private:
    Status run(Context& context);

    int m_count = 0;
    Step m_step;
    bool m_keepGoing = false;
    mutable std::mutex m_mutex;
    std::vector<Result<registry::IssueResult>> m_results;
};

} // namespace tirkeu::gui
