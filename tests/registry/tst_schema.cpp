// The register's schema: versioned migrations, the upgrade path from version 1, refusal of a register
// written by a newer program, and the connection settings (WAL, foreign keys) every register runs with.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "registry/FaultInjection.h"
#include "registry/Schema.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QUuid>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

QByteArray fileSha256(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// "1,2,3,…": the version of every migration this program knows, in order.
QString allVersions() {
    QStringList known;
    for (const Migration& m : Schema::migrations())
        known << QString::number(m.version);
    return known.join(u',');
}

QStringList triggerNames(Database& db) {
    QStringList out;
    auto q = db.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"));
    if (!q)
        return {QStringLiteral("<query failed: %1>").arg(q.message())};
    while (q->next())
        out << q->value(0).toString();
    return out;
}

} // namespace

// A register written by a program that did not know migration `skipped`: every other migration
// applied, the ones above it by hand as that program would have.
static void migrateWithoutOne(Database& db, int skipped) {
    TIRKEU_VERIFY_OK(Schema::migrate(db, skipped - 1));
    for (const Migration& m : Schema::migrations()) {
        if (m.version <= skipped)
            continue;
        TIRKEU_VERIFY_OK(db.execScript(m.sqlite));
        TIRKEU_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at, description) "
                                                "VALUES (?, '2026-01-01T00:00:00.000Z', ?)"),
                                 {m.version, m.description}));
    }
}

// A register of schema version 20 (before the holders were bound) holding one person and one organisation.
static void versionTwentyRegister(const QString& path) {
    auto db = Database::open(path);
    TIRKEU_VERIFY_OK(db);
    TIRKEU_VERIFY_OK(Schema::migrate(**db, 20));
    TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral(
        "INSERT INTO persons (id, iin, surname, name, email, created_at, updated_at, retention_until, search_key) "
        "VALUES (1, '900701300108', 'Қасымова', 'Әлия', 'aliya@example.kz', '2026-01-02T05:00:00.000Z', "
        "'2026-01-02T05:00:00.000Z', '2031-01-02T05:00:00.000Z', 'қасымова әлия')")));
    TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral(
        "INSERT INTO organisations (id, bin, full_name, kind, created_at, updated_at, retention_until, search_key) "
        "VALUES (1, '190140012345', 'Жарық ЖШС', 'legal_entity', '2026-01-02T05:00:00.000Z', "
        "'2026-01-02T05:00:00.000Z', '2031-01-02T05:00:00.000Z', 'жарық жшс')")));
}

// An e-mail of holder 1 edited outside Tirkeu is found by audit verify at persons 1.
static void expectEditedHolderFound(Register& reg) {
    TIRKEU_VERIFY_OK(reg.db().exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = 1")));
    auto report = reg.audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after a holder's e-mail was edited");
    QCOMPARE(report->badTable, QStringLiteral("persons"));
    QCOMPARE(report->badKey, QStringLiteral("1"));
}

// A register of schema version 23 (before rules_applied was bound) holding the editions two records were handled
// under (their records need not exist for the binding).
static void versionTwentyThreeRegister(const QString& path) {
    auto db = Database::open(path);
    TIRKEU_VERIFY_OK(db);
    TIRKEU_VERIFY_OK(Schema::migrate(**db, 23));
    TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral(
        "INSERT INTO rules_applied (record, record_id, rules_version, recorded_at) VALUES ('application', 1, "
        "'builtin-2026.1@2010-12-30', '2026-01-02T05:00:00.000Z'), ('certificate', 1, 'builtin-2026.1@2010-12-30', "
        "'2026-01-03T05:00:00.000Z')")));
}

// The edition of application 1, changed outside Tirkeu with its guard dropped, is found by audit verify.
static void expectEditedEditionFound(Register& reg) {
    TIRKEU_VERIFY_OK(reg.db().execScript(QStringLiteral("DROP TRIGGER rules_applied_immutable")));
    TIRKEU_VERIFY_OK(reg.db().exec(QStringLiteral("UPDATE rules_applied SET rules_version = 'long@2010-12-30' WHERE "
                                                  "record = 'application' AND record_id = 1")));
    auto report = reg.audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after an edition was edited");
    QCOMPARE(report->badTable, QStringLiteral("rules_applied"));
    QCOMPARE(report->badKey, QStringLiteral("application:1"));
}

class SchemaTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshRegisterHasLatestVersionAndRegisterId();
    void reopeningDoesNotMigrateAgain();
    void upgradeFromVersionOneKeepsRowsAndAddsTriggers();
    void existingModeRefusesRegisterThatNeedsUpgrade();
    void upgradeKilledBeforeItsCommitLeavesTheOldSchema();
    void registerAtLatestVersionWithAGapGetsTheMissingMigration();
    void rowBindingLandsAfterLaterMigrations();
    void upgradeBindsTheHoldersAsTheyAre();
    void upgradeKilledBeforeTheBindingLeavesTheOldSchema();
    void deletedMigrationRowDoesNotRebindChangedHolders();
    void rulesAppliedRowsAreProtectedAndBound();
    void upgradeKilledBeforeBindingRulesAppliedLeavesVersion23();
    void newerRegisterIsRefusedAndNothingIsWritten();
    void missingFileInExistingModeIsNotFoundAndNotCreated();
    void connectionUsesWalAndForeignKeys();
    void cachedStatementsAreReusedAndFinished();
};

void SchemaTest::freshRegisterHasLatestVersionAndRegisterId() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));

    // The newest migration's number (4 and later: each helper appends its own).
    QCOMPARE(Schema::latestVersion(), Schema::migrations().constLast().version);
    QVERIFY(Schema::latestVersion() >= 4);
    auto version = Schema::currentVersion(f.reg->db());
    TIRKEU_VERIFY_OK(version);
    QCOMPARE(*version, Schema::latestVersion());
    // Every migration is recorded once, in order.
    QCOMPARE(f.count(QStringLiteral("schema_migrations")), qint64(Schema::migrations().size()));
    QCOMPARE(f.scalar(QStringLiteral("SELECT group_concat(version) FROM (SELECT version FROM schema_migrations "
                                     "ORDER BY version)"))
                 .toString(),
             allVersions());

    auto info = f.reg->info();
    TIRKEU_VERIFY_OK(info);
    QCOMPARE(info->schemaVersion, Schema::latestVersion());
    QCOMPARE(info->latestSchemaVersion, Schema::latestVersion());
    QVERIFY2(!QUuid::fromString(info->registerId).isNull(), qPrintable(info->registerId));
    QVERIFY(fromDbTime(info->createdAt).isValid());
    QCOMPARE(QFileInfo(info->location).canonicalFilePath(), QFileInfo(f.path()).canonicalFilePath());
    QCOMPARE(info->operators, qint64(0));
    QCOMPARE(info->auditEvents, qint64(0));
    // The default retention policies of SPEC.md: 5 years (Root, National), 10 years (Government).
    QCOMPARE(f.scalar(QStringLiteral("SELECT group_concat(ca_kind || '=' || record_years || '/' || event_log_years) "
                                     "FROM (SELECT * FROM retention_policies ORDER BY ca_kind)"))
                 .toString(),
             QStringLiteral("government=10/1,national=5/1,root=5/1"));
    QCOMPARE(f.scalar(QStringLiteral("SELECT sweep_active FROM maintenance WHERE id = 1")).toInt(), 0);
}

void SchemaTest::reopeningDoesNotMigrateAgain() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    const QString registerId = f.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString();
    QVERIFY(!registerId.isEmpty());

    QVERIFY2(f.open(Register::OpenMode::CreateOrUpgrade), qPrintable(f.error));
    QVERIFY2(f.open(Register::OpenMode::Existing), qPrintable(f.error));
    QCOMPARE(f.count(QStringLiteral("schema_migrations")), qint64(Schema::migrations().size()));
    QCOMPARE(f.count(QStringLiteral("meta WHERE key = 'register_id'")), qint64(1));
    QCOMPARE(f.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString(), registerId);
}

