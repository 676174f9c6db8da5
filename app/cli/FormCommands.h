#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// form list / form show CODE: the official forms and their field ids (the JSON keys of
// application submit --data).
class FormListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::FormListCommand)
public:
    QString name() const override { return QStringLiteral("form list"); }
    QString summary() const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class FormShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::FormShowCommand)
public:
    QString name() const override { return QStringLiteral("form show"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("CODE"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("form", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// form print --application N --out FILE.pdf: the filled-in form of an application, for signature.
class FormPrintCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::FormPrintCommand)
public:
    QString name() const override { return QStringLiteral("form print"); }
    bool needsGui(const QStringList&) const override { return true; } // PDF rendering (QtGui)
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// form template --form CODE --out FILE.pdf: the fillable PDF of a form.
class FormTemplateCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::FormTemplateCommand)
public:
    QString name() const override { return QStringLiteral("form template"); }
    bool needsGui(const QStringList&) const override { return true; } // PDF rendering (QtGui)
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addFormCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
