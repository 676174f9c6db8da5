// KeyPolicy: the one place that decides which public keys this CA certifies. Crafted requests that a
// careless CA would certify — RSA with e = 1 (anyone can forge: s = m) or e = 3, EC with explicit curve
// parameters — are refused with their reason, by Csr::parse, KeyGenerator and CertificateBuilder
// alike; the SPKI SHA-256 that identifies a key in the register is the digest of the DER SPKI and does
// not change when an EC point is sent compressed.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

EvpPkeyPtr readKey(const QString& path) {
    const QByteArray pem = readFile(path);
    BioPtr bio = memoryBio(pem);
    return EvpPkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

using BnCtxPtr = std::unique_ptr<BN_CTX, OsslDeleter<BN_CTX_free>>;

// The first prime above `from`.
BnPtr nextPrime(const BIGNUM* from) {
    BnPtr p(BN_dup(from));
    BN_add_word(p.get(), BN_is_odd(p.get()) ? 2 : 1);
    while (BN_check_prime(p.get(), nullptr, nullptr) != 1)
        BN_add_word(p.get(), 2);
    return p;
}

// A working RSA key pair (it signs) over the primes p and q, e = 65537, made with EVP_PKEY_fromdata.
EvpPkeyPtr rsaFromPrimes(const BIGNUM* p, const BIGNUM* q) {
    BnCtxPtr ctx(BN_CTX_new());
    BnPtr n(BN_new()), e(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new()), dp(BN_new()), dq(BN_new());
    BN_mul(n.get(), p, q, ctx.get());
    BN_set_word(e.get(), 65537);
    BN_sub(p1.get(), p, BN_value_one());
    BN_sub(q1.get(), q, BN_value_one());
    BN_mul(phi.get(), p1.get(), q1.get(), ctx.get());
    BnPtr d(BN_mod_inverse(nullptr, e.get(), phi.get(), ctx.get()));
    BnPtr qInverse(BN_mod_inverse(nullptr, q, p, ctx.get()));
    if (!d || !qInverse)
        return {};
    BN_mod(dp.get(), d.get(), p1.get(), ctx.get());
    BN_mod(dq.get(), d.get(), q1.get(), ctx.get());
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p);
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q);
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get());
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qInverse.get());
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    EvpPkeyCtxPtr keyCtx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!keyCtx || EVP_PKEY_fromdata_init(keyCtx.get()) != 1 ||
        EVP_PKEY_fromdata(keyCtx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1)
        qWarning("fromdata: %s", qPrintable(opensslErrors()));
    return EvpPkeyPtr(key);
}

} // namespace

