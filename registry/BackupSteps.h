#pragma once
// The steps that registry/Backup.cpp (backup, copy between engines) and registry/BackupRestore.cpp
// (restore) share: SQLite's online copy, the PostgreSQL client tools, row counts and the audit chain of a
// copy, the files' magic and digest, private files and folders, the CRL number floors kept over a restore,
// and the administrator who signs for it. Internal to the registry (tests/scripts/test_layers.sh).

#include "registry/Backup.h"
#include "registry/Database.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>

struct sqlite3;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::registry::backup {

// Tables a new register already fills (migration seed rows); everything else starts empty.
const QStringList& seedTables();
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
Status verifyCopy(Database& db, const QMap<QString, qint64>& expected, CopyReport* report);
Result<QStringList> migrationVersions(Database& db);
Status copyTable(Database& from, Database& to, const QString& table, qint64* rows);
// After rows were copied with their ids, identity columns continue after the highest id.
Status resetIdentities(Database& db);
Result<QByteArray> fileMagic(const QString& file);
Result<QString> fileSha256(const QString& file);
// A backup holds every holder's personal data: its folder must be closed to other users.
Status checkPrivateFolder(const QString& dir);
// Creates `file` empty and readable by its owner only (0600).
Status createPrivateFile(const QString& file);
// The highest CRL number of each CA (by code): published CRLs and the floors kept over restores.
Result<QMap<QString, qint64>> highestCrlNumbers(Database& db);

struct ChainState {
    qint64 headSeq = 0;
    QString headHash;
    QString lastAnchorDay;
    QString registerId;
};
Result<ChainState> chainState(Database& db);
// Raises the CRL number floor of every CA of `db` to at least `highest` (CA code -> number).
Status keepCrlFloors(Database& db, const QMap<QString, qint64>& highest, const QDateTime& now);
Error notSignedIn();
// Signs in on `reg` and checks the right to manage the register.
Result<Session> administrator(Register& reg, const QString& login, const QString& password);

} // namespace tirkeu::registry::backup
