#pragma once
// Helpers shared by the pki tests: throwaway keys, a small CA hierarchy, files and peer validators.

#include "common/Tools.h"
#include "pki/CertificateBuilder.h"
#include "pki/KdfPolicy.h"
#include "pki/KeyPolicy.h"
#include "pki/Ossl.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace tirkeu::pki::test {

inline EvpPkeyPtr rsaKey(int bits = 2048) {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits)));
}
inline EvpPkeyPtr ecKey(const char* curve = "P-256") {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

// A copy of an in-memory key whose EC point OpenSSL encodes uncompressed, the form a certificate holds (attack of
// session 32, B6); an RSA key copied as it is.
inline EvpPkeyPtr uncompressedDup(const EVP_PKEY* key) {
    EvpPkeyPtr copy(EVP_PKEY_dup(const_cast<EVP_PKEY*>(key)));
    if (copy && EVP_PKEY_is_a(copy.get(), "EC") &&
        EVP_PKEY_set_utf8_string_param(copy.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                       OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1)
        return {};
    return copy;
}
// The DER SubjectPublicKeyInfo a certificate holds for `key`: i2d_PUBKEY's, with an EC point uncompressed.
inline QByteArray certifiedForm(const EVP_PKEY* key) {
    EvpPkeyPtr copy = uncompressedDup(key);
    return copy ? toDer(copy.get(), i2d_PUBKEY) : QByteArray();
}

inline X509Ptr parseDer(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &p, long(der.size())));
}

inline QByteArray certPem(const QByteArray& der) {
    X509Ptr cert = parseDer(der);
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    return bioContents(bio.get());
}

inline QByteArray keyPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

// Cheap scrypt for the tests that do not measure the cost itself.
inline constexpr KdfCost kFastCost{10, 8, 1};

using tirkeu::test::fileMode;
using tirkeu::test::haveTool;
using tirkeu::test::readFile;
using tirkeu::test::writeFile;

struct ProcessResult {
    int exitCode = -1;
    QString output; // stdout and stderr merged
};

// The shared tool runner (tests/common/Tools.h), both channels in order.
inline ProcessResult run(const QString& program, const QStringList& args) {
    tirkeu::test::ToolOptions options;
    options.mergeChannels = true;
    const tirkeu::test::ToolRun t = tirkeu::test::runTool(program, args, options);
    return {t.code, t.output};
}

// A CA certificate with its key.
struct TestCa {
    EvpPkeyPtr key;
    QByteArray der;
    X509Ptr cert;
};

inline QDateTime utcNow() {
    return QDateTime::currentDateTimeUtc().addSecs(-60);
}

inline TestCa makeRoot(EvpPkeyPtr key, const QString& name = QStringLiteral("Tirkeu Test Root CA"), int years = 10) {
    TestCa ca;
    ca.key = std::move(key);
    CertificateSpec spec;
    spec.subject = SubjectName::ca(name, QStringLiteral("Тіркеу АҚ"));
    spec.profile = Profile(ProfileKind::RootCa);
    spec.notBefore = utcNow();
    spec.notAfter = spec.notBefore.addYears(years);
    Result<QByteArray> der = CertificateBuilder::build(spec, nullptr, nullptr, ca.key.get());
    if (der) {
        ca.der = *der;
        ca.cert = parseDer(ca.der);
    } else {
        qWarning("root: %s", qPrintable(der.message()));
    }
    return ca;
}

inline TestCa makeSub(const TestCa& root, EvpPkeyPtr key,
                      const QString& name = QStringLiteral("Tirkeu Test Issuing CA"), int years = 5) {
    TestCa ca;
    ca.key = std::move(key);
    CertificateSpec spec;
    spec.subject = SubjectName::ca(name, QStringLiteral("Тіркеу АҚ"), QStringLiteral("Ұлттық куәландырушы орталық"));
    spec.profile = Profile(ProfileKind::SubordinateCa);
    spec.notBefore = utcNow();
    spec.notAfter = spec.notBefore.addYears(years);
    spec.caIssuersUrl = QStringLiteral("http://pki.example.kz/root.cer");
    spec.crlUrl = QStringLiteral("http://pki.example.kz/root.crl");
    Result<QByteArray> der = CertificateBuilder::build(spec, ca.key.get(), root.cert.get(), root.key.get());
    if (der) {
        ca.der = *der;
        ca.cert = parseDer(ca.der);
    } else {
        qWarning("sub: %s", qPrintable(der.message()));
    }
    return ca;
}

