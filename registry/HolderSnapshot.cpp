#include "registry/HolderSnapshot.h"

#include "registry/Database.h"
#include "registry/Internal.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace tirkeu::registry {

namespace {

bool isId(const QVariant& v) {
    return !v.isNull() && v.isValid() && v.toLongLong() > 0;
}

} // namespace

QString HolderSnapshot::toJson() const {
    QJsonObject o;
    o.insert(QStringLiteral("name"), name);
    if (!iin.isEmpty())
        o.insert(QStringLiteral("iin"), iin);
    if (!organisation.isEmpty())
        o.insert(QStringLiteral("organisation"), organisation);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

HolderSnapshot HolderSnapshot::fromJson(const QString& json) {
    HolderSnapshot s;
    if (json.trimmed().isEmpty())
        return s;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    s.name = o.value(QStringLiteral("name")).toString();
    s.iin = o.value(QStringLiteral("iin")).toString();
    s.organisation = o.value(QStringLiteral("organisation")).toString();
    return s;
}

Result<HolderSnapshot> HolderSnapshot::take(Database& db, const QVariant& personId, const QVariant& organisationId,
                                            const QVariant& applicationId, const QString& subject) {
    HolderSnapshot s;
    if (isId(personId)) {
        auto q = db.row(QStringLiteral("SELECT surname, name, patronymic, iin FROM persons WHERE id = ?"),
                        {personId.toLongLong()});
        if (!q)
            return q.error();
        if (!q->isEmpty()) {
            QStringList parts;
            for (int i = 0; i < 3; ++i)
                if (!q->at(i).isNull() && !q->at(i).toString().trimmed().isEmpty())
                    parts << q->at(i).toString().trimmed();
            s.name = parts.join(u' ');
            s.iin = q->at(3).toString();
        }
    }
    QVariant org = organisationId;
    if (!isId(org) && isId(applicationId)) {
        auto a = db.scalar(QStringLiteral("SELECT organisation_id FROM applications WHERE id = ?"),
                           {applicationId.toLongLong()});
        if (!a)
            return a.error();
        org = *a;
    }
    if (isId(org)) {
        auto o = db.scalar(QStringLiteral("SELECT full_name FROM organisations WHERE id = ?"), {org.toLongLong()});
        if (!o)
            return o.error();
        s.organisation = o->toString();
    }
    if (s.name.isEmpty())
        s.name = detail::commonName(subject);
    return s;
}

Result<HolderSnapshot> HolderSnapshot::ofCertificate(Database& db, qint64 certificateId) {
    auto q = db.exec(
        QStringLiteral("SELECT person_id, organisation_id, application_id, subject FROM certificates WHERE id = ?"),
        {certificateId});
    if (!q)
        return q.error();
    if (!q->next())
        return HolderSnapshot{};
    return take(db, q->value(0), q->value(1), q->value(2), q->value(3).toString());
}

QVariant HolderSnapshot::column(const Result<HolderSnapshot>& snapshot) {
    if (!snapshot || snapshot->isEmpty())
        return QVariant(QMetaType(QMetaType::QString));
    return snapshot->toJson();
}

Result<QJsonObject> HolderSnapshot::eventIds(Database& db, qint64 certificateId) {
    auto q = db.row(QStringLiteral("SELECT coalesce(p.iin, ''), coalesce(o.bin, '') FROM certificates c "
                                   "LEFT JOIN persons p ON p.id = c.person_id "
                                   "LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.id = ?"),
                    {certificateId});
    if (!q)
        return q.error();
    QJsonObject out;
    if (!q->isEmpty()) {
        if (!q->at(0).toString().isEmpty())
            out.insert(QStringLiteral("holder_iin"), q->at(0).toString());
        if (!q->at(1).toString().isEmpty())
            out.insert(QStringLiteral("holder_bin"), q->at(1).toString());
    }
    return out;
}

} // namespace tirkeu::registry