void SchemaTest::upgradeFromVersionOneKeepsRowsAndAddsTriggers() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        TIRKEU_VERIFY_OK(Schema::migrate(**db, 1));
        auto version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, 1);
        QCOMPARE(triggerNames(**db), QStringList());

        // Rows as a version-1 program wrote them.
        const QString ts = QStringLiteral("2025-06-02T05:00:00.000Z");
        const QString keep = QStringLiteral("2030-06-02T05:00:00.000Z");
        const QStringList rows = {
            QStringLiteral(
                "INSERT INTO operators (id, login, full_name, role, password_hash, created_at) VALUES "
                "(1, 'admin', 'Жұмабаева Гүлнар', 'administrator', 'scrypt$15$8$1$c2FsdA==$aGFzaA==', '%1')"),
            QStringLiteral("INSERT INTO cas (id, code, name, kind, created_at) VALUES (1, 'NCA-RSA', 'Ұлттық КО', "
                           "'national', '%1')"),
            QStringLiteral(
                "INSERT INTO persons (id, iin, surname, name, created_at, updated_at, retention_until) VALUES "
                "(1, '900701300108', 'Қасымова', 'Әлия', '%1', '%1', '%2')"),
            QStringLiteral(
                "INSERT INTO applications (id, ca_id, form_code, purpose, status, data, consent, received_at, "
                "person_id, registered_by, retention_until) VALUES (1, 1, 'NCA-ISSUE-IND', 'issue', "
                "'registered', '{}', 1, '%1', 1, 1, '%2')"),
            QStringLiteral(
                "INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, retention_until, "
                "prev_hash, hash) VALUES (1, '%1', 'admin', '900701300108', 'application.registered', '{}', "
                "'%2', '0000', 'h1')"),
        };
        for (const QString& sql : rows)
            TIRKEU_VERIFY_OK(
                (*db)->exec(QString(sql).replace(QStringLiteral("%1"), ts).replace(QStringLiteral("%2"), keep)));
        // Version 1 has no protection yet: the audit row can still be changed.
        TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral("UPDATE audit_events SET details = '{}' WHERE seq = 1")));

        TIRKEU_VERIFY_OK(Schema::migrate(**db));
        version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, Schema::latestVersion());
    }

    auto reg = Register::open(path, Register::OpenMode::Existing);
    TIRKEU_VERIFY_OK(reg);
    Database& db = (*reg)->db();
    // The rows survived the upgrade, unchanged.
    auto q = db.exec(QStringLiteral("SELECT p.surname, p.name, a.status, o.login, e.hash FROM applications a "
                                    "JOIN persons p ON p.id = a.person_id JOIN operators o ON o.id = a.registered_by "
                                    "JOIN audit_events e ON e.seq = 1 WHERE a.id = 1"));
    TIRKEU_VERIFY_OK(q);
    QVERIFY(q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("Қасымова"));
    QCOMPARE(q->value(1).toString(), QStringLiteral("Әлия"));
    QCOMPARE(q->value(2).toString(), QStringLiteral("registered"));
    QCOMPARE(q->value(3).toString(), QStringLiteral("admin"));
    QCOMPARE(q->value(4).toString(), QStringLiteral("h1"));
    auto cas = db.scalar(QStringLiteral("SELECT count(*) FROM cas"));
    TIRKEU_VERIFY_OK(cas);
    QCOMPARE(cas->toInt(), 1);
    // register_id was written once, by migration 1.
    auto ids = db.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'register_id'"));
    TIRKEU_VERIFY_OK(ids);
    QCOMPARE(ids->toInt(), 1);

    // Migration 2 added the protection, and it now guards the old rows too.
    const QStringList triggers = triggerNames(db);
    for (const char* name :
         {"audit_events_immutable", "audit_events_retention", "applications_retention", "persons_retention",
          "certificates_retention", "revocations_retention", "audit_anchors_immutable", "archive_batches_kept"})
        QVERIFY2(triggers.contains(QLatin1String(name)), name);
    auto up = db.exec(QStringLiteral("UPDATE audit_events SET details = '{\"x\":1}' WHERE seq = 1"));
    QVERIFY(!up);
    QVERIFY2(up.message().contains(u"audit: events cannot be changed"), qPrintable(up.message()));
    auto del = db.exec(QStringLiteral("DELETE FROM persons WHERE id = 1"));
    QVERIFY(!del);
    QVERIFY2(del.message().contains(u"retention: a person cannot be deleted"), qPrintable(del.message()));
    auto indexes = db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = "
                                            "'applications_queue'"));
    TIRKEU_VERIFY_OK(indexes);
    QCOMPARE(indexes->toInt(), 1);
}

void SchemaTest::existingModeRefusesRegisterThatNeedsUpgrade() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v1.sqlite"));
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        TIRKEU_VERIFY_OK(Schema::migrate(**db, 1));
    }
    auto reg = Register::open(path, Register::OpenMode::Existing);
    TIRKEU_VERIFY_ERROR(reg, ErrorCode::Database);
    QVERIFY2(reg.message().contains(u"upgrade"), qPrintable(reg.message()));
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        auto version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, 1); // refusing did not upgrade it behind the user's back
    }
    auto upgraded = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(upgraded);
    auto version = Schema::currentVersion((*upgraded)->db());
    TIRKEU_VERIFY_OK(version);
    QCOMPARE(*version, Schema::latestVersion());
}

