#include "registry/Operators.h"
#include "forms/Validation.h"

#include "pki/KdfPolicy.h"
#include "pki/PasswordHash.h"
#include "registry/Database.h"
#include "registry/Register.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>

namespace tirkeu::registry {

namespace {

// Whether `login` is an active administrator and no other active administrator can sign in (none, or every other one
// locked). The last administrator who can still sign in is never locked, and a lock written on them before does not
// stand (attack of session 33, C3: anyone who could try a sign-in locked the only administrator for good — no one was
// left to unlock, to add operators or to change the CA's settings): the doubling wait still limits the guesses to a
// few a day, and every one is in the event log.
Result<bool> lastAdministrator(Database& db, const QString& login) {
    auto n = db.scalar(
        QStringLiteral("SELECT count(*) FROM operators o WHERE o.login = ? AND o.role = 'administrator' AND o.active = "
                       "1 AND NOT EXISTS (SELECT 1 FROM operators a WHERE a.login <> o.login AND a.role = "
                       "'administrator' AND a.active = 1 AND NOT EXISTS (SELECT 1 FROM signin_failures f WHERE "
                       "f.login = a.login AND f.locked_at IS NOT NULL))"),
        {login});
    if (!n)
        return n.error();
    return n->toInt() > 0;
}
// Columns: id, login, full_name, role, active, created_at, failures, locked_at.
const char kRecordColumns[] = "SELECT o.id, o.login, o.full_name, o.role, o.active, o.created_at, "
                              "coalesce(f.failures, 0), f.locked_at FROM operators o "
                              "LEFT JOIN signin_failures f ON f.login = o.login ";

OperatorRecord recordFrom(const QSqlQuery& q) {
    OperatorRecord r;
    r.id = q.value(0).toLongLong();
    r.login = q.value(1).toString();
    r.fullName = q.value(2).toString();
    Roles::fromId(q.value(3).toString(), &r.role);
    r.active = q.value(4).toInt() == 1;
    r.createdAt = fromDbTime(q.value(5).toString());
    r.failedSignIns = q.value(6).toInt();
    r.locked = !q.value(7).isNull() && !q.value(7).toString().isEmpty();
    return r;
}

// Checked instead of a stored hash when the login does not exist: the same scrypt cost (the current
// password policy, pki/KdfPolicy.h), a hash no password derives to.
QString unknownLoginHash() {
    const pki::ScryptCost cost = pki::KdfPolicy::passwordCost();
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(cost.log2N)
        .arg(cost.r)
        .arg(cost.p)
        .arg(QStringLiteral("dGlya2V1LXVua25vd24tbA=="), QString::fromLatin1(QByteArray(32, '\0').toBase64()));
}

const QString kMaxFailuresKey = QStringLiteral("signin_max_failures");

// The rule every login is created under (checkLoginAndPassword).
const QRegularExpression& loginRule() {
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9._-]{1,31}$"));
    return re;
}

// Operator and subject of the event of a sign-in with a login no account can have (attack of session 26,
// F6): the text typed is never recorded, only its SHA-256 and length.
const QString kImpossibleLogin = QStringLiteral("(invalid login)");
} // namespace

int Operators::delaySeconds(int failures) {
    return failures <= 0 ? 0 : 1 << std::min(failures - 1, 8);
}

Result<int> Operators::maxFailures() {
    auto v = m_reg.db().scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {kMaxFailuresKey});
    if (!v)
        return v.error();
    bool ok = false;
    const int n = v->toString().toInt(&ok);
    return ok && n > 0 ? n : kDefaultMaxFailures;
}

