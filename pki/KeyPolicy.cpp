#include "pki/KeyPolicy.h"

#include "pki/KeyGenerator.h"

#include <QCryptographicHash>
#include <QSet>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <deque>
#include <mutex>
#include <vector>

namespace tirkeu::pki {

namespace {

using X509PubkeyPtr = std::unique_ptr<X509_PUBKEY, OsslDeleter<X509_PUBKEY_free>>;

struct OsslStringDeleter {
    void operator()(char* p) const { OPENSSL_free(p); }
};

QString utf8Param(const EVP_PKEY* key, const char* name) {
    char buf[80] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, name, buf, sizeof buf, &len) != 1)
        return {};
    return QString::fromLatin1(buf, qsizetype(len));
}

QString decimal(const BIGNUM* bn) {
    std::unique_ptr<char, OsslStringDeleter> text(BN_bn2dec(bn));
    return text ? QString::fromLatin1(text.get()) : QStringLiteral("?");
}

// The modulus as OpenSSL's partial public-key validation judges it (NIST SP 800-56B rev. 2, 6.4.2.2; SP 800-89):
// odd, no prime factor below 752 (the CA/Browser Forum's rule), and composite but not a prime power (an enhanced
// Miller-Rabin test). A prime, a prime power or a small factor lets anyone compute the private key from the
// certificate and sign as the holder; until 2026-12-07 only the size and the exponent were checked, and a CSR
// whose modulus was 3 x q was certified (attack of session 28). Then no prime factor below 2^20 either (65537 x q
// passed OpenSSL's check). A larger factor is not looked for: an unbalanced modulus cannot be found short of
// factoring it. About 5 ms for a 2048-bit key (README, "Trust model").
// The product of every prime below 2^20 (82,025 primes, about 1.6 million bits), made once, by a product tree.
const BIGNUM* smallPrimesProduct() {
    static const BnPtr product = [] {
        constexpr unsigned kLimit = 1u << 20;
        std::vector<bool> composite(kLimit, false);
        std::vector<BnPtr> level;
        for (unsigned i = 2; i < kLimit; ++i) {
            if (composite[i])
                continue;
            for (unsigned long j = (unsigned long)i * i; j < kLimit; j += i)
                composite[j] = true;
            BnPtr p(BN_new());
            if (!p || BN_set_word(p.get(), i) != 1)
                return BnPtr();
            level.push_back(std::move(p));
        }
        std::unique_ptr<BN_CTX, OsslDeleter<BN_CTX_free>> ctx(BN_CTX_new());
        while (ctx && level.size() > 1) {
            std::vector<BnPtr> next;
            for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
                BnPtr both(BN_new());
                if (!both || BN_mul(both.get(), level[i].get(), level[i + 1].get(), ctx.get()) != 1)
                    return BnPtr();
                next.push_back(std::move(both));
            }
            if (level.size() % 2)
                next.push_back(std::move(level.back()));
            level = std::move(next);
        }
        return level.size() == 1 ? std::move(level.front()) : BnPtr();
    }();
    return product.get();
}

// The moduli this process has judged sound already, by SHA-256 of n: the verdict depends on n alone (the exponent
// is checked before), and one issuance judges the holder's key twice — when its request is read (Csr::parse) and
// when the certificate is built (CertificateBuilder::sign), about 4.5 ms of CPU each for 2048 bits, which made a
// batch of RSA holders 8.6 times as costly per certificate as one of P-256 holders (bench_issue --holder-key
// rsa2048, 2026-12-07). Only sound verdicts are kept, the newest 4,096; a refused modulus is judged every time.
class SoundModuli {
public:
    static SoundModuli& instance() {
        static SoundModuli moduli;
        return moduli;
    }
    static QByteArray digestOf(const BIGNUM* n) {
        QByteArray bytes(BN_num_bytes(n), Qt::Uninitialized);
        BN_bn2bin(n, reinterpret_cast<unsigned char*>(bytes.data()));
        return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    }
    bool contains(const QByteArray& digest) {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_known.contains(digest);
    }
    void add(const QByteArray& digest) {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_known.contains(digest))
            return;
        m_known.insert(digest);
        m_order.push_back(digest);
        if (m_order.size() > kKept) {
            m_known.remove(m_order.front());
            m_order.pop_front();
        }
    }

