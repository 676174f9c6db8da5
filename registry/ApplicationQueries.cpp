// Applications as read back: one application, the filtered lists of the worklists and the register page,
// how many match, an application's history. Submitting and deciding are in Applications.cpp.
#include "registry/Applications.h"

#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"
#include "registry/Search.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

namespace tirkeu::registry {

namespace {

using detail::str;

const char kSelect[] =
    "SELECT a.id, a.ca_id, c.code, a.form_code, a.purpose, a.status, a.data, a.attachments, a.consent, a.consent_at, "
    "a.basis_letter_no, a.basis_letter_date, a.received_at, a.deadline, coalesce(a.person_id, 0), "
    "coalesce(a.organisation_id, 0), r.login, d.login, a.decided_at, a.reject_reason, a.completed_at, "
    "a.retention_until, p.iin, o.bin, o.full_name "
    "FROM applications a JOIN cas c ON c.id = a.ca_id JOIN operators r ON r.id = a.registered_by "
    "LEFT JOIN operators d ON d.id = a.decided_by LEFT JOIN persons p ON p.id = a.person_id "
    "LEFT JOIN organisations o ON o.id = a.organisation_id ";

ApplicationRecord recordFrom(const QSqlQuery& q, const QDate& today) {
    ApplicationRecord r;
    r.id = q.value(0).toLongLong();
    r.caId = q.value(1).toLongLong();
    r.caCode = q.value(2).toString();
    r.formCode = q.value(3).toString();
    r.purpose = q.value(4).toString() == u"revoke" ? forms::FormPurpose::Revoke : forms::FormPurpose::Issue;
    Applications::statusFromId(q.value(5).toString(), &r.status);
    r.data = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(7).toString().toUtf8()).array())
        r.attachments << v.toString();
    r.consent = q.value(8).toInt() == 1;
    r.consentAt = q.value(9).isNull() ? QDateTime() : fromDbTime(q.value(9).toString());
    r.basisLetterNo = q.value(10).toString();
    r.basisLetterDate = fromDbDate(q.value(11).toString());
    r.receivedAt = fromDbTime(q.value(12).toString());
    r.deadline = q.value(13).isNull() ? QDate() : fromDbDate(q.value(13).toString());
    r.personId = q.value(14).toLongLong();
    r.organisationId = q.value(15).toLongLong();
    r.registeredBy = q.value(16).toString();
    r.decidedBy = q.value(17).toString();
    r.decidedAt = q.value(18).isNull() ? QDateTime() : fromDbTime(q.value(18).toString());
    Applications::splitRefusal(q.value(19).toString(), &r.rejectReasonCode, &r.rejectReason);
    r.completedAt = q.value(20).isNull() ? QDateTime() : fromDbTime(q.value(20).toString());
    r.retentionUntil = fromDbTime(q.value(21).toString());
    r.subject = !q.value(22).isNull() ? q.value(22).toString() : q.value(23).toString();
    r.applicantName = detail::personName(r.data);
    r.identification = str(r.data, "identification");
    if (const forms::FormDef* form = forms::FormCatalog::find(r.formCode))
        for (const forms::AttachmentDef& a : form->attachments)
            if (a.required && !r.attachments.contains(a.id))
                r.missingDocuments << a.id;
    if (r.applicantName.isEmpty())
        r.applicantName = !q.value(24).isNull() ? q.value(24).toString() : str(r.data, "org_name");
    if (r.applicantName.isEmpty())
        r.applicantName = str(r.data, "ca_name");
    if (r.open() && r.deadline.isValid()) {
        r.overdue = r.deadline < today;
        r.dueToday = r.deadline == today;
    }
    return r;
}

// The ground of a refusal in the interface language, from the rules edition in force when it was decided.
Status labelRefusal(ApplicationRecord& r, RulesBook& rules) {
    if (r.rejectReasonCode.isEmpty())
        return {};
    auto edition = rules.at(r.decidedAt);
    if (!edition)
        return edition.error();
    for (const QList<RefusalReason>& reasons : edition->refusalReasons)
        for (const RefusalReason& reason : reasons)
            if (reason.code == r.rejectReasonCode)
                r.rejectReasonLabel = reason.label();
    return {};
}
} // namespace

Result<ApplicationRecord> Applications::get(const Session& by, qint64 id) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto q = m_reg.db().exec(QLatin1String(kSelect) + QStringLiteral("WHERE a.id = ?"), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(id));
    ApplicationRecord r = recordFrom(*q, m_reg.clock().today());
    if (Status s = labelRefusal(r, m_reg.rules()); !s)
        return s.error();
    // Under the edition the letter was received under; a record that no longer passes (an older letter
    // without the day) simply has no reports.
    auto received = m_reg.rules().at(r.receivedAt);
    if (!received)
        return received.error();
    const QDate receivedOn = r.receivedAt.toTimeZone(Clock::zone()).date();
    if (auto reports = Rules::employmentEndReports(*received, r.data, receivedOn))
        r.employmentEndReports = *reports;
    return r;
}

Result<QString> Applications::replacedSerial(const Session& by, qint64 id) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT c.serial FROM applications a LEFT JOIN certificates c ON c.id = "
                                            "a.replaces_certificate_id WHERE a.id = ?"),
                             {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(id));
    return q->value(0).isNull() ? QString() : q->value(0).toString();
}

