#include "registry/Drafts.h"

#include "forms/FormDefinition.h"
#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/Internal.h"
#include "registry/Register.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tirkeu::registry {

namespace {

const char kColumns[] = "id, ca_code, form_code, replaces_serial, content, created_at, updated_at";

QString text(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().simplified();
}

QByteArray contentOf(const forms::Submission& s) {
    QJsonObject o{{QStringLiteral("data"), s.data},
                  {QStringLiteral("attachments"), QJsonArray::fromStringList(s.attachments)},
                  {QStringLiteral("consent"), s.consent},
                  {QStringLiteral("documents_missing"), s.documentsMissing},
                  {QStringLiteral("identification"), s.identification}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Refused (Conflict) when the operator's draft `id` was registered: it names the application it became.
Status notRegistered(Database& db, const Session& by, qint64 id) {
    auto as = db.scalar(QStringLiteral("SELECT registered_as FROM application_drafts WHERE id = ? AND operator_id = ? "
                                       "AND registered_as IS NOT NULL"),
                        {id, by.operatorId});
    if (!as)
        return as.error();
    if (as->isNull())
        return {};
    return makeError(ErrorCode::Conflict,
                     Drafts::tr("Draft %1 was already registered as application No. %2; it is not registered again.")
                         .arg(id)
                         .arg(as->toLongLong()));
}

Draft fromRow(const QVariantList& r) {
    Draft d;
    d.id = r.at(0).toLongLong();
    d.caCode = r.at(1).toString();
    d.formCode = r.at(2).toString();
    d.replacesSerial = r.at(3).toString();
    const QJsonObject o = QJsonDocument::fromJson(r.at(4).toString().toUtf8()).object();
    d.submission.data = o.value(QStringLiteral("data")).toObject();
    for (const QJsonValue& v : o.value(QStringLiteral("attachments")).toArray())
        d.submission.attachments << v.toString();
    d.submission.consent = o.value(QStringLiteral("consent")).toBool();
    d.submission.documentsMissing = o.value(QStringLiteral("documents_missing")).toBool();
    d.submission.identification = o.value(QStringLiteral("identification")).toString();
    d.createdAt = fromDbTime(r.at(5).toString());
    d.updatedAt = fromDbTime(r.at(6).toString());
    return d;
}

} // namespace

QString Draft::summary() const {
    const QJsonObject& o = submission.data;
    QStringList parts;
    if (!text(o, "bin").isEmpty()) { // an organisation: its BIN and name, not its representative's
        parts << text(o, "bin");
        const QString name = !text(o, "short_name").isEmpty() ? text(o, "short_name") : text(o, "org_name");
        if (!name.isEmpty())
            parts << name;
        return parts.join(QStringLiteral(" — "));
    }
    if (!text(o, "iin").isEmpty())
        parts << text(o, "iin");
    QString name = detail::personName(o);
    if (name.isEmpty())
        name = text(o, "org_name");
    if (!name.isEmpty())
        parts << name;
    // A government body's letter: how many persons it lists.
    const QJsonArray persons = o.value(QStringLiteral("persons")).toArray();
    if (!persons.isEmpty())
        parts << Drafts::tr("%n person(s)", nullptr, int(persons.size()));
    return parts.join(QStringLiteral(" — "));
}

QString Drafts::expiryCutoff() const {
    return toDbTime(m_reg.clock().now().addDays(-kKeepDays));
}

Result<qint64> Drafts::save(const Session& by, const Draft& draft) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    if (!forms::FormCatalog::find(draft.formCode))
        return makeError(ErrorCode::Invalid, tr("There is no form %1.").arg(draft.formCode));
    if (draft.caCode.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("A draft names the CA its application is for."));
    const QByteArray content = contentOf(draft.submission);
    if (content.size() > kMaxBytes)
        return makeError(ErrorCode::Invalid, tr("The draft is too large to keep (%1 KiB, at most %2 KiB).")
                                                 .arg(content.size() / 1024)
                                                 .arg(kMaxBytes / 1024));
    Database& db = m_reg.db();
    const QDateTime now = m_reg.clock().now();
    qint64 id = draft.id;
    // An expired draft is gone before anything is saved: changing one is then refused as not found.
    if (auto purged = purgeExpired(); !purged)
        return purged.error();
    const Status s = db.transact([&]() -> Status {
        if (id > 0) {
            auto n = db.write(QStringLiteral("UPDATE application_drafts SET ca_code = ?, form_code = ?, "
                                             "replaces_serial = ?, content = ?, updated_at = ? "
                                             "WHERE id = ? AND operator_id = ? AND registered_as IS NULL"),
                              {draft.caCode, draft.formCode, draft.replacesSerial, QString::fromUtf8(content),
                               toDbTime(now), id, by.operatorId});
            if (!n)
                return n.error();
            if (*n != 1) {
                if (Status registered = notRegistered(db, by, id); !registered)
                    return registered;
                return makeError(ErrorCode::NotFound, tr("Draft %1 no longer exists (it was deleted, or it expired "
                                                         "after %2 days).")
                                                          .arg(id)
                                                          .arg(kKeepDays));
            }
            faultPoint("draft-save-before-commit"); // the new content written, not committed
            return {};
        }
        auto count = db.scalar(QStringLiteral("SELECT count(*) FROM application_drafts WHERE operator_id = ? "
                                              "AND registered_as IS NULL"),
                               {by.operatorId});
        if (!count)
            return count.error();
        if (count->toInt() >= kMaxPerOperator)
            return makeError(
                ErrorCode::Conflict,
                tr("You already keep %1 drafts: register or delete some before starting another.").arg(count->toInt()));
        auto ins = db.insert(QStringLiteral("INSERT INTO application_drafts (operator_id, ca_code, form_code, "
                                            "replaces_serial, content, created_at, updated_at) "
                                            "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                             {by.operatorId, draft.caCode, draft.formCode, draft.replacesSerial,
                              QString::fromUtf8(content), toDbTime(now), toDbTime(now)});
        if (!ins)
            return ins.error();
        id = ins->toLongLong();
        return {};
    });
    if (!s)
        return s.error();
    return id;
}

Result<QList<Draft>> Drafts::list(const Session& by) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    if (auto purged = purgeExpired(); !purged)
        return purged.error();
    auto rows = m_reg.db().rows(QStringLiteral("SELECT %1 FROM application_drafts WHERE operator_id = ? "
                                               "AND registered_as IS NULL ORDER BY updated_at DESC, id DESC")
                                    .arg(QLatin1String(kColumns)),
                                {by.operatorId});
    if (!rows)
        return rows.error();
    QList<Draft> out;
    for (const QVariantList& r : *rows)
        out << fromRow(r);
    return out;
}

