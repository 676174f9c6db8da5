// The holders an application names: found or added when it is registered, their data changed only when an
// officer approves it. (Before, registering an application for a known IIN overwrote the holder's name,
// e-mail and phone at once, with no event: a rejected application redirected the holder's notices.)
#include "registry/Applications.h"

#include "registry/AuditLog.h"

#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Search.h"

#include <QJsonArray>

#include <optional>

namespace tirkeu::registry {

namespace {

using detail::str;

// Each column's new value: the form's when it gives one, else the register's (a form that does not ask for a
// field keeps what the register knew). `changed` collects {column: {from, to}} of the columns that differ.
QVariantList merged(const QStringList& columns, const QVariantList& stored, const QStringList& given,
                    QJsonObject* changed) {
    QVariantList out;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const QString before = stored.at(i).toString();
        const QString after = given.at(i).isEmpty() ? before : given.at(i);
        if (after != before)
            changed->insert(columns.at(i),
                            QJsonObject{{QStringLiteral("from"), before}, {QStringLiteral("to"), after}});
        out << (after.isEmpty() && stored.at(i).isNull() ? stored.at(i) : QVariant(after));
    }
    return out;
}

QString identityDocument(const QJsonObject& f) {
    QStringList doc;
    for (const char* k : {"id_doc_series", "id_doc_number", "id_doc_issued_by", "id_doc_issue_date"})
        if (!str(f, k).isEmpty())
            doc << str(f, k);
    return doc.join(u", ");
}

QString homeAddress(const QJsonObject& f) {
    return !str(f, "home_address").isEmpty() ? str(f, "home_address") : str(f, "address");
}

// A holder table: how a holder is found, the columns a form may change, and its search key's refresh.
struct HolderTable {
    QString table;
    QString keyColumn; // iin or bin
    QStringList columns;
    Status (*refreshKey)(Database&, qint64);
};

const HolderTable kPersons{QStringLiteral("persons"),
                           QStringLiteral("iin"),
                           {QStringLiteral("surname"), QStringLiteral("name"), QStringLiteral("patronymic"),
                            QStringLiteral("id_document"), QStringLiteral("address"), QStringLiteral("email"),
                            QStringLiteral("phone")},
                           &Search::refreshPersonKey};
const HolderTable kOrganisations{
    QStringLiteral("organisations"),
    QStringLiteral("bin"),
    {QStringLiteral("full_name"), QStringLiteral("short_name"), QStringLiteral("region"), QStringLiteral("city")},
    &Search::refreshOrganisationKey};

// An approved form's data for a known holder (`key`: its IIN or BIN): each column takes the form's value in
// `given` (same order as the table's columns) unless that is empty; the search key follows and the row goes
// into `changedRows` for the approval's event. Returns {column: {from, to}} of what changed (empty: nothing,
// or no such holder).
Result<QJsonObject> applyToHolder(Database& db, const QDateTime& now, const HolderTable& t, const QString& key,
                                  const QStringList& given, QList<RowRef>* changedRows) {
    auto row = db.row(QStringLiteral("SELECT id, %1 FROM %2 WHERE %3 = ?")
                          .arg(t.columns.join(QStringLiteral(", ")), t.table, t.keyColumn),
                      {key});
    if (!row)
        return row.error();
    if (row->isEmpty())
        return QJsonObject{};
    QJsonObject changed;
    const QVariantList values = merged(t.columns, row->mid(1), given, &changed);
    if (changed.isEmpty())
        return changed;
    auto up = db.exec(QStringLiteral("UPDATE %1 SET %2 = ?, updated_at = ? WHERE id = ?")
                          .arg(t.table, t.columns.join(QStringLiteral(" = ?, "))),
                      values + QVariantList{toDbTime(now), row->at(0)});
    if (!up)
        return up.error();
    if (Status s = t.refreshKey(db, row->at(0).toLongLong()); !s)
        return s.error();
    *changedRows << RowRef::row(t.table, row->at(0));
    return changed;
}

// The id of the holder whose `column` (IIN or BIN) is `value`, its retention extended to `retentionUntil` and
// nothing else changed; none when the register does not know it yet.
Result<std::optional<qint64>> knownHolder(Database& db, const QString& table, const QString& column,
                                          const QString& value, const QDateTime& retentionUntil) {
    auto existing = db.scalar(QStringLiteral("SELECT id FROM %1 WHERE %2 = ?").arg(table, column), {value});
    if (!existing)
        return existing.error();
    if (!existing->isValid())
        return std::optional<qint64>();
    auto up =
        db.exec(QStringLiteral("UPDATE %1 SET retention_until = greatest(retention_until, ?) WHERE id = ?").arg(table),
                {toDbTime(retentionUntil), existing->toLongLong()});
    if (!up)
        return up.error();
    return std::optional<qint64>(existing->toLongLong());
}

} // namespace

