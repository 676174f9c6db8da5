#include "app/cli/DbCommands.h"

#include "registry/Operators.h"

namespace tirkeu::cli {

void addDbCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<DbInitCommand>());
    all.push_back(std::make_unique<DbInfoCommand>());
}

QString DbInitCommand::summary() const {
    return tr("Create the register (or upgrade its schema) and, with --admin, its first administrator");
}

void DbInitCommand::addOptions(po::options_description& d) const {
    d.add_options()(
        "admin", po::value<std::string>()->value_name("LOGIN"),
        tr("login of the first administrator (only for a register without operators)").toStdString().c_str()) //
        ("admin-name", po::value<std::string>()->value_name("NAME"),
         tr("full name of the first administrator").toStdString().c_str()) //
        ("admin-password-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the new administrator's password (else $TIRKEU_ADMIN_PASSWORD)")
             .toStdString()
             .c_str());
}

int DbInitCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto reg = ctx.reg(true);
    if (!reg)
        return ctx.fail(reg.error());
    auto any = (*reg)->operators().any();
    if (!any)
        return ctx.fail(any.error());
    QString created;
    if (has(vm, "admin")) {
        if (*any)
            return ctx.fail(ErrorCode::Conflict,
                            tr("The register already has operators; add accounts with tirkeu-cli operator add."));
        auto password = CliContext::readSecret(qs(vm, "admin-password-file"), "TIRKEU_ADMIN_PASSWORD",
                                               tr("administrator password"));
        if (!password)
            return ctx.fail(password.error());
        const QString name = has(vm, "admin-name") ? qs(vm, "admin-name") : qs(vm, "admin");
        auto session = (*reg)->operators().createFirstAdministrator(qs(vm, "admin"), name, *password);
        if (!session)
            return ctx.fail(session.error());
        created = session->login;
    }
    auto info = (*reg)->info();
    if (!info)
        return ctx.fail(info.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("location"), info->location},
                                  {QStringLiteral("register_id"), info->registerId},
                                  {QStringLiteral("schema_version"), info->schemaVersion},
                                  {QStringLiteral("administrator_created"), created}});
        return 0;
    }
    ctx.out() << tr("Register ready: %1 (schema version %2)").arg(info->location).arg(info->schemaVersion) << '\n';
    if (!created.isEmpty())
        ctx.out() << tr("First administrator created: %1").arg(created) << '\n';
    else if (info->operators == 0)
        ctx.out() << tr("The register has no operators yet: run db init --admin LOGIN to create the first "
                        "administrator, or start tirkeu.")
                  << '\n';
    ctx.out().flush();
    return 0;
}

QString DbInfoCommand::summary() const {
    return tr("Show the register's location, schema version and contents");
}

int DbInfoCommand::run(CliContext& ctx, const po::variables_map&) {
    auto reg = ctx.reg();
    if (!reg)
        return ctx.fail(reg.error());
    auto info = (*reg)->info();
    if (!info)
        return ctx.fail(info.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("location"), info->location},
                                  {QStringLiteral("register_id"), info->registerId},
                                  {QStringLiteral("schema_version"), info->schemaVersion},
                                  {QStringLiteral("latest_schema_version"), info->latestSchemaVersion},
                                  {QStringLiteral("created_at"), info->createdAt},
                                  {QStringLiteral("operators"), info->operators},
                                  {QStringLiteral("cas"), info->cas},
                                  {QStringLiteral("applications"), info->applications},
                                  {QStringLiteral("certificates"), info->certificates},
                                  {QStringLiteral("revocations"), info->revocations},
                                  {QStringLiteral("audit_events"), info->auditEvents}});
        return 0;
    }
    QTextStream& o = ctx.out();
    o << tr("Register:        %1").arg(info->location) << '\n'
      << tr("Register id:     %1").arg(info->registerId) << '\n'
      << tr("Schema version:  %1 (this program: %2)").arg(info->schemaVersion).arg(info->latestSchemaVersion) << '\n'
      << tr("Created:         %1").arg(info->createdAt) << '\n'
      << tr("Operators:       %1").arg(info->operators) << '\n'
      << tr("CAs:             %1").arg(info->cas) << '\n'
      << tr("Applications:    %1").arg(info->applications) << '\n'
      << tr("Certificates:    %1").arg(info->certificates) << '\n'
      << tr("Revocations:     %1").arg(info->revocations) << '\n'
      << tr("Audit events:    %1").arg(info->auditEvents) << '\n';
    o.flush();
    return 0;
}

} // namespace tirkeu::cli
