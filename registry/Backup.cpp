#include "registry/Backup.h"

#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <functional>

namespace tirkeu::registry {

namespace {

// Tables a new register already fills (migration seed rows); everything else starts empty.
const QStringList& seedTables() {
    static const QStringList t = {QStringLiteral("meta"), QStringLiteral("schema_migrations"),
                                  QStringLiteral("retention_policies"), QStringLiteral("maintenance")};
    return t;
}

QString quoted(const QString& identifier) {
    return u'"' + QString(identifier).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

sqlite3* nativeSqlite(const Database& db) {
    const QVariant v = db.handle().driver()->handle();
    if (qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.data());
}

// The whole `src` database into `dst` with SQLite's online backup API, in one step (a consistent
// snapshot; in WAL mode other writers are not blocked meanwhile).
Status sqliteCopy(sqlite3* src, sqlite3* dst) {
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return makeError(ErrorCode::Database,
                         Backup::tr("Cannot start the copy: %1").arg(QString::fromUtf8(sqlite3_errmsg(dst))));
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 300; ++attempt) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return makeError(rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ErrorCode::Busy : ErrorCode::Database,
                         Backup::tr("The copy failed: %1").arg(QString::fromUtf8(sqlite3_errstr(rc))));
    return {};
}

QString findTool(const QString& name) {
    QString path = QStandardPaths::findExecutable(name);
    if (!path.isEmpty())
        return path;
    // Debian installs the versioned tools outside PATH; take the newest.
    QDir dir(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions) {
        const QString candidate = dir.filePath(v + QStringLiteral("/bin/") + name);
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return {};
}

QStringList pgConnectionArgs(const Database& db) {
    const QSqlDatabase h = db.handle();
    QStringList args{QStringLiteral("--host"), h.hostName(), QStringLiteral("--port"), QString::number(h.port())};
    if (!h.userName().isEmpty())
        args << QStringLiteral("--username") << h.userName();
    return args;
}

Status runPgTool(const Database& db, const QString& tool, const QStringList& args) {
    const QString exe = findTool(tool);
    if (exe.isEmpty())
        return makeError(ErrorCode::NotFound,
                         Backup::tr("%1 is not installed (Debian package postgresql-client).").arg(tool));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!db.handle().password().isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), db.handle().password());
    p.setProcessEnvironment(env);
    p.setProgram(exe);
    p.setArguments(args);
    p.start();
    if (!p.waitForStarted(30000))
        return makeError(ErrorCode::Io, Backup::tr("Cannot start %1.").arg(exe));
    p.waitForFinished(-1);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return makeError(ErrorCode::Database,
                         Backup::tr("%1 failed: %2").arg(tool, QString::fromUtf8(p.readAllStandardError()).trimmed()));
    return {};
}

Result<QMap<QString, qint64>> rowCounts(Database& db, const QStringList& tables) {
    QMap<QString, qint64> out;
    for (const QString& t : tables) {
        auto n = db.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(quoted(t)));
        if (!n)
            return n.error();
        out.insert(t, n->toLongLong());
    }
    return out;
}

// Counts equal to `expected` and an intact audit chain in `db`.
Status verifyCopy(Database& db, const QMap<QString, qint64>& expected, CopyReport* report) {
    auto counts = rowCounts(db, expected.keys());
    if (!counts)
        return counts.error();
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        if (counts->value(it.key()) != it.value())
            return makeError(ErrorCode::Integrity, Backup::tr("The copy of table %1 has %2 rows instead of %3.")
                                                       .arg(it.key())
                                                       .arg(counts->value(it.key()))
                                                       .arg(it.value()));
    report->rows = *counts;
    SystemClock clock;
    AuditLog audit(db, clock);
    auto verified = audit.verify();
    if (!verified)
        return verified.error();
    if (!verified->ok)
        return makeError(ErrorCode::Integrity,
                         Backup::tr("The audit chain of the copy is broken: %1").arg(verified->problem));
    report->auditEvents = verified->eventsChecked;
    return {};
}

Result<QStringList> migrationVersions(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!q)
        return q.error();
    QStringList out;
    while (q->next())
        out << q->value(0).toString();
    return out;
}