// The real tirkeu-cli upgrading a register is killed (SIGKILL, TIRKEU_FAULT_AT) with the last migration applied
// but not committed: the register keeps the previous schema whole (migration 20 drops an index and builds it
// again: the old index is still there, not neither) and the next `db init` upgrades it.
void SchemaTest::upgradeKilledBeforeItsCommitLeavesTheOldSchema() {
    if (!faultInjectionBuilt())
        QSKIP("built without TIRKEU_FAULT_INJECTION");
    if (cliBinary().isEmpty())
        QSKIP("TIRKEU_CLI is not set (run through ctest)");
    const int last = Schema::latestVersion();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    const auto indexSql = [&path](Database* open) {
        std::unique_ptr<Database> own;
        if (!open) {
            auto db = Database::open(path);
            if (!db)
                return QString();
            own = std::move(db.value());
            open = own.get();
        }
        auto sql = open->scalar(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'persons_search'"));
        return sql ? sql->toString() : QString();
    };
    QString before;
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        TIRKEU_VERIFY_OK(Schema::migrate(**db, last - 1));
        before = indexSql(db->get());
        QVERIFY2(before.contains(u"persons_search"), qPrintable(before));
    }
    ToolOptions killed;
    killed.env = QProcessEnvironment::systemEnvironment();
    killed.env->insert(QStringLiteral("TIRKEU_FAULT_AT"),
                       QStringLiteral("schema-migration-%1-before-commit").arg(last));
    const ToolRun run =
        cliBinaryRun({QStringLiteral("--db"), path, QStringLiteral("db"), QStringLiteral("init")}, killed);
    QVERIFY2(run.code == -1, qPrintable(QString::number(run.code) + u' ' + run.output)); // died, did not exit
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        auto version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, last - 1);
        auto check = (*db)->scalar(QStringLiteral("PRAGMA integrity_check"));
        TIRKEU_VERIFY_OK(check);
        QCOMPARE(check->toString(), QStringLiteral("ok"));
    }
    QCOMPARE(indexSql(nullptr), before);
    const ToolRun again = cliBinaryRun({QStringLiteral("--db"), path, QStringLiteral("db"), QStringLiteral("init")});
    QVERIFY2(again.ok(), qPrintable(again.output));
    auto db = Database::open(path);
    TIRKEU_VERIFY_OK(db);
    auto version = Schema::currentVersion(**db);
    TIRKEU_VERIFY_OK(version);
    QCOMPARE(*version, last);
    const QString after = indexSql(db->get());
    QVERIFY2(after.contains(u"patronymic"), qPrintable(after));
}

void SchemaTest::registerAtLatestVersionWithAGapGetsTheMissingMigration() {
    // Migrations land out of order: registers written by a program without migration 7 are at version 9.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("gap.sqlite"));
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        migrateWithoutOne(**db, 7);
        if (QTest::currentTestFailed())
            return;
        auto version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, Schema::latestVersion());
        auto missing = Schema::missingVersions(**db);
        TIRKEU_VERIFY_OK(missing);
        QCOMPARE(*missing, QList<int>{7});
        // Not usable as it is: it lacks migration 7's tables.
        TIRKEU_VERIFY_ERROR(Schema::checkCompatible(**db), ErrorCode::Database);
    }
    auto refused = Register::open(path, Register::OpenMode::Existing);
    TIRKEU_VERIFY_ERROR(refused, ErrorCode::Database);
    auto upgraded = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(upgraded);
    auto missing = Schema::missingVersions((*upgraded)->db());
    TIRKEU_VERIFY_OK(missing);
    QVERIFY(missing->isEmpty());
    QCOMPARE(
        (*upgraded)->db().scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 7"))->toInt(),
        1);
}

