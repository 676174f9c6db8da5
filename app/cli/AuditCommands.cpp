#include "app/cli/AuditCommands.h"

#include "app/cli/Table.h"

#include <QJsonArray>
#include <QSaveFile>

namespace tirkeu::cli {

void addAuditCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<AuditVerifyCommand>());
    all.push_back(std::make_unique<AuditExportAnchorCommand>());
    all.push_back(std::make_unique<AuditListCommand>());
}

QString AuditVerifyCommand::summary() const {
    return tr("Walk the event log's hash chain and daily anchors; exit 8 and name the first broken link if tampered");
}

int AuditVerifyCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto report = (*ctx.reg())->audit().verify(*session);
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("ok"), report->ok},
                                  {QStringLiteral("events_checked"), report->eventsChecked},
                                  {QStringLiteral("anchors_checked"), report->anchorsChecked},
                                  {QStringLiteral("first_bad_seq"), report->firstBadSeq},
                                  {QStringLiteral("problem"), report->problem}});
    if (!report->ok)
        return ctx.fail(ErrorCode::Integrity,
                        tr("The event log is broken at event %1: %2").arg(report->firstBadSeq).arg(report->problem));
    if (!ctx.json())
        ctx.out() << tr("The event log is intact: %1 events and %2 daily anchors checked.")
                         .arg(report->eventsChecked)
                         .arg(report->anchorsChecked)
                  << Qt::endl;
    return 0;
}

QString AuditExportAnchorCommand::summary() const {
    return tr("Write the chain head of a finished day (or today's current head) as a small file to publish");
}

void AuditExportAnchorCommand::addOptions(po::options_description& d) const {
    d.add_options()("date", po::value<std::string>()->value_name("YYYY-MM-DD"),
                    tr("the day (default: yesterday)").toStdString().c_str()) //
        ("out", po::value<std::string>()->value_name("FILE"),
         tr("write to FILE instead of standard output").toStdString().c_str());
}

int AuditExportAnchorCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    QDate day = reg->clock().today().addDays(-1);
    if (has(vm, "date")) {
        day = QDate::fromString(qs(vm, "date"), Qt::ISODate);
        if (!day.isValid())
            return ctx.fail(ErrorCode::Usage, tr("Not a date (YYYY-MM-DD): %1").arg(qs(vm, "date")));
    }
    auto text = reg->audit().exportAnchor(*session, day);
    if (!text)
        return ctx.fail(text.error());
    if (!has(vm, "out")) {
        ctx.out() << QString::fromUtf8(*text);
        ctx.out().flush();
        return 0;
    }
    QSaveFile f(qs(vm, "out"));
    if (!f.open(QIODevice::WriteOnly) || f.write(*text) != text->size() || !f.commit())
        return ctx.fail(ErrorCode::Io, tr("Cannot write %1.").arg(qs(vm, "out")));
    if (!ctx.json())
        ctx.out() << tr("Anchor written to %1.").arg(qs(vm, "out")) << Qt::endl;
    return 0;
}

QString AuditListCommand::summary() const {
    return tr("List event-log entries, newest first");
}

void AuditListCommand::addOptions(po::options_description& d) const {
    d.add_options()("subject", po::value<std::string>()->value_name("IIN|BIN|SERIAL"),
                    tr("only events about this subject").toStdString().c_str()) //
        ("limit", po::value<int>()->default_value(50), tr("at most this many events").toStdString().c_str());
}

int AuditListCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto events = (*ctx.reg())->audit().events(*session, qs(vm, "subject"), qBound(1, vm["limit"].as<int>(), 100000));
    if (!events)
        return ctx.fail(events.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& e : *events)
            arr.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                   {QStringLiteral("ts"), registry::toDbTime(e.ts)},
                                   {QStringLiteral("operator"), e.operatorLogin},
                                   {QStringLiteral("subject"), e.subject},
                                   {QStringLiteral("type"), e.type},
                                   {QStringLiteral("details"), e.details},
                                   {QStringLiteral("hash"), e.hash}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("No."), tr("Time"), tr("Operator"), tr("Event"), tr("Subject")});
    for (const auto& e : *events)
        t.add({QString::number(e.seq), registry::displayDateTime(e.ts, true), e.operatorLogin, e.type, e.subject});
    t.print(ctx.out());
    return 0;
}

} // namespace tirkeu::cli
