#pragma once
// tirkeu-cli crl …: publishing a CA's full and delta CRLs and where they stand (registry::CrlPublisher).
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class CrlPublishCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CrlPublishCommand)
public:
    QString name() const override { return QStringLiteral("crl publish"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CrlStatusCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CrlStatusCommand)
public:
    QString name() const override { return QStringLiteral("crl status"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCrlCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
