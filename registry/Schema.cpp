#include "registry/Schema.h"

#include "registry/Clock.h"
#include "registry/FaultInjection.h"
#include "registry/SchemaPg.h"
#include "registry/SchemaSql.h"
#include "registry/Search.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace tirkeu::registry {

const QList<Migration>& Schema::migrations() {
    static const QList<Migration> all = {
        {1,
         QStringLiteral("core register: CAs, operators, persons, organisations, applications, certificates, "
                        "revocations, CRLs, audit chain, anchors, archive batches, calendar overrides"),
         QString::fromUtf8(sql::kMigration1)},
        {2, QStringLiteral("protection: immutable audit rows, retention refusal triggers, queue and search indexes"),
         QString::fromUtf8(sql::kMigration2)},
        {3, QStringLiteral("re-issue: applications may replace a certificate; delta CRLs by recording time"),
         QString::fromUtf8(sql::kMigration3)},
        {4,
         QStringLiteral("one key per holder at the Government Bodies CA, enforced by the database; CRL publications "
                        "owed after a key compromise"),
         QString::fromUtf8(sql::kMigration4)},
        {kRowBindingVersion,
         QStringLiteral("evidence guards: no replaced rows or changed keys, certificate status only valid to revoked, "
                        "retention never shrinks, the sweep flag only inside the sweep"),
         QString::fromUtf8(sql::kMigration5)},
        {6, QStringLiteral("holder snapshots: the holder as recorded at issuance and at revocation"),
         QString::fromUtf8(sql::kMigration6)},
        {7, QStringLiteral("sign-in throttling and lockout; CRL number floors kept across a restore"),
         QString::fromUtf8(sql::kMigration7)},
        {8, QStringLiteral("never certify a key twice: SPKI SHA-256 of each certificate, unique"),
         QString::fromUtf8(sql::kMigration8)},
        {9, QStringLiteral("OCSP responder: delegated signing certificates found by CA and profile"),
         QString::fromUtf8(sql::kMigration9)},
        {10,
         QStringLiteral("CRL publication in a safe order: each number reserved and its content recorded before a file "
                        "is renamed into the publish folder"),
         QString::fromUtf8(sql::kMigration10)},
        {11,
         QStringLiteral("revocation semantics: invalidity dates of revocations; certificateHold released (the hold "
                        "kept in hold_releases, removeFromCRL in the next delta CRL)"),
         QString::fromUtf8(sql::kMigration11)},
        {12, QStringLiteral("rules as versioned data: loaded rules files and the rules edition of each record"),
         QString::fromUtf8(sql::kMigration12)},
        {13, QStringLiteral("drafts: applications being typed, kept for the operator who typed them"),
         QString::fromUtf8(sql::kMigration13)},
        {15,
         QStringLiteral("search at national scale: a case-insensitive search key of each person's and "
                        "organisation's name, indexed"),
         QString::fromUtf8(sql::kMigration15)},
        {16, QStringLiteral("bulk issuance: an application's history found by its application"),
         QString::fromUtf8(sql::kMigration16)},
        {17, QStringLiteral("notices to holders: an outbox of revocation notices and expiry reminders sent by e-mail"),
         QString::fromUtf8(sql::kMigration17)},
        {18,
         QStringLiteral("partitioned CRLs: the partitions of each CA (issuingDistributionPoint scopes) and the "
                        "partition of each certificate issued into one"),
         QString::fromUtf8(sql::kMigration18)},
        {19,
         QStringLiteral(
             "drafts: a registered draft keeps the number of its application, so it is not registered twice"),
         QString::fromUtf8(sql::kMigration19)},
        {20, QStringLiteral("search at national scale: the people of a name search's page read from its index alone"),
         QString::fromUtf8(sql::kMigration20)},
        {kHolderBindingVersion, QStringLiteral("the holders (persons, organisations) bound to the event log"),
         QString::fromUtf8(sql::kMigration21)},
        {22,
         QStringLiteral("guards that hold against the application role: a fixed search path in every guard function "
                        "(PostgreSQL), deletions the sweep flag alone allowed need their records gone, a certificate's "
                        "retention shrinks only with its revocation, an issued certificate's columns fixed"),
         QString::fromUtf8(sql::kMigration22)},
        {kRulesBindingVersion, QStringLiteral("the loaded rules files kept and bound to the event log"),
         QString::fromUtf8(sql::kMigration23)},
        {kRulesAppliedBindingVersion,
         QStringLiteral("a certificate's retention computed from facts the application role cannot change: a "
                        "revocation not dated before its certificate (PostgreSQL: nor more than a day before the "
                        "server's clock), retention policies never shortened, a CA's kind fixed; the rules edition "
                        "of each record kept and bound to the event log"),
         QString::fromUtf8(sql::kMigration24)},
        {25,
         QStringLiteral("a certificate released from hold is kept as long as a valid one: its status goes back to "
                        "valid only with a retention until its end plus the record years"),
         QString::fromUtf8(sql::kMigration25)},
        {26,
         QStringLiteral("national scale: the certificates issued in a period found by their CA and issuance time, "
                        "and the valid ones expiring in a period counted in an index, without reading the table"),
         QString::fromUtf8(sql::kMigration26)},
        {27,
         QStringLiteral("a restore's and a move's events, the marks of a move and the CRL number floors written by the "
                        "schema owner alone (PostgreSQL)"),
         QString::fromUtf8(sql::kMigration27)},
        {28,
         QStringLiteral("a key once certified is never certified again: the keys of the certificates the retention "
                        "sweep deletes are kept, never changed or deleted"),
         QString::fromUtf8(sql::kMigration28)},
    };
    return all;
}

