#pragma once
// CA key backup among custodians (ca backup / ca restore, any 3 of 5 shares by default; ca backups lists
// them and prints a hand-over record again) and export of
// certificates (ca export, certificate export).
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class CaBackupCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaBackupCommand)
public:
    QString name() const override { return QStringLiteral("ca backup"); }
    // The share hand-over record is a PDF: fonts need QtGui.
    bool needsGui(const QStringList&) const override { return true; }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

// The CA's key backups as recorded; --print ID prints a backup's hand-over record again (a copy).
class CaBackupsCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaBackupsCommand)
public:
    QString name() const override { return QStringLiteral("ca backups"); }
    bool needsGui(const QStringList& args) const override { return args.contains(QStringLiteral("--print")); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CaRestoreCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaRestoreCommand)
public:
    QString name() const override { return QStringLiteral("ca restore"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CaExportCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaExportCommand)
public:
    QString name() const override { return QStringLiteral("ca export"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CertificateExportCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateExportCommand)
public:
    QString name() const override { return QStringLiteral("certificate export"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addCaKeyCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
