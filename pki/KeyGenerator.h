#pragma once
// Key pairs the CA issues for and accepts: RSA 2048/3072/4096 and ECDSA on P-256/P-384. The same
// rules (pki/KeyPolicy.h) judge a holder's CSR key, a generated key and the CA's own key.

#include "pki/KeyAlgorithm.h"
#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tirkeu::pki {

class KeyGenerator {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::KeyGenerator)
public:
    static QList<KeyAlgorithm> algorithms();
    // "rsa2048", "rsa3072", "rsa4096", "p256", "p384" (case-insensitive) and back.
    static Result<KeyAlgorithm> parse(const QString& name);
    static QString name(KeyAlgorithm algorithm);
    // "RSA 2048", "ECDSA P-256".
    static QString describe(KeyAlgorithm algorithm);
    // Any key, for messages: "RSA 1024", "ECDSA secp256k1", "ED25519".
    static QString describe(const EVP_PKEY* key);
    // The algorithm of an existing key (file, token or CSR); an error for anything outside the list.
    static Result<KeyAlgorithm> algorithmOf(const EVP_PKEY* key);

    static Result<EvpPkeyPtr> generate(KeyAlgorithm algorithm);

    // KeyPolicy::check (RSA 2048-8192 bits with e = 65537, ECDSA on named P-256/P-384); the error says
    // why not.
    static Status checkStrength(const EVP_PKEY* key);
};

} // namespace tirkeu::pki
