#include "app/cli/DraftCommands.h"

#include "app/cli/Table.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addDraftCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<DraftListCommand>());
    all.push_back(std::make_unique<DraftActionCommand>(DraftActionCommand::Action::Submit));
    all.push_back(std::make_unique<DraftActionCommand>(DraftActionCommand::Action::Delete));
}

QString DraftListCommand::summary() const {
    return tr("List your drafts: applications typed and not registered yet (kept %n day(s) after the last change)",
              nullptr, registry::Drafts::kKeepDays);
}

int DraftListCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = registry::Drafts(**ctx.reg()).list(*session);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const registry::Draft& d : *list)
            arr.append(QJsonObject{{QStringLiteral("id"), d.id},
                                   {QStringLiteral("ca"), d.caCode},
                                   {QStringLiteral("form"), d.formCode},
                                   {QStringLiteral("replaces_serial"), d.replacesSerial},
                                   {QStringLiteral("applicant"), d.summary()},
                                   {QStringLiteral("created_at"), isoTime(d.createdAt)},
                                   {QStringLiteral("updated_at"), isoTime(d.updatedAt)},
                                   {QStringLiteral("data"), d.submission.data}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Draft"), tr("Changed"), tr("CA"), tr("Form"), tr("Applicant")});
    for (const registry::Draft& d : *list)
        t.add({QString::number(d.id), registry::displayDateTime(d.updatedAt), d.caCode, d.formCode, d.summary()});
    t.print(ctx.out());
    return 0;
}

QString DraftActionCommand::name() const {
    return m_action == Action::Submit ? QStringLiteral("application draft-submit")
                                      : QStringLiteral("application draft-delete");
}

QString DraftActionCommand::summary() const {
    return m_action == Action::Submit ? tr("Register one of your drafts as an application (checked as any application)")
                                      : tr("Delete one of your drafts");
}

void DraftActionCommand::addOptions(po::options_description& d) const {
    d.add_options()("id", po::value<std::string>()->required()->value_name("ID"),
                    tr("draft number").toStdString().c_str());
}

int DraftActionCommand::run(CliContext& ctx, const po::variables_map& vm) {
    bool ok = false;
    const qint64 id = qs(vm, "id").toLongLong(&ok);
    if (!ok || id <= 0)
        return ctx.fail(ErrorCode::Usage, tr("A draft number is a positive whole number: %1").arg(qs(vm, "id")));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Drafts drafts(**ctx.reg());
    if (m_action == Action::Delete) {
        if (Status s = drafts.remove(*session, id); !s)
            return ctx.fail(s.error());
        ctx.out() << tr("Draft %1 deleted.").arg(id) << Qt::endl;
        return 0;
    }
    auto draft = drafts.get(*session, id);
    if (!draft)
        return ctx.fail(draft.error());
    auto app = drafts.submit(*session, *draft);
    if (!app)
        return ctx.fail(app.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("id"), *app}, {QStringLiteral("draft"), id}});
        return 0;
    }
    ctx.out() << tr("Draft %1 registered as application %2.").arg(id).arg(*app) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
