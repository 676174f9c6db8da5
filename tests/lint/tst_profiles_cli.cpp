// Every certificate profile and CRL as tirkeu-cli really issues them (in-process, a temporary
// register), under an RSA and an all-EC hierarchy: a Root CA, a National CA and a Government Bodies
// CA certified by it (ROOT-ISSUE, ca import-cert), every CA with all its publication pointers set by
// `ca set` (CDP, freshestCRL, AIA caIssuers + OCSP URL, CPS). Issued: individual sign and auth, legal
// entity sign and auth, a government body's employee — each with an RSA and an EC key from the
// holder's CSR —, a key generated into a PKCS#12 file (National and Government CA), the OCSP signer,
// and each CA's full CRL plus the National CA's delta CRL. Every artefact is judged by OpenSSL
// (`verify -x509_strict` with purpose and explicit policy, then with -crl_check_all and
// -extended_crl against the published CRLs), GnuTLS (`certtool --verify --verify-profile`,
// `--verify-chain`, `--verify-crl`), NSS (`vfychain`, and `crlutil` importing the full CRLs) and
// python3-cryptography (tests/pki/lint_artefacts.py, which checks the rules of issue 13 on each:
// no keyEncipherment on EC keys, OU=BIN only with 12 digits, pointers present when set, sub-CA
// without anyPolicy, root without CDP/AIA, key-in-file certificates valid 1 year, CA names C=KZ,
// CN=…, CRL periods and extensions). A failure names the artefact and the rule or the judge.

#include "common/TestMain.h"
#include "forms/Identifiers.h"
#include "lint/LintCliSupport.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/PkiTestSupport.h"

#include <QStandardPaths>
#include <QTest>

#include <vector>

using namespace tirkeu;

namespace {

struct Artefact {
    QString name;       // file stem, also the label of every failure
    QString path;       // PEM
    QString profile;    // lint_artefacts.py profile id
    QString hierarchy;  // "rsa" / "ec"
    QString issuer;     // CA code; empty for a root
    QString purpose;    // openssl verify -purpose
    int nssUsage = -1;  // vfychain -u; -1: not judged by vfychain
    QString policy;     // the policy a relying party requires (openssl -policy, vfychain -o)
    bool ecKey = false; // the certificate's own key
    bool revoked = false;
    QJsonObject expect; // lint_artefacts.py expectations
};

const QStringList kHierarchies{QStringLiteral("rsa"), QStringLiteral("ec")};

QString code(const char* role, const QString& hierarchy) {
    return QLatin1String(role) + u'-' + hierarchy.toUpper();
}

} // namespace

class TestProfilesCli : public QObject, protected test::LintCliHarness {
    Q_OBJECT

    std::vector<Artefact> m_certs;
    QJsonArray m_crls;                  // lint manifest entries of the CRLs
    QHash<QString, QString> m_fullCrl;  // CA code → full CRL PEM
    QHash<QString, QString> m_deltaCrl; // CA code → delta CRL PEM
    int m_nextIin = 0;
    QHash<QString, QString> m_baseOnly;  // hierarchy → artefact revoked in the full CRL only
    QHash<QString, QString> m_deltaOnly; // hierarchy → artefact revoked in the delta CRL only

    // A valid IIN not used before in this register (born 1990-07-01, check digit per docs/FACTS.md).
    QString freshIin() {
        for (;;) {
            const QString first11 = QStringLiteral("9007013%1").arg(++m_nextIin, 4, 10, QChar(u'0'));
            const int check = forms::Identifiers::checkDigit(first11);
            if (check >= 0)
                return first11 + QString::number(check);
        }
    }
    QString caPem(const QString& ca) const { return path(ca + QStringLiteral(".pem")); }
    QString rootOf(const QString& hierarchy) const { return caPem(code("ROOT", hierarchy)); }

    // What a certificate issued by `ca` must point at (everything `ca set` gave that CA).
    static QJsonObject pointersOf(const QString& ca) {
        return {{QStringLiteral("crl"), pointer(ca, "cdp_url")},
                {QStringLiteral("delta"), pointer(ca, "freshest_url")},
                {QStringLiteral("ca_issuers"), pointer(ca, "aia_url")},
                {QStringLiteral("ocsp"), pointer(ca, "ocsp_url")},
                {QStringLiteral("cps"), pointer(ca, "cps_uri")}};
    }

