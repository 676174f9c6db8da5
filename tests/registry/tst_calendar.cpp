// The Kazakhstan working-day calendar (docs/FACTS.md, SPEC §5). Every expected date below was
// worked out by hand from the rules and the weekday of each date, not taken from the implementation.

#include "common/TestMain.h"
#include "registry/WorkingCalendar.h"

#include <QTest>

using tirkeu::registry::CalendarOverride;
using tirkeu::registry::DayInfo;
using tirkeu::registry::DayKind;
using tirkeu::registry::WorkingCalendar;

namespace {

QDate d(int y, int m, int day) {
    return QDate(y, m, day);
}

QString kindName(DayKind kind) {
    switch (kind) {
    case DayKind::Working:
        return QStringLiteral("Working");
    case DayKind::WorkedWeekend:
        return QStringLiteral("WorkedWeekend");
    case DayKind::Weekend:
        return QStringLiteral("Weekend");
    case DayKind::Holiday:
        return QStringLiteral("Holiday");
    case DayKind::MovedHoliday:
        return QStringLiteral("MovedHoliday");
    case DayKind::UnmovedHoliday:
        return QStringLiteral("UnmovedHoliday");
    case DayKind::DecreeDayOff:
        return QStringLiteral("DecreeDayOff");
    }
    return QStringLiteral("?");
}

// "2026-03-24 MovedHoliday" lines: a failing comparison shows the whole list.
QStringList describe(const QList<DayInfo>& days) {
    QStringList out;
    for (const DayInfo& day : days)
        out << day.date.toString(Qt::ISODate) + u' ' + kindName(day.kind);
    return out;
}

using Expected = QList<QPair<QDate, QString>>;

QStringList describe(const Expected& days) {
    QStringList out;
    for (const auto& [date, kind] : days)
        out << date.toString(Qt::ISODate) + u' ' + kind;
    return out;
}

const QString Holiday = QStringLiteral("Holiday");
const QString Moved = QStringLiteral("MovedHoliday");
const QString Unmoved = QStringLiteral("UnmovedHoliday");
const QString Decree = QStringLiteral("DecreeDayOff");
const QString WorkedWeekend = QStringLiteral("WorkedWeekend");
const QString Working = QStringLiteral("Working");
const QString Weekend = QStringLiteral("Weekend");

// 2025 (Jan 1 is a Wednesday).
const Expected kSpecial2025 = {
    {d(2025, 1, 1), Holiday},                                  // Wed, New Year
    {d(2025, 1, 2), Holiday},                                  // Thu, New Year
    {d(2025, 1, 3), Decree},                                   // Fri, decree swap
    {d(2025, 1, 5), WorkedWeekend},                            // Sun, worked for Jan 3
    {d(2025, 1, 7), Unmoved},                                  // Tue, Orthodox Christmas
    {d(2025, 3, 8), Holiday},                                  // Sat -> Mon Mar 10 (Sun 9 is a weekend)
    {d(2025, 3, 10), Moved},        {d(2025, 3, 21), Holiday}, // Fri, Nauryz
    {d(2025, 3, 22), Holiday},                                 // Sat -> Mon 24 (Sun 23 is Nauryz)
    {d(2025, 3, 23), Holiday},                                 // Sun -> Tue 25 (Mon 24 already taken)
    {d(2025, 3, 24), Moved},        {d(2025, 3, 25), Moved},    {d(2025, 5, 1), Holiday}, // Thu
    {d(2025, 5, 7), Holiday},                                                             // Wed
    {d(2025, 5, 9), Holiday},                                                             // Fri
    {d(2025, 6, 6), Unmoved},                                                             // Fri, Kurban Ait
    {d(2025, 7, 6), Holiday},                                                             // Sun -> Mon Jul 7
    {d(2025, 7, 7), Moved},         {d(2025, 8, 30), Holiday},  // Sat, Constitution Day (last year) -> Mon Sep 1
    {d(2025, 9, 1), Moved},         {d(2025, 10, 25), Holiday}, // Sat, Republic Day -> Mon Oct 27
    {d(2025, 10, 27), Moved},       {d(2025, 12, 16), Holiday}, // Tue
};

// 2026 (Jan 1 is a Thursday).
const Expected kSpecial2026 = {
    {d(2026, 1, 1), Holiday},                              // Thu
    {d(2026, 1, 2), Holiday},                              // Fri
    {d(2026, 1, 7), Unmoved},                              // Wed
    {d(2026, 3, 8), Holiday},                              // Sun -> Mon Mar 9
    {d(2026, 3, 9), Moved},     {d(2026, 3, 21), Holiday}, // Sat -> Tue 24 (Sun 22 weekend, Mon 23 Nauryz)
    {d(2026, 3, 22), Holiday},                             // Sun -> Wed 25 (23 Nauryz, 24 taken)
    {d(2026, 3, 23), Holiday},                             // Mon
    {d(2026, 3, 24), Moved},    {d(2026, 3, 25), Moved},    {d(2026, 5, 1), Holiday}, // Fri
    {d(2026, 5, 7), Holiday},                                                         // Thu
    {d(2026, 5, 9), Holiday},                                                         // Sat -> Mon May 11
    {d(2026, 5, 11), Moved},    {d(2026, 5, 27), Unmoved},                            // Wed, Kurban Ait
    {d(2026, 7, 6), Holiday},                                                         // Mon
    {d(2026, 10, 25), Holiday},                                                       // Sun -> Mon Oct 26
    {d(2026, 10, 26), Moved},   {d(2026, 12, 16), Holiday},                           // Wed
};

} // namespace

