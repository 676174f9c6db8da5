#include "pki/SignatureAlgorithm.h"

#include <openssl/objects.h>

namespace tirkeu::pki {

const EVP_MD* SignatureAlgorithm::digestFor(EVP_PKEY* key) {
    if (!key)
        return nullptr;
    if (EVP_PKEY_is_a(key, "EC"))
        return EVP_PKEY_get_bits(key) >= 384 ? EVP_sha384() : EVP_sha256();
    if (EVP_PKEY_is_a(key, "RSA"))
        return EVP_sha256();
    return nullptr;
}

Result<QByteArray> SignatureAlgorithm::algorithmIdentifierDer(EVP_PKEY* key) {
    const EVP_MD* md = digestFor(key);
    int sigNid = NID_undef;
    if (!md || OBJ_find_sigid_by_algs(&sigNid, EVP_MD_get_type(md), EVP_PKEY_get_base_id(key)) != 1)
        return makeError(ErrorCode::Crypto, tr("The CA key must be an RSA or EC key."));
    X509AlgorPtr algorithm(X509_ALGOR_new());
    if (!algorithm || X509_ALGOR_set0(algorithm.get(), OBJ_nid2obj(sigNid),
                                      EVP_PKEY_is_a(key, "RSA") ? V_ASN1_NULL : V_ASN1_UNDEF, nullptr) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot build the signature algorithm: %1").arg(opensslErrors()));
    QByteArray der = toDer(algorithm.get(), i2d_X509_ALGOR);
    if (der.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Cannot build the signature algorithm: %1").arg(opensslErrors()));
    return der;
}

Result<QByteArray> SignatureAlgorithm::sign(EVP_PKEY* key, const unsigned char* data, size_t size) {
    const EVP_MD* md = digestFor(key);
    if (!md)
        return makeError(ErrorCode::Crypto, tr("The CA key must be an RSA or EC key."));
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    size_t sigLen = 0;
    // Update + Final rather than one-shot EVP_DigestSign: legacy engine keys (PKCS#11) support both.
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1 ||
        EVP_DigestSignUpdate(ctx.get(), data, size) != 1 || EVP_DigestSignFinal(ctx.get(), nullptr, &sigLen) != 1)
        return makeError(ErrorCode::Crypto, tr("Signing failed: %1").arg(opensslErrors()));
    QByteArray signature(qsizetype(sigLen), Qt::Uninitialized);
    if (EVP_DigestSignFinal(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &sigLen) != 1)
        return makeError(ErrorCode::Crypto, tr("Signing failed: %1").arg(opensslErrors()));
    signature.resize(qsizetype(sigLen));
    return signature;
}

} // namespace tirkeu::pki
