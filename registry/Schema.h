#pragma once
// Versioned schema migrations. Each migration is applied once, in order, inside one transaction and
// recorded in schema_migrations. A register whose version is higher than this program knows is
// refused with a clear message (an older binary never writes into a newer register).

#include "registry/Database.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tirkeu::registry {

struct Migration {
    int version;
    QString description;
    QString sqlite; // statements separated by ";\n"
};

class Schema {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Schema)
public:
    static const QList<Migration>& migrations();
    static int latestVersion();
    // 0 for an empty database.
    static Result<int> currentVersion(Database& db);
    // Known migrations up to `target` (default: latest) not recorded in the register. Migrations are
    // numbered by the branch that wrote them and may land out of order: a register at version 9 may
    // still lack 5 or 7, and gets them on the next upgrade.
    static Result<QList<int>> missingVersions(Database& db, int target = -1);
    // Brings the register up to `target` (default: latest). Refuses a newer register.
    static Status migrate(Database& db, int target = -1);
    // Refuses a register newer than this program, or one that is not migrated yet.
    static Status checkCompatible(Database& db);
};

} // namespace tirkeu::registry