    QByteArray csr(bool ec) {
        auto key = pki::KeyGenerator::generate(ec ? pki::KeyAlgorithm::EcP256 : pki::KeyAlgorithm::Rsa2048);
        if (!key)
            return {};
        auto req = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, test::kIinAliya));
        return req ? *req : QByteArray();
    }

    // Submits and approves `data` at `ca`, issues it with `keyArgs` into <name>.pem and records the
    // artefact; false (with a warning naming it) when any step fails.
    bool issueArtefact(Artefact a, const QString& form, const QJsonObject& data, const QString& attachments,
                       const QStringList& keyArgs) {
        const QString app = submitAndApprove(a.issuer, form, data, attachments);
        if (app.isEmpty())
            return false;
        a.path = path(a.name + QStringLiteral(".pem"));
        const Run r = issue(app, keyArgs, a.path);
        if (r.code != 0) {
            qWarning("%s: certificate issue failed: %s", qPrintable(a.name), qPrintable(r.err));
            return false;
        }
        const QString profile = r.json().value(QStringLiteral("profile")).toString();
        if (profile != a.profile) {
            qWarning("%s: issued as %s, expected %s", qPrintable(a.name), qPrintable(profile), qPrintable(a.profile));
            return false;
        }
        a.expect.insert(QStringLiteral("serial"), r.json().value(QStringLiteral("serial")).toString());
        m_certs.push_back(a);
        return true;
    }

    // How each holder profile is judged: openssl -purpose, vfychain -u (tests/pki/tst_profiles.cpp).
    struct Judged {
        const char* profile;
        const char* purpose;
        int nssUsage;
    };
    static constexpr Judged kJudged[] = {
        {"individual_sign", "smimesign", 4},     {"individual_auth", "sslclient", 0},
        {"legal_sign", "smimesign", 4},          {"legal_auth", "sslclient", 0},
        {"government_employee", "sslclient", 4}, {"ocsp_signing", "ocsphelper", 10},
    };
    static QString usageOf(const char* profile) {
        return QLatin1String(profile).endsWith(QLatin1String("_sign")) ? QStringLiteral("sign")
                                                                       : QStringLiteral("auth");
    }
    // An artefact of a holder profile issued by `ca`: judged per kJudged, the profile's policy required,
    // and every pointer of `ca` expected.
    Artefact holder(const QString& name, const char* profile, const QString& hierarchy, const QString& ca,
                    bool ec) const {
        Artefact a;
        a.name = name;
        a.profile = QLatin1String(profile);
        a.hierarchy = hierarchy;
        a.issuer = ca;
        a.ecKey = ec;
        for (const Judged& j : kJudged) {
            if (a.profile == QLatin1String(j.profile)) {
                a.purpose = QLatin1String(j.purpose);
                a.nssUsage = j.nssUsage;
            }
        }
        const QString role = a.profile.startsWith(u"legal") ? QStringLiteral("first_head") : QString();
        a.policy = pki::Profile::fromIds(a.profile, role)->policyOids().value(0);
        a.expect = pointersOf(ca);
        // Every holder application here names a key file (or is a Government Bodies CA letter): 1 year.
        a.expect.insert(QStringLiteral("not_after_days"), 365);
        return a;
    }

    const Artefact* find(const QString& name) const {
        for (const Artefact& a : m_certs) {
            if (a.name == name)
                return &a;
        }
        return nullptr;
    }

    Run revoke(const Artefact& a, const QString& reason) {
        return as(QStringLiteral("off1"),
                  {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), a.issuer,
                   QStringLiteral("--serial"), a.expect.value(QStringLiteral("serial")).toString(),
                   QStringLiteral("--reason"), reason, QStringLiteral("--basis"), QStringLiteral("holder_application"),
                   QStringLiteral("--basis-document"), QStringLiteral("өтініш №13")});
    }
    // crl publish; the PEM path, empty on failure (warned).
    QString publish(const QString& ca, bool delta, QJsonObject* json = nullptr) {
        QStringList args{QStringLiteral("crl"),
                         QStringLiteral("publish"),
                         QStringLiteral("--ca"),
                         ca,
                         QStringLiteral("--out"),
                         path(QStringLiteral("crl")),
                         QStringLiteral("--json"),
                         QStringLiteral("--ca-passphrase-file"),
                         caPass()};
        if (delta)
            args << QStringLiteral("--delta");
        const Run r = as(QStringLiteral("off1"), args);
        if (r.code != 0) {
            qWarning("crl publish %s%s: %s", qPrintable(ca), delta ? " --delta" : "", qPrintable(r.err));
            return {};
        }
        if (json)
            *json = r.json();
        // Published files are replaced by the next publication: keep this one under its own name.
        const QString kept = path(QStringLiteral("%1-%2.crl.pem").arg(ca, delta ? u"delta" : u"full"));
        QFile::remove(kept);
        QFile::copy(r.json().value(QStringLiteral("pem")).toString(), kept);
        const QString der = path(QStringLiteral("%1-%2.crl").arg(ca, delta ? u"delta" : u"full"));
        QFile::remove(der);
        QFile::copy(r.json().value(QStringLiteral("der")).toString(), der);
        return kept;
    }

    // The chain file certtool reads: the artefact, then its issuer (a sub-CA's issuer is the root).
    QString chainFile(const Artefact& a) {
        QByteArray chain = read(a.path);
        if (a.issuer.startsWith(u"NCA") || a.issuer.startsWith(u"GOV"))
            chain += read(caPem(a.issuer));
        return file(a.name + QStringLiteral(".chain.pem"), chain);
    }
    QStringList untrusted(const Artefact& a) const {
        if (a.issuer.isEmpty() || a.issuer.startsWith(u"ROOT"))
            return {};
        return {QStringLiteral("-untrusted"), caPem(a.issuer)};
    }
    QString gnutlsLevel(const Artefact& a) const {
        return a.hierarchy == u"ec" && a.ecKey ? QStringLiteral("high") : QStringLiteral("medium");
    }
    static void collect(QStringList& failures, const Artefact& a, const QString& judge, const QString& output) {
        failures << QStringLiteral("%1 (%2): %3\n%4").arg(a.name, a.path, judge, output.trimmed());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (qEnvironmentVariableIsSet("TIRKEU_KEEP_TEST_DIR")) { // every artefact, for a closer look
            m_dir.setAutoRemove(false);
            qInfo("artefacts in %s", qPrintable(m_dir.path()));
        }
        for (const char* tool : {"openssl", "certtool", "vfychain", "certutil", "crlutil"}) {
            if (!test::haveTool(QLatin1String(tool)))
                QSKIP(qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps.sh)").arg(tool)));
        }
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        for (const QString& h : kHierarchies) {
            const QString algorithm = h == u"rsa" ? QStringLiteral("rsa2048") : QStringLiteral("p384");
            const QString root = code("ROOT", h);
            QString step = addCa(root, QStringLiteral("Түбір куәландырушы орталық ") + h.toUpper(),
                                 QStringLiteral("root"), {QStringLiteral("root_crl_period_hours=2160")});
            QVERIFY2(step.isEmpty(), qPrintable(step));
            step = initRoot(root, algorithm);
            QVERIFY2(step.isEmpty(), qPrintable(step));
            m_certs.push_back(Artefact{root,
                                       caPem(root),
                                       QStringLiteral("root_ca"),
                                       h,
                                       {},
                                       QStringLiteral("any"),
                                       -1,
                                       {},
                                       h == u"ec",
                                       false,
                                       {}});
            for (const auto& [role, name, kind] :
                 {std::tuple{"NCA", "Ұлттық куәландырушы орталық", "national"},
                  std::tuple{"GOV", "Мемлекеттік органдардың куәландырушы орталығы", "government"}}) {
                const QString sub = code(role, h);
                step = addCa(sub, QString::fromUtf8(name) + u' ' + h.toUpper(), QLatin1String(kind),
                             {QStringLiteral("crl_period_hours=24"), QStringLiteral("delta_period_hours=6"),
                              // Their CRLs carry the event-log head extension (2.999: the arc for examples).
                              QStringLiteral("crl_event_log_oid=2.999.1")});
                QVERIFY2(step.isEmpty(), qPrintable(step));
                step = initSubordinate(sub, QString::fromUtf8(name) + u' ' + h.toUpper(), root, algorithm);
                QVERIFY2(step.isEmpty(), qPrintable(step));
                QJsonObject expect = pointersOf(root);
                QJsonArray policies;
                for (const QString& p : pki::Profile::defaultSubCaPolicyOids())
                    policies.append(p);
                expect.insert(QStringLiteral("policies"), policies);
                m_certs.push_back(Artefact{sub,
                                           caPem(sub),
                                           QStringLiteral("subordinate_ca"),
                                           h,
                                           root,
                                           QStringLiteral("any"),
                                           11,
                                           {},
                                           h == u"ec",
                                           false,
                                           expect});
            }
        }
    }

    // A subordinate CA asks for its name (C=KZ, CN=… by its default subject_layout, O only when
    // configured); the root certifies that name, and adds no O from the ROOT-ISSUE form's org_name.
    void subordinateCertificatesNameTheCaAsItsRequest() {
        for (const Artefact& a : m_certs) {
            if (a.profile != u"subordinate_ca")
                continue;
            const QStringList nameopt{QStringLiteral("-noout"), QStringLiteral("-subject"), QStringLiteral("-nameopt"),
                                      QStringLiteral("RFC2253,-esc_msb,utf8")};
            const Tool requested = openssl(
                QStringList{QStringLiteral("req"), QStringLiteral("-in"), path(a.name + QStringLiteral(".csr"))} +
                nameopt);
            const Tool certified =
                openssl(QStringList{QStringLiteral("x509"), QStringLiteral("-in"), a.path} + nameopt);
            QVERIFY2(requested.code == 0 && certified.code == 0, qPrintable(requested.output + certified.output));
            QCOMPARE(certified.out.trimmed(), requested.out.trimmed());
        }
    }

    // certificate issue for the Government Bodies CA: the employee named in the body's internal order.
    static QStringList govRecipient() {
        return {QStringLiteral("--recipient-name"),       QStringLiteral("Жұмабаев Ержан"),
                QStringLiteral("--recipient-position"),   QStringLiteral("бас маман"),
                QStringLiteral("--recipient-order"),      QStringLiteral("№ 17-ө"),
                QStringLiteral("--recipient-order-date"), QStringLiteral("2026-01-12")};
    }

    void issueEveryProfile() {
        const QString holderPw = file(QStringLiteral("holder.pw"), "Ұстаушы-құпия-1\n");
        for (const QString& h : kHierarchies) {
            const QString nca = code("NCA", h);
            const QString gov = code("GOV", h);
            // From the holder's CSR, with an RSA and an EC key.
            for (const bool ec : {false, true}) {
                const auto name = [&](const char* profile) {
                    return QStringLiteral("%1-%2-key-%3").arg(h, ec ? u"ec" : u"rsa", QLatin1String(profile));
                };
                const auto fromCsr = [&](const Artefact& a) {
                    return QStringList{QStringLiteral("--csr"), file(a.name + QStringLiteral(".csr"), csr(ec)),
                                       QStringLiteral("--media-serial"), QStringLiteral("TOKEN-") + a.name};
                };
                for (const char* profile : {"individual_sign", "individual_auth"}) {
                    forms::Submission s = test::ncaIssueIndividual(freshIin());
                    s.data.insert(QStringLiteral("usage"), QJsonArray{usageOf(profile)});
                    const Artefact a = holder(name(profile), profile, h, nca, ec);
                    QVERIFY(issueArtefact(a, QStringLiteral("NCA-ISSUE-IND"), s.data, attachmentsOf(s), fromCsr(a)));
                }
                for (const char* profile : {"legal_sign", "legal_auth"}) {
                    forms::Submission s = test::ncaIssueLegal(QStringLiteral("Жарық ЖШС"), test::kBin, freshIin());
                    s.data.insert(QStringLiteral("usage"), QJsonArray{usageOf(profile)});
                    s.data.insert(QStringLiteral("validity"), QStringLiteral("1y"));
                    s.data.insert(QStringLiteral("key_media"), QStringLiteral("file"));
                    Artefact a = holder(name(profile), profile, h, nca, ec);
                    a.expect.insert(QStringLiteral("bin"), test::kBin);
                    QVERIFY(issueArtefact(a, QStringLiteral("NCA-ISSUE-LEGAL"), s.data, attachmentsOf(s), fromCsr(a)));
                }
                // A body's employee: O, no BIN, no OU. The Government Bodies CA generates the key onto the media
                // (Rules::governmentIssuance: outside requests only where the rules allow it), for the employee
                // named in the body's internal order.
                const forms::Submission s = test::govIssue(freshIin());
                const Artefact a = holder(name("government_employee"), "government_employee", h, gov, ec);
                QVERIFY(issueArtefact(a, QStringLiteral("GOV-ISSUE"), s.data, attachmentsOf(s),
                                      QStringList{QStringLiteral("--pkcs12-out"), path(a.name + QStringLiteral(".p12")),
                                                  QStringLiteral("--pkcs12-password-file"), holderPw,
                                                  QStringLiteral("--key-algorithm"),
                                                  ec ? QStringLiteral("p256") : QStringLiteral("rsa2048"),
                                                  QStringLiteral("--media-serial"), QStringLiteral("TOKEN-") + a.name}
                                          << govRecipient()));
            }
            // Keys generated here into a PKCS#12 file: valid 1 year, whatever media and validity the
            // application named (FACTS.md) — the individual's application asked for a token and 3 years.
            const bool ec = h == u"ec";
            forms::Submission individual = test::ncaIssueIndividual(freshIin());
            individual.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("auth")});
            individual.data.insert(QStringLiteral("key_media"), QStringLiteral("token"));
            individual.data.insert(QStringLiteral("validity"), QStringLiteral("3y"));
            for (const auto& [profile, form, ca, s] :
                 {std::tuple{"individual_auth", "NCA-ISSUE-IND", nca, individual},
                  std::tuple{"government_employee", "GOV-ISSUE", gov, test::govIssue(freshIin())}}) {
                const Artefact a = holder(h + QStringLiteral("-p12-") + QLatin1String(profile), profile, h, ca, ec);
                QVERIFY(issueArtefact(a, QLatin1String(form), s.data, attachmentsOf(s),
                                      QStringList{QStringLiteral("--pkcs12-out"), path(a.name + QStringLiteral(".p12")),
                                                  QStringLiteral("--pkcs12-password-file"), holderPw,
                                                  QStringLiteral("--key-algorithm"),
                                                  ec ? QStringLiteral("p256") : QStringLiteral("rsa2048"),
                                                  QStringLiteral("--media-serial"), QStringLiteral("USB-") + a.name}
                                          << (QLatin1String(form) == u"GOV-ISSUE" ? govRecipient() : QStringList())));
            }
            // The OCSP responder's delegated certificate. id-pkix-ocsp-nocheck: not checked for
            // revocation, so no CDP, freshestCRL or OCSP pointer (RFC 6960 4.2.2.2.1); no policies, hence
            // no CPS; caIssuers helps build its path.
            Artefact a = holder(h + QStringLiteral("-ocsp_signing"), "ocsp_signing", h, nca, ec);
            a.path = path(a.name + QStringLiteral(".pem"));
            a.expect = QJsonObject{{QStringLiteral("ca_issuers"), pointer(nca, "aia_url")}};
            const Run r =
                as(QStringLiteral("off1"),
                   {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"), nca,
                    QStringLiteral("--key-out"), path(a.name + QStringLiteral(".p8")),
                    QStringLiteral("--key-algorithm"), ec ? QStringLiteral("p256") : QStringLiteral("rsa2048"),
                    QStringLiteral("--passphrase-file"), caPass(), QStringLiteral("--cert-out"), a.path,
                    QStringLiteral("--ca-passphrase-file"), caPass(), QStringLiteral("--json")});
            QVERIFY2(r.code == 0, qPrintable(a.name + QStringLiteral(": ") + r.err));
            m_certs.push_back(a);
        }
    }

    void everyCertificateIsAcceptedByOpenSsl() {
        QStringList failures;
        for (const Artefact& a : m_certs) {
            QStringList args{QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-CAfile"),
                             rootOf(a.hierarchy)};
            args << untrusted(a) << QStringLiteral("-purpose") << a.purpose;
            if (!a.policy.isEmpty())
                args << QStringLiteral("-policy") << a.policy << QStringLiteral("-explicit_policy");
            const Tool t = openssl(args << a.path);
            if (t.code != 0 || !t.output.contains(QStringLiteral(": OK")))
                collect(failures, a, QStringLiteral("openssl verify -x509_strict -purpose ") + a.purpose, t.output);
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    void everyCertificateIsAcceptedByGnuTls() {
        QStringList failures;
        for (const Artefact& a : m_certs) {
            const QString level = gnutlsLevel(a);
            const Tool verify = tool(QStringLiteral("certtool"),
                                     {QStringLiteral("--verify"), QStringLiteral("--verify-profile=") + level,
                                      QStringLiteral("--load-ca-certificate"), rootOf(a.hierarchy),
                                      QStringLiteral("--infile"), chainFile(a)});
            if (verify.code != 0 || !verify.output.contains(QStringLiteral("Chain verification output: Verified")))
                collect(failures, a, QStringLiteral("certtool --verify --verify-profile=") + level, verify.output);
            // The whole chain up to the root in one file.
            const QString full =
                file(a.name + QStringLiteral(".full.pem"),
                     read(chainFile(a)) + (a.issuer.isEmpty() ? QByteArray() : read(rootOf(a.hierarchy))));
            const Tool chain = tool(QStringLiteral("certtool"),
                                    {QStringLiteral("--verify-chain"), QStringLiteral("--verify-profile=") + level,
                                     QStringLiteral("--infile"), full});
            if (chain.code != 0 || !chain.output.contains(QStringLiteral("Chain verification output: Verified")))
                collect(failures, a, QStringLiteral("certtool --verify-chain --verify-profile=") + level, chain.output);
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    void everyCertificateIsAcceptedByNss() {
        QStringList failures;
        for (const Artefact& a : m_certs) {
            if (a.nssUsage < 0)
                continue; // the root: a trust anchor, not a path NSS builds
            QStringList args{QStringLiteral("-pp"), QStringLiteral("-u"), QString::number(a.nssUsage)};
            if (!a.policy.isEmpty())
                args << QStringLiteral("-o") << QStringLiteral("OID.") + a.policy;
            args << QStringLiteral("-a") << a.path;
            if (a.issuer.startsWith(u"NCA") || a.issuer.startsWith(u"GOV"))
                args << QStringLiteral("-a") << caPem(a.issuer);
            args << QStringLiteral("-t") << QStringLiteral("-a") << rootOf(a.hierarchy);
            const test::ToolRun t = tool(QStringLiteral("vfychain"), args);
            if (t.code != 0 || !t.output.contains(QStringLiteral("Chain is good!")))
                collect(failures, a, QStringLiteral("vfychain -u %1").arg(a.nssUsage), t.output);
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    void publishFullAndDeltaCrls() {
        for (const QString& h : kHierarchies) {
            const QString root = code("ROOT", h);
            const QString nca = code("NCA", h);
            const QString gov = code("GOV", h);
            // keyCompromise before the full CRL, certificateHold after it (only in the delta).
            Artefact* compromised = const_cast<Artefact*>(find(h + QStringLiteral("-rsa-key-individual_sign")));
            Artefact* held = const_cast<Artefact*>(find(h + QStringLiteral("-ec-key-legal_auth")));
            Artefact* govRevoked = const_cast<Artefact*>(find(h + QStringLiteral("-ec-key-government_employee")));
            QVERIFY(compromised && held && govRevoked);
            Run r = revoke(*compromised, QStringLiteral("key_compromise"));
            QVERIFY2(r.code == 0, qPrintable(r.err));
            compromised->revoked = true;
            r = revoke(*govRevoked, QStringLiteral("affiliation_changed"));
            QVERIFY2(r.code == 0, qPrintable(r.err));
            govRevoked->revoked = true;
            // A delta lists what was revoked since its base's thisUpdate (whole seconds, inclusive): one
            // second later the key compromise is in the base CRL only, as it would be in real life.
            QTest::qSleep(1100);
            for (const QString& ca : {root, nca, gov}) {
                const QString pem = publish(ca, false);
                QVERIFY2(!pem.isEmpty(), qPrintable(ca));
                m_fullCrl.insert(ca, pem);
            }
            r = revoke(*held, QStringLiteral("certificate_hold"));
            QVERIFY2(r.code == 0, qPrintable(r.err));
            held->revoked = true;
            const QString delta = publish(nca, true);
            QVERIFY(!delta.isEmpty());
            m_deltaCrl.insert(nca, delta);

            const auto serial = [](const Artefact* a) { return a->expect.value(QStringLiteral("serial")).toString(); };
            const auto entry = [&](const QString& ca, bool isDelta, const QJsonObject& expect) {
                m_crls.append(QJsonObject{
                    {QStringLiteral("path"), path(QStringLiteral("%1-%2.crl").arg(ca, isDelta ? u"delta" : u"full"))},
                    {QStringLiteral("type"), QStringLiteral("crl")},
                    {QStringLiteral("delta"), isDelta},
                    {QStringLiteral("expect"), expect}});
            };
            entry(root, false, {{QStringLiteral("next_update_hours"), 2160}});
            entry(nca, false,
                  {{QStringLiteral("freshest"), pointer(nca, "freshest_url")},
                   {QStringLiteral("next_update_hours"), 24},
                   {QStringLiteral("present"), QJsonArray{serial(compromised)}},
                   {QStringLiteral("absent"), QJsonArray{serial(held)}}});
            m_baseOnly.insert(h, compromised->name);
            m_deltaOnly.insert(h, held->name);
            entry(gov, false,
                  {{QStringLiteral("freshest"), pointer(gov, "freshest_url")},
                   {QStringLiteral("next_update_hours"), 24},
                   {QStringLiteral("present"), QJsonArray{serial(govRevoked)}}});
            entry(nca, true,
                  {{QStringLiteral("next_update_hours"), 6},
                   {QStringLiteral("present"), QJsonArray{serial(held)}},
                   {QStringLiteral("absent"), QJsonArray{serial(compromised)}}});
        }
    }

    void everyCrlIsAcceptedByEveryPeer() {
        QStringList failures;
        const auto judge = [&](const QString& ca, const QString& pem, bool delta) {
            Artefact label;
            label.name = pem.section(u'/', -1);
            label.path = pem;
            const Tool o = openssl({QStringLiteral("crl"), QStringLiteral("-in"), pem, QStringLiteral("-noout"),
                                    QStringLiteral("-CAfile"), caPem(ca)});
            if (o.code != 0 || !o.output.contains(QStringLiteral("verify OK")))
                collect(failures, label, QStringLiteral("openssl crl -CAfile"), o.output);
            if (delta)
                return; // GnuTLS ignores the critical delta indicator, NSS refuses delta CRLs (README)
            const Tool g = tool(QStringLiteral("certtool"),
                                {QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"), caPem(ca),
                                 QStringLiteral("--infile"), pem});
            if (g.code != 0 || !g.output.contains(QStringLiteral("Verification output: Verified")))
                collect(failures, label, QStringLiteral("certtool --verify-crl"), g.output);
            // NSS checks the CRL's signature against its CA when importing it into a database.
            const QString db = path(QStringLiteral("nss-") + ca);
            QDir().mkpath(db);
            const test::ToolRun init =
                tool(QStringLiteral("certutil"), {QStringLiteral("-N"), QStringLiteral("-d"),
                                                  QStringLiteral("sql:") + db, QStringLiteral("--empty-password")});
            const test::ToolRun add = tool(QStringLiteral("certutil"),
                                           {QStringLiteral("-A"), QStringLiteral("-d"), QStringLiteral("sql:") + db,
                                            QStringLiteral("-n"), ca, QStringLiteral("-t"), QStringLiteral("C,C,C"),
                                            QStringLiteral("-a"), QStringLiteral("-i"), caPem(ca)});
            const test::ToolRun imp =
                tool(QStringLiteral("crlutil"),
                     {QStringLiteral("-I"), QStringLiteral("-d"), QStringLiteral("sql:") + db, QStringLiteral("-i"),
                      pem.left(pem.size() - 4), QStringLiteral("-t"), QStringLiteral("1")});
            if (init.code != 0 || add.code != 0 || imp.code != 0)
                collect(failures, label, QStringLiteral("crlutil -I (NSS)"), init.output + add.output + imp.output);
        };
        for (auto it = m_fullCrl.cbegin(); it != m_fullCrl.cend(); ++it)
            judge(it.key(), it.value(), false);
        for (auto it = m_deltaCrl.cbegin(); it != m_deltaCrl.cend(); ++it)
            judge(it.key(), it.value(), true);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    // Every certificate against every CRL of its chain (-crl_check_all), with the delta CRL given
    // (-extended_crl -use_deltas): the revoked ones say so, the others verify.
    void opensslChecksEveryCertificateAgainstTheCrls() {
        QStringList failures;
        for (const Artefact& a : m_certs) {
            if (a.issuer.isEmpty())
                continue;
            QStringList args{QStringLiteral("verify"),
                             QStringLiteral("-x509_strict"),
                             QStringLiteral("-crl_check_all"),
                             QStringLiteral("-extended_crl"),
                             QStringLiteral("-use_deltas"),
                             QStringLiteral("-CAfile"),
                             rootOf(a.hierarchy)};
            args << untrusted(a);
            args << QStringLiteral("-CRLfile") << m_fullCrl.value(code("ROOT", a.hierarchy));
            if (!a.issuer.startsWith(u"ROOT")) {
                args << QStringLiteral("-CRLfile") << m_fullCrl.value(a.issuer);
                if (m_deltaCrl.contains(a.issuer))
                    args << QStringLiteral("-CRLfile") << m_deltaCrl.value(a.issuer);
            }
            const Tool t = openssl(args << a.path);
            const bool saysRevoked = t.output.contains(QStringLiteral("certificate revoked"));
            if (a.revoked ? (t.code == 0 || !saysRevoked) : (t.code != 0 || !t.output.contains(QStringLiteral(": OK"))))
                collect(failures, a,
                        a.revoked
                            ? QStringLiteral(
                                  "openssl verify -crl_check_all -extended_crl -use_deltas: revoked, not reported")
                            : QStringLiteral("openssl verify -crl_check_all -extended_crl -use_deltas"),
                        t.output);
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    // What README.md ("For relying parties") tells about base and delta CRLs, checked on the real pair:
    // an entry only in the base (key compromise) and one only in the delta (hold).
    void relyingPartyNotesOfTheReadmeHold() {
        for (const QString& h : kHierarchies) {
            const QString nca = code("NCA", h);
            const Artefact* baseOnly = find(m_baseOnly.value(h));
            const Artefact* deltaOnly = find(m_deltaOnly.value(h));
            QVERIFY(baseOnly && deltaOnly);
            const auto verdict = [&](const Artefact* a, const QStringList& flags, const QStringList& crls) {
                QStringList args{QStringLiteral("verify")};
                args << flags << QStringLiteral("-CAfile") << rootOf(h) << untrusted(*a);
                for (const QString& crl : crls)
                    args << QStringLiteral("-CRLfile") << crl;
                const Tool t = openssl(args << a->path);
                return t.output.contains(QStringLiteral("certificate revoked")) ? QStringLiteral("revoked")
                       : t.code == 0                                            ? QStringLiteral("ok")
                                                                                : t.output;
            };
            const QStringList both{m_fullCrl.value(nca), m_deltaCrl.value(nca)};
            const QStringList full{QStringLiteral("-crl_check"), QStringLiteral("-extended_crl"),
                                   QStringLiteral("-use_deltas")};
            // -crl_check -extended_crl -use_deltas with both CRLs: both entries are seen.
            QCOMPARE(verdict(baseOnly, full, both), QStringLiteral("revoked"));
            QCOMPARE(verdict(deltaOnly, full, both), QStringLiteral("revoked"));
            // -extended_crl without -use_deltas: the delta is not used, its entry is missed.
            QCOMPARE(verdict(deltaOnly, full.mid(0, 2), both), QStringLiteral("ok"));
            // Neither flag (upstream issue 31040): a delta at least as new as the base is taken for a
            // complete CRL, and the base's entry is missed (the key compromise passes).
            QCOMPARE(verdict(baseOnly, {QStringLiteral("-crl_check")}, {both.at(1), both.at(0)}), QStringLiteral("ok"));
            // NSS refuses to import the delta CRL; GnuTLS takes it as a plain CRL (the critical
            // deltaCRLIndicator ignored).
            const QString db = path(QStringLiteral("nss-") + nca);
            const Tool imp =
                tool(QStringLiteral("crlutil"),
                     {QStringLiteral("-I"), QStringLiteral("-d"), QStringLiteral("sql:") + db, QStringLiteral("-i"),
                      path(nca + QStringLiteral("-delta.crl")), QStringLiteral("-t"), QStringLiteral("1")});
            QVERIFY2(imp.code != 0, qPrintable(imp.output));
            const Tool gnutls = tool(QStringLiteral("certtool"),
                                     {QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"),
                                      caPem(nca), QStringLiteral("--infile"), m_deltaCrl.value(nca)});
            QVERIFY2(gnutls.code == 0 && gnutls.output.contains(QStringLiteral("Verification output: Verified")),
                     qPrintable(gnutls.output));
        }
    }

    void pythonCryptographyLintsEveryArtefact() {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
        if (python.isEmpty() || tool(python, {QStringLiteral("-c"), QStringLiteral("import cryptography")}).code != 0)
            QSKIP("no /usr/bin/python3 with python3-cryptography (scripts/install-deps.sh)");
        QJsonArray manifest = m_crls;
        for (const Artefact& a : m_certs) {
            QJsonObject expect = a.expect;
            expect.remove(QStringLiteral("serial"));
            manifest.append(QJsonObject{{QStringLiteral("path"), a.path},
                                        {QStringLiteral("type"), QStringLiteral("cert")},
                                        {QStringLiteral("profile"), a.profile},
                                        {QStringLiteral("expect"), expect}});
        }
        QVERIFY(manifest.size() >= 2 * (3 + 10 + 3) + 8);
        const QString list = file(QStringLiteral("manifest.json"), QJsonDocument(manifest).toJson());
        const test::ToolRun lint = tool(
            python, {qEnvironmentVariable("TIRKEU_SOURCE_DIR") + QStringLiteral("/tests/pki/lint_artefacts.py"), list});
        QVERIFY2(lint.code == 0 && lint.output.contains(QStringLiteral("OK %1 artefacts").arg(manifest.size())),
                 qPrintable(lint.output));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestProfilesCli)
#include "tst_profiles_cli.moc"
