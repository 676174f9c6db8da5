#pragma once
// The register's schema objects against those Tirkeu's migrations create, in one place for the two that need
// it: db restore refuses a backup whose schema is not Tirkeu's word for word (registry/BackupSteps.cpp, attack
// of session 26, F3, F4, F8), and audit verify names a guard trigger of the register in use that is missing,
// changed, added or disabled (registry/AuditVerify.cpp, attack of session 27). SQLite is compared with a
// reference register built from the migrations; PostgreSQL by the names the migrations' scripts leave. Internal
// to the registry (tests/scripts/test_layers.sh).

#include "registry/Database.h"

#include <QCoreApplication>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tirkeu::registry {

class SchemaCheck {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::SchemaCheck)
public:
    // The schema objects of a SQLite register (tables, indexes, triggers, views), "type name" -> the SQL text
    // that creates them with every run of white space made one space (SQLite's own statistics tables left out).
    static Result<QMap<QString, QString>> sqliteObjects(Database& db);
    // The same of a new register built from Tirkeu's migrations up to `version` (-1: all) in `scratchDir`.
    static Result<QMap<QString, QString>> sqliteReference(const QString& scratchDir, int version = -1);
    // How `found` differs from `expected`, one text each ("trigger x missing", "… changed", "… added"), only
    // objects of `type` ("trigger") when it is given.
    static QStringList differences(const QMap<QString, QString>& expected, const QMap<QString, QString>& found,
                                   const QString& type = {});
    // The names of what the PostgreSQL scripts of the migrations up to `version` (-1: all) create, by kind (TABLE,
    // INDEX, TRIGGER, FUNCTION); without `everCreated`, less what a later one of them drops again.
    static Result<QMap<QString, QSet<QString>>> pgObjects(int version = -1, bool everCreated = false);
    // The guard triggers of the register `db` that are not those the migrations of its schema version create —
    // missing, changed (SQLite), added, or disabled (PostgreSQL) — one text each naming the trigger and its
    // table; empty when every one is in place. A trigger of an earlier migration that a migration landing late
    // (Schema::missingVersions) left beside its replacement is Tirkeu's own and no finding: on SQLite when its
    // text is word for word the one a migration creates, on PostgreSQL by its name.
    static Result<QStringList> triggerDifferences(Database& db);
};

} // namespace tirkeu::registry
