#pragma once
// Encrypted backup of a CA private key with the encryption key split among custodians (SPEC §3:
// at least 3 of 5). The key is serialised as PKCS#8 DER in memory, encrypted with a fresh random
// 256-bit key under AES-256-GCM, and only that random key is split (Shamir, SecretSharing); it is
// never stored whole. Files in the output folder:
//   <ca>.backup           text header (authenticated as GCM associated data) + nonce, ciphertext, tag
//   <ca>.share-<i>-of-<n> one custodian's share (ShareFile format)
// Both carry a random backup id and the SHA-256 fingerprint of the public key, so shares of another
// backup are refused by name before any decryption is attempted.

#include "pki/CaKey.h"
#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace tirkeu::pki {

class KeyBackup {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::KeyBackup)
public:
    static constexpr int kDefaultShares = 5;
    static constexpr int kDefaultThreshold = 3;

    struct Written {
        QString backupFile;
        QStringList shareFiles; // index i at position i-1
        QString backupId;
        QString fingerprint;
    };
    // What a backup file says about itself (nothing secret).
    struct Info {
        QString caCode;
        QString backupId;
        QString fingerprint;
        QString algorithm;
        int threshold = 0;
        int shares = 0;
        QString created; // ISO 8601 UTC
    };

    // A backup made in memory and not yet written: its files' paths and texts (the shares first, then
    // the encrypted key). The texts are wiped when it is destroyed.
    class Prepared {
    public:
        Prepared() = default;
        Prepared(Prepared&&) = default;
        Prepared& operator=(Prepared&&) = default;
        ~Prepared();
        const Written& written() const { return m_written; }

    private:
        friend class KeyBackup;
        Written m_written;
        QList<QPair<QString, QByteArray>> m_files;
    };

    // Makes the backup in memory: threshold >= 2, shares >= threshold, shares <= 255; refuses when one of
    // its files already exists. Nothing is written, so that a caller can record the backup first.
    static Result<Prepared> prepare(const EVP_PKEY* key, const QString& outDir, const QString& caCode,
                                    int shares = kDefaultShares, int threshold = kDefaultThreshold);
    // Writes a prepared backup's files (0600, each atomically, never over an existing file); on failure,
    // the files already written by this call are removed.
    static Status write(const Prepared& prepared);
    // prepare, then write.
    static Result<Written> backup(const EVP_PKEY* key, const QString& outDir, const QString& caCode,
                                  int shares = kDefaultShares, int threshold = kDefaultThreshold);
    // The same from an encrypted PKCS#8 PEM (a CA key file) and its passphrase.
    static Result<Written> backup(const QByteArray& encryptedPkcs8Pem, const QString& passphrase, const QString& outDir,
                                  const QString& caCode, int shares = kDefaultShares,
                                  int threshold = kDefaultThreshold);

    static Result<Info> inspect(const QString& backupFile);
    // Needs at least the backup's threshold of its own shares; anything less, a share of another
    // backup, or a tampered share or backup file is an error and nothing is returned.
    static Result<EvpPkeyPtr> restore(const QString& backupFile, const QStringList& shareFiles);
    // restore, then CaKey::writeEncryptedPkcs8 under a new passphrase. Nothing is written on error.
    static Status restoreToFile(const QString& backupFile, const QStringList& shareFiles, const QString& outPath,
                                const QString& newPassphrase, KdfCost cost = KdfPolicy::keyFileCost());
};

} // namespace tirkeu::pki
