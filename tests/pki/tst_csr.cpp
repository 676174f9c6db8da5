// Csr: good requests accepted in PEM and DER; weak keys, broken signatures and garbage refused with
// a clear reason; the CSR writer for subordinate CAs.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/InputFiles.h"

#include <QTemporaryDir>

#include <QTest>
#include <chrono>
#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

// A request built directly with OpenSSL (our writer refuses weak keys and digests).
QByteArray rawRequestDer(EVP_PKEY* key, const EVP_MD* md) {
    X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("TEST"), -1, -1, 0);
    X509_REQ_set_pubkey(req.get(), key);
    X509_REQ_sign(req.get(), key, md);
    return toDer(req.get(), i2d_X509_REQ);
}

// A request signed with RSASSA-PSS: `md` the message digest, `mgf1` the mask generation's digest (OpenSSL writes
// the parameters it is given; SHA-1 everywhere with salt 20 are the defaults, written as an empty SEQUENCE).
QByteArray pssRequestDer(EVP_PKEY* key, const EVP_MD* md, const EVP_MD* mgf1, int saltLength) {
    X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("TEST"), -1, -1, 0);
    X509_REQ_set_pubkey(req.get(), key);
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltLength) != 1 || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, mgf1) != 1 ||
        X509_REQ_sign_ctx(req.get(), ctx.get()) <= 0) {
        qWarning("PSS sign: %s", qPrintable(opensslErrors()));
        return {};
    }
    return toDer(req.get(), i2d_X509_REQ);
}

QByteArray derToPem(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509ReqPtr req(d2i_X509_REQ(nullptr, &p, long(der.size())));
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ(bio.get(), req.get());
    return bioContents(bio.get());
}

} // namespace