class TestCalendar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dayKind_data();
    void dayKind();
    void specialDaysListEveryHolidayOf2025InOrder();
    void specialDaysListEveryHolidayOf2026InOrder();
    void holidayNames_data();
    void holidayNames();
    void kurbanAitTable_data();
    void kurbanAitTable();
    void builtInDecreeIsTheJanuary2025Swap();
    void overrideMakesWorkingDayOffAndSaturdayWorking();
    void overrideWinsOverRulesAndDecrees();
    void addWorkingDays_data();
    void addWorkingDays();
    void addCalendarDays_data();
    void addCalendarDays();
    void workingDaysBetween_data();
    void workingDaysBetween();
    void addWorkingDaysAndWorkingDaysBetweenAgree();
    void yearsCanBeQueriedInAnyOrder();

private:
    WorkingCalendar m_shared; // its cache fills in data-row order, across years
};

void TestCalendar::dayKind_data() {
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("kind");

    for (const Expected* list : {&kSpecial2025, &kSpecial2026}) {
        for (const auto& [date, kind] : *list)
            QTest::addRow("%s %s", qPrintable(date.toString(Qt::ISODate)), qPrintable(kind)) << date << kind;
    }

    const auto row = [](const char* tag, const QDate& date, const QString& kind) {
        QTest::newRow(tag) << date << kind;
    };
    // Around the January 2025 swap.
    row("2025-01-04 Sat stays a weekend", d(2025, 1, 4), Weekend);
    row("2025-01-06 Mon working", d(2025, 1, 6), Working);
    row("2025-01-08 Wed working", d(2025, 1, 8), Working);
    // Nauryz 2026 ends on Wednesday 25.
    row("2026-03-26 Thu working", d(2026, 3, 26), Working);
    row("2026-03-10 Tue working after moved Mar 8", d(2026, 3, 10), Working);
    // Constitution Day: Aug 30 up to 2025 only, Mar 15 from 2027 only.
    row("2026-08-30 Sun is a plain weekend", d(2026, 8, 30), Weekend);
    row("2026-08-31 Mon working (nothing moved)", d(2026, 8, 31), Working);
    row("2026-03-15 Sun is a plain weekend", d(2026, 3, 15), Weekend);
    row("2026-03-16 Mon working", d(2026, 3, 16), Working);
    row("2027-03-15 Mon Constitution Day", d(2027, 3, 15), Holiday);
    row("2027-08-30 Mon working", d(2027, 8, 30), Working);
    // Republic Day only from 2022.
    row("2021-10-25 Mon working", d(2021, 10, 25), Working);
    row("2022-10-25 Tue Republic Day", d(2022, 10, 25), Holiday);
    // Moves after May 9 2026 and Oct 25 2026 are a single day.
    row("2026-05-12 Tue working", d(2026, 5, 12), Working);
    row("2026-05-28 Thu working after Kurban Ait", d(2026, 5, 28), Working);
    row("2026-10-27 Tue working", d(2026, 10, 27), Working);
    row("2026-12-17 Thu working", d(2026, 12, 17), Working);
    // Jan 7 and Kurban Ait on a weekend are not moved.
    row("2024-01-07 Sun Orthodox Christmas", d(2024, 1, 7), Unmoved);
    row("2024-01-08 Mon working", d(2024, 1, 8), Working);
    row("2023-01-07 Sat Orthodox Christmas", d(2023, 1, 7), Unmoved);
    row("2023-01-09 Mon working", d(2023, 1, 9), Working);
    row("2024-06-16 Sun Kurban Ait", d(2024, 6, 16), Unmoved);
    row("2024-06-17 Mon working", d(2024, 6, 17), Working);
    row("2027-05-16 Sun Kurban Ait", d(2027, 5, 16), Unmoved);
    row("2027-05-17 Mon working", d(2027, 5, 17), Working);
    row("2023-06-28 Wed Kurban Ait", d(2023, 6, 28), Unmoved);
    // New Year on a weekend moves into January; Dec 16 on a Saturday moves to Monday.
    row("2022-01-01 Sat New Year", d(2022, 1, 1), Holiday);
    row("2022-01-03 Mon moved from Jan 1", d(2022, 1, 3), Moved);
    row("2022-01-04 Tue moved from Jan 2", d(2022, 1, 4), Moved);
    row("2022-01-05 Wed working", d(2022, 1, 5), Working);
    row("2023-01-02 Mon New Year", d(2023, 1, 2), Holiday);
    row("2023-01-03 Tue moved from Sun Jan 1", d(2023, 1, 3), Moved);
    row("2023-01-04 Wed working", d(2023, 1, 4), Working);
    row("2023-12-16 Sat Independence Day", d(2023, 12, 16), Holiday);
    row("2023-12-18 Mon moved from Dec 16", d(2023, 12, 18), Moved);
    row("2023-12-19 Tue working", d(2023, 12, 19), Working);
    row("2027-01-04 Mon moved from Sat Jan 2", d(2027, 1, 4), Moved);
    row("2027-01-05 Tue working", d(2027, 1, 5), Working);
    // 2027: May 1 Sat -> Mon 3; Nauryz Sun 21 -> Wed 24 (Mon 22, Tue 23 are Nauryz).
    row("2027-05-03 Mon moved from May 1", d(2027, 5, 3), Moved);
    row("2027-03-24 Wed moved from Mar 21", d(2027, 3, 24), Moved);
    row("2027-03-25 Thu working", d(2027, 3, 25), Working);
    // Plain days.
    row("2026-02-11 Wed working", d(2026, 2, 11), Working);
    row("2026-02-14 Sat weekend", d(2026, 2, 14), Weekend);
}

