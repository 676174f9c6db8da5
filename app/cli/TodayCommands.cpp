#include "app/cli/TodayCommands.h"

#include "app/cli/Table.h"
#include "registry/Agenda.h"
#include "registry/Clock.h"
#include "registry/Register.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tirkeu::cli {

void addTodayCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<TodayCommand>());
}

QString TodayCommand::summary() const {
    return tr("What is due today for your role: overdue applications, revocations, CRLs, expiring certificates, "
              "anchors");
}

void TodayCommand::addOptions(po::options_description& d) const {
    d.add_options()("days", po::value<int>()->value_name("N"),
                    tr("certificates expiring within N days (default 30)").toStdString().c_str())(
        "crl-hours", po::value<int>()->value_name("H"),
        tr("a CRL whose next update is within H hours is due (default 24)").toStdString().c_str())(
        "anchors", po::value<std::string>()->value_name("DIR"),
        tr("the signed anchor folder: count the finished days not published there").toStdString().c_str());
}

int TodayCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::AgendaOptions options;
    if (vm.count("days"))
        options.expiringDays = vm["days"].as<int>();
    if (vm.count("crl-hours"))
        options.crlWithinHours = vm["crl-hours"].as<int>();
    if (has(vm, "anchors"))
        options.anchorsDir = qs(vm, "anchors");
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Agenda agenda(**ctx.reg());
    auto items = agenda.today(*session, options);
    if (!items)
        return ctx.fail(items.error());
    if (ctx.json()) {
        QJsonArray list;
        for (const registry::AgendaItem& item : *items)
            list.append(
                QJsonObject{{QStringLiteral("kind"), registry::Agenda::kindId(item.kind)},
                            {QStringLiteral("count"), item.count},
                            {QStringLiteral("text"), item.text},
                            {QStringLiteral("detail"), item.detail},
                            {QStringLiteral("cas"), QJsonArray::fromStringList(item.caCodes)},
                            {QStringLiteral("due"), item.due.isValid() ? item.due.toString(Qt::ISODate) : QString()}});
        ctx.printJson(QJsonObject{{QStringLiteral("today"), (*ctx.reg())->clock().today().toString(Qt::ISODate)},
                                  {QStringLiteral("role"), registry::Roles::id(session->role)},
                                  {QStringLiteral("items"), list}});
        return 0;
    }
    QTextStream& out = ctx.out();
    printLine(out, tr("Today, %1 — %2 (%3)")
                       .arg(registry::displayDate((*ctx.reg())->clock().today()), session->fullName,
                            registry::Roles::displayName(session->role)));
    if (items->isEmpty()) {
        printLine(out, tr("Nothing is due."));
        out.flush();
        return 0;
    }
    Table t({tr("Due"), tr("Count"), tr("Details")});
    for (const registry::AgendaItem& item : *items)
        t.add({item.text.section(QStringLiteral(": "), 0, 0), QString::number(item.count), item.detail});
    t.print(out);
    return 0;
}

} // namespace tirkeu::cli