class TestCsr : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A CSR made by the openssl command line, as a holder's tool would.
    QByteArray opensslRequest(const QStringList& keyArgs, bool der) {
        const QString keyPath = m_dir.filePath(QStringLiteral("key.pem"));
        const QString csrPath = m_dir.filePath(QStringLiteral("req.csr"));
        ProcessResult key = run(QStringLiteral("openssl"), QStringList{QStringLiteral("genpkey")} + keyArgs +
                                                               QStringList{QStringLiteral("-out"), keyPath});
        if (key.exitCode != 0)
            qWarning("%s", qPrintable(key.output));
        ProcessResult req = run(QStringLiteral("openssl"),
                                {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-utf8"),
                                 QStringLiteral("-key"), keyPath, QStringLiteral("-subj"),
                                 QStringLiteral("/CN=ҚАСЫМОВА ӘЛИЯ/SN=ҚАСЫМОВА/serialNumber=IIN900701300108/C=KZ"),
                                 QStringLiteral("-outform"), der ? QStringLiteral("DER") : QStringLiteral("PEM"),
                                 QStringLiteral("-out"), csrPath});
        if (req.exitCode != 0)
            qWarning("%s", qPrintable(req.output));
        return readFile(csrPath);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void goodRequestsAreAccepted_data() {
        QTest::addColumn<QStringList>("keyArgs");
        QTest::addColumn<bool>("der");
        QTest::addColumn<QString>("description");
        const QStringList rsa{QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                              QStringLiteral("rsa_keygen_bits:2048")};
        const QStringList p256{QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:P-256")};
        const QStringList p384{QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:P-384")};
        QTest::newRow("RSA-2048 PEM") << rsa << false << QStringLiteral("RSA 2048");
        QTest::newRow("RSA-2048 DER") << rsa << true << QStringLiteral("RSA 2048");
        QTest::newRow("P-256 PEM") << p256 << false << QStringLiteral("ECDSA P-256");
        QTest::newRow("P-256 DER") << p256 << true << QStringLiteral("ECDSA P-256");
        QTest::newRow("P-384 DER") << p384 << true << QStringLiteral("ECDSA P-384");
    }
    void goodRequestsAreAccepted() {
        QFETCH(QStringList, keyArgs);
        QFETCH(bool, der);
        QFETCH(QString, description);
        const QByteArray bytes = opensslRequest(keyArgs, der);
        QVERIFY(!bytes.isEmpty());
        Result<Csr> csr = Csr::parse(bytes);
        QVERIFY2(csr.ok(), qPrintable(csr.message()));
        QCOMPARE(csr->keyDescription(), description);
        QVERIFY(csr->publicKey());
        EvpPkeyPtr copy = csr->publicKeyCopy();
        QCOMPARE(EVP_PKEY_eq(copy.get(), csr->publicKey()), 1);
        QCOMPARE(csr->subject().iin, QStringLiteral("900701300108"));
        QCOMPARE(csr->subject().surname, QStringLiteral("ҚАСЫМОВА"));
        QVERIFY2(csr->subjectDisplay().contains(QStringLiteral("CN=ҚАСЫМОВА ӘЛИЯ")), qPrintable(csr->subjectDisplay()));
        QCOMPARE(Csr::parse(csr->pem())->der(), csr->der());
    }

    void weakRsaKeyIsRefused() {
        EvpPkeyPtr key = rsaKey(1024);
        const QByteArray der = rawRequestDer(key.get(), EVP_sha256());
        for (const QByteArray& bytes : {der, derToPem(der)}) {
            Result<Csr> csr = Csr::parse(bytes);
            QCOMPARE(csr.code(), ErrorCode::Invalid);
            QVERIFY2(csr.message().contains(QStringLiteral("too weak")), qPrintable(csr.message()));
        }
    }

    void otherAlgorithmsAreRefused_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("curve");
        QTest::newRow("Ed25519") << QStringLiteral("ED25519") << QString();
        QTest::newRow("secp256k1") << QStringLiteral("EC") << QStringLiteral("secp256k1");
        QTest::newRow("P-521") << QStringLiteral("EC") << QStringLiteral("P-521");
    }
    void otherAlgorithmsAreRefused() {
        QFETCH(QString, type);
        QFETCH(QString, curve);
        const QByteArray typeName = type.toLatin1();
        const QByteArray curveName = curve.toLatin1();
        EvpPkeyPtr key(curve.isEmpty()
                           ? EVP_PKEY_Q_keygen(nullptr, nullptr, typeName.constData())
                           : EVP_PKEY_Q_keygen(nullptr, nullptr, typeName.constData(), curveName.constData()));
        QVERIFY(key);
        Result<Csr> csr = Csr::parse(rawRequestDer(key.get(), curve.isEmpty() ? nullptr : EVP_sha256()));
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(QStringLiteral("not accepted")), qPrintable(csr.message()));
    }

    void corruptedSignatureIsNoProofOfPossession() {
        EvpPkeyPtr key = rsaKey();
        QByteArray der = rawRequestDer(key.get(), EVP_sha256());
        der[der.size() - 1] = char(der.at(der.size() - 1) ^ 0x01); // last byte of the signature
        for (const QByteArray& bytes : {der, derToPem(der)}) {
            Result<Csr> csr = Csr::parse(bytes);
            QCOMPARE(csr.code(), ErrorCode::Invalid);
            QVERIFY2(csr.message().contains(QStringLiteral("proof of possession")), qPrintable(csr.message()));
        }
        // A subject changed after signing is refused the same way.
        EvpPkeyPtr ec = ecKey();
        QByteArray tampered = rawRequestDer(ec.get(), EVP_sha256());
        const qsizetype at = tampered.indexOf("TEST");
        QVERIFY(at > 0);
        tampered[at] = 'B';
        QVERIFY(Csr::parse(tampered).message().contains(QStringLiteral("proof of possession")));
    }

    void sha1SignatureIsRefused() {
        EvpPkeyPtr key = rsaKey();
        Result<Csr> csr = Csr::parse(rawRequestDer(key.get(), EVP_sha1()));
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(QStringLiteral("weak digest")), qPrintable(csr.message()));
    }

    // Attack of session 32, B7: the weak-digest rule was read from the signature algorithm's OID alone, which for
    // RSASSA-PSS names no digest: a PSS request with SHA-1 (the parameters' defaults, or in the mask generation
    // only) was accepted. Both digests of the parameters are judged now; PSS with SHA-256 throughout still passes.
    void pssSignatureDigestsAreJudged_data() {
        QTest::addColumn<QByteArray>("mdName");
        QTest::addColumn<QByteArray>("mgf1Name");
        QTest::addColumn<int>("saltLength");
        QTest::addColumn<QString>("refusal"); // empty: accepted
        QTest::newRow("SHA-1, MGF1-SHA-1 (defaults)")
            << QByteArray("SHA1") << QByteArray("SHA1") << 20 << QStringLiteral("weak digest SHA1;");
        QTest::newRow("SHA-256, MGF1-SHA-1")
            << QByteArray("SHA256") << QByteArray("SHA1") << 32 << QStringLiteral("weak digest MGF1-SHA1;");
        QTest::newRow("SHA-1, MGF1-SHA-256")
            << QByteArray("SHA1") << QByteArray("SHA256") << 20 << QStringLiteral("weak digest SHA1;");
        QTest::newRow("SHA-256, MGF1-SHA-256") << QByteArray("SHA256") << QByteArray("SHA256") << 32 << QString();
        QTest::newRow("SHA-384, MGF1-SHA-384") << QByteArray("SHA384") << QByteArray("SHA384") << 48 << QString();
    }
    void pssSignatureDigestsAreJudged() {
        QFETCH(QByteArray, mdName);
        QFETCH(QByteArray, mgf1Name);
        QFETCH(int, saltLength);
        QFETCH(QString, refusal);
        static const EvpPkeyPtr key = rsaKey();
        const QByteArray der = pssRequestDer(key.get(), EVP_get_digestbyname(mdName.constData()),
                                             EVP_get_digestbyname(mgf1Name.constData()), saltLength);
        QVERIFY(!der.isEmpty());
        // The request is well signed: OpenSSL itself verifies it.
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        X509ReqPtr req(d2i_X509_REQ(nullptr, &p, long(der.size())));
        QVERIFY(req);
        QCOMPARE(X509_REQ_get_signature_nid(req.get()), NID_rsassaPss);
        QCOMPARE(X509_REQ_verify(req.get(), key.get()), 1);
        for (const QByteArray& bytes : {der, derToPem(der)}) {
            Result<Csr> csr = Csr::parse(bytes);
            if (refusal.isEmpty()) {
                QVERIFY2(csr.ok(), qPrintable(csr.message()));
                QCOMPARE(EVP_PKEY_eq(csr->publicKey(), key.get()), 1);
            } else {
                QCOMPARE(csr.code(), ErrorCode::Invalid);
                QVERIFY2(csr.message().contains(refusal), qPrintable(csr.message()));
            }
        }
    }

    // PSS parameters that cannot be read (not a SEQUENCE, absent, a mask generation other than MGF1) are no
    // signature algorithm this CA knows; absent parameters would mean SHA-1 anyway (RFC 4055).
    void unreadablePssParametersAreRefused() {
        EvpPkeyPtr key = rsaKey();
        const QByteArray good = pssRequestDer(key.get(), EVP_sha256(), EVP_sha256(), 32);
        QVERIFY(!good.isEmpty());
        const auto withParameter = [&good](ASN1_TYPE* parameter) {
            const auto* p = reinterpret_cast<const unsigned char*>(good.constData());
            X509ReqPtr req(d2i_X509_REQ(nullptr, &p, long(good.size())));
            const X509_ALGOR* inner = nullptr;
            X509_REQ_get0_signature(req.get(), nullptr, &inner);
            // The outer signatureAlgorithm only: OpenSSL checks nothing else against it before our rule runs.
            X509_ALGOR* outer = const_cast<X509_ALGOR*>(inner);
            X509_ALGOR_set0(outer, OBJ_nid2obj(NID_rsassaPss), parameter ? parameter->type : V_ASN1_UNDEF,
                            parameter ? parameter->value.ptr : nullptr);
            if (parameter)
                parameter->value.ptr = nullptr;
            ASN1_TYPE_free(parameter);
            return toDer(req.get(), i2d_X509_REQ);
        };
        QByteArray absent = withParameter(nullptr);
        QVERIFY(!absent.isEmpty());
        Result<Csr> csr = Csr::parse(absent);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(QStringLiteral("weak digest SHA1;")), qPrintable(csr.message()));

        ASN1_TYPE* integer = ASN1_TYPE_new();
        ASN1_INTEGER* five = ASN1_INTEGER_new();
        ASN1_INTEGER_set(five, 5);
        ASN1_TYPE_set(integer, V_ASN1_INTEGER, five);
        csr = Csr::parse(withParameter(integer));
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(QStringLiteral("unknown algorithm")), qPrintable(csr.message()));
    }

    void garbageIsNotACsr_data() {
        QTest::addColumn<QByteArray>("bytes");
        EvpPkeyPtr key = ecKey();
        const QByteArray good = rawRequestDer(key.get(), EVP_sha256());
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("hello, this is not a request");
        QTest::newRow("random") << randomBytes(300);
        QTest::newRow("truncated DER") << good.left(good.size() - 10);
        QTest::newRow("trailing bytes") << good + QByteArray("xyz");
        QTest::newRow("PEM of something else")
            << QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }
    void garbageIsNotACsr() {
        QFETCH(QByteArray, bytes);
        Result<Csr> csr = Csr::parse(bytes);
        QCOMPARE(csr.code(), ErrorCode::Invalid);
        QVERIFY2(csr.message().contains(QStringLiteral("not a CSR")), qPrintable(csr.message()));
    }

    // A request file is read whole only up to Csr::kMaxFileBytes: a real request comes back byte for byte (at
    // the limit too), a bigger file — an image chosen by mistake, /dev/zero — is refused with its name and the
    // limit without being read into memory, a missing one with the reason.
    void requestFilesAreReadWithinALimit() {
        const QByteArray der = rawRequestDer(ecKey().get(), EVP_sha256());
        const QString good = m_dir.filePath(QStringLiteral("good.csr"));
        QVERIFY(writeFile(good, der));
        QCOMPARE(*Csr::readFile(good), der);
        const QString atLimit = m_dir.filePath(QStringLiteral("limit.csr"));
        QVERIFY(writeFile(atLimit, QByteArray(Csr::kMaxFileBytes, 'A')));
        QCOMPARE(Csr::readFile(atLimit)->size(), Csr::kMaxFileBytes);
        const QString big = m_dir.filePath(QStringLiteral("big.csr"));
        QVERIFY(writeFile(big, QByteArray(Csr::kMaxFileBytes + 1, 'A')));
        const auto read = Csr::readFile(big);
        QCOMPARE(read.code(), ErrorCode::Invalid);
        QVERIFY2(read.message().contains(big) && read.message().contains(u"1024 KiB"), qPrintable(read.message()));
        const auto missing = Csr::readFile(m_dir.filePath(QStringLiteral("missing.csr")));
        QCOMPARE(missing.code(), ErrorCode::Io);
        QVERIFY2(missing.message().contains(u"missing.csr"), qPrintable(missing.message()));
    }

    // Attack of session 27, F7: a pipe nobody writes to blocked every input for ever; a device (/dev/zero: endless)
    // or a folder is no input file either. Only regular files are read, anything else is refused at once, named.
    void onlyRegularFilesAreRead() {
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.csr"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        for (const QString& path : {fifo, QStringLiteral("/dev/zero"), QStringLiteral("/dev/null"), m_dir.path()}) {
            std::future<Result<QByteArray>> reading =
                std::async(std::launch::async, [path] { return InputFiles::read(path, InputFiles::kDocument); });
            if (reading.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
                // Let the blocked reader go (a writer opens and closes the pipe), then fail.
                const int fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
                if (fd >= 0)
                    ::close(fd);
                reading.wait();
                QFAIL(qPrintable(path + QStringLiteral(": the read blocked")));
            }
            const Result<QByteArray> read = reading.get();
            QVERIFY2(!read.ok(), qPrintable(path));
            QCOMPARE(read.code(), ErrorCode::Invalid);
            QVERIFY2(read.message().contains(path) && read.message().contains(u"regular file"),
                     qPrintable(read.message()));
        }
    }

    void subordinateCaRequestRoundTrips() {
        EvpPkeyPtr key = ecKey("P-384");
        const SubjectName subject = SubjectName::ca(QStringLiteral("Мемлекеттік органдардың куәландырушы орталығы"),
                                                    QStringLiteral("Тіркеу АҚ"));
        Result<QByteArray> pem = Csr::create(key.get(), subject);
        QVERIFY2(pem.ok(), qPrintable(pem.message()));
        QVERIFY(pem->startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        Result<Csr> csr = Csr::parse(*pem);
        QVERIFY2(csr.ok(), qPrintable(csr.message()));
        QCOMPARE(csr->subject().kind, SubjectName::Kind::Ca);
        QCOMPARE(csr->subject().caName, subject.caName);
        QCOMPARE(EVP_PKEY_eq(csr->publicKey(), key.get()), 1);

        const QString path = m_dir.filePath(QStringLiteral("sub.csr"));
        QVERIFY(writeFile(path, *pem));
        const ProcessResult verify =
            run(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-in"), path,
                                            QStringLiteral("-noout"), QStringLiteral("-verify")});
        QVERIFY2(verify.exitCode == 0 && verify.output.contains(QStringLiteral("verify OK")),
                 qPrintable(verify.output));

        // The root issues the subordinate certificate from the request's key.
        TestCa root = makeRoot(rsaKey());
        CertificateSpec spec;
        spec.subject = csr->subject();
        spec.profile = Profile(ProfileKind::SubordinateCa);
        spec.notBefore = utcNow();
        spec.notAfter = spec.notBefore.addYears(3);
        Result<QByteArray> cert = CertificateBuilder::build(spec, csr->publicKey(), root.cert.get(), root.key.get());
        QVERIFY2(cert.ok(), qPrintable(cert.message()));
        QVERIFY(Certificate::parse(*cert)->isCa());

        EvpPkeyPtr weak = rsaKey(1024);
        QCOMPARE(Csr::create(weak.get(), subject).code(), ErrorCode::Invalid);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCsr)
#include "tst_csr.moc"
