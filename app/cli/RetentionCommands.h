#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class RetentionSweepCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::RetentionSweepCommand)
public:
    QString name() const override { return QStringLiteral("retention sweep"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class RetentionShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::RetentionShowCommand)
public:
    QString name() const override { return QStringLiteral("retention show"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class RetentionSetCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::RetentionSetCommand)
public:
    QString name() const override { return QStringLiteral("retention set"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addRetentionCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