QString Applications::filterWhere(const ApplicationFilter& f, QVariantList* binds) const {
    QString where = QStringLiteral("WHERE 1 = 1");
    if (!f.caCode.isEmpty()) {
        where += QStringLiteral(" AND c.code = ?");
        *binds << f.caCode;
    }
    if (!f.formCode.isEmpty()) {
        where += QStringLiteral(" AND a.form_code = ?");
        *binds << f.formCode;
    }
    if (f.status) {
        where += QStringLiteral(" AND a.status = ?");
        *binds << statusId(*f.status);
    }
    if (f.openOnly)
        where += QStringLiteral(" AND a.status IN ('registered', 'approved')");
    if (!f.subject.isEmpty()) {
        where += QStringLiteral(" AND (p.iin = ? OR o.bin = ?)");
        *binds << f.subject << f.subject;
    }
    if (f.purpose) {
        where += QStringLiteral(" AND a.purpose = ?");
        *binds << (*f.purpose == forms::FormPurpose::Revoke ? QStringLiteral("revoke") : QStringLiteral("issue"));
    }
    if (f.deadlineFrom.isValid() || f.deadlineTo.isValid()) {
        where += QStringLiteral(" AND a.status IN ('registered', 'approved') AND a.deadline IS NOT NULL");
        if (f.deadlineFrom.isValid()) {
            where += QStringLiteral(" AND a.deadline >= ?");
            *binds << toDbDate(f.deadlineFrom);
        }
        if (f.deadlineTo.isValid()) {
            where += QStringLiteral(" AND a.deadline <= ?");
            *binds << toDbDate(f.deadlineTo);
        }
    }
    const QString text = f.search.trimmed();
    if (!text.isEmpty()) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
        if (digits.match(text).hasMatch()) {
            where += QStringLiteral(" AND (a.id = ? OR p.iin LIKE ? OR o.bin LIKE ?)");
            *binds << text.left(18).toLongLong() << QString(text + u'%') << QString(text + u'%');
        } else {
            // The holder's search key (migration 15): case-folded on both engines, the person's three
            // names in one string, so "иванов иван" and "ӘЛИЯ" match as well as a single name does.
            QString escaped = Search::key(text);
            escaped.replace(u'\\', QStringLiteral("\\\\"))
                .replace(u'%', QStringLiteral("\\%"))
                .replace(u'_', QStringLiteral("\\_"));
            const QString pattern = u'%' + escaped + u'%';
            where += QStringLiteral(" AND (p.search_key LIKE ? ESCAPE '\\' OR o.search_key LIKE ? ESCAPE '\\' "
                                    "OR o.short_key LIKE ? ESCAPE '\\')");
            *binds << pattern << pattern << pattern;
        }
    }
    return where;
}

Result<qint64> Applications::count(const Session& by, const ApplicationFilter& f) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    QVariantList binds;
    const QString where = filterWhere(f, &binds);
    auto n = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM applications a JOIN cas c ON c.id = a.ca_id "
                                              "LEFT JOIN persons p ON p.id = a.person_id "
                                              "LEFT JOIN organisations o ON o.id = a.organisation_id ") +
                                   where,
                               binds);
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<QList<ApplicationRecord>> Applications::list(const Session& by, const ApplicationFilter& f) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    QVariantList binds;
    const QString where = filterWhere(f, &binds);
    QString order;
    switch (f.sort) {
    case ApplicationSort::Deadline:
        order = QStringLiteral("coalesce(a.deadline, '9999-12-31')");
        break;
    case ApplicationSort::Number:
        order = QStringLiteral("a.id");
        break;
    case ApplicationSort::Ca:
        order = QStringLiteral("c.code");
        break;
    case ApplicationSort::Form:
        order = QStringLiteral("a.form_code");
        break;
    case ApplicationSort::Status:
        order = QStringLiteral("a.status");
        break;
    case ApplicationSort::Received:
        order = QStringLiteral("a.received_at");
        break;
    case ApplicationSort::Subject:
        order = QStringLiteral("coalesce(p.iin, o.bin, '')");
        break;
    case ApplicationSort::Applicant:
        order = QStringLiteral("coalesce(p.surname || ' ' || p.name, o.full_name, '')");
        break;
    }
    const QString direction = f.descending ? QStringLiteral(" DESC") : QString();
    order += direction;
    if (f.sort != ApplicationSort::Number)
        order += QStringLiteral(", a.id") + direction;
    binds << qBound(1, f.limit, 10000) << qMax(0, f.offset);
    auto q = m_reg.db().exec(QLatin1String(kSelect) + where + QStringLiteral(" ORDER BY ") + order +
                                 QStringLiteral(" LIMIT ? OFFSET ?"),
                             binds);
    if (!q)
        return q.error();
    QList<ApplicationRecord> out;
    const QDate today = m_reg.clock().today();
    while (q->next()) {
        out.append(recordFrom(*q, today));
        if (Status s = labelRefusal(out.last(), m_reg.rules()); !s)
            return s.error();
    }
    return out;
}

Result<QList<ApplicationHistoryEntry>> Applications::history(const Session& by, qint64 id) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT h.status, h.at, o.login, h.note FROM application_history h "
                                            "JOIN operators o ON o.id = h.operator_id WHERE h.application_id = ? "
                                            "ORDER BY h.id"),
                             {id});
    if (!q)
        return q.error();
    QList<ApplicationHistoryEntry> out;
    while (q->next()) {
        ApplicationHistoryEntry e;
        statusFromId(q->value(0).toString(), &e.status);
        e.at = fromDbTime(q->value(1).toString());
        e.operatorLogin = q->value(2).toString();
        e.note = q->value(3).toString();
        out.append(e);
    }
    return out;
}

} // namespace tirkeu::registry
