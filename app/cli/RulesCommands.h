#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class RulesShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::RulesShowCommand)
public:
    QString name() const override { return QStringLiteral("rules show"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class RulesLoadCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::RulesLoadCommand)
public:
    QString name() const override { return QStringLiteral("rules load"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("FILE"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("file", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addRulesCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
