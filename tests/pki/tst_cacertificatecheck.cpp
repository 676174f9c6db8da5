// pki::CaCertificateCheck (attack of session 27, F1/F2): a CA certificate this CA builds passes, the same
// certificate re-signed with SHA-1 does not; names compare as a chain compares them; a PEM file gives its
// certificates in order; a subordinate's certificate is signed by its root and does not outlive it; an RSA-1024
// issuer is refused. An issuer outside the register is held to the rules of a CA's own certificate and must be
// valid now, and every pathLenConstraint above a CA certificate leaves room for it (attack of session 28, F7/F8).

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/CaCertificateCheck.h"

#include <QTest>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <functional>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

class TestCaCertificateCheck : public QObject {
    Q_OBJECT
    TestCa m_root = makeRoot(ecKey());
    TestCa m_sub = makeSub(m_root, ecKey());

    // The root's certificate with `change` applied, signed again with the root's key.
    Certificate rootChanged(const std::function<void(X509*)>& change) {
        X509Ptr x = parseDer(m_root.der);
        change(x.get());
        if (X509_sign(x.get(), m_root.key.get(), EVP_sha256()) <= 0)
            qWarning("sign: %s", qPrintable(opensslErrors()));
        auto cert = Certificate::parse(toDer(x.get(), i2d_X509));
        if (!cert)
            qWarning("parse: %s", qPrintable(cert.message()));
        return cert ? *cert : Certificate();
    }

