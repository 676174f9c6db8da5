#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class ApplicationSubmitCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationSubmitCommand)
public:
    QString name() const override { return QStringLiteral("application submit"); }
    // Importing a filled PDF form (--pdf) reads it with Poppler, which needs QtGui.
    bool needsGui(const QStringList& args) const override {
        for (const QString& a : args)
            if (a == u"--pdf" || a.startsWith(u"--pdf="))
                return true;
        return false;
    }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class ApplicationListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationListCommand)
public:
    QString name() const override { return QStringLiteral("application list"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class ApplicationShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationShowCommand)
public:
    QString name() const override { return QStringLiteral("application show"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("ID"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("id", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// approve / reject / done share one shape: an application number and a note or reason.
class ApplicationDecideCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationDecideCommand)
public:
    enum class Action { Approve, Reject, Done };
    explicit ApplicationDecideCommand(Action action)
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

// The grounds of refusal of each CA kind (the rules in force, RulesBook): the codes `application reject
// --reason-code` takes.
class ApplicationRefusalReasonsCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ApplicationRefusalReasonsCommand)
public:
    QString name() const override { return QStringLiteral("application refusal-reasons"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addApplicationCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
