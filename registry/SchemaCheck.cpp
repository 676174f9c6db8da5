#include "registry/SchemaCheck.h"

#include "registry/Schema.h"
#include "registry/SchemaPg.h"
#include "registry/StagingFolder.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>

#include <memory>

namespace tirkeu::registry {

namespace {

enum class Change { Missing, Changed, Added };

struct Difference {
    QString key; // "type name"
    Change change;
};

QList<Difference> compare(const QMap<QString, QString>& expected, const QMap<QString, QString>& found,
                          const QString& type) {
    const QString prefix = type.isEmpty() ? QString() : type + u' ';
    QList<Difference> out;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!it.key().startsWith(prefix))
            continue;
        if (!found.contains(it.key()))
            out.append({it.key(), Change::Missing});
        else if (found.value(it.key()) != it.value())
            out.append({it.key(), Change::Changed});
    }
    for (auto it = found.cbegin(); it != found.cend(); ++it)
        if (it.key().startsWith(prefix) && !expected.contains(it.key()))
            out.append({it.key(), Change::Added});
    return out;
}

// The table a CREATE TRIGGER statement names ("… ON certificates …").
QString triggerTable(const QString& sql) {
    static const QRegularExpression on(QStringLiteral("\\bON\\s+(?:public\\.)?\"?(\\w+)"));
    return on.match(sql).captured(1);
}

// What a trigger finding says: its name, its table, what became of it.
QString triggerText(const QString& name, const QString& table, Change change) {
    switch (change) {
    case Change::Missing:
        return SchemaCheck::tr("the trigger %1 of the table %2 is missing").arg(name, table);
    case Change::Changed:
        return SchemaCheck::tr("the trigger %1 of the table %2 was changed").arg(name, table);
    case Change::Added:
        return SchemaCheck::tr("a trigger %1 of the table %2 was added").arg(name, table);
    }
    return {};
}

// Every trigger the SQLite scripts of the migrations up to `version` create, as sqlite_master keeps it (white space
// made single): name -> texts. A migration numbered by its branch may land after a later one that replaced one of
// its triggers (Schema::missingVersions), which then stays beside the new one: Tirkeu's own, word for word.
QHash<QString, QSet<QString>> sqliteTriggersEverCreated(int version) {
    static const QRegularExpression space(QStringLiteral("\\s+"));
    static const QRegularExpression create(QStringLiteral("^CREATE TRIGGER (\\w+)"),
                                           QRegularExpression::CaseInsensitiveOption);
    QHash<QString, QSet<QString>> out;
    for (const Migration& m : Schema::migrations()) {
        if (m.version > version)
            continue;
        for (const QString& raw : m.sqlite.split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
            const QString sql = QString(raw).replace(space, QStringLiteral(" ")).trimmed();
            const auto match = create.match(sql);
            if (match.hasMatch())
                out[match.captured(1)].insert(sql);
        }
    }
    return out;
}

} // namespace

Result<QMap<QString, QString>> SchemaCheck::sqliteObjects(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                                    "WHERE name NOT LIKE 'sqlite_stat%'"));
    if (!q)
        return q.error();
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QMap<QString, QString> out;
    while (q->next())
        out.insert(q->value(0).toString() + u' ' + q->value(1).toString(),
                   q->value(2).toString().replace(space, QStringLiteral(" ")).trimmed());
    return out;
}

Result<QMap<QString, QString>> SchemaCheck::sqliteReference(const QString& scratchDir, int version) {
    const QString file = QDir(scratchDir).filePath(QStringLiteral("reference.sqlite"));
    QFile::remove(file);
    auto ref = Database::open(file);
    if (!ref)
        return ref.error();
    if (Status s = Schema::migrate(**ref, version); !s)
        return s.error();
    return sqliteObjects(**ref);
}

QStringList SchemaCheck::differences(const QMap<QString, QString>& expected, const QMap<QString, QString>& found,
                                     const QString& type) {
    QStringList out;
    for (const Difference& d : compare(expected, found, type)) {
        switch (d.change) {
        case Change::Missing:
            out << tr("%1 missing").arg(d.key);
            break;
        case Change::Changed:
            out << tr("%1 changed").arg(d.key);
            break;
        case Change::Added:
            out << tr("%1 added").arg(d.key);
            break;
        }
    }
    return out;
}