int Schema::latestVersion() {
    int latest = 0;
    for (const Migration& m : migrations())
        latest = std::max(latest, m.version);
    return latest;
}

Result<int> Schema::currentVersion(Database& db) {
    auto exists = db.tableExists(QStringLiteral("schema_migrations"));
    if (!exists)
        return exists.error();
    if (!*exists)
        return 0;
    auto v = db.scalar(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    if (!v)
        return v.error();
    return v->toInt();
}

Status Schema::grantApplicationRole(Database& db, const QString& role) {
    if (db.engine() != Engine::Postgres)
        return makeError(ErrorCode::Usage, tr("An application role exists only on a PostgreSQL register."));
    static const QRegularExpression identifier(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!identifier.match(role).hasMatch())
        return makeError(ErrorCode::Usage,
                         tr("%1 is not a plain PostgreSQL role name (lower-case letters, digits, _).").arg(role));
    auto self = db.scalar(QStringLiteral("SELECT current_user"));
    if (!self)
        return self.error();
    if (self->toString() == role)
        return makeError(ErrorCode::Usage,
                         tr("The application role must not be the schema owner %1 that runs db init.").arg(role));
    auto exists = db.scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = ?"), {role});
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0)
        return makeError(ErrorCode::NotFound,
                         tr("There is no PostgreSQL role %1; a database administrator creates it (CREATE ROLE %1 "
                            "LOGIN PASSWORD ...).")
                             .arg(role));
    const QString script =
        QStringLiteral("REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
                       "GRANT USAGE ON SCHEMA public TO %1;\n"
                       "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %1;\n"
                       "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %1;\n"
                       "REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM %1;\n"
                       "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %1;\n"
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES "
                       "TO %1;\n"
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %1;\n"
                       // No temporary tables: the guard functions read their tables through a fixed search
                       // path (migration 22), and the role has no use for them. Only the database's owner
                       // (or a member of its role) may take TEMPORARY from PUBLIC; where the schema owner is
                       // not, PUBLIC keeps it and the fixed search path is the guard.
                       "DO $$ BEGIN IF pg_has_role((SELECT datdba FROM pg_database WHERE datname = "
                       "current_database()), 'USAGE') THEN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM "
                       "PUBLIC, %I', current_database(), '%1'); END IF; END $$")
            .arg(role);
    Transaction tx(db);
    if (!tx.ok())
        return tx.status();
    if (Status s = db.execScript(script); !s)
        return s;
    return tx.commit();
}

