#include "registry/Backup.h"

#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "registry/Schema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <fcntl.h>
#include <functional>
#include <optional>
#include <unistd.h>

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

// The whole `src` database into `dst` with SQLite's online backup API: in one step without `control`
// (a consistent snapshot; in WAL mode other writers are not blocked meanwhile), else in steps of
// 1,024 pages with progress and a cancel between them (SQLite restarts the copy when another
// connection writes meanwhile, so the result is still one consistent snapshot).
Status sqliteCopy(sqlite3* src, sqlite3* dst, const RunControl* control = nullptr) {
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

Result<QString> fileSha256(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    return QString::fromLatin1(h.result().toHex());
}

// A backup holds every holder's personal data: its folder must be closed to other users.
Status checkPrivateFolder(const QString& dir) {
    const QFileInfo info(dir);
    if (!info.isDir())
        return makeError(ErrorCode::Io, Backup::tr("The folder %1 does not exist.").arg(dir));
    if (info.permissions() & (QFile::ReadOther | QFile::WriteOther | QFile::ExeOther))
        return makeError(ErrorCode::Io,
                         Backup::tr("Other users can open the folder %1; a backup holds personal data. Choose a "
                                    "private folder, or close it first (chmod o-rwx).")
                             .arg(dir));
    return {};
}

// Creates `file` empty and readable by its owner only (0600), so nothing written into it later is ever
// readable by others; the tools that fill it (SQLite, pg_dump) keep the mode of an existing file.
Status createPrivateFile(const QString& file) {
    const int fd = ::open(QFile::encodeName(file).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::Io, Backup::tr("Cannot create %1.").arg(file));
    ::close(fd);
    return {};
}

// The highest CRL number of each CA (by code): published CRLs and the floors kept over restores.
Result<QMap<QString, qint64>> highestCrlNumbers(Database& db) {
    auto q = db.exec(QStringLiteral(
        "SELECT c.code, greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = c.id), 0), "
        "coalesce((SELECT highest_published FROM crl_number_floors WHERE ca_id = c.id), 0)) FROM cas c"));
    if (!q)
        return q.error();
    QMap<QString, qint64> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    return out;
}

struct ChainState {
    qint64 headSeq = 0;
    QString headHash;
    QString lastAnchorDay;
    QString registerId;
};

Result<ChainState> chainState(Database& db) {
    ChainState st;
    auto head = db.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!head)
        return head.error();
    if (head->next()) {
        st.headSeq = head->value(0).toLongLong();
        st.headHash = head->value(1).toString();
    }
    auto anchor = db.scalar(QStringLiteral("SELECT max(day) FROM audit_anchors"));
    if (!anchor)
        return anchor.error();
    st.lastAnchorDay = anchor->toString();
    auto id = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!id)
        return id.error();
    st.registerId = id->toString();
    return st;
}

// Raises the CRL number floor of every CA of `db` to at least `highest` (CA code -> number).
Status keepCrlFloors(Database& db, const QMap<QString, qint64>& highest, const QDateTime& now) {
    for (auto it = highest.cbegin(); it != highest.cend(); ++it) {
        auto ca = db.scalar(QStringLiteral("SELECT id FROM cas WHERE code = ?"), {it.key()});
        if (!ca)
            return ca.error();
        if (!ca->isValid())
            continue; // a CA the backup does not know; the publish folder's number still guards it
        auto up = db.exec(QStringLiteral("UPDATE crl_number_floors SET highest_published = ?, recorded_at = ? "
                                         "WHERE ca_id = ? AND highest_published < ?"),
                          {it.value(), toDbTime(now), ca->toLongLong(), it.value()});
        if (!up)
            return up.error();
        auto ins = db.exec(QStringLiteral("INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) "
                                          "SELECT ?, ?, ? WHERE NOT EXISTS "
                                          "(SELECT 1 FROM crl_number_floors WHERE ca_id = ?)"),
                           {ca->toLongLong(), it.value(), toDbTime(now), ca->toLongLong()});
        if (!ins)
            return ins.error();
    }
    return {};
}

Error notSignedIn() {
    return makeError(ErrorCode::Forbidden, Backup::tr("Only an administrator may restore a register: add --as LOGIN "
                                                      "and --password-file FILE (or set TIRKEU_PASSWORD)."));
}

