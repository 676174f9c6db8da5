#include "registry/CaDirectory.h"

#include "registry/Register.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace tirkeu::registry {

namespace {
const char kColumns[] =
    "id, code, name, kind, coalesce(parent_id, 0), settings, key_uri, certificate_der, created_at, terminated_at";

CaRecord recordFrom(const QSqlQuery& q) {
    CaRecord r;
    r.id = q.value(0).toLongLong();
    r.code = q.value(1).toString();
    r.name = q.value(2).toString();
    forms::caKindFromId(q.value(3).toString(), &r.kind);
    r.parentId = q.value(4).toLongLong();
    r.settings = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    r.keyUri = q.value(6).toString();
    r.certificateDer = q.value(7).toByteArray();
    r.createdAt = fromDbTime(q.value(8).toString());
    if (!q.value(9).isNull())
        r.terminatedAt = fromDbTime(q.value(9).toString());
    return r;
}
} // namespace

QJsonObject CaDirectory::defaultSettings() {
    // National CA practice (FACTS.md): full CRL about daily with nextUpdate ~27 h, delta every few hours.
    return {{QStringLiteral("crl_period_hours"), 27}, {QStringLiteral("delta_period_hours"), 8},
            {QStringLiteral("cdp_url"), QString()},   {QStringLiteral("freshest_url"), QString()},
            {QStringLiteral("aia_url"), QString()},   {QStringLiteral("publish_dir"), QString()}};
}

Result<qint64> CaDirectory::add(const Session& by, const QString& code, const QString& name, forms::CaKind kind,
                                const QJsonObject& settings) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s.error();
    static const QRegularExpression codeRe(QStringLiteral("^[A-Z0-9][A-Z0-9_-]{1,31}$"));
    if (!codeRe.match(code).hasMatch())
        return makeError(ErrorCode::Invalid, tr("A CA code is 2 to 32 characters: capital Latin letters, digits, dash "
                                                "or underscore (e.g. NCA-RSA)."));
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("The CA name is required."));
    QJsonObject merged = defaultSettings();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!merged.contains(it.key()))
            return makeError(ErrorCode::Invalid, tr("Unknown CA setting: %1").arg(it.key()));
        merged.insert(it.key(), it.value());
    }
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto exists = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM cas WHERE code = ?"), {code});
    if (!exists)
        return exists.error();
    if (exists->toInt() > 0)
        return makeError(ErrorCode::Conflict, tr("A CA with the code %1 already exists.").arg(code));
    auto q = m_reg.db().exec(
        QStringLiteral("INSERT INTO cas (code, name, kind, settings, created_at) VALUES (?, ?, ?, ?, ?)"),
        {code, name.trimmed(), forms::caKindId(kind),
         QString::fromUtf8(QJsonDocument(merged).toJson(QJsonDocument::Compact)), toDbTime(m_reg.clock().now())});
    if (!q)
        return q.error();
    const qint64 id = q->lastInsertId().toLongLong();
    auto ev = m_reg.audit().append(by.login, code, QStringLiteral("ca.added"),
                                   {{QStringLiteral("code"), code},
                                    {QStringLiteral("name"), name.trimmed()},
                                    {QStringLiteral("kind"), forms::caKindId(kind)}});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return id;
}

Result<CaRecord> CaDirectory::findWhere(const QString& column, const QVariant& value) {
    auto q = m_reg.db().exec(QStringLiteral("SELECT %1 FROM cas WHERE %2 = ?").arg(QLatin1String(kColumns), column),
                             {value});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no CA %1 in this register.").arg(value.toString()));
    return recordFrom(*q);
}

Result<CaRecord> CaDirectory::find(const QString& code) {
    return findWhere(QStringLiteral("code"), code);
}
Result<CaRecord> CaDirectory::find(qint64 id) {
    return findWhere(QStringLiteral("id"), id);
}

Result<QList<CaRecord>> CaDirectory::list(const Session& by) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    return list();
}

Result<QList<CaRecord>> CaDirectory::list() {
    auto q = m_reg.db().exec(QStringLiteral("SELECT %1 FROM cas ORDER BY code").arg(QLatin1String(kColumns)));
    if (!q)
        return q.error();
    QList<CaRecord> out;
    while (q->next())
        out.append(recordFrom(*q));
    return out;
}

} // namespace tirkeu::registry
