#pragma once
// `certificate issue-batch`: bulk issuance from a folder or manifest of holders' requests.
#include "app/cli/Command.h"

namespace tirkeu::cli {

class CertificateIssueBatchCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateIssueBatchCommand)
public:
    QString name() const override { return QStringLiteral("certificate issue-batch"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

} // namespace tirkeu::cli
