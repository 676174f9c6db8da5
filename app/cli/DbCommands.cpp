#include "app/cli/DbCommands.h"
#include "app/cli/Table.h"

#include "registry/Backup.h"
#include "registry/Operators.h"
#include "registry/RegisterLocation.h"
#include "registry/Revocations.h"
#include "registry/StagingFolder.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addDbCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<DbInitCommand>());
    all.push_back(std::make_unique<DbInfoCommand>());
    all.push_back(std::make_unique<DbBackupCommand>());
    all.push_back(std::make_unique<DbRestoreCommand>());
    all.push_back(std::make_unique<DbMigrateCommand>());
}

namespace {

QJsonObject copyJson(const registry::CopyReport& r) {
    QJsonObject rows;
    for (auto it = r.rows.cbegin(); it != r.rows.cend(); ++it)
        rows.insert(it.key(), it.value());
    QJsonObject lost;
    for (auto it = r.crlNumbersLost.cbegin(); it != r.crlNumbersLost.cend(); ++it)
        lost.insert(it.key(), it.value());
    const auto certificates = [](const QList<registry::TakenBackCertificate>& list) {
        QJsonArray out;
        for (const registry::TakenBackCertificate& c : list) {
            QJsonObject o{{QStringLiteral("ca"), c.ca}, {QStringLiteral("serial"), c.serial}};
            if (c.reasonCode >= 0) {
                o.insert(QStringLiteral("reason"), registry::Revocations::reasonName(c.reasonCode));
                o.insert(QStringLiteral("revoked_at"), c.revokedAt);
            }
            out.append(o);
        }
        return out;
    };
    return QJsonObject{{QStringLiteral("method"), r.method},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("total_rows"), r.total()},
                       {QStringLiteral("audit_events_verified"), r.auditEvents},
                       {QStringLiteral("rollback"), r.rollback},
                       {QStringLiteral("crl_numbers_lost"), lost},
                       {QStringLiteral("revocations_taken_back"), certificates(r.revocationsTakenBack)},
                       {QStringLiteral("certificates_not_in_backup"), certificates(r.certificatesNotInBackup)},
                       {QStringLiteral("replaced_kept_as"), r.replacedKeptAs}};
}

// db backup / restore / migrate are administrator work: without --as they are refused (exit 4).
Result<QString> administratorPassword(CliContext& ctx, const QString& what) {
    if (ctx.options().as.isEmpty())
        return makeError(ErrorCode::Forbidden,
                         DbBackupCommand::tr("Only an administrator may %1: add --as LOGIN and --password-file FILE "
                                             "(or set TIRKEU_PASSWORD).")
                             .arg(what));
    return CliContext::readSecret(ctx.options().passwordFile, "TIRKEU_PASSWORD", DbBackupCommand::tr("password"));
}

} // namespace

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
             .c_str()) //
        ("app-role", po::value<std::string>()->value_name("ROLE"),
         tr("PostgreSQL: the role the programs connect as; db init (run as the schema owner) grants it only what "
            "the workflows need")
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
    if (has(vm, "app-role"))
        if (Status s = (*reg)->grantApplicationRole(qs(vm, "app-role")); !s)
            return ctx.fail(s.error());
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
    printLine(o, tr("Register:        %1").arg(info->location));
    printLine(o, tr("Register id:     %1").arg(info->registerId));
    printLine(o, tr("Schema version:  %1 (this program: %2)").arg(info->schemaVersion).arg(info->latestSchemaVersion));
    printLine(o, tr("Created:         %1").arg(info->createdAt));
    printLine(o, tr("Operators:       %1").arg(info->operators));
    printLine(o, tr("CAs:             %1").arg(info->cas));
    printLine(o, tr("Applications:    %1").arg(info->applications));
    printLine(o, tr("Certificates:    %1").arg(info->certificates));
    printLine(o, tr("Revocations:     %1").arg(info->revocations));
    printLine(o, tr("Audit events:    %1").arg(info->auditEvents));
    o.flush();
    return 0;
}

QString DbBackupCommand::summary() const {
    return tr("Back up the register to a file (SQLite: online copy; PostgreSQL: pg_dump)");
}

