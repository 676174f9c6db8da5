#pragma once
// tirkeu-cli ca init / ca import-cert: setting up a CA's key and certificate (registry::CaSetup).
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class CaInitCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaInitCommand)
public:
    QString name() const override { return QStringLiteral("ca init"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CaImportCertCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaImportCertCommand)
public:
    QString name() const override { return QStringLiteral("ca import-cert"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCaSetupCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
