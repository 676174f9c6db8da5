#pragma once
// The CA engine as one front door: a thin facade over the parts, each with one responsibility —
//   CaSetup                  CA set-up: root, subordinate, import of the parent's certificate
//   Issuance                 certificates of approved applications (CSR or generated key + PKCS#12)
//   Revocations              the one revocation path (direct, approved application, signed request)
//   SignedRevocationRequests checking a holder's signed electronic revocation application
//   CrlPublisher             full and delta CRLs
//   CertificateQueries       reading certificates, serial numbers
//   CaKeyBackup              CA key backup among custodians and restore
//   CaKeyring                the unlocked CA keys (owned by the Register, outlives a call)
//   Rules, OutputFiles       the issuance rules and the one way to write handed-out files
// New code may use the parts directly; GUI and CLI keep calling this facade. The cryptography is
// pki's (no raw OpenSSL here); every change commits together with its audit event.

#include "registry/CaKeyBackup.h"
#include "registry/CaSetup.h"
#include "registry/CertificateQueries.h"
#include "registry/CrlPublisher.h"
#include "registry/Issuance.h"
#include "registry/Revocations.h"

#include <QCoreApplication>

namespace tirkeu::registry {

class CaEngine {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit CaEngine(Register& reg)
        : m_reg(reg) {}

    static constexpr int kFileKeyYears = Issuance::kFileKeyYears;
    static constexpr int kTokenKeyYears = Issuance::kTokenKeyYears;
    static constexpr int kKeyCompromise = Revocations::kKeyCompromise;

    static Result<QString> normaliseSerial(const QString& text) { return CertificateQueries::normaliseSerial(text); }
    static int reasonFromName(const QString& nameOrNumber) { return Revocations::reasonFromName(nameOrNumber); }
    static QString reasonName(int code) { return Revocations::reasonName(code); }
    static QStringList basisKinds() { return Revocations::basisKinds(); }
    static QString crlLockPath(const QString& outDir, const QString& caCode) {
        return CrlPublisher::crlLockPath(outDir, caCode);
    }
    static int reasonOfForm(const QString& formReason) { return Revocations::reasonOfForm(formReason); }
    static QList<RevocationTarget> revocationTargets(const QJsonObject& formData) {
        return Revocations::revocationTargets(formData);
    }
    static QString publishDir(const CaRecord& ca) { return Revocations::publishDir(ca); }
    static bool publishesAtOnce(const CaRecord& ca, int reasonCode) {
        return Revocations::publishesAtOnce(ca, reasonCode);
    }

    // ---- CaSetup ----
    Result<CaInitResult> createRootCa(const Session& by, const QString& caCode, pki::KeyAlgorithm algorithm,
                                      const QString& keyPath, const QString& passphrase, int validityYears,
                                      const QString& organisation = {}) {
        return CaSetup(m_reg).createRootCa(by, caCode, algorithm, keyPath, passphrase, validityYears, organisation);
    }
    Result<CaInitResult> createRootCa(const Session& by, const QString& caCode, const CaKeySpec& key, int validityYears,
                                      const QString& organisation = {}) {
        return CaSetup(m_reg).createRootCa(by, caCode, key, validityYears, organisation);
    }
    Result<CaInitResult> createSubordinateCa(const Session& by, const QString& caCode, const CaKeySpec& key,
                                             const QString& organisation = {}) {
        return CaSetup(m_reg).createSubordinateCa(by, caCode, key, organisation);
    }
    Result<CaInitResult> importCaCertificate(const Session& by, const QString& caCode, const QByteArray& certificate) {
        return CaSetup(m_reg).importCaCertificate(by, caCode, certificate);
    }

