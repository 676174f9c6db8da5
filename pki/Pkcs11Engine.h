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

#include <memory>

namespace tirkeu::pki {

// A functional reference to the process's one pkcs11 engine of a PKCS#11 module: ENGINE_init when the
// first key of that module is loaded, ENGINE_finish and ENGINE_free when the last holder lets go. Every
// key from the module holds one, so one libp11 context (one C_Initialize / C_Finalize of the module)
// serves all the token keys a process has open at once — a CA key and its OCSP signer's key, say:
// a second engine on the same module would finalise the module under the first one's keys. Declared
// without the deprecated ENGINE functions, which Pkcs11Engine.cpp alone names.
using EngineRef = std::shared_ptr<ENGINE>;

// A private key on a token. The engine keeps the module and the logged-in session alive; it is
// declared first so it is released after the key.
struct Pkcs11Key {
    EngineRef engine;
    EvpPkeyPtr key;
};

class Pkcs11Engine {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Pkcs11Engine)
public:
    static constexpr const char16_t* kDefaultModule = u"/usr/lib/softhsm/libsofthsm2.so";
    // $TIRKEU_PKCS11_MODULE, or SoftHSM2's module.
    static QString modulePath();
    // Takes the process's engine on `module` (loading and initialising it when no key holds it), logs
    // in with `pin` and loads the private key the RFC 7512 URI names ("pkcs11:token=…;object=…";
    // ";type=private" is added when missing). PKCS#11 login state is per process: while one key of a
    // token is open, the token stays logged in. Thread-safe.
    // libp11 0.4.12 (Debian 12) must never see a copy of the key it returned: EVP_PKEY_dup of a token EC
    // key shares libp11's key object, and freeing the copy makes ENGINE_finish crash (SIGSEGV) when the
    // engine is released; work on a public copy (KeyPolicy::publicCopy) instead.
    static Result<Pkcs11Key> loadPrivateKey(const QString& uri, const QString& pin, const QString& module);
};

} // namespace tirkeu::pki