private:
    static constexpr std::size_t kKept = 4096;
    std::mutex m_mutex;
    QSet<QByteArray> m_known;
    std::deque<QByteArray> m_order;
};

using BnCtxPtr = std::unique_ptr<BN_CTX, OsslDeleter<BN_CTX_free>>;

// floor(sqrt(n)) by Newton's method from a power of two above the root: about ten divisions for 2048 bits.
BnPtr integerSquareRoot(const BIGNUM* n, BN_CTX* ctx) {
    BnPtr x(BN_new());
    BnPtr y(BN_new());
    if (!x || !y)
        return {};
    if (BN_is_zero(n)) {
        BN_zero(x.get());
        return x;
    }
    if (BN_set_word(x.get(), 1) != 1 || BN_lshift(x.get(), x.get(), (BN_num_bits(n) + 1) / 2) != 1)
        return {};
    for (;;) { // y = (x + n / x) / 2 decreases to the root and stops there
        if (BN_div(y.get(), nullptr, n, x.get(), ctx) != 1 || BN_add(y.get(), y.get(), x.get()) != 1 ||
            BN_rshift1(y.get(), y.get()) != 1)
            return {};
        if (BN_cmp(y.get(), x.get()) >= 0)
            return x;
        std::swap(x, y);
    }
}

// Whether m is a perfect square: its residues modulo 64, 63, 65 and 11 first (a non-square passes all four about
// once in 120 tries), the root only then.
bool isSquare(const BIGNUM* m, BN_CTX* ctx, bool& failed) {
    struct Residues {
        bool mod64[64] = {}, mod63[63] = {}, mod65[65] = {}, mod11[11] = {};
        Residues() {
            for (unsigned i = 0; i < 64; ++i) {
                mod64[i * i % 64] = true;
                mod63[i * i % 63] = true;
                mod65[i * i % 65] = true;
                mod11[i * i % 11] = true;
            }
        }
    };
    static const Residues residues;
    const BN_ULONG r = BN_mod_word(m, 64ul * 63 * 65 * 11);
    if (r == static_cast<BN_ULONG>(-1)) {
        failed = true;
        return false;
    }
    if (!residues.mod64[r % 64] || !residues.mod63[r % 63] || !residues.mod65[r % 65] || !residues.mod11[r % 11])
        return false;
    BnPtr root = integerSquareRoot(m, ctx);
    BnPtr square(BN_new());
    if (!root || !square || BN_sqr(square.get(), root.get(), ctx) != 1) {
        failed = true;
        return false;
    }
    return BN_cmp(square.get(), m) == 0;
}

Status checkRsaModulus(const EVP_PKEY* key) {
    BIGNUM* rawN = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &rawN) != 1 || !rawN) {
        opensslErrors();
        return makeError(ErrorCode::Invalid, KeyPolicy::tr("The modulus of the RSA key cannot be read."));
    }
    const BnPtr n(rawN);
    const QByteArray digest = SoundModuli::digestOf(n.get());
    if (SoundModuli::instance().contains(digest))
        return {};
    // A key of an engine (a PKCS#11 token's, Pkcs11Engine.h) is judged on a provider copy of its public half:
    // OpenSSL's legacy RSA check would ask for the private primes, which stay on the token.
    EvpPkeyPtr copy;
    if (!EVP_PKEY_get0_provider(key)) {
        copy = KeyPolicy::publicCopy(key);
        if (!copy) {
            opensslErrors();
            return makeError(ErrorCode::Invalid, KeyPolicy::tr("The public half of the RSA key cannot be read."));
        }
        key = copy.get();
    }
    const std::unique_ptr<EVP_PKEY_CTX, OsslDeleter<EVP_PKEY_CTX_free>> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, const_cast<EVP_PKEY*>(key), nullptr));
    bool valid = ctx && EVP_PKEY_public_check(ctx.get()) == 1;
    ERR_clear_error();
    // Then no prime factor below 2^20 either (OpenSSL looks below 752 only: a modulus 65537 x q passed, and
    // trial division finds 65537 at once): one gcd with the product of those primes, about 1.7 ms.
    if (valid && !KeyPolicy::hasSmallPrimeFactor(n.get())) {
        // Nor two primes so close that Fermat's method finds them (attack of session 33, C4: n = p x nextprime(p)
        // was certified, and factored at the first step): the CA/Browser Forum's 100 rounds, about 0.05 ms.
        if (KeyPolicy::factorsByFermat(n.get()))
            return makeError(ErrorCode::Invalid,
                             KeyPolicy::tr("The RSA modulus factors by Fermat's method: its two primes are too close "
                                           "together, so anyone could compute the private key from the certificate "
                                           "and sign as its holder."));
        SoundModuli::instance().add(digest);
        return {};
    }
    return makeError(ErrorCode::Invalid,
                     KeyPolicy::tr("The RSA modulus is not a product of large primes (it is prime, a prime power or "
                                   "has a small factor): anyone could compute the private key from the certificate "
                                   "and sign as its holder."));
}

