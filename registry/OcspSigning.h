#pragma once
// The delegated OCSP signing certificate of a CA (RFC 6960 4.2.2.2): the CA issues it to itself for
// a separate key (a new encrypted PKCS#8 file, or an existing key file or PKCS#11 token object), with
// id-kp-OCSPSigning and id-pkix-ocsp-nocheck and a short validity (30 days by default). It is
// recorded in the register like any certificate of the CA (profile "ocsp_signing"), with an audit
// event, so the responder (tirkeu-ocsp) finds the newest one and the CRLs can revoke it. Renewal
// certifies the same key again when the newest certificate is within N days of its expiry (the
// scheduled job runs it). Needs the PublishCrl permission (officers and administrators).

#include "pki/KeyAlgorithm.h"
#include "pki/SecretSource.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tirkeu::registry {

class Register;

struct OcspSignerRequest {
    QString caCode;
    int days = 30;
    // A new key (written encrypted to keyOut, never overwriting a file) ...
    QString keyOut;
    pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::EcP256;
    QString passphrase;
    // ... or an existing key ("file:/path", a path, or "pkcs11:token=…;object=…") opened with keySecret.
    QString existingKeyUri;
    pki::SecretSource keySecret;
    pki::SecretSource caKeySecret;
};

struct OcspSignerResult {
    bool issued = false; // renew: false when the current certificate is not due yet
    QString caCode;
    QString serialHex;
    QByteArray der;
    QDateTime notBefore;
    QDateTime notAfter;
    QString keyUri;      // init only
    QString fingerprint; // SHA-256 of the signer public key (init only)
};

class OcspSigning {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::OcspSigning)
public:
    static constexpr int kMaxDays = 366;
    explicit OcspSigning(Register& reg)
        : m_reg(reg) {}

    Result<OcspSignerResult> init(const Session& by, const OcspSignerRequest& request);
    // A new certificate for the key of the newest OCSP signing certificate when it expires within
    // withinDays (or force); otherwise nothing is issued (issued = false, the current one described).
    Result<OcspSignerResult> renew(const Session& by, const QString& caCode, const pki::SecretSource& caKeySecret,
                                   int days, int withinDays, bool force = false);

private:
    Result<OcspSignerResult> record(const Session& by, qint64 caId, const QString& caCode, const QString& caKind,
                                    const QByteArray& der, const QString& event, const QJsonObject& details);
    Register& m_reg;
};

} // namespace tirkeu::registry