void TestCalendar::dayKind() {
    QFETCH(QDate, date);
    QFETCH(QString, kind);
    const WorkingCalendar fresh;
    const DayInfo info = fresh.info(date);
    QCOMPARE(info.date, date);
    QCOMPARE(kindName(info.kind), kind);
    const bool working = kind == Working || kind == WorkedWeekend;
    QCOMPARE(fresh.isWorkingDay(date), working);
    QCOMPARE(kindName(m_shared.info(date).kind), kind);
    // Every special day has a name, plain days have none.
    QCOMPARE(info.name.isEmpty(), kind == Working || kind == Weekend);
}

void TestCalendar::specialDaysListEveryHolidayOf2025InOrder() {
    const WorkingCalendar cal;
    const QList<DayInfo> days = cal.specialDays(2025);
    QCOMPARE(days.size(), 23);
    QCOMPARE(describe(days), describe(kSpecial2025));
}

void TestCalendar::specialDaysListEveryHolidayOf2026InOrder() {
    const WorkingCalendar cal;
    const QList<DayInfo> days = cal.specialDays(2026);
    QCOMPARE(days.size(), 19);
    QCOMPARE(describe(days), describe(kSpecial2026));
    for (const DayInfo& day : days)
        QVERIFY2(day.date != d(2026, 8, 30), "Aug 30 is no longer a holiday in 2026");
}