Status checkRsa(const EVP_PKEY* key) {
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < KeyPolicy::kMinRsaBits)
        return makeError(
            ErrorCode::Invalid,
            KeyPolicy::tr("The RSA key has %1 bits; at least %2 are required.").arg(bits).arg(KeyPolicy::kMinRsaBits));
    if (bits > KeyPolicy::kMaxRsaBits)
        return makeError(
            ErrorCode::Invalid,
            KeyPolicy::tr("The RSA key has %1 bits; at most %2 are accepted.").arg(bits).arg(KeyPolicy::kMaxRsaBits));
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &raw) != 1 || !raw) {
        opensslErrors();
        return makeError(ErrorCode::Invalid, KeyPolicy::tr("The public exponent of the RSA key cannot be read."));
    }
    const BnPtr e(raw);
    if (BN_is_word(e.get(), KeyPolicy::kRsaExponent))
        return checkRsaModulus(key);
    const QString value = decimal(e.get());
    QString why;
    if (BN_is_one(e.get()))
        why = KeyPolicy::tr("with e = 1 anyone can make signatures that verify with this key, without the private key");
    else if (BN_is_word(e.get(), 3))
        why = KeyPolicy::tr("a small exponent such as 3 is open to low-exponent attacks on signatures and encryption");
    else if (!BN_is_odd(e.get()))
        why = KeyPolicy::tr("an even exponent does not make a valid RSA key");
    else
        why = KeyPolicy::tr("this CA certifies RSA keys with the exponent 65537 only");
    return makeError(ErrorCode::Invalid,
                     KeyPolicy::tr("The RSA public exponent is %1; only 65537 is accepted: %2.").arg(value, why));
}

Status checkEc(const EVP_PKEY* key) {
    const QString encoding = utf8Param(key, OSSL_PKEY_PARAM_EC_ENCODING);
    if (encoding == QLatin1String(OSSL_PKEY_EC_ENCODING_EXPLICIT))
        return makeError(ErrorCode::Invalid,
                         KeyPolicy::tr("The EC key gives its curve by explicit parameters; only the named curves "
                                       "P-256 and P-384, identified by their OID, are accepted."));
    const QString group = KeyPolicy::groupName(key);
    if (KeyPolicy::acceptedCurve(key).isEmpty())
        return makeError(ErrorCode::Invalid,
                         KeyPolicy::tr("The EC key uses the curve %1; only P-256 and P-384 are accepted.")
                             .arg(group.isEmpty() ? KeyPolicy::tr("with explicit parameters") : group));
    return {};
}

void freeSequence(ASN1_SEQUENCE_ANY* sequence) {
    sk_ASN1_TYPE_pop_free(sequence, ASN1_TYPE_free);
}
using SequencePtr = std::unique_ptr<ASN1_SEQUENCE_ANY, OsslDeleter<freeSequence>>;

