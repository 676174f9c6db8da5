#include "registry/CalendarService.h"
#include "forms/Validation.h"

#include "registry/Database.h"
#include "registry/Register.h"
#include "registry/RulesBook.h"

#include <QJsonArray>

namespace tirkeu::registry {

Status CalendarService::recomputeDeadlines(const Session& by, const QDate& day) {
    auto cal = calendar();
    if (!cal)
        return cal.error();
    auto q =
        m_reg.db().exec(QStringLiteral("SELECT a.id, a.form_code, a.received_at, a.deadline, ra.rules_version FROM "
                                       "applications a LEFT JOIN rules_applied ra ON ra.record = 'application' "
                                       "AND ra.record_id = a.id WHERE a.status IN ('registered', 'approved') AND "
                                       "a.deadline IS NOT NULL ORDER BY a.id"));
    if (!q)
        return q.error();
    struct Change {
        qint64 id;
        QString from;
        QString to;
    };
    QList<Change> changes;
    // A deadline already passed is never moved: an application once overdue stays overdue, whatever days are
    // declared off afterwards (attack of session 32, B15: twelve past days declared off made an overdue revocation
    // "due in two days" in every list).
    const QDate today = m_reg.clock().today();
    while (q->next()) {
        if (fromDbDate(q->value(3).toString()) < today)
            continue;
        const QDateTime received = fromDbTime(q->value(2).toString());
        // The deadline rule of the rules edition the application is handled under.
        const QString tag = q->value(4).toString();
        auto rules = tag.isEmpty() ? m_reg.rules().at(received) : m_reg.rules().edition(tag);
        if (!rules)
            return rules.error();
        const QString form = q->value(1).toString();
        if (!rules->deadlines.contains(form))
            continue;
        const QDate to = deadlineFrom(*cal, received.toTimeZone(Clock::zone()).date(), rules->deadlines.value(form));
        if (toDbDate(to) != q->value(3).toString())
            changes.append({q->value(0).toLongLong(), q->value(3).toString(), toDbDate(to)});
    }
    if (changes.isEmpty())
        return {};
    QJsonArray list;
    QList<RowRef> rows;
    for (const Change& c : changes) {
        auto up = m_reg.db().exec(QStringLiteral("UPDATE applications SET deadline = ? WHERE id = ?"), {c.to, c.id});
        if (!up)
            return up.error();
        list.append(QJsonObject{
            {QStringLiteral("application"), c.id}, {QStringLiteral("from"), c.from}, {QStringLiteral("to"), c.to}});
        rows << RowRef::row(QStringLiteral("applications"), c.id);
    }
    auto ev = m_reg.audit().append(by.login, toDbDate(day), QStringLiteral("calendar.deadlines_recomputed"),
                                   {{QStringLiteral("day"), toDbDate(day)}, {QStringLiteral("changed"), list}}, rows);
    if (!ev)
        return ev.error();
    return {};
}

Result<WorkingCalendar> CalendarService::calendar() {
    auto list = overrides();
    if (!list)
        return list.error();
    return WorkingCalendar(*list);
}

Result<QList<CalendarOverride>> CalendarService::overrides(int year) {
    auto q = year > 0
                 ? m_reg.db().exec(QStringLiteral("SELECT day, working, note FROM calendar_overrides "
                                                  "WHERE day >= ? AND day <= ? ORDER BY day"),
                                   {QStringLiteral("%1-01-01").arg(year), QStringLiteral("%1-12-31").arg(year)})
                 : m_reg.db().exec(QStringLiteral("SELECT day, working, note FROM calendar_overrides ORDER BY day"));
    if (!q)
        return q.error();
    QList<CalendarOverride> out;
    while (q->next())
        out.append({fromDbDate(q->value(0).toString()), q->value(1).toInt() == 1, q->value(2).toString()});
    return out;
}

Status CalendarService::set(const Session& by, const QDate& day, bool working, const QString& note) {
    if (Status s = Roles::require(by, Permission::ManageCalendar); !s)
        return s;
    if (!day.isValid() || day.year() < 2000 || day.year() > 2100)
        return makeError(ErrorCode::Invalid, tr("Give a real date between 2000 and 2100."));
    if (const QString why = forms::Validator::forbiddenCharacterIn(note, tr("Note")); !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto del = m_reg.db().exec(QStringLiteral("DELETE FROM calendar_overrides WHERE day = ?"), {toDbDate(day)});
    if (!del)
        return del.error();
    auto ins = m_reg.db().exec(QStringLiteral("INSERT INTO calendar_overrides (day, working, note, updated_at, "
                                              "updated_by) VALUES (?, ?, ?, ?, ?)"),
                               {toDbDate(day), working ? 1 : 0, QStringLiteral("%1").arg(note.trimmed()),
                                toDbTime(m_reg.clock().now()), by.operatorId}); // no note: '', never NULL (B20)
    if (!ins)
        return ins.error();
    auto ev = m_reg.audit().append(by.login, toDbDate(day), QStringLiteral("calendar.override_set"),
                                   {{QStringLiteral("day"), toDbDate(day)},
                                    {QStringLiteral("working"), working},
                                    {QStringLiteral("note"), note.trimmed()}},
                                   {RowRef::row(QStringLiteral("calendar_overrides"), toDbDate(day))});
    if (!ev)
        return ev.error();
    // Open applications' deadlines follow the changed calendar, in the same transaction.
    if (Status s = recomputeDeadlines(by, day); !s)
        return s;
    return tx.commit();
}

Status CalendarService::clear(const Session& by, const QDate& day) {
    if (Status s = Roles::require(by, Permission::ManageCalendar); !s)
        return s;
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto del = m_reg.db().exec(QStringLiteral("DELETE FROM calendar_overrides WHERE day = ?"), {toDbDate(day)});
    if (!del)
        return del.error();
    if (del->numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("There is no override for %1.").arg(displayDate(day)));
    auto ev = m_reg.audit().append(by.login, toDbDate(day), QStringLiteral("calendar.override_cleared"),
                                   {{QStringLiteral("day"), toDbDate(day)}},
                                   {RowRef::row(QStringLiteral("calendar_overrides"), toDbDate(day))});
    if (!ev)
        return ev.error();
    // Open applications' deadlines follow the changed calendar, in the same transaction.
    if (Status s = recomputeDeadlines(by, day); !s)
        return s;
    return tx.commit();
}

} // namespace tirkeu::registry