void TestCalendar::holidayNames_data() {
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("name");
    QTest::newRow("New Year") << d(2026, 1, 1) << QStringLiteral("New Year");
    QTest::newRow("Women's Day") << d(2026, 3, 8) << QStringLiteral("International Women's Day");
    QTest::newRow("Women's Day moved") << d(2026, 3, 9)
                                       << QStringLiteral("International Women's Day (moved from 08.03.2026)");
    QTest::newRow("Nauryz") << d(2026, 3, 23) << QStringLiteral("Nauryz meiramy");
    QTest::newRow("Nauryz moved from Sat")
        << d(2026, 3, 24) << QStringLiteral("Nauryz meiramy (moved from 21.03.2026)");
    QTest::newRow("Nauryz moved from Sun")
        << d(2026, 3, 25) << QStringLiteral("Nauryz meiramy (moved from 22.03.2026)");
    QTest::newRow("Unity Day") << d(2026, 5, 1) << QStringLiteral("Kazakhstan People's Unity Day");
    QTest::newRow("Defender Day") << d(2026, 5, 7) << QStringLiteral("Defender of the Fatherland Day");
    QTest::newRow("Victory Day moved") << d(2026, 5, 11) << QStringLiteral("Victory Day (moved from 09.05.2026)");
    QTest::newRow("Kurban Ait") << d(2026, 5, 27) << QStringLiteral("Kurban Ait");
    QTest::newRow("Capital City Day") << d(2026, 7, 6) << QStringLiteral("Capital City Day");
    QTest::newRow("Constitution Day 2025") << d(2025, 8, 30) << QStringLiteral("Constitution Day");
    QTest::newRow("Constitution Day 2025 moved")
        << d(2025, 9, 1) << QStringLiteral("Constitution Day (moved from 30.08.2025)");
    QTest::newRow("Constitution Day 2027") << d(2027, 3, 15) << QStringLiteral("Constitution Day");
    QTest::newRow("Republic Day moved") << d(2025, 10, 27) << QStringLiteral("Republic Day (moved from 25.10.2025)");
    QTest::newRow("Independence Day") << d(2026, 12, 16) << QStringLiteral("Independence Day");
    QTest::newRow("Orthodox Christmas") << d(2026, 1, 7) << QStringLiteral("Orthodox Christmas");
}

void TestCalendar::holidayNames() {
    QFETCH(QDate, date);
    QFETCH(QString, name);
    QCOMPARE(WorkingCalendar().info(date).name, name);
}

void TestCalendar::kurbanAitTable_data() {
    QTest::addColumn<int>("year");
    QTest::addColumn<QDate>("first");
    QTest::newRow("2022 unknown") << 2022 << QDate();
    QTest::newRow("2023") << 2023 << d(2023, 6, 28);
    QTest::newRow("2024") << 2024 << d(2024, 6, 16);
    QTest::newRow("2025") << 2025 << d(2025, 6, 6);
    QTest::newRow("2026") << 2026 << d(2026, 5, 27);
    QTest::newRow("2027") << 2027 << d(2027, 5, 16);
    QTest::newRow("2028 unknown") << 2028 << QDate();
}

void TestCalendar::kurbanAitTable() {
    QFETCH(int, year);
    QFETCH(QDate, first);
    QCOMPARE(WorkingCalendar::kurbanAit(year), first);
}

