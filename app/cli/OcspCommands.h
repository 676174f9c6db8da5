#pragma once
// The delegated OCSP signing certificate of a CA for tirkeu-ocsp (ocsp init-signer / ocsp
// renew-signer); the workflow is registry/OcspSigning.h.
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class OcspInitSignerCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OcspInitSignerCommand)
public:
    QString name() const override { return QStringLiteral("ocsp init-signer"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class OcspRenewSignerCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OcspRenewSignerCommand)
public:
    QString name() const override { return QStringLiteral("ocsp renew-signer"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addOcspCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