Result<QList<int>> Schema::appliedVersions(Database& db) {
    QList<int> out;
    auto exists = db.tableExists(QStringLiteral("schema_migrations"));
    if (!exists)
        return exists.error();
    if (!*exists)
        return out;
    auto q = db.exec(QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!q)
        return q.error();
    while (q->next())
        out << q->value(0).toInt();
    return out;
}

Result<bool> Schema::isApplied(Database& db, int version) {
    auto applied = appliedVersions(db);
    if (!applied)
        return applied.error();
    return applied->contains(version);
}

Result<QList<int>> Schema::missingVersions(Database& db, int target) {
    if (target < 0)
        target = latestVersion();
    auto applied = appliedVersions(db);
    if (!applied)
        return applied.error();
    QList<int> missing;
    for (const Migration& m : migrations())
        if (m.version <= target && !applied->contains(m.version))
            missing.append(m.version);
    return missing;
}

Status Schema::checkCompatible(Database& db) {
    auto current = currentVersion(db);
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return makeError(ErrorCode::Database,
                         tr("This register was written by a newer Tirkeu (schema version %1); this program knows "
                            "versions up to %2. Install the newer Tirkeu to open it.")
                             .arg(*current)
                             .arg(latestVersion()));
    if (*current < latestVersion())
        return makeError(
            ErrorCode::Database,
            tr("This register has schema version %1 and needs to be upgraded to %2 (opening it in the Tirkeu "
               "window, or the command db init, upgrades it).")
                .arg(*current)
                .arg(latestVersion()));
    auto missing = missingVersions(db);
    if (!missing)
        return missing.error();
    if (!missing->isEmpty())
        return makeError(
            ErrorCode::Database,
            tr("This register lacks schema migration %1 and needs to be upgraded (opening it in the Tirkeu "
               "window, or the command db init, upgrades it).")
                .arg(missing->constFirst()));
    return {};
}

Status Schema::migrate(Database& db, int target) {
    if (target < 0)
        target = latestVersion();
    auto current = currentVersion(db);
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return checkCompatible(db);
    auto missing = missingVersions(db, target);
    if (!missing)
        return missing.error();
    for (const Migration& m : migrations()) {
        if (!missing->contains(m.version))
            continue;
        Transaction tx(db);
        if (!tx.ok())
            return tx.status();
        // Another workstation may have upgraded the register while this one waited for the lock.
        auto fresh = missingVersions(db, target);
        if (!fresh)
            return fresh.error();
        if (!fresh->contains(m.version))
            continue;
        QString script = m.sqlite;
        if (db.engine() == Engine::Postgres) {
            auto pg = SchemaPg::script(m.version, m.sqlite);
            if (!pg)
                return pg.error();
            script = *pg;
        }
        if (Status s = db.execScript(script); !s)
            return makeError(
                ErrorCode::Database,
                tr("Upgrading the register to schema version %1 failed: %2").arg(m.version).arg(s.message()));
        const QString now = toDbTime(QDateTime::currentDateTimeUtc());
        auto rec = db.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at, description) "
                                          "VALUES (?, ?, ?)"),
                           {m.version, now, m.description});
        if (!rec)
            return rec.error();
        if (m.version == 15) {
            if (Status s = Search::fillKeys(db); !s)
                return makeError(
                    ErrorCode::Database,
                    tr("Upgrading the register to schema version %1 failed: %2").arg(m.version).arg(s.message()));
        }
        if (m.version == 1) {
            auto id = db.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('register_id', ?), "
                                             "('created_at', ?)"),
                              {QUuid::createUuid().toString(QUuid::WithoutBraces), now});
            if (!id)
                return id.error();
        }
        // Test-only (registry/FaultInjection.h): killed with the migration applied but not committed.
        faultPoint(QByteArray("schema-migration-" + QByteArray::number(m.version) + "-before-commit").constData());
        if (Status s = tx.commit(); !s)
            return s;
    }
    return {};
}

} // namespace tirkeu::registry
