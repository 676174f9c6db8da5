#pragma once
// The working-day calendar of this register: built-in rules plus the per-year override table that
// administrators edit (stored in calendar_overrides, every change in the audit chain).

#include "registry/Roles.h"
#include "registry/WorkingCalendar.h"

#include <QCoreApplication>

namespace tirkeu::registry {

class Register;

class CalendarService {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CalendarService)
public:
    explicit CalendarService(Register& reg)
        : m_reg(reg) {}

    Result<WorkingCalendar> calendar();
    Result<QList<CalendarOverride>> overrides(int year = 0); // 0 = all years
    // Sets (or replaces) the override of one day; open applications' deadlines are recomputed (audited).
    Status set(const Session& by, const QDate& day, bool working, const QString& note);
    // Removes the override of one day: the built-in rules apply again.
    Status clear(const Session& by, const QDate& day);

private:
    // Recomputes the deadline of every open application under the current calendar and the rules
    // edition it is handled under; the changed ones are recorded in one audited event.
    Status recomputeDeadlines(const Session& by, const QDate& day);
    Register& m_reg;
};

} // namespace tirkeu::registry
