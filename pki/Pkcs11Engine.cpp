#include "pki/Pkcs11Engine.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>

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

} // namespace

void EngineDeleter::operator()(ENGINE* engine) const {
    ENGINE_finish(engine);
    ENGINE_free(engine);
}

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

    StructuralEnginePtr loaded(ENGINE_by_id("pkcs11"));
    if (!loaded)
        return makeError(ErrorCode::Crypto,
                         tr("The OpenSSL pkcs11 engine is not available (install libengine-pkcs11-openssl): %1")
                             .arg(opensslErrors()));
    // The module must be set before ENGINE_init; the engine copies both strings.
    QByteArray pinBytes = pin.toUtf8();
    const bool configured =
        control(loaded.get(), "MODULE_PATH", QFile::encodeName(module)) && control(loaded.get(), "PIN", pinBytes);
    cleanse(pinBytes);
    if (!configured)
        return makeError(ErrorCode::Crypto, tr("Cannot configure the pkcs11 engine: %1").arg(opensslErrors()));
    if (ENGINE_init(loaded.get()) != 1)
        return makeError(ErrorCode::Crypto,
                         tr("Cannot initialise the pkcs11 engine with %1: %2").arg(module, opensslErrors()));
    Pkcs11Key out;
    out.engine.reset(loaded.release()); // now a functional reference: finish + free

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
