// Shamir sharing over GF(2^8): field arithmetic against FIPS-197, shares computed by hand for fixed
// coefficients, every 3-of-5 subset, and the failures (too few shares, damaged share files).

#include "common/TestMain.h"
#include "pki/SecretSharing.h"

#include "pki/Ossl.h"

#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;

namespace {

QByteArray bytes(std::initializer_list<int> values) {
    QByteArray out;
    for (int v : values)
        out.append(char(v));
    return out;
}

QList<Share> pick(const QList<Share>& all, std::initializer_list<int> indices) {
    QList<Share> out;
    for (int i : indices)
        out << all[i - 1];
    return out;
}

// The 2-byte secret {53 00} with f(x) = s + c1·x + c2·x² per byte, c1 = {CA 01}, c2 = {01 01}.
const QByteArray kSecret = bytes({0x53, 0x00});
const QList<QByteArray> kCoefficients{bytes({0xCA, 0x01}), bytes({0x01, 0x01})};

} // namespace

class TestSecretSharing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldArithmeticMatchesFips197() {
        // FIPS-197 §4.2: {57}·{83} = {c1}, {57}·{13} = {fe}; {53} and {ca} are inverses (§5.1.1).
        QCOMPARE(SecretSharing::multiply(0x57, 0x83), quint8(0xc1));
        QCOMPARE(SecretSharing::multiply(0x57, 0x13), quint8(0xfe));
        QCOMPARE(SecretSharing::multiply(0x53, 0xca), quint8(0x01));
        QCOMPARE(SecretSharing::inverse(0x53), quint8(0xca));
        QCOMPARE(SecretSharing::inverse(0x03), quint8(0xf6));
        QCOMPARE(SecretSharing::inverse(0x00), quint8(0x00));
        for (int a = 1; a < 256; ++a) {
            QCOMPARE(SecretSharing::multiply(quint8(a), SecretSharing::inverse(quint8(a))), quint8(1));
            QCOMPARE(SecretSharing::multiply(quint8(a), 1), quint8(a));
            QCOMPARE(SecretSharing::multiply(quint8(a), 0), quint8(0));
        }
    }

    void fixedCoefficientsGiveHandComputedShares() {
        // Worked by hand in GF(2^8) mod 0x11b: 2·CA = 8F, 3·CA = 45, 4·CA = 05, 5·CA = CF and
        // x² = 1, 4, 5, 10, 11 for x = 1..5.
        //   byte 0: f(x) = 53 + CA·x + x²  -> 98, D8, 13, 46, 8D
        //   byte 1: f(x) =  0 +    x + x²  -> 00, 06, 06, 14, 14
        const auto shares = SecretSharing::split(kSecret, 5, 3, kCoefficients);
        QVERIFY2(shares.ok(), qPrintable(shares.message()));
        const QList<QByteArray> expected{bytes({0x98, 0x00}), bytes({0xD8, 0x06}), bytes({0x13, 0x06}),
                                         bytes({0x46, 0x14}), bytes({0x8D, 0x14})};
        QCOMPARE(shares->size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE((*shares)[i].index, i + 1);
            QCOMPARE((*shares)[i].data.toHex(), expected[i].toHex());
        }
    }

    void everyThreeOfFiveSubsetGivesTheSecret() {
        const QByteArray secret = randomBytes(32);
        const auto shares = SecretSharing::split(secret, 5, 3);
        QVERIFY2(shares.ok(), qPrintable(shares.message()));
        int subsets = 0;
        for (int a = 1; a <= 5; ++a)
            for (int b = a + 1; b <= 5; ++b)
                for (int c = b + 1; c <= 5; ++c) {
                    const auto combined = SecretSharing::combine(pick(*shares, {a, b, c}), 3);
                    QVERIFY2(combined.ok(), qPrintable(combined.message()));
                    QCOMPARE(combined->toHex(), secret.toHex());
                    ++subsets;
                }
        QCOMPARE(subsets, 10);
        // More than the threshold works too, in any order.
        QCOMPARE(SecretSharing::combine(pick(*shares, {5, 1, 4, 2}), 3)->toHex(), secret.toHex());
        QCOMPARE(SecretSharing::combine(*shares, 3)->toHex(), secret.toHex());
    }

    void fixedCoefficientSharesCombineBack() {
        const auto shares = SecretSharing::split(kSecret, 5, 3, kCoefficients);
        QCOMPARE(SecretSharing::combine(pick(*shares, {1, 3, 5}), 3)->toHex(), kSecret.toHex());
        QCOMPARE(SecretSharing::combine(pick(*shares, {2, 4, 5}), 3)->toHex(), kSecret.toHex());
    }

    void twoSharesDoNotGiveTheSecret() {
        const auto shares = SecretSharing::split(kSecret, 5, 3, kCoefficients);
        // Shares 1 and 2 define only a line: at 0 it is (2·98 + D8)/3 = 51 and (2·0 + 6)/3 = 02.
        QCOMPARE(SecretSharing::interpolate(pick(*shares, {1, 2})).toHex(), bytes({0x51, 0x02}).toHex());
        const auto refused = SecretSharing::combine(pick(*shares, {1, 2}), 3);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.code(), ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(u"3 shares are needed"), qPrintable(refused.message()));

        // With a random 32-byte secret no pair interpolates to it.
        const QByteArray secret = randomBytes(32);
        const auto random = SecretSharing::split(secret, 5, 3);
        for (int a = 1; a <= 5; ++a)
            for (int b = a + 1; b <= 5; ++b)
                QVERIFY(SecretSharing::interpolate(pick(*random, {a, b})) != secret);
    }

    void parametersAreEnforced() {
        const QByteArray secret = randomBytes(16);
        QCOMPARE(SecretSharing::split(secret, 5, 1).code(), ErrorCode::Usage);   // threshold >= 2
        QCOMPARE(SecretSharing::split(secret, 2, 3).code(), ErrorCode::Usage);   // shares >= threshold
        QCOMPARE(SecretSharing::split(secret, 256, 3).code(), ErrorCode::Usage); // at most 255 shares
        QCOMPARE(SecretSharing::split(QByteArray(), 5, 3).code(), ErrorCode::Usage);
        QCOMPARE(SecretSharing::split(secret, 5, 3, {randomBytes(16)}).code(), ErrorCode::Usage);
        const auto many = SecretSharing::split(secret, 255, 2);
        QVERIFY(many.ok());
        QCOMPARE(many->last().index, 255);
        QCOMPARE(SecretSharing::combine(pick(*many, {17, 255}), 2)->toHex(), secret.toHex());
    }

    void duplicateOrMismatchedSharesAreRefused() {
        const auto shares = SecretSharing::split(randomBytes(16), 5, 3);
        QCOMPARE(SecretSharing::combine(pick(*shares, {1, 2, 2}), 3).code(), ErrorCode::Invalid);
        QList<Share> shortened = pick(*shares, {1, 2, 3});
        shortened[1].data.chop(1);
        QCOMPARE(SecretSharing::combine(shortened, 3).code(), ErrorCode::Invalid);
        QList<Share> zero = pick(*shares, {1, 2, 3});
        zero[0].index = 0;
        QCOMPARE(SecretSharing::combine(zero, 3).code(), ErrorCode::Invalid);
    }

    void shareFileRoundTrips() {
        ShareFile file{QStringLiteral("KZ-ROOT"),
                       QStringLiteral("00112233445566778899aabbccddeeff"),
                       QStringLiteral("ab").repeated(32),
                       3,
                       5,
                       Share{2, randomBytes(32)}};
        const QByteArray text = file.toText();
        QVERIFY(text.startsWith("TIRKEU-SHARE v1\nca: KZ-ROOT\n"));
        QVERIFY(text.contains("\nthreshold: 3\n"));
        QVERIFY(text.contains("\nindex: 2\n"));
        const auto parsed = ShareFile::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.message()));
        QCOMPARE(parsed->caCode, file.caCode);
        QCOMPARE(parsed->backupId, file.backupId);
        QCOMPARE(parsed->keyFingerprint, file.keyFingerprint);
        QCOMPARE(parsed->threshold, 3);
        QCOMPARE(parsed->shares, 5);
        QCOMPARE(parsed->share.index, 2);
        QCOMPARE(parsed->share.data, file.share.data);
        // A custodian's editor may have turned the line endings into CRLF.
        QByteArray crlf = text;
        crlf.replace("\n", "\r\n");
        QVERIFY(ShareFile::parse(crlf).ok());
    }

    void damagedShareFileIsDetected_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::newRow("index changed") << QByteArray("index: 2") << QByteArray("index: 4");
        QTest::newRow("threshold changed") << QByteArray("threshold: 3") << QByteArray("threshold: 2");
        QTest::newRow("ca changed") << QByteArray("ca: KZ-ROOT") << QByteArray("ca: KZ-ROOT2");
        QTest::newRow("share digit") << QByteArray("share: ") << QByteArray("share: A");
        QTest::newRow("magic") << QByteArray("TIRKEU-SHARE v1") << QByteArray("TIRKEU-SHARE v2");
        QTest::newRow("line dropped") << QByteArray("shares: 5\n") << QByteArray();
    }
    void damagedShareFileIsDetected() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        ShareFile file{QStringLiteral("KZ-ROOT"),
                       QStringLiteral("00112233445566778899aabbccddeeff"),
                       QStringLiteral("cd").repeated(32),
                       3,
                       5,
                       Share{2, QByteArray(32, '\x5a')}};
        QByteArray text = file.toText();
        QVERIFY(text.contains(from));
        text.replace(from, to);
        const auto parsed = ShareFile::parse(text);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.code(), ErrorCode::Invalid);
        QVERIFY2(parsed.message().contains(u"damaged"), qPrintable(parsed.message()));
    }

    void flippedShareByteFailsTheChecksum() {
        ShareFile file{QStringLiteral("KZ-ROOT"),
                       QStringLiteral("00112233445566778899aabbccddeeff"),
                       QStringLiteral("cd").repeated(32),
                       3,
                       5,
                       Share{2, QByteArray(32, '\x5a')}};
        QByteArray text = file.toText();
        const qsizetype at = text.indexOf("share: ") + 10;
        text[at] = text[at] == 'A' ? 'B' : 'A';
        const auto parsed = ShareFile::parse(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.message().contains(u"checksum"), qPrintable(parsed.message()));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestSecretSharing)
#include "tst_secretsharing.moc"
