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

void addDbCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