Status Operators::setMaxFailures(const Session& by, int failures) {
    if (Status s = Roles::require(by, Permission::ManageOperators); !s)
        return s;
    if (failures < 3 || failures > 100)
        return makeError(ErrorCode::Invalid, tr("A login is locked after 3 to 100 failed sign-ins."));
    return m_reg.db().transact([&]() -> Status {
        auto previous = maxFailures();
        if (!previous)
            return previous.error();
        auto up = m_reg.db().exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = ?"),
                                  {QString::number(failures), kMaxFailuresKey});
        if (!up)
            return up.error();
        if (up->numRowsAffected() == 0) {
            auto ins = m_reg.db().exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                                       {kMaxFailuresKey, QString::number(failures)});
            if (!ins)
                return ins.error();
        }
        auto ev = m_reg.audit().append(
            by.login, by.login, QStringLiteral("operator.signin_policy_changed"),
            {{QStringLiteral("max_failures"), failures}, {QStringLiteral("previous_max_failures"), *previous}});
        return ev ? Status() : Status(ev.error());
    });
}

Status Operators::countFailure(const QString& login, const QString& why, FailureCount* count) {
    const QString now = toDbTime(m_reg.clock().now());
    auto up = m_reg.db().exec(
        QStringLiteral("UPDATE signin_failures SET failures = failures + 1, last_failure_at = ? WHERE login = ?"),
        {now, login});
    if (!up)
        return up.error();
    if (up->numRowsAffected() == 0) {
        auto ins = m_reg.db().exec(
            QStringLiteral("INSERT INTO signin_failures (login, failures, last_failure_at) VALUES (?, 1, ?)"),
            {login, now});
        if (!ins)
            return ins.error();
    }
    auto st =
        m_reg.db().exec(QStringLiteral("SELECT failures, locked_at FROM signin_failures WHERE login = ?"), {login});
    if (!st)
        return st.error();
    if (!st->next())
        return makeError(ErrorCode::Database, tr("The failed sign-in could not be counted."));
    count->failures = st->value(0).toInt();
    const QVariant lockedAt = st->value(1);
    st->finish();
    // A lock no event explains is not one: the limit reached now locks, with its event.
    auto alreadyLocked = lockStands(login, lockedAt);
    if (!alreadyLocked)
        return alreadyLocked.error();
    auto max = maxFailures();
    if (!max)
        return max.error();
    auto ev = m_reg.audit().append(login, login, QStringLiteral("operator.signin_failed"),
                                   {{QStringLiteral("login"), login},
                                    {QStringLiteral("reason"), why},
                                    {QStringLiteral("failures"), count->failures}});
    if (!ev)
        return ev.error();
    auto last = lastAdministrator(m_reg.db(), login);
    if (!last)
        return last.error();
    if (count->failures >= *max && !*alreadyLocked && !*last) {
        auto lock =
            m_reg.db().exec(QStringLiteral("UPDATE signin_failures SET locked_at = ? WHERE login = ?"), {now, login});
        if (!lock)
            return lock.error();
        auto locked =
            m_reg.audit().append(login, login, QStringLiteral("operator.locked"),
                                 {{QStringLiteral("login"), login}, {QStringLiteral("failures"), count->failures}});
        if (!locked)
            return locked.error();
        count->lockedNow = true;
    }
    return {};
}

Result<qint64> Operators::forgetAllFailures() {
    auto del = m_reg.db().exec(QStringLiteral("DELETE FROM signin_failures"));
    if (!del)
        return del.error();
    return qint64(del->numRowsAffected());
}

Result<bool> Operators::lockStands(const QString& login, const QVariant& lockedAt) {
    if (lockedAt.isNull() || lockedAt.toString().isEmpty())
        return false;
    auto last = m_reg.db().scalar(QStringLiteral("SELECT event_type FROM audit_events WHERE subject = ? AND "
                                                 "event_type IN ('operator.locked', 'operator.unlocked') "
                                                 "ORDER BY seq DESC LIMIT 1"),
                                  {login});
    if (!last)
        return last.error();
    return last->toString() == QStringLiteral("operator.locked");
}

