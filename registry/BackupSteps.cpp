#include "registry/BackupSteps.h"

#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

namespace tirkeu::registry::backup {

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

} // namespace tirkeu::registry::backup
