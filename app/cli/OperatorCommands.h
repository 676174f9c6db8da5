#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class OperatorAddCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OperatorAddCommand)
public:
    QString name() const override { return QStringLiteral("operator add"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class OperatorListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OperatorListCommand)
public:
    QString name() const override { return QStringLiteral("operator list"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class OperatorDisableCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OperatorDisableCommand)
public:
    QString name() const override { return QStringLiteral("operator disable"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("LOGIN"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("login", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// operator unlock LOGIN: clear the failed sign-ins and the lock of a login (administrators).
class OperatorUnlockCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OperatorUnlockCommand)
public:
    QString name() const override { return QStringLiteral("operator unlock"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("LOGIN"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("login", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// operator lockout [--max-failures N]: show or set after how many failed sign-ins a login is locked.
class OperatorLockoutCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::OperatorLockoutCommand)
public:
    QString name() const override { return QStringLiteral("operator lockout"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addOperatorCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
