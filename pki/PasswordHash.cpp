#include "pki/PasswordHash.h"

#include "pki/Ossl.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

#include <QStringList>

namespace tirkeu::pki {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

QByteArray scrypt(const QByteArray& password, const QByteArray& salt, ScryptCost cost) {
    EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf)
        return {};
    EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return {};
    uint64_t n = uint64_t(1) << cost.log2N;
    uint32_t r = uint32_t(cost.r);
    uint32_t p = uint32_t(cost.p);
    uint64_t maxmem = n * r * 128 * 2 + (1u << 20);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(password.constData()),
                                          size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.constData()),
                                          size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(kHashBytes, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), size_t(out.size()), params) != 1)
        return {};
    return out;
}

struct Parsed {
    ScryptCost cost;
    QByteArray salt;
    QByteArray hash;
    bool ok = false;
};

Parsed parse(const QString& stored) {
    Parsed result;
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts[0] != u"scrypt")
        return result;
    bool a = false, b = false, c = false;
    result.cost.log2N = parts[1].toInt(&a);
    result.cost.r = parts[2].toInt(&b);
    result.cost.p = parts[3].toInt(&c);
    if (!a || !b || !c || result.cost.log2N < 10 || result.cost.log2N > 22 || result.cost.r < 1 || result.cost.r > 32 ||
        result.cost.p < 1 || result.cost.p > 16)
        return result;
    result.salt = QByteArray::fromBase64(parts[4].toLatin1());
    result.hash = QByteArray::fromBase64(parts[5].toLatin1());
    result.ok = result.salt.size() >= 8 && result.hash.size() == kHashBytes;
    return result;
}

} // namespace

QString PasswordHash::hash(const QString& password, ScryptCost cost) {
    const QByteArray salt = randomBytes(kSaltBytes);
    QByteArray pw = password.toUtf8();
    QByteArray derived = scrypt(pw, salt, cost);
    cleanse(pw);
    if (salt.isEmpty() || derived.isEmpty())
        return {};
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(cost.log2N)
        .arg(cost.r)
        .arg(cost.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived.toBase64()));
}

bool PasswordHash::verify(const QString& password, const QString& stored) {
    const Parsed parsed = parse(stored);
    if (!parsed.ok)
        return false;
    QByteArray pw = password.toUtf8();
    QByteArray derived = scrypt(pw, parsed.salt, parsed.cost);
    cleanse(pw);
    return derived.size() == parsed.hash.size() &&
           CRYPTO_memcmp(derived.constData(), parsed.hash.constData(), size_t(derived.size())) == 0;
}

bool PasswordHash::needsRehash(const QString& stored, ScryptCost cost) {
    const Parsed parsed = parse(stored);
    return !parsed.ok || parsed.cost.log2N < cost.log2N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

} // namespace tirkeu::pki
