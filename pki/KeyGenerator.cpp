#include "pki/KeyGenerator.h"

#include "pki/KeyPolicy.h"

#include <openssl/ec.h>
#include <openssl/rsa.h>

namespace tirkeu::pki {

namespace {

struct AlgorithmInfo {
    KeyAlgorithm algorithm;
    const char16_t* name;
    int rsaBits;       // 0 for EC
    const char* curve; // OpenSSL group name, nullptr for RSA
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {KeyAlgorithm::Rsa2048, u"rsa2048", 2048, nullptr}, {KeyAlgorithm::Rsa3072, u"rsa3072", 3072, nullptr},
    {KeyAlgorithm::Rsa4096, u"rsa4096", 4096, nullptr}, {KeyAlgorithm::EcP256, u"p256", 0, "P-256"},
    {KeyAlgorithm::EcP384, u"p384", 0, "P-384"},
};

const AlgorithmInfo& info(KeyAlgorithm algorithm) {
    for (const AlgorithmInfo& i : kAlgorithms) {
        if (i.algorithm == algorithm)
            return i;
    }
    return kAlgorithms[0]; // unreachable: every enumerator is in the table
}

// The algorithm of an EC key on one of the curves KeyPolicy accepts; nullptr for any other key.
const AlgorithmInfo* curveInfo(const EVP_PKEY* key) {
    const QString curve = KeyPolicy::acceptedCurve(key);
    for (const AlgorithmInfo& i : kAlgorithms) {
        if (i.curve && curve == QLatin1String(i.curve))
            return &i;
    }
    return nullptr;
}

} // namespace

QList<KeyAlgorithm> KeyGenerator::algorithms() {
    QList<KeyAlgorithm> out;
    for (const AlgorithmInfo& i : kAlgorithms)
        out << i.algorithm;
    return out;
}

Result<KeyAlgorithm> KeyGenerator::parse(const QString& name) {
    const QString wanted = name.trimmed().toLower();
    for (const AlgorithmInfo& i : kAlgorithms) {
        if (wanted == QStringView(i.name))
            return i.algorithm;
    }
    return makeError(ErrorCode::Usage,
                     tr("Unknown key algorithm \"%1\"; use rsa2048, rsa3072, rsa4096, p256 or p384.").arg(name));
}

QString KeyGenerator::name(KeyAlgorithm algorithm) {
    return QString::fromUtf16(info(algorithm).name);
}

QString KeyGenerator::describe(KeyAlgorithm algorithm) {
    const AlgorithmInfo& i = info(algorithm);
    if (i.rsaBits > 0)
        return QStringLiteral("RSA %1").arg(i.rsaBits);
    return QStringLiteral("ECDSA %1").arg(QLatin1String(i.curve));
}

QString KeyGenerator::describe(const EVP_PKEY* key) {
    if (!key)
        return {};
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA %1").arg(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "EC")) {
        if (const AlgorithmInfo* i = curveInfo(key))
            return describe(i->algorithm);
        const QString group = KeyPolicy::groupName(key);
        return QStringLiteral("ECDSA %1").arg(group.isEmpty() ? QStringLiteral("(explicit curve)") : group);
    }
    const char* type = EVP_PKEY_get0_type_name(key);
    return type ? QString::fromLatin1(type) : QStringLiteral("unknown (%1)").arg(EVP_PKEY_get_id(key));
}

Result<KeyAlgorithm> KeyGenerator::algorithmOf(const EVP_PKEY* key) {
    if (Status strength = checkStrength(key); !strength)
        return strength.error();
    if (EVP_PKEY_is_a(key, "EC"))
        return curveInfo(key)->algorithm; // checkStrength accepted the curve
    const int bits = EVP_PKEY_get_bits(key);
    for (const AlgorithmInfo& i : kAlgorithms) {
        if (i.rsaBits == bits)
            return i.algorithm;
    }
    return makeError(ErrorCode::Invalid,
                     tr("RSA keys of %1 bits are not supported here; use 2048, 3072 or 4096 bits.").arg(bits));
}

Result<EvpPkeyPtr> KeyGenerator::generate(KeyAlgorithm algorithm) {
    const AlgorithmInfo& i = info(algorithm);
    EvpPkeyPtr key(i.rsaBits > 0 ? EVP_RSA_gen(unsigned(i.rsaBits)) : EVP_EC_gen(i.curve));
    if (!key)
        return makeError(ErrorCode::Crypto,
                         tr("Cannot generate a %1 key: %2").arg(describe(algorithm), opensslErrors()));
    if (Status accepted = KeyPolicy::check(key.get()); !accepted) // generated keys obey the same rules
        return accepted.error();
    return key;
}

Status KeyGenerator::checkStrength(const EVP_PKEY* key) {
    return KeyPolicy::check(key);
}

} // namespace tirkeu::pki