// Migration numbers land out of order: a register written by a program that knew 1-4, 6, 8 and 9 but
// not 5 (row binding) gets 5 when this program opens it, its existing rows are bound by one event,
// and from then on a change made outside Tirkeu is found.
void SchemaTest::rowBindingLandsAfterLaterMigrations() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("without5.sqlite"));
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        migrateWithoutOne(**db, Schema::kRowBindingVersion);
        if (QTest::currentTestFailed())
            return;
        auto version = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(version);
        QCOMPARE(*version, Schema::latestVersion()); // the highest number is there, 5 is not
        auto bound = Schema::isApplied(**db, Schema::kRowBindingVersion);
        TIRKEU_VERIFY_OK(bound);
        QVERIFY(!*bound);
        auto compatible = Schema::checkCompatible(**db);
        TIRKEU_VERIFY_ERROR(compatible, ErrorCode::Database);
        QVERIFY2(compatible.message().contains(u"upgraded"), qPrintable(compatible.message()));
        TIRKEU_VERIFY_OK((*db)->exec(
            QStringLiteral("INSERT INTO operators (id, login, full_name, role, password_hash, created_at) VALUES "
                           "(1, 'admin', 'Жұмабаева Гүлнар', 'administrator', 'scrypt$15$8$1$c2FsdA==$aGFzaA==', "
                           "'2026-01-02T05:00:00.000Z')")));
    }
    TIRKEU_VERIFY_ERROR(Register::open(path, Register::OpenMode::Existing), ErrorCode::Database);

    auto reg = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(reg);
    Database& db = (*reg)->db();
    auto bound = Schema::isApplied(db, Schema::kRowBindingVersion);
    TIRKEU_VERIFY_OK(bound);
    QVERIFY(*bound);
    TIRKEU_VERIFY_OK(Schema::checkCompatible(db));
    auto applied = Schema::appliedVersions(db);
    TIRKEU_VERIFY_OK(applied);
    QCOMPARE(applied->size(), Schema::migrations().size());
    // The guards of 5 are in place, and the existing row is bound.
    TIRKEU_VERIFY_ERROR(db.exec(QStringLiteral("DELETE FROM operators WHERE id = 1")), ErrorCode::Database);
    auto report = (*reg)->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    QVERIFY(report->rowsChecked >= 1);
    TIRKEU_VERIFY_OK(db.execScript(QStringLiteral("DROP TRIGGER operators_kept")));
    TIRKEU_VERIFY_OK(db.exec(QStringLiteral("UPDATE operators SET role = 'auditor' WHERE id = 1")));
    report = (*reg)->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QCOMPARE(report->badTable, QStringLiteral("operators"));
    QCOMPARE(report->badKey, QStringLiteral("1"));
}

void SchemaTest::newerRegisterIsRefusedAndNothingIsWritten() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    const int future = Schema::latestVersion() + 1;
    TIRKEU_VERIFY_OK(f.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at, description) "
                                           "VALUES (?, '2027-01-01T00:00:00.000Z', 'from a newer Tirkeu')"),
                            {future}));
    f.close();
    const QByteArray before = fileSha256(f.path());
    QVERIFY(!before.isEmpty());

    for (auto mode : {Register::OpenMode::Existing, Register::OpenMode::CreateOrUpgrade}) {
        FixedClock clock(almaty(2026, 3, 2));
        auto reg = Register::open(f.path(), mode, &clock);
        TIRKEU_VERIFY_ERROR(reg, ErrorCode::Database);
        // The message says what happened and what to do.
        QVERIFY2(reg.message().contains(u"newer"), qPrintable(reg.message()));
        QVERIFY2(reg.message().contains(QString::number(future)), qPrintable(reg.message()));
        QVERIFY2(reg.message().contains(QString::number(Schema::latestVersion())), qPrintable(reg.message()));
    }
    // The refused opens closed their connections: any write would now be in the file.
    QCOMPARE(fileSha256(f.path()), before);
    auto db = Database::open(f.path());
    TIRKEU_VERIFY_OK(db);
    auto versions = (*db)->scalar(QStringLiteral("SELECT group_concat(version) FROM schema_migrations"));
    TIRKEU_VERIFY_OK(versions);
    QCOMPARE(versions->toString(), allVersions() + u',' + QString::number(future));
    TIRKEU_VERIFY_ERROR(Schema::migrate(**db), ErrorCode::Database);
    TIRKEU_VERIFY_ERROR(Schema::checkCompatible(**db), ErrorCode::Database);
}

void SchemaTest::missingFileInExistingModeIsNotFoundAndNotCreated() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("sub/none.sqlite"));
    for (const QString& location : QStringList{path, QStringLiteral("sqlite:%1").arg(path)}) {
        auto reg = Register::open(location, Register::OpenMode::Existing);
        TIRKEU_VERIFY_ERROR(reg, ErrorCode::NotFound);
        QVERIFY2(reg.message().contains(path), qPrintable(reg.message()));
        QVERIFY2(reg.message().contains(u"db init"), qPrintable(reg.message()));
    }
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("sub"))));
}

