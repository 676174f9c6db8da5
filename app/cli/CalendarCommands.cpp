#include "app/cli/CalendarCommands.h"

#include "app/cli/Table.h"
#include "registry/CalendarService.h"
#include "registry/Language.h"

#include <QJsonArray>

namespace tirkeu::cli {

using registry::DayKind;

void addCalendarCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CalendarShowCommand>());
    all.push_back(std::make_unique<CalendarSetCommand>());
    all.push_back(std::make_unique<CalendarDeadlineCommand>());
}

namespace {

QString kindId(DayKind k) {
    switch (k) {
    case DayKind::Working:
        return QStringLiteral("working");
    case DayKind::WorkedWeekend:
        return QStringLiteral("worked_weekend");
    case DayKind::Weekend:
        return QStringLiteral("weekend");
    case DayKind::Holiday:
        return QStringLiteral("holiday");
    case DayKind::MovedHoliday:
        return QStringLiteral("moved_holiday");
    case DayKind::UnmovedHoliday:
        return QStringLiteral("unmoved_holiday");
    case DayKind::DecreeDayOff:
        return QStringLiteral("decree_day_off");
    }
    return {};
}

QString kindName(DayKind k) {
    switch (k) {
    case DayKind::Working:
        return CalendarShowCommand::tr("working day");
    case DayKind::WorkedWeekend:
        return CalendarShowCommand::tr("worked weekend day");
    case DayKind::Weekend:
        return CalendarShowCommand::tr("weekend");
    case DayKind::Holiday:
        return CalendarShowCommand::tr("public holiday");
    case DayKind::MovedHoliday:
        return CalendarShowCommand::tr("day off (moved holiday)");
    case DayKind::UnmovedHoliday:
        return CalendarShowCommand::tr("day off (not moved)");
    case DayKind::DecreeDayOff:
        return CalendarShowCommand::tr("day off by decree");
    }
    return {};
}

Result<QDate> dateOption(const po::variables_map& vm, const char* key) {
    const QDate d = QDate::fromString(qs(vm, key), Qt::ISODate);
    if (!d.isValid())
        return makeError(ErrorCode::Usage, CalendarShowCommand::tr("Not a date (YYYY-MM-DD): %1").arg(qs(vm, key)));
    return d;
}

} // namespace

QString CalendarShowCommand::summary() const {
    return tr("Show the holidays, moved days and overrides of a year (Kazakhstan working-day calendar)");
}

void CalendarShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("year", po::value<int>()->value_name("YEAR"),
                    tr("the year (default: this year)").toStdString().c_str());
}

int CalendarShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto reg = ctx.reg();
    if (!reg)
        return ctx.fail(reg.error());
    const int year = has(vm, "year") ? vm["year"].as<int>() : (*reg)->clock().today().year();
    if (year < 2000 || year > 2100)
        return ctx.fail(ErrorCode::Usage, tr("Give a year between 2000 and 2100."));
    auto cal = (*reg)->calendar().calendar();
    if (!cal)
        return ctx.fail(cal.error());
    const auto days = cal->specialDays(year);
    int working = 0;
    for (QDate d(year, 1, 1); d.year() == year; d = d.addDays(1))
        working += cal->isWorkingDay(d) ? 1 : 0;
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& d : days)
            arr.append(QJsonObject{{QStringLiteral("date"), d.date.toString(Qt::ISODate)},
                                   {QStringLiteral("kind"), kindId(d.kind)},
                                   {QStringLiteral("working"), d.working()},
                                   {QStringLiteral("name"), d.name}});
        ctx.printJson(QJsonObject{
            {QStringLiteral("year"), year}, {QStringLiteral("working_days"), working}, {QStringLiteral("days"), arr}});
        return 0;
    }
    Table t({tr("Date"), tr("Day"), tr("Kind"), tr("Name")});
    for (const auto& d : days)
        t.add({registry::displayDate(d.date),
               registry::Language::locale().dayName(d.date.dayOfWeek(), QLocale::ShortFormat), kindName(d.kind),
               d.name});
    t.print(ctx.out());
    ctx.out() << tr("Working days in %1: %2").arg(year).arg(working) << Qt::endl;
    return 0;
}

QString CalendarSetCommand::summary() const {
    return tr("Make a day a working day or a day off (a decree swap), or clear such an override (administrators)");
}

void CalendarSetCommand::addOptions(po::options_description& d) const {
    d.add_options()("date", po::value<std::string>()->required()->value_name("YYYY-MM-DD"),
                    tr("the day").toStdString().c_str())                                           //
        ("working", tr("the day is a working day").toStdString().c_str())                          //
        ("day-off", tr("the day is a day off").toStdString().c_str())                              //
        ("clear", tr("remove the override: the built-in rules apply again").toStdString().c_str()) //
        ("note", po::value<std::string>()->value_name("TEXT"), tr("why (e.g. the decree)").toStdString().c_str());
}

int CalendarSetCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto day = dateOption(vm, "date");
    if (!day)
        return ctx.fail(day.error());
    const int modes = int(has(vm, "working")) + int(has(vm, "day-off")) + int(has(vm, "clear"));
    if (modes != 1)
        return ctx.fail(ErrorCode::Usage, tr("Give exactly one of --working, --day-off or --clear."));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto& service = (*ctx.reg())->calendar();
    Status s = has(vm, "clear") ? service.clear(*session, *day)
                                : service.set(*session, *day, has(vm, "working"), qs(vm, "note"));
    if (!s)
        return ctx.fail(s.error());
    auto cal = service.calendar();
    if (!cal)
        return ctx.fail(cal.error());
    const auto info = cal->info(*day);
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("date"), day->toString(Qt::ISODate)},
                                  {QStringLiteral("kind"), kindId(info.kind)},
                                  {QStringLiteral("working"), info.working()}});
    else
        ctx.out() << tr("%1 is now: %2.").arg(registry::displayDate(*day), kindName(info.kind)) << Qt::endl;
    return 0;
}

QString CalendarDeadlineCommand::summary() const {
    return tr("Compute a legal deadline: N working days (or calendar days) after a date");
}

void CalendarDeadlineCommand::addOptions(po::options_description& d) const {
    d.add_options()("from", po::value<std::string>()->required()->value_name("YYYY-MM-DD"),
                    tr("the day the application was received").toStdString().c_str())                          //
        ("working-days", po::value<int>()->value_name("N"), tr("within N working days").toStdString().c_str()) //
        ("days", po::value<int>()->value_name("N"), tr("within N calendar days").toStdString().c_str());
}

int CalendarDeadlineCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto from = dateOption(vm, "from");
    if (!from)
        return ctx.fail(from.error());
    if (has(vm, "working-days") == has(vm, "days"))
        return ctx.fail(ErrorCode::Usage, tr("Give either --working-days or --days."));
    const int n = has(vm, "days") ? vm["days"].as<int>() : vm["working-days"].as<int>();
    if (n < 1 || n > 366)
        return ctx.fail(ErrorCode::Usage, tr("The number of days must be between 1 and 366."));
    auto reg = ctx.reg();
    if (!reg)
        return ctx.fail(reg.error());
    auto cal = (*reg)->calendar().calendar();
    if (!cal)
        return ctx.fail(cal.error());
    const QDate deadline =
        has(vm, "days") ? registry::WorkingCalendar::addCalendarDays(*from, n) : cal->addWorkingDays(*from, n);
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("from"), from->toString(Qt::ISODate)},
                                  {QStringLiteral("deadline"), deadline.toString(Qt::ISODate)}});
    else
        ctx.out() << registry::displayDate(deadline) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