Status copyTable(Database& from, Database& to, const QString& table, qint64* rows) {
    auto src = from.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1").arg(quoted(table)));
    if (!src)
        return src.error();
    const QSqlRecord rec = src->record();
    QStringList columns, marks;
    for (int i = 0; i < rec.count(); ++i) {
        columns << quoted(rec.fieldName(i));
        marks << QStringLiteral("?");
    }
    QSqlQuery ins(to.handle());
    if (!ins.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                         .arg(quoted(table), columns.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")))))
        return to.error(ins.lastError(), Backup::tr("Copying table %1 failed").arg(table));
    qint64 n = 0;
    while (src->next()) {
        for (int i = 0; i < rec.count(); ++i)
            ins.bindValue(i, src->value(i));
        if (!ins.exec())
            return to.error(ins.lastError(), Backup::tr("Copying table %1 failed at row %2").arg(table).arg(n + 1));
        ++n;
    }
    *rows = n;
    return {};
}

// After rows were copied with their ids, identity columns continue after the highest id.
Status resetIdentities(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT table_name, column_name FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND is_identity = 'YES'"));
    if (!q)
        return q.error();
    QList<QPair<QString, QString>> columns;
    while (q->next())
        columns.append({q->value(0).toString(), q->value(1).toString()});
    for (const auto& [table, column] : columns) {
        auto s = db.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence(?, ?), "
                                        "coalesce((SELECT max(%2) FROM %1), 0) + 1, false)")
                             .arg(quoted(table), quoted(column)),
                         {table, column});
        if (!s)
            return s.error();
    }
    return {};
}

Result<QByteArray> fileMagic(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    return f.read(16);
}

} // namespace

Result<QStringList> Backup::tablesInDependencyOrder(Database& db) {
    auto tables = db.schemaObjects(QStringLiteral("table"));
    if (!tables)
        return tables.error();
    QStringList order;
    QSet<QString> visiting;
    std::function<Status(const QString&)> visit = [&](const QString& t) -> Status {
        if (order.contains(t))
            return {};
        if (visiting.contains(t))
            return makeError(ErrorCode::Database, tr("The tables %1 reference each other in a cycle.").arg(t));
        visiting.insert(t);
        auto parents = db.referencedTables(t);
        if (!parents)
            return parents.error();
        for (const QString& p : *parents)
            if (Status s = visit(p); !s)
                return s;
        visiting.remove(t);
        order << t;
        return {};
    };
    for (const QString& t : *tables)
        if (Status s = visit(t); !s)
            return s.error();
    return order;
}

Result<bool> Backup::isEmptyRegister(Database& db) {
    auto version = Schema::currentVersion(db);
    if (!version)
        return version.error();
    if (*version == 0) {
        auto tables = db.schemaObjects(QStringLiteral("table"));
        if (!tables)
            return tables.error();
        return tables->isEmpty();
    }
    auto tables = db.schemaObjects(QStringLiteral("table"));
    if (!tables)
        return tables.error();
    for (const QString& t : *tables) {
        if (seedTables().contains(t))
            continue;
        auto n = db.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(quoted(t)));
        if (!n)
            return n.error();
        if (n->toLongLong() > 0)
            return false;
    }
    auto meta = db.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key NOT IN ('register_id', 'created_at')"));
    if (!meta)
        return meta.error();
    return meta->toLongLong() == 0;
}

QString Backup::pgDumpCommand(const Database& db, const QString& outFile) {
    QStringList parts{QStringLiteral("pg_dump"), QStringLiteral("--format=custom"), QStringLiteral("--no-owner"),
                      QStringLiteral("--file"), outFile};
    parts << pgConnectionArgs(db) << db.handle().databaseName();
    for (QString& p : parts)
        if (p.contains(u' '))
            p = u'\'' + p + u'\'';
    return parts.join(u' ');
}

