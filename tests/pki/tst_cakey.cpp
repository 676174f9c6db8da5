// The CA key behind one interface: encrypted PKCS#8 files (scrypt + AES-256-CBC, checked with the
// openssl tool too) and a key on a real SoftHSM2 token through the PKCS#11 engine.

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/CaKey.h"

#include "pki/KeyGenerator.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

QByteArray publicPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), key);
    return bioContents(bio.get());
}

// Signs with the CA key through EVP_DigestSign and verifies with a public-only copy of its key.
bool signAndVerify(EVP_PKEY* privateKey, const QByteArray& data) {
    EvpMdCtxPtr sign(EVP_MD_CTX_new());
    size_t len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(data.constData());
    if (EVP_DigestSignInit(sign.get(), nullptr, EVP_sha256(), nullptr, privateKey) != 1 ||
        EVP_DigestSign(sign.get(), nullptr, &len, in, size_t(data.size())) != 1)
        return false;
    QByteArray signature(qsizetype(len), '\0');
    if (EVP_DigestSign(sign.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, in, size_t(data.size())) !=
        1)
        return false;
    signature.truncate(qsizetype(len));

    const QByteArray spki = toDer(privateKey, i2d_PUBKEY);
    const auto* p = reinterpret_cast<const unsigned char*>(spki.constData());
    EvpPkeyPtr pub(d2i_PUBKEY(nullptr, &p, long(spki.size())));
    EvpMdCtxPtr verify(EVP_MD_CTX_new());
    return pub && EVP_DigestVerifyInit(verify.get(), nullptr, EVP_sha256(), nullptr, pub.get()) == 1 &&
           EVP_DigestVerify(verify.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
                            size_t(signature.size()), in, size_t(data.size())) == 1;
}

} // namespace

