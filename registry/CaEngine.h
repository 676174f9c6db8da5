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
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace tirkeu::registry {

class Register;
struct CaRecord;

struct CaInitResult {
    QString keyUri;      // "file:/abs/path" or "pkcs11:…"
    QString fingerprint; // SHA-256 of the CA public key, hex
    QString serialHex;   // empty while a subordinate CA waits for its certificate
    QByteArray certificateDer;
    QByteArray csrPem; // subordinate CAs: the PKCS#10 request (PEM) to send to the parent CA
    QDateTime notBefore;
    QDateTime notAfter;
    QString parentCode; // imported certificates issued by another CA of this register
};

// Where a CA's key comes from: a new key written encrypted to keyPath, or an existing key (a PKCS#11
// token object "pkcs11:token=…;object=…", or an encrypted key file) opened with existingSecret.
struct CaKeySpec {
    pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::Rsa2048;
    QString keyPath;
    QString passphrase;
    QString existingUri;
    pki::SecretSource existingSecret;
};

// Issuing for an application, beyond the key.
struct IssueOptions {
    int personIndex = -1;        // letters of a government body: which listed person (0-based); -1: the only one
    bool revokeReplaced = false; // re-issue: revoke the replaced certificate as superseded in the same step
};

// The officer generates the holder's key pair and writes it to the key media as PKCS#12.
struct KeyOnMedia {
    pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::Rsa2048;
    QString password;    // the holder's password for the PKCS#12 (typed twice by the holder)
    QString mediaSerial; // serial number of the key media; required by the Government Bodies CA
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
    QByteArray pkcs12; // generated keys only: the PKCS#12 to write onto the key media
    QString keyMediaSerial;
    QString replacedSerial;      // re-issue: the certificate this one replaces (revoked when asked to)
    bool applicationDone = true; // false while other persons of a letter still wait for theirs
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

struct RevokeRequest {
    QString caCode;
    QString serial;     // hex; colons, spaces and a 0x prefix are ignored
    int reasonCode = 0; // RFC 5280 CRLReason 0..10 except 7 (and 8, which only undoes a hold)
    QString basisKind;  // holder_application | court_decision | ca_termination | holder_left_job
    QString basisDocument;
    qint64 applicationId = 0; // the revocation application, optional
    QDateTime revokedAt;      // default: now
    // Key compromise at a CA with a publish directory: the CA key to publish a delta CRL at once.
    std::optional<pki::SecretSource> caKeySecret;
};

struct RevokeOutcome {
    QString serial;
    std::optional<CrlPublication> delta; // published at once (key compromise)
    QString deltaProblem;                // why a due delta CRL was not published; the revocation stands
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

// A certificate a revocation form names, with the form's reason as an RFC 5280 code.
struct RevocationTarget {
    QString serial;
    int reasonCode = 0;
};

// An approved revocation application carried out (CaEngine::revokeFromApplication).
struct FormRevocationResult {
    QString caCode;
    QStringList serials;
    QList<int> reasonCodes;
    std::optional<CrlPublication> crl; // published at once for a key compromise
    QString crlProblem;                // why a due CRL was not published; the revocations stand
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
    Result<CaInitResult> createRootCa(const Session& by, const QString& caCode, const CaKeySpec& key, int validityYears,
                                      const QString& organisation = {});
    // A subordinate CA: its key (new or existing) and a PKCS#10 request for the parent CA. The CA can
    // sign once importCaCertificate() has stored the certificate the parent issued for that key.
    Result<CaInitResult> createSubordinateCa(const Session& by, const QString& caCode, const CaKeySpec& key,
                                             const QString& organisation = {});
    // The parent's certificate for a subordinate CA's pending key: it must be a CA certificate for that
    // very key, valid now; when the parent is a CA of this register its signature is checked and the
    // CA is linked to it.
    Result<CaInitResult> importCaCertificate(const Session& by, const QString& caCode, const QByteArray& certificate);

    // Issues the certificate of an approved application from the holder's PKCS#10 request and marks
    // the application done. A weak, malformed or unsigned CSR is refused and nothing is written.
    Result<IssueResult> issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                     const pki::SecretSource& caKeySecret, const IssueOptions& options = {});
    // The same with a key pair generated here and returned as PKCS#12 protected by the holder's
    // password (AES-256, PBKDF2); the key never touches the register.
    Result<IssueResult> issueWithGeneratedKey(const Session& by, qint64 applicationId, const KeyOnMedia& media,
                                              const pki::SecretSource& caKeySecret, const IssueOptions& options = {});

    // Revokes; for key compromise at a CA with a publish directory a delta CRL follows at once when the
    // request carries the CA key secret (outcome says what happened).
    Status revoke(const Session& by, const RevokeRequest& request, RevokeOutcome* outcome = nullptr);
    // Carries out an approved revocation application (NCA-REVOKE-*, GOV-REVOKE letters, ROOT-REVOKE):
    // every certificate it names, with the form's reason, basis holder_application, linked to the
    // application, which is then done — all or nothing. Key compromise: a delta CRL at once when the
    // CA has a publish folder and the secret is given.
    Result<FormRevocationResult> revokeFromApplication(const Session& by, qint64 applicationId,
                                                       const std::optional<pki::SecretSource>& caKeySecret = {});
    // A form's reason id ("key_compromise", "damaged_key_media", …) as an RFC 5280 code.
    static int reasonOfForm(const QString& formReason);
    // The certificates a revocation form's data names (a letter: one per listed person).
    static QList<RevocationTarget> revocationTargets(const QJsonObject& formData);
    static constexpr int kKeyCompromise = 1;
    // The folder a CA publishes its CRLs into (its publish_dir setting; empty: none).
    static QString publishDir(const CaRecord& ca);
    // Whether revoking a certificate of `ca` for `reasonCode` publishes a CRL at once (and so needs the
    // CA key): a key compromise at a CA with a publish folder.
    static bool publishesAtOnce(const CaRecord& ca, int reasonCode);

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
        // What the key was opened with: a later call with the same CA, key and secret source reuses the
        // unlocked key instead of paying the KDF again (bulk issuance, benchmarks). Prompts never match.
        QByteArray certificateDer;
        QString keyUri;
        QByteArray secretId;
    };
    // The CA's signer, owned by this engine (valid until the next call for the same CA).
    Result<Signer*> openSigner(const CaRecord& ca, const pki::SecretSource& caKeySecret);
    // What identifies a secret source for the cache (empty for prompts: never cached).
    static QByteArray secretIdOf(const pki::SecretSource& secret);
    // The cached signer of `ca` opened with that secret, or nullptr.
    Signer* cachedSigner(const CaRecord& ca, const QByteArray& secretId);
    std::map<qint64, std::unique_ptr<Signer>> m_signers;
    Result<int> recordYears(const CaRecord& ca);
    Result<IssueResult> issue(const Session& by, qint64 applicationId, const QByteArray* csr, const KeyOnMedia* media,
                              const pki::SecretSource& caKeySecret, const IssueOptions& options);
    // The revocation's writes, inside the caller's transaction.
    Status revokeInTransaction(const Session& by, const CaRecord& ca, const QString& serial,
                               const RevokeRequest& request, const QDateTime& revokedAt, int recordYears);
    // The CRL due at once after a key compromise: a delta, or the first full CRL.
    struct CompromisePublication {
        std::optional<CrlPublication> crl;
        QString problem; // why it was not published; the revocation stands
    };
    CompromisePublication publishAfterCompromise(const Session& by, const CaRecord& ca,
                                                 const std::optional<pki::SecretSource>& secret);
    Result<CaInitResult> setUpCaKey(const Session& by, const QString& caCode, const CaKeySpec& key, bool root,
                                    int validityYears, const QString& organisation);
    Result<QList<CertificateRecord>> query(const QString& where, const QVariantList& binds);
    Register& m_reg;
};

} // namespace tirkeu::registry
