#include "pki/Pkcs12.h"

#include "pki/CaKey.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/pkcs12.h>

namespace tirkeu::pki {

namespace {

constexpr qint64 kMaxPkcs12Bytes = 4 * 1024 * 1024;

// True when the error queue holds PKCS#12's "mac verify failure" (wrong password); clears the queue.
bool macFailed() {
    bool found = false;
    while (const unsigned long e = ERR_get_error()) {
        if (ERR_GET_LIB(e) == ERR_LIB_PKCS12 && ERR_GET_REASON(e) == PKCS12_R_MAC_VERIFY_FAILURE)
            found = true;
    }
    return found;
}

} // namespace

Result<QByteArray> Pkcs12::create(EVP_PKEY* key, X509* certificate, const std::vector<X509*>& chain,
                                  const QString& friendlyName, const QString& password, int iterations) {
    if (!key || !certificate)
        return makeError(ErrorCode::Crypto, tr("A PKCS#12 file needs a private key and its certificate."));
    if (password.isEmpty())
        return makeError(ErrorCode::Usage, tr("A PKCS#12 file needs a password."));
    // Below the minimum only the cheap count of a test program (KdfPolicy).
    if (iterations < kMinIterations && !(KdfPolicy::cheap() && iterations == KdfPolicy::pkcs12Iterations()))
        return makeError(ErrorCode::Usage,
                         tr("%1 PBKDF2 iterations are too few; at least %2.").arg(iterations).arg(kMinIterations));
    if (X509_check_private_key(certificate, key) != 1) {
        opensslErrors();
        return makeError(ErrorCode::Crypto, tr("The private key does not belong to the certificate."));
    }
    X509StackPtr cas(sk_X509_new_null());
    if (!cas)
        return makeError(ErrorCode::Crypto, tr("Out of memory."));
    for (X509* ca : chain) {
        if (!ca || X509_up_ref(ca) != 1)
            return makeError(ErrorCode::Crypto, tr("Invalid CA certificate in the chain."));
        if (sk_X509_push(cas.get(), ca) <= 0) {
            X509Ptr dropped(ca); // the reference taken just above
            return makeError(ErrorCode::Crypto, tr("Out of memory."));
        }
    }

    QByteArray pass = password.toUtf8();
    const QByteArray name = friendlyName.toUtf8(); // PKCS12_add_friendlyname_utf8 stores it as BMPString
    // mac_iter -1: no MAC yet; PKCS12_create_ex would use SHA-1, so the MAC is set below with SHA-256.
    Pkcs12Ptr p12(PKCS12_create_ex(pass.constData(), name.isEmpty() ? nullptr : name.constData(), key, certificate,
                                   cas.get(), NID_aes_256_cbc, NID_aes_256_cbc, iterations, -1, 0, nullptr, nullptr));
    const bool macOk =
        p12 && PKCS12_set_mac(p12.get(), pass.constData(), int(pass.size()), nullptr, 0, iterations, EVP_sha256()) == 1;
    cleanse(pass);
    if (!p12 || !macOk)
        return makeError(ErrorCode::Crypto, tr("Cannot build the PKCS#12 file: %1").arg(opensslErrors()));
    const QByteArray der = toDer(p12.get(), i2d_PKCS12);
    if (der.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Cannot encode the PKCS#12 file: %1").arg(opensslErrors()));
    return der;
}

Status Pkcs12::write(const QString& path, EVP_PKEY* key, X509* certificate, const std::vector<X509*>& chain,
                     const QString& friendlyName, const QString& password, int iterations) {
    Result<QByteArray> der = create(key, certificate, chain, friendlyName, password, iterations);
    if (!der)
        return der.error();
    return CaKey::writePrivateFile(path, *der);
}

Result<Pkcs12::Contents> Pkcs12::parse(const QByteArray& der, const QString& password) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, long(der.size())));
    if (!p12)
        return makeError(ErrorCode::Invalid, tr("Not a PKCS#12 file: %1").arg(opensslErrors()));
    if (PKCS12_mac_present(p12.get()) != 1)
        return makeError(ErrorCode::Invalid, tr("The PKCS#12 file has no integrity MAC; it is not accepted."));
    QByteArray pass = password.toUtf8();
    EVP_PKEY* rawKey = nullptr;
    X509* rawCert = nullptr;
    STACK_OF(X509)* rawCas = nullptr;
    // PKCS12_parse verifies the MAC with the password before decrypting anything.
    const int parsed = PKCS12_parse(p12.get(), pass.constData(), &rawKey, &rawCert, &rawCas);
    cleanse(pass);
    // Owned from here on, whatever PKCS12_parse returned.
    Contents contents{EvpPkeyPtr(rawKey), X509Ptr(rawCert), {}, {}};
    X509StackPtr cas(rawCas);
    if (parsed != 1 && macFailed())
        return makeError(ErrorCode::Crypto, tr("Wrong password, or the PKCS#12 file is damaged."));
    if (parsed != 1 || !contents.key || !contents.certificate)
        return makeError(ErrorCode::Crypto, tr("Cannot read the PKCS#12 contents: %1").arg(opensslErrors()));
    while (cas && sk_X509_num(cas.get()) > 0)
        contents.chain.emplace_back(sk_X509_shift(cas.get()));
    // PKCS12_parse hands the bag's friendly name over as the certificate's alias (UTF-8).
    int aliasLength = 0;
    if (const unsigned char* alias = X509_alias_get0(contents.certificate.get(), &aliasLength))
        contents.friendlyName = QString::fromUtf8(reinterpret_cast<const char*>(alias), aliasLength);
    return contents;
}

Result<Pkcs12::Contents> Pkcs12::read(const QString& path, const QString& password) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(path, file.errorString()));
    return parse(file.read(kMaxPkcs12Bytes), password);
}

} // namespace tirkeu::pki
