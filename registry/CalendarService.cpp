#include "registry/CalendarService.h"

#include "registry/Database.h"
#include "registry/Register.h"

namespace tirkeu::registry {

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
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto del = m_reg.db().exec(QStringLiteral("DELETE FROM calendar_overrides WHERE day = ?"), {toDbDate(day)});
    if (!del)
        return del.error();
    auto ins =
        m_reg.db().exec(QStringLiteral("INSERT INTO calendar_overrides (day, working, note, updated_at, "
                                       "updated_by) VALUES (?, ?, ?, ?, ?)"),
                        {toDbDate(day), working ? 1 : 0, note.trimmed(), toDbTime(m_reg.clock().now()), by.operatorId});
    if (!ins)
        return ins.error();
    auto ev = m_reg.audit().append(by.login, toDbDate(day), QStringLiteral("calendar.override_set"),
                                   {{QStringLiteral("day"), toDbDate(day)},
                                    {QStringLiteral("working"), working},
                                    {QStringLiteral("note"), note.trimmed()}},
                                   {RowRef::row(QStringLiteral("calendar_overrides"), toDbDate(day))});
    if (!ev)
        return ev.error();
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
    return tx.commit();
}

} // namespace tirkeu::registry