void SchemaTest::connectionUsesWalAndForeignKeys() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    auto mode = f.reg->db().scalar(QStringLiteral("PRAGMA journal_mode"));
    TIRKEU_VERIFY_OK(mode);
    QCOMPARE(mode->toString().toLower(), QStringLiteral("wal"));
    auto fk = f.reg->db().scalar(QStringLiteral("PRAGMA foreign_keys"));
    TIRKEU_VERIFY_OK(fk);
    QCOMPARE(fk->toInt(), 1);
    auto busy = f.reg->db().scalar(QStringLiteral("PRAGMA busy_timeout"));
    TIRKEU_VERIFY_OK(busy);
    QVERIFY2(busy->toInt() >= 1000, qPrintable(busy->toString()));
    // Every commit is fsync'ed (synchronous=FULL, 2): a committed certificate, revocation or event survives a
    // power loss (NORMAL, 1, fsyncs a WAL only at checkpoints).
    auto sync = f.reg->db().scalar(QStringLiteral("PRAGMA synchronous"));
    TIRKEU_VERIFY_OK(sync);
    QCOMPARE(sync->toInt(), 2);

    // Foreign keys are enforced, not only declared: an application of an unknown CA is refused.
    auto ins = f.reg->db().exec(
        QStringLiteral("INSERT INTO applications (ca_id, form_code, purpose, status, data, consent, received_at, "
                       "registered_by, retention_until) VALUES (999, 'NCA-ISSUE-IND', 'issue', 'registered', '{}', 1, "
                       "'2026-03-02T05:00:00.000Z', 999, '2031-03-02T05:00:00.000Z')"));
    QVERIFY(!ins);
    QCOMPARE(ins.code(), ErrorCode::Database);
    QVERIFY2(ins.message().contains(u"FOREIGN KEY", Qt::CaseInsensitive), qPrintable(ins.message()));
    QCOMPARE(f.count(QStringLiteral("applications")), qint64(0));

    // A second connection (another workstation process) sees the same settings.
    auto other = Database::open(f.path());
    TIRKEU_VERIFY_OK(other);
    auto otherMode = (*other)->scalar(QStringLiteral("PRAGMA journal_mode"));
    TIRKEU_VERIFY_OK(otherMode);
    QCOMPARE(otherMode->toString().toLower(), QStringLiteral("wal"));
    auto otherSync = (*other)->scalar(QStringLiteral("PRAGMA synchronous"));
    TIRKEU_VERIFY_OK(otherSync);
    QCOMPARE(otherSync->toInt(), 2);
}

// Database's prepared-statement cache: one statement per SQL text, each run with its own binds, results
// returned whole and the statement finished, so a later run never changes an earlier result and no read
// snapshot stays open.
void SchemaTest::cachedStatementsAreReusedAndFinished() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    Database& db = f.reg->db();
    TIRKEU_VERIFY_OK(db.execScript(QStringLiteral("CREATE TABLE cache_probe (id INTEGER PRIMARY KEY, v TEXT)")));
    const int before = db.cachedStatements();
    const QString plus = QStringLiteral("SELECT CAST(? AS INTEGER) + 1");
    auto two = db.scalar(plus, {1});
    auto fortyTwo = db.scalar(plus, {41});
    TIRKEU_VERIFY_OK(two);
    TIRKEU_VERIFY_OK(fortyTwo);
    QCOMPARE(two->toInt(), 2);
    QCOMPARE(fortyTwo->toInt(), 42);
    QCOMPARE(db.cachedStatements(), before + 1);

    {
        Transaction tx(db);
        QVERIFY(tx.ok());
        const QString put = QStringLiteral("INSERT INTO cache_probe (id, v) VALUES (?, ?)");
        for (int i = 1; i <= 3; ++i) {
            auto id = db.insert(put, {i, QStringLiteral("v%1").arg(i)});
            TIRKEU_VERIFY_OK(id);
            QCOMPARE(id->toInt(), i);
        }
        auto changed = db.write(QStringLiteral("UPDATE cache_probe SET v = v || '!' WHERE id >= ?"), {2});
        TIRKEU_VERIFY_OK(changed);
        QCOMPARE(*changed, 2);
        TIRKEU_VERIFY_OK(tx.commit());
    }
    const QString from = QStringLiteral("SELECT id, v FROM cache_probe WHERE id >= ? ORDER BY id");
    auto all = db.rows(from, {1});
    auto last = db.rows(from, {3}); // the same statement again: the first result is unchanged
    TIRKEU_VERIFY_OK(all);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(int(all->size()), 3);
    QCOMPARE(all->at(0), (QVariantList{1, QStringLiteral("v1")}));
    QCOMPARE(all->at(2), (QVariantList{3, QStringLiteral("v3!")}));
    QCOMPARE(int(last->size()), 1);
    auto none = db.row(from, {9});
    TIRKEU_VERIFY_OK(none);
    QVERIFY(none->isEmpty());

    // Finished: no read snapshot is left open, so a commit of another connection is seen at once.
    auto count = db.scalar(QStringLiteral("SELECT count(*) FROM cache_probe"));
    TIRKEU_VERIFY_OK(count);
    QCOMPARE(count->toInt(), 3);
    auto other = Database::open(f.path());
    TIRKEU_VERIFY_OK(other);
    TIRKEU_VERIFY_OK((*other)->exec(QStringLiteral("INSERT INTO cache_probe (id, v) VALUES (4, 'other')")));
    auto seen = db.row(QStringLiteral("SELECT max(id) FROM cache_probe"));
    TIRKEU_VERIFY_OK(seen);
    QCOMPARE(seen->value(0).toInt(), 4);

    // A failing statement reports its error and leaves the cache usable.
    auto bad = db.write(QStringLiteral("INSERT INTO cache_probe (id, v) VALUES (?, ?)"), {1, QStringLiteral("dup")});
    QVERIFY(!bad);
    auto again = db.scalar(plus, {9});
    TIRKEU_VERIFY_OK(again);
    QCOMPARE(again->toInt(), 10);
}