void TestCalendar::builtInDecreeIsTheJanuary2025Swap() {
    const QList<CalendarOverride> decrees = WorkingCalendar::builtInDecrees();
    QCOMPARE(decrees.size(), 2);
    QCOMPARE(decrees.at(0).day, d(2025, 1, 3));
    QVERIFY(!decrees.at(0).working);
    QCOMPARE(decrees.at(1).day, d(2025, 1, 5));
    QVERIFY(decrees.at(1).working);
    const WorkingCalendar cal;
    QVERIFY(!cal.isWorkingDay(d(2025, 1, 3)));
    QVERIFY(cal.isWorkingDay(d(2025, 1, 5)));
    QCOMPARE(cal.info(d(2025, 1, 3)).name, decrees.at(0).note);
}

void TestCalendar::overrideMakesWorkingDayOffAndSaturdayWorking() {
    const QString offNote = QStringLiteral("Decree: Thu 26.03.2026 off");
    const QString workedNote = QStringLiteral("Decree: Sat 28.03.2026 worked");
    const WorkingCalendar cal({{d(2026, 3, 26), false, offNote}, {d(2026, 3, 28), true, workedNote}});

    const DayInfo off = cal.info(d(2026, 3, 26));
    QCOMPARE(off.kind, DayKind::DecreeDayOff);
    QCOMPARE(off.name, offNote);
    const DayInfo worked = cal.info(d(2026, 3, 28));
    QCOMPARE(worked.kind, DayKind::WorkedWeekend);
    QCOMPARE(worked.name, workedNote);

    // Thu 26 off, Fri 27 is day 1, Sat 28 (worked) is day 2.
    QCOMPARE(cal.addWorkingDays(d(2026, 3, 20), 2), d(2026, 3, 28));
    QCOMPARE(cal.workingDaysBetween(d(2026, 3, 20), d(2026, 3, 31)), 4); // 27, 28, 30, 31
    // Both appear among the special days, in date order after Nauryz.
    const QStringList listed = describe(cal.specialDays(2026));
    const int nauryzEnd = listed.indexOf(QStringLiteral("2026-03-25 MovedHoliday"));
    QVERIFY(nauryzEnd >= 0);
    QCOMPARE(listed.at(nauryzEnd + 1), QStringLiteral("2026-03-26 DecreeDayOff"));
    QCOMPARE(listed.at(nauryzEnd + 2), QStringLiteral("2026-03-28 WorkedWeekend"));
    QCOMPARE(listed.size(), 21);
}

void TestCalendar::overrideWinsOverRulesAndDecrees() {
    const WorkingCalendar cal({
        {d(2025, 1, 3), true, QStringLiteral("Swap cancelled")},    // decree day off made working again
        {d(2025, 1, 5), false, {}},                                 // decree working Sunday given back
        {d(2026, 3, 24), true, QStringLiteral("Worked by decree")}, // a moved day made working
        {d(2026, 12, 16), true, {}},                                // a holiday made working
        {d(2026, 6, 13), false, {}},                                // an ordinary Saturday "off": no change
    });
    QCOMPARE(cal.info(d(2025, 1, 3)).kind, DayKind::Working);
    QCOMPARE(cal.info(d(2025, 1, 3)).name, QStringLiteral("Swap cancelled"));
    QCOMPARE(cal.info(d(2025, 1, 5)).kind, DayKind::Weekend);
    QCOMPARE(cal.info(d(2026, 3, 24)).kind, DayKind::Working);
    QVERIFY(cal.isWorkingDay(d(2026, 12, 16)));
    QCOMPARE(cal.info(d(2026, 6, 13)).kind, DayKind::Weekend);
    // The override does not push the moved day elsewhere: Mar 25 stays the only moved Nauryz day.
    QCOMPARE(cal.info(d(2026, 3, 25)).kind, DayKind::MovedHoliday);
    QCOMPARE(cal.info(d(2026, 3, 26)).kind, DayKind::Working);
    // From Fri Mar 20: Tue 24 (worked) is day 1, Thu 26 day 2.
    QCOMPARE(cal.addWorkingDays(d(2026, 3, 20), 2), d(2026, 3, 26));
    // 2025 New Year week: Thu Jan 2 holiday; Fri 3 working (1); Sat 4, Sun 5 weekend; Mon 6 (2).
    QCOMPARE(cal.addWorkingDays(d(2025, 1, 1), 2), d(2025, 1, 6));
    QCOMPARE(cal.specialDays(2025).size(), 22); // 23 minus the worked Sunday; Jan 3 listed as worked
}

