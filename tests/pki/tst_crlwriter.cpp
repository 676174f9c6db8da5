// CrlWriter: our hand-made DER must be what OpenSSL itself would write (byte for byte with a
// deterministic RSA signature), and openssl crl / openssl verify -crl_check / certtool accept it.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/Certificate.h"
#include "pki/CrlNumber.h"
#include "pki/CrlWriter.h"
#include "pki/Der.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

struct Revoked {
    QByteArray serial;
    qint64 at;
    int reason;
};

// A source over a list; the list must outlive the source.
RevokedSource listSource(const QList<Revoked>& list) {
    return [&list, i = qsizetype(0)](RevokedEntry& e) mutable {
        if (i == list.size())
            return false;
        e.serial = list[i].serial;
        e.revokedAt = list[i].at;
        e.reason = list[i].reason;
        ++i;
        return true;
    };
}

constexpr qint64 kJan2026 = 1767225600; // 2026-01-01T00:00:00Z

QString serialHex(const QByteArray& serial) {
    return QString::fromLatin1(serial.toHex().toUpper());
}

ProcessResult openssl(const QStringList& args) {
    return run(QStringLiteral("openssl"), args);
}

// The cRLNumber as OpenSSL reads it from the whole decoded CRL (what CrlNumber::read did before it
// skipped the entries): -1 when OpenSSL cannot decode the CRL, 0 when it has no number (or two).
qint64 numberByOpenssl(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, long(der.size())));
    if (!crl)
        return -1;
    int critical = 0;
    Asn1IntegerPtr n(static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, &critical, nullptr)));
    return n ? ASN1_INTEGER_get(n.get()) : 0;
}

// What CrlNumber::read gives, in the same terms: -1 refused as not a CRL, 0 no number.
qint64 numberByReader(const QByteArray& crl) {
    auto n = CrlNumber::read(crl);
    if (!n)
        return n.code() == ErrorCode::Invalid ? -1 : -2;
    return n->has_value() ? qint64(**n) : 0;
}

// A DER element with its definite length.
QByteArray tlv(quint8 tag, const QByteArray& content) {
    QByteArray out(1, char(tag));
    const qsizetype n = content.size();
    if (n < 0x80) {
        out += char(n);
    } else {
        QByteArray length;
        for (qsizetype v = n; v > 0; v >>= 8)
            length.prepend(char(v & 0xFF));
        out += char(0x80 | length.size());
        out += length;
    }
    return out + content;
}

// The elements inside a constructed DER element, each with its header.
QList<QByteArray> elementsOf(const QByteArray& element) {
    const auto* p = reinterpret_cast<const unsigned char*>(element.constData());
    der::Tlv outer;
    QList<QByteArray> out;
    if (!der::readTlv(p, p + element.size(), outer))
        return out;
    const unsigned char* c = outer.content;
    while (c < outer.end()) {
        const unsigned char* start = c;
        der::Tlv inner;
        if (!der::readTlv(c, outer.end(), inner))
            return {};
        out << QByteArray(reinterpret_cast<const char*>(start), c - start);
    }
    return out;
}

QByteArray pemOf(const QByteArray& der, int lineLength, const char* eol) {
    const QByteArray b64 = der.toBase64();
    QByteArray out = QByteArray("-----BEGIN X509 CRL-----") + eol;
    for (qsizetype i = 0; i < b64.size(); i += lineLength)
        out += b64.mid(i, lineLength) + eol;
    return out + "-----END X509 CRL-----" + eol;
}

} // namespace

class TestCrlWriter : public QObject {
    Q_OBJECT

private:
    TestCa m_rsa;
    TestCa m_p256;
    TestCa m_p384;
    QTemporaryDir m_dir;

    const TestCa& ca(const QString& which) const {
        return which == u"rsa" ? m_rsa : which == u"p256" ? m_p256 : m_p384;
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    CrlSpec fullSpec(quint64 number) const {
        CrlSpec spec;
        spec.number = number;
        spec.thisUpdate = utcNow();
        spec.nextUpdate = spec.thisUpdate.addSecs(27 * 3600);
        return spec;
    }

    QByteArray holder(const TestCa& issuer) {
        EvpPkeyPtr key = ecKey();
        Result<QByteArray> der = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(),
                                                           issuer.cert.get(), issuer.key.get());
        return der ? *der : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_rsa = makeRoot(rsaKey(), QStringLiteral("CRL Test CA RSA"));
        m_p256 = makeRoot(ecKey("P-256"), QStringLiteral("CRL Test CA P-256"));
        m_p384 = makeRoot(ecKey("P-384"), QStringLiteral("CRL Test CA P-384"));
        QVERIFY(m_rsa.cert && m_p256.cert && m_p384.cert);
    }