// Migration 21: a register of version 20 holds persons and organisations no event binds. Upgrading binds them
// as they are (one audit.rows_bound event for the two tables), and from then on a holder's e-mail edited with
// sqlite3 — which steers that holder's notices — is found by audit verify.
void SchemaTest::upgradeBindsTheHoldersAsTheyAre() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v20.sqlite"));
    versionTwentyRegister(path);
    if (QTest::currentTestFailed())
        return;
    TIRKEU_VERIFY_ERROR(Register::open(path, Register::OpenMode::Existing), ErrorCode::Database);
    auto reg = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(reg);
    Database& db = (*reg)->db();
    auto bound = db.scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'audit.rows_bound'"));
    TIRKEU_VERIFY_OK(bound);
    const QJsonObject details = QJsonDocument::fromJson(bound->toString().toUtf8()).object();
    QCOMPARE(details.value(QStringLiteral("tables")).toInt(), 4); // persons, organisations (21), rules_files (23),
    // rules_applied (24)
    QCOMPARE(details.value(QStringLiteral("rows")).toArray().size(), 2);
    auto report = (*reg)->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    expectEditedHolderFound(**reg);
}

// Runs `db init` on the register at `path` (schema `version`) killed between the upgrade and its binding: the
// register stays at `version` with no binding event (had the upgrade committed alone, the next open would never bind
// the rows and audit verify could never say intact again); the next open upgrades, binds (one audit.rows_bound
// event) and verifies. `reopened`: that register, for the caller's own check.
static void upgradeKilledBeforeBindingIsRedone(const QString& path, int version, std::unique_ptr<Register>& reopened) {
    ToolOptions killed;
    killed.env = QProcessEnvironment::systemEnvironment();
    killed.env->insert(QStringLiteral("TIRKEU_FAULT_AT"), QStringLiteral("register-upgrade-before-binding"));
    const ToolRun run =
        cliBinaryRun({QStringLiteral("--db"), path, QStringLiteral("db"), QStringLiteral("init")}, killed);
    QVERIFY2(run.code == -1, qPrintable(QString::number(run.code) + u' ' + run.output)); // died, did not exit
    const QString bound = QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'audit.rows_bound'");
    {
        auto db = Database::open(path);
        TIRKEU_VERIFY_OK(db);
        auto current = Schema::currentVersion(**db);
        TIRKEU_VERIFY_OK(current);
        QCOMPARE(*current, version);
        QCOMPARE((*db)->scalar(bound)->toInt(), 0);
    }
    auto reg = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(reg);
    QCOMPARE((*reg)->db().scalar(bound)->toInt(), 1);
    auto report = (*reg)->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    reopened = std::move(reg.value());
}

// The upgrade to 21 and the binding of the holders commit together: killed between the two, the register stays at
// version 20; the next open upgrades and binds.
void SchemaTest::upgradeKilledBeforeTheBindingLeavesTheOldSchema() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v20.sqlite"));
    versionTwentyRegister(path);
    if (QTest::currentTestFailed())
        return;
    std::unique_ptr<Register> reg;
    upgradeKilledBeforeBindingIsRedone(path, 20, reg);
    if (QTest::currentTestFailed())
        return;
    expectEditedHolderFound(*reg);
}

