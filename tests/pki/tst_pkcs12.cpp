// A holder's PKCS#12: AES-256-CBC + PBKDF2-SHA256 bags, SHA-256 MAC, a Kazakh friendly name kept
// intact, read back here and by the openssl tool.

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/Pkcs12.h"

#include "pki/KeyGenerator.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

const QString kFriendlyName = QStringLiteral("Әлия Қасымова");
const QString kPassword = QStringLiteral("Holder-pass-2025");

// A minimal certificate: enough for PKCS#12 (the real profiles live in CertificateBuilder).
X509Ptr makeCertificate(EVP_PKEY* subjectKey, const QString& commonName, EVP_PKEY* issuerKey, X509* issuer) {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.constData()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), subjectKey);
    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return {};
    return cert;
}

ProcessResult runOpenssl(const QStringList& args) {
    return run(QStringLiteral("openssl"), args);
}

} // namespace

class TestPkcs12 : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EvpPkeyPtr m_caKey;
    X509Ptr m_caCert;
    EvpPkeyPtr m_key;
    X509Ptr m_cert;
    QString m_file;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_caKey = std::move(KeyGenerator::generate(KeyAlgorithm::EcP384).value());
        m_caCert = makeCertificate(m_caKey.get(), QStringLiteral("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)"), m_caKey.get(),
                                   nullptr);
        m_key = std::move(KeyGenerator::generate(KeyAlgorithm::Rsa2048).value());
        m_cert = makeCertificate(m_key.get(), QStringLiteral("ҚАСЫМОВА ӘЛИЯ"), m_caKey.get(), m_caCert.get());
        QVERIFY(m_caCert && m_cert);
        m_file = m_dir.filePath(QStringLiteral("holder.p12"));
        const Status s = Pkcs12::write(m_file, m_key.get(), m_cert.get(), {m_caCert.get()}, kFriendlyName, kPassword,
                                       Pkcs12::kDefaultIterations); // the standard count, asserted below
        QVERIFY2(s.ok(), qPrintable(s.message()));
    }

    void readsBackWithThePassword() {
        const auto read = Pkcs12::read(m_file, kPassword);
        QVERIFY2(read.ok(), qPrintable(read.message()));
        QCOMPARE(EVP_PKEY_eq(read->key.get(), m_key.get()), 1);
        QCOMPARE(X509_cmp(read->certificate.get(), m_cert.get()), 0);
        QCOMPARE(read->chain.size(), size_t(1));
        QCOMPARE(X509_cmp(read->chain.front().get(), m_caCert.get()), 0);
        QCOMPARE(read->friendlyName, kFriendlyName);
        QCOMPARE(fileMode(m_file), 0600);
    }

    void wrongPasswordIsRefused() {
        const auto read = Pkcs12::read(m_file, QStringLiteral("holder-pass-2025"));
        QVERIFY(!read.ok());
        QCOMPARE(read.code(), ErrorCode::Crypto);
        QVERIFY2(read.message().contains(u"Wrong password"), qPrintable(read.message()));
        const ProcessResult tool =
            runOpenssl({QStringLiteral("pkcs12"), QStringLiteral("-info"), QStringLiteral("-noout"),
                        QStringLiteral("-passin"), QStringLiteral("pass:wrong"), QStringLiteral("-in"), m_file});
        QVERIFY2(tool.exitCode != 0, qPrintable(tool.output));
    }

    void opensslSeesAes256Pbkdf2AndSha256Mac() {
        const ProcessResult info =
            runOpenssl({QStringLiteral("pkcs12"), QStringLiteral("-info"), QStringLiteral("-noout"),
                        QStringLiteral("-passin"), u"pass:" + kPassword, QStringLiteral("-in"), m_file});
        QVERIFY2(info.exitCode == 0, qPrintable(info.output));
        QVERIFY2(info.output.contains(u"MAC: sha256, Iteration 600000"), qPrintable(info.output));
        QVERIFY2(
            info.output.contains(u"Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256"),
            qPrintable(info.output));
        QVERIFY2(info.output.contains(
                     u"PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256"),
                 qPrintable(info.output));
        QVERIFY(!info.output.contains(u"RC2") && !info.output.contains(u"3DES") && !info.output.contains(u"sha1"));

        // The tool decrypts the bags too. (OpenSSL 3.0 prints a BMPString friendlyName by its low bytes
        // only, so its text is not compared here; friendlyNameIsBmpString checks the encoding.)
        const ProcessResult bags =
            runOpenssl({QStringLiteral("pkcs12"), QStringLiteral("-nokeys"), QStringLiteral("-passin"),
                        u"pass:" + kPassword, QStringLiteral("-in"), m_file});
        QVERIFY2(bags.exitCode == 0, qPrintable(bags.output));
        QVERIFY2(bags.output.contains(u"friendlyName: ") && bags.output.contains(u"BEGIN CERTIFICATE"),
                 qPrintable(bags.output));
    }

    void friendlyNameIsBmpString() {
        // Walk the file with OpenSSL's own PKCS#12 API: the certificate bag's friendlyName attribute is a
        // BMPString holding the name in UTF-16BE, not UTF-8 bytes squeezed into it.
        QFile file(m_file);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray der = file.readAll();
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, long(der.size())));
        QVERIFY(p12);
        using SafesPtr =
            std::unique_ptr<STACK_OF(PKCS7), decltype([](STACK_OF(PKCS7) * s) { sk_PKCS7_pop_free(s, PKCS7_free); })>;
        using BagsPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), decltype([](STACK_OF(PKCS12_SAFEBAG) * s) {
                                            sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
                                        })>;
        SafesPtr safes(PKCS12_unpack_authsafes(p12.get()));
        QVERIFY(safes);
        QByteArray expected;
        for (QChar c : kFriendlyName) // UTF-16BE
            expected.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
        const QByteArray pass = kPassword.toUtf8();
        int named = 0;
        for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
            PKCS7* safe = sk_PKCS7_value(safes.get(), i);
            BagsPtr bags(OBJ_obj2nid(safe->type) == NID_pkcs7_encrypted
                             ? PKCS12_unpack_p7encdata(safe, pass.constData(), int(pass.size()))
                             : PKCS12_unpack_p7data(safe));
            QVERIFY(bags);
            for (int j = 0; j < sk_PKCS12_SAFEBAG_num(bags.get()); ++j) {
                const ASN1_TYPE* name =
                    PKCS12_SAFEBAG_get0_attr(sk_PKCS12_SAFEBAG_value(bags.get(), j), NID_friendlyName);
                if (!name)
                    continue;
                QCOMPARE(name->type, V_ASN1_BMPSTRING);
                const QByteArray bmp(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->value.bmpstring)),
                                     ASN1_STRING_length(name->value.bmpstring));
                QCOMPARE(bmp.toHex(), expected.toHex());
                ++named;
            }
        }
        QCOMPARE(named, 2); // key bag and certificate bag
    }

    void kazakhPasswordRoundTrips() {
        const QString password = QStringLiteral("Құпия-Өрік-Ұя 2025");
        const auto der = Pkcs12::create(m_key.get(), m_cert.get(), {}, kFriendlyName, password, Pkcs12::kMinIterations);
        QVERIFY2(der.ok(), qPrintable(der.message()));
        const auto read = Pkcs12::parse(*der, password);
        QVERIFY2(read.ok(), qPrintable(read.message()));
        QVERIFY(read->chain.empty());
        QCOMPARE(read->friendlyName, kFriendlyName);
        QVERIFY(!Pkcs12::parse(*der, QStringLiteral("Кұпия-Өрік-Ұя 2025")).ok()); // Cyrillic К for Қ
    }

    void weakOrInconsistentInputIsRefused() {
        QCOMPARE(Pkcs12::create(m_key.get(), m_cert.get(), {}, kFriendlyName, kPassword, 2048).code(),
                 ErrorCode::Usage);
        QCOMPARE(Pkcs12::create(m_key.get(), m_cert.get(), {}, kFriendlyName, QString()).code(), ErrorCode::Usage);
        // The CA's key does not belong to the holder's certificate.
        QCOMPARE(
            Pkcs12::create(m_caKey.get(), m_cert.get(), {}, kFriendlyName, kPassword, Pkcs12::kMinIterations).code(),
            ErrorCode::Crypto);
        QCOMPARE(Pkcs12::parse("not a pkcs12", kPassword).code(), ErrorCode::Invalid);
        // An existing file is never replaced.
        QCOMPARE(Pkcs12::write(m_file, m_key.get(), m_cert.get(), {}, kFriendlyName, kPassword, Pkcs12::kMinIterations)
                     .code(),
                 ErrorCode::Conflict);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestPkcs12)
#include "tst_pkcs12.moc"
