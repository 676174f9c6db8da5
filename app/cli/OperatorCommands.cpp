#include "app/cli/OperatorCommands.h"

#include "app/cli/Table.h"
#include "registry/Operators.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addOperatorCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<OperatorAddCommand>());
    all.push_back(std::make_unique<OperatorListCommand>());
    all.push_back(std::make_unique<OperatorDisableCommand>());
    all.push_back(std::make_unique<OperatorUnlockCommand>());
    all.push_back(std::make_unique<OperatorLockoutCommand>());
}

QString OperatorAddCommand::summary() const {
    return tr("Add an operator account (administrators)");
}

void OperatorAddCommand::addOptions(po::options_description& d) const {
    d.add_options()("login", po::value<std::string>()->required()->value_name("LOGIN"),
                    tr("new login").toStdString().c_str())                                                        //
        ("name", po::value<std::string>()->required()->value_name("NAME"), tr("full name").toStdString().c_str()) //
        ("role", po::value<std::string>()->required()->value_name("ROLE"),
         tr("operator, officer, auditor or administrator").toStdString().c_str()) //
        ("new-password-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the new operator's password (else $TIRKEU_NEW_PASSWORD)").toStdString().c_str());
}

int OperatorAddCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::Role role;
    if (!registry::Roles::fromId(qs(vm, "role"), &role))
        return ctx.fail(ErrorCode::Usage,
                        tr("Unknown role %1: use operator, officer, auditor or administrator.").arg(qs(vm, "role")));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto password = CliContext::readSecret(qs(vm, "new-password-file"), "TIRKEU_NEW_PASSWORD", tr("new password"));
    if (!password)
        return ctx.fail(password.error());
    auto id = (*ctx.reg())->operators().add(*session, qs(vm, "login"), qs(vm, "name"), role, *password);
    if (!id)
        return ctx.fail(id.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("login"), qs(vm, "login")}});
    else
        ctx.out() << tr("Operator %1 added (%2).").arg(qs(vm, "login"), registry::Roles::displayName(role)) << Qt::endl;
    return 0;
}

QString OperatorListCommand::summary() const {
    return tr("List operator accounts");
}

int OperatorListCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = (*ctx.reg())->operators().list(*session);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& o : *list)
            arr.append(QJsonObject{{QStringLiteral("id"), o.id},
                                   {QStringLiteral("login"), o.login},
                                   {QStringLiteral("full_name"), o.fullName},
                                   {QStringLiteral("role"), registry::Roles::id(o.role)},
                                   {QStringLiteral("active"), o.active},
                                   {QStringLiteral("failed_signins"), o.failedSignIns},
                                   {QStringLiteral("locked"), o.locked}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Login"), tr("Name"), tr("Role"), tr("Active"), tr("Locked")});
    for (const auto& o : *list)
        t.add({o.login, o.fullName, registry::Roles::displayName(o.role), o.active ? tr("yes") : tr("no"),
               o.locked ? tr("yes") : tr("no")});
    t.print(ctx.out());
    return 0;
}

QString OperatorDisableCommand::summary() const {
    return tr("Disable an operator account (it is never deleted)");
}

void OperatorDisableCommand::addOptions(po::options_description& d) const {
    d.add_options()("login", po::value<std::string>()->required()->value_name("LOGIN"),
                    tr("login to disable").toStdString().c_str());
}

int OperatorDisableCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = (*ctx.reg())->operators().disable(*session, qs(vm, "login")); !s)
        return ctx.fail(s.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("login"), qs(vm, "login")}, {QStringLiteral("active"), false}});
    else
        ctx.out() << tr("Operator %1 disabled.").arg(qs(vm, "login")) << Qt::endl;
    return 0;
}

QString OperatorUnlockCommand::summary() const {
    return tr("Unlock a login after failed sign-ins (administrators)");
}

void OperatorUnlockCommand::addOptions(po::options_description& d) const {
    d.add_options()("login", po::value<std::string>()->required()->value_name("LOGIN"),
                    tr("login to unlock").toStdString().c_str());
}

int OperatorUnlockCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = (*ctx.reg())->operators().unlock(*session, qs(vm, "login")); !s)
        return ctx.fail(s.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("login"), qs(vm, "login")}, {QStringLiteral("locked"), false}});
    else
        ctx.out() << tr("Login %1 unlocked.").arg(qs(vm, "login")) << Qt::endl;
    return 0;
}

QString OperatorLockoutCommand::summary() const {
    return tr("Show or set after how many failed sign-ins a login is locked");
}

void OperatorLockoutCommand::addOptions(po::options_description& d) const {
    d.add_options()(
        "max-failures", po::value<int>()->value_name("N"),
        tr("lock a login after N failed sign-ins in a row (3 to 100; administrators)").toStdString().c_str());
}

int OperatorLockoutCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Operators& ops = (*ctx.reg())->operators();
    if (has(vm, "max-failures"))
        if (Status s = ops.setMaxFailures(*session, vm["max-failures"].as<int>()); !s)
            return ctx.fail(s.error());
    auto max = ops.maxFailures();
    if (!max)
        return ctx.fail(max.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("max_failures"), *max}});
    else
        ctx.out() << tr("A login is locked after %1 failed sign-ins in a row.").arg(*max) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
