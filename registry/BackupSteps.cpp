#include "registry/BackupSteps.h"

#include "pki/FileModes.h"
#include "registry/AuditLog.h"
#include "registry/Schema.h"
#include "registry/SchemaCheck.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>

#include <cctype>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

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
Status verifyCopy(Database& db, const Clock& clock, const QMap<QString, qint64>& expected, CopyReport* report) {
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

Status createPrivateFile(const QString& file) {
    const int fd = ::open(QFile::encodeName(file).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC,
                          pki::FileModes::kPrivateFile);
    if (fd < 0)
        return makeError(ErrorCode::Io, Backup::tr("Cannot create %1.").arg(file));
    ::close(fd);
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

// Attack of session 26 (F3, F4): a SQLite backup is a program as much as data — its triggers run on every
// later write (the restore's own event first), a dropped guard is gone for good. Only Tirkeu's own schema,
// word for word, is restored (registry/SchemaCheck.h).
Status checkSchemaIsTirkeus(Database& db, const QString& scratchDir, const QString& shownName) {
    auto found = SchemaCheck::sqliteObjects(db);
    if (!found)
        return found.error();
    auto expected = SchemaCheck::sqliteReference(scratchDir);
    if (!expected)
        return expected.error();
    QStringList differences = SchemaCheck::differences(*expected, *found);
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

namespace {

// Runs a PostgreSQL client tool that reads a file and connects to nothing; its standard output.
Result<QByteArray> runFileTool(const QString& tool, const QStringList& args) {
    const QString exe = findTool(tool);
    if (exe.isEmpty())
        return makeError(ErrorCode::NotFound,
                         Backup::tr("%1 is not installed (Debian package postgresql-client).").arg(tool));
    QProcess p;
    p.setProgram(exe);
    p.setArguments(args);
    p.start();
    if (!p.waitForStarted(30000))
        return makeError(ErrorCode::Io, Backup::tr("Cannot start %1.").arg(exe));
    QByteArray out;
    while (!p.waitForFinished(200))
        out += p.readAllStandardOutput();
    out += p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return makeError(ErrorCode::Invalid,
                         Backup::tr("%1 failed: %2").arg(tool, QString::fromUtf8(p.readAllStandardError()).trimmed()));
    return out;
}

// One field of COPY's text format: \N is NULL, backslash escapes as PostgreSQL writes them.
std::optional<QByteArray> copyField(const QByteArray& f) {
    if (f == "\\N")
        return std::nullopt;
    QByteArray out;
    out.reserve(f.size());
    const auto isOctal = [](char c) { return c >= '0' && c <= '7'; };
    for (qsizetype i = 0; i < f.size(); ++i) {
        const char c = f.at(i);
        if (c != '\\' || i + 1 >= f.size()) {
            out += c;
            continue;
        }
        const char d = f.at(++i);
        switch (d) {
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x': {
            int n = 0, v = 0;
            while (n < 2 && i + 1 < f.size() && std::isxdigit(static_cast<unsigned char>(f.at(i + 1)))) {
                v = v * 16 + QByteArray(1, f.at(++i)).toInt(nullptr, 16);
                ++n;
            }
            if (n == 0)
                out += 'x';
            else
                out += char(v);
            break;
        }
        default:
            if (isOctal(d)) {
                int v = d - '0';
                for (int n = 1; n < 3 && i + 1 < f.size() && isOctal(f.at(i + 1)); ++n)
                    v = v * 8 + (f.at(++i) - '0');
                out += char(v);
            } else {
                out += d;
            }
        }
    }
    return out;
}

struct DumpTable {
    QStringList columns;
    QList<QList<std::optional<QByteArray>>> rows;
};

Error hostileDump(const QString& shownName, const QString& what) {
    return makeError(ErrorCode::Integrity,
                     Backup::tr("The backup %1 is refused: it holds %2, which Tirkeu's schema does not have. A "
                                "pg_dump file is a program as much as data; nothing of it was run and nothing was "
                                "changed. Restore another backup.")
                         .arg(shownName, what));
}

} // namespace

// Attack of session 26 (F8): pg_restore ran a dump's own functions and triggers as the schema owner (one set
// that role's password). The dump is read here without a database: its table of contents must name only
// Tirkeu's objects, and only its rows are taken — into a SQLite register that Tirkeu's migrations build.
Status rowsOfPgDump(const QString& dumpFile, const QString& sqliteFile, const QString& shownName) {
    auto toc = runFileTool(QStringLiteral("pg_restore"), {QStringLiteral("--list"), dumpFile});
    if (!toc)
        return toc.error();
    auto known = SchemaCheck::pgObjects(-1, true); // any version's
    if (!known)
        return known.error();
    // Longer names first where one begins another.
    static const QStringList allowed = {
        QStringLiteral("TABLE DATA"),   QStringLiteral("TABLE"),       QStringLiteral("SEQUENCE OWNED BY"),
        QStringLiteral("SEQUENCE SET"), QStringLiteral("SEQUENCE"),    QStringLiteral("FK CONSTRAINT"),
        QStringLiteral("CONSTRAINT"),   QStringLiteral("DEFAULT ACL"), QStringLiteral("DEFAULT"),
        QStringLiteral("INDEX"),        QStringLiteral("TRIGGER"),     QStringLiteral("FUNCTION"),
        QStringLiteral("ACL"),          QStringLiteral("SCHEMA"),      QStringLiteral("COMMENT")};
    static const QRegularExpression ids(QStringLiteral("^\\d+;\\s+\\d+\\s+\\d+\\s+"));
    for (const QByteArray& raw : toc->split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u';'))
            continue;
        const auto m = ids.match(line);
        const QString entry = m.hasMatch() ? line.mid(m.capturedLength()) : line;
        QString desc;
        for (const QString& a : allowed)
            if (entry.startsWith(a + u' ')) {
                desc = a;
                break;
            }
        if (desc.isEmpty())
            return hostileDump(shownName, entry);
        const QStringList words = entry.mid(desc.size() + 1).split(u' ', Qt::SkipEmptyParts);
        if (words.size() < 3)
            return hostileDump(shownName, entry);
        const QString space = words.first();
        const QString tag = words.mid(1, words.size() - 2).join(u' ');
        if (space != u"public" && space != u"-")
            return hostileDump(shownName, entry);
        QString kind = desc, name;
        if (desc == u"FUNCTION")
            name = tag.section(u'(', 0, 0);
        else if (desc == u"TRIGGER")
            name = tag.section(u' ', -1);
        else if (desc == u"TABLE" || desc == u"TABLE DATA")
            kind = QStringLiteral("TABLE"), name = tag;
        else if (desc == u"INDEX")
            name = tag;
        // The schema itself (a database owned by the schema owner dumps it), never another one.
        if ((desc == u"SCHEMA" && tag != u"public") || (desc == u"COMMENT" && tag != u"SCHEMA public"))
            return hostileDump(shownName, entry);
        if (!name.isEmpty() && !known->value(kind).contains(name))
            return hostileDump(shownName, entry);
    }

    // Only the rows: pg_restore writes them as a script (no connection), read here as data, never run.
    auto script = runFileTool(QStringLiteral("pg_restore"),
                              {QStringLiteral("--data-only"), QStringLiteral("--file=-"), dumpFile});
    if (!script)
        return script.error();
    QMap<QString, DumpTable> tables;
    {
        static const QRegularExpression copy(
            QStringLiteral("^COPY (?:public\\.)?\"?(\\w+)\"? \\(([^)]*)\\) FROM stdin;$"));
        static const QRegularExpression restrict(QStringLiteral("^\\\\(un)?restrict [A-Za-z0-9]+$"));
        const QList<QByteArray> lines = script->split('\n');
        DumpTable* into = nullptr;
        for (const QByteArray& line : lines) {
            if (into) {
                if (line == "\\.") {
                    into = nullptr;
                    continue;
                }
                QList<std::optional<QByteArray>> row;
                for (const QByteArray& f : line.split('\t'))
                    row << copyField(f);
                if (row.size() != into->columns.size())
                    return hostileDump(shownName, Backup::tr("a row that does not fit its table"));
                into->rows << row;
                continue;
            }
            const QString text = QString::fromUtf8(line);
            if (text.trimmed().isEmpty() || text.startsWith(u"--") || text.startsWith(u"SET ") ||
                text.startsWith(u"SELECT pg_catalog.set_config(") || text.startsWith(u"SELECT pg_catalog.setval(") ||
                restrict.match(text).hasMatch())
                continue; // pg_restore's own session settings, identity positions, psql's \restrict: never run
            const auto m = copy.match(text);
            if (!m.hasMatch() || tables.contains(m.captured(1)))
                return hostileDump(shownName, text.left(120));
            DumpTable& t = tables[m.captured(1)];
            for (const QString& c : m.captured(2).split(u','))
                t.columns << c.trimmed().remove(u'"');
            into = &t;
        }
        if (into)
            return hostileDump(shownName, Backup::tr("an unfinished table"));
    }

    auto opened = Database::open(sqliteFile);
    if (!opened)
        return opened.error();
    Database& db = **opened;
    if (Status s = Schema::migrate(db); !s)
        return s;
    auto order = Backup::tablesInDependencyOrder(db);
    if (!order)
        return order.error();
    for (auto it = tables.cbegin(); it != tables.cend(); ++it)
        if (!order->contains(it.key()))
            return hostileDump(shownName, Backup::tr("the table %1").arg(it.key()));
    Transaction tx(db);
    if (!tx.ok())
        return tx.status();
    if (Status s = db.execScript(QStringLiteral("PRAGMA defer_foreign_keys = ON")); !s)
        return s;
    // What a new register starts with is replaced by the backup's own rows.
    for (const QString& t : {QStringLiteral("meta"), QStringLiteral("schema_migrations"),
                             QStringLiteral("retention_policies"), QStringLiteral("maintenance")}) {
        auto del = db.exec(QStringLiteral("DELETE FROM %1").arg(quoted(t)));
        if (!del)
            return del.error();
    }
    for (const QString& name : *order) {
        if (!tables.contains(name))
            continue;
        const DumpTable& t = tables.value(name);
        QMap<QString, QString> types;
        auto info = db.exec(QStringLiteral("PRAGMA table_info(%1)").arg(quoted(name)));
        if (!info)
            return info.error();
        while (info->next())
            types.insert(info->value(1).toString(), info->value(2).toString().toUpper());
        QStringList columns, marks;
        for (const QString& c : t.columns) {
            if (!types.contains(c))
                return hostileDump(shownName, Backup::tr("the column %1 of the table %2").arg(c, name));
            columns << quoted(c);
            marks << QStringLiteral("?");
        }
        const QString sql =
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                .arg(quoted(name), columns.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
        for (const auto& row : t.rows) {
            QVariantList binds;
            for (qsizetype i = 0; i < row.size(); ++i) {
                const QString& type = types.value(t.columns.at(i));
                if (!row.at(i)) {
                    binds << QVariant();
                } else if (type.contains(u"BLOB")) {
                    const QByteArray& v = *row.at(i);
                    if (!v.startsWith("\\x"))
                        return hostileDump(
                            shownName,
                            Backup::tr("a value of the column %1 of the table %2").arg(t.columns.at(i), name));
                    binds << QByteArray::fromHex(v.mid(2));
                } else if (type.contains(u"INT")) {
                    bool ok = false;
                    const qlonglong n = row.at(i)->toLongLong(&ok);
                    binds << (ok ? QVariant(n) : QVariant(QString::fromUtf8(*row.at(i))));
                } else {
                    binds << QString::fromUtf8(*row.at(i));
                }
            }
            auto ins = db.exec(sql, binds);
            if (!ins)
                return makeError(
                    ErrorCode::Integrity,
                    Backup::tr("The backup %1 cannot be read into a register: %2").arg(shownName, ins.message()));
        }
    }
    return tx.commit();
}

} // namespace tirkeu::registry::backup