void DbBackupCommand::addOptions(po::options_description& d) const {
    d.add_options()("out", po::value<std::string>()->value_name("FILE"),
                    tr("the backup file to write (must not exist)").toStdString().c_str());
}

int DbBackupCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (!has(vm, "out"))
        return ctx.fail(ErrorCode::Usage, tr("Name the backup file with --out FILE."));
    if (auto pw = administratorPassword(ctx, tr("back up the register")); !pw)
        return ctx.fail(pw.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = ctx.reg();
    if (!reg)
        return ctx.fail(reg.error());
    auto report = registry::Backup::backup(**reg, *session, qs(vm, "out"));
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("file"), report->file},
                                  {QStringLiteral("bytes"), report->bytes},
                                  {QStringLiteral("method"), report->method},
                                  {QStringLiteral("command"), report->command}});
        return 0;
    }
    ctx.out() << tr("Backup written: %1 (%2 bytes, %3)").arg(report->file).arg(report->bytes).arg(report->method)
              << '\n';
    if (!report->command.isEmpty())
        ctx.out() << tr("Command run: %1").arg(report->command) << '\n';
    ctx.out().flush();
    return 0;
}

QString DbRestoreCommand::summary() const {
    return tr("Restore a backup into the register named by --db (which must be empty)");
}

void DbRestoreCommand::addOptions(po::options_description& d) const {
    d.add_options()("from", po::value<std::string>()->value_name("FILE"),
                    tr("the backup file (SQLite backup, or pg_dump file for PostgreSQL)").toStdString().c_str()) //
        ("replace", tr("overwrite a SQLite register that is not empty").toStdString().c_str())                   //
        ("accept-rollback", tr("restore even though the register has published newer CRLs or audit anchors, or has "
                               "revocations or certificates the backup lacks (recorded with --reason)")
                                .toStdString()
                                .c_str()) //
        ("reason", po::value<std::string>()->value_name("TEXT"),
         tr("why the rollback is accepted (required with --accept-rollback)").toStdString().c_str());
}

int DbRestoreCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (!has(vm, "from"))
        return ctx.fail(ErrorCode::Usage, tr("Name the backup file with --from FILE."));
    auto password = administratorPassword(ctx, tr("restore a register"));
    if (!password)
        return ctx.fail(password.error());
    registry::RestoreOptions options;
    options.login = ctx.options().as;
    options.password = *password;
    options.replace = has(vm, "replace");
    options.acceptRollback = has(vm, "accept-rollback");
    options.reason = qs(vm, "reason");
    options.clock = ctx.clock();
    // The private copies that restores killed before their end left (attack of session 29, F9): removed, and named.
    for (const QString& stale : registry::StagingFolder::removeStale())
        printLine(ctx.err(), tr("Removed %1: the private copy of a backup that a db restore stopped before its end "
                                "had left (its process no longer runs).")
                                 .arg(stale));
    auto report = registry::Backup::restore(qs(vm, "from"), ctx.dbLocation(), options);
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json()) {
        ctx.printJson(copyJson(*report));
        return 0;
    }
    ctx.out() << tr("Restored %1 rows into %2 (%3); audit chain verified (%4 events).")
                     .arg(report->total())
                     .arg(registry::RegisterLocation::redacted(ctx.dbLocation()), report->method)
                     .arg(report->auditEvents)
              << '\n';
    if (report->rollback)
        ctx.out() << tr("Rollback accepted and recorded; CRL numbers continue above the highest ever published.")
                  << '\n';
    // Attack of session 28 (F4): what the restore took back, for the officer to act on at once.
    if (!report->revocationsTakenBack.isEmpty()) {
        printLine(ctx.out(), tr("Revocations taken back by the restore (OCSP may have answered them as revoked): "
                                "revoke these certificates again now."));
        for (const registry::TakenBackCertificate& c : report->revocationsTakenBack)
            printLine(ctx.out(),
                      tr("  CA %1, serial %2: %3, revoked at %4")
                          .arg(c.ca, c.serial, registry::Revocations::reasonName(c.reasonCode), c.revokedAt));
    }
    if (!report->certificatesNotInBackup.isEmpty()) {
        printLine(ctx.out(), tr("Certificates issued after the backup, which the restored register does not know (OCSP "
                                "answers \"unknown\" for them; their holders still have them):"));
        for (const registry::TakenBackCertificate& c : report->certificatesNotInBackup)
            printLine(ctx.out(), tr("  CA %1, serial %2").arg(c.ca, c.serial));
    }
    if (!report->replacedKeptAs.isEmpty())
        printLine(ctx.out(), tr("The replaced register is kept as %1, with the register's mode and never readable by "
                                "other users.")
                                 .arg(report->replacedKeptAs));
    ctx.out().flush();
    return 0;
}