Result<Draft> Drafts::get(const Session& by, qint64 id) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    auto r = m_reg.db().row(QStringLiteral("SELECT %1 FROM application_drafts WHERE id = ? AND operator_id = ? "
                                           "AND updated_at >= ?")
                                .arg(QLatin1String(kColumns)),
                            {id, by.operatorId, expiryCutoff()});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, tr("You have no draft %1.").arg(id));
    if (Status registered = notRegistered(m_reg.db(), by, id); !registered)
        return registered.error();
    return fromRow(*r);
}

Status Drafts::remove(const Session& by, qint64 id) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s;
    Database& db = m_reg.db();
    return db.transact([&]() -> Status {
        if (Status registered = notRegistered(db, by, id); !registered)
            return registered;
        auto n = db.write(QStringLiteral("DELETE FROM application_drafts WHERE id = ? AND operator_id = ?"),
                          {id, by.operatorId});
        if (!n)
            return n.error();
        if (*n != 1)
            return makeError(ErrorCode::NotFound, tr("You have no draft %1.").arg(id));
        return {};
    });
}

Result<qint64> Drafts::submit(const Session& by, const Draft& draft) {
    Database& db = m_reg.db();
    qint64 applicationId = 0;
    const Status s = db.transact([&]() -> Status {
        if (draft.id > 0) {
            if (Status registered = notRegistered(db, by, draft.id); !registered)
                return registered;
        }
        auto id = draft.replacesSerial.isEmpty()
                      ? m_reg.applications().submit(by, draft.caCode, draft.formCode, draft.submission)
                      : m_reg.applications().submitReplacement(by, draft.caCode, draft.replacesSerial, draft.formCode,
                                                               draft.submission);
        if (!id)
            return id.error();
        applicationId = *id;
        if (draft.id > 0) {
            // What was typed goes; the row stays, naming the application, until it expires as drafts do.
            auto n = db.write(QStringLiteral("UPDATE application_drafts SET registered_as = ?, content = '{}', "
                                             "replaces_serial = NULL, updated_at = ? "
                                             "WHERE id = ? AND operator_id = ? AND registered_as IS NULL"),
                              {applicationId, toDbTime(m_reg.clock().now()), draft.id, by.operatorId});
            if (!n)
                return n.error();
        }
        return {};
    });
    if (!s)
        return s.error();
    return applicationId;
}

Result<int> Drafts::purgeExpired() {
    Database& db = m_reg.db();
    const QString cutoff = expiryCutoff();
    // Nothing to delete is the common case: only a reader then, no write lock taken.
    auto any = db.scalar(QStringLiteral("SELECT count(*) FROM application_drafts WHERE updated_at < ?"), {cutoff});
    if (!any)
        return any.error();
    if (any->toInt() == 0)
        return 0;
    int deleted = 0;
    const Status s = db.transact([&]() -> Status {
        auto n = db.write(QStringLiteral("DELETE FROM application_drafts WHERE updated_at < ?"), {cutoff});
        if (!n)
            return n.error();
        deleted = *n;
        return {};
    });
    if (!s)
        return s.error();
    return deleted;
}

} // namespace tirkeu::registry
