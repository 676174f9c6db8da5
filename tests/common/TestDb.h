#pragma once
// Which engine the registry and CLI tests run on. By default each test uses a SQLite file in its
// temporary directory. Under tests/pg/pg_server.sh (ctest registers every registry and CLI test a
// second time as <name>.pg) TIRKEU_TEST_DB=postgresql and TIRKEU_TEST_PG is the superuser address of
// a throw-away server: each register is then a new database on it, created here and dropped after.

#include "registry/Database.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QUrl>
#include <QUuid>

namespace tirkeu::test {

inline bool onPostgres() {
    return qEnvironmentVariable("TIRKEU_TEST_DB") == u"postgresql";
}

// The address of database `name` on the test server.
inline QString pgUrl(const QString& name) {
    QUrl url(qEnvironmentVariable("TIRKEU_TEST_PG"));
    url.setPath(u'/' + name);
    return url.toString();
}

inline QString pgDatabaseName(const QString& url) {
    return QUrl(url).path().mid(1);
}

// Runs a statement on the server's maintenance database (CREATE/DROP DATABASE cannot run elsewhere).
inline Status pgAdmin(const QString& sql) {
    auto admin = registry::Database::open(qEnvironmentVariable("TIRKEU_TEST_PG"));
    if (!admin)
        return admin.error();
    return (*admin)->execScript(sql); // not preparable: run as plain statements
}

// A new, empty database (a copy of `templateUrl`'s database when given; that one must be closed).
inline Result<QString> createPgDatabase(const QString& templateUrl = {}) {
    static QAtomicInt counter;
    const QString name = QStringLiteral("t_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(counter.fetchAndAddRelaxed(1))
                             .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    // FILE_COPY: a register of the fixtures is copied in about 15 ms, against 85 ms with PostgreSQL 15's
    // default (WAL_LOG: every page through the buffer cache and the WAL); the test server runs with
    // fsync=off, so the checkpoints FILE_COPY asks for are cheap.
    QString sql = QStringLiteral("CREATE DATABASE %1").arg(name);
    if (!templateUrl.isEmpty())
        sql += QStringLiteral(" TEMPLATE %1").arg(pgDatabaseName(templateUrl));
    sql += QStringLiteral(" STRATEGY FILE_COPY");
    if (Status s = pgAdmin(sql); !s)
        return s.error();
    return pgUrl(name);
}

inline void dropPgDatabase(const QString& url) {
    if (!url.isEmpty())
        (void)pgAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(pgDatabaseName(url)));
}

// Where a test's register lives: `dir/fileName` on SQLite, a new empty database on PostgreSQL.
inline QString newRegisterLocation(const QDir& dir, const QString& fileName) {
    if (!onPostgres())
        return dir.filePath(fileName);
    auto url = createPgDatabase();
    if (!url) {
        qWarning("cannot create a test database: %s", qPrintable(url.message()));
        return QString();
    }
    return *url;
}

// SQL that removes a protection trigger, as an attacker with direct database access would.
inline QString dropTriggerSql(const registry::Database& db, const QString& trigger, const QString& table) {
    if (db.engine() == registry::Engine::Postgres)
        return QStringLiteral("DROP TRIGGER %1 ON %2").arg(trigger, table);
    return QStringLiteral("DROP TRIGGER %1").arg(trigger);
}

} // namespace tirkeu::test
