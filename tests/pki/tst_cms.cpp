// CmsVerify / CmsSign: a revocation application signed with the holder's certificate.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/Certificate.h"
#include "pki/CmsSign.h"
#include "pki/CmsVerify.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

const QByteArray kApplication = QStringLiteral(R"({"form":"NCA-REVOKE-IND","iin":"900701300108","surname":"ҚАСЫМОВА",)"
                                               R"("serial":"0123456789ABCDEF","reason":"keyCompromise"})")
                                    .toUtf8();

} // namespace

class TestCms : public QObject {
    Q_OBJECT

private:
    TestCa m_ca;
    TestCa m_otherCa;
    EvpPkeyPtr m_holderKey;
    QByteArray m_holderDer;
    X509Ptr m_holder;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_ca = makeRoot(ecKey("P-384"), QStringLiteral("CMS Test CA"));
        m_otherCa = makeRoot(ecKey("P-256"), QStringLiteral("CMS Test CA"), 10); // same name, other key
        m_holderKey = rsaKey();
        Result<QByteArray> der = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualSign)),
                                                           m_holderKey.get(), m_ca.cert.get(), m_ca.key.get());
        QVERIFY2(der.ok(), qPrintable(der.message()));
        m_holderDer = *der;
        m_holder = parseDer(m_holderDer);
    }

    void signedApplicationVerifies_data() {
        QTest::addColumn<bool>("pem");
        QTest::newRow("DER") << false;
        QTest::newRow("PEM") << true;
    }
    void signedApplicationVerifies() {
        QFETCH(bool, pem);
        Result<QByteArray> signedData = CmsSign::sign(kApplication, m_holder.get(), m_holderKey.get(),
                                                      pem ? CmsSign::Encoding::Pem : CmsSign::Encoding::Der);
        QVERIFY2(signedData.ok(), qPrintable(signedData.message()));
        Result<SignedContent> verified = CmsVerify::verify(*signedData);
        QVERIFY2(verified.ok(), qPrintable(verified.message()));
        QCOMPARE(verified->content, kApplication);
        QCOMPARE(verified->signerCertDer, m_holderDer);
        QVERIFY(verified->signingTime.isValid());
        QVERIFY(qAbs(verified->signingTime.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QVERIFY(CmsVerify::verifyIssuedBy(verified->signerCertDer, m_ca.der, QDateTime::currentDateTimeUtc()).ok());
    }

    void opensslAgreesBothWays() {
        const QString caPath = m_dir.filePath(QStringLiteral("ca.pem"));
        const QString holderPath = m_dir.filePath(QStringLiteral("holder.pem"));
        const QString keyPath = m_dir.filePath(QStringLiteral("holder.key"));
        const QString contentPath = m_dir.filePath(QStringLiteral("application.json"));
        QVERIFY(writeFile(caPath, certPem(m_ca.der)));
        QVERIFY(writeFile(holderPath, certPem(m_holderDer)));
        QVERIFY(writeFile(keyPath, keyPem(m_holderKey.get())));
        QVERIFY(writeFile(contentPath, kApplication));

        // Ours, verified by openssl cms.
        const QString oursPath = m_dir.filePath(QStringLiteral("ours.p7s"));
        QVERIFY(writeFile(oursPath, *CmsSign::sign(kApplication, m_holder.get(), m_holderKey.get())));
        const QString outPath = m_dir.filePath(QStringLiteral("out.json"));
        const ProcessResult verify =
            run(QStringLiteral("openssl"),
                {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-binary"), QStringLiteral("-inform"),
                 QStringLiteral("DER"), QStringLiteral("-in"), oursPath, QStringLiteral("-CAfile"), caPath,
                 QStringLiteral("-purpose"), QStringLiteral("any"), QStringLiteral("-out"), outPath});
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.output));
        QCOMPARE(readFile(outPath), kApplication);

        // openssl cms's, verified by us.
        const QString theirsPath = m_dir.filePath(QStringLiteral("theirs.p7s"));
        const ProcessResult sign = run(QStringLiteral("openssl"),
                                       {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
                                        QStringLiteral("-nodetach"), QStringLiteral("-outform"), QStringLiteral("PEM"),
                                        QStringLiteral("-signer"), holderPath, QStringLiteral("-inkey"), keyPath,
                                        QStringLiteral("-in"), contentPath, QStringLiteral("-out"), theirsPath});
        QVERIFY2(sign.exitCode == 0, qPrintable(sign.output));
        Result<SignedContent> verified = CmsVerify::verify(readFile(theirsPath));
        QVERIFY2(verified.ok(), qPrintable(verified.message()));
        QCOMPARE(verified->content, kApplication);
        QCOMPARE(verified->signerCertDer, m_holderDer);

        // Attack of session 32, B14: the same signed with SHA-1 is refused (as a CSR signed with it is).
        const QString sha1Path = m_dir.filePath(QStringLiteral("sha1.p7s"));
        const ProcessResult weak =
            run(QStringLiteral("openssl"),
                {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"), QStringLiteral("-nodetach"),
                 QStringLiteral("-md"), QStringLiteral("sha1"), QStringLiteral("-outform"), QStringLiteral("PEM"),
                 QStringLiteral("-signer"), holderPath, QStringLiteral("-inkey"), keyPath, QStringLiteral("-in"),
                 contentPath, QStringLiteral("-out"), sha1Path});
        QVERIFY2(weak.exitCode == 0, qPrintable(weak.output));
        Result<SignedContent> refused = CmsVerify::verify(readFile(sha1Path));
        QCOMPARE(refused.code(), ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("SHA1"), Qt::CaseInsensitive),
                 qPrintable(refused.message()));
    }

    void tamperedContentIsRefused() {
        QByteArray signedData = *CmsSign::sign(kApplication, m_holder.get(), m_holderKey.get());
        const qsizetype at = signedData.indexOf("keyCompromise");
        QVERIFY(at > 0);
        signedData[at] = 'K';
        Result<SignedContent> verified = CmsVerify::verify(signedData);
        QCOMPARE(verified.code(), ErrorCode::Invalid);
        QVERIFY2(verified.message().contains(QStringLiteral("does not verify")), qPrintable(verified.message()));
    }

    void detachedSignatureIsRefused() {
        BioPtr in = memoryBio(kApplication);
        CmsPtr cms(CMS_sign(m_holder.get(), m_holderKey.get(), nullptr, in.get(), CMS_BINARY | CMS_DETACHED));
        QVERIFY(cms);
        Result<SignedContent> verified = CmsVerify::verify(toDer(cms.get(), i2d_CMS_ContentInfo));
        QCOMPARE(verified.code(), ErrorCode::Invalid);
        QVERIFY2(verified.message().contains(QStringLiteral("does not contain")), qPrintable(verified.message()));
    }

    void garbageIsRefused() {
        QCOMPARE(CmsVerify::verify(QByteArray("{\"not\":\"signed\"}")).code(), ErrorCode::Invalid);
        QCOMPARE(CmsVerify::verify(QByteArray()).code(), ErrorCode::Invalid);
        QCOMPARE(CmsVerify::verify(m_holderDer).code(), ErrorCode::Invalid);
    }

    void issuedByChecksCaAndValidity() {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(CmsVerify::verifyIssuedBy(m_holderDer, m_ca.der, now).ok());
        QVERIFY(CmsVerify::verifyIssuedBy(certPem(m_holderDer), certPem(m_ca.der), now).ok()); // PEM too

        Status other = CmsVerify::verifyIssuedBy(m_holderDer, m_otherCa.der, now);
        QCOMPARE(other.code(), ErrorCode::Invalid);
        QVERIFY2(!other.message().isEmpty(), "a reason is given");

        const Certificate holder = *Certificate::parse(m_holderDer);
        Status early = CmsVerify::verifyIssuedBy(m_holderDer, m_ca.der, holder.notBefore().addSecs(-1));
        QCOMPARE(early.code(), ErrorCode::Invalid);
        QVERIFY2(early.message().contains(QStringLiteral("not valid at")), qPrintable(early.message()));
        Status late = CmsVerify::verifyIssuedBy(m_holderDer, m_ca.der, holder.notAfter().addSecs(1));
        QCOMPARE(late.code(), ErrorCode::Invalid);
        QVERIFY(CmsVerify::verifyIssuedBy(m_holderDer, m_ca.der, holder.notAfter()).ok()); // inclusive
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCms)
#include "tst_cms.moc"
