#pragma once
// Retention (SPEC.md §2-3): per CA kind, records are kept N years after termination and event logs
// 1 year after the related certificate's expiry. Every record carries its computed retention end;
// the database refuses deletion before it (triggers). The sweep moves records whose retention has
// ended into an archive file with a manifest, re-reads and verifies the archive, and only then
// deletes them — in one transaction, logged in the audit chain.

#include "forms/FormDefinition.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMap>

namespace tirkeu::registry {

class Register;

struct RetentionPolicy {
    forms::CaKind kind = forms::CaKind::National;
    int recordYears = 5;
    int eventLogYears = 1;
};

struct SweepReport {
    bool dryRun = false;
    QMap<QString, qint64> counts; // table -> rows archived (or that would be)
    qint64 total() const;
    QString archiveFile; // empty on a dry run or when nothing was due
    QString manifestFile;
    QString sha256;          // of the archive file
    qint64 auditLastSeq = 0; // last audit event archived (0: none)
    // Set when the clock was more than a day after the register's newest event: the sweep went only up to this
    // moment (the day after that event), never ahead of the register's own history.
    QDateTime heldBackTo;
};

struct ArchiveCheck {
    QMap<QString, qint64> counts;
    QString sha256;
};

class Retention {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Retention)
public:
    explicit Retention(Register& reg)
        : m_reg(reg) {}

    Result<QList<RetentionPolicy>> policies();
    Result<QList<RetentionPolicy>> policies(const Session& by); // needs ViewRegister
    Status setPolicy(const Session& by, forms::CaKind kind, int recordYears, int eventLogYears);

    Result<SweepReport> sweep(const Session& by, const QString& archiveDir, bool dryRun);
    // Re-reads an archive against its manifest: SHA-256, line count per table, every line parses.
    static Result<ArchiveCheck> verifyArchive(const QString& manifestFile);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