    // One extension of `x` replaced by NID with an OpenSSL configuration value.
    static void setExtension(X509* x, int nid, const char* value) {
        for (int i = X509_get_ext_by_NID(x, nid, -1); i >= 0; i = X509_get_ext_by_NID(x, nid, -1))
            X509_EXTENSION_free(X509_delete_ext(x, i));
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!ext || X509_add_ext(x, ext.get(), -1) != 1)
            qWarning("extension %d = %s: %s", nid, value, qPrintable(opensslErrors()));
    }

    static void setName(int (*set)(X509*, const X509_NAME*), X509* x, const char* cn) {
        X509NamePtr n(X509_NAME_new());
        X509_NAME_add_entry_by_txt(n.get(), "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
        set(x, n.get());
    }

    // A CA certificate "CN=<cn>" issued under "CN=<issuerCn>" with pathLenConstraint `pathLen` (none when < 0).
    Certificate caWithPathLen(const char* cn, const char* issuerCn, int pathLen) {
        return rootChanged([&](X509* x) {
            setName(X509_set_subject_name, x, cn);
            setName(X509_set_issuer_name, x, issuerCn);
            const QByteArray bc = pathLen < 0 ? QByteArray("critical,CA:TRUE")
                                              : "critical,CA:TRUE,pathlen:" + QByteArray::number(pathLen);
            setExtension(x, NID_basic_constraints, bc.constData());
        });
    }

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

    // An issuer outside the register (`ca import-cert` with the parent's certificate after the CA's; attack of
    // session 28, F7): before, only its key, its CA flag and its signature hash were looked at, and a parent that
    // cannot certify (no keyCertSign, not yet valid, dates inverted, serial 0 or negative) was taken; every
    // certificate the CA then issued failed validation. Each is refused with its reason.
    void outsideIssuerMustBeAbleToCertify() {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto fine = Certificate::parse(m_root.der);
        QVERIFY(fine.ok());
        QVERIFY2(CaCertificateCheck::outsideIssuer(*fine, now).ok(),
                 qPrintable(CaCertificateCheck::outsideIssuer(*fine, now).message()));
        const auto setTimes = [](X509* x, const QDateTime& from, const QDateTime& to) {
            Asn1TimePtr a(ASN1_TIME_set(nullptr, time_t(from.toSecsSinceEpoch())));
            Asn1TimePtr b(ASN1_TIME_set(nullptr, time_t(to.toSecsSinceEpoch())));
            X509_set1_notBefore(x, a.get());
            X509_set1_notAfter(x, b.get());
        };
        const auto setSerial = [](X509* x, long v) {
            Asn1IntegerPtr serial(ASN1_INTEGER_new());
            ASN1_INTEGER_set(serial.get(), v);
            X509_set_serialNumber(x, serial.get());
        };
        // An RSA-2048 modulus 3 x q: anyone computes its private key (KeyPolicy, committed before this check).
        BnPtr q(BN_new());
        BnPtr threeQ(BN_new());
        do {
            BN_generate_prime_ex(q.get(), 2046, 0, nullptr, nullptr, nullptr);
            BN_mul_word(BN_copy(threeQ.get(), q.get()), 3);
        } while (BN_num_bits(threeQ.get()) != 2048);
        EvpPkeyPtr factorThree = rsaFromNumbers(threeQ.get(), 65537);
        QVERIFY(factorThree);

        struct Case {
            const char* what;
            std::function<void(X509*)> change;
            const char* reason;
        };
        const QList<Case> cases{
            {"keyUsage digitalSignature only",
             [](X509* x) { setExtension(x, NID_key_usage, "critical,digitalSignature"); }, "keyCertSign"},
            {"keyUsage keyCertSign without cRLSign",
             [](X509* x) { setExtension(x, NID_key_usage, "critical,keyCertSign"); }, "cRLSign"},
            {"basicConstraints not critical", [](X509* x) { setExtension(x, NID_basic_constraints, "CA:TRUE"); },
             "critical"},
            {"not yet valid", [&](X509* x) { setTimes(x, now.addYears(1), now.addYears(10)); }, "not valid now"},
            {"notBefore after notAfter",
             [&](X509* x) {
                 setTimes(x, QDateTime(QDate(2037, 1, 1), QTime(0, 0), Qt::UTC),
                          QDateTime(QDate(2036, 1, 1), QTime(0, 0), Qt::UTC));
             },
             "not valid now"},
            {"expired", [&](X509* x) { setTimes(x, now.addYears(-3), now.addDays(-1)); }, "not valid now"},
            {"serial 0", [&](X509* x) { setSerial(x, 0); }, "serial number"},
            {"serial -5", [&](X509* x) { setSerial(x, -5); }, "serial number"},
            {"RSA modulus 3 x q", [&](X509* x) { X509_set_pubkey(x, factorThree.get()); },
             "anyone could compute the private key"},
        };
        QStringList wrong;
        for (const Case& c : cases) {
            const Certificate issuer = rootChanged(c.change);
            QVERIFY2(!issuer.isNull(), c.what);
            const Status s = CaCertificateCheck::outsideIssuer(issuer, now);
            if (s.ok() || s.code() != ErrorCode::Invalid || !s.message().contains(QLatin1String(c.reason)))
                wrong << QStringLiteral("%1: %2").arg(QLatin1String(c.what),
                                                      s.ok() ? QStringLiteral("accepted") : s.message());
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u'\n')));
    }

    // pathLenConstraints above a CA certificate (attack of session 28, F7/F8): an ancestor d CA certificates
    // above needs pathLen >= d (+ the certificate's own pathLen); self-issued certificates between do not count,
    // as OpenSSL does not count them. The refusal names the ancestor and its pathLen.
    void pathLengthsLeaveRoomForTheChainBelow() {
        const Certificate subNone = caWithPathLen("Sub", "Parent", -1);
        const Certificate sub0 = caWithPathLen("Sub", "Parent", 0);
        const Certificate sub1 = caWithPathLen("Sub", "Parent", 1);
        const auto parent = [&](int pathLen) { return caWithPathLen("Parent", "Grandparent", pathLen); };
        const auto grandparent = [&](int pathLen) { return caWithPathLen("Grandparent", "Grandparent", pathLen); };
        QVERIFY(!subNone.isNull() && !sub0.isNull() && !sub1.isNull());

        QVERIFY(CaCertificateCheck::pathLengths(subNone, {}).ok());
        QVERIFY(CaCertificateCheck::pathLengths(subNone, {parent(-1), grandparent(-1)}).ok());
        QVERIFY(CaCertificateCheck::pathLengths(sub0, {parent(1), grandparent(2)}).ok());
        QVERIFY(CaCertificateCheck::pathLengths(subNone, {parent(1), grandparent(2)}).ok());
        QVERIFY(CaCertificateCheck::pathLengths(sub1, {parent(2), grandparent(3)}).ok());
        QVERIFY(CaCertificateCheck::pathLengths(sub0, {parent(-1), grandparent(-1)}).ok());

        // The issuer: pathlen:0 leaves no room for a CA below it.
        Status s = CaCertificateCheck::pathLengths(sub0, {parent(0)}, {QStringLiteral("the CA NCA of this register")});
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"the CA NCA of this register") && s.message().contains(u"pathlen:0"),
                 qPrintable(s.message()));
        QCOMPARE(CaCertificateCheck::pathLengths(subNone, {parent(0)}).code(), ErrorCode::Invalid);
        // The certificate's own pathLen needs room too: pathlen:1 below a pathlen:1 issuer.
        s = CaCertificateCheck::pathLengths(sub1, {parent(1)});
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"CN=Parent") || s.message().contains(u"CN = Parent"), qPrintable(s.message()));
        // Two above: the grandparent's pathlen:1 counts this CA and its issuer.
        s = CaCertificateCheck::pathLengths(sub0, {parent(-1), grandparent(1)},
                                            {QStringLiteral("parent"), QStringLiteral("the grandparent")});
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"the grandparent") && s.message().contains(u"pathlen:1"),
                 qPrintable(s.message()));
        QCOMPARE(CaCertificateCheck::pathLengths(subNone, {parent(5), grandparent(1)}).code(), ErrorCode::Invalid);
        // A self-issued certificate between (a key rollover of the parent: its subject is its issuer) does not
        // count, as it does not in OpenSSL's chain validation.
        const Certificate rollover = caWithPathLen("Parent", "Parent", -1);
        QVERIFY(CaCertificateCheck::pathLengths(sub0, {rollover, caWithPathLen("Parent", "Grandparent", 1)}).ok());
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
