// The PostgreSQL side of Database: connecting through the QPSQL driver and serialising writers.
#include "registry/Database.h"

#include "registry/Clock.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

#include <limits>

namespace tirkeu::registry {

namespace {
QAtomicInt g_pgConnectionCounter;
// Every write transaction takes this transaction-level advisory lock first ("TIRK"): writers run one
// after another as on SQLite (BEGIN IMMEDIATE), readers are never blocked.
constexpr qint64 kWriterLock = 0x5449524B;
// How long a writer waits for another workstation's transaction, as SQLite's busy timeout.
constexpr int kLockTimeoutMs = 15000;
} // namespace

Result<std::unique_ptr<Database>> Database::openPostgres(const QString& location) {
    const QUrl url(location, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return makeError(ErrorCode::Usage,
                         tr("The PostgreSQL address %1 is not valid; expected postgresql://user[:password]@host[:port]/"
                            "database.")
                             .arg(redactedLocation(location)));
    const QString dbName = url.path().mid(1);
    if (dbName.isEmpty() || dbName.contains(u'/'))
        return makeError(ErrorCode::Usage,
                         tr("The PostgreSQL address %1 names no database; expected postgresql://user@host[:port]/"
                            "database.")
                             .arg(redactedLocation(location)));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return makeError(ErrorCode::Database,
                         tr("The PostgreSQL driver of Qt (QPSQL) is not installed; install the package "
                            "libqt6sql6-psql."));

    std::unique_ptr<Database> db(new Database);
    db->m_engine = Engine::Postgres;
    db->m_location = redactedLocation(location);
    db->m_connection = QStringLiteral("tirkeu-pg-%1").arg(g_pgConnectionCounter.fetchAndAddRelaxed(1));
    QSqlDatabase handle = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), db->m_connection);
    handle.setHostName(url.host());
    handle.setPort(url.port(5432));
    handle.setDatabaseName(dbName);
    if (!url.userName().isEmpty())
        handle.setUserName(url.userName());
    if (!url.password().isEmpty())
        handle.setPassword(url.password());
    // libpq options from the query string (sslmode=require, connect_timeout=5, ...).
    QStringList options;
    bool timeout = false;
    for (const auto& item : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (item.first.contains(u';') || item.second.contains(u';'))
            return makeError(ErrorCode::Usage, tr("The PostgreSQL option %1 is not valid.").arg(item.first));
        options << item.first + u'=' + item.second;
        timeout = timeout || item.first == u"connect_timeout";
    }
    if (!timeout)
        options << QStringLiteral("connect_timeout=10");
    handle.setConnectOptions(options.join(u';'));
    if (!handle.open())
        return db->error(handle.lastError(), tr("Cannot open the register %1").arg(db->m_location));
    for (const QString& sql : {QStringLiteral("SET client_min_messages TO warning"),
                               QStringLiteral("SET lock_timeout = %1").arg(kLockTimeoutMs),
                               QStringLiteral("SET client_encoding TO 'UTF8'")}) {
        if (Status s = db->execRaw(sql, tr("Cannot open the register %1").arg(db->m_location)); !s)
            return s.error();
    }
    return db;
}

Status Database::beginPostgres() {
    // A writer that waited longer than lock_timeout gets 55P03; a few retries cover long transactions
    // of other workstations before the user is told the register is busy.
    for (int attempt = 0;; ++attempt) {
        if (Status s = execRaw(QStringLiteral("BEGIN"), tr("Cannot start a register transaction")); !s)
            return s;
        QSqlQuery q(handle());
        // The server's clock is read once the lock is held, in the same round trip.
        if (q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1), "
                                  "(extract(epoch FROM clock_timestamp()) * 1000)::bigint")
                       .arg(kWriterLock))) {
            const QDateTime here = QDateTime::currentDateTimeUtc();
            const QDateTime server =
                q.next() ? QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC) : QDateTime();
            q.finish();
            if (Status s = clockAgreesWithServer(here, server); !s) {
                QSqlQuery(handle()).exec(QStringLiteral("ROLLBACK"));
                return s;
            }
            m_inTransaction = true;
            return {};
        }
        const QSqlError e = q.lastError();
        QSqlQuery(handle()).exec(QStringLiteral("ROLLBACK"));
        if (!isTransient(e) || attempt >= 3) {
            m_lastFailureTransient = isTransient(e);
            if (m_lastFailureTransient)
                return makeError(ErrorCode::Busy, tr("The register is busy with other workstations' changes; "
                                                     "try again in a moment."));
            return error(e, tr("Cannot start a register transaction"));
        }
    }
}

Status Database::clockAgreesWithServer(const QDateTime& here, const QDateTime& server) {
    if (!server.isValid())
        return makeError(ErrorCode::Database, tr("Cannot read the database server's clock; nothing is recorded."));
    const qint64 apartMs = qAbs(here.msecsTo(server));
    if (apartMs <= qint64(kMaxClockSkewMinutes) * 60 * 1000)
        return {};
    const qint64 minutes = apartMs / 60000;
    return makeError(ErrorCode::Database,
                     tr("This computer's clock reads %1 and the database server's %2: %n minute(s) apart, more than "
                        "the %3 the register allows. Events recorded from here would be misdated, so nothing is "
                        "recorded. Set the clock right (this computer's, or the server's if every workstation "
                        "is refused).",
                        nullptr, int(qMin<qint64>(minutes, std::numeric_limits<int>::max())))
                         .arg(displayDateTime(here, true), displayDateTime(server, true))
                         .arg(kMaxClockSkewMinutes));
}

} // namespace tirkeu::registry
