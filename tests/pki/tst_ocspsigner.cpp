// The delegated OCSP signing certificate lies within its CA certificate's validity, like every certificate the CA
// signs (attack of session 29, F8): a 30-day signer under a CA certificate that ends in 10 days was valid 20 days
// past its issuer, and a new signer was certified after the CA certificate had ended. Now its end is cut at the
// CA certificate's end, and a CA certificate that has ended (or not begun) certifies no signer.

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Ocsp.h"

#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

class TestOcspSigner : public QObject {
    Q_OBJECT

    // A root CA certificate valid from `from` for `days` days.
    static TestCa shortRoot(const QDateTime& from, int days) {
        TestCa ca;
        ca.key = ecKey();
        CertificateSpec spec;
        spec.subject = SubjectName::ca(QStringLiteral("Қысқа CA"), QStringLiteral("Тіркеу АҚ"));
        spec.profile = Profile(ProfileKind::RootCa);
        spec.notBefore = from;
        spec.notAfter = from.addDays(days);
        auto der = CertificateBuilder::build(spec, nullptr, nullptr, ca.key.get());
        if (der) {
            ca.der = *der;
            ca.cert = parseDer(ca.der);
        }
        return ca;
    }

private Q_SLOTS:
    void signerEndsNoLaterThanItsCa() {
        const QDateTime now = utcNow();
        const TestCa ca = shortRoot(now.addDays(-1), 11); // ends in 10 days
        QVERIFY(ca.cert);
        EvpPkeyPtr signer = ecKey();
        OcspSignerSpec spec;
        spec.notBefore = now;
        spec.notAfter = now.addDays(30);
        auto der = OcspSignerCertificate::build(spec, signer.get(), ca.cert.get(), ca.key.get());
        QVERIFY2(der.ok(), qPrintable(der.message()));
        auto cert = Certificate::parse(*der);
        QVERIFY2(cert.ok(), qPrintable(cert.message()));
        QCOMPARE(cert->notAfter(), Certificate::parse(ca.der)->notAfter());
        // Under a CA certificate that lasts longer, the 30 days asked for.
        const TestCa longer = shortRoot(now.addDays(-1), 365);
        auto full = OcspSignerCertificate::build(spec, signer.get(), longer.cert.get(), longer.key.get());
        QVERIFY2(full.ok(), qPrintable(full.message()));
        QCOMPARE(Certificate::parse(*full)->notAfter(), spec.notAfter.addMSecs(-spec.notAfter.time().msec()));
    }

    void endedOrNotYetValidCaCertifiesNoSigner() {
        const QDateTime now = utcNow();
        EvpPkeyPtr signer = ecKey();
        OcspSignerSpec spec;
        spec.notBefore = now;
        spec.notAfter = now.addDays(30);
        const TestCa ended = shortRoot(now.addDays(-20), 10);
        QVERIFY(ended.cert);
        auto refused = OcspSignerCertificate::build(spec, signer.get(), ended.cert.get(), ended.key.get());
        QCOMPARE(refused.code(), ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(u"ended"), qPrintable(refused.message()));
        const TestCa later = shortRoot(now.addDays(5), 100);
        QVERIFY(later.cert);
        QCOMPARE(OcspSignerCertificate::build(spec, signer.get(), later.cert.get(), later.key.get()).code(),
                 ErrorCode::Conflict);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestOcspSigner)
#include "tst_ocspsigner.moc"