QString DbMigrateCommand::summary() const {
    return tr("Move a whole register into an empty one (e.g. from SQLite to PostgreSQL)");
}

void DbMigrateCommand::addOptions(po::options_description& d) const {
    d.add_options()("from", po::value<std::string>()->value_name("PATH|URL"),
                    tr("the register to copy (sqlite:PATH or postgresql://...)").toStdString().c_str()) //
        ("to", po::value<std::string>()->value_name("PATH|URL"),
         tr("the empty register to fill (created/upgraded first)").toStdString().c_str());
}

int DbMigrateCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (!has(vm, "from") || !has(vm, "to"))
        return ctx.fail(ErrorCode::Usage, tr("Name both registers: --from LOCATION --to LOCATION."));
    const QString from = qs(vm, "from");
    const QString to = qs(vm, "to");
    // As for --db (attack of session 32, B22): a password in an address is in the process list for the whole move.
    for (const auto& [option, location] :
         {std::pair{QStringLiteral("--from"), from}, std::pair{QStringLiteral("--to"), to}})
        if (registry::RegisterLocation::holdsPassword(location))
            ctx.err() << tr("Warning: the register address given with %1 holds a password, which every user of this "
                            "computer can read in the process list; keep the password in ~/.pgpass or give it in "
                            "$PGPASSWORD.")
                             .arg(option)
                      << Qt::endl;
    auto password = administratorPassword(ctx, tr("move a register"));
    if (!password)
        return ctx.fail(password.error());
    auto source = registry::Register::open(from, registry::Register::OpenMode::Existing, ctx.clock());
    if (!source)
        return ctx.fail(source.error());
    // The administrator of the register that is moved.
    auto session = (*source)->operators().signIn(ctx.options().as, *password);
    if (!session)
        return ctx.fail(session.error());
    auto report = registry::Backup::migrate(**source, *session, to);
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json()) {
        QJsonObject o = copyJson(*report);
        o.insert(QStringLiteral("finished_interrupted_move"), report->finishedInterruptedMove);
        o.insert(QStringLiteral("from"), registry::RegisterLocation::redacted(from));
        o.insert(QStringLiteral("to"), registry::RegisterLocation::redacted(to));
        o.insert(QStringLiteral("source_retired"), true);
        ctx.printJson(o);
        return 0;
    }
    if (report->finishedInterruptedMove) {
        printLine(ctx.out(),
                  tr("The move of %1 to %2, stopped after %1 was retired, is finished: %2 takes writes now. "
                     "Use %2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.")
                      .arg(registry::RegisterLocation::redacted(from), registry::RegisterLocation::redacted(to)));
        ctx.out().flush();
        return 0;
    }
    ctx.out() << tr("Copied %1 rows from %2 to %3; row counts and audit chain verified (%4 events).")
                     .arg(report->total())
                     .arg(registry::RegisterLocation::redacted(from), registry::RegisterLocation::redacted(to))
                     .arg(report->auditEvents)
              << '\n';
    for (auto it = report->rows.cbegin(); it != report->rows.cend(); ++it)
        ctx.out() << QStringLiteral("  %1: %2").arg(it.key(), -22).arg(it.value()) << '\n';
    printLine(ctx.out(),
              tr("The register %1 is now read only (it refuses every write, naming the new location): use "
                 "%2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.")
                  .arg(registry::RegisterLocation::redacted(from), registry::RegisterLocation::redacted(to)));
    ctx.out().flush();
    return 0;
}

} // namespace tirkeu::cli