// Deleting migration 21's row by hand, after changing a holder, made the next open bind the holders as they now
// were (attack of session 25, F17): the open is refused, nothing is bound, and audit verify still names the row.
void SchemaTest::deletedMigrationRowDoesNotRebindChangedHolders() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v20.sqlite"));
    versionTwentyRegister(path);
    if (QTest::currentTestFailed())
        return;
    {
        auto reg = Register::open(path, Register::OpenMode::CreateOrUpgrade);
        TIRKEU_VERIFY_OK(reg);
        TIRKEU_VERIFY_OK(
            (*reg)->db().exec(QStringLiteral("UPDATE persons SET email = 'attacker@evil.example' WHERE id = 1")));
        TIRKEU_VERIFY_OK((*reg)->db().exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = 21")));
    }
    const auto reopened = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_ERROR(reopened, ErrorCode::Integrity);
    QVERIFY2(reopened.message().contains(QStringLiteral("schema history was changed")), qPrintable(reopened.message()));
    auto db = Database::open(path);
    TIRKEU_VERIFY_OK(db);
    QCOMPARE((*db)
                 ->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'audit.rows_bound'"))
                 ->toInt(),
             1);
    QCOMPARE((*db)->scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 21"))->toInt(), 0);
}

// Migration 24 (attack of session 25, the rest of F15): the editions each record was handled under (rules_applied,
// keyed by record and id) are guarded and bound to the event log. A register of version 23 binds them as they are
// at the upgrade, in one audit.rows_bound event of the upgrade's own transaction; from then on a row cannot be
// changed or deleted, and one edited with the guard dropped is found.
void SchemaTest::rulesAppliedRowsAreProtectedAndBound() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v23.sqlite"));
    versionTwentyThreeRegister(path);
    if (QTest::currentTestFailed())
        return;
    auto reg = Register::open(path, Register::OpenMode::CreateOrUpgrade);
    TIRKEU_VERIFY_OK(reg);
    Database& db = (*reg)->db();
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 24"))->toInt(), 1);
    auto bound = db.scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'audit.rows_bound'"));
    TIRKEU_VERIFY_OK(bound);
    const QJsonObject details = QJsonDocument::fromJson(bound->toString().toUtf8()).object();
    QCOMPARE(details.value(QStringLiteral("tables")).toInt(), 1);
    const QJsonArray rows = details.value(QStringLiteral("rows")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).toArray().at(0).toString(), QStringLiteral("rules_applied"));
    QCOMPARE(rows.at(0).toArray().at(1).toString(), QStringLiteral("application:1"));
    QCOMPARE(rows.at(1).toArray().at(1).toString(), QStringLiteral("certificate:1"));
    auto report = (*reg)->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    // Changed, deleted, replaced: refused, nothing changed.
    for (const char* sql :
         {"UPDATE rules_applied SET rules_version = 'long@2010-12-30' WHERE record = 'application'",
          "DELETE FROM rules_applied WHERE record = 'certificate'",
          "INSERT OR REPLACE INTO rules_applied (record, record_id, rules_version, recorded_at) VALUES ('application', "
          "1, 'long@2010-12-30', '2026-03-03T00:00:00.000Z')"}) {
        const auto done = db.exec(QString::fromLatin1(sql));
        QVERIFY2(!done, sql);
        QVERIFY2(done.message().contains(QStringLiteral("rules")), qPrintable(done.message()));
    }
    QCOMPARE(db.scalar(QStringLiteral("SELECT group_concat(record || ':' || record_id || '=' || rules_version, ' ') "
                                      "FROM (SELECT * FROM rules_applied ORDER BY record, record_id)"))
                 ->toString(),
             QStringLiteral("application:1=builtin-2026.1@2010-12-30 certificate:1=builtin-2026.1@2010-12-30"));
    expectEditedEditionFound(**reg);
}

// The upgrade to 24 and the binding of rules_applied commit together: killed between the two, the register stays
// at version 23 with nothing bound; the next open upgrades and binds.
void SchemaTest::upgradeKilledBeforeBindingRulesAppliedLeavesVersion23() {
    if (!faultInjectionBuilt())
        QSKIP("built without TIRKEU_FAULT_INJECTION");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v23.sqlite"));
    versionTwentyThreeRegister(path);
    if (QTest::currentTestFailed())
        return;
    std::unique_ptr<Register> reg;
    upgradeKilledBeforeBindingIsRedone(path, 23, reg);
    if (QTest::currentTestFailed())
        return;
    expectEditedEditionFound(*reg);
}

TIRKEU_TEST_GUILESS_MAIN(SchemaTest)
#include "tst_schema.moc"
