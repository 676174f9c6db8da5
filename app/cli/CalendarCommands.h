#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class CalendarShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CalendarShowCommand)
public:
    QString name() const override { return QStringLiteral("calendar show"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CalendarSetCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CalendarSetCommand)
public:
    QString name() const override { return QStringLiteral("calendar set"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CalendarDeadlineCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CalendarDeadlineCommand)
public:
    QString name() const override { return QStringLiteral("calendar deadline"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCalendarCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
