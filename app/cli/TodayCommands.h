#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// `tirkeu-cli today`: what is due for the signed-in role (registry/Agenda.h), the GUI's Today page.
class TodayCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::TodayCommand)
public:
    QString name() const override { return QStringLiteral("today"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addTodayCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