Result<BackupReport> Backup::backup(Database& db, const QString& outFile) {
    if (outFile.isEmpty())
        return makeError(ErrorCode::Usage, tr("No backup file given."));
    const QFileInfo out(outFile);
    if (out.exists())
        return makeError(ErrorCode::Conflict, tr("%1 already exists; a backup never overwrites a file.").arg(outFile));
    if (!out.absoluteDir().exists())
        return makeError(ErrorCode::Io, tr("The folder %1 does not exist.").arg(out.absolutePath()));
    if (Status s = Schema::checkCompatible(db); !s)
        return s.error();

    BackupReport report;
    report.file = out.absoluteFilePath();
    const QString part = report.file + QStringLiteral(".part");
    QFile::remove(part);
    if (db.engine() == Engine::Postgres) {
        report.method = QStringLiteral("pg_dump");
        report.command = pgDumpCommand(db, report.file);
        if (findTool(QStringLiteral("pg_dump")).isEmpty())
            return makeError(ErrorCode::NotFound,
                             tr("pg_dump is not installed on this computer (Debian package postgresql-client). "
                                "Back up the PostgreSQL register with: %1")
                                 .arg(report.command));
        QStringList args{QStringLiteral("--format=custom"), QStringLiteral("--no-owner"), QStringLiteral("--file"),
                         part};
        args << pgConnectionArgs(db) << db.handle().databaseName();
        if (Status s = runPgTool(db, QStringLiteral("pg_dump"), args); !s) {
            QFile::remove(part);
            return s.error();
        }
    } else {
        report.method = QStringLiteral("sqlite-online-backup");
        sqlite3* src = nativeSqlite(db);
        sqlite3* dst = nullptr;
        if (!src || sqlite3_open_v2(QFile::encodeName(part).constData(), &dst,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            sqlite3_close(dst);
            return makeError(ErrorCode::Io, tr("Cannot create %1.").arg(part));
        }
        Status copied = sqliteCopy(src, dst);
        if (copied) {
            // The copy must read back whole before it replaces anything.
            sqlite3_stmt* st = nullptr;
            QString check;
            if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW)
                check = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            sqlite3_finalize(st);
            if (check != u"ok")
                copied =
                    makeError(ErrorCode::Integrity, tr("The backup copy failed its integrity check: %1").arg(check));
        }
        sqlite3_close(dst);
        if (!copied) {
            QFile::remove(part);
            return copied.error();
        }
    }
    if (!QFile::rename(part, report.file)) {
        QFile::remove(part);
        return makeError(ErrorCode::Io, tr("Cannot write %1.").arg(report.file));
    }
    report.bytes = QFileInfo(report.file).size();
    return report;
}

Result<CopyReport> Backup::migrate(Database& from, Database& to) {
    if (&from == &to || (from.engine() == to.engine() && from.location() == to.location()))
        return makeError(ErrorCode::Usage, tr("The source and the target are the same register."));
    if (Status s = Schema::checkCompatible(from); !s)
        return s.error();
    if (Status s = Schema::migrate(to); !s)
        return s.error();
    auto empty = isEmptyRegister(to);
    if (!empty)
        return empty.error();
    if (!*empty)
        return makeError(
            ErrorCode::Conflict,
            tr("The target register %1 is not empty; a register is moved only into an empty one.").arg(to.location()));
    auto vFrom = migrationVersions(from);
    auto vTo = migrationVersions(to);
    if (!vFrom || !vTo)
        return (!vFrom ? vFrom : vTo).error();
    if (*vFrom != *vTo)
        return makeError(ErrorCode::Conflict, tr("The source and the target have different schema migrations."));
    auto tables = tablesInDependencyOrder(from);
    if (!tables)
        return tables.error();
    auto targetTables = to.schemaObjects(QStringLiteral("table"));
    if (!targetTables)
        return targetTables.error();
    for (const QString& t : *tables)
        if (!targetTables->contains(t))
            return makeError(ErrorCode::Conflict, tr("The target register has no table %1.").arg(t));

    // The source stays still while it is copied: its writer lock is held until the copy is verified.
    Transaction source(from);
    if (!source.ok())
        return source.status().error();
    auto expected = rowCounts(from, *tables);
    if (!expected)
        return expected.error();

    CopyReport report;
    report.method = QStringLiteral("table-copy");
    {
        Transaction tx(to);
        if (!tx.ok())
            return tx.status().error();
        if (Status s =
                to.execScript(to.engine() == Engine::Postgres ? QStringLiteral("SET CONSTRAINTS ALL DEFERRED")
                                                              : QStringLiteral("PRAGMA defer_foreign_keys = ON"));
            !s)
            return s.error();
        for (const QString& t : seedTables()) {
            if (t == u"schema_migrations")
                continue;
            auto del = to.exec(QStringLiteral("DELETE FROM %1").arg(quoted(t)));
            if (!del)
                return del.error();
        }
        for (const QString& t : *tables) {
            if (t == u"schema_migrations")
                continue;
            qint64 n = 0;
            if (Status s = copyTable(from, to, t, &n); !s)
                return s.error();
        }
        if (to.engine() == Engine::Postgres)
            if (Status s = resetIdentities(to); !s)
                return s.error();
        if (Status s = tx.commit(); !s)
            return s.error();
    }
    if (Status s = verifyCopy(to, *expected, &report); !s)
        return s.error();
    return report;
}

