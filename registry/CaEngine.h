#pragma once
// The CA engine: sets up a CA's key and certificate, issues holder certificates from approved
// applications, revokes them and publishes full and delta CRLs. The cryptography is pki's (no raw
// OpenSSL here); the SQL is all here; every change commits together with its audit event.

#include "pki/CaKey.h"
#include "pki/KeyGenerator.h"
#include "pki/Ossl.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace tirkeu::registry {

class Register;
struct CaRecord;

struct CaInitResult {
    QString keyUri;      // "file:/abs/path"
    QString fingerprint; // SHA-256 of the CA public key, hex
    QString serialHex;
    QByteArray certificateDer;
    QDateTime notBefore;
    QDateTime notAfter;
};

struct IssueResult {
    qint64 certificateId = 0;
    QString serialHex; // upper-case hex, no separators (as stored)
    QByteArray der;
    QString profile; // "individual_sign", "legal_auth", ...
    QString role;    // legal role id, empty for individuals
    QString subject; // one line, Kazakh letters kept
    QDateTime notBefore;
    QDateTime notAfter;
    QStringList notes; // what the operator should know (e.g. a second certificate still to issue)
};

struct CertificateRecord {
    qint64 id = 0;
    QString caCode;
    QString serialHex;
    QString subject;
    QString profile;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray der;
    QString status; // "valid" or "revoked"
    qint64 applicationId = 0;
    QString issuedBy; // login
    QDateTime issuedAt;
    QDateTime retentionUntil;
    // Revoked certificates only.
    QDateTime revokedAt;
    int reasonCode = -1;
    QString basisKind;
    QString basisDocument;
};

struct CertificateFilter {
    QString caCode;
    QString status; // "valid", "revoked" or empty for both
    int limit = 200;
    int offset = 0;
};

struct RevokeRequest {
    QString caCode;
    QString serial;     // hex; colons, spaces and a 0x prefix are ignored
    int reasonCode = 0; // RFC 5280 CRLReason 0..10 except 7 (and 8, which only undoes a hold)
    QString basisKind;  // holder_application | court_decision | ca_termination | holder_left_job
    QString basisDocument;
    qint64 applicationId = 0; // the revocation application, optional
    QDateTime revokedAt;      // default: now
};

struct CrlPublication {
    quint64 number = 0;
    std::optional<quint64> deltaBase;
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    qint64 entries = 0;
    qint64 size = 0;
    QString sha256; // hex, lower case
    QString derPath;
    QString pemPath;
};

// ---- key backup, signed revocation requests, certificate export (CaEngineSigned.cpp) ----

struct KeyBackupResult {
    QString backupFile;
    QStringList shareFiles; // share i at position i-1, one per custodian (mode 0600)
    QString backupId;
    QString fingerprint; // SHA-256 of the CA public key, hex
    int shares = 0;
    int threshold = 0;
};

struct KeyRestoreResult {
    QString keyFile; // absolute path of the new encrypted PKCS#8 file
    QString fingerprint;
    QString backupId;
    QList<int> sharesUsed;
    bool activated = false; // the register now names keyFile as the CA's key
};

struct SignedRevocationResult {
    qint64 applicationId = 0;
    QString caCode;
    QString serialHex; // the revoked certificate
    QString signerSerialHex;
    QString holder; // IIN, or BIN for a legal entity
    QString formCode;
    int reasonCode = 0;
    QString cmsSha256; // hex, lower case: identifies the signed request in the audit trail
};

class CaEngine {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit CaEngine(Register& reg)
        : m_reg(reg) {}

    // Validity of holder certificates: 1 year for keys in files, 3 on tokens (FACTS.md).
    static constexpr int kFileKeyYears = 1;
    static constexpr int kTokenKeyYears = 3;

    // Canonical serial text: upper-case hex without separators or leading zero bytes.
    static Result<QString> normaliseSerial(const QString& text);
    // RFC 5280 reason names ("key_compromise", ...) and numbers ("1") to the code; -1 when unknown.
    static int reasonFromName(const QString& nameOrNumber);
    static QString reasonName(int code);
    static QStringList basisKinds();
    // The lock file a CRL publication of `caCode` holds in `outDir` while it runs.
    static QString crlLockPath(const QString& outDir, const QString& caCode);

