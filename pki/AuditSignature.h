#pragma once
// Signatures of the audit chain's daily anchors (issue 12): made with the audit signing key (an
// encrypted PKCS#8 file or a PKCS#11 key, opened with CaKey, never a CA key) and checked against the
// key's SubjectPublicKeyInfo alone, so a verifier needs nothing but the public key the administrator
// kept when the key was set up. RSA PKCS#1 v1.5 or ECDSA, digest as SignatureAlgorithm::digestFor.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>

namespace tirkeu::pki {

class AuditSignature {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::AuditSignature)
public:
    static Result<QByteArray> sign(EVP_PKEY* key, const QByteArray& data);
    // Ok when `signature` over `data` verifies with the public key `spkiDer` (DER SubjectPublicKeyInfo).
    static Status verify(const QByteArray& spkiDer, const QByteArray& data, const QByteArray& signature);
    // SHA-256 (hex) of the DER SubjectPublicKeyInfo: how a key is named in anchors and messages.
    static QString fingerprint(const QByteArray& spkiDer);
    // DER SubjectPublicKeyInfo from a PEM "PUBLIC KEY" or DER file's bytes; an error for anything else.
    static Result<QByteArray> publicKeyFromFile(const QByteArray& pemOrDer);
    static QByteArray publicKeyPem(const QByteArray& spkiDer);
};

} // namespace tirkeu::pki
