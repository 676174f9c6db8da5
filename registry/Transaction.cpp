// Transactions that cannot lie: rollback-only marks of failed inner steps, and the work that must wait
// for the outermost commit (Database.h).
#include "registry/Database.h"

namespace tirkeu::registry {

void Database::afterCommit(std::function<void()> work) {
    if (!work)
        return;
    if (!m_inTransaction) {
        work();
        return;
    }
    m_afterCommit.push_back(std::move(work));
}

void Database::markRollbackOnly(const Error& why) {
    if (m_inTransaction && !m_rollbackOnly)
        m_rollbackOnly = why;
}

void Database::endTransaction() {
    m_rollbackOnly.reset();
    m_afterCommit.clear();
}

void Database::runAfterCommitWork() {
    // Taken out first: the work may open (and commit) transactions of its own.
    std::vector<std::function<void()>> work;
    work.swap(m_afterCommit);
    for (auto& w : work)
        w();
}

Transaction::~Transaction() {
    if (m_committed || m_failed || !m_status.ok())
        return;
    if (m_joined)
        m_db.markRollbackOnly(
            makeError(ErrorCode::Database, Database::tr("A step of this change failed, so none of it was recorded.")));
    else
        m_db.rollback();
}

void Transaction::fail(const Error& why) {
    if (m_committed || m_failed || !m_status.ok())
        return;
    m_failed = true;
    if (m_joined)
        m_db.markRollbackOnly(why);
    else
        m_db.rollback();
}

CommitStatus Transaction::commit() {
    if (!m_status.ok())
        return CommitStatus(m_status, false);
    if (m_failed)
        return CommitStatus(
            makeError(ErrorCode::Database, Database::tr("This change was abandoned and cannot be committed.")), false);
    if (m_committed)
        return CommitStatus(Status(), !m_joined);
    if (m_joined) {
        // The outer transaction decides; a failure marked by an inner step is already known.
        if (m_db.rollbackOnly())
            return CommitStatus(m_db.rollbackReason(), false);
        m_committed = true;
        return CommitStatus(Status(), false);
    }
    Status s = m_db.commit();
    m_committed = s.ok();
    return CommitStatus(std::move(s), m_committed);
}

} // namespace tirkeu::registry
