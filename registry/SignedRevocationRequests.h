#pragma once
// The holder's electronic revocation application (National CA rule): CMS SignedData (DER or PEM)
// whose content is {"form": "NCA-REVOKE-IND" | "NCA-REVOKE-LEGAL", "data": {form fields}}, signed with
// a certificate of this register that is valid now and not revoked, by the holder of the certificate
// it asks to revoke (same IIN; same BIN for legal entities). This class only checks a request and says
// what it asks; Revocations::revokeSigned carries it out.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>

namespace tirkeu::registry {

class Register;

struct VerifiedRevocationRequest {
    QString caCode; // the CA that issued the signer's certificate (and the one to revoke)
    QString formCode;
    QJsonObject data; // the form's fields, as signed
    QString targetSerial;
    int reasonCode = 0;
    QString signerSerial;
    QString holder; // IIN, or BIN for a legal entity
    QString cmsSha256;
    QDateTime signingTime; // invalid when the signature carries none
};

class SignedRevocationRequests {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit SignedRevocationRequests(Register& reg)
        : m_reg(reg) {}

    static constexpr qsizetype kMaxBytes = 1024 * 1024;

    // Checks the signature, the form, the signer's certificate (issued by `caCode`, or any CA of the
    // register when empty; valid now; not revoked) and that the certificate to revoke is the signer's
    // and still valid. Reads only; anything wrong is refused with its reason.
    Result<VerifiedRevocationRequest> verify(const QByteArray& cms, const QString& caCode = {});

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
