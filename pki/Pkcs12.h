#pragma once
// A holder's key and certificate as a PKCS#12 file. Both the key bag and the certificate bag are
// encrypted with PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC) and the file MAC uses SHA-256, instead
// of OpenSSL's legacy RC2/3DES and SHA-1 defaults. The friendly name is stored as a BMPString
// converted from UTF-8, so Kazakh names survive (read back as UTF-8).

#include "pki/KdfPolicy.h"
#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace tirkeu::pki {

class Pkcs12 {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Pkcs12)
public:
    static constexpr int kMinIterations = 200000;
    static constexpr int kDefaultIterations = KdfPolicy::kPkcs12Iterations;

    struct Contents {
        EvpPkeyPtr key;
        X509Ptr certificate;
        std::vector<X509Ptr> chain; // CA certificates, as stored
        QString friendlyName;
    };

    // DER of the PKCS#12. The key must match the certificate; chain may be empty.
    static Result<QByteArray> create(EVP_PKEY* key, X509* certificate, const std::vector<X509*>& chain,
                                     const QString& friendlyName, const QString& password,
                                     int iterations = KdfPolicy::pkcs12Iterations());
    // create, then written 0600 atomically (CaKey::writePrivateFile); never overwrites.
    static Status write(const QString& path, EVP_PKEY* key, X509* certificate, const std::vector<X509*>& chain,
                        const QString& friendlyName, const QString& password,
                        int iterations = KdfPolicy::pkcs12Iterations());

    // Verifies the MAC with the password, then decrypts. A wrong password is an error.
    static Result<Contents> parse(const QByteArray& der, const QString& password);
    static Result<Contents> read(const QString& path, const QString& password);
};

} // namespace tirkeu::pki
