// Every certificate profile, with RSA and EC keys, under an RSA and an all-EC hierarchy whose CAs have
// every publication pointer set (CDP, freshestCRL, AIA caIssuers + OCSP, CPS) — judged by four
// independent relying-party stacks: OpenSSL `verify -x509_strict` with the profile's purpose and policy,
// GnuTLS `certtool --verify-profile` (high for an all-EC chain, medium where RSA-2048 is involved),
// NSS `vfychain` with the usage and policy, and python3-cryptography through tests/pki/lint_artefacts.py,
// which also checks every rule of issue 13 on every artefact (no keyEncipherment on EC keys, no empty
// OU, explicit sub-CA policies, a root without pointers, the OCSP responder profile, CRL extensions).

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/CrlWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <vector>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

const QString kBase = QStringLiteral("http://pki.example.kz/");
const QString kCps = QStringLiteral("https://pki.example.kz/cps");

struct Hierarchy {
    QString name; // "rsa" / "ec"
    TestCa root;
    TestCa sub;
    bool allEc = false;
};

QString url(const QString& hierarchy, const char* what) {
    return kBase + hierarchy + u'/' + QLatin1String(what);
}

CertificateSpec pointers(CertificateSpec spec, const QString& hierarchy) {
    spec.crlUrl = url(hierarchy, "ca.crl");
    spec.freshestCrlUrl = url(hierarchy, "ca-delta.crl");
    spec.caIssuersUrl = url(hierarchy, "ca.cer");
    spec.ocspUrl = url(hierarchy, "ocsp");
    spec.cpsUri = kCps;
    return spec;
}

} // namespace

class TestProfiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::vector<Hierarchy> m_hierarchies;
    QJsonArray m_manifest;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    Hierarchy makeHierarchy(const QString& name, EvpPkeyPtr rootKey, EvpPkeyPtr subKey) {
        Hierarchy h;
        h.name = name;
        h.allEc = EVP_PKEY_is_a(rootKey.get(), "EC") && EVP_PKEY_is_a(subKey.get(), "EC");
        h.root.key = std::move(rootKey);
        CertificateSpec rootSpec =
            pointers(CertificateSpec(), name); // pointers given on purpose: a root must leave them out
        rootSpec.subject = SubjectName::ca(QStringLiteral("ТІРКЕУ ТҮБІРЛІК КО ") + name.toUpper());
        rootSpec.profile = Profile(ProfileKind::RootCa);
        rootSpec.notBefore = utcNow();
        rootSpec.notAfter = rootSpec.notBefore.addYears(10);
        Result<QByteArray> root = CertificateBuilder::build(rootSpec, nullptr, nullptr, h.root.key.get());
        if (!root)
            qWarning("root: %s", qPrintable(root.message()));
        h.root.der = root ? *root : QByteArray();
        h.root.cert = parseDer(h.root.der);

        h.sub.key = std::move(subKey);
        CertificateSpec subSpec = pointers(CertificateSpec(), name + QStringLiteral("-root"));
        subSpec.subject = SubjectName::ca(QStringLiteral("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ") + name.toUpper());
        subSpec.profile = Profile(ProfileKind::SubordinateCa);
        subSpec.notBefore = utcNow();
        subSpec.notAfter = subSpec.notBefore.addYears(5);
        Result<QByteArray> sub =
            CertificateBuilder::build(subSpec, h.sub.key.get(), h.root.cert.get(), h.root.key.get());
        if (!sub)
            qWarning("sub: %s", qPrintable(sub.message()));
        h.sub.der = sub ? *sub : QByteArray();
        h.sub.cert = parseDer(h.sub.der);
        writeFile(path(name + QStringLiteral("-root.pem")), certPem(h.root.der));
        writeFile(path(name + QStringLiteral("-sub.pem")), certPem(h.sub.der));
        m_manifest.append(QJsonObject{{QStringLiteral("path"), path(name + QStringLiteral("-root.pem"))},
                                      {QStringLiteral("type"), QStringLiteral("cert")},
                                      {QStringLiteral("profile"), QStringLiteral("root_ca")}});
        QJsonArray policies;
        for (const QString& p : Profile::defaultSubCaPolicyOids())
            policies.append(p);
        m_manifest.append(
            QJsonObject{{QStringLiteral("path"), path(name + QStringLiteral("-sub.pem"))},
                        {QStringLiteral("type"), QStringLiteral("cert")},
                        {QStringLiteral("profile"), QStringLiteral("subordinate_ca")},
                        {QStringLiteral("expect"),
                         QJsonObject{{QStringLiteral("crl"), url(name + QStringLiteral("-root"), "ca.crl")},
                                     {QStringLiteral("ca_issuers"), url(name + QStringLiteral("-root"), "ca.cer")},
                                     {QStringLiteral("ocsp"), url(name + QStringLiteral("-root"), "ocsp")},
                                     {QStringLiteral("cps"), kCps},
                                     {QStringLiteral("policies"), policies}}}});
        return h;
    }

    // openssl verify -x509_strict, certtool --verify-profile, vfychain: all must accept the chain.
    void judgeWithPeers(const Hierarchy& h, const QString& leafPath, const QString& purpose, int nssUsage,
                        const QString& policy, bool ecLeaf) {
        const QString rootPath = path(h.name + QStringLiteral("-root.pem"));
        const QString subPath = path(h.name + QStringLiteral("-sub.pem"));
        QStringList args{QStringLiteral("verify"),     QStringLiteral("-x509_strict"),
                         QStringLiteral("-CAfile"),    rootPath,
                         QStringLiteral("-untrusted"), subPath,
                         QStringLiteral("-purpose"),   purpose};
        if (!policy.isEmpty())
            args << QStringLiteral("-policy") << policy << QStringLiteral("-explicit_policy");
        const ProcessResult openssl = run(QStringLiteral("openssl"), args << leafPath);
        QVERIFY2(openssl.exitCode == 0 && openssl.output.contains(QStringLiteral(": OK")),
                 qPrintable(leafPath + u'\n' + openssl.output));

        const QString chainPath = leafPath + QStringLiteral(".chain");
        QVERIFY(writeFile(chainPath, readFile(leafPath) + readFile(subPath)));
        const QString level = h.allEc && ecLeaf ? QStringLiteral("high") : QStringLiteral("medium");
        const ProcessResult gnutls =
            run(QStringLiteral("certtool"),
                {QStringLiteral("--verify"), QStringLiteral("--verify-profile=") + level,
                 QStringLiteral("--load-ca-certificate"), rootPath, QStringLiteral("--infile"), chainPath});
        QVERIFY2(gnutls.exitCode == 0 && gnutls.output.contains(QStringLiteral("Chain verification output: Verified")),
                 qPrintable(leafPath + u' ' + level + u'\n' + gnutls.output));

        QStringList nss{QStringLiteral("-pp"), QStringLiteral("-u"), QString::number(nssUsage)};
        if (!policy.isEmpty())
            nss << QStringLiteral("-o") << QStringLiteral("OID.") + policy;
        nss << QStringLiteral("-a") << leafPath << QStringLiteral("-a") << subPath << QStringLiteral("-t")
            << QStringLiteral("-a") << rootPath;
        const ProcessResult vfychain = run(QStringLiteral("vfychain"), nss);
        QVERIFY2(vfychain.exitCode == 0 && vfychain.output.contains(QStringLiteral("Chain is good!")),
                 qPrintable(leafPath + u'\n' + vfychain.output));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        for (const char* tool : {"openssl", "certtool", "vfychain"}) {
            if (!haveTool(QLatin1String(tool)))
                QSKIP(qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps.sh)").arg(tool)));
        }
        m_hierarchies.push_back(makeHierarchy(QStringLiteral("rsa"), rsaKey(), rsaKey()));
        m_hierarchies.push_back(makeHierarchy(QStringLiteral("ec"), ecKey("P-384"), ecKey("P-384")));
        for (const Hierarchy& h : m_hierarchies) {
            QVERIFY(h.root.cert);
            QVERIFY(h.sub.cert);
        }
    }

    void caCertificatesFollowTheRules() {
        for (const Hierarchy& h : m_hierarchies) {
            Result<Certificate> root = Certificate::parse(h.root.der);
            QVERIFY(root.ok());
            // A root is trusted directly: no CRL, delta or issuer pointers, even when they were given.
            const QByteArray rootText =
                run(QStringLiteral("openssl"),
                    {QStringLiteral("x509"), QStringLiteral("-in"), path(h.name + QStringLiteral("-root.pem")),
                     QStringLiteral("-noout"), QStringLiteral("-text")})
                    .output.toUtf8();
            QVERIFY2(!rootText.contains("CRL Distribution") && !rootText.contains("Authority Information Access") &&
                         !rootText.contains("Freshest CRL") && !rootText.contains("Policies"),
                     rootText.constData());
            QVERIFY2(rootText.contains("Subject: C = KZ, CN = "), rootText.constData()); // C=KZ, CN=… by default
            // The sub-CA lists the holder policies explicitly, each with the CPS; never anyPolicy.
            Result<Certificate> sub = Certificate::parse(h.sub.der);
            QVERIFY(sub.ok());
            QCOMPARE(sub->policyOids(), Profile::defaultSubCaPolicyOids());
            QVERIFY(!sub->policyOids().contains(QLatin1String(oid::kAnyPolicy)));
        }
    }

    void everyProfileIsAcceptedByEveryPeer_data() {
        QTest::addColumn<QString>("profileId");
        QTest::addColumn<QString>("roleId");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<int>("nssUsage");
        for (const char* h : {"rsa", "ec"}) {
            for (const char* k : {"rsa", "ec"}) {
                const auto row = [&](const char* profile, const char* role, const char* purpose, int usage) {
                    QTest::addRow("%s CA, %s key: %s %s", h, k, profile, role)
                        << QString::fromLatin1(profile) << QString::fromLatin1(role) << QString::fromLatin1(purpose)
                        << usage;
                };
                row("individual_sign", "", "smimesign", 4);
                row("individual_auth", "", "sslclient", 0);
                row("legal_sign", "signer", "smimesign", 4);
                row("legal_auth", "first_head", "sslclient", 0);
                row("government_employee", "", "sslclient", 4);
                row("ocsp_signing", "", "ocsphelper", 10);
            }
        }
    }
    void everyProfileIsAcceptedByEveryPeer() {
        QFETCH(QString, profileId);
        QFETCH(QString, roleId);
        QFETCH(QString, purpose);
        QFETCH(int, nssUsage);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const Hierarchy& h = tag.startsWith(u"rsa") ? m_hierarchies.at(0) : m_hierarchies.at(1);
        const bool ecLeaf = tag.contains(u"ec key");
        Result<Profile> profile = Profile::fromIds(profileId, roleId);
        QVERIFY2(profile.ok(), qPrintable(profile.message()));

        CertificateSpec spec;
        if (profile->isOcspSigning()) {
            spec.subject = SubjectName::ca(QStringLiteral("OCSP ") + h.name.toUpper());
            spec.profile = *profile;
            spec.notBefore = utcNow();
            spec.notAfter = spec.notBefore.addDays(30);
            spec = pointers(spec, h.name);
            spec.cpsUri.clear(); // no policies, hence no qualifier
        } else {
            spec = pointers(holderSpec(*profile), h.name);
            if (profile->kind() == ProfileKind::GovernmentEmployee) // a body's employee: O, no BIN
                spec.subject.bin.clear();
        }
        EvpPkeyPtr key = ecLeaf ? ecKey("P-256") : rsaKey();
        Result<QByteArray> der = CertificateBuilder::build(spec, key.get(), h.sub.cert.get(), h.sub.key.get());
        QVERIFY2(der.ok(), qPrintable(der.message()));
        const QString leafPath =
            path(QString(tag).replace(QRegularExpression(QStringLiteral("[^a-z_]+")), QStringLiteral("-")) +
                 QStringLiteral(".pem"));
        QVERIFY(writeFile(leafPath, certPem(*der)));

        // The rules judged on our own parse as well.
        Result<Certificate> cert = Certificate::parse(*der);
        QVERIFY(cert.ok());
        QCOMPARE(cert->keyUsage().contains(QStringLiteral("keyEncipherment")),
                 !ecLeaf &&
                     (profile->kind() == ProfileKind::IndividualAuth || profile->kind() == ProfileKind::LegalAuth ||
                      profile->kind() == ProfileKind::GovernmentEmployee));

        const QString policy = profile->policyOids().value(0);
        judgeWithPeers(h, leafPath, purpose, nssUsage, policy, ecLeaf);
        if (QTest::currentTestFailed())
            return;

        QJsonObject expect{{QStringLiteral("crl"), url(h.name, "ca.crl")},
                           {QStringLiteral("delta"), url(h.name, "ca-delta.crl")},
                           {QStringLiteral("ca_issuers"), url(h.name, "ca.cer")},
                           {QStringLiteral("ocsp"), url(h.name, "ocsp")}};
        if (!profile->isOcspSigning())
            expect.insert(QStringLiteral("cps"), kCps);
        if (profile->kind() == ProfileKind::LegalSign || profile->kind() == ProfileKind::LegalAuth)
            expect.insert(QStringLiteral("bin"), QStringLiteral("230340123459"));
        m_manifest.append(QJsonObject{{QStringLiteral("path"), leafPath},
                                      {QStringLiteral("type"), QStringLiteral("cert")},
                                      {QStringLiteral("profile"), profileId},
                                      {QStringLiteral("expect"), expect}});
    }

    void subCaPoliciesOnlyAsConfigured() {
        const Hierarchy& h = m_hierarchies.at(0);
        EvpPkeyPtr key = rsaKey();
        CertificateSpec spec = pointers(CertificateSpec(), h.name);
        spec.subject = SubjectName::ca(QStringLiteral("Configured sub-CA"), QStringLiteral("Тіркеу АҚ"));
        spec.profile = Profile(ProfileKind::SubordinateCa);
        spec.notBefore = utcNow();
        spec.notAfter = spec.notBefore.addYears(1);
        spec.policyOids = {QLatin1String(oid::kAnyPolicy)};
        Result<QByteArray> any = CertificateBuilder::build(spec, key.get(), h.root.cert.get(), h.root.key.get());
        QVERIFY2(any.ok(), qPrintable(any.message()));
        QCOMPARE(Certificate::parse(*any)->policyOids(), QStringList{QLatin1String(oid::kAnyPolicy)});
        spec.policyOids = {QStringLiteral("1.2.398.3.3.2.1"), QStringLiteral("not-an-oid")};
        QVERIFY(CertificateBuilder::build(spec, key.get(), h.root.cert.get(), h.root.key.get())
                    .message()
                    .contains(u"not-an-oid"));
        // Configured policies are for sub-CAs only: a holder's profile decides its own.
        CertificateSpec holder = holderSpec(Profile(ProfileKind::IndividualSign));
        holder.policyOids = {QLatin1String(oid::kAnyPolicy)};
        QCOMPARE(CertificateBuilder::build(holder, key.get(), h.sub.cert.get(), h.sub.key.get()).code(),
                 ErrorCode::Invalid);
    }

    void crlsCarryDeltaPointerInvalidityDateAndRemoveFromCrl() {
        const Hierarchy& h = m_hierarchies.at(1);
        const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(-60);
        const QByteArray held = QByteArray::fromHex("11AA");
        const QByteArray compromised = QByteArray::fromHex("22BB");
        const qint64 invalidity = now.addDays(-3).toSecsSinceEpoch();
        CrlWriter writer(h.sub.cert.get(), h.sub.key.get());
        CrlSpec full;
        full.number = 10;
        full.thisUpdate = now;
        full.nextUpdate = now.addSecs(27 * 3600);
        full.freshestCrlUrl = url(h.name, "ca-delta.crl");
        int i = 0;
        Result<CrlOutput> base = writer.write(
            full,
            [&](RevokedEntry& e) {
                if (i++ > 0)
                    return false;
                e.serial = QByteArrayView(compromised);
                e.revokedAt = now.addDays(-1).toSecsSinceEpoch();
                e.reason = 1;
                e.invalidityDate = invalidity;
                return true;
            },
            m_dir.path(), QStringLiteral("ec-full"));
        QVERIFY2(base.ok(), qPrintable(base.message()));
        CrlSpec delta;
        delta.number = 11;
        delta.deltaBase = 10;
        delta.thisUpdate = now;
        delta.nextUpdate = now.addSecs(8 * 3600);
        i = 0;
        Result<CrlOutput> d = writer.write(
            delta,
            [&](RevokedEntry& e) {
                if (i++ > 0)
                    return false;
                e.serial = QByteArrayView(held);
                e.revokedAt = now.addDays(-2).toSecsSinceEpoch();
                e.reason = 8; // the hold is lifted
                return true;
            },
            m_dir.path(), QStringLiteral("ec-delta"));
        QVERIFY2(d.ok(), qPrintable(d.message()));
        const QString text =
            run(QStringLiteral("openssl"), {QStringLiteral("crl"), QStringLiteral("-in"), base->pemPath,
                                            QStringLiteral("-noout"), QStringLiteral("-text")})
                .output;
        QVERIFY2(text.contains(QStringLiteral("Invalidity Date:")) && text.contains(QStringLiteral("Key Compromise")) &&
                     text.contains(QStringLiteral("Freshest CRL")),
                 qPrintable(text));
        // removeFromCRL is refused in a full CRL.
        i = 0;
        QCOMPARE(writer
                     .encode(full,
                             [&](RevokedEntry& e) {
                                 if (i++ > 0)
                                     return false;
                                 e.serial = QByteArrayView(held);
                                 e.revokedAt = now.toSecsSinceEpoch();
                                 e.reason = 8;
                                 return true;
                             })
                     .code(),
                 ErrorCode::Invalid);
        // OpenSSL checks both against the CA (-crl_check with the base and the delta, -extended_crl).
        const ProcessResult verify =
            run(QStringLiteral("openssl"),
                {QStringLiteral("crl"), QStringLiteral("-in"), d->pemPath, QStringLiteral("-noout"),
                 QStringLiteral("-CAfile"), path(h.name + QStringLiteral("-sub.pem"))});
        QVERIFY2(verify.exitCode == 0 && verify.output.contains(QStringLiteral("verify OK")),
                 qPrintable(verify.output));

        m_manifest.append(QJsonObject{
            {QStringLiteral("path"), base->derPath},
            {QStringLiteral("type"), QStringLiteral("crl")},
            {QStringLiteral("delta"), false},
            {QStringLiteral("expect"),
             QJsonObject{
                 {QStringLiteral("freshest"), url(h.name, "ca-delta.crl")},
                 {QStringLiteral("next_update_hours"), 27},
                 {QStringLiteral("present"), QJsonArray{QStringLiteral("22BB")}},
                 {QStringLiteral("invalidity"),
                  QJsonObject{{QStringLiteral("22BB"), QDateTime::fromSecsSinceEpoch(invalidity, Qt::UTC)
                                                           .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))}}}}}});
        m_manifest.append(QJsonObject{
            {QStringLiteral("path"), d->derPath},
            {QStringLiteral("type"), QStringLiteral("crl")},
            {QStringLiteral("delta"), true},
            {QStringLiteral("expect"), QJsonObject{{QStringLiteral("remove"), QJsonArray{QStringLiteral("11AA")}},
                                                   {QStringLiteral("next_update_hours"), 8}}}});
    }

    void lintEveryArtefact() {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
        if (python.isEmpty() ||
            run(python, {QStringLiteral("-c"), QStringLiteral("import cryptography")}).exitCode != 0)
            QSKIP("no /usr/bin/python3 with python3-cryptography (scripts/install-deps.sh)");
        // Every artefact of the tests above, and the test's own fixtures must fail the lint where they
        // break a rule: a manifest that expects a pointer the root does not carry.
        QVERIFY(m_manifest.size() >= 2 + 2 + 24 + 2);
        const QString manifest = path(QStringLiteral("manifest.json"));
        QVERIFY(writeFile(manifest, QJsonDocument(m_manifest).toJson()));
        const QString script =
            qEnvironmentVariable("TIRKEU_SOURCE_DIR") + QStringLiteral("/tests/pki/lint_artefacts.py");
        const ProcessResult lint = run(python, {script, manifest});
        QVERIFY2(lint.exitCode == 0 && lint.output.contains(QStringLiteral("OK %1 artefacts").arg(m_manifest.size())),
                 qPrintable(lint.output));

        // The lint is not a rubber stamp: an EC certificate with keyEncipherment and an OU "BIN" without
        // a number (the two defects of issue 13, made with the openssl command line) are caught.
        const Hierarchy& h = m_hierarchies.at(1);
        const QString keyPath = path(QStringLiteral("bad.key"));
        QVERIFY(writeFile(keyPath, keyPem(h.sub.key.get())));
        const QString ext = path(QStringLiteral("bad.ext"));
        QVERIFY(writeFile(ext, "keyUsage=critical,digitalSignature,keyEncipherment\n"
                               "extendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\n"
                               "authorityKeyIdentifier=keyid\ncertificatePolicies=1.2.398.3.3.2\n"));
        const QString leafKey = path(QStringLiteral("bad-leaf.key"));
        QVERIFY(writeFile(leafKey, keyPem(ecKey("P-256").get())));
        const QString csr = path(QStringLiteral("bad.csr"));
        QCOMPARE(
            run(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), leafKey,
                 QStringLiteral("-subj"), QStringLiteral("/CN=BAD/C=KZ/O=Body/OU=BIN"), QStringLiteral("-out"), csr})
                .exitCode,
            0);
        const QString bad = path(QStringLiteral("bad.pem"));
        QCOMPARE(run(QStringLiteral("openssl"),
                     {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                      path(QStringLiteral("ec-sub.pem")), QStringLiteral("-CAkey"), keyPath,
                      QStringLiteral("-set_serial"), QStringLiteral("7"), QStringLiteral("-days"), QStringLiteral("30"),
                      QStringLiteral("-extfile"), ext, QStringLiteral("-out"), bad})
                     .exitCode,
                 0);
        const QString badManifest = path(QStringLiteral("bad.json"));
        QVERIFY(writeFile(
            badManifest,
            QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("path"), bad},
                                                 {QStringLiteral("type"), QStringLiteral("cert")},
                                                 {QStringLiteral("profile"), QStringLiteral("government_employee")}}})
                .toJson()));
        const ProcessResult caught = run(python, {script, badManifest});
        QCOMPARE(caught.exitCode, 1);
        QVERIFY2(caught.output.contains(QStringLiteral("keyEncipherment on an EC key")), qPrintable(caught.output));
        QVERIFY2(caught.output.contains(QStringLiteral("OU='BIN' is not BIN + 12 digits")), qPrintable(caught.output));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
