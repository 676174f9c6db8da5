#pragma once
// Operator accounts: the first administrator (first start / db init), sign-in, adding and disabling.
// Passwords are kept only as scrypt hashes (pki::PasswordHash).

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
};

class Operators {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Operators)
public:
    explicit Operators(Register& reg)
        : m_reg(reg) {}

    static constexpr int kMinPasswordLength = 8;

    Result<bool> any();
    // Only while the register has no operator at all: the way in for the first administrator.
    Result<Session> createFirstAdministrator(const QString& login, const QString& fullName, const QString& password);
    Result<Session> signIn(const QString& login, const QString& password);

    Result<qint64> add(const Session& by, const QString& login, const QString& fullName, Role role,
                       const QString& password);
    Status disable(const Session& by, const QString& login);
    Status changePassword(const Session& by, const QString& login, const QString& newPassword);
    Result<QList<OperatorRecord>> list(const Session& by);
    Result<OperatorRecord> find(qint64 id);

private:
    Status checkLoginAndPassword(const QString& login, const QString& fullName, const QString& password);
    Result<qint64> insert(const QString& login, const QString& fullName, Role role, const QString& password);
    Register& m_reg;
};

} // namespace tirkeu::registry
