// The CA engine beyond a single root CA: a Root CA certifying the National CA of the same register (subordinate
// set-up, CSR, ROOT-ISSUE application, import; OpenSSL verifies a holder's chain), never a stranger's key under the
// name of a CA of the register, and a new CA's name never a register CA certificate's subject (attacks of sessions
// 27 and 28). The tests build on each other (declaration order; CaEngineTestSupport.h). What `ca import-cert`
// takes: tst_caengine_import; the holders' certificates: tst_caengine_holders.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "registry/CaEngine.h"
#include "registry/CaEngineTestSupport.h"

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class CaEngineSubordinateTest : public QObject, CaEngineHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createRegister(); }

    void rootCaCertifiesTheNationalCaOfTheSameRegister() {
        auto root =
            engine().createRootCa(m_fx.admin, kRoot, pki::KeyAlgorithm::Rsa2048, path("root.p8"), kRootPassphrase, 20);
        TIRKEU_VERIFY_OK(root);

        // The National CA makes its key and a request; it cannot sign before its certificate arrives.
        CaKeySpec key = keyFile(QStringLiteral("nca.p8"), pki::KeyAlgorithm::Rsa2048);
        TIRKEU_VERIFY_ERROR(engine().createSubordinateCa(m_fx.officerA, kNca, key), ErrorCode::Forbidden);
        auto sub = engine().createSubordinateCa(m_fx.admin, kNca, key);
        TIRKEU_VERIFY_OK(sub);
        QVERIFY(sub->certificateDer.isEmpty());
        QVERIFY(QFile::exists(path("nca.p8")));
        auto csr = pki::Csr::parse(sub->csrPem);
        TIRKEU_VERIFY_OK(csr);
        // A second set-up is refused while the key waits for its certificate.
        key.keyPath = path("nca-second.p8");
        TIRKEU_VERIFY_ERROR(engine().createSubordinateCa(m_fx.admin, kNca, key), ErrorCode::Conflict);
        QVERIFY(!QFile::exists(path("nca-second.p8")));
        // Its settings can change while the key waits (attack of session 27, F5: "Unknown CA setting:
        // pending_csr"); the waiting key's own entries are kept, and never set by hand.
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(m_fx.admin, kNca, {{QStringLiteral("crl_period_hours"), 26}}));
        auto waiting = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(waiting);
        QCOMPARE(waiting->settings.value(QStringLiteral("crl_period_hours")).toInt(), 26);
        QCOMPARE(waiting->settings.value(QStringLiteral("pending_csr")).toString(), QString::fromLatin1(sub->csrPem));
        QCOMPARE(waiting->settings.value(QStringLiteral("pending_key_fingerprint")).toString(), sub->fingerprint);
        for (const char* internal : {"pending_csr", "pending_key_fingerprint"})
            TIRKEU_VERIFY_ERROR(m_fx.reg->cas().updateSettings(m_fx.admin, kNca,
                                                               {{QString::fromLatin1(internal), QStringLiteral("x")}}),
                                ErrorCode::Invalid);
        QCOMPARE(m_fx.reg->cas().find(kNca)->settings, waiting->settings);

        // The Root CA's own workflow: a ROOT-ISSUE application, approved, issued from that CSR.
        auto nca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(nca);
        const qint64 app = approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(nca->name));
        QVERIFY(app > 0);
        TIRKEU_VERIFY_ERROR(
            engine().issueWithGeneratedKey(m_fx.officerA, app, KeyOnMedia{{}, kHolderPassword, {}}, secret()),
            ErrorCode::Invalid); // a CA makes its own key
        // A stranger's key under the name of the CA whose key waits (attack of session 27, F1): refused, nothing
        // written; the application stays approved for the CA's own request.
        const qint64 certificatesBefore = count("certificates");
        auto stranger = engine().issueFromCsr(m_fx.officerA, app, holderCsr(), secret());
        TIRKEU_VERIFY_ERROR(stranger, ErrorCode::Conflict);
        QVERIFY2(stranger.message().contains(kNca), qPrintable(stranger.message()));
        QCOMPARE(count("certificates"), certificatesBefore);
        QCOMPARE(applicationStatus(app), QStringLiteral("approved"));
        // A root that does not say where its CRL and its certificate are published certifies no CA (attack of
        // session 29, F7: the subordinate's certificate had neither CRL distribution point nor AIA).
        const QJsonObject rootSettings = m_fx.reg->cas().find(kRoot)->settings;
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(
            m_fx.admin, kRoot, {{QStringLiteral("cdp_url"), QString()}, {QStringLiteral("aia_url"), QString()}}));
        auto bare = engine().issueFromCsr(m_fx.officerA, app, sub->csrPem, secret());
        TIRKEU_VERIFY_ERROR(bare, ErrorCode::Conflict);
        QVERIFY2(bare.message().contains(u"cdp_url") && bare.message().contains(u"aia_url"),
                 qPrintable(bare.message()));
        QCOMPARE(count("certificates"), certificatesBefore);
        QCOMPARE(applicationStatus(app), QStringLiteral("approved"));
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(
            m_fx.admin, kRoot,
            {{QStringLiteral("cdp_url"), rootSettings.value(QStringLiteral("cdp_url"))},
             {QStringLiteral("aia_url"), rootSettings.value(QStringLiteral("aia_url"))}}));
        auto issued = engine().issueFromCsr(m_fx.officerA, app, sub->csrPem, secret());
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->profile, QStringLiteral("subordinate_ca"));
        auto caCert = pki::Certificate::parse(issued->der);
        TIRKEU_VERIFY_OK(caCert);
        QVERIFY(caCert->isCa());
        QCOMPARE(pki::Certificate::crlDistributionPointOf(issued->der).value_or(QString()),
                 rootSettings.value(QStringLiteral("cdp_url")).toString());
        QVERIFY(writeFile(path("nca-aia.pem"), caCert->pem()));
        const ToolRun aia =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-ext"),
                     QStringLiteral("authorityInfoAccess"), QStringLiteral("-in"), path("nca-aia.pem")});
        QVERIFY2(aia.output.contains(rootSettings.value(QStringLiteral("aia_url")).toString()), qPrintable(aia.output));
        QCOMPARE(caCert->subject().caName, nca->name);
        QCOMPARE(caCert->notAfter(), caCert->notBefore().addYears(5));
        // The subordinate's own composition (C=KZ, CN=…; no O configured), as its request names it: the
        // ROOT-ISSUE form's org_name adds no O (issue 13).
        QVERIFY2(caCert->subject().organisation.isEmpty(), qPrintable(caCert->subjectDisplay()));
        QCOMPARE(caCert->subject().display(), csr->subject().display());

        // Import refusals change nothing: a holder certificate, a CA certificate for another key.
        const QByteArray ncaBefore = caSettings(kNca);
        auto rootCa = m_fx.reg->cas().find(kRoot);
        TIRKEU_VERIFY_ERROR(engine().importCaCertificate(m_fx.admin, kNca, rootCa->certificateDer), ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().importCaCertificate(m_fx.admin, kNca, QByteArray("not a certificate")),
                            ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().importCaCertificate(m_fx.officerA, kNca, issued->der), ErrorCode::Forbidden);
        QCOMPARE(caSettings(kNca), ncaBefore);

        auto imported = engine().importCaCertificate(m_fx.admin, kNca, issued->der);
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->parentCode, kRoot);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT parent_id FROM cas WHERE code = ?"), {kNca}).toLongLong(),
                 m_fx.rootId);
        TIRKEU_VERIFY_ERROR(engine().importCaCertificate(m_fx.admin, kNca, issued->der), ErrorCode::Conflict);

        // The National CA now issues, and OpenSSL accepts the chain holder → National → Root.
        const qint64 holderApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        QVERIFY(holderApp > 0);
        auto holder = engine().issueFromCsr(m_fx.officerA, holderApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(holder);
        auto holderCert = pki::Certificate::parse(holder->der);
        QVERIFY(writeFile(path("root.pem"), pki::Certificate::parse(rootCa->certificateDer)->pem()));
        QVERIFY(writeFile(path("nca.pem"), caCert->pem()));
        QVERIFY(writeFile(path("holder.pem"), holderCert->pem()));
        const ToolRun verify =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("verify"), QStringLiteral("-attime"),
                     QString::number(m_fx.clock.now().toSecsSinceEpoch()), QStringLiteral("-CAfile"), path("root.pem"),
                     QStringLiteral("-untrusted"), path("nca.pem"), path("holder.pem")});
        QVERIFY2(verify.code == 0, qPrintable(verify.output));
    }

    // A second ROOT-ISSUE application naming a CA of the register, issued from a stranger's request (attack of
    // session 27, F1): a subordinate CA's certificate names a CA of the register only for that CA's own key,
    // and never the issuing CA's own name. Refused, nothing written.
    void rootIssueNeverCertifiesAStrangerUnderTheNameOfACa() {
        auto nca = m_fx.reg->cas().find(kNca);
        auto root = m_fx.reg->cas().find(kRoot);
        TIRKEU_VERIFY_OK(nca);
        TIRKEU_VERIFY_OK(root);
        for (const QString& name : {nca->name, nca->name.toUpper(), root->name}) {
            const qint64 app = approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(name));
            QVERIFY(app > 0);
            const qint64 certificatesBefore = count("certificates");
            const qint64 eventsBefore = count("audit_events");
            auto issued = engine().issueFromCsr(m_fx.officerA, app, holderCsr(), secret());
            TIRKEU_VERIFY_ERROR(issued, ErrorCode::Conflict);
            QCOMPARE(count("certificates"), certificatesBefore);
            QCOMPARE(count("audit_events"), eventsBefore);
            QCOMPARE(applicationStatus(app), QStringLiteral("approved"));
        }
        // Attack of session 32, B9: nor under a name that only reads the same. A word mixing alphabets ("Attаck" with
        // a Cyrillic а) is refused by the form; whole words in the other alphabet ("СА" in Cyrillic letters) by the
        // name's look, at issuance and at `ca add`.
        TIRKEU_VERIFY_OK(m_fx.reg->cas().add(m_fx.admin, QStringLiteral("LOOK-32"), QStringLiteral("Attack Sub CA"),
                                             forms::CaKind::National, {}));
        auto mixed = m_fx.reg->applications().submit(m_fx.operatorA, kRoot, QStringLiteral("ROOT-ISSUE"),
                                                     rootIssue(QStringLiteral("Att\u0430ck Sub CA")));
        TIRKEU_VERIFY_ERROR(mixed, ErrorCode::Invalid);
        QVERIFY2(mixed.message().contains(QStringLiteral("alphabets")), qPrintable(mixed.message()));
        const QString lookalike = QStringLiteral("Attack Sub \u0421\u0410");
        const qint64 app = approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(lookalike));
        QVERIFY(app > 0);
        const qint64 certificatesBefore = count("certificates");
        auto issued = engine().issueFromCsr(m_fx.officerA, app, holderCsr(), secret());
        TIRKEU_VERIFY_ERROR(issued, ErrorCode::Conflict);
        QVERIFY2(issued.message().contains(QStringLiteral("LOOK-32")), qPrintable(issued.message()));
        QCOMPARE(count("certificates"), certificatesBefore);
        auto twin = m_fx.reg->cas().add(m_fx.admin, QStringLiteral("LOOK-33"), lookalike, forms::CaKind::National, {});
        TIRKEU_VERIFY_ERROR(twin, ErrorCode::Conflict);
        QVERIFY2(twin.message().contains(QStringLiteral("LOOK-32")), qPrintable(twin.message()));
        TIRKEU_VERIFY_ERROR(m_fx.reg->cas().add(m_fx.admin, QStringLiteral("LOOK-34"), QStringLiteral("Att\u0430ck CA"),
                                                forms::CaKind::National, {}),
                            ErrorCode::Invalid);
    }

    // Each CA's name is its own against the subjects of the register CAs' certificates too (attack of session 28,
    // F9): the National CA's name with its spaces doubled was another name to `ca add` (trimmed, case-folded), but
    // the CA certificate's CN is simplified, so both CAs would issue under one issuer name. `ca add` refuses it
    // naming the National CA; and `ca init` (self-signed or a request) refuses such a CA of a register from before
    // this check. Nothing is recorded, no key file left. Last in this file: the register keeps the twin's row.
    void aNewCaNameIsNoRegisterCaCertificateSubject() {
        auto nca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(nca);
        QVERIFY(!nca->certificateDer.isEmpty() && nca->name.contains(u' '));
        QString twin = nca->name;
        twin.replace(u' ', QStringLiteral("  "));
        const qint64 casBefore = count("cas");
        const qint64 eventsBefore = count("audit_events");
        auto added = m_fx.reg->cas().add(m_fx.admin, QStringLiteral("TWIN-28"), twin, forms::CaKind::National, {});
        TIRKEU_VERIFY_ERROR(added, ErrorCode::Conflict);
        QVERIFY2(added.message().contains(kNca), qPrintable(added.message()));
        QCOMPARE(count("cas"), casBefore);
        QCOMPARE(count("audit_events"), eventsBefore);

        // A register from before this check holds the twin already (written here as `ca add` wrote it then).
        QVERIFY(
            m_fx.reg->db()
                .exec(QStringLiteral("INSERT INTO cas (code, name, kind, settings, created_at) VALUES (?, ?, ?, ?, ?)"),
                      {QStringLiteral("TWIN-28"), twin, forms::caKindId(forms::CaKind::National), QStringLiteral("{}"),
                       toDbTime(m_fx.clock.now())})
                .ok());
        const qint64 eventsWithTwin = count("audit_events");
        auto root = engine().createRootCa(m_fx.admin, QStringLiteral("TWIN-28"), pki::KeyAlgorithm::EcP256,
                                          path("twin-root.p8"), kRootPassphrase, 5);
        TIRKEU_VERIFY_ERROR(root, ErrorCode::Conflict);
        QVERIFY2(root.message().contains(kNca), qPrintable(root.message()));
        auto sub =
            engine().createSubordinateCa(m_fx.admin, QStringLiteral("TWIN-28"), keyFile(QStringLiteral("twin-sub.p8")));
        TIRKEU_VERIFY_ERROR(sub, ErrorCode::Conflict);
        QVERIFY2(sub.message().contains(kNca), qPrintable(sub.message()));
        QVERIFY(!QFile::exists(path("twin-root.p8")) && !QFile::exists(path("twin-sub.p8")));
        QVERIFY(caColumn("key_uri", QStringLiteral("TWIN-28")).isNull());
        QVERIFY(caColumn("certificate_der", QStringLiteral("TWIN-28")).isNull());
        QCOMPARE(count("audit_events"), eventsWithTwin);
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineSubordinateTest)
#include "tst_caengine_subordinate.moc"