// `received` in the form i2d_PUBKEY gives the key it was decoded from, judged on its parts: the algorithm
// identifier exactly as OpenSSL's encoders write it (an OID read back names its NID only when its bytes are
// the canonical ones), no unused bits, and a key that is DER already (RSA: a SEQUENCE of two INTEGERs that
// re-encodes to the same bytes; EC: an uncompressed point of the curve's length). Its DER then, else empty.
QByteArray receivedInEncoderForm(const X509_PUBKEY* received) {
    ASN1_OBJECT* algorithm = nullptr;
    const unsigned char* inner = nullptr;
    int innerLength = 0;
    X509_ALGOR* parameters = nullptr;
    if (!received || X509_PUBKEY_get0_param(&algorithm, &inner, &innerLength, &parameters, received) != 1 || !inner ||
        innerLength <= 0)
        return {};
    int type = V_ASN1_UNDEF;
    const void* value = nullptr;
    X509_ALGOR_get0(nullptr, &type, &value, parameters);
    switch (OBJ_obj2nid(algorithm)) {
    case NID_rsaEncryption: {
        if (type != V_ASN1_NULL)
            return {};
        const unsigned char* p = inner;
        SequencePtr sequence(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, innerLength));
        if (!sequence || p != inner + innerLength || sk_ASN1_TYPE_num(sequence.get()) != 2 ||
            ASN1_TYPE_get(sk_ASN1_TYPE_value(sequence.get(), 0)) != V_ASN1_INTEGER ||
            ASN1_TYPE_get(sk_ASN1_TYPE_value(sequence.get(), 1)) != V_ASN1_INTEGER) {
            ERR_clear_error();
            return {};
        }
        const QByteArray again = toDer(sequence.get(), i2d_ASN1_SEQUENCE_ANY);
        if (again != QByteArray::fromRawData(reinterpret_cast<const char*>(inner), innerLength))
            return {};
        break;
    }
    case NID_X9_62_id_ecPublicKey: {
        if (type != V_ASN1_OBJECT)
            return {};
        const int curve = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(value));
        const int coordinate = curve == NID_X9_62_prime256v1 ? 32 : curve == NID_secp384r1 ? 48 : 0;
        if (coordinate == 0 || inner[0] != 0x04 || innerLength != 1 + 2 * coordinate)
            return {};
        break;
    }
    default:
        return {};
    }
    QByteArray der = toDer(received, i2d_X509_PUBKEY);
    // The byte before the key is the BIT STRING's count of unused bits: none in an encoder's output.
    if (der.size() <= innerLength || der.at(der.size() - innerLength - 1) != 0) {
        ERR_clear_error();
        return {};
    }
    return der;
}

} // namespace

bool KeyPolicy::hasSmallPrimeFactor(const BIGNUM* n) {
    const BIGNUM* primes = smallPrimesProduct();
    std::unique_ptr<BN_CTX, OsslDeleter<BN_CTX_free>> ctx(BN_CTX_new());
    BnPtr rest(BN_new());
    BnPtr inverse(BN_new());
    // gcd(product mod n, n) = 1 exactly when the rest has an inverse modulo n. BN_mod_inverse finds it in 0.2 ms for
    // 2048 bits where BN_gcd, constant-time since OpenSSL 3.0 (nothing here is secret), took 0.4 ms. A rest of 0
    // has none (gcd n).
    const bool none = n && primes && ctx && rest && inverse && !BN_is_zero(n) &&
                      BN_mod(rest.get(), primes, n, ctx.get()) == 1 &&
                      BN_mod_inverse(inverse.get(), rest.get(), n, ctx.get()) != nullptr;
    ERR_clear_error();
    return !none; // also when it cannot be computed: nothing is certified on a guess
}

