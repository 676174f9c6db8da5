#include "pki/Pkcs11Engine.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <mutex>

#include <openssl/engine.h>

// The ENGINE API is deprecated in OpenSSL 3 and the project builds with -Werror. This file is the
// only user; replace it with a PKCS#11 provider (OSSL_STORE) once Debian ships one.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace tirkeu::pki {

namespace {

// A structural reference only (from ENGINE_by_id, before ENGINE_init).
struct StructuralEngineDeleter {
    void operator()(ENGINE* engine) const { ENGINE_free(engine); }
};
using StructuralEnginePtr = std::unique_ptr<ENGINE, StructuralEngineDeleter>;

bool control(ENGINE* engine, const char* command, const QByteArray& value) {
    return ENGINE_ctrl_cmd_string(engine, command, value.constData(), 0) == 1;
}

// The engines in use, by module path. Recursive: the last reference may go while loadPrivateKey holds
// the lock (a key that failed to load), and releasing it takes the lock again.
std::recursive_mutex& enginesLock() {
    static std::recursive_mutex lock;
    return lock;
}

QHash<QString, std::weak_ptr<ENGINE>>& engines() {
    static QHash<QString, std::weak_ptr<ENGINE>> byModule;
    return byModule;
}

// The last holder's release: ENGINE_finish for ENGINE_init's functional reference (libp11 logs out and
// finalises the module), ENGINE_free for ENGINE_by_id's structural one.
void releaseEngine(ENGINE* engine) {
    std::lock_guard<std::recursive_mutex> lock(enginesLock());
    ENGINE_finish(engine);
    ENGINE_free(engine);
}

} // namespace

QString Pkcs11Engine::modulePath() {
    const QString fromEnv = qEnvironmentVariable("TIRKEU_PKCS11_MODULE");
    return fromEnv.isEmpty() ? QString::fromUtf16(kDefaultModule) : fromEnv;
}

Result<Pkcs11Key> Pkcs11Engine::loadPrivateKey(const QString& uri, const QString& pin, const QString& module) {
    if (!uri.startsWith(u"pkcs11:"))
        return makeError(ErrorCode::Usage, tr("\"%1\" is not a PKCS#11 URI.").arg(uri));
    if (uri.contains(u"pin-value=") || uri.contains(u"pin-source="))
        return makeError(ErrorCode::Usage,
                         tr("The PKCS#11 URI must not carry the PIN; give it from a prompt, a file or a variable."));
    if (!QFileInfo::exists(module))
        return makeError(ErrorCode::NotFound,
                         tr("The PKCS#11 module %1 does not exist (set TIRKEU_PKCS11_MODULE).").arg(module));

    std::lock_guard<std::recursive_mutex> lock(enginesLock());
    EngineRef engine = engines().value(module).lock();
    if (!engine) {
        StructuralEnginePtr loaded(ENGINE_by_id("pkcs11"));
        if (!loaded)
            return makeError(ErrorCode::Crypto,
                             tr("The OpenSSL pkcs11 engine is not available (install libengine-pkcs11-openssl): %1")
                                 .arg(opensslErrors()));
        // The module must be set before ENGINE_init; the engine copies the string.
        if (!control(loaded.get(), "MODULE_PATH", QFile::encodeName(module)))
            return makeError(ErrorCode::Crypto, tr("Cannot configure the pkcs11 engine: %1").arg(opensslErrors()));
        if (ENGINE_init(loaded.get()) != 1)
            return makeError(ErrorCode::Crypto,
                             tr("Cannot initialise the pkcs11 engine with %1: %2").arg(module, opensslErrors()));
        engine = EngineRef(loaded.release(), releaseEngine); // now also a functional reference
        engines().insert(module, engine);
    }
    // This token's PIN, for the login ENGINE_load_private_key does (the engine copies it).
    QByteArray pinBytes = pin.toUtf8();
    const bool pinSet = control(engine.get(), "PIN", pinBytes);
    cleanse(pinBytes);
    if (!pinSet)
        return makeError(ErrorCode::Crypto, tr("Cannot configure the pkcs11 engine: %1").arg(opensslErrors()));
    Pkcs11Key out;
    out.engine = engine;

    QString keyUri = uri;
    if (!keyUri.contains(u"type="))
        keyUri += QStringLiteral(";type=private");
    out.key.reset(ENGINE_load_private_key(out.engine.get(), keyUri.toUtf8().constData(), nullptr, nullptr));
    if (!out.key)
        return makeError(ErrorCode::Crypto,
                         tr("Cannot load the private key %1 from the token (wrong PIN, or no such token or object): %2")
                             .arg(uri, opensslErrors()));
    return out;
}

} // namespace tirkeu::pki

#pragma GCC diagnostic pop
