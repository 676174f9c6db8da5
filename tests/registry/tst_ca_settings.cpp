// The CA settings as rules (registry/CaDirectory): defaults, value parsing with the aliases, the checks,
// the pointers a national or government CA needs before it issues, and how the settings become a
// certificate's pointers, CPS, sub-CA policies and the CA's own subject name.

#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "registry/CaDirectory.h"

#include <QTest>

#include <openssl/evp.h>

using namespace tirkeu;
using namespace tirkeu::registry;

namespace {

CaRecord record(forms::CaKind kind, const QJsonObject& changes = {}) {
    CaRecord ca;
    ca.code = QStringLiteral("NCA");
    ca.name = QStringLiteral("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)");
    ca.kind = kind;
    ca.settings = CaDirectory::defaultSettings();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        ca.settings.insert(it.key(), it.value());
    return ca;
}

const QJsonObject kPointers{{QStringLiteral("cdp_url"), QStringLiteral("http://crl.example.kz/nca.crl")},
                            {QStringLiteral("freshest_url"), QStringLiteral("http://crl.example.kz/nca-delta.crl")},
                            {QStringLiteral("aia_url"), QStringLiteral("http://pki.example.kz/nca.cer")},
                            {QStringLiteral("ocsp_url"), QStringLiteral("http://ocsp.example.kz")},
                            {QStringLiteral("cps_uri"), QStringLiteral("https://pki.example.kz/cps")}};

} // namespace

class TestCaSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsPassTheirOwnChecks() {
        const Status s = CaDirectory::checkSettings(CaDirectory::defaultSettings());
        QVERIFY2(s.ok(), qPrintable(s.message()));
        QVERIFY(CaDirectory::settingKeys().contains(QStringLiteral("ocsp_url")));
        QCOMPARE(CaDirectory::canonicalSettingKey(QStringLiteral("CRL_URL")), QStringLiteral("cdp_url"));
        QCOMPARE(CaDirectory::canonicalSettingKey(QStringLiteral("delta_crl_url")), QStringLiteral("freshest_url"));
        QCOMPARE(CaDirectory::canonicalSettingKey(QStringLiteral("ca_issuers_url")), QStringLiteral("aia_url"));
    }

    void valuesAreParsedByType() {
        QCOMPARE(*CaDirectory::parseSettingValue(QStringLiteral("crl_period_hours"), QStringLiteral(" 24 ")),
                 QJsonValue(24));
        QCOMPARE(*CaDirectory::parseSettingValue(QStringLiteral("hold_allowed"), QStringLiteral("No")),
                 QJsonValue(false));
        QCOMPARE(*CaDirectory::parseSettingValue(QStringLiteral("crl_url"), QStringLiteral("http://a.kz/x.crl")),
                 QJsonValue(QStringLiteral("http://a.kz/x.crl")));
        QVERIFY(!CaDirectory::parseSettingValue(QStringLiteral("hold_allowed"), QStringLiteral("perhaps")).ok());
        const auto unknown = CaDirectory::parseSettingValue(QStringLiteral("colour"), QStringLiteral("x"));
        QCOMPARE(unknown.code(), ErrorCode::Invalid);
        QVERIFY2(unknown.message().contains(QStringLiteral("Known settings: ")) &&
                     unknown.message().contains(QStringLiteral("ocsp_url")),
                 qPrintable(unknown.message()));
    }

    void eachCaKindNeedsItsPointers() {
        const CaRecord bare = record(forms::CaKind::National);
        QCOMPARE(CaDirectory::missingPointers(bare).size(), 5);
        const Status refused = CaDirectory::checkReadyToIssue(bare);
        QCOMPARE(refused.code(), ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(QStringLiteral("cdp_url")) &&
                     refused.message().contains(QStringLiteral("ocsp_url")) &&
                     refused.message().contains(QStringLiteral("ca set --code NCA")),
                 qPrintable(refused.message()));
        QJsonObject most = kPointers;
        most.remove(QStringLiteral("cps_uri"));
        QCOMPARE(CaDirectory::missingPointers(record(forms::CaKind::Government, most)),
                 QStringList{QStringLiteral("cps_uri")});
        QVERIFY(CaDirectory::checkReadyToIssue(record(forms::CaKind::National, kPointers)).ok());
        // A root (offline) needs only where its CRL and its certificate are published (attack of session 29, F7).
        QCOMPARE(CaDirectory::missingPointers(record(forms::CaKind::Root)),
                 (QStringList{QStringLiteral("cdp_url"), QStringLiteral("aia_url")}));
        QCOMPARE(CaDirectory::checkReadyToIssue(record(forms::CaKind::Root)).code(), ErrorCode::Conflict);
        QVERIFY(
            CaDirectory::checkReadyToIssue(
                record(forms::CaKind::Root, {{QStringLiteral("cdp_url"), kPointers.value(QStringLiteral("cdp_url"))},
                                             {QStringLiteral("aia_url"), kPointers.value(QStringLiteral("aia_url"))}}))
                .ok());
    }

    void settingsBecomeCertificatePointers() {
        const CaRecord issuer =
            record(forms::CaKind::Root,
                   {{QStringLiteral("cdp_url"), kPointers.value(QStringLiteral("cdp_url"))},
                    {QStringLiteral("ocsp_url"), kPointers.value(QStringLiteral("ocsp_url"))},
                    {QStringLiteral("cps_uri"), kPointers.value(QStringLiteral("cps_uri"))},
                    {QStringLiteral("subca_policy_oids"), QStringLiteral("1.2.398.3.3.2.1, 1.2.398.3.3.2.3")}});
        pki::CertificateSpec spec;
        spec.profile = pki::Profile(pki::ProfileKind::SubordinateCa);
        CaDirectory::applyPointers(issuer, spec);
        QCOMPARE(spec.crlUrl, QStringLiteral("http://crl.example.kz/nca.crl"));
        QCOMPARE(spec.ocspUrl, QStringLiteral("http://ocsp.example.kz"));
        QCOMPARE(spec.cpsUri, QStringLiteral("https://pki.example.kz/cps"));
        QVERIFY(spec.freshestCrlUrl.isEmpty());
        QCOMPARE(spec.policyOids, (QStringList{QStringLiteral("1.2.398.3.3.2.1"), QStringLiteral("1.2.398.3.3.2.3")}));
        // A holder's certificate keeps its profile's policy.
        pki::CertificateSpec holder;
        holder.profile = pki::Profile(pki::ProfileKind::IndividualSign);
        CaDirectory::applyPointers(issuer, holder);
        QVERIFY(holder.policyOids.isEmpty());

        // End to end: a root from the CA's subject settings issues a sub-CA with those pointers.
        pki::EvpPkeyPtr rootKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        pki::CertificateSpec rootSpec;
        rootSpec.subject = CaDirectory::caSubject(issuer);
        rootSpec.profile = pki::Profile(pki::ProfileKind::RootCa);
        rootSpec.notBefore = QDateTime::currentDateTimeUtc();
        rootSpec.notAfter = rootSpec.notBefore.addYears(5);
        CaDirectory::applyPointers(issuer, rootSpec);
        auto rootDer = pki::CertificateBuilder::build(rootSpec, nullptr, nullptr, rootKey.get());
        QVERIFY2(rootDer.ok(), qPrintable(rootDer.message()));
        auto root = pki::Certificate::parse(*rootDer);
        QVERIFY(root.ok());
        QVERIFY2(root->subjectDisplay().startsWith(QStringLiteral("CN=ҰЛТТЫҚ")) &&
                     root->subjectDisplay().endsWith(QStringLiteral("C=KZ")) &&
                     !root->subjectDisplay().contains(QStringLiteral("O=")),
                 qPrintable(root->subjectDisplay()));
        pki::X509Ptr rootCert = [&] {
            const auto* p = reinterpret_cast<const unsigned char*>(rootDer->constData());
            return pki::X509Ptr(d2i_X509(nullptr, &p, long(rootDer->size())));
        }();
        pki::EvpPkeyPtr subKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        spec.subject = pki::SubjectName::ca(QStringLiteral("SUB"));
        spec.notBefore = rootSpec.notBefore;
        spec.notAfter = spec.notBefore.addYears(1);
        auto subDer = pki::CertificateBuilder::build(spec, subKey.get(), rootCert.get(), rootKey.get());
        QVERIFY2(subDer.ok(), qPrintable(subDer.message()));
        auto sub = pki::Certificate::parse(*subDer);
        QVERIFY(sub.ok());
        QCOMPARE(sub->policyOids(), spec.policyOids);
        QVERIFY(subDer->contains("http://crl.example.kz/nca.crl"));
        QVERIFY(subDer->contains("http://ocsp.example.kz"));
        QVERIFY(subDer->contains("https://pki.example.kz/cps"));
        QVERIFY(!rootDer->contains("http://crl.example.kz/nca.crl")); // the root itself carries no pointers
    }

    void caSubjectFollowsLayoutAndOrganisation() {
        const CaRecord ca =
            record(forms::CaKind::National, {{QStringLiteral("subject_layout"), QStringLiteral("CN,O,C")},
                                             {QStringLiteral("subject_organisation"), QStringLiteral("Тіркеу АҚ")}});
        const pki::SubjectName s = CaDirectory::caSubject(ca);
        QCOMPARE(s.organisation, QStringLiteral("Тіркеу АҚ"));
        QCOMPARE(s.layout, (QStringList{QStringLiteral("CN"), QStringLiteral("O"), QStringLiteral("C")}));
        QCOMPARE(CaDirectory::caSubject(ca, QStringLiteral("Other")).organisation, QStringLiteral("Other"));
    }

    void badSettingsAreRefused_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("ftp") << "ocsp_url" << QJsonValue(QStringLiteral("ftp://x.kz")) << "ocsp_url";
        QTest::newRow("comma") << "cps_uri" << QJsonValue(QStringLiteral("http://x.kz/a,b")) << "cps_uri";
        QTest::newRow("oid") << "subca_policy_oids" << QJsonValue(QStringLiteral("1.2.x")) << "1.2.x";
        QTest::newRow("layout") << "subject_layout" << QJsonValue(QStringLiteral("CN")) << "subject_layout";
        QTest::newRow("hours type") << "crl_period_hours" << QJsonValue(QStringLiteral("24")) << "crl_period_hours";
        QTest::newRow("bool type") << "hold_allowed" << QJsonValue(QStringLiteral("yes")) << "hold_allowed";
        QTest::newRow("root period") << "root_crl_period_hours" << QJsonValue(0) << "root CRL period";
        QTest::newRow("unknown") << "colour" << QJsonValue(1) << "Known settings";
    }
    void badSettingsAreRefused() {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, message);
        QJsonObject settings = CaDirectory::defaultSettings();
        settings.insert(key, value);
        const Status s = CaDirectory::checkSettings(settings);
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(message), qPrintable(s.message()));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCaSettings)
#include "tst_ca_settings.moc"
