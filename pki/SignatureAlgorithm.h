#pragma once
// How the CA key signs certificates, CRLs and requests: SHA-384 for P-384 keys, SHA-256 otherwise;
// RSA PKCS#1 v1.5 or ECDSA by key type. Works with any EVP_PKEY, a file key or a PKCS#11 engine key.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>

namespace tirkeu::pki {

class SignatureAlgorithm {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::SignatureAlgorithm)
public:
    // Null for a key that is neither RSA nor EC.
    static const EVP_MD* digestFor(EVP_PKEY* key);
    // DER of the AlgorithmIdentifier that goes with digestFor(key): sha256WithRSAEncryption + NULL,
    // ecdsa-with-SHA256/384 without parameters (what X509_sign writes for the same key).
    static Result<QByteArray> algorithmIdentifierDer(EVP_PKEY* key);
    // The raw signature over `data` (EVP_DigestSign), as it goes into the BIT STRING.
    static Result<QByteArray> sign(EVP_PKEY* key, const unsigned char* data, size_t size);
};

} // namespace tirkeu::pki
