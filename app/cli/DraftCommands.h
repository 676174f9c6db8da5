#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// `tirkeu-cli application drafts`: the signed-in operator's drafts (registry/Drafts.h), as the GUI's
// My drafts lists them.
class DraftListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DraftListCommand)
public:
    QString name() const override { return QStringLiteral("application drafts"); }
    QString summary() const override;
    void addOptions(po::options_description&) const override {}
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// `application draft-submit ID` registers a draft as typed (and deletes it in the same transaction);
// `application draft-delete ID` deletes it.
class DraftActionCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::DraftActionCommand)
public:
    enum class Action { Submit, Delete };
    explicit DraftActionCommand(Action action)
        : m_action(action) {}
    QString name() const override;
    QString summary() const override;
    QString usage() const override { return QStringLiteral("ID"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("id", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;

private:
    Action m_action;
};

void addDraftCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