Status Operators::unlock(const Session& by, const QString& login) {
    if (Status s = Roles::require(by, Permission::ManageOperators); !s)
        return s;
    return m_reg.db().transact([&]() -> Status {
        auto st =
            m_reg.db().exec(QStringLiteral("SELECT failures, locked_at FROM signin_failures WHERE login = ?"), {login});
        if (!st)
            return st.error();
        if (!st->next())
            return makeError(ErrorCode::Conflict,
                             tr("The login %1 is not locked and has no failed sign-ins.").arg(login));
        const int failures = st->value(0).toInt();
        const bool wasLocked = !st->value(1).isNull() && !st->value(1).toString().isEmpty();
        st->finish();
        auto del = m_reg.db().exec(QStringLiteral("DELETE FROM signin_failures WHERE login = ?"), {login});
        if (!del)
            return del.error();
        auto ev = m_reg.audit().append(by.login, login, QStringLiteral("operator.unlocked"),
                                       {{QStringLiteral("login"), login},
                                        {QStringLiteral("failures"), failures},
                                        {QStringLiteral("was_locked"), wasLocked}});
        return ev ? Status() : Status(ev.error());
    });
}

Status Operators::checkActive(const Session& session) {
    auto q = m_reg.db().exec(QStringLiteral("SELECT active, role FROM operators WHERE id = ? AND login = ?"),
                             {session.operatorId, session.login});
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).toInt() != 1)
        return makeError(ErrorCode::Forbidden,
                         tr("The account %1 has been disabled; its session has ended.").arg(session.login));
    // A session carries the role it signed in with: after a role change it ends, so no one keeps the
    // permissions of a role taken away.
    if (q->value(1).toString() != Roles::id(session.role))
        return makeError(
            ErrorCode::Forbidden,
            tr("The role of the account %1 has changed; its session has ended. Sign in again.").arg(session.login));
    return {};
}

Result<bool> Operators::any() {
    auto n = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM operators"));
    if (!n)
        return n.error();
    return n->toLongLong() > 0;
}

