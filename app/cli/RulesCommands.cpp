#include "app/cli/RulesCommands.h"

#include "app/cli/Table.h"
#include "pki/InputFiles.h"
#include "registry/Language.h"
#include "registry/Register.h"
#include "registry/RulesBook.h"

#include <QJsonArray>

namespace tirkeu::cli {

namespace {

QJsonObject editionJson(const registry::RulesEdition& e) {
    QJsonObject deadlines;
    for (auto it = e.deadlines.cbegin(); it != e.deadlines.cend(); ++it)
        deadlines.insert(it.key(), QJsonObject{{QStringLiteral("days"), it->days},
                                               {QStringLiteral("unit"), it->workingDays ? QStringLiteral("working")
                                                                                        : QStringLiteral("calendar")},
                                               {QStringLiteral("clause"), it->clause}});
    QJsonObject retention;
    for (auto it = e.retention.cbegin(); it != e.retention.cend(); ++it)
        retention.insert(forms::caKindId(it.key()), QJsonObject{{QStringLiteral("record_years"), it->recordYears},
                                                                {QStringLiteral("clause"), it->clause}});
    retention.insert(QStringLiteral("event_log_years"), e.eventLogYears);
    retention.insert(QStringLiteral("event_log_clause"), e.eventLogClause);
    QJsonObject validity;
    for (auto it = e.validity.cbegin(); it != e.validity.cend(); ++it)
        validity.insert(it.key(), QJsonObject{{QStringLiteral("file"), it->fileYears},
                                              {QStringLiteral("token"), it->tokenYears},
                                              {QStringLiteral("clause"), it->clause}});
    QJsonObject attachments;
    for (auto it = e.attachments.cbegin(); it != e.attachments.cend(); ++it)
        attachments.insert(it.key(), QJsonObject{{QStringLiteral("required"), QJsonArray::fromStringList(it->required)},
                                                 {QStringLiteral("clause"), it->clause}});
    QJsonObject refusals;
    for (auto it = e.refusalReasons.cbegin(); it != e.refusalReasons.cend(); ++it) {
        QJsonArray list;
        for (const registry::RefusalReason& r : *it)
            list.append(QJsonObject{{QStringLiteral("code"), r.code},
                                    {QStringLiteral("kk"), r.kk},
                                    {QStringLiteral("ru"), r.ru},
                                    {QStringLiteral("en"), r.en},
                                    {QStringLiteral("clause"), r.clause}});
        refusals.insert(forms::caKindId(it.key()), list);
    }
    return QJsonObject{{QStringLiteral("tag"), e.tag()},
                       {QStringLiteral("effective_from"), e.effectiveFrom.toString(Qt::ISODate)},
                       {QStringLiteral("legal_basis"), QJsonArray::fromStringList(e.legalBasis)},
                       {QStringLiteral("deadlines"), deadlines},
                       {QStringLiteral("retention"), retention},
                       {QStringLiteral("validity"), validity},
                       {QStringLiteral("attachments"), attachments},
                       {QStringLiteral("refusal_reasons"), refusals},
                       {QStringLiteral("key_backup"), QJsonObject{{QStringLiteral("threshold"), e.keyBackup.threshold},
                                                                  {QStringLiteral("shares"), e.keyBackup.shares},
                                                                  {QStringLiteral("clause"), e.keyBackup.clause}}},
                       {QStringLiteral("gov.outside_csr_allowed"), e.govKeys.outsideCsrAllowed},
                       {QStringLiteral("gov_keys_clause"), e.govKeys.clause}};
}

} // namespace

void addRulesCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<RulesShowCommand>());
    all.push_back(std::make_unique<RulesLoadCommand>());
}

QString RulesShowCommand::summary() const {
    return tr("Show the legal rules in force (deadlines, retention, validity, attachments, refusal reasons)");
}

void RulesShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("at", po::value<std::string>()->value_name("DATE"),
                    tr("the rules in force on this date (yyyy-MM-dd; default: today)").toStdString().c_str());
}

int RulesShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    QDateTime at;
    if (has(vm, "at")) {
        const QDate day = QDate::fromString(qs(vm, "at"), Qt::ISODate);
        if (!day.isValid())
            return ctx.fail(ErrorCode::Usage, tr("%1 is not a date: use yyyy-MM-dd.").arg(qs(vm, "at")));
        at = QDateTime(day, QTime(12, 0), registry::Clock::zone());
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto& rules = (*ctx.reg())->rules();
    auto file = rules.fileInForce(at);
    if (!file)
        return ctx.fail(file.error());
    auto edition = rules.at(at);
    if (!edition)
        return ctx.fail(edition.error());
    auto newest = rules.active(); // a file loaded ahead of its date: named, with the day it takes effect
    if (!newest)
        return ctx.fail(newest.error());
    const bool ahead = newest->version != file->version;
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("version"), file->version},
                                  {QStringLiteral("title"), file->title},
                                  {QStringLiteral("sha256"), file->sha256},
                                  {QStringLiteral("built_in"), file->builtIn},
                                  {QStringLiteral("loaded_by"), file->loadedBy},
                                  {QStringLiteral("loaded_at"), isoTime(file->loadedAt)},
                                  {QStringLiteral("edition"), editionJson(*edition)},
                                  {QStringLiteral("newest_version"), newest->version},
                                  {QStringLiteral("newest_effective_from"),
                                   newest->editions.constFirst().effectiveFrom.toString(Qt::ISODate)}});
        return 0;
    }
    QTextStream& out = ctx.out();
    // A loaded rules file is an administrator's text: every line through printLine, every cell through Table.
    printLine(out, tr("Rules file %1%2 (SHA-256 %3)")
                       .arg(file->version, file->builtIn ? tr(", built in") : tr(", loaded by %1").arg(file->loadedBy),
                            file->sha256));
    printLine(out, file->title);
    if (ahead)
        printLine(out, tr("The rules file %1, loaded by %2, takes effect on %3; until then this file applies.")
                           .arg(newest->version, newest->loadedBy,
                                registry::displayDate(newest->editions.constFirst().effectiveFrom)));
    printLine(out,
              tr("Edition %1, in force from %2").arg(edition->tag(), registry::displayDate(edition->effectiveFrom)));
    for (const QString& b : edition->legalBasis)
        printLine(out, QStringLiteral("  - ") + b);
    out << Qt::endl << tr("Deadlines") << Qt::endl;
    Table d({tr("Form or action"), tr("Days"), tr("Counted in"), tr("Clause")});
    for (auto it = edition->deadlines.cbegin(); it != edition->deadlines.cend(); ++it)
        d.add({it.key(), QString::number(it->days), it->workingDays ? tr("working days") : tr("calendar days"),
               it->clause});
    d.print(out);
    out << Qt::endl << tr("Retention minimums") << Qt::endl;
    Table r({tr("CA kind"), tr("Records: years after termination"), tr("Clause")});
    for (auto it = edition->retention.cbegin(); it != edition->retention.cend(); ++it)
        r.add({forms::caKindId(it.key()), QString::number(it->recordYears), it->clause});
    r.add({tr("event log"), QString::number(edition->eventLogYears), edition->eventLogClause});
    r.print(out);
    out << Qt::endl << tr("Certificate validity (longest, years)") << Qt::endl;
    Table v({tr("Form"), tr("Key in a file"), tr("Key on a token"), tr("Clause")});
    for (auto it = edition->validity.cbegin(); it != edition->validity.cend(); ++it)
        v.add({it.key(), QString::number(it->fileYears), QString::number(it->tokenYears), it->clause});
    v.print(out);
    out << Qt::endl << tr("Required attachments") << Qt::endl;
    Table a({tr("Form"), tr("Attachments"), tr("Clause")});
    for (auto it = edition->attachments.cbegin(); it != edition->attachments.cend(); ++it)
        a.add({it.key(), it->required.join(QStringLiteral(", ")), it->clause});
    a.print(out);
    out << Qt::endl << tr("Refusal reasons") << Qt::endl;
    Table f({tr("CA kind"), tr("Code"), tr("Reason"), tr("Clause")});
    const QString lang = registry::Language::current();
    for (auto it = edition->refusalReasons.cbegin(); it != edition->refusalReasons.cend(); ++it)
        for (const registry::RefusalReason& reason : *it)
            f.add({forms::caKindId(it.key()), reason.code, reason.label(lang), reason.clause});
    f.print(out);
    out << Qt::endl;
    printLine(out, tr("CA key backup: at least %1 of %2 shares (%3)")
                       .arg(edition->keyBackup.threshold)
                       .arg(edition->keyBackup.shares)
                       .arg(edition->keyBackup.clause));
    printLine(out, (edition->govKeys.outsideCsrAllowed
                        ? tr("gov.outside_csr_allowed: yes, the Government Bodies CA may issue from an outside request "
                             "with a recorded reason (%1)")
                        : tr("gov.outside_csr_allowed: no, the Government Bodies CA issues only keys generated onto "
                             "the key media (%1)"))
                       .arg(edition->govKeys.clause));
    out.flush();
    return 0;
}

QString RulesLoadCommand::summary() const {
    return tr("Load a rules file: validated, stored in the register and audited (administrators)");
}

void RulesLoadCommand::addOptions(po::options_description& d) const {
    d.add_options()("file", po::value<std::string>()->required()->value_name("FILE"),
                    tr("the rules file (JSON, format tirkeu-rules)").toStdString().c_str());
}

int RulesLoadCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto read = pki::InputFiles::read(qs(vm, "file"));
    if (!read)
        return ctx.fail(read.error());
    const QByteArray content = *read;
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto file = (*ctx.reg())->rules().load(*session, content);
    if (!file)
        return ctx.fail(file.error());
    QStringList tags;
    for (const registry::RulesEdition& e : file->editions)
        tags << e.tag();
    const QJsonArray editions = QJsonArray::fromStringList(tags);
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("version"), file->version},
                                  {QStringLiteral("sha256"), file->sha256},
                                  {QStringLiteral("editions"), editions}});
    else
        ctx.out() << tr("Rules file %1 loaded (SHA-256 %2); editions: %3.")
                         .arg(file->version, file->sha256, tags.join(QStringLiteral(", ")))
                  << Qt::endl;
    auto inForce = (*ctx.reg())->rules().fileInForce();
    if (!inForce)
        return ctx.fail(inForce.error());
    if (!ctx.json() && inForce->version != file->version) // loaded ahead of its first edition's date
        printLine(ctx.out(),
                  tr("It takes effect on %1; until then the rules file %2 applies.")
                      .arg(registry::displayDate(file->editions.constFirst().effectiveFrom), inForce->version));
    return 0;
}

} // namespace tirkeu::cli
