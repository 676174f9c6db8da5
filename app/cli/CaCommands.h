#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// ca add: registers a CA record (kind, name, settings); keys and certificates come with the CA engine.
class CaAddCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaAddCommand)
public:
    QString name() const override { return QStringLiteral("ca add"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CaListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaListCommand)
public:
    QString name() const override { return QStringLiteral("ca list"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCaCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
