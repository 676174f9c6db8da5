#pragma once
// The paper copy of an issued certificate: NCA-CERT (National CA, App. 3), GOV-CERT (Government
// Bodies CA, App. 2) or ROOT-CERT (Root CA, App. 2), chosen by the issuing CA's kind. Printed from the
// certificate as stored in the register: the algorithms actually used, not the ones the 2010 form names.

#include "reports/Pdf.h"

#include "registry/Roles.h"

#include <QCoreApplication>

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::reports {

class CertificatePrint {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::CertificatePrint)
public:
    // caCode may be empty when the serial is unique in the register. Needs ViewRegister.
    static Result<FlowSpec> build(registry::Register& reg, const registry::Session& by, const QString& caCode,
                                  const QString& serial);
    static Status save(registry::Register& reg, const registry::Session& by, const QString& caCode,
                       const QString& serial, const QString& path);

    // The subjectPublicKey bits of a DER certificate, hex (read with a small DER walker: no crypto).
    static QByteArray publicKeyBits(const QByteArray& certificateDer);
    // The algorithm as the paper form names it, from what the certificate really uses: "RSA 2048 / SHA-256",
    // "ECDSA P-256 / SHA-256" (key of the signer, digest of the signature algorithm). Seed 002's forms
    // print GOST 34.310-2004 / 34.311-95; OpenSSL 3 on Debian has no GOST (README, Cryptography).
    static QString algorithmText(const QString& keyDescription, const QString& signatureAlgorithm);
    // "CN=A,O=B\, C" -> [("CN","A"), ("O","B, C")]
    static QList<QPair<QString, QString>> splitDn(const QString& dn);
};

} // namespace tirkeu::reports