void TestCalendar::addWorkingDays_data() {
    QTest::addColumn<QDate>("received");
    QTest::addColumn<int>("n");
    QTest::addColumn<QDate>("expected");
    // Mon 23 Nauryz, Tue 24 and Wed 25 moved; Thu 26 is day 1, Fri 27 day 2.
    QTest::newRow("Nauryz 2026, 2 days") << d(2026, 3, 20) << 2 << d(2026, 3, 27);
    QTest::newRow("Nauryz 2026, 1 day") << d(2026, 3, 20) << 1 << d(2026, 3, 26);
    // The receipt day never counts, even when it is a holiday.
    QTest::newRow("received on Nauryz") << d(2026, 3, 23) << 1 << d(2026, 3, 26);
    QTest::newRow("received on Saturday") << d(2026, 2, 14) << 1 << d(2026, 2, 16);
    QTest::newRow("Friday to Monday") << d(2026, 2, 6) << 1 << d(2026, 2, 9);
    // From Thu Apr 30: May 1 off; 4,5,6 (1-3); 7 off; 8 (4); 11 moved; 12-15 (5-8); 18-22 (9-13); 25, 26 (14, 15).
    QTest::newRow("15 days over May 2026") << d(2026, 4, 30) << 15 << d(2026, 5, 26);
    // From Mon May 4: 5,6 (1,2); 7 off; 8 (3); 11 off; 12-15 (4-7); 18-22 (8-12); 25,26 (13,14); 27 Kurban; 28 (15).
    QTest::newRow("15 days over May 2026 and Kurban Ait") << d(2026, 5, 4) << 15 << d(2026, 5, 28);
    // Jan 1, 2 holidays, Fri 3 decree off, Sat 4, Sun 5 worked (1), Mon 6 (2), Tue 7 Christmas, Wed 8 (3).
    QTest::newRow("across 2024/2025 and the swap") << d(2024, 12, 31) << 3 << d(2025, 1, 8);
    // Thu Dec 31 (1); Jan 1 Fri, Sat 2 holidays; Sun 3; Mon 4 moved from Jan 2; Tue 5 (2).
    QTest::newRow("across 2026/2027") << d(2026, 12, 30) << 2 << d(2027, 1, 5);
    // Aug 30 Sat, Aug 31 Sun, Mon Sep 1 moved: Tue Sep 2.
    QTest::newRow("Constitution Day 2025") << d(2025, 8, 29) << 1 << d(2025, 9, 2);
    QTest::newRow("Republic Day 2025") << d(2025, 10, 24) << 1 << d(2025, 10, 28);
    // Fri 11 (1), 14, 15 (2, 3), Wed 16 off, 17, 18 (4, 5), 21-25 (6-10).
    QTest::newRow("10 days over Dec 16 2026") << d(2026, 12, 10) << 10 << d(2026, 12, 25);
    // Thu Dec 14 (1), Fri 15 (2), Sat 16 holiday, Sun 17, Mon 18 moved, Tue 19 (3).
    QTest::newRow("Dec 16 2023 on a Saturday") << d(2023, 12, 13) << 3 << d(2023, 12, 19);
}

void TestCalendar::addWorkingDays() {
    QFETCH(QDate, received);
    QFETCH(int, n);
    QFETCH(QDate, expected);
    QCOMPARE(WorkingCalendar().addWorkingDays(received, n), expected);
    QCOMPARE(m_shared.addWorkingDays(received, n), expected);
}

void TestCalendar::addCalendarDays_data() {
    QTest::addColumn<QDate>("received");
    QTest::addColumn<int>("n");
    QTest::addColumn<QDate>("expected");
    QTest::newRow("holidays count as days") << d(2026, 3, 20) << 10 << d(2026, 3, 30);
    QTest::newRow("across the year") << d(2025, 12, 25) << 10 << d(2026, 1, 4);
    QTest::newRow("leap day") << d(2024, 2, 28) << 1 << d(2024, 2, 29);
    QTest::newRow("30 days") << d(2026, 5, 1) << 30 << d(2026, 5, 31);
}

