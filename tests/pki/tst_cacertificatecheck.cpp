// pki::CaCertificateCheck (attack of session 27, F1/F2): a CA certificate this CA builds passes, the same
// certificate re-signed with SHA-1 does not; names compare as a chain compares them; a PEM file gives its
// certificates in order; a subordinate's certificate is signed by its root and does not outlive it; an RSA-1024
// issuer is refused.

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/CaCertificateCheck.h"

#include <QTest>

#include <openssl/x509.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

class TestCaCertificateCheck : public QObject {
    Q_OBJECT
    TestCa m_root = makeRoot(ecKey());
    TestCa m_sub = makeSub(m_root, ecKey());

private Q_SLOTS:
    void caCertificatesThisCaBuildsPass() {
        auto root = Certificate::parse(m_root.der);
        auto sub = Certificate::parse(m_sub.der);
        QVERIFY(root.ok() && sub.ok());
        QVERIFY2(CaCertificateCheck::check(*root).ok(), qPrintable(CaCertificateCheck::check(*root).message()));
        QVERIFY2(CaCertificateCheck::check(*sub).ok(), qPrintable(CaCertificateCheck::check(*sub).message()));
        QVERIFY(CaCertificateCheck::signedBy(*sub, *root));
        QVERIFY(!CaCertificateCheck::signedBy(*root, *sub));
        QVERIFY(CaCertificateCheck::withinIssuerValidity(*sub, *root).ok());
        QVERIFY(!CaCertificateCheck::withinIssuerValidity(*root, *sub).ok()); // the root outlives the sub
        QVERIFY(CaCertificateCheck::issuerKey(*root).ok());
    }

    void sha1SignatureIsRefused() {
        X509Ptr x = parseDer(m_sub.der);
        QVERIFY(X509_sign(x.get(), m_root.key.get(), EVP_sha1()) > 0);
        auto resigned = Certificate::parse(toDer(x.get(), i2d_X509));
        QVERIFY(resigned.ok());
        const Status s = CaCertificateCheck::check(*resigned);
        QVERIFY(!s.ok());
        QVERIFY2(s.message().contains(QStringLiteral("SHA1")), qPrintable(s.message()));
    }

    void weakIssuerKeyIsRefused() {
        // The root's certificate, re-keyed and self-signed with RSA-1024 (CertificateBuilder never builds one).
        EvpPkeyPtr weak = rsaKey(1024);
        QVERIFY(weak);
        X509Ptr x = parseDer(m_root.der);
        QVERIFY(X509_set_pubkey(x.get(), weak.get()) == 1);
        QVERIFY(X509_sign(x.get(), weak.get(), EVP_sha256()) > 0);
        auto cert = Certificate::parse(toDer(x.get(), i2d_X509));
        QVERIFY(cert.ok());
        const Status s = CaCertificateCheck::issuerKey(*cert);
        QVERIFY(!s.ok());
        QVERIFY2(s.message().contains(QStringLiteral("2048")), qPrintable(s.message()));
    }

    void namesCompareAsAChainComparesThem() {
        const auto name = [](int countryType, const char* country, const char* cn) {
            X509NamePtr n(X509_NAME_new());
            X509_NAME_add_entry_by_txt(n.get(), "C", countryType, reinterpret_cast<const unsigned char*>(country), -1,
                                       -1, 0);
            X509_NAME_add_entry_by_txt(n.get(), "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                                       0);
            return toDer(n.get(), i2d_X509_NAME);
        };
        const QByteArray printable = name(V_ASN1_PRINTABLESTRING, "KZ", "National CA");
        QVERIFY(CaCertificateCheck::sameName(printable, name(V_ASN1_UTF8STRING, "KZ", "National CA")));
        QVERIFY(CaCertificateCheck::sameName(printable, name(V_ASN1_PRINTABLESTRING, "KZ", "national  ca")));
        QVERIFY(!CaCertificateCheck::sameName(printable, name(V_ASN1_PRINTABLESTRING, "KZ", "National CA 2")));
        QVERIFY(!CaCertificateCheck::sameName(printable, QByteArray("not a name")));
        QVERIFY(!CaCertificateCheck::sameName(printable, QByteArray()));
    }

    void aPemFileGivesItsCertificatesInOrder() {
        auto chain = Certificate::parseAll(certPem(m_sub.der) + certPem(m_root.der));
        QVERIFY(chain.ok());
        QCOMPARE(chain->size(), 2);
        QCOMPARE(chain->at(0).der(), m_sub.der);
        QCOMPARE(chain->at(1).der(), m_root.der);
        auto one = Certificate::parseAll(m_root.der);
        QVERIFY(one.ok());
        QCOMPARE(one->size(), 1);
        QVERIFY(!Certificate::parseAll(QByteArray("-----BEGIN nothing")).ok());
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCaCertificateCheck)
#include "tst_cacertificatecheck.moc"
