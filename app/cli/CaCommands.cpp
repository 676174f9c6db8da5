#include "app/cli/CaCommands.h"

#include "app/cli/Table.h"
#include "registry/CaDirectory.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addCaCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CaAddCommand>());
    all.push_back(std::make_unique<CaListCommand>());
}

QString CaAddCommand::summary() const {
    return tr("Register a certification authority in this register (administrators)");
}

void CaAddCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("short code, e.g. NCA-RSA").toStdString().c_str())                                       //
        ("name", po::value<std::string>()->required()->value_name("NAME"), tr("CA name").toStdString().c_str()) //
        ("kind", po::value<std::string>()->required()->value_name("KIND"),
         tr("root, government or national").toStdString().c_str()) //
        ("setting", po::value<std::vector<std::string>>()->value_name("KEY=VALUE"),
         tr("CA setting (repeatable): crl_period_hours, delta_period_hours, cdp_url, freshest_url, aia_url, "
            "publish_dir")
             .toStdString()
             .c_str());
}

int CaAddCommand::run(CliContext& ctx, const po::variables_map& vm) {
    forms::CaKind kind;
    if (!forms::caKindFromId(qs(vm, "kind"), &kind))
        return ctx.fail(ErrorCode::Usage,
                        tr("Unknown CA kind %1: use root, government or national.").arg(qs(vm, "kind")));
    QJsonObject settings;
    if (has(vm, "setting")) {
        for (const std::string& kv : vm["setting"].as<std::vector<std::string>>()) {
            const QString text = QString::fromStdString(kv);
            const qsizetype eq = text.indexOf(u'=');
            if (eq <= 0)
                return ctx.fail(ErrorCode::Usage, tr("A setting is KEY=VALUE: %1").arg(text));
            const QString key = text.left(eq);
            const QString value = text.mid(eq + 1);
            bool isNumber = false;
            const int n = value.toInt(&isNumber);
            settings.insert(key, key.endsWith(u"_hours") && isNumber ? QJsonValue(n) : QJsonValue(value));
        }
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto id = (*ctx.reg())->cas().add(*session, qs(vm, "code"), qs(vm, "name"), kind, settings);
    if (!id)
        return ctx.fail(id.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("code"), qs(vm, "code")}});
    else
        ctx.out() << tr("CA %1 added.").arg(qs(vm, "code")) << Qt::endl;
    return 0;
}

QString CaListCommand::summary() const {
    return tr("List the certification authorities of this register");
}

int CaListCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = (*ctx.reg())->cas().list(*session);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& c : *list)
            arr.append(QJsonObject{{QStringLiteral("code"), c.code},
                                   {QStringLiteral("name"), c.name},
                                   {QStringLiteral("kind"), forms::caKindId(c.kind)},
                                   {QStringLiteral("settings"), c.settings},
                                   {QStringLiteral("has_certificate"), !c.certificateDer.isEmpty()}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Code"), tr("Kind"), tr("Name")});
    for (const auto& c : *list)
        t.add({c.code, forms::caKindId(c.kind), c.name});
    t.print(ctx.out());
    return 0;
}

} // namespace tirkeu::cli
