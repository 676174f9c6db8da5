#pragma once
// Certificate commands: issue from a holder's CSR, list, show (and export), revoke.
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class CertificateIssueCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateIssueCommand)
public:
    QString name() const override { return QStringLiteral("certificate issue"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CertificateListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateListCommand)
public:
    QString name() const override { return QStringLiteral("certificate list"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CertificateShowCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateShowCommand)
public:
    QString name() const override { return QStringLiteral("certificate show"); }
    QString summary() const override;
    QString usage() const override { return QStringLiteral("SERIAL"); }
    void addOptions(po::options_description& d) const override;
    void addPositional(po::positional_options_description& p) const override { p.add("serial", 1); }
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CertificateReleaseCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateReleaseCommand)
public:
    QString name() const override { return QStringLiteral("certificate release"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class CertificateRevokeCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CertificateRevokeCommand)
public:
    QString name() const override { return QStringLiteral("certificate revoke"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;

private:
    int runApplication(CliContext& ctx, const po::variables_map& vm);
    int runSigned(CliContext& ctx, const po::variables_map& vm);
};

void addCertificateCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
