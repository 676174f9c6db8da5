#include "registry/Database.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>

namespace tirkeu::registry {

namespace {
QAtomicInt g_connectionCounter;
constexpr int kBusyTimeoutMs = 15000;
} // namespace

QString Database::defaultLocation() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("register.sqlite"));
}

Result<std::unique_ptr<Database>> Database::open(const QString& location) {
    QString path = location;
    if (location.startsWith(u"postgres://") || location.startsWith(u"postgresql://"))
        return makeError(
            ErrorCode::Database,
            tr("PostgreSQL registers are not supported by this version of Tirkeu yet; use a SQLite file."));
    if (path.startsWith(u"sqlite:"))
        path = path.mid(7);
    if (path.isEmpty())
        return makeError(ErrorCode::Usage, tr("No register location given."));

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(ErrorCode::Io, tr("Cannot create the folder %1.").arg(info.absolutePath()));

    std::unique_ptr<Database> db(new Database);
    db->m_location = info.absoluteFilePath();
    db->m_engine = Engine::Sqlite;
    db->m_connection = QStringLiteral("tirkeu-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    QSqlDatabase handle = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_connection);
    handle.setDatabaseName(db->m_location);
    handle.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!handle.open())
        return db->error(handle.lastError(), tr("Cannot open the register %1").arg(db->m_location));

    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
        auto q = db->exec(QString::fromLatin1(pragma));
        if (!q)
            return q.error();
    }
    auto q = db->exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs));
    if (!q)
        return q.error();
    return db;
}

Database::~Database() {
    if (m_inTransaction)
        rollback();
    {
        QSqlDatabase handle = QSqlDatabase::database(m_connection, false);
        if (handle.isValid())
            handle.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Error Database::error(const QSqlError& e, const QString& context) const {
    QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return makeError(ErrorCode::Database, tr("%1: %2").arg(context, text));
}

Result<QSqlQuery> Database::exec(const QString& sql, const QVariantList& binds) {
    QSqlQuery q(handle());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return error(q.lastError(), tr("Register query failed"));
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return error(q.lastError(), tr("Register query failed"));
    return q;
}

Result<QVariant> Database::scalar(const QString& sql, const QVariantList& binds) {
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    if (!q->next())
        return QVariant();
    return q->value(0);
}

Status Database::execScript(const QString& script) {
    const QStringList statements = script.split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
    for (const QString& raw : statements) {
        const QString sql = raw.trimmed();
        if (sql.isEmpty())
            continue;
        QSqlQuery q(handle());
        if (!q.exec(sql))
            return error(q.lastError(), tr("Register schema statement failed"));
    }
    return {};
}

Status Database::begin() {
    if (m_inTransaction)
        return makeError(ErrorCode::Database, tr("A register transaction is already open."));
    const QString sql = m_engine == Engine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    // The busy timeout already waits; a few retries cover writers that hold the lock longer.
    for (int attempt = 0;; ++attempt) {
        QSqlQuery q(handle());
        if (q.exec(sql)) {
            m_inTransaction = true;
            return {};
        }
        const bool busy = q.lastError().nativeErrorCode() == u"5" || q.lastError().databaseText().contains(u"locked");
        if (!busy || attempt >= 8)
            return error(q.lastError(), tr("Cannot start a register transaction"));
        QThread::msleep(50u << std::min(attempt, 5));
    }
}

Status Database::commit() {
    if (!m_inTransaction)
        return makeError(ErrorCode::Database, tr("No register transaction is open."));
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("COMMIT")))
        return error(q.lastError(), tr("Cannot commit the register transaction"));
    m_inTransaction = false;
    return {};
}

void Database::rollback() {
    if (!m_inTransaction)
        return;
    QSqlQuery q(handle());
    q.exec(QStringLiteral("ROLLBACK"));
    m_inTransaction = false;
}

} // namespace tirkeu::registry