bool KeyPolicy::factorsByFermat(const BIGNUM* n, int rounds) {
    BnCtxPtr ctx(BN_CTX_new());
    if (!n || !ctx || BN_is_zero(n) || BN_is_negative(n))
        return true; // nothing is certified on a guess
    // a = ceil(sqrt(n)); n = a^2 - b^2 = (a - b)(a + b) as soon as a^2 - n is a square b^2. Step by step
    // (a + 1)^2 - n = (a^2 - n) + 2a + 1: additions only, and a residue test for most steps.
    BnPtr a = integerSquareRoot(n, ctx.get());
    BnPtr rest(BN_new());
    BnPtr step(BN_new());
    if (!a || !rest || !step || BN_sqr(rest.get(), a.get(), ctx.get()) != 1)
        return true;
    if (BN_cmp(rest.get(), n) < 0) { // n is not a square: a is one more than its floor root
        if (BN_add_word(a.get(), 1) != 1 || BN_sqr(rest.get(), a.get(), ctx.get()) != 1)
            return true;
    }
    if (BN_sub(rest.get(), rest.get(), n) != 1)
        return true;
    for (int round = 0; round < rounds; ++round) {
        bool failed = false;
        if (isSquare(rest.get(), ctx.get(), failed) || failed)
            return true;
        if (!BN_lshift1(step.get(), a.get()) || !BN_add_word(step.get(), 1) ||
            !BN_add(rest.get(), rest.get(), step.get()) || !BN_add_word(a.get(), 1))
            return true;
    }
    return false;
}

QString KeyPolicy::groupName(const EVP_PKEY* key) {
    return key ? utf8Param(key, OSSL_PKEY_PARAM_GROUP_NAME) : QString();
}

QString KeyPolicy::acceptedCurve(const EVP_PKEY* key) {
    if (!key || !EVP_PKEY_is_a(key, "EC"))
        return {};
    const QString group = groupName(key);
    if (group == u"prime256v1" || group == u"P-256" || group == u"secp256r1")
        return QStringLiteral("P-256");
    if (group == u"secp384r1" || group == u"P-384")
        return QStringLiteral("P-384");
    return {};
}

Status KeyPolicy::check(const EVP_PKEY* key) {
    if (!key)
        return makeError(ErrorCode::Invalid, tr("No public key."));
    if (EVP_PKEY_is_a(key, "RSA"))
        return checkRsa(key);
    if (EVP_PKEY_is_a(key, "EC"))
        return checkEc(key);
    return makeError(ErrorCode::Invalid,
                     tr("%1 keys are not accepted; use RSA (2048 to 8192 bits, exponent 65537) or ECDSA P-256/P-384.")
                         .arg(KeyGenerator::describe(key)));
}

Status KeyPolicy::checkSubjectPublicKeyInfo(const QByteArray& spkiDer) {
    const auto* p = reinterpret_cast<const unsigned char*>(spkiDer.constData());
    X509PubkeyPtr spki(d2i_X509_PUBKEY(nullptr, &p, long(spkiDer.size())));
    if (!spki || p != reinterpret_cast<const unsigned char*>(spkiDer.constData()) + spkiDer.size()) {
        opensslErrors();
        return makeError(ErrorCode::Invalid, tr("The public key is not a well-formed SubjectPublicKeyInfo."));
    }
    return checkSubjectPublicKeyInfo(spki.get());
}

Status KeyPolicy::checkSubjectPublicKeyInfo(const X509_PUBKEY* spki) {
    if (!spki)
        return makeError(ErrorCode::Invalid, tr("The public key is not a well-formed SubjectPublicKeyInfo."));
    ASN1_OBJECT* algorithm = nullptr;
    X509_ALGOR* parameters = nullptr;
    if (X509_PUBKEY_get0_param(&algorithm, nullptr, nullptr, &parameters, spki) != 1)
        return makeError(ErrorCode::Invalid, tr("The public key algorithm cannot be read."));
    if (OBJ_obj2nid(algorithm) == NID_X9_62_id_ecPublicKey) {
        int type = V_ASN1_UNDEF;
        const void* value = nullptr;
        X509_ALGOR_get0(nullptr, &type, &value, parameters);
        // RFC 5480: the parameters MUST be a namedCurve OID; specifiedCurve and implicitCurve are refused.
        if (type != V_ASN1_OBJECT)
            return makeError(ErrorCode::Invalid,
                             tr("The EC key gives its curve by explicit parameters; only the named curves "
                                "P-256 and P-384, identified by their OID, are accepted."));
    }
    EVP_PKEY* key = X509_PUBKEY_get0(spki);
    if (!key) {
        opensslErrors();
        return makeError(ErrorCode::Invalid,
                         tr("The public key cannot be read (malformed or of an unsupported algorithm)."));
    }
    return check(key);
}

