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
    // The record as printed when the backup is made (footer: its administrator and time).
    static FlowSpec build(const registry::KeyBackupResult& backup);
    static Status save(const registry::KeyBackupResult& backup, const QString& path);
    // The same record printed again from the event log (registry::CaKeyBackup::backups) when the first print
    // was lost: marked as a copy, the footer naming who printed it again and when; the backup's own date and
    // administrator as recorded.
    static FlowSpec buildCopy(const registry::KeyBackupResult& backup, const QString& printedBy,
                              const QDateTime& printedAt);
    static Status saveCopy(const registry::KeyBackupResult& backup, const QString& printedBy,
                           const QDateTime& printedAt, const QString& path);
    // Where the record of a backup of the CA `caCode` into `outDir` goes: beside the backup, <code>-handover.pdf.
    static QString pathIn(const QString& outDir, const QString& caCode);
};

} // namespace tirkeu::reports
