#pragma once
// notify …: the outbox of notices to holders (registry/Notifications): list it, queue expiry
// reminders, send what is due over SMTP (the scheduled job runs the last two).
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class NotifyListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::NotifyListCommand)
public:
    QString name() const override { return QStringLiteral("notify list"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class NotifyQueueExpiringCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::NotifyQueueExpiringCommand)
public:
    QString name() const override { return QStringLiteral("notify queue-expiring"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class NotifySendCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::NotifySendCommand)
public:
    QString name() const override { return QStringLiteral("notify send"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addNotifyCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
