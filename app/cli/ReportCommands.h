#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

// report NAME: a register or journal as PDF or CSV (reports/Reports.h).
class ReportCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ReportCommand)
public:
    QString name() const override { return QStringLiteral("report"); }
    bool needsGui(const QStringList&) const override { return true; } // PDF rendering (QtGui)
    QString summary() const override;
    QString usage() const override { return QStringLiteral("NAME"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("name", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// certificate print: the paper copy of an issued certificate (NCA-CERT / GOV-CERT / ROOT-CERT).
class CertificatePrintCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificatePrintCommand)
public:
    QString name() const override { return QStringLiteral("certificate print"); }
    bool needsGui(const QStringList&) const override { return true; } // PDF rendering (QtGui)
    QString summary() const override;
    QString usage() const override { return QStringLiteral("SERIAL"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("serial", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// A date option: yyyy-MM-dd or dd.MM.yyyy.
Result<QDate> dateOption(const po::variables_map& vm, const char* key);

void addReportCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
