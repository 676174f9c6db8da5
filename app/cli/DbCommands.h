#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// db init: create or upgrade the register; with --admin, create the first administrator.
class DbInitCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DbInitCommand)
public:
    QString name() const override { return QStringLiteral("db init"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// db info: location, schema version and record counts.
class DbInfoCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DbInfoCommand)
public:
    QString name() const override { return QStringLiteral("db info"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// db backup --out FILE: SQLite online backup; PostgreSQL: pg_dump (or the command to run).
class DbBackupCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DbBackupCommand)
public:
    QString name() const override { return QStringLiteral("db backup"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// db restore --from FILE [--replace]: a backup into the (empty) register named by --db.
class DbRestoreCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DbRestoreCommand)
public:
    QString name() const override { return QStringLiteral("db restore"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// db migrate --from LOCATION --to LOCATION: move a whole register into an empty one.
class DbMigrateCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DbMigrateCommand)
public:
    QString name() const override { return QStringLiteral("db migrate"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addDbCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
