#pragma once
#include "app/cli/Command.h"

#include <vector>

namespace tirkeu::cli {

class AuditVerifyCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditVerifyCommand)
public:
    QString name() const override { return QStringLiteral("audit verify"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class AuditKeyInitCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditKeyInitCommand)
public:
    QString name() const override { return QStringLiteral("audit key init"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class AuditPublishAnchorsCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditPublishAnchorsCommand)
public:
    QString name() const override { return QStringLiteral("audit publish-anchors"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class AuditCheckpointCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditCheckpointCommand)
public:
    QString name() const override { return QStringLiteral("audit checkpoint"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class AuditExportAnchorCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditExportAnchorCommand)
public:
    QString name() const override { return QStringLiteral("audit export-anchor"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

class AuditListCommand : public Command {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::AuditListCommand)
public:
    QString name() const override { return QStringLiteral("audit list"); }
    QString summary() const override;
    void addOptions(po::options_description& d) const override;
    int run(CliContext& ctx, const po::variables_map& vm) override;
};

void addAuditCommands(std::vector<std::unique_ptr<Command>>& all);

} // namespace tirkeu::cli
