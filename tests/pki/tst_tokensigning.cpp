// The certificate and CRL code with a CA key on a PKCS#11 token (SoftHSM2 through the libp11 engine,
// opened by CaKey): the same EVP_PKEY* path as a file key, checked by openssl.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CrlWriter.h"
#include "pki/Csr.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

class TestTokenSigning : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    bool m_ready = false;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!haveTool(QStringLiteral("softhsm2-util")) || !haveTool(QStringLiteral("pkcs11-tool"))) {
            qWarning("*** softhsm2-util / pkcs11-tool missing: the token signing tests do not run. ***");
            return;
        }
        const QString tokens = m_dir.filePath(QStringLiteral("tokens"));
        QVERIFY(QDir().mkpath(tokens));
        const QString conf = m_dir.filePath(QStringLiteral("softhsm2.conf"));
        QVERIFY(writeFile(conf, "directories.tokendir = " + QFile::encodeName(tokens) +
                                    "\nobjectstore.backend = file\nlog.level = ERROR\n"));
        qputenv("SOFTHSM2_CONF", QFile::encodeName(conf)); // for the tools and the module loaded here
        qunsetenv("TIRKEU_PKCS11_MODULE");
        const ProcessResult init = run(QStringLiteral("softhsm2-util"),
                                       {QStringLiteral("--init-token"), QStringLiteral("--free"),
                                        QStringLiteral("--label"), QStringLiteral("crl-test"), QStringLiteral("--pin"),
                                        QStringLiteral("1234"), QStringLiteral("--so-pin"), QStringLiteral("5678")});
        QVERIFY2(init.exitCode == 0, qPrintable(init.output));
        const QStringList login{QStringLiteral("--module"), QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"),
                                QStringLiteral("--login"),  QStringLiteral("--pin"),
                                QStringLiteral("1234"),     QStringLiteral("--keypairgen")};
        for (const auto& [type, label, id] :
             {std::tuple{"rsa:2048", "rsa", "01"}, std::tuple{"EC:secp384r1", "p384", "02"}}) {
            const ProcessResult gen =
                run(QStringLiteral("pkcs11-tool"),
                    login + QStringList{QStringLiteral("--key-type"), QLatin1String(type), QStringLiteral("--label"),
                                        QLatin1String(label), QStringLiteral("--id"), QLatin1String(id)});
            QVERIFY2(gen.exitCode == 0, qPrintable(gen.output));
        }
        m_ready = true;
    }

    void tokenKeyIssuesCertificatesAndCrls_data() {
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("RSA-2048") << QStringLiteral("rsa") << QStringLiteral("sha256WithRSAEncryption");
        QTest::newRow("P-384") << QStringLiteral("p384") << QStringLiteral("ecdsa-with-SHA384");
    }
    void tokenKeyIssuesCertificatesAndCrls() {
        if (!m_ready)
            QSKIP("no SoftHSM2 token");
        QFETCH(QString, object);
        QFETCH(QString, algorithm);
        auto opened =
            CaKey::open(u"pkcs11:token=crl-test;object=" + object, SecretSource::literal(QStringLiteral("1234")));
        QVERIFY2(opened.ok(), qPrintable(opened.message()));
        EVP_PKEY* caKey = (*opened)->pkey();

        // A root certificate for the token key, and a holder certificate it issues.
        CertificateSpec rootSpec;
        rootSpec.subject = SubjectName::ca(QStringLiteral("Token CA ") + object, QStringLiteral("Тіркеу АҚ"));
        rootSpec.profile = Profile(ProfileKind::RootCa);
        rootSpec.notBefore = utcNow();
        rootSpec.notAfter = rootSpec.notBefore.addYears(5);
        Result<QByteArray> root = CertificateBuilder::build(rootSpec, nullptr, nullptr, caKey);
        QVERIFY2(root.ok(), qPrintable(root.message()));
        X509Ptr rootCert = parseDer(*root);
        QCOMPARE(Certificate::parse(*root)->signatureAlgorithm(), algorithm);

        EvpPkeyPtr holderKey = ecKey();
        Result<QByteArray> holder = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualAuth)),
                                                              holderKey.get(), rootCert.get(), caKey);
        QVERIFY2(holder.ok(), qPrintable(holder.message()));

        // A CSR signed on the token (a subordinate CA asking a parent).
        Result<QByteArray> csr = Csr::create(caKey, rootSpec.subject);
        QVERIFY2(csr.ok(), qPrintable(csr.message()));
        QVERIFY2(Csr::parse(*csr).ok(), "the token's CSR passes our own checks");

        // A CRL revoking the holder.
        const QByteArray serial = Certificate::parse(*holder)->serial();
        bool done = false;
        const RevokedSource source = [&](RevokedEntry& e) {
            if (done)
                return false;
            e.serial = serial;
            e.revokedAt = QDateTime::currentSecsSinceEpoch() - 30;
            e.reason = 1;
            done = true;
            return true;
        };
        CrlSpec spec;
        spec.number = 1;
        spec.thisUpdate = utcNow();
        spec.nextUpdate = spec.thisUpdate.addDays(1);
        Result<CrlOutput> crl = CrlWriter(rootCert.get(), caKey).write(spec, source, m_dir.path(), object);
        QVERIFY2(crl.ok(), qPrintable(crl.message()));

        const QString caCrl = m_dir.filePath(object + QStringLiteral("-ca+crl.pem"));
        const QString holderPath = m_dir.filePath(object + QStringLiteral("-holder.pem"));
        QVERIFY(writeFile(caCrl, certPem(*root) + readFile(crl->pemPath)));
        QVERIFY(writeFile(holderPath, certPem(*holder)));
        const ProcessResult chain =
            run(QStringLiteral("openssl"), {QStringLiteral("verify"), QStringLiteral("-CAfile"), caCrl, holderPath});
        QVERIFY2(chain.exitCode == 0, qPrintable(chain.output));
        const ProcessResult revoked =
            run(QStringLiteral("openssl"),
                {QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"), caCrl, holderPath});
        QVERIFY2(revoked.output.contains(QStringLiteral("error 23 at 0 depth lookup: certificate revoked")),
                 qPrintable(revoked.output));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestTokenSigning)
#include "tst_tokensigning.moc"
