#include "app/cli/RetentionCommands.h"

#include "app/cli/Table.h"
#include "registry/Retention.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addRetentionCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<RetentionSweepCommand>());
    all.push_back(std::make_unique<RetentionShowCommand>());
    all.push_back(std::make_unique<RetentionSetCommand>());
}

QString RetentionSweepCommand::summary() const {
    return tr("Move records whose retention has ended into a verified archive, then delete them (administrators)");
}

void RetentionSweepCommand::addOptions(po::options_description& d) const {
    d.add_options()("archive-dir", po::value<std::string>()->value_name("DIR"),
                    tr("folder for the archive file and its manifest").toStdString().c_str()) //
        ("dry-run", tr("only count what is due; change nothing").toStdString().c_str());
}

int RetentionSweepCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (!has(vm, "dry-run") && !has(vm, "archive-dir"))
        return ctx.fail(ErrorCode::Usage, tr("Give --archive-dir DIR (or --dry-run)."));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto report = (*ctx.reg())->retention().sweep(*session, qs(vm, "archive-dir"), has(vm, "dry-run"));
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json()) {
        QJsonObject counts;
        for (auto it = report->counts.cbegin(); it != report->counts.cend(); ++it)
            counts.insert(it.key(), it.value());
        ctx.printJson(
            QJsonObject{{QStringLiteral("dry_run"), report->dryRun},
                        {QStringLiteral("counts"), counts},
                        {QStringLiteral("total"), report->total()},
                        {QStringLiteral("archive"), report->archiveFile},
                        {QStringLiteral("manifest"), report->manifestFile},
                        {QStringLiteral("sha256"), report->sha256},
                        {QStringLiteral("held_back_to"),
                         report->heldBackTo.isValid() ? report->heldBackTo.toString(Qt::ISODate) : QString()}});
        return 0;
    }
    if (report->heldBackTo.isValid())
        ctx.err() << tr("The clock is more than a day after the register's newest event: records were swept only "
                        "up to %1. Check the machine's clock.")
                         .arg(registry::displayDateTime(report->heldBackTo))
                  << Qt::endl;
    Table t({tr("Records"), tr("Count")});
    for (auto it = report->counts.cbegin(); it != report->counts.cend(); ++it)
        t.add({it.key(), QString::number(it.value())});
    t.print(ctx.out());
    if (report->dryRun)
        ctx.out() << tr("Dry run: %1 records are due; nothing was changed.").arg(report->total()) << Qt::endl;
    else if (report->total() == 0)
        ctx.out() << tr("No record has reached the end of its retention period.") << Qt::endl;
    else
        ctx.out() << tr("%1 records archived to %2 (SHA-256 %3) and removed from the register.")
                         .arg(report->total())
                         .arg(report->archiveFile, report->sha256)
                  << Qt::endl;
    return 0;
}

QString RetentionShowCommand::summary() const {
    return tr("Show the retention periods per CA kind");
}

int RetentionShowCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = (*ctx.reg())->retention().policies(*session);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& p : *list)
            arr.append(QJsonObject{{QStringLiteral("ca_kind"), forms::caKindId(p.kind)},
                                   {QStringLiteral("record_years"), p.recordYears},
                                   {QStringLiteral("event_log_years"), p.eventLogYears}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("CA kind"), tr("Records: years after termination"), tr("Event log: years after expiry")});
    for (const auto& p : *list)
        t.add({forms::caKindId(p.kind), QString::number(p.recordYears), QString::number(p.eventLogYears)});
    t.print(ctx.out());
    return 0;
}

QString RetentionSetCommand::summary() const {
    return tr("Change the retention periods of a CA kind (administrators)");
}

void RetentionSetCommand::addOptions(po::options_description& d) const {
    d.add_options()("kind", po::value<std::string>()->required()->value_name("KIND"),
                    tr("root, government or national").toStdString().c_str()) //
        ("record-years", po::value<int>()->required()->value_name("N"),
         tr("years records are kept after the certificate terminates").toStdString().c_str()) //
        ("event-log-years", po::value<int>()->required()->value_name("N"),
         tr("years event logs are kept after the certificate expires").toStdString().c_str());
}

int RetentionSetCommand::run(CliContext& ctx, const po::variables_map& vm) {
    forms::CaKind kind;
    if (!forms::caKindFromId(qs(vm, "kind"), &kind))
        return ctx.fail(ErrorCode::Usage,
                        tr("Unknown CA kind %1: use root, government or national.").arg(qs(vm, "kind")));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = (*ctx.reg())
                       ->retention()
                       .setPolicy(*session, kind, vm["record-years"].as<int>(), vm["event-log-years"].as<int>());
        !s)
        return ctx.fail(s.error());
    if (!ctx.json())
        ctx.out() << tr("Retention periods of %1 CAs changed.").arg(qs(vm, "kind")) << Qt::endl;
    else
        ctx.printJson(QJsonObject{{QStringLiteral("ca_kind"), qs(vm, "kind")},
                                  {QStringLiteral("record_years"), vm["record-years"].as<int>()},
                                  {QStringLiteral("event_log_years"), vm["event-log-years"].as<int>()}});
    return 0;
}

} // namespace tirkeu::cli