EvpPkeyPtr KeyPolicy::publicCopy(const EVP_PKEY* key) {
    const QByteArray der = key ? toDer(key, i2d_PUBKEY) : QByteArray();
    if (der.isEmpty())
        return {};
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return EvpPkeyPtr(d2i_PUBKEY(nullptr, &p, long(der.size())));
}

EvpPkeyPtr KeyPolicy::uncompressedPublicCopy(const EVP_PKEY* key) {
    // A public copy, never EVP_PKEY_dup: the key may be on a token (Pkcs11Engine.h).
    EvpPkeyPtr copy = publicCopy(key);
    if (!copy || EVP_PKEY_set_utf8_string_param(copy.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                                OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1) {
        opensslErrors();
        return {};
    }
    return copy;
}

bool KeyPolicy::encodesCompressedPoint(const EVP_PKEY* key) {
    return key && EVP_PKEY_is_a(key, "EC") &&
           utf8Param(key, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT) !=
               QLatin1String(OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED);
}

QByteArray KeyPolicy::spkiSha256(const EVP_PKEY* key) {
    if (!key)
        return {};
    QByteArray der;
    if (EVP_PKEY_is_a(key, "EC")) {
        EvpPkeyPtr copy = uncompressedPublicCopy(key);
        if (!copy)
            return {};
        der = toDer(copy.get(), i2d_PUBKEY);
    } else {
        der = toDer(key, i2d_PUBKEY);
    }
    if (der.isEmpty()) {
        opensslErrors();
        return {};
    }
    QByteArray digest(32, Qt::Uninitialized);
    if (EVP_Digest(der.constData(), size_t(der.size()), reinterpret_cast<unsigned char*>(digest.data()), nullptr,
                   EVP_sha256(), nullptr) != 1) {
        opensslErrors();
        return {};
    }
    return digest;
}

QString KeyPolicy::spkiSha256Hex(const EVP_PKEY* key) {
    return QString::fromLatin1(spkiSha256(key).toHex());
}

QString KeyPolicy::spkiSha256HexOfDer(const QByteArray& spkiDer) {
    const auto* p = reinterpret_cast<const unsigned char*>(spkiDer.constData());
    EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, long(spkiDer.size())));
    if (!key) {
        opensslErrors();
        return {};
    }
    return spkiSha256Hex(key.get());
}

QString KeyPolicy::spkiSha256Hex(const EncodedKey& key) {
    // An EncodedKey is encoded as spkiSha256 encodes it (EC points uncompressed): the same bytes, hashed.
    return QString::fromLatin1(QCryptographicHash::hash(key.der(), QCryptographicHash::Sha256).toHex());
}

Result<EncodedKey> EncodedKey::of(EVP_PKEY* key) {
    EncodedKey out;
    out.m_key = key;
    out.m_compressed = KeyPolicy::encodesCompressedPoint(key);
    if (out.m_compressed) {
        // Attack of session 32, B6: a compressed point went into the certificate as sent. The uncompressed one,
        // encoded as spkiSha256 encodes it (so the never-twice digest is that of these bytes).
        EvpPkeyPtr copy = KeyPolicy::uncompressedPublicCopy(key);
        out.m_der = copy ? toDer(copy.get(), i2d_PUBKEY) : QByteArray();
    } else {
        out.m_der = key ? toDer(key, i2d_PUBKEY) : QByteArray();
    }
    if (out.m_der.isEmpty())
        return makeError(ErrorCode::Crypto, KeyPolicy::tr("Cannot encode the public key: %1").arg(opensslErrors()));
    return out;
}

Result<EncodedKey> EncodedKey::of(EVP_PKEY* key, const X509_PUBKEY* received) {
    // Only the very key `received` holds: its bytes describe that key and no other.
    if (!key || !received || X509_PUBKEY_get0(received) != key)
        return of(key);
    QByteArray der = receivedInEncoderForm(received);
    if (der.isEmpty())
        return of(key);
    EncodedKey out;
    out.m_key = key;
    out.m_der = std::move(der);
    return out; // RSA, or an uncompressed point
}

} // namespace tirkeu::pki
