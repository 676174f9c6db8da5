#pragma once
// Operator accounts: the first administrator (first start / db init), sign-in, adding and disabling.
// Passwords are kept only as scrypt hashes (pki::PasswordHash).
//
// Sign-in throttling (the one place for it): every failed sign-in is counted per login tried (known or
// unknown alike, so the answers and their cost do not tell which logins exist) and written to the event
// log. After n consecutive failures the next attempt is refused for delaySeconds(n) (1, 2, 4, 8 ...
// seconds) without checking the password; at maxFailures() the login is locked until an administrator
// unlocks it. A successful sign-in clears the count. An unknown login costs one scrypt check, like a
// known one. Each attempt (count read, password check, failure counted) is one write transaction, so
// attempts started at the same moment on several connections are counted one after the other.
// A lock is obeyed only when the event log explains it (lockStands): the counters are transient state,
// not evidence, and a locked_at no operator.locked event explains (an edited backup, a row written by the
// application's database role) locks no one — the administrator can still sign in and put things right.

#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace tirkeu::registry {

class Register;

struct OperatorRecord {
    qint64 id = 0;
    QString login;
    QString fullName;
    Role role = Role::Operator;
    bool active = true;
    QDateTime createdAt;
    int failedSignIns = 0; // consecutive failures since the last successful sign-in
    bool locked = false;   // locked after too many failures (an administrator unlocks)
};

class Operators {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Operators)
public:
    explicit Operators(Register& reg)
        : m_reg(reg) {}

    static constexpr int kMinPasswordLength = 8;
    static constexpr int kDefaultMaxFailures = 5;

    // Seconds a login must wait after `failures` consecutive failed sign-ins (0 for none).
    static int delaySeconds(int failures);

    Result<bool> any();
    // Only while the register has no operator at all: the way in for the first administrator.
    Result<Session> createFirstAdministrator(const QString& login, const QString& fullName, const QString& password);
    Result<Session> signIn(const QString& login, const QString& password);

    Result<qint64> add(const Session& by, const QString& login, const QString& fullName, Role role,
                       const QString& password);
    Status disable(const Session& by, const QString& login);
    // Gives `login` another role (administrators; audited as operator.role_changed with the old and new
    // role). Refuses an unknown or disabled login, the same role again, and taking the administrator
    // role from the last active administrator (the register would have no one to manage it).
    Status setRole(const Session& by, const QString& login, Role role);
    Status changePassword(const Session& by, const QString& login, const QString& newPassword);
    Result<QList<OperatorRecord>> list(const Session& by);
    Result<OperatorRecord> find(qint64 id);
    // Clears the failures and the lock of `login` (administrators).
    Status unlock(const Session& by, const QString& login);
    // Failed sign-ins that lock a login (the register's setting, default kDefaultMaxFailures).
    Result<int> maxFailures();
    Status setMaxFailures(const Session& by, int failures); // administrators; 3..100
    // Forgets every count of failed sign-ins and every lock, inside the caller's open transaction, without an
    // event of its own: for db restore, whose register.restored event records the number of rows (the counters
    // are transient state, not evidence; a backup's would lock accounts no event explains). The rows forgotten.
    Result<qint64> forgetAllFailures();
    // Still allowed to work: the account exists and is active (a disabled account's open session ends).
    Status checkActive(const Session& session);

private:
    struct FailureCount {
        int failures = 0;       // consecutive failures, this one included
        bool lockedNow = false; // this failure locked the login
    };
    // Counts one failure of `login` (and locks it at the limit), with its events, inside the caller's
    // open transaction.
    Status countFailure(const QString& login, const QString& why, FailureCount* count);
    // Whether a lock recorded for `login` (`lockedAt`, the row's locked_at) stands: it is set and the newest of
    // the login's operator.locked and operator.unlocked events is a lock.
    Result<bool> lockStands(const QString& login, const QVariant& lockedAt);
    Status checkLoginAndPassword(const QString& login, const QString& fullName, const QString& password);
    Result<qint64> insert(const QString& login, const QString& fullName, Role role, const QString& password);
    Register& m_reg;
};

} // namespace tirkeu::registry
