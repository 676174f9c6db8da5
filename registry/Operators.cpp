#include "registry/Operators.h"

#include "pki/PasswordHash.h"
#include "registry/Register.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace tirkeu::registry {

namespace {
// Columns: id, login, full_name, role, active, created_at.
OperatorRecord recordFrom(const QSqlQuery& q) {
    OperatorRecord r;
    r.id = q.value(0).toLongLong();
    r.login = q.value(1).toString();
    r.fullName = q.value(2).toString();
    Roles::fromId(q.value(3).toString(), &r.role);
    r.active = q.value(4).toInt() == 1;
    r.createdAt = fromDbTime(q.value(5).toString());
    return r;
}
} // namespace

Result<bool> Operators::any() {
    auto n = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM operators"));
    if (!n)
        return n.error();
    return n->toLongLong() > 0;
}

Status Operators::checkLoginAndPassword(const QString& login, const QString& fullName, const QString& password) {
    static const QRegularExpression loginRe(QStringLiteral("^[a-z][a-z0-9._-]{1,31}$"));
    if (!loginRe.match(login).hasMatch())
        return makeError(ErrorCode::Invalid, tr("A login is 2 to 32 characters: lowercase Latin letters, digits, dot, "
                                                "dash or underscore, starting with a letter."));
    if (fullName.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("The operator's full name is required."));
    if (password.size() < kMinPasswordLength)
        return makeError(ErrorCode::Invalid,
                         tr("The password must have at least %1 characters.").arg(kMinPasswordLength));
    if (password.compare(login, Qt::CaseInsensitive) == 0)
        return makeError(ErrorCode::Invalid, tr("The password must not be the login."));
    return {};
}

Result<qint64> Operators::insert(const QString& login, const QString& fullName, Role role, const QString& password) {
    auto exists = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM operators WHERE login = ?"), {login});
    if (!exists)
        return exists.error();
    if (exists->toInt() > 0)
        return makeError(ErrorCode::Conflict, tr("An operator with the login %1 already exists.").arg(login));
    const QString hash = pki::PasswordHash::hash(password);
    if (hash.isEmpty())
        return makeError(ErrorCode::Crypto, tr("The password could not be hashed."));
    auto q = m_reg.db().exec(QStringLiteral("INSERT INTO operators (login, full_name, role, password_hash, active, "
                                            "created_at) VALUES (?, ?, ?, ?, 1, ?)"),
                             {login, fullName.trimmed(), Roles::id(role), hash, toDbTime(m_reg.clock().now())});
    if (!q)
        return q.error();
    return q->lastInsertId().toLongLong();
}

Result<Session> Operators::createFirstAdministrator(const QString& login, const QString& fullName,
                                                    const QString& password) {
    if (Status s = checkLoginAndPassword(login, fullName, password); !s)
        return s.error();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto has = any();
    if (!has)
        return has.error();
    if (*has)
        return makeError(ErrorCode::Forbidden,
                         tr("The register already has operators; an administrator must add new accounts."));
    auto id = insert(login, fullName, Role::Administrator, password);
    if (!id)
        return id.error();
    auto ev = m_reg.audit().append(login, login, QStringLiteral("operator.first_administrator"),
                                   {{QStringLiteral("login"), login}, {QStringLiteral("full_name"), fullName}});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return Session{*id, login, fullName.trimmed(), Role::Administrator};
}

Result<Session> Operators::signIn(const QString& login, const QString& password) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT id, full_name, role, password_hash, active FROM operators WHERE login = ?"), {login});
    if (!q)
        return q.error();
    const Error refused = makeError(ErrorCode::Forbidden, tr("Wrong login or password."));
    if (!q->next()) {
        pki::PasswordHash::verify(password, QString()); // same answer, same effort for unknown logins
        return refused;
    }
    Session s;
    s.operatorId = q->value(0).toLongLong();
    s.login = login;
    s.fullName = q->value(1).toString();
    Roles::fromId(q->value(2).toString(), &s.role);
    const QString hash = q->value(3).toString();
    const bool active = q->value(4).toInt() == 1;
    if (!pki::PasswordHash::verify(password, hash))
        return refused;
    if (!active)
        return makeError(ErrorCode::Forbidden, tr("The account %1 is disabled.").arg(login));
    return s;
}

Result<qint64> Operators::add(const Session& by, const QString& login, const QString& fullName, Role role,
                              const QString& password) {
    if (Status s = Roles::require(by, Permission::ManageOperators); !s)
        return s.error();
    if (Status s = checkLoginAndPassword(login, fullName, password); !s)
        return s.error();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto id = insert(login, fullName, role, password);
    if (!id)
        return id;
    auto ev = m_reg.audit().append(by.login, login, QStringLiteral("operator.added"),
                                   {{QStringLiteral("login"), login},
                                    {QStringLiteral("full_name"), fullName.trimmed()},
                                    {QStringLiteral("role"), Roles::id(role)}});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return id;
}

Status Operators::disable(const Session& by, const QString& login) {
    if (Status s = Roles::require(by, Permission::ManageOperators); !s)
        return s;
    if (login == by.login)
        return makeError(ErrorCode::Conflict, tr("You cannot disable your own account."));
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto q = m_reg.db().exec(QStringLiteral("SELECT role, active FROM operators WHERE login = ?"), {login});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no operator with the login %1.").arg(login));
    if (q->value(1).toInt() == 0)
        return makeError(ErrorCode::Conflict, tr("The account %1 is already disabled.").arg(login));
    auto up = m_reg.db().exec(QStringLiteral("UPDATE operators SET active = 0, disabled_at = ? WHERE login = ?"),
                              {toDbTime(m_reg.clock().now()), login});
    if (!up)
        return up.error();
    auto ev =
        m_reg.audit().append(by.login, login, QStringLiteral("operator.disabled"), {{QStringLiteral("login"), login}});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Status Operators::changePassword(const Session& by, const QString& login, const QString& newPassword) {
    if (login != by.login) {
        if (Status s = Roles::require(by, Permission::ManageOperators); !s)
            return s;
    }
    auto rec = m_reg.db().scalar(QStringLiteral("SELECT full_name FROM operators WHERE login = ?"), {login});
    if (!rec)
        return rec.error();
    if (!rec->isValid())
        return makeError(ErrorCode::NotFound, tr("There is no operator with the login %1.").arg(login));
    if (Status s = checkLoginAndPassword(login, rec->toString(), newPassword); !s)
        return s;
    const QString hash = pki::PasswordHash::hash(newPassword);
    if (hash.isEmpty())
        return makeError(ErrorCode::Crypto, tr("The password could not be hashed."));
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto up = m_reg.db().exec(QStringLiteral("UPDATE operators SET password_hash = ? WHERE login = ?"), {hash, login});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, login, QStringLiteral("operator.password_changed"),
                                   {{QStringLiteral("login"), login}});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Result<QList<OperatorRecord>> Operators::list(const Session& by) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT id, login, full_name, role, active, created_at FROM operators ORDER BY login"));
    if (!q)
        return q.error();
    QList<OperatorRecord> out;
    while (q->next()) {
        out.append(recordFrom(*q));
    }
    return out;
}

Result<OperatorRecord> Operators::find(qint64 id) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT id, login, full_name, role, active, created_at FROM operators WHERE id = ?"), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no operator number %1.").arg(id));
    return recordFrom(*q);
}

} // namespace tirkeu::registry
