#pragma once
// The one signer interface for a CA private key, wherever the key lives: an encrypted PKCS#8 PEM
// file ("file:/path/key.p8" or a bare path) or a PKCS#11 token / HSM ("pkcs11:token=…;object=…").
// Certificate and CRL code takes pkey() straight into X509_sign / X509_CRL_sign /
// EVP_DigestSignInit; only this class knows where the key came from. The CA key is never written
// in clear: the only writer here encrypts it (scrypt + AES-256-CBC).

#include "pki/KdfPolicy.h"
#include "pki/KeyGenerator.h"
#include "pki/Ossl.h"
#include "pki/Pkcs11Engine.h"
#include "pki/Result.h"
#include "pki/SecretSource.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>

namespace tirkeu::pki {

class CaKey {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CaKey)
    struct Token { // private: only open() and fromPrivateKey() make a CaKey
        explicit Token() = default;
    };

public:
    enum class Store { File, Pkcs11, Memory };

    // uri: "file:/path", a bare path, or "pkcs11:token=…;object=…" (module from
    // $TIRKEU_PKCS11_MODULE, default SoftHSM2). The secret is the file's passphrase or the token PIN.
    // Refuses unencrypted key files and keys weaker than KeyGenerator::checkStrength allows.
    static Result<std::unique_ptr<CaKey>> open(const QString& uri, const SecretSource& secret);
    // A key held in memory only (freshly generated, restored from backup, or in tests).
    static Result<std::unique_ptr<CaKey>> fromPrivateKey(EvpPkeyPtr key);

    explicit CaKey(Token) {}
    ~CaKey();
    CaKey(const CaKey&) = delete;
    CaKey& operator=(const CaKey&) = delete;

    // Owned by this object; valid while it lives. Usable with X509_sign, X509_CRL_sign,
    // EVP_DigestSignInit, X509_check_private_key (digest: SignatureAlgorithm::digestFor).
    EVP_PKEY* pkey() const { return m_pkey.get(); }
    QString uri() const { return m_uri; }
    Store store() const { return m_store; }
    KeyAlgorithm algorithm() const { return m_algorithm; }
    QString description() const { return KeyGenerator::describe(m_algorithm); }
    // SubjectPublicKeyInfo DER, and its SHA-256 in hex (the key's fingerprint in backups and logs).
    QByteArray publicKeyDer() const;
    QString fingerprint() const;

    // The PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2: scrypt + AES-256-CBC) of `key`.
    static Result<QByteArray> encryptPkcs8(const EVP_PKEY* key, const QString& passphrase,
                                           KdfCost cost = KdfPolicy::keyFileCost());
    static Result<EvpPkeyPtr> decryptPkcs8(const QByteArray& pem, const QString& passphrase);
    // The PKCS#8 structure of a key whose private half is really in memory (decoded again and
    // pairwise-checked), for encrypting it. Token keys are refused, including EC keys for which the
    // engine fills in a placeholder private value.
    static Result<Pkcs8PrivKeyInfoPtr> exportPkcs8(const EVP_PKEY* key);
    // encryptPkcs8, written with writePrivateFile. Never overwrites an existing file.
    static Status writeEncryptedPkcs8(const EVP_PKEY* key, const QString& path, const QString& passphrase,
                                      KdfCost cost = KdfPolicy::keyFileCost());
    // Writes key material (already encrypted) atomically: a 0600 temporary file in the target
    // folder, fsync, rename onto `path`, fsync of the folder. Refuses to replace an existing file.
    static Status writePrivateFile(const QString& path, const QByteArray& bytes);

    static QString fingerprintOf(const EVP_PKEY* key);

private:
    static Result<std::unique_ptr<CaKey>> make(EngineRef engine, EvpPkeyPtr key, Store store, const QString& uri);

    QString m_uri;
    Store m_store = Store::File;
    KeyAlgorithm m_algorithm = KeyAlgorithm::Rsa2048;
    EngineRef m_engine; // PKCS#11 keys only (shared by the module's keys); declared before m_pkey: released after it
    EvpPkeyPtr m_pkey;
};

} // namespace tirkeu::pki
