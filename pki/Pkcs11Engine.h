#pragma once
// CaKey's access to PKCS#11 tokens and HSMs. Debian 12 ships libp11's OpenSSL ENGINE
// (libengine-pkcs11-openssl) but no OpenSSL 3 pkcs11 provider, so this goes through the deprecated
// ENGINE API, confined to Pkcs11Engine.cpp. A provider (pkcs11-provider with OSSL_STORE "pkcs11:"
// URIs) can later replace that one file; callers only see an EVP_PKEY.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

#include <openssl/types.h>

namespace tirkeu::pki {

// Releases a functional ENGINE reference (ENGINE_finish, then ENGINE_free). Defined in
// Pkcs11Engine.cpp rather than as an Ossl.h alias, because naming the deprecated ENGINE functions in
// a header would raise deprecation warnings (errors) in every file that includes it.
struct EngineDeleter {
    void operator()(ENGINE* engine) const;
};
using EnginePtr = std::unique_ptr<ENGINE, EngineDeleter>;

// A private key on a token. The engine keeps the module and the logged-in session alive; it is
// declared first so it is destroyed after the key.
struct Pkcs11Key {
    EnginePtr engine;
    EvpPkeyPtr key;
};

class Pkcs11Engine {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Pkcs11Engine)
public:
    static constexpr const char16_t* kDefaultModule = u"/usr/lib/softhsm/libsofthsm2.so";
    // $TIRKEU_PKCS11_MODULE, or SoftHSM2's module.
    static QString modulePath();
    // Loads the engine on `module`, logs in with `pin` and loads the private key the RFC 7512 URI
    // names ("pkcs11:token=…;object=…"; ";type=private" is added when missing). PKCS#11 login
    // state is per process: while one key of a token is open, the token stays logged in.
    static Result<Pkcs11Key> loadPrivateKey(const QString& uri, const QString& pin, const QString& module);
};

} // namespace tirkeu::pki
