#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// ca add: registers a CA record (kind, name, settings); keys and certificates come with the CA engine.
class CaAddCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaAddCommand)
public:
    QString name() const override { return QStringLiteral("ca add"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CaListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaListCommand)
public:
    QString name() const override { return QStringLiteral("ca list"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// ca set --code C KEY=VALUE…: changes CA settings (publication pointers, periods, policies, name layout,
// hold); audited; unknown keys are refused with the list of known ones.
class CaSetCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaSetCommand)
public:
    QString name() const override { return QStringLiteral("ca set"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("KEY=VALUE..."); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("assignment", -1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// ca show --code C: every setting of a CA, with the pointers it still lacks.
class CaShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaShowCommand)
public:
    QString name() const override { return QStringLiteral("ca show"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCaCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