class TestKeyPolicy : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // openssl genpkey with the given options, then openssl req: a CSR as a holder's tool makes it.
    QByteArray opensslRequest(const QString& stem, const QStringList& keyArgs) {
        const QString keyPath = m_dir.filePath(stem + QStringLiteral(".key"));
        const QString csrPath = m_dir.filePath(stem + QStringLiteral(".csr"));
        const ProcessResult key = run(QStringLiteral("openssl"), QStringList{QStringLiteral("genpkey")} + keyArgs +
                                                                     QStringList{QStringLiteral("-out"), keyPath});
        if (key.exitCode != 0)
            qWarning("%s", qPrintable(key.output));
        const ProcessResult req =
            run(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), keyPath,
                 QStringLiteral("-subj"), QStringLiteral("/CN=TEST/C=KZ"), QStringLiteral("-out"), csrPath});
        if (req.exitCode != 0)
            qWarning("%s", qPrintable(req.output));
        return readFile(csrPath);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void acceptedKeys_data() {
        QTest::addColumn<int>("bits");
        QTest::newRow("2048") << 2048;
        QTest::newRow("3072") << 3072;
        QTest::newRow("4096") << 4096;
        QTest::newRow("8192") << 8192;
    }
    void acceptedKeys() {
        QFETCH(int, bits);
        EvpPkeyPtr key = rsaPublicOfSize(bits);
        QVERIFY(key);
        QCOMPARE(EVP_PKEY_get_bits(key.get()), bits);
        const Status s = KeyPolicy::check(key.get());
        QVERIFY2(s.ok(), qPrintable(s.message()));
        for (const char* curve : {"P-256", "P-384"}) {
            EvpPkeyPtr ec = ecKey(curve);
            QVERIFY2(KeyPolicy::check(ec.get()).ok(), curve);
        }
    }

    void rsaSizesOutsideTheRangeAreRefused() {
        const Status small = KeyPolicy::check(rsaPublicOfSize(2047).get());
        QCOMPARE(small.code(), ErrorCode::Invalid);
        QVERIFY2(small.message().contains(u"2047") && small.message().contains(u"2048"), qPrintable(small.message()));
        const Status big = KeyPolicy::check(rsaPublicOfSize(8200).get());
        QCOMPARE(big.code(), ErrorCode::Invalid);
        QVERIFY2(big.message().contains(u"8200") && big.message().contains(u"8192"), qPrintable(big.message()));
    }

    void rsaExponentsOtherThan65537AreRefused_data() {
        QTest::addColumn<qulonglong>("e");
        QTest::addColumn<QString>("reason");
        QTest::newRow("e=1") << qulonglong(1) << QStringLiteral("without the private key");
        QTest::newRow("e=3") << qulonglong(3) << QStringLiteral("low-exponent");
        QTest::newRow("e=17") << qulonglong(17) << QStringLiteral("65537 only");
        QTest::newRow("e=65536") << qulonglong(65536) << QStringLiteral("even exponent");
        QTest::newRow("e=2^32+1") << qulonglong(4294967297ULL) << QStringLiteral("65537 only");
    }
    void rsaExponentsOtherThan65537AreRefused() {
        QFETCH(qulonglong, e);
        QFETCH(QString, reason);
        EvpPkeyPtr key = rsaPublicOfSize(2048, e);
        QVERIFY(key);
        const Status s = KeyPolicy::check(key.get());
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(QStringLiteral("exponent is %1;").arg(e)), qPrintable(s.message()));
        QVERIFY2(s.message().contains(u"65537") && s.message().contains(reason), qPrintable(s.message()));
        QVERIFY(!KeyGenerator::checkStrength(key.get()).ok()); // the same rule, not a second one
    }

    // Moduli from which anyone computes the private key (attack of session 28): 3 x q, a prime, a prime squared,
    // 65537 x q and 1048573 x q (a prime factor below 2^20 that OpenSSL's check does not look for).
    // Refused by KeyPolicy::check, and a CSR over 3 x q that really verifies (proof of possession passes, d computed
    // from phi = 2(q - 1)) is refused by Csr::parse with the reason. Before, only size and exponent were looked at.
    void rsaModulusAnyoneCanFactorIsRefused() {
        const std::unique_ptr<BN_CTX, OsslDeleter<BN_CTX_free>> bnCtx(BN_CTX_new());
        const auto prime = [](int bits) {
            BnPtr p(BN_new());
            BN_generate_prime_ex(p.get(), bits, 0, nullptr, nullptr, nullptr);
            return p;
        };
        BnPtr q;
        BnPtr threeQ(BN_new());
        do {                 // 3 x q of exactly 2048 bits
            q = prime(2046); // its two top bits set: 3 x q has 2048 bits
            BN_mul_word(BN_copy(threeQ.get(), q.get()), 3);
        } while (BN_num_bits(threeQ.get()) != 2048 || BN_mod_word(q.get(), 65537) == 1);
        BnPtr p1024 = prime(1024);
        BnPtr square(BN_new());
        BN_sqr(square.get(), p1024.get(), bnCtx.get());
        BnPtr prime2048 = prime(2048);
        // A factor OpenSSL's check does not look for (above 751) but trial division finds at once: 65537, and the
        // largest prime below 2^20.
        // n = small x q of exactly 2048 bits: q of qBits bits (its two top bits set); a few tries at most.
        const auto timesSmall = [&](BN_ULONG small, int qBits) {
            BnPtr n(BN_new());
            for (int tries = 0; tries < 20; ++tries) {
                BnPtr q = prime(qBits);
                BN_copy(n.get(), q.get());
                BN_mul_word(n.get(), small);
                if (BN_num_bits(n.get()) == 2048)
                    return n;
            }
            return BnPtr();
        };
        BnPtr f65537 = timesSmall(65537, 2032);     // 65537 is just above 2^16
        BnPtr f1048573 = timesSmall(1048573, 2028); // just below 2^20
        QVERIFY(f65537 && f1048573);
        for (const BIGNUM* n : {threeQ.get(), square.get(), prime2048.get(), f65537.get(), f1048573.get()}) {
            EvpPkeyPtr key = rsaFromNumbers(n, 65537);
            QVERIFY(key);
            const Status s = KeyPolicy::check(key.get());
            QCOMPARE(s.code(), ErrorCode::Invalid);
            QVERIFY2(s.message().contains(u"anyone could compute the private key"), qPrintable(s.message()));
        }
        // The request a holder's tool could send: signed with d = 65537^-1 mod 2(q - 1), so it verifies.
        BnPtr phi(BN_new());
        BN_sub(phi.get(), q.get(), BN_value_one());
        BN_lshift1(phi.get(), phi.get());
        BnPtr e(BN_new());
        BN_set_word(e.get(), 65537);
        BnPtr d(BN_mod_inverse(nullptr, e.get(), phi.get(), bnCtx.get()));
        QVERIFY(d);
        ParamBldPtr bld(OSSL_PARAM_BLD_new());
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, threeQ.get());
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get());
        ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
        EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
        EVP_PKEY* raw = nullptr;
        QVERIFY(ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) == 1);
        EvpPkeyPtr weak(raw);
        const QByteArray der = requestDer(weak.get());
        {
            const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
            X509ReqPtr req(d2i_X509_REQ(nullptr, &p, long(der.size())));
            QVERIFY(req);
            QCOMPARE(X509_REQ_verify(req.get(), X509_REQ_get0_pubkey(req.get())), 1); // proof of possession passes
        }
        const Result<Csr> csr = Csr::parse(der);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(u"small factor"), qPrintable(csr.message()));
    }

    // Attack of session 33, C4: n = p x q with q the prime after p (1024 bits each) was certified, and Fermat's
    // method factors it at its first step. Refused now, by KeyPolicy::check and by Csr::parse on a request the key
    // really signed (proof of possession passes); primes 2^520 apart need some 10,000 rounds and are accepted (the
    // rule is the CA/Browser Forum's 100 rounds); a key KeyGenerator makes passes.
    void modulusWithClosePrimesIsRefused() {
        BnPtr p(BN_new());
        QVERIFY(BN_generate_prime_ex(p.get(), 1024, 0, nullptr, nullptr, nullptr) == 1);
        const BnPtr q = nextPrime(p.get());
        EvpPkeyPtr weak = rsaFromPrimes(p.get(), q.get());
        QVERIFY(weak);
        QCOMPARE(EVP_PKEY_get_bits(weak.get()), 2048);
        const Status s = KeyPolicy::check(weak.get());
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"Fermat") && s.message().contains(u"primes are too close"),
                 qPrintable(s.message()));
        QVERIFY(!KeyPolicy::hasSmallPrimeFactor(modulusOf(weak.get()).get())); // the rule before did not see it
        QVERIFY(KeyPolicy::check(rsaFromNumbers(modulusOf(weak.get()).get(), 65537).get())
                    .message()
                    .contains(u"Fermat")); // the public half alone, as a CSR carries it
        const QByteArray der = requestDer(weak.get());
        {
            const auto* bytes = reinterpret_cast<const unsigned char*>(der.constData());
            X509ReqPtr req(d2i_X509_REQ(nullptr, &bytes, long(der.size())));
            QVERIFY(req);
            QCOMPARE(X509_REQ_verify(req.get(), X509_REQ_get0_pubkey(req.get())), 1);
        }
        const Result<Csr> csr = Csr::parse(der);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(u"Fermat"), qPrintable(csr.message()));

        // Primes 2^520 apart: (p + q)/2 - sqrt(pq) is about 2^1040 / 8p, some 10,000 steps.
        BnPtr far(BN_new());
        BN_set_bit(far.get(), 520);
        BN_add(far.get(), far.get(), p.get());
        const BnPtr distant = nextPrime(far.get());
        EvpPkeyPtr apart = rsaFromPrimes(p.get(), distant.get());
        QVERIFY(apart);
        const Status ok = KeyPolicy::check(apart.get());
        QVERIFY2(ok.ok(), qPrintable(ok.message()));
        QVERIFY(KeyPolicy::factorsByFermat(modulusOf(apart.get()).get(), 20000)); // close enough for many rounds

        EvpPkeyPtr generated = rsaKey(2048);
        QVERIFY(generated);
        QVERIFY(!KeyPolicy::factorsByFermat(modulusOf(generated.get()).get()));
        const Status fine = KeyPolicy::check(generated.get());
        QVERIFY2(fine.ok(), qPrintable(fine.message()));
    }

    // What the 100 rounds cost on a sound modulus (every round taken): printed, and bounded loosely (a shared machine).
    void fermatRoundsAreCheap() {
        std::vector<BnPtr> moduli;
        for (int i = 0; i < 100; ++i)
            moduli.push_back(modulusOf(rsaPublicOfSize(i % 4 == 0 ? 4096 : 2048).get()));
        QElapsedTimer timer;
        timer.start();
        for (const BnPtr& n : moduli)
            QVERIFY(!KeyPolicy::factorsByFermat(n.get()));
        const double perCheck = double(timer.nsecsElapsed()) / 1e6 / double(moduli.size());
        qInfo("Fermat's 100 rounds: %.4f ms per modulus (75 of 2048 bits, 25 of 4096)", perCheck);
        QVERIFY2(perCheck < 5.0, qPrintable(QString::number(perCheck)));
    }

    // A sound modulus is remembered by the process (one issuance judges its key twice: the request, then the
    // certificate), by n alone: the same n under another exponent, judged afterwards, is still refused for it.
    void aModulusJudgedSoundStillNeedsItsExponent() {
        EvpPkeyPtr good = rsaPublicOfSize(2048);
        QVERIFY(good);
        QVERIFY(KeyPolicy::check(good.get()).ok());
        QVERIFY(KeyPolicy::check(good.get()).ok()); // the remembered verdict
        BIGNUM* raw = nullptr;
        QVERIFY(EVP_PKEY_get_bn_param(good.get(), OSSL_PKEY_PARAM_RSA_N, &raw) == 1);
        const BnPtr n(raw);
        for (unsigned long e : {3ul, 1ul, 17ul}) {
            EvpPkeyPtr other = rsaFromNumbers(n.get(), e);
            QVERIFY(other);
            const Status s = KeyPolicy::check(other.get());
            QCOMPARE(s.code(), ErrorCode::Invalid);
            QVERIFY2(s.message().contains(QStringLiteral("exponent is %1;").arg(e)), qPrintable(s.message()));
        }
        QVERIFY(!KeyPolicy::hasSmallPrimeFactor(n.get()));
    }

    void exponentOneCsrIsRefused() {
        // A CSR that really verifies: e = 1, d = 1 over a genuine modulus. Proof of possession passes,
        // and with it anyone could sign as the holder — the key rule must stop it.
        const QByteArray der = exponentOneCsrDer();
        QVERIFY(!der.isEmpty());
        {
            const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
            X509ReqPtr req(d2i_X509_REQ(nullptr, &p, long(der.size())));
            QCOMPARE(X509_REQ_verify(req.get(), X509_REQ_get0_pubkey(req.get())), 1); // the forgery verifies
        }
        const Result<Csr> csr = Csr::parse(der);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(u"exponent is 1;") && csr.message().contains(u"65537"),
                 qPrintable(csr.message()));
    }

    void exponentThreeCsrIsRefused() {
        const QByteArray pem =
            opensslRequest(QStringLiteral("e3"), {QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                                  QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"),
                                                  QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_pubexp:3")});
        QVERIFY(pem.contains("BEGIN CERTIFICATE REQUEST"));
        const Result<Csr> csr = Csr::parse(pem);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(u"exponent is 3;") && csr.message().contains(u"low-exponent"),
                 qPrintable(csr.message()));

        // CertificateBuilder refuses the key too, whatever path it came by.
        EvpPkeyPtr key = readKey(m_dir.filePath(QStringLiteral("e3.key")));
        QVERIFY(key);
        TestCa root = makeRoot(rsaKey());
        TestCa sub = makeSub(root, rsaKey());
        const Result<QByteArray> cert = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualSign)),
                                                                  key.get(), sub.cert.get(), sub.key.get());
        QCOMPARE(cert.code(), ErrorCode::Invalid);
        QVERIFY2(cert.message().contains(u"65537"), qPrintable(cert.message()));
    }

    void explicitCurveCsrIsRefused_data() {
        QTest::addColumn<QString>("curve");
        QTest::newRow("P-256 explicit") << QStringLiteral("P-256");
        QTest::newRow("P-384 explicit") << QStringLiteral("P-384");
    }
    void explicitCurveCsrIsRefused() {
        QFETCH(QString, curve);
        const QString stem = QStringLiteral("explicit") + curve;
        const QByteArray pem =
            opensslRequest(stem, {QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                                  QStringLiteral("ec_paramgen_curve:") + curve, QStringLiteral("-pkeyopt"),
                                  QStringLiteral("ec_param_enc:explicit")});
        QVERIFY(pem.contains("BEGIN CERTIFICATE REQUEST"));
        const ProcessResult text = run(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-in"),
                                                                   m_dir.filePath(stem + QStringLiteral(".csr")),
                                                                   QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.output.contains(QStringLiteral("Field Type: prime-field")), qPrintable(text.output));

        const Result<Csr> csr = Csr::parse(pem);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(u"explicit parameters") && csr.message().contains(u"P-256"),
                 qPrintable(csr.message()));
        // The decoded key alone is refused as well (its encoding says explicit).
        EvpPkeyPtr key = readKey(m_dir.filePath(stem + QStringLiteral(".key")));
        QVERIFY(key);
        const Status s = KeyPolicy::check(key.get());
        QVERIFY2(!s.ok() && s.message().contains(u"explicit"), qPrintable(s.message()));
        QVERIFY(!KeyPolicy::checkSubjectPublicKeyInfo(toDer(key.get(), i2d_PUBKEY)).ok());
    }

    void namedCurveAndGoodRsaCsrsAreAccepted() {
        const QByteArray p256 = opensslRequest(QStringLiteral("named"),
                                               {QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256")});
        const Result<Csr> ec = Csr::parse(p256);
        QVERIFY2(ec.ok(), qPrintable(ec.message()));
        QCOMPARE(ec->keyDescription(), QStringLiteral("ECDSA P-256"));
        const Result<Csr> rsa = Csr::parse(requestDer(rsaKey(2048).get()));
        QVERIFY2(rsa.ok(), qPrintable(rsa.message()));
    }

    // A request's key is taken in its own bytes only when they are exactly what OpenSSL's encoder writes
    // for the key (EncodedKey::of(key, received)): the certificate and the never-twice digest see the same
    // bytes as when the key is encoded. Crafted encodings of a good key (BER lengths, parameters left
    // out, unused bits, compressed or hybrid points, a key that is not the received one) are encoded anew.
    void receivedKeyBytesAreTakenOnlyInTheEncodersForm() {
        const auto expectEncoded = [](EVP_PKEY* key, const X509_PUBKEY* received, const char* what) {
            auto fast = EncodedKey::of(key, received);
            auto slow = EncodedKey::of(key);
            QVERIFY2(fast.ok() && slow.ok(), what);
            QVERIFY2(fast->der() == certifiedForm(key), what);
            QVERIFY2(fast->der() == slow->der(), what);
            QVERIFY2(fast->compressedPoint() == slow->compressedPoint(), what);
            QVERIFY2(fast->key() == key, what);
            QVERIFY2(KeyPolicy::spkiSha256Hex(*fast) == KeyPolicy::spkiSha256Hex(key), what);
        };
        const auto decoded = [](const QByteArray& der) {
            const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
            X509_PUBKEY* pub = d2i_X509_PUBKEY(nullptr, &p, long(der.size()));
            ERR_clear_error();
            return std::unique_ptr<X509_PUBKEY, OsslDeleter<X509_PUBKEY_free>>(pub);
        };
        // Genuine requests, through Csr: RSA of three sizes, both curves, a compressed P-256 point.
        EvpPkeyPtr compressedKey = ecKey("P-256");
        QCOMPARE(EVP_PKEY_set_utf8_string_param(compressedKey.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                                OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED),
                 1);
        EvpPkeyPtr rsa2048 = rsaKey(2048);
        const std::vector<std::pair<const char*, EVP_PKEY*>> keys = {
            {"RSA-2048", rsa2048.get()}, {"RSA-3072", nullptr}, {"RSA-4096", nullptr},
            {"P-256", nullptr},          {"P-384", nullptr},    {"P-256 compressed", compressedKey.get()}};
        std::vector<EvpPkeyPtr> owned;
        for (auto [what, given] : keys) {
            EVP_PKEY* key = given;
            if (!key) {
                const QByteArray name(what);
                owned.push_back(name.startsWith("RSA") ? rsaKey(name.mid(4).toInt()) : ecKey(what));
                key = owned.back().get();
            }
            const Result<Csr> csr = Csr::parse(requestDer(key));
            QVERIFY2(csr.ok(), qPrintable(csr.message()));
            auto encoded = csr->encodedKey();
            QVERIFY2(encoded.ok(), what);
            QVERIFY2(encoded->key() == csr->publicKey(), what);
            QVERIFY2(encoded->der() == certifiedForm(csr->publicKey()), what);
            QVERIFY2(KeyPolicy::spkiSha256Hex(*encoded) == KeyPolicy::spkiSha256Hex(key), what);
            QCOMPARE(encoded->compressedPoint(), QByteArray(what).contains("compressed"));
        }

        // Crafted encodings of a good RSA key.
        const QByteArray rsaDer = toDer(rsa2048.get(), i2d_PUBKEY);
        auto genuine = decoded(rsaDer);
        QVERIFY(genuine && X509_PUBKEY_get0(genuine.get()));
        expectEncoded(X509_PUBKEY_get0(genuine.get()), genuine.get(), "RSA as encoded");
        QCOMPARE(toDer(genuine.get(), i2d_X509_PUBKEY), rsaDer);
        const unsigned char* inner = nullptr;
        int innerLength = 0;
        QVERIFY(X509_PUBKEY_get0_param(nullptr, &inner, &innerLength, nullptr, genuine.get()) == 1);
        const QByteArray rsaInner(reinterpret_cast<const char*>(inner), innerLength);
        QCOMPARE(quint8(rsaInner.at(0)), quint8(0x30));
        QCOMPARE(quint8(rsaInner.at(1)), quint8(0x82)); // a 2048-bit key: two length bytes
        const auto wrapped = [](const QByteArray& innerKey, int parameterType) {
            X509_PUBKEY* pub = X509_PUBKEY_new();
            auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(innerKey.constData(), size_t(innerKey.size())));
            X509_PUBKEY_set0_param(pub, OBJ_nid2obj(NID_rsaEncryption), parameterType, nullptr, copy,
                                   int(innerKey.size()));
            QByteArray der = toDer(pub, i2d_X509_PUBKEY);
            X509_PUBKEY_free(pub);
            return der;
        };
        // The RSAPublicKey's length in a longer form than DER's (BER), and the whole SPKI with it.
        QByteArray berInner = rsaInner;
        berInner.replace(0, 4, QByteArray(QByteArray("\x30\x83\x00", 3) + rsaInner.mid(2, 2)));
        // The parameters left out (the AlgorithmIdentifier without its NULL).
        const std::vector<std::pair<const char*, QByteArray>> crafted = {
            {"RSA, BER length inside", wrapped(berInner, V_ASN1_NULL)},
            {"RSA, no NULL parameters", wrapped(rsaInner, V_ASN1_UNDEF)},
            {"RSA, NULL parameters (control)", wrapped(rsaInner, V_ASN1_NULL)},
        };
        int decodedCrafted = 0;
        for (const auto& [what, der] : crafted) {
            auto pub = decoded(der);
            if (!pub || !X509_PUBKEY_get0(pub.get()))
                continue; // OpenSSL refuses the encoding: it can never reach an issuance
            ++decodedCrafted;
            expectEncoded(X509_PUBKEY_get0(pub.get()), pub.get(), what);
        }
        QVERIFY2(decodedCrafted >= 2, "the crafted RSA encodings were not read: the test proves nothing");
        // A BIT STRING that claims unused bits.
        QByteArray unused = rsaDer;
        unused[unused.size() - innerLength - 1] = 0x01;
        if (auto pub = decoded(unused); pub && X509_PUBKEY_get0(pub.get()))
            expectEncoded(X509_PUBKEY_get0(pub.get()), pub.get(), "RSA, unused bits claimed");
        // The received bytes of another key are not taken for this one.
        EvpPkeyPtr other = rsaKey(2048);
        expectEncoded(other.get(), genuine.get(), "another key");

        // EC: uncompressed, compressed and hybrid points of a P-256 key.
        EvpPkeyPtr ec = ecKey("P-256");
        for (const char* form :
             {OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED, OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED,
              OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_HYBRID}) {
            EvpPkeyPtr copy(EVP_PKEY_dup(ec.get()));
            QVERIFY(copy);
            QCOMPARE(EVP_PKEY_set_utf8_string_param(copy.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, form), 1);
            auto pub = decoded(toDer(copy.get(), i2d_PUBKEY));
            QVERIFY2(pub && X509_PUBKEY_get0(pub.get()), form);
            expectEncoded(X509_PUBKEY_get0(pub.get()), pub.get(), form);
            QCOMPARE(KeyPolicy::spkiSha256Hex(*EncodedKey::of(X509_PUBKEY_get0(pub.get()), pub.get())),
                     KeyPolicy::spkiSha256Hex(ec.get()));
        }
        QVERIFY(!EncodedKey::of(nullptr, genuine.get()).ok());
    }

    void otherAlgorithmsAreRefused() {
        EvpPkeyPtr ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        const Status s = KeyPolicy::check(ed.get());
        QVERIFY2(!s.ok() && s.message().contains(u"ED25519"), qPrintable(s.message()));
        EvpPkeyPtr k1(EVP_EC_gen("secp256k1"));
        QVERIFY(KeyPolicy::check(k1.get()).message().contains(u"secp256k1"));
        QCOMPARE(KeyPolicy::check(nullptr).code(), ErrorCode::Invalid);
        QCOMPARE(KeyPolicy::checkSubjectPublicKeyInfo(QByteArray("\x30\x03\x02\x01\x01", 5)).code(),
                 ErrorCode::Invalid);
    }

    void generatedKeysObeyThePolicy() {
        for (KeyAlgorithm a : {KeyAlgorithm::Rsa2048, KeyAlgorithm::EcP256, KeyAlgorithm::EcP384}) {
            Result<EvpPkeyPtr> key = KeyGenerator::generate(a);
            QVERIFY2(key.ok(), qPrintable(key.message()));
            QVERIFY(KeyPolicy::check(key->get()).ok());
            BIGNUM* e = nullptr;
            if (EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_E, &e) == 1) {
                QVERIFY(BN_is_word(e, 65537));
                BN_free(e);
            }
        }
    }

    void spkiSha256IdentifiesTheKey() {
        EvpPkeyPtr key = ecKey("P-256");
        const QByteArray digest = KeyPolicy::spkiSha256(key.get());
        QCOMPARE(digest.size(), 32);
        // Exactly SHA-256 over the DER SubjectPublicKeyInfo, as `openssl pkey -pubout -outform DER` writes it.
        const QString keyPath = m_dir.filePath(QStringLiteral("spki.key"));
        QVERIFY(writeFile(keyPath, keyPem(key.get())));
        const QString pubPath = m_dir.filePath(QStringLiteral("spki.der"));
        QCOMPARE(run(QStringLiteral("openssl"),
                     {QStringLiteral("pkey"), QStringLiteral("-in"), keyPath, QStringLiteral("-pubout"),
                      QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), pubPath})
                     .exitCode,
                 0);
        QCOMPARE(digest, QCryptographicHash::hash(readFile(pubPath), QCryptographicHash::Sha256));
        QCOMPARE(KeyPolicy::spkiSha256Hex(key.get()), QString::fromLatin1(digest.toHex()));

        // The same key sent with a compressed point has the same digest (no way around the index).
        const QString compressedPath = m_dir.filePath(QStringLiteral("spki-compressed.der"));
        QCOMPARE(run(QStringLiteral("openssl"),
                     {QStringLiteral("pkey"), QStringLiteral("-in"), keyPath, QStringLiteral("-pubout"),
                      QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-ec_conv_form"),
                      QStringLiteral("compressed"), QStringLiteral("-out"), compressedPath})
                     .exitCode,
                 0);
        const QByteArray compressed = readFile(compressedPath);
        QVERIFY(compressed != readFile(pubPath));
        const auto* p = reinterpret_cast<const unsigned char*>(compressed.constData());
        EvpPkeyPtr fromCompressed(d2i_PUBKEY(nullptr, &p, long(compressed.size())));
        QVERIFY(fromCompressed);
        QCOMPARE(KeyPolicy::spkiSha256(fromCompressed.get()), digest);

        // The public half alone gives the same digest; another key another one.
        const QByteArray pub = readFile(pubPath);
        p = reinterpret_cast<const unsigned char*>(pub.constData());
        EvpPkeyPtr publicOnly(d2i_PUBKEY(nullptr, &p, long(pub.size())));
        QCOMPARE(KeyPolicy::spkiSha256(publicOnly.get()), digest);
        QVERIFY(KeyPolicy::spkiSha256(ecKey("P-256").get()) != digest);
        EvpPkeyPtr rsa = rsaKey(2048);
        QCOMPARE(KeyPolicy::spkiSha256(rsa.get()),
                 QCryptographicHash::hash(toDer(rsa.get(), i2d_PUBKEY), QCryptographicHash::Sha256));
        QVERIFY(KeyPolicy::spkiSha256(nullptr).isEmpty());

        // A key encoded once for issuance (EncodedKey) has the same digest, compressed point included: the
        // register's never-twice index cannot be walked around through it.
        for (EVP_PKEY* k : {key.get(), fromCompressed.get(), publicOnly.get(), rsa.get()}) {
            auto encoded = EncodedKey::of(k);
            QVERIFY2(encoded.ok(), qPrintable(encoded.message()));
            QCOMPARE(encoded->der(), certifiedForm(k));
            QCOMPARE(KeyPolicy::spkiSha256Hex(*encoded), KeyPolicy::spkiSha256Hex(k));
        }
        QVERIFY(EncodedKey::of(fromCompressed.get())->compressedPoint());
        QVERIFY(!EncodedKey::of(key.get())->compressedPoint());
        QCOMPARE(KeyPolicy::spkiSha256Hex(*EncodedKey::of(fromCompressed.get())), QString::fromLatin1(digest.toHex()));
        QVERIFY(!EncodedKey::of(nullptr).ok());
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestKeyPolicy)
#include "tst_keypolicy.moc"