Result<qint64> Applications::registerPerson(const QJsonObject& f, const QDateTime& retentionUntil) {
    const QString iin = str(f, "iin");
    auto known = knownHolder(m_reg.db(), QStringLiteral("persons"), QStringLiteral("iin"), iin, retentionUntil);
    if (!known)
        return known.error();
    if (*known)
        return **known;
    const QString now = toDbTime(m_reg.clock().now());
    auto ins =
        m_reg.db().exec(QStringLiteral("INSERT INTO persons (iin, surname, name, patronymic, id_document, address, "
                                       "email, phone, created_at, updated_at, retention_until) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {iin, str(f, "surname"), str(f, "name"), str(f, "patronymic"), identityDocument(f),
                         homeAddress(f), str(f, "email"), str(f, "phone"), now, now, toDbTime(retentionUntil)});
    if (!ins)
        return ins.error();
    const qint64 id = ins->lastInsertId().toLongLong();
    if (Status s = Search::refreshPersonKey(m_reg.db(), id); !s)
        return s.error();
    return id;
}

Result<qint64> Applications::registerOrganisation(const QJsonObject& f, bool governmentBody,
                                                  const QDateTime& retentionUntil) {
    const QString bin = str(f, "bin");
    auto known = knownHolder(m_reg.db(), QStringLiteral("organisations"), QStringLiteral("bin"), bin, retentionUntil);
    if (!known)
        return known.error();
    if (*known)
        return **known;
    const QString name = str(f, "org_name");
    const QString now = toDbTime(m_reg.clock().now());
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO organisations (bin, full_name, short_name, kind, region, city, created_at, "
                       "updated_at, retention_until) VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?)"),
        {bin, name.isEmpty() ? bin : name, str(f, "short_name"),
         governmentBody ? QStringLiteral("government_body") : QStringLiteral("legal_entity"), str(f, "region"),
         str(f, "city"), now, now, toDbTime(retentionUntil)});
    if (!ins)
        return ins.error();
    const qint64 id = ins->lastInsertId().toLongLong();
    if (Status s = Search::refreshOrganisationKey(m_reg.db(), id); !s)
        return s.error();
    return id;
}

Result<QJsonArray> Applications::applyHolderData(const QJsonObject& data, QList<RowRef>* changedRows) {
    QJsonArray out;
    const auto note = [&out](const char* key, const QString& id, const QJsonObject& changed) {
        if (!changed.isEmpty())
            out.append(QJsonObject{{QLatin1String(key), id}, {QStringLiteral("changed"), changed}});
    };
    if (!str(data, "bin").isEmpty()) {
        auto changed = applyToHolder(
            m_reg.db(), m_reg.clock().now(), kOrganisations, str(data, "bin"),
            {str(data, "org_name"), str(data, "short_name"), str(data, "region"), str(data, "city")}, changedRows);
        if (!changed)
            return changed.error();
        note("bin", str(data, "bin"), *changed);
    }
    QList<QJsonObject> people;
    if (!str(data, "iin").isEmpty())
        people << data;
    for (const QJsonValue& row : data.value(QStringLiteral("persons")).toArray())
        if (!str(row.toObject(), "iin").isEmpty())
            people << row.toObject();
    for (const QJsonObject& person : std::as_const(people)) {
        auto changed =
            applyToHolder(m_reg.db(), m_reg.clock().now(), kPersons, str(person, "iin"),
                          {str(person, "surname"), str(person, "name"), str(person, "patronymic"),
                           identityDocument(person), homeAddress(person), str(person, "email"), str(person, "phone")},
                          changedRows);
        if (!changed)
            return changed.error();
        note("iin", str(person, "iin"), *changed);
    }
    return out;
}

} // namespace tirkeu::registry