// ---- crafted keys and requests (shared by the key-policy tests and the CLI refusal tests) ----

using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OsslDeleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OsslDeleter<OSSL_PARAM_free>>;

// An RSA key from its numbers. With d set it can sign (for e = 1, d = 1 is a working "private" key:
// s = m^1 verifies as s^1 = m — exactly why such keys must never be certified).
inline EvpPkeyPtr rsaFromNumbers(const BIGNUM* n, unsigned long e, unsigned long d = 0) {
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    BnPtr eBn(BN_new());
    BnPtr dBn(BN_new());
    BN_set_word(eBn.get(), e);
    BN_set_word(dBn.get(), d);
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n);
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, eBn.get());
    if (d != 0)
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, dBn.get());
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, d != 0 ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        qWarning("fromdata: %s", qPrintable(opensslErrors()));
    return EvpPkeyPtr(key);
}

// An RSA public key of `bits` bits without its private key (quick at any size): a random odd modulus with no prime
// factor below 2^20 that is not itself prime, which OpenSSL's partial validation then finds composite and not a
// prime power, as it finds a real modulus (KeyPolicy). A random odd number alone has a small factor more often than
// not; one without is prime a few times in a hundred at 2048 bits (KeyPolicy refuses it: acceptedKeys(2048) failed
// now and then).
inline EvpPkeyPtr rsaPublicOfSize(int bits, unsigned long e = 65537) {
    BnPtr n(BN_new());
    for (;;) {
        BN_rand(n.get(), bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
        if (!KeyPolicy::hasSmallPrimeFactor(n.get()) && BN_check_prime(n.get(), nullptr, nullptr) == 0)
            return rsaFromNumbers(n.get(), e);
    }
}

inline BnPtr modulusOf(const EVP_PKEY* key) {
    BIGNUM* n = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    return BnPtr(n);
}

inline QByteArray requestDer(EVP_PKEY* key) {
    X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("TEST"), -1, -1, 0);
    X509_REQ_set_pubkey(req.get(), key);
    if (X509_REQ_sign(req.get(), key, EVP_sha256()) <= 0)
        qWarning("sign: %s", qPrintable(opensslErrors()));
    return toDer(req.get(), i2d_X509_REQ);
}

// A CSR that really verifies although its key is worthless: e = 1, d = 1 over a genuine modulus
// (s = m^1 verifies as s^1 = m). Proof of possession passes; only the key rule can stop it.
inline QByteArray exponentOneCsrDer() {
    EvpPkeyPtr genuine = rsaKey(2048);
    BnPtr n = genuine ? modulusOf(genuine.get()) : BnPtr();
    EvpPkeyPtr forged = n ? rsaFromNumbers(n.get(), 1, 1) : EvpPkeyPtr();
    return forged ? requestDer(forged.get()) : QByteArray();
}

inline CertificateSpec holderSpec(Profile profile, const QDateTime& from = utcNow(), int days = 365) {
    CertificateSpec spec;
    if (profile.isLegal())
        spec.subject = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                           QStringLiteral("Серікқызы"), QStringLiteral("900701300108"),
                                           QStringLiteral("ТОО «Өрнек»"), QStringLiteral("230340123459"));
    else
        spec.subject = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                           QStringLiteral("Серікқызы"), QStringLiteral("900701300108"));
    spec.profile = profile;
    spec.notBefore = from;
    spec.notAfter = from.addDays(days);
    spec.email = QStringLiteral("aliya@example.kz");
    spec.caIssuersUrl = QStringLiteral("http://pki.example.kz/issuing.cer");
    spec.crlUrl = QStringLiteral("http://pki.example.kz/issuing.crl");
    spec.freshestCrlUrl = QStringLiteral("http://pki.example.kz/issuing_delta.crl");
    return spec;
}

} // namespace tirkeu::pki::test
