#pragma once
// Re-issue: the data of the application a certificate came from, to pre-fill the new application.
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class ApplicationPrefillCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationPrefillCommand)
public:
    QString name() const override { return QStringLiteral("application prefill"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addReissueCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
