// Key generation for the five accepted algorithms, their names, and the strength rules that CSRs
// and CA keys are judged by.

#include "common/TestMain.h"
#include "pki/KeyGenerator.h"

#include <QTest>

#include <openssl/evp.h>

using namespace tirkeu;
using namespace tirkeu::pki;

Q_DECLARE_METATYPE(tirkeu::pki::KeyAlgorithm)

class TestKeyGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void algorithms_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<KeyAlgorithm>("algorithm");
        QTest::addColumn<QString>("description");
        QTest::newRow("rsa2048") << QStringLiteral("rsa2048") << KeyAlgorithm::Rsa2048 << QStringLiteral("RSA 2048");
        QTest::newRow("rsa3072") << QStringLiteral("rsa3072") << KeyAlgorithm::Rsa3072 << QStringLiteral("RSA 3072");
        QTest::newRow("rsa4096") << QStringLiteral("rsa4096") << KeyAlgorithm::Rsa4096 << QStringLiteral("RSA 4096");
        QTest::newRow("p256") << QStringLiteral("p256") << KeyAlgorithm::EcP256 << QStringLiteral("ECDSA P-256");
        QTest::newRow("p384") << QStringLiteral("p384") << KeyAlgorithm::EcP384 << QStringLiteral("ECDSA P-384");
    }

    void namesParseAndDescribe_data() { algorithms_data(); }
    void namesParseAndDescribe() {
        QFETCH(QString, name);
        QFETCH(KeyAlgorithm, algorithm);
        QFETCH(QString, description);
        const auto parsed = KeyGenerator::parse(name);
        QVERIFY2(parsed.ok(), qPrintable(parsed.message()));
        QCOMPARE(*parsed, algorithm);
        QCOMPARE(*KeyGenerator::parse(u' ' + name.toUpper()), algorithm);
        QCOMPARE(KeyGenerator::name(algorithm), name);
        QCOMPARE(KeyGenerator::describe(algorithm), description);
    }

    void unknownNamesAreRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("rsa1024") << QStringLiteral("rsa1024");
        QTest::newRow("p521") << QStringLiteral("p521");
        QTest::newRow("ed25519") << QStringLiteral("ed25519");
        QTest::newRow("empty") << QString();
    }
    void unknownNamesAreRefused() {
        QFETCH(QString, name);
        const auto parsed = KeyGenerator::parse(name);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.code(), ErrorCode::Usage);
        QVERIFY2(parsed.message().contains(u"rsa2048"), qPrintable(parsed.message()));
    }

    void generatesTheRequestedKey_data() { algorithms_data(); }
    void generatesTheRequestedKey() {
        QFETCH(KeyAlgorithm, algorithm);
        QFETCH(QString, description);
        const auto key = KeyGenerator::generate(algorithm);
        QVERIFY2(key.ok(), qPrintable(key.message()));
        QCOMPARE(KeyGenerator::describe(key->get()), description);
        QCOMPARE(*KeyGenerator::algorithmOf(key->get()), algorithm);
        QVERIFY(KeyGenerator::checkStrength(key->get()).ok());
        // Two generations never give the same key.
        const auto other = KeyGenerator::generate(algorithm);
        QVERIFY(EVP_PKEY_eq(key->get(), other->get()) != 1);
    }

    void shortRsaIsRefused() {
        EvpPkeyPtr weak(EVP_RSA_gen(1024));
        QVERIFY(weak);
        const Status s = KeyGenerator::checkStrength(weak.get());
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"1024") && s.message().contains(u"2048"), qPrintable(s.message()));
        QCOMPARE(KeyGenerator::describe(weak.get()), QStringLiteral("RSA 1024"));
        QVERIFY(!KeyGenerator::algorithmOf(weak.get()).ok());
    }

    void otherCurvesAreRefused_data() {
        QTest::addColumn<QByteArray>("curve");
        QTest::newRow("secp256k1") << QByteArray("secp256k1");
        QTest::newRow("P-521") << QByteArray("P-521");
        QTest::newRow("brainpoolP256r1") << QByteArray("brainpoolP256r1");
    }
    void otherCurvesAreRefused() {
        QFETCH(QByteArray, curve);
        EvpPkeyPtr key(EVP_EC_gen(curve.constData()));
        QVERIFY(key);
        const Status s = KeyGenerator::checkStrength(key.get());
        QVERIFY(!s.ok());
        QVERIFY2(s.message().contains(u"P-256") && s.message().contains(u"P-384"), qPrintable(s.message()));
        QVERIFY2(s.message().contains(QString::fromLatin1(curve), Qt::CaseInsensitive) ||
                     s.message().contains(u"secp521r1"),
                 qPrintable(s.message()));
    }

    void otherKeyTypesAreRefused() {
        EvpPkeyPtr ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        QVERIFY(ed);
        const Status s = KeyGenerator::checkStrength(ed.get());
        QVERIFY(!s.ok());
        QVERIFY2(s.message().contains(u"ED25519"), qPrintable(s.message()));
        QVERIFY(!KeyGenerator::checkStrength(nullptr).ok());
    }

    void publicKeyAloneIsJudgedToo() {
        // A CSR carries only the public key; the check must not need the private half.
        const auto key = KeyGenerator::generate(KeyAlgorithm::EcP384);
        const QByteArray der = toDer(key->get(), i2d_PUBKEY);
        const auto* in = reinterpret_cast<const unsigned char*>(der.constData());
        EvpPkeyPtr pub(d2i_PUBKEY(nullptr, &in, long(der.size())));
        QVERIFY(pub);
        QVERIFY(KeyGenerator::checkStrength(pub.get()).ok());
        QCOMPARE(*KeyGenerator::algorithmOf(pub.get()), KeyAlgorithm::EcP384);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestKeyGenerator)
#include "tst_keygenerator.moc"
