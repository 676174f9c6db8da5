#include "registry/WorkingCalendar.h"

#include "registry/Clock.h"

#include <climits>

namespace tirkeu::registry {

namespace {

// A public holiday on a fixed date, for the years firstYear..lastYear inclusive (docs/FACTS.md).
struct FixedHoliday {
    int month;
    int day;
    int firstYear;
    int lastYear;
    const char* name; // English source text, translated in the WorkingCalendar context
};

constexpr FixedHoliday kPublicHolidays[] = {
    {1, 1, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "New Year")},
    {1, 2, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "New Year")},
    {3, 8, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "International Women's Day")},
    {3, 15, 2027, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Constitution Day")},
    {3, 21, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Nauryz meiramy")},
    {3, 22, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Nauryz meiramy")},
    {3, 23, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Nauryz meiramy")},
    {5, 1, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Kazakhstan People's Unity Day")},
    {5, 7, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Defender of the Fatherland Day")},
    {5, 9, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Victory Day")},
    {7, 6, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Capital City Day")},
    {8, 30, INT_MIN, 2025, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Constitution Day")},
    {10, 25, 2022, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Republic Day")},
    {12, 16, INT_MIN, INT_MAX, QT_TRANSLATE_NOOP("tirkeu::registry::WorkingCalendar", "Independence Day")},
};

bool isWeekend(const QDate& d) {
    return d.dayOfWeek() >= Qt::Saturday;
}

DayInfo plainDay(const QDate& d) {
    return {d, isWeekend(d) ? DayKind::Weekend : DayKind::Working, {}};
}

// Two days off on one date (e.g. Kurban Ait on May 9) stay one day off; a public holiday among
// them still moves off a weekend.
void addDayOff(QMap<QDate, DayInfo>& days, const QDate& d, DayKind kind, const QString& name) {
    if (!d.isValid())
        return;
    const auto it = days.find(d);
    if (it == days.end()) {
        days.insert(d, {d, kind, name});
        return;
    }
    if (kind == DayKind::Holiday)
        it->kind = DayKind::Holiday;
    it->name = it->name + u"; " + name;
}

// The days off of year `y` that stay on their own date: public holidays and the unmoved days.
void addOwnDateDaysOff(QMap<QDate, DayInfo>& days, int y) {
    for (const FixedHoliday& h : kPublicHolidays) {
        if (y >= h.firstYear && y <= h.lastYear)
            addDayOff(days, QDate(y, h.month, h.day), DayKind::Holiday, WorkingCalendar::tr(h.name));
    }
    addDayOff(days, QDate(y, 1, 7), DayKind::UnmovedHoliday, WorkingCalendar::tr("Orthodox Christmas"));
    addDayOff(days, WorkingCalendar::kurbanAit(y), DayKind::UnmovedHoliday, WorkingCalendar::tr("Kurban Ait"));
}

// A decree swap or an administrator's entry, applied on top of the rules. An entry that asks for
// what the day already is changes nothing (a holiday keeps its name).
void applyOverride(QMap<QDate, DayInfo>& days, const CalendarOverride& o) {
    const QDate d = o.day;
    const DayInfo current = days.value(d, plainDay(d));
    if (o.working == current.working())
        return;
    DayInfo next;
    if (o.working) {
        next = {d, isWeekend(d) ? DayKind::WorkedWeekend : DayKind::Working,
                o.note.isEmpty() ? WorkingCalendar::tr("Working day by decree") : o.note};
    } else if (isWeekend(d)) {
        next = plainDay(d); // a worked weekend given back: an ordinary weekend again
    } else {
        next = {d, DayKind::DecreeDayOff, o.note.isEmpty() ? WorkingCalendar::tr("Day off by decree") : o.note};
    }
    if (next.kind == DayKind::Weekend)
        days.remove(d);
    else
        days.insert(d, next);
}

} // namespace

WorkingCalendar::WorkingCalendar(const QList<CalendarOverride>& overrides) {
    for (const CalendarOverride& o : overrides) {
        if (o.day.isValid())
            m_overrides.insert(o.day, o); // the later entry for a date wins
    }
}

QDate WorkingCalendar::kurbanAit(int year) {
    // The first day of Kurban Ait follows the lunar calendar and is announced every year.
    switch (year) {
    case 2023:
        return QDate(2023, 6, 28);
    case 2024:
        return QDate(2024, 6, 16);
    case 2025:
        return QDate(2025, 6, 6);
    case 2026:
        return QDate(2026, 5, 27);
    case 2027:
        return QDate(2027, 5, 16);
    default:
        return {};
    }
}

QList<CalendarOverride> WorkingCalendar::builtInDecrees() {
    // Government decree for 2025: the bridge day Fri 03.01.2025 off, worked on Sun 05.01.2025.
    const QDate off(2025, 1, 3);
    const QDate worked(2025, 1, 5);
    //: %1: the Sunday (dd.MM.yyyy) worked in exchange
    return {{off, false, tr("Day off by government decree (worked on %1)").arg(displayDate(worked))},
            //: %1: the day off (dd.MM.yyyy) this working Sunday pays for
            {worked, true, tr("Working day by government decree (for %1)").arg(displayDate(off))}};
}

// Builds (once per year, then cached) every day of year `y` that is not a plain working day or a
// plain weekend. Not thread-safe: the cache is filled from const methods; use one instance per thread.
const QMap<QDate, DayInfo>& WorkingCalendar::year(int y) const {
    // Names are translated when a year is built; after a runtime language switch rebuild them.
    const QString language = tr("New Year");
    if (language != m_cacheLanguage) {
        m_yearCache.clear();
        m_cacheLanguage = language;
    }
    const auto cached = m_yearCache.constFind(y);
    if (cached != m_yearCache.cend())
        return *cached;

    // Own-date days off of the previous year too: a holiday late in December may move into January
    // (none does with today's list, Dec 16 moves at most to Dec 18, but the rule has no year limit).
    // A move only ever goes forward, so nothing of year y+1 can land in year y.
    QMap<QDate, DayInfo> fixed;
    addOwnDateDaysOff(fixed, y - 1);
    addOwnDateDaysOff(fixed, y);

    // A public holiday on a Saturday or Sunday gives its day off to "the next working day": the law
    // moves the weekend day off that coincides with a holiday to the working day after the holiday,
    // so that the worker loses neither. Landing on another holiday, on an unmoved day off (Jan 7,
    // Kurban Ait) or on a day that already received a moved day would make two days off coincide
    // again and one would be lost, so the search skips them all. Processing the holidays in date
    // order makes the moves chain: Nauryz 2026 (Sat 21, Sun 22, Mon 23) gives Tue 24 and Wed 25.
    // Decree swaps and the administrator's table are published knowing the moves, so they apply
    // on top afterwards and never push a moved day elsewhere.
    QMap<QDate, DayInfo> moved;
    for (auto it = fixed.cbegin(); it != fixed.cend(); ++it) {
        if (it->kind != DayKind::Holiday || !isWeekend(it.key()))
            continue;
        QDate to = it.key().addDays(1);
        while (isWeekend(to) || fixed.contains(to) || moved.contains(to))
            to = to.addDays(1);
        //: name of a day off received from a holiday on a weekend; %1: holiday name, %2: its date (dd.MM.yyyy)
        moved.insert(to, {to, DayKind::MovedHoliday, tr("%1 (moved from %2)").arg(it->name, displayDate(it.key()))});
    }

    QMap<QDate, DayInfo> days;
    for (const QMap<QDate, DayInfo>* source : {&fixed, &moved}) {
        for (auto it = source->cbegin(); it != source->cend(); ++it) {
            if (it.key().year() == y)
                days.insert(it.key(), *it);
        }
    }
    for (const CalendarOverride& o : builtInDecrees()) {
        if (o.day.year() == y)
            applyOverride(days, o);
    }
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        if (it.key().year() == y)
            applyOverride(days, *it);
    }
    return *m_yearCache.insert(y, days);
}

DayInfo WorkingCalendar::info(const QDate& day) const {
    if (!day.isValid())
        return {};
    const QMap<QDate, DayInfo>& days = year(day.year());
    const auto it = days.constFind(day);
    return it != days.cend() ? *it : plainDay(day);
}

QDate WorkingCalendar::addWorkingDays(const QDate& received, int n) const {
    if (!received.isValid())
        return {};
    QDate day = received;
    const QMap<QDate, DayInfo>* days = nullptr;
    int daysYear = 0;
    while (n > 0) {
        day = day.addDays(1);
        if (!days || day.year() != daysYear) {
            daysYear = day.year();
            days = &year(daysYear);
        }
        const auto it = days->constFind(day);
        if (it != days->cend() ? it->working() : !isWeekend(day))
            --n;
    }
    return day;
}

int WorkingCalendar::workingDaysBetween(const QDate& from, const QDate& to) const {
    if (!from.isValid() || !to.isValid() || to <= from)
        return 0;
    // Weekdays in (from, to] by arithmetic, then corrected by the year's special days: no walk over
    // every day even when an overdue application is years old.
    const qint64 span = from.daysTo(to);
    qint64 count = span / 7 * 5;
    for (QDate d = from.addDays(span / 7 * 7 + 1); d <= to; d = d.addDays(1)) {
        if (!isWeekend(d))
            ++count;
    }
    for (int y = from.year(); y <= to.year(); ++y) {
        const QMap<QDate, DayInfo>& days = year(y);
        for (auto it = days.lowerBound(from.addDays(1)); it != days.cend() && it.key() <= to; ++it) {
            const bool weekend = isWeekend(it.key());
            if (weekend && it->working())
                ++count;
            else if (!weekend && !it->working())
                --count;
        }
    }
    return int(count);
}

QList<DayInfo> WorkingCalendar::specialDays(int y) const {
    return year(y).values();
}

} // namespace tirkeu::registry
