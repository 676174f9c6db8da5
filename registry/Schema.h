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
    // From this version on, every protected row is bound to the audit chain (AuditLog row binding).
    static constexpr int kRowBindingVersion = 5;
    static constexpr int kHolderBindingVersion = 21;       // persons and organisations bound to the event log
    static constexpr int kRulesBindingVersion = 23;        // the loaded rules files bound to the event log
    static constexpr int kRulesAppliedBindingVersion = 24; // each record's rules edition bound to the event log
    static const QList<Migration>& migrations();
    static int latestVersion();
    // 0 for an empty database: the highest version applied.
    static Result<int> currentVersion(Database& db);
    // Known migrations up to `target` (default: latest) not recorded in the register. Migrations are
    // numbered by the branch that wrote them and may land out of order: a register at version 9 may
    // still lack 5 or 7, and gets them on the next upgrade.
    static Result<QList<int>> missingVersions(Database& db, int target = -1);
    // Brings the register up to `target` (default: latest). Refuses a newer register.
    // Every applied version, ascending.
    static Result<QList<int>> appliedVersions(Database& db);
    static Result<bool> isApplied(Database& db, int version);
    static Status migrate(Database& db, int target = -1);
    // PostgreSQL two-role model (README "Trust model"): run as the schema owner (db init / db migrate),
    // gives the application role only what the workflows need — SELECT, INSERT, UPDATE, DELETE on the
    // register's tables (SELECT only on schema_migrations), the identity sequences, also for tables a
    // later migration adds — and nothing else: no TRUNCATE, no DDL, no trigger changes, no ownership.
    // Refuses SQLite and a role name that is not a plain identifier, or the owner itself.
    static Status grantApplicationRole(Database& db, const QString& role);
    // Refuses a register newer than this program, or one that is not migrated yet.
    static Status checkCompatible(Database& db);
};

} // namespace tirkeu::registry
