#pragma once
// The steps that registry/Backup.cpp (backup, copy between engines) and registry/BackupRestore.cpp
// (restore) share: SQLite's online copy, the PostgreSQL client tools, the row counts and audit chain of a
// copy, a file's digest. Internal to the registry (tests/scripts/test_layers.sh).

#include "registry/Backup.h"
#include "registry/Database.h"

#include <QMap>
#include <QStringList>

struct sqlite3;

namespace tirkeu::registry::backup {

QString quoted(const QString& identifier);
// SQLite's online backup of `src` into `dst`; with `control`, in steps with progress and a cancel.
Status sqliteCopy(sqlite3* src, sqlite3* dst, const RunControl* control = nullptr);
QString findTool(const QString& name);
QStringList pgConnectionArgs(const Database& db);
Status runPgTool(const Database& db, const QString& tool, const QStringList& args);
Result<QMap<QString, qint64>> rowCounts(Database& db, const QStringList& tables);
// The rows of every table of the register (Backup::tablesInDependencyOrder).
Result<QMap<QString, qint64>> rowCountsOfEveryTable(Database& db);
// Counts equal to `expected` and an intact audit chain in `db`.
// `clock`: the register's, which audit verify judges event dates by.
Status verifyCopy(Database& db, const Clock& clock, const QMap<QString, qint64>& expected, CopyReport* report);
Result<QString> fileSha256(const QString& file);
// Creates `file` empty and readable by its owner only (pki::FileModes::kPrivateFile), so nothing written into it
// later is ever readable by others; the tools that fill it (SQLite, pg_dump) keep the mode of an existing file, and
// SQLite gives a register's -wal and -shm files the register's mode.
Status createPrivateFile(const QString& file);
// Refuses the SQLite register `db` (a backup's private copy) unless its schema objects are exactly those
// Tirkeu's migrations create: a reference register is built from them in `scratchDir` and compared. Reads
// only; nothing of `db` runs (registry/SchemaCheck.h).
Status checkSchemaIsTirkeus(Database& db, const QString& scratchDir, const QString& shownName);
// A pg_dump file read without a database: its table of contents (pg_restore --list) must name only objects
// of Tirkeu's schema, and only its rows (the COPY blocks of pg_restore --data-only --file=-, read as data) are
// written into `sqliteFile`, a new SQLite register built from Tirkeu's migrations. Nothing of the dump runs.
Status rowsOfPgDump(const QString& dumpFile, const QString& sqliteFile, const QString& shownName);

} // namespace tirkeu::registry::backup
