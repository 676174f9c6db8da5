#include "registry/BackupSteps.h"

#include "registry/AuditLog.h"
#include "registry/Schema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>

#include <sqlite3.h>

namespace tirkeu::registry::backup {

QString quoted(const QString& identifier) {
    return u'"' + QString(identifier).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

// The whole `src` database into `dst` with SQLite's online backup API: in one step without `control`
// (a consistent snapshot; in WAL mode other writers are not blocked meanwhile), else in steps of
// 1,024 pages with progress and a cancel between them (SQLite restarts the copy when another
// connection writes meanwhile, so the result is still one consistent snapshot).
Status sqliteCopy(sqlite3* src, sqlite3* dst, const RunControl* control) {
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return makeError(ErrorCode::Database,
                         Backup::tr("Cannot start the copy: %1").arg(QString::fromUtf8(sqlite3_errmsg(dst))));
    const int pages = control ? 1024 : -1;
    int rc = SQLITE_OK;
    int busy = 0;
    while (true) {
        if (RunControl::isCancelled(control)) {
            sqlite3_backup_finish(b);
            return makeError(ErrorCode::Failure, Backup::tr("The backup was cancelled: no backup file was written."));
        }
        rc = sqlite3_backup_step(b, pages);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy >= 300)
                break;
            sqlite3_sleep(50);
            continue;
        }
        if (rc != SQLITE_OK)
            break; // SQLITE_DONE, or an error
        const qint64 total = sqlite3_backup_pagecount(b);
        const qint64 done = total - sqlite3_backup_remaining(b);
        RunControl::report(control, done, total,
                           Backup::tr("Copying the register: %1 of %2 pages…").arg(done).arg(total));
    }
    if (rc == SQLITE_DONE) {
        const qint64 total = sqlite3_backup_pagecount(b);
        RunControl::report(control, total, total,
                           Backup::tr("Copying the register: %1 of %2 pages…").arg(total).arg(total));
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

Result<QMap<QString, qint64>> rowCountsOfEveryTable(Database& db) {
    auto order = Backup::tablesInDependencyOrder(db);
    if (!order)
        return order.error();
    return rowCounts(db, *order);
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

Result<QString> fileSha256(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    return QString::fromLatin1(h.result().toHex());
}

Result<QMap<QString, QString>> sqliteSchema(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                                    "WHERE name NOT LIKE 'sqlite_stat%'"));
    if (!q)
        return q.error();
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QMap<QString, QString> out;
    while (q->next())
        out.insert(q->value(0).toString() + u' ' + q->value(1).toString(),
                   q->value(2).toString().replace(space, QStringLiteral(" ")).trimmed());
    return out;
}

// Attack of session 26 (F3, F4): a SQLite backup is a program as much as data — its triggers run on every
// later write (the restore's own event first), a dropped guard is gone for good. Only Tirkeu's own schema,
// word for word, is restored.
Status checkSchemaIsTirkeus(Database& db, const QString& scratchDir, const QString& shownName) {
    auto found = sqliteSchema(db);
    if (!found)
        return found.error();
    std::unique_ptr<Database> reference;
    {
        const QString file = QDir(scratchDir).filePath(QStringLiteral("reference.sqlite"));
        QFile::remove(file);
        auto ref = Database::open(file);
        if (!ref)
            return ref.error();
        if (Status s = Schema::migrate(**ref); !s)
            return s.error();
        reference = std::move(ref.value());
    }
    auto expected = sqliteSchema(*reference);
    if (!expected)
        return expected.error();
    QStringList differences;
    for (auto it = expected->cbegin(); it != expected->cend(); ++it) {
        if (!found->contains(it.key()))
            differences << Backup::tr("%1 missing").arg(it.key());
        else if (found->value(it.key()) != it.value())
            differences << Backup::tr("%1 changed").arg(it.key());
    }
    for (auto it = found->cbegin(); it != found->cend(); ++it)
        if (!expected->contains(it.key()))
            differences << Backup::tr("%1 added").arg(it.key());
    if (differences.isEmpty())
        return {};
    const qsizetype all = differences.size();
    if (all > 5) {
        differences = differences.mid(0, 5);
        differences << Backup::tr("%n more", nullptr, int(all - 5));
    }
    return makeError(
        ErrorCode::Integrity,
        Backup::tr("The backup %1 is refused: its schema is not the one Tirkeu creates (%2). Its triggers, "
                   "views, tables or indexes were changed outside Tirkeu; such a backup could run its own "
                   "SQL in the register. Nothing was changed; restore another backup.")
            .arg(shownName, differences.join(QStringLiteral(", "))));
}

} // namespace tirkeu::registry::backup