    // Self-signed CA certificate for an existing CA record without one: a new key written encrypted
    // to keyPath (never overwritten, never in the database), the certificate and key URI stored.
    // organisation: the CA's O= (empty: the CA name).
    Result<CaInitResult> createRootCa(const Session& by, const QString& caCode, pki::KeyAlgorithm algorithm,
                                      const QString& keyPath, const QString& passphrase, int validityYears,
                                      const QString& organisation = {});

    // Issues the certificate of an approved application from the holder's PKCS#10 request and marks
    // the application done. A weak, malformed or unsigned CSR is refused and nothing is written.
    Result<IssueResult> issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                     const pki::SecretSource& caKeySecret);

    Status revoke(const Session& by, const RevokeRequest& request);

    // Full CRL (or delta against the last full one) of a CA, written atomically into outDir as
    // <code>.crl/.crl.pem (delta: <code>-delta.crl/.crl.pem) and recorded in the register.
    Result<CrlPublication> publishCrl(const Session& by, const QString& caCode, const QString& outDir, bool delta,
                                      const pki::SecretSource& caKeySecret);

    Result<QList<CertificateRecord>> certificates(const Session& by, const CertificateFilter& filter);
    // caCode may be empty when the serial is unique across the register's CAs.
    Result<CertificateRecord> certificate(const Session& by, const QString& caCode, const QString& serial);

    // ---- key backup, signed revocation requests, certificate export (CaEngineSigned.cpp) ----

    // Encrypted backup of the CA key with the data key split into `shares` custodian files, any
    // `threshold` of which restore it (KeyBackup). The key must match the CA certificate; a key on a
    // token cannot be exported. Files are never overwritten; audit event ca.key_backup.
    Result<KeyBackupResult> backupKey(const Session& by, const QString& caCode, const QString& outDir, int shares,
                                      int threshold, const pki::SecretSource& caKeySecret);
    // Restores a backup of the CA's key with at least its threshold of shares into a new encrypted
    // PKCS#8 file under a new passphrase (>= 12 characters). The key must match the CA certificate in
    // the register. activate: the register names the new file as the CA's key from now on. Too few,
    // foreign or altered shares are refused and nothing is written. Audit event ca.key_restored.
    Result<KeyRestoreResult> restoreKey(const Session& by, const QString& caCode, const QString& backupFile,
                                        const QStringList& shareFiles, const QString& keyOut,
                                        const pki::SecretSource& newPassphrase, bool activate = false);

    // The electronic revocation application (National CA rule): CMS SignedData (DER or PEM) whose
    // content is {"form": "NCA-REVOKE-IND" | "NCA-REVOKE-LEGAL", "data": {form fields}}, signed with a
    // certificate of this register that is valid now and not revoked, by the holder of the certificate
    // it asks to revoke (same IIN; same BIN for legal entities). The application is registered and done
    // and the certificate revoked (basis holder_application) in one transaction. caCode may be empty:
    // the CA that issued the signer's certificate. Anything else is refused with its reason, nothing
    // written.
    Result<SignedRevocationResult> revokeSigned(const Session& by, const QByteArray& cms, const QString& caCode = {});

    // The certificate of a CA (DER), for export.
    Result<QByteArray> caCertificate(const Session& by, const QString& caCode);

private:
    // What signing with a CA needs: its certificate (as issuer), its opened key, and the record
    // retention of its kind.
    struct Signer {
        pki::X509Ptr issuer;
        std::unique_ptr<pki::CaKey> key;
        int recordYears = 0;
    };
    Result<Signer> openSigner(const CaRecord& ca, const pki::SecretSource& caKeySecret);
    Result<int> recordYears(const CaRecord& ca);
    Result<QList<CertificateRecord>> query(const QString& where, const QVariantList& binds);
    Register& m_reg;
};

} // namespace tirkeu::registry