Status Operators::checkLoginAndPassword(const QString& login, const QString& fullName, const QString& password) {
    if (!loginRule().match(login).hasMatch())
        return makeError(ErrorCode::Invalid, tr("A login is 2 to 32 characters: lowercase Latin letters, digits, dot, "
                                                "dash or underscore, starting with a letter."));
    if (fullName.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("The operator's full name is required."));
    if (const QString why = forms::Validator::forbiddenCharacterIn(fullName, tr("Full name")); !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    if (password.size() < kMinPasswordLength)
        return makeError(ErrorCode::Invalid,
                         tr("The password must have at least %1 characters.").arg(kMinPasswordLength));
    if (password.compare(login, Qt::CaseInsensitive) == 0)
        return makeError(ErrorCode::Invalid, tr("The password must not be the login."));
    // Nor one of the passwords tried first by anyone guessing (the lockout allows a few guesses; attack of session 32,
    // B26: "12345678" and "password" were accepted and the first guess signed in), nor a password of a few
    // characters repeated.
    static const QSet<QString> kCommon = {
        QStringLiteral("12345678"),   QStringLiteral("123456789"),   QStringLiteral("1234567890"),
        QStringLiteral("87654321"),   QStringLiteral("11111111"),    QStringLiteral("00000000"),
        QStringLiteral("12341234"),   QStringLiteral("11223344"),    QStringLiteral("password"),
        QStringLiteral("password1"),  QStringLiteral("password123"), QStringLiteral("passw0rd"),
        QStringLiteral("qwertyui"),   QStringLiteral("qwertyuiop"),  QStringLiteral("qwerty123"),
        QStringLiteral("asdfghjk"),   QStringLiteral("1q2w3e4r"),    QStringLiteral("1qaz2wsx"),
        QStringLiteral("zaq12wsx"),   QStringLiteral("iloveyou"),    QStringLiteral("sunshine"),
        QStringLiteral("princess"),   QStringLiteral("football"),    QStringLiteral("baseball"),
        QStringLiteral("welcome1"),   QStringLiteral("admin123"),    QStringLiteral("administrator"),
        QStringLiteral("letmein1"),   QStringLiteral("changeme"),    QStringLiteral("trustno1"),
        QStringLiteral("abc12345"),   QStringLiteral("abcd1234"),    QStringLiteral("qazwsxedc"),
        QStringLiteral("йцукенгш"),   QStringLiteral("пароль123"),   QStringLiteral("құпиясөз"),
        QStringLiteral("kazakhstan"), QStringLiteral("qazaqstan"),   QStringLiteral("astana2026"),
        QStringLiteral("almaty2026"), QStringLiteral("tirkeu123"),   QStringLiteral("tirkeu2026")};
    QSet<QChar> distinct;
    for (const QChar c : password)
        distinct.insert(c.toCaseFolded());
    if (kCommon.contains(password.toCaseFolded()) || distinct.size() < 4)
        return makeError(ErrorCode::Invalid, tr("This password is among the first ones anyone guessing would try; "
                                                "choose another (a phrase of several words is easy to remember)."));
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
                                   {{QStringLiteral("login"), login}, {QStringLiteral("full_name"), fullName}},
                                   {RowRef::row(QStringLiteral("operators"), *id)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return Session{*id, login, fullName.trimmed(), Role::Administrator};
}

Result<Session> Operators::signIn(const QString& login, const QString& password) {
    // A login no account can have (any length, any character: terminal escapes, 120,000 characters) is
    // refused at once, after the same scrypt cost, and recorded as a fixed placeholder with the SHA-256 and
    // length of what was typed — never the text, which the event log would keep and print (session 26, F6).
    // No count is kept for it: no account can be locked or delayed through it.
    if (!loginRule().match(login).hasMatch()) {
        (void)pki::PasswordHash::verify(password, unknownLoginHash());
        const QString digest =
            QString::fromLatin1(QCryptographicHash::hash(login.toUtf8(), QCryptographicHash::Sha256).toHex());
        (void)m_reg.db().transact([&]() -> Status {
            auto ev = m_reg.audit().append(kImpossibleLogin, kImpossibleLogin, QStringLiteral("operator.signin_failed"),
                                           {{QStringLiteral("reason"), QStringLiteral("impossible_login")},
                                            {QStringLiteral("login_sha256"), digest},
                                            {QStringLiteral("login_length"), qint64(login.size())}});
            return ev ? Status() : Status(ev.error());
        });
        return makeError(ErrorCode::Forbidden,
                         tr("Wrong login or password.") + u' ' +
                             tr("A login is 2 to 32 characters: lowercase Latin letters, digits, dot, dash or "
                                "underscore, starting with a letter."));
    }
    // The whole attempt — reading the count, the password check and counting a failure — runs in one
    // write transaction (attack of session 26, F2): write transactions are serialised on both engines
    // (SQLite BEGIN IMMEDIATE; PostgreSQL the writers' advisory lock), so an attempt started at the same
    // moment on another connection reads the count only once this one is counted. Attempts fired together
    // are therefore inside each other's delay and refused unchecked, at most the limit of passwords is
    // ever checked before the lock, and the lock read here cannot change before this attempt ends. The
    // lock is held for one scrypt check. A successful sign-in with nothing to clear writes nothing: its
    // transaction is rolled back, so a command that only reads still skips the damage check
    // (Database::beginCheckedAtCommit awaits it at the commit, i.e. only when something is recorded).
    Transaction tx(m_reg.db(), Transaction::CheckedAtCommit{});
    // A damaged register records nothing, but it is still read (to look, or to back up what is left): the
    // count is read as it stands, the password checked, and a failure answered as not recorded.
    if (!tx.ok() && m_reg.db().damage().isEmpty())
        return tx.status().error();
    const auto record = [&](const std::function<Status()>& work) -> Status {
        if (!tx.ok())
            return tx.status();
        if (Status w = work(); !w) {
            tx.fail(w.error());
            return w;
        }
        return tx.commit();
    };

    // Throttling first: a locked login, or one inside its delay, is refused without a password check.
    int failures = 0;
    QDateTime lastFailure;
    bool locked = false;
    {
        auto st = m_reg.db().exec(
            QStringLiteral("SELECT failures, last_failure_at, locked_at FROM signin_failures WHERE login = ?"),
            {login});
        if (!st)
            return st.error();
        if (st->next()) {
            failures = st->value(0).toInt();
            lastFailure = fromDbTime(st->value(1).toString());
            const QVariant lockedAt = st->value(2);
            st->finish();
            auto stands = lockStands(login, lockedAt);
            if (!stands)
                return stands.error();
            locked = *stands;
            if (locked) {
                auto last = lastAdministrator(m_reg.db(), login);
                if (!last)
                    return last.error();
                locked = !*last;
            }
        }
    }
    const auto logRefusal = [&](const QString& why) {
        (void)record([&]() -> Status {
            auto ev = m_reg.audit().append(login, login, QStringLiteral("operator.signin_failed"),
                                           {{QStringLiteral("login"), login},
                                            {QStringLiteral("reason"), why},
                                            {QStringLiteral("failures"), failures}});
            return ev ? Status() : Status(ev.error());
        });
    };
    // Counts a failure (and locks at the limit) with its events; the refusal to answer.
    const auto fail = [&](const QString& why, bool* lockedNow) -> Error {
        FailureCount count;
        const Status s = record([&]() { return countFailure(login, why, &count); });
        if (!s)
            return makeError(
                ErrorCode::Forbidden,
                tr("Wrong login or password (and the failure could not be recorded: %1).").arg(s.message()));
        *lockedNow = count.lockedNow;
        if (count.lockedNow)
            return makeError(ErrorCode::Forbidden, tr("Wrong login or password. After %1 failed sign-ins the login %2 "
                                                      "is locked; an administrator must unlock it.")
                                                       .arg(count.failures)
                                                       .arg(login));
        return makeError(ErrorCode::Forbidden, tr("Wrong login or password."));
    };
    if (locked) {
        logRefusal(QStringLiteral("locked"));
        return makeError(ErrorCode::Forbidden, tr("The login %1 is locked after too many failed sign-ins; an "
                                                  "administrator must unlock it (Settings → Operators → Unlock, or the "
                                                  "command operator unlock %1).")
                                                   .arg(login));
    }
    // A last failure later than now was recorded by no attempt (attempts record the time they ran): it makes
    // no one wait.
    if (failures > 0 && lastFailure.isValid() && lastFailure <= m_reg.clock().now()) {
        const qint64 wait = qint64(delaySeconds(failures)) - lastFailure.secsTo(m_reg.clock().now());
        if (wait > 0) {
            // An attempt inside the delay is refused unchecked but counted as a failure (attack F4): a
            // script firing guesses back to back is locked after as many attempts as a patient one,
            // and each such attempt doubles the delay.
            bool lockedNow = false;
            Error refused = fail(QStringLiteral("too_soon"), &lockedNow);
            if (lockedNow)
                return refused;
            return makeError(ErrorCode::Forbidden, tr("Too many failed sign-ins for %1: try again in %2 seconds.")
                                                       .arg(login)
                                                       .arg(delaySeconds(failures + 1)));
        }
    }

    Session s;
    QString hash;
    bool known = false;
    bool active = false;
    {
        auto q = m_reg.db().exec(
            QStringLiteral("SELECT id, full_name, role, password_hash, active FROM operators WHERE login = ?"),
            {login});
        if (!q)
            return q.error();
        if (q->next()) {
            known = true;
            s.operatorId = q->value(0).toLongLong();
            s.login = login;
            s.fullName = q->value(1).toString();
            Roles::fromId(q->value(2).toString(), &s.role);
            hash = q->value(3).toString();
            active = q->value(4).toInt() == 1;
        }
    }
    // An unknown login costs the same scrypt check and is counted the same way.
    const bool matches = pki::PasswordHash::verify(password, known ? hash : unknownLoginHash());
    if (!known || !matches) {
        bool lockedNow = false;
        return fail(known ? QStringLiteral("wrong_password") : QStringLiteral("unknown_login"), &lockedNow);
    }
    if (!active) {
        logRefusal(QStringLiteral("disabled"));
        return makeError(ErrorCode::Forbidden, tr("The account %1 is disabled.").arg(login));
    }
    if (failures > 0) {
        const Status cleared = record([&]() -> Status {
            auto del = m_reg.db().exec(QStringLiteral("DELETE FROM signin_failures WHERE login = ?"), {login});
            return del ? Status() : Status(del.error());
        });
        // On a damaged or moved register the operator signs in (to read) and the failures stay counted.
        if (!cleared && m_reg.db().damage().isEmpty() && m_reg.db().movedTo().isEmpty())
            return cleared.error();
    } else if (tx.ok() && tx.joined()) {
        (void)tx.commit(); // nothing written: the enclosing transaction decides
    }
    // (Otherwise the transaction, which wrote nothing, is rolled back as it ends.)
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
                                    {QStringLiteral("role"), Roles::id(role)}},
                                   {RowRef::row(QStringLiteral("operators"), *id)});
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
        m_reg.audit().append(by.login, login, QStringLiteral("operator.disabled"), {{QStringLiteral("login"), login}},
                             {RowRef::rowsWhere(QStringLiteral("operators"), QStringLiteral("login"), login)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Status Operators::setRole(const Session& by, const QString& login, Role role) {
    if (Status s = Roles::require(by, Permission::ManageOperators); !s)
        return s;
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto q = m_reg.db().exec(QStringLiteral("SELECT id, role, active FROM operators WHERE login = ?"), {login});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no operator with the login %1.").arg(login));
    const qint64 id = q->value(0).toLongLong();
    Role old = Role::Auditor;
    Roles::fromId(q->value(1).toString(), &old);
    if (q->value(2).toInt() == 0)
        return makeError(ErrorCode::Conflict, tr("The account %1 is disabled; its role cannot be changed.").arg(login));
    if (old == role)
        return makeError(ErrorCode::Conflict,
                         tr("The account %1 already has the role %2.").arg(login, Roles::displayName(role)));
    if (old == Role::Administrator) {
        auto admins = m_reg.db().scalar(
            QStringLiteral("SELECT COUNT(*) FROM operators WHERE role = ? AND active = 1 AND login <> ?"),
            {Roles::id(Role::Administrator), login});
        if (!admins)
            return admins.error();
        if (admins->toLongLong() == 0)
            return makeError(ErrorCode::Conflict,
                             tr("%1 is the last active administrator; make another operator an administrator "
                                "first.")
                                 .arg(login));
    }
    auto up = m_reg.db().exec(QStringLiteral("UPDATE operators SET role = ? WHERE id = ?"), {Roles::id(role), id});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, login, QStringLiteral("operator.role_changed"),
                                   {{QStringLiteral("login"), login},
                                    {QStringLiteral("from"), Roles::id(old)},
                                    {QStringLiteral("to"), Roles::id(role)}},
                                   {RowRef::row(QStringLiteral("operators"), id)});
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
                                   {{QStringLiteral("login"), login}},
                                   {RowRef::rowsWhere(QStringLiteral("operators"), QStringLiteral("login"), login)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Result<QList<OperatorRecord>> Operators::list(const Session& by) {
    // The accounts, with failed sign-ins and locks: for those who oversee them (the event log's readers:
    // officers, auditors, administrators), not for the counter.
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    auto q = m_reg.db().exec(QString::fromLatin1(kRecordColumns) + QStringLiteral("ORDER BY o.login"));
    if (!q)
        return q.error();
    QList<OperatorRecord> out;
    while (q->next()) {
        out.append(recordFrom(*q));
    }
    return out;
}

Result<OperatorRecord> Operators::find(qint64 id) {
    auto q = m_reg.db().exec(QString::fromLatin1(kRecordColumns) + QStringLiteral("WHERE o.id = ?"), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no operator number %1.").arg(id));
    return recordFrom(*q);
}

} // namespace tirkeu::registry
