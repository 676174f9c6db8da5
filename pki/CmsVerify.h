#pragma once
// Verifies a CMS / PKCS#7 SignedData with attached content, e.g. a revocation application that a
// holder signed with the certificate to be revoked. The signature is checked here; whether the signer
// may ask (issued by this CA, valid, not revoked, same IIN/BIN) is the caller's decision, helped by
// verifyIssuedBy().

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tirkeu::pki {

struct SignedContent {
    QByteArray content;       // the signed bytes (e.g. the application's JSON)
    QByteArray signerCertDer; // the signer's certificate, from the SignedData
    QDateTime signingTime;    // signingTime attribute (UTC); invalid when absent
};

class CmsVerify {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CmsVerify)
public:
    // DER or PEM ("CMS" / "PKCS7"). Requires SignedData, attached content, exactly one signer whose
    // certificate is included, and a valid signature over the content (the chain is not judged).
    static Result<SignedContent> verify(const QByteArray& pemOrDer);

    // The signer certificate (DER or PEM) was issued by the CA certificate: names and key identifiers
    // match, its signature verifies with the CA's public key, and `atTime` lies in its validity period.
    static Status verifyIssuedBy(const QByteArray& signerCert, const QByteArray& caCert, const QDateTime& atTime);
};

} // namespace tirkeu::pki