Result<QMap<QString, QSet<QString>>> SchemaCheck::pgObjects(int version, bool everCreated) {
    // In the order the scripts run them: what one migration creates, a later one may drop (and create again).
    static const QRegularExpression statement(
        QStringLiteral(
            "(CREATE|DROP)\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|CONSTRAINT\\s+)?(TABLE|INDEX|TRIGGER|FUNCTION)\\s+"
            "(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(?:public\\.)?\"?(\\w+)"),
        QRegularExpression::CaseInsensitiveOption);
    QMap<QString, QSet<QString>> out;
    for (const Migration& m : Schema::migrations()) {
        if (version >= 0 && m.version > version)
            continue;
        auto pg = SchemaPg::script(m.version, m.sqlite);
        if (!pg)
            return pg.error();
        auto it = statement.globalMatch(*pg);
        while (it.hasNext()) {
            const auto match = it.next();
            QSet<QString>& names = out[match.captured(2).toUpper()];
            if (match.captured(1).compare(u"CREATE", Qt::CaseInsensitive) == 0)
                names.insert(match.captured(3));
            else if (!everCreated)
                names.remove(match.captured(3));
        }
    }
    return out;
}

Result<QStringList> SchemaCheck::triggerDifferences(Database& db) {
    auto version = Schema::currentVersion(db);
    if (!version)
        return version.error();
    QStringList out;
    if (db.engine() == Engine::Postgres) {
        auto expected = pgObjects(*version);
        if (!expected)
            return expected.error();
        const QSet<QString> wanted = expected->value(QStringLiteral("TRIGGER"));
        // One a migration that landed late left beside its replacement is Tirkeu's (compared by name only here).
        auto ever = pgObjects(*version, true);
        if (!ever)
            return ever.error();
        const QSet<QString> tirkeus = ever->value(QStringLiteral("TRIGGER"));
        // The triggers Tirkeu's statements make (not PostgreSQL's own, for foreign keys) in the register's schema;
        // a disabled one (ALTER TABLE … DISABLE TRIGGER) guards nothing.
        auto q = db.exec(QStringLiteral("SELECT t.tgname, c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON "
                                        "c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT "
                                        "t.tgisinternal AND n.nspname = current_schema() ORDER BY t.tgname"));
        if (!q)
            return q.error();
        QSet<QString> present;
        while (q->next()) {
            const QString name = q->value(0).toString();
            const QString table = q->value(1).toString();
            present.insert(name);
            if (!wanted.contains(name)) {
                if (!tirkeus.contains(name))
                    out << triggerText(name, table, Change::Added);
            } else if (q->value(2).toString() == u"D")
                out << tr("the trigger %1 of the table %2 is disabled").arg(name, table);
        }
        // The table of a missing one, from the migration that creates it.
        QHash<QString, QString> tables;
        static const QRegularExpression create(
            QStringLiteral("CREATE\\s+(?:CONSTRAINT\\s+)?TRIGGER\\s+(\\w+)[^;]*?\\bON\\s+(?:public\\.)?\"?(\\w+)"),
            QRegularExpression::CaseInsensitiveOption);
        for (const Migration& m : Schema::migrations()) {
            if (m.version > *version)
                continue;
            auto pg = SchemaPg::script(m.version, m.sqlite);
            if (!pg)
                return pg.error();
            auto it = create.globalMatch(*pg);
            while (it.hasNext()) {
                const auto match = it.next();
                tables.insert(match.captured(1), match.captured(2));
            }
        }
        QStringList missing(wanted.cbegin(), wanted.cend());
        missing.sort();
        for (const QString& name : std::as_const(missing))
            if (!present.contains(name))
                out << triggerText(name, tables.value(name), Change::Missing);
        return out;
    }

    // SQLite: word for word against a reference register of the same schema version, built once per program run
    // and version (a few hundred milliseconds) in a folder of its own.
    static QMutex cacheLock;
    static QHash<int, QMap<QString, QString>> cache;
    QMap<QString, QString> expected;
    {
        QMutexLocker locker(&cacheLock);
        if (!cache.contains(*version)) {
            // A folder a later run recognises, and removes if this one is killed (registry/StagingFolder.h).
            StagingFolder::removeStale(StagingFolder::Purpose::SchemaReference);
            StagingFolder scratch(StagingFolder::Purpose::SchemaReference);
            if (!scratch.isValid())
                return makeError(ErrorCode::Io, tr("Cannot create a temporary folder."));
            auto reference = sqliteReference(scratch.path(), *version);
            if (!reference)
                return reference.error();
            cache.insert(*version, *reference);
        }
        expected = cache.value(*version);
    }
    auto found = sqliteObjects(db);
    if (!found)
        return found.error();
    const QHash<QString, QSet<QString>> tirkeus = sqliteTriggersEverCreated(*version);
    for (const Difference& d : compare(expected, *found, QStringLiteral("trigger"))) {
        const QString name = d.key.section(u' ', 1);
        if (d.change == Change::Added && tirkeus.value(name).contains(found->value(d.key)))
            continue;
        const QString sql = d.change == Change::Added ? found->value(d.key) : expected.value(d.key);
        out << triggerText(name, triggerTable(sql), d.change);
    }
    return out;
}

} // namespace tirkeu::registry
