#include "pki/AuditSignature.h"

#include "pki/SignatureAlgorithm.h"

#include <QCryptographicHash>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace tirkeu::pki {

Result<QByteArray> AuditSignature::sign(EVP_PKEY* key, const QByteArray& data) {
    return SignatureAlgorithm::sign(key, reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()));
}

Status AuditSignature::verify(const QByteArray& spkiDer, const QByteArray& data, const QByteArray& signature) {
    const auto* p = reinterpret_cast<const unsigned char*>(spkiDer.constData());
    EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, long(spkiDer.size())));
    if (!key)
        return makeError(ErrorCode::Crypto, tr("The audit public key cannot be read: %1").arg(opensslErrors()));
    const EVP_MD* md = SignatureAlgorithm::digestFor(key.get());
    if (!md)
        return makeError(ErrorCode::Crypto, tr("The audit key must be an RSA or EC key."));
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1 ||
        EVP_DigestVerifyUpdate(ctx.get(), data.constData(), size_t(data.size())) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot check the signature: %1").arg(opensslErrors()));
    const int ok = EVP_DigestVerifyFinal(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
                                         size_t(signature.size()));
    ERR_clear_error();
    if (ok != 1)
        return makeError(ErrorCode::Integrity, tr("The signature does not verify with the audit key."));
    return {};
}

QString AuditSignature::fingerprint(const QByteArray& spkiDer) {
    return QString::fromLatin1(QCryptographicHash::hash(spkiDer, QCryptographicHash::Sha256).toHex());
}

Result<QByteArray> AuditSignature::publicKeyFromFile(const QByteArray& pemOrDer) {
    EvpPkeyPtr key;
    if (pemOrDer.contains("-----BEGIN")) {
        BioPtr bio = memoryBio(pemOrDer);
        key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(pemOrDer.constData());
        key.reset(d2i_PUBKEY(nullptr, &p, long(pemOrDer.size())));
    }
    if (!key) {
        ERR_clear_error();
        return makeError(ErrorCode::Invalid, tr("This is not a public key (PEM \"PUBLIC KEY\" or DER)."));
    }
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key.get(), &der);
    if (len <= 0)
        return makeError(ErrorCode::Crypto, tr("Cannot encode the public key: %1").arg(opensslErrors()));
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    return out;
}

QByteArray AuditSignature::publicKeyPem(const QByteArray& spkiDer) {
    QByteArray out = "-----BEGIN PUBLIC KEY-----\n";
    const QByteArray b64 = spkiDer.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64)
        out += b64.mid(i, 64) + '\n';
    out += "-----END PUBLIC KEY-----\n";
    return out;
}

} // namespace tirkeu::pki
