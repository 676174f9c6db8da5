#pragma once
// The printed record of handing over the shares of a CA key backup to their custodians (seed 001 §5):
// Kazakh and Russian, one row per share (number, custodian, position, signature), the scheme "K of N",
// the key's public fingerprint and the administrator's signature. No internal ids.

#include "reports/Pdf.h"

#include "registry/CaKeyBackup.h"

#include <QCoreApplication>

namespace tirkeu::reports {

class KeyShareHandover {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::KeyShareHandover)
public:
    static FlowSpec build(const registry::KeyBackupResult& backup);
    static Status save(const registry::KeyBackupResult& backup, const QString& path);
    // Where the record of a backup of the CA `caCode` into `outDir` goes: beside the backup, <code>-handover.pdf.
    static QString pathIn(const QString& outDir, const QString& caCode);
};

} // namespace tirkeu::reports