// Signs in on `reg` and checks the right to manage the register.
Result<Session> administrator(Register& reg, const QString& login, const QString& password) {
    if (login.isEmpty())
        return notSignedIn();
    auto session = reg.operators().signIn(login, password);
    if (!session)
        return session.error();
    if (Status s = Roles::require(*session, Permission::ManageRegister); !s)
        return s.error();
    return session;
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

Result<BackupReport> Backup::backup(Register& reg, const Session& by, const QString& outFile,
                                    const RunControl* control) {
    if (Status s = Roles::require(by, Permission::ManageRegister); !s)
        return s.error();
    Database& db = reg.db();
    if (outFile.isEmpty())
        return makeError(ErrorCode::Usage, tr("No backup file given."));
    const QFileInfo out(outFile);
    if (out.exists())
        return makeError(ErrorCode::Conflict, tr("%1 already exists; a backup never overwrites a file.").arg(outFile));
    if (!out.absoluteDir().exists())
        return makeError(ErrorCode::Io, tr("The folder %1 does not exist.").arg(out.absolutePath()));
    if (Status s = checkPrivateFolder(out.absolutePath()); !s)
        return s.error();
    if (Status s = Schema::checkCompatible(db); !s)
        return s.error();

    BackupReport report;
    report.file = out.absoluteFilePath();
    const QString part = report.file + QStringLiteral(".part");
    QFile::remove(part);
    if (Status s = createPrivateFile(part); !s)
        return s.error();
    if (RunControl::isCancelled(control)) {
        QFile::remove(part);
        return makeError(ErrorCode::Failure, tr("The backup was cancelled: no backup file was written."));
    }
    if (db.engine() == Engine::Postgres) {
        RunControl::report(control, 0, 0, tr("pg_dump is copying the register…"));
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
        sqlite3* src = db.sqlite();
        sqlite3* dst = nullptr;
        if (!src || sqlite3_open_v2(QFile::encodeName(part).constData(), &dst,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            sqlite3_close(dst);
            return makeError(ErrorCode::Io, tr("Cannot create %1.").arg(part));
        }
        Status copied = sqliteCopy(src, dst, control);
        if (copied) {
            RunControl::report(control, 0, 0, tr("Checking the copy…"));
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
    auto sha = fileSha256(report.file);
    if (!sha)
        return sha.error();
    const Status recorded = db.transact([&]() -> Status {
        auto ev = reg.audit().append(by.login, report.file, QStringLiteral("register.backed_up"),
                                     {{QStringLiteral("file"), report.file},
                                      {QStringLiteral("bytes"), report.bytes},
                                      {QStringLiteral("sha256"), *sha},
                                      {QStringLiteral("method"), report.method}});
        return ev ? Status() : Status(ev.error());
    });
    if (!recorded) {
        QFile::remove(report.file); // an unrecorded backup does not stay behind
        return recorded.error();
    }
    return report;
}

Result<CopyReport> Backup::migrate(Register& from, const Session& by, Database& to) {
    if (Status s = Roles::require(by, Permission::ManageRegister); !s)
        return s.error();
    const QString fromLocation = Database::redactedLocation(from.db().location());
    const Clock& clock = from.clock();
    return copyRegister(from.db(), to, [&](Database& target) -> Result<int> {
        AuditLog audit(target, clock);
        auto ev =
            audit.append(by.login, Database::redactedLocation(target.location()), QStringLiteral("register.migrated"),
                         {{QStringLiteral("from"), fromLocation},
                          {QStringLiteral("to"), Database::redactedLocation(target.location())}});
        if (!ev)
            return ev.error();
        return 1;
    });
}

Result<CopyReport> Backup::copyRegister(Database& from, Database& to,
                                        const std::function<Result<int>(Database&)>& finish,
                                        const RunControl* control) {
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
            if (RunControl::isCancelled(control))
                return makeError(ErrorCode::Failure, tr("The copy was cancelled: nothing was written into %1.")
                                                         .arg(Database::redactedLocation(to.location())));
            RunControl::report(control, 0, 0, tr("Copying table %1…").arg(t));
            qint64 n = 0;
            if (Status s = copyTable(from, to, t, &n); !s)
                return s.error();
        }
        if (to.engine() == Engine::Postgres)
            if (Status s = resetIdentities(to); !s)
                return s.error();
        if (finish) {
            // The closing event may add rows beside its own (a daily anchor): counted before and after.
            auto beforeFinish = rowCounts(to, expected->keys());
            if (!beforeFinish)
                return beforeFinish.error();
            auto added = finish(to);
            if (!added)
                return added.error();
            auto afterFinish = rowCounts(to, expected->keys());
            if (!afterFinish)
                return afterFinish.error();
            const QString events = QStringLiteral("audit_events");
            if (afterFinish->value(events) - beforeFinish->value(events) != *added)
                return makeError(ErrorCode::Integrity, Backup::tr("The copy of table %1 has %2 rows instead of %3.")
                                                           .arg(events)
                                                           .arg(afterFinish->value(events))
                                                           .arg(beforeFinish->value(events) + *added));
            for (auto it = afterFinish->cbegin(); it != afterFinish->cend(); ++it)
                expected.value()[it.key()] += it.value() - beforeFinish->value(it.key());
        }
        if (Status s = tx.commit(); !s)
            return s.error();
    }
    if (Status s = verifyCopy(to, *expected, &report); !s)
        return s.error();
    return report;
}

namespace {
// A restore stopped before the register was written: nothing changed.
Status restoreStep(const RunControl* control, int step, const QString& text) {
    if (RunControl::isCancelled(control))
        return makeError(ErrorCode::Failure,
                         Backup::tr("The restore was cancelled before the register was written: nothing changed."));
    RunControl::report(control, step, 5, text);
    return {};
}
} // namespace

Result<CopyReport> Backup::restore(const QString& fromFile, const QString& location, const RestoreOptions& options) {
    if (options.acceptRollback && options.reason.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Give the reason for accepting the rollback with --reason TEXT; it is "
                                              "recorded in the event log."));
    if (!options.acceptRollback && !options.reason.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("--reason goes with --accept-rollback."));
    auto magic = fileMagic(fromFile);
    if (!magic)
        return magic.error();
    const bool sqliteFile = magic->startsWith(QByteArrayLiteral("SQLite format 3"));
    const bool pgDump = magic->startsWith(QByteArrayLiteral("PGDMP"));
    if (!sqliteFile && !pgDump)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is neither a Tirkeu SQLite backup nor a pg_dump file of a register.").arg(fromFile));
    auto backupSha = fileSha256(fromFile);
    if (!backupSha)
        return backupSha.error();
    const QString fromPath = QFileInfo(fromFile).absoluteFilePath();

    if (pgDump) {
        if (!Database::isPostgresUrl(location))
            return makeError(ErrorCode::Usage, tr("A pg_dump file is restored only into a PostgreSQL register."));
        if (options.login.isEmpty())
            return notSignedIn();
        CopyReport report;
        {
            auto target = Database::open(location);
            if (!target)
                return target.error();
            auto tables = (*target)->schemaObjects(QStringLiteral("table"));
            if (!tables)
                return tables.error();
            if (!tables->isEmpty())
                return makeError(ErrorCode::Conflict, tr("The database %1 is not empty; restore a pg_dump file into a "
                                                         "new database (createdb).")
                                                          .arg((*target)->location()));
            QStringList args{QStringLiteral("--exit-on-error"), QStringLiteral("--single-transaction"),
                             QStringLiteral("--no-owner"), QStringLiteral("--dbname"),
                             (*target)->handle().databaseName()};
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
            report.method = QStringLiteral("pg_restore");
            if (Status s = verifyCopy(**target, *counts, &report); !s)
                return s.error();
        }
        // The new database had nothing to protect; the restored register's own administrator signs for it.
        auto reg = Register::open(location, Register::OpenMode::Existing);
        if (!reg)
            return reg.error();
        auto by = administrator(**reg, options.login, options.password);
        if (!by)
            return makeError(by.error().code,
                             tr("%1 The database %2 now holds the restored tables; drop it (dropdb) if the restore "
                                "was not meant.")
                                 .arg(by.error().message, Database::redactedLocation(location)));
        const Status recorded = (*reg)->db().transact([&]() -> Status {
            auto ev = (*reg)->audit().append(by->login, Database::redactedLocation(location),
                                             QStringLiteral("register.restored"),
                                             {{QStringLiteral("from"), fromPath},
                                              {QStringLiteral("sha256"), *backupSha},
                                              {QStringLiteral("method"), report.method},
                                              {QStringLiteral("rollback"), false}});
            return ev ? Status() : Status(ev.error());
        });
        if (!recorded)
            return recorded.error();
        ++report.rows[QStringLiteral("audit_events")];
        return report;
    }

    // A SQLite backup: checked, and completed with the restore's own event, on a private copy first
    // (opening a file may write to it); the finished copy then replaces the register in one step.
    if (Status s = restoreStep(options.control, 0, tr("Reading the backup…")); !s)
        return s.error();
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return makeError(ErrorCode::Io, tr("Cannot create a temporary folder."));
    const QString copy = scratch.filePath(QStringLiteral("source.sqlite"));
    if (!QFile::copy(fromFile, copy))
        return makeError(ErrorCode::Io, tr("Cannot read %1.").arg(fromFile));
    CopyReport report;
    auto source = Register::open(copy, Register::OpenMode::Existing);
    if (!source)
        return makeError(source.error().code, tr("The backup %1 cannot be opened: %2").arg(fromFile, source.message()));
    if (Status s = restoreStep(options.control, 1, tr("Checking every table of the backup…")); !s)
        return s.error();
    {
        auto order = tablesInDependencyOrder((*source)->db());
        if (!order)
            return order.error();
        auto expected = rowCounts((*source)->db(), *order);
        if (!expected)
            return expected.error();
        CopyReport sourceCheck;
        if (Status s = verifyCopy((*source)->db(), *expected, &sourceCheck); !s)
            return makeError(s.code(), tr("The backup %1 is damaged: %2").arg(fromFile, s.message()));
    }
    auto sourceState = chainState((*source)->db());
    if (!sourceState)
        return sourceState.error();
    auto sourceCrls = highestCrlNumbers((*source)->db());
    if (!sourceCrls)
        return sourceCrls.error();

    // What the register being replaced has that the backup does not: published CRL numbers, anchors.
    const bool toPostgres = Database::isPostgresUrl(location);
    const QString path = toPostgres ? QString() : (location.startsWith(u"sqlite:") ? location.mid(7) : location);
    bool replacing = false;
    QString unreadable;
    QMap<QString, qint64> lost;
    QString lostAnchors;
    ChainState replaced;
    std::optional<Session> by;
    if (!toPostgres && QFileInfo(path).exists() && QFileInfo(path).size() > 0) {
        auto existing = Register::open(path, Register::OpenMode::Existing);
        if (!existing) {
            unreadable = existing.message();
        } else if (!(*existing)->db().damage().isEmpty()) {
            unreadable = (*existing)->db().damage();
        } else {
            auto empty = isEmptyRegister((*existing)->db());
            if (!empty)
                return empty.error();
            if (!*empty && !options.replace)
                return makeError(ErrorCode::Conflict,
                                 tr("The register %1 is not empty; restore into a new file, or pass --replace to "
                                    "overwrite it.")
                                     .arg(path));
            replacing = !*empty;
            if (replacing) {
                // The administrator of the register that is replaced decides.
                auto admin = administrator(**existing, options.login, options.password);
                if (!admin)
                    return admin.error();
                by = *admin;
                auto targetCrls = highestCrlNumbers((*existing)->db());
                if (!targetCrls)
                    return targetCrls.error();
                for (auto it = targetCrls->cbegin(); it != targetCrls->cend(); ++it)
                    if (it.value() > sourceCrls->value(it.key(), 0))
                        lost.insert(it.key(), it.value());
                auto state = chainState((*existing)->db());
                if (!state)
                    return state.error();
                replaced = *state;
                if (replaced.lastAnchorDay > sourceState->lastAnchorDay)
                    lostAnchors = replaced.lastAnchorDay;
            }
        }
    }
    if (!by) {
        auto admin = administrator(**source, options.login, options.password);
        if (!admin)
            return admin.error();
        by = *admin;
    }
    if (!unreadable.isEmpty() && !options.acceptRollback)
        return makeError(ErrorCode::Conflict,
                         tr("The register %1 cannot be read (%2), so it is unknown which CRLs and anchors it had "
                            "published. Restore over it only with --replace --accept-rollback --reason TEXT.")
                             .arg(path, unreadable));
    if (!unreadable.isEmpty() && !options.replace)
        return makeError(
            ErrorCode::Conflict,
            tr("The register %1 cannot be read (%2); pass --replace to overwrite it.").arg(path, unreadable));
    if ((!lost.isEmpty() || !lostAnchors.isEmpty()) && !options.acceptRollback) {
        QStringList what;
        for (auto it = lost.cbegin(); it != lost.cend(); ++it)
            what << tr("CA %1 published CRL number %2, the backup knows only up to %3")
                        .arg(it.key())
                        .arg(it.value())
                        .arg(sourceCrls->value(it.key(), 0));
        if (!lostAnchors.isEmpty())
            what << tr("the register has audit anchors up to %1, the backup only up to %2")
                        .arg(lostAnchors,
                             sourceState->lastAnchorDay.isEmpty() ? tr("none") : sourceState->lastAnchorDay);
        return makeError(ErrorCode::Conflict,
                         tr("The backup is older than what the register has already published (%1). Restoring it "
                            "would take back revocations and published evidence. If that is really wanted, repeat "
                            "with --accept-rollback --reason TEXT; the rollback is recorded.")
                             .arg(what.join(QStringLiteral("; "))));
    }

    if (Status s = restoreStep(options.control, 2, tr("Recording the restore in the copy…")); !s)
        return s.error();
    // The restore's own event, and the CRL numbers that must never come back, go into the copy.
    report.rollback = !lost.isEmpty() || !lostAnchors.isEmpty() || !unreadable.isEmpty();
    report.crlNumbersLost = lost;
    {
        Register& restored = **source;
        const Status recorded = restored.db().transact([&]() -> Status {
            if (Status s = keepCrlFloors(restored.db(), lost, restored.clock().now()); !s)
                return s;
            QJsonObject lostJson;
            for (auto it = lost.cbegin(); it != lost.cend(); ++it)
                lostJson.insert(it.key(), it.value());
            QJsonObject details{{QStringLiteral("from"), fromPath},
                                {QStringLiteral("sha256"), *backupSha},
                                {QStringLiteral("backup_head_seq"), sourceState->headSeq},
                                {QStringLiteral("backup_head_hash"), sourceState->headHash},
                                {QStringLiteral("rollback"), report.rollback},
                                {QStringLiteral("crl_numbers_lost"), lostJson}};
            if (replacing) {
                details.insert(QStringLiteral("replaced_register_id"), replaced.registerId);
                details.insert(QStringLiteral("replaced_head_seq"), replaced.headSeq);
                details.insert(QStringLiteral("replaced_head_hash"), replaced.headHash);
                details.insert(QStringLiteral("replaced_last_anchor"), replaced.lastAnchorDay);
            }
            if (!unreadable.isEmpty())
                details.insert(QStringLiteral("replaced_unreadable"), unreadable);
            if (options.acceptRollback)
                details.insert(QStringLiteral("reason"), options.reason.trimmed());
            auto ev = restored.audit().append(by->login, sourceState->registerId, QStringLiteral("register.restored"),
                                              details);
            return ev ? Status() : Status(ev.error());
        });
        if (!recorded)
            return recorded.error();
    }
    auto order = tablesInDependencyOrder((*source)->db());
    if (!order)
        return order.error();
    auto expected = rowCounts((*source)->db(), *order);
    if (!expected)
        return expected.error();

    if (toPostgres) {
        auto target = Database::open(location);
        if (!target)
            return target.error();
        if (Status s = restoreStep(options.control, 3, tr("Copying the tables into the database…")); !s)
            return s.error();
        auto copied = copyRegister((*source)->db(), **target, {}, options.control);
        if (copied) {
            copied.value().rollback = report.rollback;
            copied.value().crlNumbersLost = lost;
        }
        return copied;
    }

    // The last moment to stop: from here the register file is written, and finished.
    if (Status s = restoreStep(options.control, 3, tr("Writing the restored register…")); !s)
        return s.error();
    if (!unreadable.isEmpty()) {
        // The damaged register is kept beside the restored one, as evidence.
        const QString aside = path + QStringLiteral(".damaged-") +
                              QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, aside + suffix))
                return makeError(ErrorCode::Io, tr("Cannot move the damaged register %1 aside.").arg(path + suffix));
    }
    auto target = Database::open(path);
    if (!target)
        return target.error();
    sqlite3* dst = (*target)->sqlite();
    sqlite3* src = (*source)->db().sqlite();
    if (!dst || !src)
        return makeError(ErrorCode::Database, tr("Cannot reach the SQLite connection."));
    if (Status s = sqliteCopy(src, dst); !s)
        return s.error();
    report.method = QStringLiteral("sqlite-online-backup");
    RunControl::report(options.control, 4, 5, tr("Checking the restored register…"));
    if (Status s = verifyCopy(**target, *expected, &report); !s)
        return s.error();
    RunControl::report(options.control, 5, 5, tr("The register is restored."));
    return report;
}

Result<CopyReport> Backup::migrate(Register& from, const Session& by, const QString& toLocation) {
    auto to = Database::open(toLocation);
    if (!to)
        return to.error();
    return migrate(from, by, **to);
}

} // namespace tirkeu::registry
