#pragma once
// CA engine commands: set up a CA's key and certificate (ca init) and publish CRLs (crl publish).
#include "app/cli/Command.h"
#include "pki/CaKey.h"

#include <vector>

namespace tirkeu::cli {

// The CA key passphrase: the first line of `file` when given, else $TIRKEU_CA_PASSPHRASE.
Result<pki::SecretSource> caPassphraseSource(const QString& file);

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

class CrlPublishCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CrlPublishCommand)
public:
    QString name() const override { return QStringLiteral("crl publish"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCaEngineCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