Result<CopyReport> Backup::restore(const QString& fromFile, const QString& location, bool replace) {
    auto magic = fileMagic(fromFile);
    if (!magic)
        return magic.error();
    const bool sqliteFile = magic->startsWith(QByteArrayLiteral("SQLite format 3"));
    const bool pgDump = magic->startsWith(QByteArrayLiteral("PGDMP"));
    if (!sqliteFile && !pgDump)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is neither a Tirkeu SQLite backup nor a pg_dump file of a register.").arg(fromFile));

    if (pgDump) {
        if (!Database::isPostgresUrl(location))
            return makeError(ErrorCode::Usage, tr("A pg_dump file is restored only into a PostgreSQL register."));
        auto target = Database::open(location);
        if (!target)
            return target.error();
        auto tables = (*target)->schemaObjects(QStringLiteral("table"));
        if (!tables)
            return tables.error();
        if (!tables->isEmpty())
            return makeError(ErrorCode::Conflict, tr("The database %1 is not empty; restore a pg_dump file into a new "
                                                     "database (createdb).")
                                                      .arg((*target)->location()));
        QStringList args{QStringLiteral("--exit-on-error"), QStringLiteral("--single-transaction"),
                         QStringLiteral("--no-owner"), QStringLiteral("--dbname"), (*target)->handle().databaseName()};
        args << pgConnectionArgs(**target) << fromFile;
        if (Status s = runPgTool(**target, QStringLiteral("pg_restore"), args); !s)
            return s.error();
        if (Status s = Schema::checkCompatible(**target); !s)
            return s.error();
        auto order = tablesInDependencyOrder(**target);
        if (!order)
            return order.error();
        auto counts = rowCounts(**target, *order);
        if (!counts)
            return counts.error();
        CopyReport report;
        report.method = QStringLiteral("pg_restore");
        if (Status s = verifyCopy(**target, *counts, &report); !s)
            return s.error();
        return report;
    }

    // A SQLite backup: checked on a private copy first (opening a file may write to it).
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return makeError(ErrorCode::Io, tr("Cannot create a temporary folder."));
    const QString copy = scratch.filePath(QStringLiteral("source.sqlite"));
    if (!QFile::copy(fromFile, copy))
        return makeError(ErrorCode::Io, tr("Cannot read %1.").arg(fromFile));
    CopyReport report;
    {
        auto source = Database::open(copy);
        if (!source)
            return source.error();
        if (Status s = Schema::checkCompatible(**source); !s)
            return s.error();
        auto order = tablesInDependencyOrder(**source);
        if (!order)
            return order.error();
        auto expected = rowCounts(**source, *order);
        if (!expected)
            return expected.error();
        CopyReport sourceCheck;
        if (Status s = verifyCopy(**source, *expected, &sourceCheck); !s)
            return makeError(s.code(), tr("The backup %1 is damaged: %2").arg(fromFile, s.message()));

        if (Database::isPostgresUrl(location)) {
            auto target = Database::open(location);
            if (!target)
                return target.error();
            return migrate(**source, **target);
        }

        QString path = location.startsWith(u"sqlite:") ? location.mid(7) : location;
        if (QFileInfo(path).exists() && QFileInfo(path).size() > 0) {
            auto existing = Database::open(path);
            if (!existing)
                return existing.error();
            auto empty = isEmptyRegister(**existing);
            if (!empty)
                return empty.error();
            if (!*empty && !replace)
                return makeError(ErrorCode::Conflict,
                                 tr("The register %1 is not empty; restore into a new file, or pass --replace to "
                                    "overwrite it.")
                                     .arg(path));
        }
        auto target = Database::open(path);
        if (!target)
            return target.error();
        sqlite3* dst = nativeSqlite(**target);
        sqlite3* src = nativeSqlite(**source);
        if (!dst || !src)
            return makeError(ErrorCode::Database, tr("Cannot reach the SQLite connection."));
        if (Status s = sqliteCopy(src, dst); !s)
            return s.error();
        report.method = QStringLiteral("sqlite-online-backup");
        if (Status s = verifyCopy(**target, *expected, &report); !s)
            return s.error();
    }
    return report;
}

} // namespace tirkeu::registry