void TestCalendar::addCalendarDays() {
    QFETCH(QDate, received);
    QFETCH(int, n);
    QFETCH(QDate, expected);
    QCOMPARE(WorkingCalendar::addCalendarDays(received, n), expected);
}

void TestCalendar::workingDaysBetween_data() {
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<int>("expected");
    QTest::newRow("Nauryz 2026 to Fri 27") << d(2026, 3, 20) << d(2026, 3, 27) << 2;
    QTest::newRow("Nauryz 2026 to Thu 26") << d(2026, 3, 20) << d(2026, 3, 26) << 1;
    QTest::newRow("Nauryz 2026 only days off") << d(2026, 3, 20) << d(2026, 3, 25) << 0;
    QTest::newRow("same day") << d(2026, 3, 26) << d(2026, 3, 26) << 0;
    QTest::newRow("backwards") << d(2026, 3, 27) << d(2026, 3, 20) << 0;
    QTest::newRow("Friday to Monday") << d(2026, 2, 6) << d(2026, 2, 9) << 1;
    QTest::newRow("May 2026") << d(2026, 4, 30) << d(2026, 5, 26) << 15;
    QTest::newRow("across 2026/2027") << d(2026, 12, 30) << d(2027, 1, 5) << 2;
    // 2026: 261 weekdays (52 weeks + Thu Jan 1) minus 14 weekday days off
    // (Jan 1, 2, 7; Mar 9, 23, 24, 25; May 1, 7, 11, 27; Jul 6; Oct 26; Dec 16).
    QTest::newRow("whole 2026") << d(2025, 12, 31) << d(2026, 12, 31) << 247;
    // 2025: 261 weekdays (52 weeks + Wed Jan 1) minus 16 weekday days off (Jan 1, 2, 3, 7; Mar 10, 21,
    // 24, 25; May 1, 7, 9; Jun 6; Jul 7; Sep 1; Oct 27; Dec 16) plus worked Sunday Jan 5.
    QTest::newRow("whole 2025") << d(2024, 12, 31) << d(2025, 12, 31) << 246;
    QTest::newRow("2025 and 2026") << d(2024, 12, 31) << d(2026, 12, 31) << 246 + 247;
}

void TestCalendar::workingDaysBetween() {
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(int, expected);
    QCOMPARE(WorkingCalendar().workingDaysBetween(from, to), expected);
    QCOMPARE(m_shared.workingDaysBetween(from, to), expected);
}

void TestCalendar::addWorkingDaysAndWorkingDaysBetweenAgree() {
    const WorkingCalendar cal({{d(2026, 3, 28), true, {}}, {d(2026, 11, 2), false, {}}});
    for (QDate received = d(2024, 12, 20); received <= d(2027, 1, 10); received = received.addDays(3)) {
        for (int n : {1, 2, 5, 15, 30}) {
            const QDate deadline = cal.addWorkingDays(received, n);
            QVERIFY(cal.isWorkingDay(deadline));
            QCOMPARE(cal.workingDaysBetween(received, deadline), n);
            QCOMPARE(cal.workingDaysBetween(received, deadline.addDays(-1)), n - 1);
        }
    }
}

void TestCalendar::yearsCanBeQueriedInAnyOrder() {
    // Later years first, then back: the same answers as a calendar that starts in 2025.
    const WorkingCalendar backwards;
    QCOMPARE(backwards.info(d(2027, 1, 4)).kind, DayKind::MovedHoliday);
    QCOMPARE(backwards.info(d(2026, 12, 18)).kind, DayKind::Working); // Fri, Dec 16 was a Wednesday
    QCOMPARE(describe(backwards.specialDays(2026)), describe(kSpecial2026));
    QCOMPARE(describe(backwards.specialDays(2025)), describe(kSpecial2025));
    QCOMPARE(backwards.info(d(2023, 12, 18)).kind, DayKind::MovedHoliday);
}

TIRKEU_TEST_GUILESS_MAIN(TestCalendar)
#include "tst_calendar.moc"
