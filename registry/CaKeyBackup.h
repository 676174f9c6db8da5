#pragma once
// A CA key's backup among custodians (any `threshold` of `shares` files restore it) and its restore
// into a new encrypted key file.

#include "pki/SecretSource.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace tirkeu::registry {

class Register;
struct CaRecord;

// Who keeps one share of a CA key backup (seed 001 §5: shares kept by named custodians; for a state CA
// the informatisation authority, the national security bodies and the CA itself).
struct KeyCustodian {
    QString name;     // full name
    QString position; // position and organisation
};

struct KeyBackupResult {
    QString backupFile;
    QStringList shareFiles; // share i at position i-1, one per custodian (mode 0600)
    QString backupId;
    QString fingerprint; // SHA-256 of the CA public key, hex
    int shares = 0;
    int threshold = 0;
    QList<KeyCustodian> custodians; // custodian of share i at position i-1
    QString caName;
    QDateTime madeAt;
    QString madeBy; // the administrator's full name (login)
    // Read back from the event log (CaKeyBackup::backups): why its files could not be written (they were
    // removed, event ca.key_backup_failed); empty for a backup whose files were written.
    QString failure;
};

struct KeyRestoreResult {
    QString keyFile; // absolute path of the new encrypted PKCS#8 file
    QString fingerprint;
    QString backupId;
    QList<int> sharesUsed;
    bool activated = false; // the register now names keyFile as the CA's key
};

class CaKeyBackup {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit CaKeyBackup(Register& reg)
        : m_reg(reg) {}

    // Encrypted backup of the CA key with the data key split into `shares` custodian files, any
    // `threshold` of which restore it (KeyBackup). At least 3 of 5 (Rules::keyBackupScheme, seed 001 §5),
    // one named custodian (name, position) per share, recorded in the audit event. The key must match
    // the CA certificate; a key on a token cannot be exported. Files are never overwritten; audit event
    // ca.key_backup.
    Result<KeyBackupResult> backupKey(const Session& by, const QString& caCode, const QString& outDir, int shares,
                                      int threshold, const QList<KeyCustodian>& custodians,
                                      const pki::SecretSource& caKeySecret);
    // Restores a backup of the CA's key with at least its threshold of shares into a new encrypted
    // PKCS#8 file under a new passphrase (>= 12 characters). The key must match the CA certificate in
    // the register. activate: the register names the new file as the CA's key from now on. Too few,
    // foreign or altered shares are refused and nothing is written. Audit event ca.key_restored.
    Result<KeyRestoreResult> restoreKey(const Session& by, const QString& caCode, const QString& backupFile,
                                        const QStringList& shareFiles, const QString& keyOut,
                                        const pki::SecretSource& newPassphrase, bool activate = false);

    // The CA's key backups as the event log records them (ca.key_backup), newest first: scheme, custodians,
    // fingerprint, files, when and by whom; a backup whose files could not be written carries `failure`.
    // For printing the hand-over record again (reports::KeyShareHandover) when the first print was lost.
    // Administrators (BackupCaKey).
    Result<QList<KeyBackupResult>> backups(const Session& by, const QString& caCode);
    // One of them by its id; NotFound for an id the CA never recorded, Conflict for a backup whose files
    // were removed (there is nothing to hand over).
    Result<KeyBackupResult> backup(const Session& by, const QString& caCode, const QString& backupId);

private:
    // After a recorded backup or restore whose file could not be written: the event `type` saying so, and
    // for an activated restore the CA's previous key named again (`restoreKeyUri`).
    Status recordFailure(const Session& by, const CaRecord& ca, const QString& type, const QString& backupId,
                         const QString& reason, const std::optional<QString>& restoreKeyUri);

    Register& m_reg;
};

} // namespace tirkeu::registry
