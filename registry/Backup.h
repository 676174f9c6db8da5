#pragma once
// Backing up, restoring and moving a whole register.
// - SQLite: backup() uses SQLite's online backup API (a consistent copy while others keep working);
//   restore() copies a backup file into the register location the same way.
// - PostgreSQL: backup() runs pg_dump (custom format) when it is installed, else it refuses with the
//   exact pg_dump command; restore() runs pg_restore into an empty database. A SQLite backup file can
//   also be restored into an empty PostgreSQL register (it is then copied table by table, as migrate).
// - migrate() copies every table of one register into an empty one (any engine to any engine) in one
//   transaction, in foreign-key order, then checks the row counts and the audit chain.

#include "registry/Database.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tirkeu::registry {

struct BackupReport {
    QString file;
    qint64 bytes = 0;
    QString method;  // "sqlite-online-backup" or "pg_dump"
    QString command; // the external command run (PostgreSQL), without a password
};

struct CopyReport {
    QMap<QString, qint64> rows; // table -> rows copied (and verified)
    qint64 auditEvents = 0;     // events whose chain was verified in the target
    QString method;             // "sqlite-online-backup", "pg_restore" or "table-copy"
    qint64 total() const {
        qint64 n = 0;
        for (qint64 v : rows)
            n += v;
        return n;
    }
};

class Backup {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Backup)
public:
    // Writes a backup of `db` to `outFile` (which must not exist yet).
    static Result<BackupReport> backup(Database& db, const QString& outFile);
    // The pg_dump command line that backs up `db` (PostgreSQL), for messages and documentation.
    static QString pgDumpCommand(const Database& db, const QString& outFile);
    // Restores `fromFile` (a Tirkeu SQLite register or backup, or a pg_dump file) into the register at
    // `location`, which must be empty (a missing SQLite file, or a database without tables or with
    // only an empty register) unless `replace` is set (SQLite only).
    static Result<CopyReport> restore(const QString& fromFile, const QString& location, bool replace = false);
    // Copies every table of `from` into `to` (the schema is created there first; `to` must be empty).
    static Result<CopyReport> migrate(Database& from, Database& to);

    // Tables in an order where every table comes after the tables it references.
    static Result<QStringList> tablesInDependencyOrder(Database& db);
    // True when the register holds nothing but what a new register starts with.
    static Result<bool> isEmptyRegister(Database& db);
};

} // namespace tirkeu::registry
