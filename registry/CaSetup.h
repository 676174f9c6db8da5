#pragma once
// Setting up a CA: a self-signed root, or a subordinate CA's key and request and, later, the
// certificate its parent issued (checked against the pending key and, when the parent is in this
// register, against the parent's signature); a new key or an existing one (encrypted file, token).

#include "pki/KeyAlgorithm.h"
#include "pki/SecretSource.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tirkeu::registry {

class Register;

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

class CaSetup {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit CaSetup(Register& reg)
        : m_reg(reg) {}

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

private:
    Result<CaInitResult> setUpCaKey(const Session& by, const QString& caCode, const CaKeySpec& key, bool root,
                                    int validityYears, const QString& organisation);
    Register& m_reg;
};

} // namespace tirkeu::registry