class TestCaKey : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EvpPkeyPtr m_key;
    // SoftHSM2 token, set up once by softhsmTokenIsReady.
    QTemporaryDir m_hsmDir;
    bool m_hsmReady = false;
    QString m_pinFile;

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto key = KeyGenerator::generate(KeyAlgorithm::EcP256);
        QVERIFY2(key.ok(), qPrintable(key.message()));
        m_key = std::move(key.value());
    }

    void encryptedFileRoundTrips() {
        const QString file = path(QStringLiteral("roundtrip.p8"));
        const Status written = CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("Құпия сөз 1"), kFastCost);
        QVERIFY2(written.ok(), qPrintable(written.message()));
        const auto opened = CaKey::open(u"file:" + file, SecretSource::literal(QStringLiteral("Құпия сөз 1")));
        QVERIFY2(opened.ok(), qPrintable(opened.message()));
        const CaKey& key = **opened;
        QCOMPARE(key.store(), CaKey::Store::File);
        QCOMPARE(key.uri(), u"file:" + QFileInfo(file).absoluteFilePath());
        QCOMPARE(key.algorithm(), KeyAlgorithm::EcP256);
        QCOMPARE(key.description(), QStringLiteral("ECDSA P-256"));
        QCOMPARE(key.fingerprint(), CaKey::fingerprintOf(m_key.get()));
        QCOMPARE(key.fingerprint().size(), 64);
        QVERIFY(EVP_PKEY_eq(key.pkey(), m_key.get()) == 1);
        QVERIFY(signAndVerify(key.pkey(), "signed by the CA"));
        // A bare path works the same.
        QVERIFY(CaKey::open(file, SecretSource::literal(QStringLiteral("Құпия сөз 1"))).ok());
    }

    void wrongPassphraseIsRefused() {
        const QString file = path(QStringLiteral("wrong.p8"));
        QVERIFY(CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("right"), kFastCost).ok());
        const auto opened = CaKey::open(file, SecretSource::literal(QStringLiteral("wrong")));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.code(), ErrorCode::Crypto);
        QVERIFY2(opened.message().contains(u"Wrong passphrase"), qPrintable(opened.message()));
    }

    void fileIsEncryptedAndPrivate() {
        const QString file = path(QStringLiteral("private.p8"));
        QVERIFY(CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("s3cret-pass"), kFastCost).ok());
        const QByteArray pem = readFile(file);
        QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        QVERIFY(!pem.contains("BEGIN PRIVATE KEY"));
        QCOMPARE(fileMode(file), 0600);
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files | QDir::Hidden).isEmpty());

        // The openssl tool agrees: wrong passphrase fails, the right one gives our public key, and the
        // structure is PBES2 with scrypt and AES-256-CBC.
        const ProcessResult wrong = run(QStringLiteral("openssl"),
                                        {QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                         QStringLiteral("pass:wrong"), QStringLiteral("-noout")});
        QVERIFY2(wrong.exitCode != 0, qPrintable(wrong.output));
        const ProcessResult right = run(QStringLiteral("openssl"),
                                        {QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                         QStringLiteral("pass:s3cret-pass"), QStringLiteral("-pubout")});
        QCOMPARE(right.exitCode, 0);
        QCOMPARE(right.output.toLatin1(), publicPem(m_key.get()));
        const ProcessResult asn1 =
            run(QStringLiteral("openssl"), {QStringLiteral("asn1parse"), QStringLiteral("-in"), file});
        QCOMPARE(asn1.exitCode, 0);
        QVERIFY2(asn1.output.contains(u"PBES2") && asn1.output.contains(u":scrypt") &&
                     asn1.output.contains(u"aes-256-cbc"),
                 qPrintable(asn1.output));
    }

    void defaultCostIsReadableByOpenssl() {
        // N = 2^14, r = 8, p = 16: the most memory that OpenSSL's fixed 32 MiB limit still decodes.
        const QString file = path(QStringLiteral("default-cost.p8"));
        QVERIFY(CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("default cost"), KdfCost{}).ok());
        const ProcessResult asn1 =
            run(QStringLiteral("openssl"), {QStringLiteral("asn1parse"), QStringLiteral("-in"), file});
        // scrypt parameters after the salt: N = 0x4000, r = 8, p = 16 (0x10).
        static const QRegularExpression params(
            QStringLiteral(R"(INTEGER\s+:4000\n[^\n]*INTEGER\s+:08\n[^\n]*INTEGER\s+:10\n)"));
        QVERIFY2(params.match(asn1.output).hasMatch(), qPrintable(asn1.output));
        const ProcessResult right = run(QStringLiteral("openssl"),
                                        {QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                         QStringLiteral("pass:default cost"), QStringLiteral("-noout")});
        QCOMPARE(right.exitCode, 0);
        QVERIFY(CaKey::open(file, SecretSource::literal(QStringLiteral("default cost"))).ok());
    }

    void unreadableCostIsRefused() {
        const Status s = CaKey::writeEncryptedPkcs8(m_key.get(), path(QStringLiteral("big.p8")), QStringLiteral("x"),
                                                    KdfCost{15, 8, 1});
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Usage);
        QVERIFY2(s.message().contains(u"32 MiB"), qPrintable(s.message()));
        QVERIFY(!QFile::exists(path(QStringLiteral("big.p8"))));
    }

    void existingFileIsNotOverwritten() {
        const QString file = path(QStringLiteral("existing.p8"));
        QVERIFY(writeFile(file, "keep me"));
        const Status s = CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("pass"), kFastCost);
        QCOMPARE(s.code(), ErrorCode::Conflict);
        QCOMPARE(readFile(file), QByteArray("keep me"));
    }

    void unencryptedKeyFileIsRefused() {
        const QString file = path(QStringLiteral("clear.pem"));
        BioPtr bio(BIO_new(BIO_s_mem()));
        QVERIFY(PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
        QVERIFY(writeFile(file, bioContents(bio.get())));
        const auto opened = CaKey::open(file, SecretSource::literal(QStringLiteral("anything")));
        QVERIFY(!opened.ok());
        QVERIFY2(opened.message().contains(u"never be kept in clear"), qPrintable(opened.message()));
        QCOMPARE(CaKey::open(path(QStringLiteral("missing.p8")), SecretSource::literal(QStringLiteral("x"))).code(),
                 ErrorCode::NotFound);
    }

    void passphraseFromFileEnvAndPrompt() {
        const QString file = path(QStringLiteral("sources.p8"));
        QVERIFY(CaKey::writeEncryptedPkcs8(m_key.get(), file, QStringLiteral("from a source"), kFastCost).ok());

        const QString lf = path(QStringLiteral("pass-lf.txt"));
        const QString crlf = path(QStringLiteral("pass-crlf.txt"));
        QVERIFY(writeFile(lf, "from a source\nsecond line is ignored\n"));
        QVERIFY(writeFile(crlf, "from a source\r\n"));
        QCOMPARE(*SecretSource::fromFile(lf).read(), QStringLiteral("from a source"));
        QVERIFY(CaKey::open(file, SecretSource::fromFile(lf)).ok());
        QVERIFY(CaKey::open(file, SecretSource::fromFile(crlf)).ok());

        // A secret file other users can read or change is refused, naming the file and its mode (like ssh with a
        // private key); its group may read it (a service's group), and a pipe is read as it is.
        for (const auto& [mode, refused] : std::vector<std::pair<QFileDevice::Permissions, bool>>{
                 {QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther,
                  true},
                 {QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::WriteOther, true},
                 {QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup, false},
                 {QFileDevice::ReadOwner, false}}) {
            QVERIFY(QFile::setPermissions(lf, mode));
            const auto read = SecretSource::fromFile(lf).read();
            QCOMPARE(!read.ok(), refused);
            if (refused) {
                QCOMPARE(read.code(), ErrorCode::Forbidden);
                QVERIFY2(read.message().contains(lf) && read.message().contains(u"chmod 0600"),
                         qPrintable(read.message()));
                QCOMPARE(CaKey::open(file, SecretSource::fromFile(lf)).code(), ErrorCode::Forbidden);
            } else {
                QCOMPARE(*read, QStringLiteral("from a source"));
            }
        }
        QVERIFY(QFile::setPermissions(lf, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        int pipeFds[2];
        QCOMPARE(::pipe(pipeFds), 0);
        QCOMPARE(::write(pipeFds[1], "from a source\n", 14), ssize_t(14));
        ::close(pipeFds[1]);
        const auto fromPipe = SecretSource::readFile(QStringLiteral("/proc/self/fd/%1").arg(pipeFds[0]));
        ::close(pipeFds[0]);
        QVERIFY2(fromPipe.ok(), qPrintable(fromPipe.message()));
        QCOMPARE(*fromPipe, QStringLiteral("from a source"));

        qputenv("TIRKEU_TEST_CA_PASS", "from a source");
        QVERIFY(CaKey::open(file, SecretSource::fromEnv(QStringLiteral("TIRKEU_TEST_CA_PASS"))).ok());
        qunsetenv("TIRKEU_TEST_CA_PASS");
        const auto unset = CaKey::open(file, SecretSource::fromEnv(QStringLiteral("TIRKEU_TEST_CA_PASS")));
        QVERIFY(!unset.ok());
        QVERIFY2(unset.message().contains(u"TIRKEU_TEST_CA_PASS"), qPrintable(unset.message()));

        int asked = 0;
        const auto prompt = SecretSource::fromPrompt([&asked] {
            ++asked;
            return QStringLiteral("from a source");
        });
        QVERIFY(CaKey::open(file, prompt).ok());
        QCOMPARE(asked, 1);
        const auto cancelled = CaKey::open(file, SecretSource::fromPrompt([] { return QString(); }));
        QCOMPARE(cancelled.code(), ErrorCode::Forbidden);

        QCOMPARE(SecretSource::fromFile(path(QStringLiteral("no-such-file"))).read().code(), ErrorCode::Io);
        QVERIFY(!SecretSource::literal(QString()).read().ok());
    }

    void inMemoryKeyHasTheSameInterface() {
        auto generated = KeyGenerator::generate(KeyAlgorithm::EcP384);
        const auto key = CaKey::fromPrivateKey(std::move(generated.value()));
        QVERIFY(key.ok());
        QCOMPARE((*key)->store(), CaKey::Store::Memory);
        QCOMPARE((*key)->description(), QStringLiteral("ECDSA P-384"));
        QVERIFY(signAndVerify((*key)->pkey(), "memory"));
        EvpPkeyPtr weak(EVP_RSA_gen(1024));
        QCOMPARE(CaKey::fromPrivateKey(std::move(weak)).code(), ErrorCode::Crypto);
    }

    // --- SoftHSM2 through the libp11 engine -------------------------------------------------------

    void softhsmTokenIsReady() {
        const QString softhsm = QStandardPaths::findExecutable(QStringLiteral("softhsm2-util"));
        if (softhsm.isEmpty()) {
            qWarning("*** softhsm2-util IS NOT INSTALLED: THE PKCS#11 CA KEY TESTS DO NOT RUN. ***");
            QSKIP("softhsm2-util not found (install softhsm2 and opensc)");
        }
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
        QVERIFY2(!tool.isEmpty(), "pkcs11-tool (opensc) is required next to softhsm2-util");
        QVERIFY(m_hsmDir.isValid());
        const QString tokens = m_hsmDir.filePath(QStringLiteral("tokens"));
        QVERIFY(QDir().mkpath(tokens));
        const QString conf = m_hsmDir.filePath(QStringLiteral("softhsm2.conf"));
        QVERIFY(writeFile(conf, "directories.tokendir = " + QFile::encodeName(tokens) +
                                    "\nobjectstore.backend = file\nlog.level = ERROR\n"));
        // Read by softhsm2-util, pkcs11-tool and the module the engine loads in this process.
        qputenv("SOFTHSM2_CONF", QFile::encodeName(conf));
        qunsetenv("TIRKEU_PKCS11_MODULE");

        ProcessResult init =
            run(softhsm, {QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"),
                          QStringLiteral("tirkeu-test"), QStringLiteral("--pin"), QStringLiteral("1234"),
                          QStringLiteral("--so-pin"), QStringLiteral("5678")});
        QVERIFY2(init.exitCode == 0, qPrintable(init.output));
        const QString module = Pkcs11Engine::modulePath();
        QCOMPARE(module, QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"));
        const QStringList login{QStringLiteral("--module"), module, QStringLiteral("--login"), QStringLiteral("--pin"),
                                QStringLiteral("1234")};
        ProcessResult rsa =
            run(tool, login + QStringList{QStringLiteral("--keypairgen"), QStringLiteral("--key-type"),
                                          QStringLiteral("rsa:2048"), QStringLiteral("--label"),
                                          QStringLiteral("ca-key"), QStringLiteral("--id"), QStringLiteral("01")});
        QVERIFY2(rsa.exitCode == 0, qPrintable(rsa.output));
        ProcessResult ec =
            run(tool, login + QStringList{QStringLiteral("--keypairgen"), QStringLiteral("--key-type"),
                                          QStringLiteral("EC:prime256v1"), QStringLiteral("--label"),
                                          QStringLiteral("ca-ec"), QStringLiteral("--id"), QStringLiteral("02")});
        QVERIFY2(ec.exitCode == 0, qPrintable(ec.output));
        m_pinFile = m_hsmDir.filePath(QStringLiteral("pin.txt"));
        QVERIFY(writeFile(m_pinFile, "1234\n"));
        m_hsmReady = true;
    }

    void tokenWithWrongPinIsRefused() {
        if (!m_hsmReady)
            QSKIP("no SoftHSM2 token (see softhsmTokenIsReady)");
        const auto opened = CaKey::open(QStringLiteral("pkcs11:token=tirkeu-test;object=ca-key"),
                                        SecretSource::literal(QStringLiteral("9999")));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.code(), ErrorCode::Crypto);
        QVERIFY2(opened.message().contains(u"wrong PIN"), qPrintable(opened.message()));
    }

    void tokenKeySigns_data() {
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("id");
        QTest::newRow("rsa") << QStringLiteral("ca-key") << QStringLiteral("RSA 2048") << QStringLiteral("01");
        QTest::newRow("ec") << QStringLiteral("ca-ec") << QStringLiteral("ECDSA P-256") << QStringLiteral("02");
    }
    void tokenKeySigns() {
        if (!m_hsmReady)
            QSKIP("no SoftHSM2 token (see softhsmTokenIsReady)");
        QFETCH(QString, object);
        QFETCH(QString, description);
        QFETCH(QString, id);
        const QString uri = u"pkcs11:token=tirkeu-test;object=" + object;
        const auto opened = CaKey::open(uri, SecretSource::fromFile(m_pinFile));
        QVERIFY2(opened.ok(), qPrintable(opened.message()));
        const CaKey& key = **opened;
        QCOMPARE(key.store(), CaKey::Store::Pkcs11);
        QCOMPARE(key.uri(), uri);
        QCOMPARE(key.description(), description);
        QVERIFY(signAndVerify(key.pkey(), "signed on the token"));
        QVERIFY(signAndVerify(key.pkey(), QByteArray(100000, 'x')));

        // The public key is the token's own (read back independently with pkcs11-tool).
        const QString pubFile = m_hsmDir.filePath(object + u".pub.der");
        const ProcessResult read =
            run(QStringLiteral("pkcs11-tool"),
                {QStringLiteral("--module"), Pkcs11Engine::modulePath(), QStringLiteral("--read-object"),
                 QStringLiteral("--type"), QStringLiteral("pubkey"), QStringLiteral("--id"), id,
                 QStringLiteral("--output-file"), pubFile});
        QVERIFY2(read.exitCode == 0, qPrintable(read.output));
        QCOMPARE(key.publicKeyDer().toHex(), readFile(pubFile).toHex());

        // The key never leaves the token.
        QVERIFY(!CaKey::encryptPkcs8(key.pkey(), QStringLiteral("pass"), kFastCost).ok());

        // And X509_sign takes it directly, as the certificate code uses it.
        X509Ptr cert(X509_new());
        QVERIFY(X509_set_version(cert.get(), X509_VERSION_3) == 1);
        X509_NAME* name = X509_get_subject_name(cert.get());
        QVERIFY(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                           reinterpret_cast<const unsigned char*>("Tirkeu test CA"), -1, -1, 0) == 1);
        QVERIFY(X509_set_issuer_name(cert.get(), name) == 1);
        QVERIFY(X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0));
        QVERIFY(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600));
        QVERIFY(X509_set_pubkey(cert.get(), key.pkey()) == 1);
        QVERIFY(X509_sign(cert.get(), key.pkey(), EVP_sha256()) > 0);
        EvpPkeyPtr pub(X509_get_pubkey(cert.get()));
        QCOMPARE(X509_verify(cert.get(), pub.get()), 1);
    }

    void tokenUriErrorsAreClear() {
        if (!m_hsmReady)
            QSKIP("no SoftHSM2 token (see softhsmTokenIsReady)");
        const auto missing = CaKey::open(QStringLiteral("pkcs11:token=tirkeu-test;object=no-such-key"),
                                         SecretSource::fromFile(m_pinFile));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.message().contains(u"no-such-key"), qPrintable(missing.message()));
        const auto pinInUri = CaKey::open(QStringLiteral("pkcs11:token=tirkeu-test;object=ca-key;pin-value=1234"),
                                          SecretSource::fromFile(m_pinFile));
        QCOMPARE(pinInUri.code(), ErrorCode::Usage);
        qputenv("TIRKEU_PKCS11_MODULE", "/nonexistent/libpkcs11.so");
        const auto noModule =
            CaKey::open(QStringLiteral("pkcs11:token=tirkeu-test;object=ca-key"), SecretSource::fromFile(m_pinFile));
        qunsetenv("TIRKEU_PKCS11_MODULE");
        QCOMPARE(noModule.code(), ErrorCode::NotFound);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCaKey)
#include "tst_cakey.moc"