    // ---- Issuance ----
    Result<IssueResult> issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                     const pki::SecretSource& caKeySecret, const IssueOptions& options = {}) {
        return Issuance(m_reg).issueFromCsr(by, applicationId, csr, caKeySecret, options);
    }
    Result<BatchResult> issueBatchFromCsrs(const Session& by, const std::vector<BatchItem>& items,
                                           const pki::SecretSource& caKeySecret, const BatchOptions& options = {},
                                           const BatchCommitted& onCommitted = {}) {
        return Issuance(m_reg).issueBatchFromCsrs(by, items, caKeySecret, options, onCommitted);
    }
    Result<IssueResult> issueWithGeneratedKey(const Session& by, qint64 applicationId, const KeyOnMedia& media,
                                              const pki::SecretSource& caKeySecret, const IssueOptions& options = {}) {
        return Issuance(m_reg).issueWithGeneratedKey(by, applicationId, media, caKeySecret, options);
    }
    Result<QStringList> profilesFor(qint64 applicationId, int personIndex = -1) {
        return Issuance(m_reg).profilesFor(applicationId, personIndex);
    }

    // ---- Revocations ----
    Status revoke(const Session& by, const RevokeRequest& request, RevokeOutcome* outcome = nullptr) {
        return Revocations(m_reg).revoke(by, request, outcome);
    }
    Status release(const Session& by, const ReleaseRequest& request) { return Revocations(m_reg).release(by, request); }
    Result<FormRevocationResult> revokeFromApplication(const Session& by, qint64 applicationId,
                                                       const std::optional<pki::SecretSource>& caKeySecret = {}) {
        return Revocations(m_reg).revokeFromApplication(by, applicationId, caKeySecret);
    }
    Result<SignedRevocationResult> revokeSigned(const Session& by, const QByteArray& cms, const QString& caCode = {},
                                                const std::optional<pki::SecretSource>& caKeySecret = {}) {
        return Revocations(m_reg).revokeSigned(by, cms, caCode, caKeySecret);
    }

    // ---- CrlPublisher ----
    Result<CrlPublication> publishCrl(const Session& by, const QString& caCode, const QString& outDir, bool delta,
                                      const pki::SecretSource& caKeySecret, bool newFolder = false,
                                      const CrlRunControl* control = nullptr) {
        return CrlPublisher(m_reg).publish(by, caCode, outDir, delta, caKeySecret, newFolder, control);
    }
    Result<std::optional<quint64>> crlFolderNewToCa(const Session& by, const QString& caCode, const QString& outDir) {
        return CrlPublisher(m_reg).folderNewToCa(by, caCode, outDir);
    }
    Result<CrlStatus> crlStatus(const Session& by, const QString& caCode) {
        return CrlPublisher(m_reg).status(by, caCode);
    }

    // ---- CertificateQueries ----
    Result<QList<CertificateRecord>> certificates(const Session& by, const CertificateFilter& filter) {
        return CertificateQueries(m_reg).certificates(by, filter);
    }
    Result<CertificateRecord> certificate(const Session& by, const QString& caCode, const QString& serial) {
        return CertificateQueries(m_reg).certificate(by, caCode, serial);
    }
    Result<QByteArray> caCertificate(const Session& by, const QString& caCode) {
        return CertificateQueries(m_reg).caCertificate(by, caCode);
    }

    // ---- CaKeyBackup ----
    Result<KeyBackupResult> backupKey(const Session& by, const QString& caCode, const QString& outDir, int shares,
                                      int threshold, const QList<KeyCustodian>& custodians,
                                      const pki::SecretSource& caKeySecret) {
        return CaKeyBackup(m_reg).backupKey(by, caCode, outDir, shares, threshold, custodians, caKeySecret);
    }
    Result<KeyRestoreResult> restoreKey(const Session& by, const QString& caCode, const QString& backupFile,
                                        const QStringList& shareFiles, const QString& keyOut,
                                        const pki::SecretSource& newPassphrase, bool activate = false) {
        return CaKeyBackup(m_reg).restoreKey(by, caCode, backupFile, shareFiles, keyOut, newPassphrase, activate);
    }
    Result<QList<KeyBackupResult>> keyBackups(const Session& by, const QString& caCode) {
        return CaKeyBackup(m_reg).backups(by, caCode);
    }
    Result<KeyBackupResult> keyBackup(const Session& by, const QString& caCode, const QString& backupId) {
        return CaKeyBackup(m_reg).backup(by, caCode, backupId);
    }

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
