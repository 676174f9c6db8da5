#include "registry/CaDirectory.h"

#include "registry/Register.h"

#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

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

Status CaDirectory::updateSettings(const Session& by, const QString& code, const QJsonObject& changes) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s;
    const QJsonObject defaults = defaultSettings();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (!defaults.contains(it.key()))
            return makeError(ErrorCode::Invalid, tr("Unknown CA setting: %1").arg(it.key()));
        const bool period = it.key().endsWith(QLatin1String("_hours"));
        if (period ? !it.value().isDouble() : !it.value().isString())
            return makeError(ErrorCode::Invalid, period ? tr("%1 must be a whole number of hours.").arg(it.key())
                                                        : tr("%1 must be a text.").arg(it.key()));
    }
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto ca = find(code);
    if (!ca)
        return ca.error();
    QJsonObject merged = defaults;
    for (auto it = ca->settings.begin(); it != ca->settings.end(); ++it)
        merged.insert(it.key(), it.value());
    QJsonObject before;
    QJsonObject after;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QJsonValue value = it.value().isString() ? QJsonValue(it.value().toString().trimmed()) : it.value();
        if (merged.value(it.key()) == value)
            continue;
        before.insert(it.key(), merged.value(it.key()));
        after.insert(it.key(), value);
        merged.insert(it.key(), value);
    }
    const double crl = merged.value(QStringLiteral("crl_period_hours")).toDouble();
    const double delta = merged.value(QStringLiteral("delta_period_hours")).toDouble();
    if (crl != std::floor(crl) || crl < 1 || crl > 720)
        return makeError(ErrorCode::Invalid, tr("The CRL period is a whole number of hours from 1 to 720."));
    if (delta != std::floor(delta) || delta < 1 || delta > crl)
        return makeError(ErrorCode::Invalid,
                         tr("The delta CRL period is a whole number of hours from 1 to the CRL period (%1).").arg(crl));
    static const QRegularExpression urlRe(QStringLiteral("^(https?|ldap)://[^\\s]+$"),
                                          QRegularExpression::CaseInsensitiveOption);
    for (const char* key : {"cdp_url", "freshest_url", "aia_url"}) {
        const QString url = merged.value(QLatin1String(key)).toString();
        if (!url.isEmpty() && !urlRe.match(url).hasMatch())
            return makeError(ErrorCode::Invalid,
                             tr("%1 is not an http, https or ldap address: %2").arg(QLatin1String(key), url));
    }
    const QString dir = merged.value(QStringLiteral("publish_dir")).toString();
    if (!dir.isEmpty() && !QDir::isAbsolutePath(dir))
        return makeError(ErrorCode::Invalid, tr("The publish folder must be an absolute path: %1").arg(dir));
    if (after.isEmpty())
        return {}; // nothing changes, nothing to record
    auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET settings = ? WHERE id = ?"),
                              {QString::fromUtf8(QJsonDocument(merged).toJson(QJsonDocument::Compact)), ca->id});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, code, QStringLiteral("ca.settings_changed"),
                                   {{QStringLiteral("before"), before}, {QStringLiteral("after"), after}});
    if (!ev)
        return ev.error();
    return tx.commit();
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