    void fullCrlIsAcceptedByPeers_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("RSA-2048") << QStringLiteral("rsa") << QStringLiteral("sha256WithRSAEncryption");
        QTest::newRow("P-256") << QStringLiteral("p256") << QStringLiteral("ecdsa-with-SHA256");
        QTest::newRow("P-384") << QStringLiteral("p384") << QStringLiteral("ecdsa-with-SHA384");
    }
    void fullCrlIsAcceptedByPeers() {
        QFETCH(QString, which);
        QFETCH(QString, algorithm);
        const TestCa& issuer = ca(which);
        const QByteArray valid = holder(issuer);
        const QByteArray revoked = holder(issuer);
        QVERIFY(!valid.isEmpty() && !revoked.isEmpty());
        const QByteArray revokedSerial = Certificate::parse(revoked)->serial();

        const QList<Revoked> list = {
            {revokedSerial, kJan2026, 1},                          // keyCompromise
            {QByteArray::fromHex("0102030405"), kJan2026 + 60, 4}, // superseded
            {QByteArray::fromHex("8000000000000000000000000000000000000001"), kJan2026 + 120, -1},
            {QByteArray::fromHex("0a0b"), kJan2026 + 180, 0}, // unspecified: no reasonCode
            {QByteArray::fromHex("0c"), 2524608000, 5},       // 2050-01-01: GeneralizedTime
            {QByteArray::fromHex("0d"), kJan2026, 6},         // certificateHold
            {QByteArray::fromHex("0e"), kJan2026, 10},        // aACompromise
        };
        CrlSpec spec = fullSpec(42);
        spec.freshestCrlUrl = QStringLiteral("http://pki.example.kz/delta.crl");
        Result<CrlOutput> out =
            CrlWriter(issuer.cert.get(), issuer.key.get()).write(spec, listSource(list), m_dir.path(), which);
        QVERIFY2(out.ok(), qPrintable(out.message()));
        QCOMPARE(out->entries, list.size());
        const QByteArray der = readFile(out->derPath);
        QCOMPARE(der.size(), out->size);
        QCOMPARE(out->sha256, QCryptographicHash::hash(der, QCryptographicHash::Sha256));
        QCOMPARE(out->derPath, path(which + QStringLiteral(".crl")));

        const ProcessResult text =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     out->derPath, QStringLiteral("-text"), QStringLiteral("-noout")});
        QCOMPARE(text.exitCode, 0);
        const QString& t = text.output;
        QVERIFY2(t.contains(QStringLiteral("Version 2 (0x1)")), qPrintable(t));
        QVERIFY(t.contains(QStringLiteral("Signature Algorithm: ") + algorithm));
        QVERIFY(t.contains(QStringLiteral("X509v3 CRL Number: \n                42\n")));
        const QString keyId = QString::fromLatin1(Certificate::parse(issuer.der)->subjectKeyId().toHex(':').toUpper());
        QVERIFY(t.contains(QStringLiteral("X509v3 Authority Key Identifier: \n                ") + keyId));
        QVERIFY(t.contains(QStringLiteral("X509v3 Freshest CRL: \n")));
        QVERIFY(t.contains(QStringLiteral("URI:http://pki.example.kz/delta.crl")));
        QVERIFY(t.contains(QStringLiteral("Serial Number: ") + serialHex(revokedSerial)));
        QVERIFY(t.contains(QStringLiteral("Serial Number: 8000000000000000000000000000000000000001")));
        for (const char* reason :
             {"Key Compromise", "Superseded", "Cessation Of Operation", "Certificate Hold", "AA Compromise"})
            QVERIFY2(t.contains(QLatin1String(reason)), reason);
        QVERIFY(!t.contains(QStringLiteral("Unspecified")));
        QVERIFY(t.contains(QStringLiteral("Revocation Date: Jan  1 00:00:00 2050 GMT")));
        QCOMPARE(t.count(QStringLiteral("Serial Number: ")), list.size());

        // The PEM file holds the same DER.
        const ProcessResult pem =
            openssl({QStringLiteral("crl"), QStringLiteral("-in"), out->pemPath, QStringLiteral("-outform"),
                     QStringLiteral("DER"), QStringLiteral("-out"), path(QStringLiteral("frompem.der"))});
        QCOMPARE(pem.exitCode, 0);
        QCOMPARE(readFile(path(QStringLiteral("frompem.der"))), der);

        // Signature: openssl crl -CAfile, and openssl verify -crl_check for a valid and a revoked holder.
        const QString caPath = path(which + QStringLiteral("-ca.pem"));
        const QString caCrlPath = path(which + QStringLiteral("-ca+crl.pem"));
        QVERIFY(writeFile(caPath, certPem(issuer.der)));
        QVERIFY(writeFile(caCrlPath, certPem(issuer.der) + readFile(out->pemPath)));
        const ProcessResult crlVerify = openssl({QStringLiteral("crl"), QStringLiteral("-in"), out->pemPath,
                                                 QStringLiteral("-CAfile"), caPath, QStringLiteral("-noout")});
        QVERIFY2(crlVerify.output.contains(QStringLiteral("verify OK")), qPrintable(crlVerify.output));
        QVERIFY(writeFile(path(QStringLiteral("valid.pem")), certPem(valid)));
        QVERIFY(writeFile(path(QStringLiteral("revoked.pem")), certPem(revoked)));
        const ProcessResult ok = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"),
                                          QStringLiteral("-CAfile"), caCrlPath, path(QStringLiteral("valid.pem"))});
        QVERIFY2(ok.exitCode == 0 && ok.output.contains(QStringLiteral(": OK")), qPrintable(ok.output));
        const ProcessResult refused =
            openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"), caCrlPath,
                     path(QStringLiteral("revoked.pem"))});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.output.contains(QStringLiteral("error 23 at 0 depth lookup: certificate revoked")),
                 qPrintable(refused.output));

        if (haveTool(QStringLiteral("certtool"))) {
            const ProcessResult info =
                run(QStringLiteral("certtool"), {QStringLiteral("--crl-info"), QStringLiteral("--inder"),
                                                 QStringLiteral("--infile"), out->derPath});
            QVERIFY2(info.exitCode == 0, qPrintable(info.output));
            QVERIFY2(info.output.contains(QStringLiteral("Revoked certificates (7)")), qPrintable(info.output));
            const ProcessResult crlCheck = run(QStringLiteral("certtool"),
                                               {QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"),
                                                caPath, QStringLiteral("--infile"), out->pemPath});
            QVERIFY2(crlCheck.exitCode == 0 && crlCheck.output.contains(QStringLiteral("Verified")),
                     qPrintable(crlCheck.output));
        }
    }

    void deltaCrlHasCriticalIndicator() {
        const QList<Revoked> list = {{QByteArray::fromHex("11"), kJan2026, 1},
                                     {QByteArray::fromHex("12"), kJan2026, 8}};
        CrlSpec spec = fullSpec(43);
        spec.deltaBase = 41;
        spec.nextUpdate = spec.thisUpdate.addSecs(7 * 3600 + 1800);
        Result<CrlOutput> out = CrlWriter(m_rsa.cert.get(), m_rsa.key.get())
                                    .write(spec, listSource(list), m_dir.path(), QStringLiteral("delta"));
        QVERIFY2(out.ok(), qPrintable(out.message()));
        const ProcessResult text =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     out->derPath, QStringLiteral("-text"), QStringLiteral("-noout")});
        QVERIFY2(text.output.contains(QStringLiteral("X509v3 Delta CRL Indicator: critical\n                41\n")),
                 qPrintable(text.output));
        QVERIFY(text.output.contains(QStringLiteral("X509v3 CRL Number: \n                43\n")));
        QVERIFY(text.output.contains(QStringLiteral("Remove From CRL")));

        // removeFromCRL belongs in delta CRLs only; a delta CRL carries no freshestCRL; its base is older.
        const CrlWriter writer(m_rsa.cert.get(), m_rsa.key.get());
        QCOMPARE(writer.encode(fullSpec(44), listSource(list)).code(), ErrorCode::Invalid);
        spec.freshestCrlUrl = QStringLiteral("http://pki.example.kz/delta.crl");
        QCOMPARE(writer.encode(spec, listSource({})).code(), ErrorCode::Invalid);
        spec.freshestCrlUrl.clear();
        spec.deltaBase = 43;
        QCOMPARE(writer.encode(spec, listSource({})).code(), ErrorCode::Invalid);
    }

    void encodingIsByteIdenticalToOpenssl_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("delta");
        QTest::newRow("empty") << 0 << false;
        QTest::newRow("one") << 1 << false;
        QTest::newRow("300 (long lengths)") << 300 << false;
        QTest::newRow("delta 50") << 50 << true;
    }
    void encodingIsByteIdenticalToOpenssl() {
        QFETCH(int, count);
        QFETCH(bool, delta);
        QList<Revoked> list;
        for (int i = 0; i < count; ++i) {
            QByteArray serial = CertificateBuilder::newSerial();
            serial[0] = char(i + 1); // some with the top bit set (0x00 pad), one 0x00 (dropped)
            static constexpr int kReasons[] = {-1, 1, 2, 3, 4, 5, 6, 9, 10};
            list << Revoked{serial, kJan2026 + i * 3601, kReasons[i % 9]};
        }
        CrlSpec spec = fullSpec(7);
        if (delta)
            spec.deltaBase = 5;
        Result<QByteArray> ours = CrlWriter(m_rsa.cert.get(), m_rsa.key.get()).encode(spec, listSource(list));
        QVERIFY2(ours.ok(), qPrintable(ours.message()));

        // The same CRL through OpenSSL's own X509_CRL (PKCS#1 v1.5 signatures are deterministic).
        X509CrlPtr crl(X509_CRL_new());
        QVERIFY(X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2));
        QVERIFY(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(m_rsa.cert.get())));
        Asn1TimePtr thisUpdate(ASN1_TIME_set(nullptr, time_t(spec.thisUpdate.toSecsSinceEpoch())));
        Asn1TimePtr nextUpdate(ASN1_TIME_set(nullptr, time_t(spec.nextUpdate.toSecsSinceEpoch())));
        X509_CRL_set1_lastUpdate(crl.get(), thisUpdate.get());
        X509_CRL_set1_nextUpdate(crl.get(), nextUpdate.get());
        for (const Revoked& r : list) {
            X509_REVOKED* entry = X509_REVOKED_new();
            BnPtr bn(
                BN_bin2bn(reinterpret_cast<const unsigned char*>(r.serial.constData()), int(r.serial.size()), nullptr));
            Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
            X509_REVOKED_set_serialNumber(entry, serial.get());
            Asn1TimePtr when(ASN1_TIME_set(nullptr, time_t(r.at)));
            X509_REVOKED_set_revocationDate(entry, when.get());
            if (r.reason > 0) {
                std::unique_ptr<ASN1_ENUMERATED, OsslDeleter<ASN1_ENUMERATED_free>> reason(ASN1_ENUMERATED_new());
                ASN1_ENUMERATED_set(reason.get(), r.reason);
                X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, reason.get(), 0, 0);
            }
            X509_CRL_add0_revoked(crl.get(), entry);
        }
        std::unique_ptr<AUTHORITY_KEYID, OsslDeleter<AUTHORITY_KEYID_free>> akid(AUTHORITY_KEYID_new());
        akid->keyid = ASN1_OCTET_STRING_dup(X509_get0_subject_key_id(m_rsa.cert.get()));
        X509_CRL_add1_ext_i2d(crl.get(), NID_authority_key_identifier, akid.get(), 0, 0);
        Asn1IntegerPtr number(ASN1_INTEGER_new());
        ASN1_INTEGER_set(number.get(), 7);
        X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0);
        if (delta) {
            Asn1IntegerPtr base(ASN1_INTEGER_new());
            ASN1_INTEGER_set(base.get(), 5);
            X509_CRL_add1_ext_i2d(crl.get(), NID_delta_crl, base.get(), 1, 0);
        }
        QVERIFY(X509_CRL_sign(crl.get(), m_rsa.key.get(), EVP_sha256()) > 0);
        const QByteArray theirs = toDer(crl.get(), i2d_X509_CRL);
        QCOMPARE(ours->toHex(), theirs.toHex());
    }

    void timesAndSerialsAreEncodedPerRfc5280() {
        const QList<Revoked> list = {
            {QByteArray::fromHex("000005"), 2524607999, -1}, // leading zeros dropped; 2049-12-31T23:59:59Z UTCTime
            {QByteArray::fromHex("8001"), 2524608000, -1},   // top bit: 00 80 01; 2050: GeneralizedTime
            {QByteArray::fromHex("00"), -631152001, -1},     // zero; 1949-12-31T23:59:59Z: GeneralizedTime
            {QByteArray::fromHex("7f"), 0, -1},              // 1970-01-01 UTCTime
        };
        Result<QByteArray> der = CrlWriter(m_p256.cert.get(), m_p256.key.get()).encode(fullSpec(1), listSource(list));
        QVERIFY2(der.ok(), qPrintable(der.message()));
        const auto* p = reinterpret_cast<const unsigned char*>(der->constData());
        X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, long(der->size())));
        QVERIFY(crl);
        STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
        QCOMPARE(sk_X509_REVOKED_num(revoked), 4);
        const struct {
            long serial;
            int timeType;
            const char* time;
        } expected[] = {{5, V_ASN1_UTCTIME, "491231235959Z"},
                        {0x8001, V_ASN1_GENERALIZEDTIME, "20500101000000Z"},
                        {0, V_ASN1_GENERALIZEDTIME, "19491231235959Z"},
                        {0x7f, V_ASN1_UTCTIME, "700101000000Z"}};
        for (int i = 0; i < 4; ++i) {
            const X509_REVOKED* r = sk_X509_REVOKED_value(revoked, i);
            const ASN1_INTEGER* serial = X509_REVOKED_get0_serialNumber(r);
            QCOMPARE(ASN1_STRING_type(serial), V_ASN1_INTEGER);
            QCOMPARE(ASN1_INTEGER_get(serial), expected[i].serial);
            const ASN1_TIME* t = X509_REVOKED_get0_revocationDate(r);
            QCOMPARE(ASN1_STRING_type(t), expected[i].timeType);
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)), ASN1_STRING_length(t)),
                     QByteArray(expected[i].time));
        }
    }

    void badEntriesAreRefused_data() {
        QTest::addColumn<QByteArray>("serial");
        QTest::addColumn<int>("reason");
        QTest::newRow("21-byte serial") << QByteArray(21, '\x01') << -1;
        QTest::newRow("reason 7") << QByteArray("\x01", 1) << 7;
        QTest::newRow("reason 11") << QByteArray("\x01", 1) << 11;
        QTest::newRow("removeFromCRL in a full CRL") << QByteArray("\x01", 1) << 8;
    }
    void badEntriesAreRefused() {
        QFETCH(QByteArray, serial);
        QFETCH(int, reason);
        const QList<Revoked> list = {{QByteArray("\x02", 1), kJan2026, 1}, {serial, kJan2026, reason}};
        Result<QByteArray> der = CrlWriter(m_rsa.cert.get(), m_rsa.key.get()).encode(fullSpec(1), listSource(list));
        QCOMPARE(der.code(), ErrorCode::Invalid);
        QVERIFY2(der.message().contains(QStringLiteral("entry 2")), qPrintable(der.message()));
    }

    void emptyCrlWorks() {
        Result<CrlOutput> out = CrlWriter(m_p384.cert.get(), m_p384.key.get())
                                    .write(fullSpec(1), listSource({}), m_dir.path(), QStringLiteral("empty"));
        QVERIFY2(out.ok(), qPrintable(out.message()));
        QCOMPARE(out->entries, 0);
        const ProcessResult text = openssl({QStringLiteral("crl"), QStringLiteral("-in"), out->pemPath,
                                            QStringLiteral("-text"), QStringLiteral("-noout")});
        QVERIFY2(text.output.contains(QStringLiteral("No Revoked Certificates.")), qPrintable(text.output));
        QVERIFY(writeFile(path(QStringLiteral("p384-ca.pem")), certPem(m_p384.der)));
        const ProcessResult verify =
            openssl({QStringLiteral("crl"), QStringLiteral("-in"), out->pemPath, QStringLiteral("-CAfile"),
                     path(QStringLiteral("p384-ca.pem")), QStringLiteral("-noout")});
        QVERIFY2(verify.output.contains(QStringLiteral("verify OK")), qPrintable(verify.output));
    }

    // CrlNumber reads a published CRL's number from its structure and steps over the entries (a national
    // CA's full CRL has millions): for what the writer makes, DER and PEM, from a file and from memory,
    // it gives what OpenSSL's decoding of the whole CRL gives.
    void crlNumberIsReadAsOpensslReadsIt_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<int>("entries");
        QTest::addColumn<qint64>("number");
        QTest::addColumn<qint64>("deltaBase"); // 0: a full CRL
        QTest::newRow("RSA, no entries") << QStringLiteral("rsa") << 0 << qint64(1) << qint64(0);
        QTest::newRow("P-256, 3 entries") << QStringLiteral("p256") << 3 << qint64(42) << qint64(0);
        QTest::newRow("P-384, delta") << QStringLiteral("p384") << 2 << qint64(43) << qint64(41);
        QTest::newRow("RSA, 20,000 entries, number 2^62")
            << QStringLiteral("rsa") << 20000 << (qint64(1) << 62) << qint64(0);
        // Over 2 MiB of DER: the files are read by their first and last MiB (CrlNumber::readFile).
        QTest::newRow("P-256, 60,000 entries") << QStringLiteral("p256") << 60000 << qint64(77) << qint64(0);
    }
    void crlNumberIsReadAsOpensslReadsIt() {
        QFETCH(QString, which);
        QFETCH(int, entries);
        QFETCH(qint64, number);
        QFETCH(qint64, deltaBase);
        QList<Revoked> list;
        for (int i = 0; i < entries; ++i)
            list.append({QByteArray::number(0x100000 + i, 16), kJan2026 + i, i % 2});
        CrlSpec spec = fullSpec(quint64(number));
        if (deltaBase)
            spec.deltaBase = quint64(deltaBase);
        else
            spec.freshestCrlUrl = QStringLiteral("http://pki.example.kz/delta.crl");
        QTemporaryDir dir;
        Result<CrlOutput> out = CrlWriter(ca(which).cert.get(), ca(which).key.get())
                                    .write(spec, listSource(list), dir.path(), QStringLiteral("n"));
        QVERIFY2(out.ok(), qPrintable(out.message()));
        const QByteArray der = readFile(out->derPath);
        QCOMPARE(numberByOpenssl(der), number);
        QCOMPARE(numberByReader(der), number);
        QCOMPARE(numberByReader(readFile(out->pemPath)), number);
        for (const QString& file : {out->derPath, out->pemPath}) {
            auto n = CrlNumber::readFile(file);
            QVERIFY2(n.ok() && n->has_value(), qPrintable(file + u' ' + n.message()));
            QCOMPARE(qint64(**n), number);
        }
        // PEM as other tools write it: other line lengths, CRLF.
        QCOMPARE(numberByReader(pemOf(der, 76, "\r\n")), number);
        QCOMPARE(numberByReader(pemOf(der, 4, "\n")), number);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("crlf.pem")), pemOf(der, 64, "\r\n")));
        QCOMPARE(qint64(**CrlNumber::readFile(dir.filePath(QStringLiteral("crlf.pem")))), number);
        QCOMPARE(CrlNumber::readFile(dir.filePath(QStringLiteral("missing.crl"))).code(), ErrorCode::Io);
    }

    // A CRL file over 2 MiB is read from its first and last MiB only (the revoked entries between them are
    // stepped over, never loaded): the same number as OpenSSL's full decoding for DER and PEM files, with
    // short trailing bytes too; a file whose CertificateList does not end within its last MiB (over a MiB of
    // bytes after it, which OpenSSL ignores) is refused as not readable, never read as another number.
    void largeCrlFilesAreReadByTheirEnds() {
        QList<Revoked> list;
        for (int i = 0; i < 60000; ++i)
            list.append({QByteArray::number(0x7000000 + i, 16), kJan2026 + i, 1});
        Result<QByteArray> encoded =
            CrlWriter(m_p256.cert.get(), m_p256.key.get()).encode(fullSpec(91), listSource(list));
        QVERIFY(encoded.ok());
        const QByteArray der = *encoded;
        QVERIFY(der.size() > 2 * (1 << 20));
        QTemporaryDir dir;
        const auto numberOfFile = [&](const QString& name, const QByteArray& bytes) -> qint64 {
            const QString path = dir.filePath(name);
            if (!writeFile(path, bytes))
                return -2;
            auto n = CrlNumber::readFile(path);
            return n.ok() && n->has_value() ? qint64(**n) : -1;
        };
        QCOMPARE(numberOfFile(QStringLiteral("big.crl"), der), 91);
        QCOMPARE(numberOfFile(QStringLiteral("big.crl.pem"), pemOf(der, 64, "\n")), 91);
        QCOMPARE(numberOfFile(QStringLiteral("big-crlf.crl.pem"), pemOf(der, 76, "\r\n")), 91);
        const QByteArray shortTrail = der + QByteArray(100, '\x01');
        QCOMPARE(numberByOpenssl(shortTrail), 91);
        QCOMPARE(numberOfFile(QStringLiteral("trail.crl"), shortTrail), 91);
        QCOMPARE(numberOfFile(QStringLiteral("trail.crl.pem"), pemOf(shortTrail, 64, "\n")), 91);
        const QByteArray longTrail = der + QByteArray((1 << 20) + 10, '\x01');
        QCOMPARE(numberByOpenssl(longTrail), 91);
        QCOMPARE(numberOfFile(QStringLiteral("long-trail.crl"), longTrail), -1);
        QCOMPARE(numberOfFile(QStringLiteral("long-trail.crl.pem"), pemOf(longTrail, 64, "\n")), -1);
        // Cut short: refused, whatever part is missing.
        QCOMPARE(numberOfFile(QStringLiteral("cut.crl"), der.left(der.size() - 1)), -1);
        QCOMPARE(numberOfFile(QStringLiteral("cut-middle.crl"), der.left(der.size() / 2) + der.right(der.size() / 3)),
                 -1);
    }

    // What is not a CRL is refused (the publisher then refuses to publish over it); the optional fields
    // of TBSCertList are taken only in their order; no number, or the number twice, reads as none, as
    // OpenSSL reads it.
    void crlNumberRefusesWhatIsNotACrl() {
        const QList<Revoked> list = {{QByteArray::fromHex("11"), kJan2026, 1},
                                     {QByteArray::fromHex("12"), kJan2026, 4}};
        Result<QByteArray> encoded =
            CrlWriter(m_p256.cert.get(), m_p256.key.get()).encode(fullSpec(7), listSource(list));
        QVERIFY(encoded.ok());
        const QByteArray der = *encoded;
        QCOMPARE(numberByReader(der), 7);
        const QList<QByteArray> outer = elementsOf(der); // tbsCertList, signatureAlgorithm, signatureValue
        QCOMPARE(outer.size(), 3);
        const QList<QByteArray> f =
            elementsOf(outer[0]); // version, signature, issuer, thisUpdate, nextUpdate, revoked, [0]
        QCOMPARE(f.size(), 7);
        QCOMPARE(quint8(f[6].at(0)), quint8(0xA0));
        const auto crlOf = [&](const QList<QByteArray>& fields) {
            return tlv(0x30, tlv(0x30, fields.join()) + outer[1] + outer[2]);
        };
        QCOMPARE(crlOf(f), der);

        // Broken or foreign bytes: refused by both.
        QCOMPARE(numberByReader(QByteArray()), -1);
        QCOMPARE(numberByReader(QByteArray("hello, CRL")), -1);
        QCOMPARE(numberByReader(der.left(der.size() - 1)), -1);
        QCOMPARE(numberByReader(der.left(der.size() / 2)), -1);
        QCOMPARE(numberByReader(outer[0]), -1); // a TBSCertList alone
        QCOMPARE(numberByReader(pemOf(der, 64, "\n").replace('A', '*')), -1);
        QCOMPARE(numberByReader(QByteArray("-----BEGIN X509 CRL-----\nSGVsbG8=\n-----END X509 CRL-----\n")), -1);
        QCOMPARE(numberByReader(m_p256.der), -1); // a certificate
        QCOMPARE(numberByOpenssl(m_p256.der), -1);
        // Fields out of their order, twice, or followed by anything: refused.
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], f[6], f[5]})), -1);
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], f[5], f[5], f[6]})), -1);
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[6]})), -1);
        QCOMPARE(numberByReader(crlOf(f + QList<QByteArray>{tlv(0x02, QByteArray(1, 1))})), -1);
    }

    void crlNumberReadsTheOptionalFieldsAsOpenssl() {
        const QList<Revoked> list = {{QByteArray::fromHex("21"), kJan2026, 1}};
        CrlSpec spec = fullSpec(9);
        spec.deltaBase = 8;
        Result<QByteArray> encoded = CrlWriter(m_rsa.cert.get(), m_rsa.key.get()).encode(spec, listSource(list));
        QVERIFY(encoded.ok());
        const QList<QByteArray> outer = elementsOf(*encoded);
        const QList<QByteArray> f = elementsOf(outer[0]);
        QCOMPARE(f.size(), 7);
        const auto crlOf = [&](const QList<QByteArray>& fields) {
            return tlv(0x30, tlv(0x30, fields.join()) + outer[1] + outer[2]);
        };
        // Without version, nextUpdate or entries (RFC 5280 makes them optional), and with bytes after the
        // CertificateList (d2i_X509_CRL reads one object): the same number as OpenSSL's.
        for (const QByteArray& crl :
             QList<QByteArray>{crlOf({f[1], f[2], f[3], f[4], f[5], f[6]}), crlOf({f[0], f[1], f[2], f[3], f[5], f[6]}),
                               crlOf({f[0], f[1], f[2], f[3], f[4], f[6]}), QByteArray(*encoded + "tail")}) {
            QCOMPARE(numberByOpenssl(crl), 9);
            QCOMPARE(numberByReader(crl), 9);
        }
        // No extensions: no number. The extensions with the cRLNumber twice: none either (OpenSSL's rule).
        QCOMPARE(numberByOpenssl(crlOf({f[0], f[1], f[2], f[3], f[4], f[5]})), 0);
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], f[5]})), 0);
        const QList<QByteArray> extensions = elementsOf(elementsOf(f[6]).at(0));
        QByteArray crlNumber;
        for (const QByteArray& e : extensions)
            if (e.contains(QByteArray::fromHex("0603551d14"))) // OID 2.5.29.20
                crlNumber = e;
        QVERIFY(!crlNumber.isEmpty());
        const QByteArray twice = tlv(0xA0, tlv(0x30, extensions.join() + crlNumber));
        QCOMPARE(numberByOpenssl(crlOf({f[0], f[1], f[2], f[3], f[4], f[5], twice})), 0);
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], f[5], twice})), 0);
        // The entries are stepped over, never decoded: bytes that are no entries at all do not change
        // the number read (this is what keeps a 10,000,000-entry CRL cheap to read; OpenSSL refuses it).
        const QByteArray junkEntries = tlv(0x30, QByteArray(1000, '\x05'));
        QCOMPARE(numberByOpenssl(crlOf({f[0], f[1], f[2], f[3], f[4], junkEntries, f[6]})), -1);
        QCOMPARE(numberByReader(crlOf({f[0], f[1], f[2], f[3], f[4], junkEntries, f[6]})), 9);
    }

    // The publisher records both staged files' SHA-256 and later finishes an interrupted publication
    // only when the files still have it: the hashes stage() hands back are those of the files' bytes.
    void stagedFilesCarryTheirHashes() {
        QTemporaryDir dir;
        QList<Revoked> list;
        for (int i = 0; i < 5000; ++i) // a PEM of several of the writer's blocks
            list.append({QByteArray::number(0x200000 + i, 16), kJan2026 + i, 1});
        Result<CrlStaged> staged = CrlWriter(m_p256.cert.get(), m_p256.key.get())
                                       .stage(fullSpec(5), listSource(list), dir.path(), QStringLiteral("s"));
        QVERIFY2(staged.ok(), qPrintable(staged.message()));
        const QByteArray der = readFile(staged->derTemp);
        const QByteArray pem = readFile(staged->pemTemp);
        QVERIFY(pem.size() > 64 * 1024);
        QCOMPARE(staged->out.sha256, QCryptographicHash::hash(der, QCryptographicHash::Sha256));
        QCOMPARE(staged->pemSha256, QCryptographicHash::hash(pem, QCryptographicHash::Sha256));
        QCOMPARE(CrlWriter::fileSha256(staged->pemTemp), staged->pemSha256);
        QVERIFY(pem.startsWith("-----BEGIN X509 CRL-----\n") && pem.endsWith("-----END X509 CRL-----\n"));
        QCOMPARE(QByteArray::fromBase64(pem.mid(25, pem.size() - 25 - 23)), der);
    }

    void publishingReplacesFilesAtomically() {
        QTemporaryDir dir;
        const CrlWriter writer(m_p256.cert.get(), m_p256.key.get());
        const QList<Revoked> first = {{QByteArray("\x01", 1), kJan2026, 1}};
        const QList<Revoked> second = {{QByteArray("\x01", 1), kJan2026, 1}, {QByteArray("\x02", 1), kJan2026, 4}};
        QVERIFY(writer.write(fullSpec(1), listSource(first), dir.path(), QStringLiteral("ca")).ok());
        Result<CrlOutput> out = writer.write(fullSpec(2), listSource(second), dir.path(), QStringLiteral("ca"));
        QVERIFY(out.ok());
        QCOMPARE(out->entries, 2);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList({QStringLiteral("ca.crl"), QStringLiteral("ca.crl.pem")}));
        QCOMPARE(QFileInfo(out->derPath).permissions() & QFile::ReadOther, QFile::ReadOther);

        // A refused CRL leaves the published one as it was, and no temporary files.
        const QByteArray before = readFile(out->derPath);
        const QList<Revoked> bad = {{QByteArray("\x03", 1), kJan2026, 7}};
        QVERIFY(!writer.write(fullSpec(3), listSource(bad), dir.path(), QStringLiteral("ca")).ok());
        QCOMPARE(readFile(out->derPath), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
        QCOMPARE(writer.write(fullSpec(4), listSource(first), dir.path(), QStringLiteral("../x")).code(),
                 ErrorCode::Usage);
    }

    void caKeyMustMatchCertificate() {
        EvpPkeyPtr other = ecKey();
        QCOMPARE(CrlWriter(m_p256.cert.get(), other.get()).encode(fullSpec(1), listSource({})).code(),
                 ErrorCode::Crypto);
    }

    void hundredThousandEntries() {
        constexpr int kCount = 100000;
        QByteArray serial(20, Qt::Uninitialized);
        int produced = 0;
        const RevokedSource source = [&](RevokedEntry& e) {
            if (produced == kCount)
                return false;
            // Distinct synthetic serials without a heap object per entry.
            const quint32 n = quint32(produced);
            serial[0] = 0x40;
            for (int i = 0; i < 4; ++i)
                serial[16 + i] = char((n >> (24 - 8 * i)) & 0xFF);
            e.serial = serial;
            e.revokedAt = kJan2026 + produced;
            e.reason = produced % 3 == 0 ? 1 : -1;
            ++produced;
            return true;
        };
        CrlSpec spec = fullSpec(100);
        spec.expectedEntries = kCount;
        Result<CrlOutput> out =
            CrlWriter(m_rsa.cert.get(), m_rsa.key.get()).write(spec, source, m_dir.path(), QStringLiteral("big"));
        QVERIFY2(out.ok(), qPrintable(out.message()));
        QCOMPARE(out->entries, kCount);
        const ProcessResult text =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     out->derPath, QStringLiteral("-text"), QStringLiteral("-noout")});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.output.count(QStringLiteral("Serial Number: ")), kCount);
        QVERIFY(writeFile(path(QStringLiteral("rsa-ca.pem")), certPem(m_rsa.der)));
        const ProcessResult verify =
            openssl({QStringLiteral("crl"), QStringLiteral("-in"), out->pemPath, QStringLiteral("-CAfile"),
                     path(QStringLiteral("rsa-ca.pem")), QStringLiteral("-noout")});
        QVERIFY2(verify.output.contains(QStringLiteral("verify OK")), qPrintable(verify.output));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCrlWriter)
#include "tst_crlwriter.moc"
