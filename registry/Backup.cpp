#include "registry/Backup.h"

#include "registry/AuditLog.h"
#include "registry/BackupSteps.h"
#include "registry/Clock.h"
#include "registry/FaultInjection.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"
#include "registry/Schema.h"
#include "registry/SchemaCheck.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlRecord>

#include <sqlite3.h>

#include <fcntl.h>
#include <functional>
#include <unistd.h>

namespace tirkeu::registry {

using namespace backup;

namespace {

// Tables a new register already fills (migration seed rows); everything else starts empty.
const QStringList& seedTables() {
    static const QStringList t = {QStringLiteral("meta"), QStringLiteral("schema_migrations"),
                                  QStringLiteral("retention_policies"), QStringLiteral("maintenance")};
    return t;
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

Result<bool> Backup::holdsNoRegister(Database& db) {
    auto tables = db.schemaObjects(QStringLiteral("table"));
    if (!tables)
        return tables.error();
    if (tables->isEmpty())
        return true;
    auto version = Schema::currentVersion(db);
    if (!version)
        return version.error();
    if (*version == 0)
        return false; // tables, and no schema Tirkeu made
    auto tirkeus = SchemaCheck::pgObjects(*version);
    if (!tirkeus)
        return tirkeus.error();
    const QSet<QString> known = tirkeus->value(QStringLiteral("TABLE"));
    for (const QString& t : *tables)
        if (t != u"schema_migrations" && !known.contains(t))
            return false;
    auto triggers = SchemaCheck::triggerDifferences(db);
    if (!triggers)
        return triggers.error();
    if (!triggers->isEmpty())
        return false;
    return isEmptyRegister(db);
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
    if (out.exists() || out.isSymLink()) // a dangling link too: the copy would land where it points
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
    if (RunControl::isCancelled(control))
        return makeError(ErrorCode::Failure, tr("The backup was cancelled: no backup file was written."));
    // Recorded before a byte of the copy exists: a run killed at any moment leaves no copy of the register
    // that the event log does not name (register.backed_up follows with the copy's size and SHA-256).
    const Status started = db.transact([&]() -> Status {
        auto ev = reg.audit().append(by.login, report.file, QStringLiteral("register.backup_started"),
                                     {{QStringLiteral("file"), report.file}});
        return ev ? Status() : Status(ev.error());
    });
    if (!started)
        return started.error();
    faultPoint("backup-after-start");
    QFile::remove(part);
    if (Status s = createPrivateFile(part); !s)
        return s.error();
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
    if (Status s = OutputFiles::moveNew(part, report.file); !s) {
        QFile::remove(part);
        return s.error();
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

namespace {
// Whether `copy` (a copy not yet confirmed, whose newest event is its register.migrated) is the one `source` was
// retired towards: the source retires itself in the transaction that is copied (its writer lock held throughout),
// so the copy's register.migrated follows the source's newest register.migrated_out, of one register identity.
Result<bool> copyOfThisMove(Database& source, Database& copy) {
    if (source.moveState().kind != Database::MoveState::Kind::Moved)
        return false;
    auto out = source.row(QStringLiteral("SELECT hash, (SELECT value FROM meta WHERE key = 'register_id') FROM "
                                         "audit_events WHERE event_type = 'register.migrated_out' ORDER BY seq DESC "
                                         "LIMIT 1"));
    if (!out)
        return out.error();
    auto in = copy.row(QStringLiteral("SELECT prev_hash, (SELECT value FROM meta WHERE key = 'register_id') FROM "
                                      "audit_events WHERE event_type = 'register.migrated' ORDER BY seq DESC LIMIT 1"));
    if (!in)
        return in.error();
    const QString retired = out->value(0).toString();
    return !retired.isEmpty() && retired == in->value(0).toString() && !out->value(1).toString().isEmpty() &&
           out->value(1).toString() == in->value(1).toString();
}
} // namespace

Result<CopyReport> Backup::migrate(Register& from, const Session& by, Database& to) {
    if (Status s = Roles::require(by, Permission::ManageRegister); !s)
        return s.error();
    const QString fromLocation = Database::redactedLocation(from.db().location());
    // Where the register goes, as the source names it for good (no password; a file by its absolute path).
    const QString toLocation = Database::redactedLocation(to.location());
    const Clock& clock = from.clock();
    // The marks and events of a move are the schema owner's to write on PostgreSQL (migration 27): refused before
    // anything is written, rather than once the copy is made.
    for (Database* db : {&from.db(), &to}) {
        auto owner = db->writesAsSchemaOwner();
        if (!owner)
            return owner.error();
        if (!*owner)
            return makeError(ErrorCode::Forbidden,
                             tr("db migrate moves a PostgreSQL register only as its schema owner (the role that ran "
                                "db init), not as the application role: %1. Nothing was changed.")
                                 .arg(Database::redactedLocation(db->location())));
    }
    // A copy left by a run that stopped between the copy's commit and the source's retirement (meta moving_from):
    // finished when the source was retired by then, else named and refused (the source is the register in use).
    if (const Database::MoveState target = to.moveState(); target.kind == Database::MoveState::Kind::UnconfirmedCopy) {
        const QString& pendingFrom = target.location;
        // The copy the source was retired towards, however either is spelled this time (a linked folder, another
        // host name or login): the two move events follow the same event, the source's head when it was copied.
        // Until 2026-12-07 the locations were compared as text, and the copy was called "never used" with advice
        // to remove it — the only register that could take writes (attack of session 30, A8).
        auto sameMove = copyOfThisMove(from.db(), to);
        if (!sameMove)
            return sameMove.error();
        if (*sameMove || (pendingFrom == fromLocation && from.db().movedTo() == toLocation)) {
            if (Status s = to.confirmMove(); !s)
                return s.error();
            CopyReport finished;
            finished.method = QStringLiteral("table-copy");
            finished.finishedInterruptedMove = true;
            return finished;
        }
        if (const Database::MoveState source = from.db().moveState(); source.kind == Database::MoveState::Kind::Moved)
            return makeError(ErrorCode::Conflict,
                             tr("%1 holds an unfinished copy of %2 from another db migrate: %2 was moved to %3, which "
                                "is the register in use. This copy was never used (it refuses every write); remove it "
                                "when you have checked that %3 takes writes.")
                                 .arg(toLocation, fromLocation, source.location));
        return makeError(ErrorCode::Conflict,
                         tr("%1 holds an unfinished copy of %2 from a db migrate that stopped before %2 was retired; "
                            "it was never used (it refuses every write). Remove it (delete the file, or drop and "
                            "create the PostgreSQL database) and run db migrate again.")
                             .arg(toLocation, pendingFrom));
    }
    SourceSteps steps;
    // Recorded in the source before a byte of the copy exists (attack of session 28, F6), as a backup's
    // register.backup_started: a run killed at any moment leaves no copy the source's event log does not name.
    // (After the target's checks: a refused move records nothing.)
    steps.started = [&]() -> Status {
        return from.db().transact([&]() -> Status {
            auto ev = from.audit().append(by.login, toLocation, QStringLiteral("register.migrating"),
                                          {{QStringLiteral("from"), fromLocation}, {QStringLiteral("to"), toLocation}});
            return ev ? Status() : Status(ev.error());
        });
    };
    // The source is retired in the transaction that holds its writer lock during the copy: its event and the
    // mark that refuses every later write (committed once the copy is verified).
    steps.retire = [&](Database& source) -> Status {
        auto ev = from.audit().append(by.login, toLocation, QStringLiteral("register.migrated_out"),
                                      {{QStringLiteral("from"), fromLocation}, {QStringLiteral("to"), toLocation}});
        if (!ev)
            return ev.error();
        auto mark = source.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moved_to', ?)"), {toLocation});
        return mark ? Status() : Status(mark.error());
    };
    auto copied = copyRegister(
        from.db(), to, clock,
        [&](Database& target) -> Result<int> {
            // The copy is the register in use once the source is retired: without the source's mark, with its
            // own until then (Database::moveState, UnconfirmedCopy).
            auto unmark = target.exec(QStringLiteral("DELETE FROM meta WHERE key = 'moved_to'"));
            if (!unmark)
                return unmark.error();
            auto pending =
                target.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moving_from', ?)"), {fromLocation});
            if (!pending)
                return pending.error();
            AuditLog audit(target, clock);
            auto ev = audit.append(by.login, Database::redactedLocation(target.location()),
                                   QStringLiteral("register.migrated"),
                                   {{QStringLiteral("from"), fromLocation},
                                    {QStringLiteral("to"), Database::redactedLocation(target.location())}});
            if (!ev)
                return ev.error();
            return 1;
        },
        nullptr, &steps);
    if (!copied)
        return copied;
    faultPoint("migrate-before-confirm");
    if (Status s = to.confirmMove(); !s)
        return makeError(s.code(),
                         tr("The register was moved to %1, but the copy could not be opened for writing (%2): "
                            "run the same db migrate again to finish the move.")
                             .arg(toLocation, s.message()));
    return copied;
}

Result<CopyReport> Backup::copyRegister(Database& from, Database& to, const Clock& clock,
                                        const std::function<Result<int>(Database&)>& finish, const RunControl* control,
                                        const SourceSteps* steps) {
    if (&from == &to || (from.engine() == to.engine() && from.location() == to.location()))
        return makeError(ErrorCode::Usage, tr("The source and the target are the same register."));
    if (Status s = Schema::checkCompatible(from); !s)
        return s.error();
    if (Status s = Schema::migrate(to); !s)
        return s.error();
    // Test-only (registry/FaultInjection.h): killed with the target's schema made (committed) and no row copied.
    faultPoint("copy-after-target-schema");
    auto empty = isEmptyRegister(to);
    if (!empty)
        return empty.error();
    if (!*empty)
        return makeError(
            ErrorCode::Conflict,
            tr("The target register %1 is not empty; a register is moved only into an empty one.").arg(to.location()));
    auto vFrom = Schema::appliedVersions(from);
    auto vTo = Schema::appliedVersions(to);
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

    if (steps && steps->started)
        if (Status s = steps->started(); !s)
            return s.error();
    // The source stays still while it is copied: its writer lock is held until the copy is verified.
    Transaction source(from);
    if (!source.ok())
        return source.status().error();
    if (steps && steps->retire)
        if (Status s = steps->retire(from); !s)
            return s.error();
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
    if (Status s = verifyCopy(to, clock, *expected, &report); !s)
        return s.error();
    if (steps && steps->retire) {
        faultPoint("migrate-before-source-commit");
        if (Status s = source.commit(); !s)
            return makeError(s.code(), tr("The register was copied into %1, but the source could not be marked as "
                                          "moved (%2): write only into %1 from now on.")
                                           .arg(Database::redactedLocation(to.location()), s.message()));
    }
    return report;
}
Result<CopyReport> Backup::migrate(Register& from, const Session& by, const QString& toLocation) {
    auto to = Database::open(toLocation);
    if (!to)
        return to.error();
    return migrate(from, by, **to);
}

} // namespace tirkeu::registry
