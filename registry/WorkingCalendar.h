#pragma once
// The Kazakhstan working-day calendar (docs/FACTS.md): public holidays, holidays falling on a
// weekend moved to the next working day (chained: Nauryz 2026 gives Mar 23-25 off), Jan 7 and the
// first day of Kurban Ait never moved, government decree swaps, and a per-year override table that
// an administrator edits (stored in the register; passed in here). Pure logic: no database.

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

namespace tirkeu::registry {

struct CalendarOverride {
    QDate day;
    bool working = false; // true: a working day (e.g. a Sunday worked by decree); false: a day off
    QString note;         // e.g. "Decree of 2024-12-xx: Jan 3 off, worked on Jan 5"
};

enum class DayKind {
    Working,        // an ordinary working day
    WorkedWeekend,  // Saturday/Sunday made a working day (decree swap / override)
    Weekend,        // Saturday or Sunday
    Holiday,        // public holiday on its own date
    MovedHoliday,   // day off because a holiday fell on a weekend (or on another moved day)
    UnmovedHoliday, // Jan 7, first day of Kurban Ait: off, never moved
    DecreeDayOff,   // a working day made a day off (decree swap / override)
};

struct DayInfo {
    QDate date;
    DayKind kind = DayKind::Working;
    QString name; // translated holiday name ("Nauryz meiramy", "Independence Day", ...) or note; empty for plain days
    bool working() const { return kind == DayKind::Working || kind == DayKind::WorkedWeekend; }
};

class WorkingCalendar {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::WorkingCalendar)
public:
    // Built-in rules plus the built-in decree swaps; `overrides` (from the register) win over both.
    explicit WorkingCalendar(const QList<CalendarOverride>& overrides = {});

    DayInfo info(const QDate& day) const;
    bool isWorkingDay(const QDate& day) const { return info(day).working(); }

    // "Within N working days" of `received`: the N-th working day after the receipt date
    // (the receipt day itself never counts). n >= 1.
    QDate addWorkingDays(const QDate& received, int n) const;
    // "Within N days" (calendar days): received + n.
    static QDate addCalendarDays(const QDate& received, int n) { return received.addDays(n); }
    // Number of working days in (from, to]; 0 when to <= from.
    int workingDaysBetween(const QDate& from, const QDate& to) const;

    // Every non-working day of the year that is not an ordinary weekend, plus worked weekends,
    // sorted by date: what `tirkeu-cli calendar show --year Y` lists.
    QList<DayInfo> specialDays(int year) const;

    // The built-in first day of Kurban Ait for a year (invalid QDate when not known; the
    // administrator then adds it as an override).
    static QDate kurbanAit(int year);
    // Built-in decree swaps (e.g. 2025: Fri Jan 3 off, Sun Jan 5 worked).
    static QList<CalendarOverride> builtInDecrees();

private:
    QMap<QDate, CalendarOverride> m_overrides;
    mutable QMap<int, QMap<QDate, DayInfo>> m_yearCache; // non-working/special days per year
    mutable QString m_cacheLanguage; // tr() of a probe string when the cache was filled: names follow a retranslation
    const QMap<QDate, DayInfo>& year(int y) const;
};

} // namespace tirkeu::registry
