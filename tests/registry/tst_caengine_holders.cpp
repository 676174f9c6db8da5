// The CA engine's holders' certificates under the National CA that the Root CA of the same register certified
// (CaEngineTestSupport.h; the certification itself: tst_caengine_subordinate): keys generated for the holder and handed
// over as PKCS#12, the Government Bodies CA (letters with several persons, key media serial, one valid key per
// holder, a CA key on a SoftHSM2 token), re-issue with the old certificate revoked as superseded, the delta CRL a
// key-compromise revocation publishes at once, and an approved revocation application carried out. The tests
// build on each other (declaration order).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Pkcs12.h"
#include "registry/CaEngine.h"
#include "registry/CaEngineTestSupport.h"
#include "registry/OcspSigning.h"
#include "registry/OcspStatus.h"

#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// A letter listing the two persons given as {iin, surname}.
forms::Submission govLetter(const QList<QPair<QString, QString>>& people) {
    forms::Submission s = govIssue(people.first().first);
    QJsonArray persons;
    const QJsonObject model = s.data.value(QStringLiteral("persons")).toArray().first().toObject();
    for (const auto& [iin, surname] : people) {
        QJsonObject p = model;
        p.insert(QStringLiteral("iin"), iin);
        p.insert(QStringLiteral("surname"), surname);
        persons.append(p);
    }
    s.data.insert(QStringLiteral("persons"), persons);
    return s;
}

} // namespace

class CaEngineHoldersTest : public QObject, CaEngineHarness {
    Q_OBJECT

    QString m_nationalSerial; // a holder certificate of the National CA

private Q_SLOTS:
    void initTestCase() {
        createRegisterWithNationalCa();
        if (QTest::currentTestFailed())
            return;
        const qint64 holderApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        QVERIFY(holderApp > 0);
        auto holder = engine().issueFromCsr(m_fx.officerA, holderApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(holder);
        m_nationalSerial = holder->serialHex;
    }

    void generatedKeyIsHandedOverAsPkcs12() {
        const qint64 app = approved(kNca, kIssueLegal, ncaIssueLegal());
        QVERIFY(app > 0);
        const qint64 before = count("certificates");
        TIRKEU_VERIFY_ERROR(
            engine().issueWithGeneratedKey(m_fx.officerA, app, KeyOnMedia{{}, QStringLiteral("short"), {}}, secret()),
            ErrorCode::Invalid);
        QCOMPARE(count("certificates"), before);
        QCOMPARE(applicationStatus(app), QStringLiteral("approved"));

        KeyOnMedia media;
        media.algorithm = pki::KeyAlgorithm::Rsa2048;
        media.password = kHolderPassword;
        media.mediaSerial = QStringLiteral("KZT-0042-77");
        auto issued = engine().issueWithGeneratedKey(m_fx.officerA, app, media, secret());
        TIRKEU_VERIFY_OK(issued);
        QVERIFY(!issued->pkcs12.isEmpty());
        QCOMPARE(applicationStatus(app), QStringLiteral("done"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT key_media_serial FROM certificates WHERE serial = ?"),
                             {issued->serialHex})
                     .toString(),
                 media.mediaSerial);

        // The holder's password opens it; the key is the certificate's; the CA chain is inside.
        TIRKEU_VERIFY_ERROR(pki::Pkcs12::parse(issued->pkcs12, QStringLiteral("wrong password")), ErrorCode::Crypto);
        auto contents = pki::Pkcs12::parse(issued->pkcs12, kHolderPassword);
        TIRKEU_VERIFY_OK(contents);
        auto inside = pki::Certificate::fromX509(contents->certificate.get());
        TIRKEU_VERIFY_OK(inside);
        QCOMPARE(inside->serialHex(), issued->serialHex);
        QCOMPARE(pki::CaKey::fingerprintOf(contents->key.get()), inside->publicKeyFingerprint());
        QCOMPARE(int(contents->chain.size()), 1);
        // And OpenSSL reads it with the same password (independent check of the encoding).
        QVERIFY(writeFile(path("holder.p12"), issued->pkcs12));
        const ToolRun info =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("pkcs12"), QStringLiteral("-in"), path("holder.p12"), QStringLiteral("-nokeys"),
                     QStringLiteral("-passin"), QStringLiteral("pass:") + kHolderPassword});
        QVERIFY2(info.code == 0 && info.output.contains(QStringLiteral("BEGIN CERTIFICATE")), qPrintable(info.output));
        // The register holds the certificate, never the key.
        const QByteArray stored =
            m_fx.scalar(QStringLiteral("SELECT der FROM certificates WHERE serial = ?"), {issued->serialHex})
                .toByteArray();
        QCOMPARE(stored, issued->der);
    }

    void governmentCaKeyOnATokenAndOneKeyPerHolder() {
        if (QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool")).isEmpty())
            QSKIP("softhsm2-util / pkcs11-tool missing");
        const QString tokens = path("tokens");
        QVERIFY(QDir().mkpath(tokens));
        QVERIFY(writeFile(path("softhsm2.conf"), "directories.tokendir = " + QFile::encodeName(tokens) +
                                                     "\nobjectstore.backend = file\nlog.level = ERROR\n"));
        qputenv("SOFTHSM2_CONF", QFile::encodeName(path("softhsm2.conf")));
        qunsetenv("TIRKEU_PKCS11_MODULE");
        const ToolRun init = runTool(QStringLiteral("softhsm2-util"),
                                     {QStringLiteral("--init-token"), QStringLiteral("--free"),
                                      QStringLiteral("--label"), QStringLiteral("gov-ca"), QStringLiteral("--pin"),
                                      QStringLiteral("4321"), QStringLiteral("--so-pin"), QStringLiteral("8765")});
        QVERIFY2(init.code == 0, qPrintable(init.output));
        const ToolRun gen =
            runTool(QStringLiteral("pkcs11-tool"),
                    {QStringLiteral("--module"), QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"),
                     QStringLiteral("--login"), QStringLiteral("--pin"), QStringLiteral("4321"),
                     QStringLiteral("--keypairgen"), QStringLiteral("--key-type"), QStringLiteral("EC:prime256v1"),
                     QStringLiteral("--label"), QStringLiteral("gov"), QStringLiteral("--id"), QStringLiteral("07")});
        QVERIFY2(gen.code == 0, qPrintable(gen.output));

        CaKeySpec token;
        token.existingUri = QStringLiteral("pkcs11:token=gov-ca;object=gov");
        token.existingSecret = pki::SecretSource::literal(QStringLiteral("0000"));
        TIRKEU_VERIFY_ERROR(engine().createRootCa(m_fx.admin, kGov, token, 10), ErrorCode::Crypto); // wrong PIN
        QVERIFY(m_fx.scalar(QStringLiteral("SELECT key_uri FROM cas WHERE code = ?"), {kGov}).isNull());
        token.existingSecret = pki::SecretSource::literal(QStringLiteral("4321"));
        auto gov = engine().createRootCa(m_fx.admin, kGov, token, 10);
        TIRKEU_VERIFY_OK(gov);
        QVERIFY(gov->keyUri.startsWith(QStringLiteral("pkcs11:")));
        const pki::SecretSource pin = pki::SecretSource::literal(QStringLiteral("4321"));

        // A letter for two persons: each gets one certificate, the letter is done after the second.
        const qint64 letter =
            approved(kGov, kGovIssue,
                     govLetter({{kIinThird, QStringLiteral("Әбішев")}, {kIinFourth, QStringLiteral("Серікбаев")}}));
        QVERIFY(letter > 0);
        KeyOnMedia media{pki::KeyAlgorithm::EcP256, kHolderPassword, {}};
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin), ErrorCode::Usage);
        IssueOptions first;
        first.personIndex = 0;
        first.mediaRecipient = MediaRecipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"),
                                              QStringLiteral("№ 17-ө"), QDate(2026, 1, 12)};
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin, first),
                            ErrorCode::Invalid); // no media serial
        media.mediaSerial = QStringLiteral("ГО-ТОКЕН-0001");
        // Attack of session 32, B24: nor on an internal order dated after today.
        IssueOptions future = first;
        future.mediaRecipient.orderDate = m_fx.clock.today().addDays(1);
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin, future),
                            ErrorCode::Invalid);
        auto one = engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin, first);
        TIRKEU_VERIFY_OK(one);
        QCOMPARE(one->profile, QStringLiteral("government_employee"));
        QVERIFY(!one->applicationDone);
        QCOMPARE(applicationStatus(letter), QStringLiteral("approved"));
        QVERIFY(one->subject.contains(QStringLiteral("ӘБІШЕВ")));

        // The same person again: one valid key per holder.
        const qint64 before = count("certificates");
        media.mediaSerial = QStringLiteral("ГО-ТОКЕН-0002");
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin, first),
                            ErrorCode::Conflict);
        QCOMPARE(count("certificates"), before);
        IssueOptions second = first;
        second.personIndex = 1;
        auto two = engine().issueWithGeneratedKey(m_fx.officerA, letter, media, pin, second);
        TIRKEU_VERIFY_OK(two);
        QVERIFY(two->applicationDone);
        QCOMPARE(applicationStatus(letter), QStringLiteral("done"));

        // A new letter for the first person is refused until the first certificate is revoked.
        const qint64 again = approved(kGov, kGovIssue, govLetter({{kIinThird, QStringLiteral("Әбішев")}}));
        QVERIFY(again > 0);
        media.mediaSerial = QStringLiteral("ГО-ТОКЕН-0003");
        IssueOptions only = first;
        only.personIndex = -1;
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, again, media, pin, only),
                            ErrorCode::Conflict);
        RevokeRequest leave;
        leave.caCode = kGov;
        leave.serial = one->serialHex;
        leave.reasonCode = 3; // affiliation changed
        leave.basisKind = QStringLiteral("holder_left_job");
        QVERIFY(engine().revoke(m_fx.officerA, leave).ok());
        TIRKEU_VERIFY_OK(engine().issueWithGeneratedKey(m_fx.officerA, again, media, pin, only));

        // The token key signs CRLs too.
        QVERIFY(QDir().mkpath(path("gov-crl")));
        auto crl = engine().publishCrl(m_fx.officerA, kGov, path("gov-crl"), false, pin);
        TIRKEU_VERIFY_OK(crl);
        QCOMPARE(crl->entries, qint64(1));

        // Attack of session 32, B4: the second person's certificate on hold, a new letter issued, the hold released:
        // two valid keys. A held certificate still holds its key: the issuance is refused naming the hold ...
        RevokeRequest hold;
        hold.caCode = kGov;
        hold.serial = two->serialHex;
        hold.reasonCode = 6; // certificate hold
        hold.basisKind = QStringLiteral("holder_application");
        QVERIFY(engine().revoke(m_fx.officerA, hold).ok());
        const qint64 third = approved(kGov, kGovIssue, govLetter({{kIinFourth, QStringLiteral("Серікбаев")}}));
        QVERIFY(third > 0);
        media.mediaSerial = QStringLiteral("ГО-ТОКЕН-0004");
        const qint64 certificates = count("certificates");
        auto refused = engine().issueWithGeneratedKey(m_fx.officerA, third, media, pin, only);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(two->serialHex) && refused.message().contains(QStringLiteral("on hold")),
                 qPrintable(refused.message()));
        QCOMPARE(count("certificates"), certificates);
        // ... and in a register from before this check (the second certificate recorded as the issuance then did),
        // the release is refused: the held certificate stays revoked.
        QStringList columns;
        auto info = m_fx.reg->db().exec(m_fx.reg->db().sqlite()
                                            ? QStringLiteral("SELECT name FROM pragma_table_info('certificates')")
                                            : QStringLiteral("SELECT column_name FROM information_schema.columns "
                                                             "WHERE table_name = 'certificates' AND table_schema = "
                                                             "current_schema()"));
        TIRKEU_VERIFY_OK(info);
        while (info->next())
            if (info->value(0).toString() != u"id")
                columns << info->value(0).toString();
        QVERIFY(columns.contains(QStringLiteral("spki_sha256")));
        QStringList values = columns;
        values.replaceInStrings(QRegularExpression(QStringLiteral("^serial$")), QStringLiteral("'0BADC0DE'"));
        values.replaceInStrings(QRegularExpression(QStringLiteral("^spki_sha256$")),
                                QStringLiteral("spki_sha256 || '-second'"));
        values.replaceInStrings(QRegularExpression(QStringLiteral("^status$")), QStringLiteral("'valid'"));
        QVERIFY(m_fx.exec(QStringLiteral("INSERT INTO certificates (%1) SELECT %2 FROM certificates WHERE serial = ?")
                              .arg(columns.join(u','), values.join(u',')),
                          {two->serialHex})
                    .ok());
        ReleaseRequest release{kGov, two->serialHex, QStringLiteral("holder_application"), QStringLiteral("№ 5")};
        const Status released = engine().release(m_fx.officerA, release);
        TIRKEU_VERIFY_ERROR(released, ErrorCode::Conflict);
        QVERIFY2(released.message().contains(QStringLiteral("0BADC0DE")), qPrintable(released.message()));
        QCOMPARE(engine().certificate(m_fx.officerA, kGov, two->serialHex)->status, QStringLiteral("revoked"));
    }

    void reissueRevokesTheOldCertificateAsSuperseded() {
        QVERIFY(!m_nationalSerial.isEmpty());
        auto tmpl = m_fx.reg->applications().reissueTemplate(m_fx.operatorA, kNca, m_nationalSerial);
        TIRKEU_VERIFY_OK(tmpl);
        QCOMPARE(tmpl->formCode, kIssueInd);
        QCOMPARE(tmpl->data.value(QStringLiteral("iin")).toString(), kIinAliya);

        forms::Submission s;
        s.data = tmpl->data;
        s.data.insert(QStringLiteral("application_date"), QStringLiteral("2026-03-02"));
        s.attachments = {QStringLiteral("identity_document_copy")};
        s.consent = true;
        // Another person's data cannot replace the certificate.
        forms::Submission other = ncaIssueIndividual(kIinSecond, QStringLiteral("Бекова"), QStringLiteral("Дана"));
        TIRKEU_VERIFY_ERROR(
            m_fx.reg->applications().submitReplacement(m_fx.operatorA, kNca, m_nationalSerial, tmpl->formCode, other),
            ErrorCode::Invalid);
        auto app =
            m_fx.reg->applications().submitReplacement(m_fx.operatorA, kNca, m_nationalSerial, tmpl->formCode, s);
        TIRKEU_VERIFY_OK(app);
        QVERIFY(m_fx.reg->applications().approve(m_fx.officerB, *app).ok());
        IssueOptions opts;
        opts.revokeReplaced = true;
        auto issued = engine().issueFromCsr(m_fx.officerA, *app, holderCsr(), secret(), opts);
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->replacedSerial, m_nationalSerial);
        auto old = engine().certificate(m_fx.officerA, kNca, m_nationalSerial);
        TIRKEU_VERIFY_OK(old);
        QCOMPARE(old->status, QStringLiteral("revoked"));
        QCOMPARE(old->reasonCode, 4); // superseded
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT replaces_certificate_id FROM certificates WHERE serial = ?"),
                             {issued->serialHex})
                     .toLongLong(),
                 old->id);
        // Asking to revoke a replaced certificate that is no longer valid is refused, nothing issued.
        auto app2 =
            m_fx.reg->applications().submitReplacement(m_fx.operatorA, kNca, m_nationalSerial, tmpl->formCode, s);
        TIRKEU_VERIFY_OK(app2);
        QVERIFY(m_fx.reg->applications().approve(m_fx.officerB, *app2).ok());
        const qint64 before = count("certificates");
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, *app2, holderCsr(), secret(), opts),
                            ErrorCode::Conflict);
        QCOMPARE(count("certificates"), before);
        QCOMPARE(applicationStatus(*app2), QStringLiteral("approved"));
    }

    void keyCompromisePublishesADeltaCrlAtOnce() {
        const QString dir = path("publish");
        QVERIFY(QDir().mkpath(dir));
        auto nca = m_fx.reg->cas().find(kNca);
        QJsonObject settings = nca->settings;
        settings.insert(QStringLiteral("publish_dir"), dir);
        QVERIFY(m_fx.exec(QStringLiteral("UPDATE cas SET settings = ? WHERE code = ?"),
                          {QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)), kNca})
                    .ok());
        // A full CRL first: the delta needs its base.
        TIRKEU_VERIFY_OK(engine().publishCrl(m_fx.officerA, kNca, dir, false, secret()));

        auto issueOne = [&](const QString& iin) -> QString {
            const qint64 app = approved(kNca, kIssueInd, ncaIssueIndividual(iin));
            auto r = engine().issueFromCsr(m_fx.officerA, app, holderCsr(), secret());
            return r ? r->serialHex : QString();
        };
        const QString victim = issueOne(kIinFifth);
        QVERIFY(!victim.isEmpty());
        m_fx.clock.advanceSecs(600);
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = victim;
        r.reasonCode = 1; // key compromise
        r.basisKind = QStringLiteral("holder_application");
        r.caKeySecret = secret();
        RevokeOutcome outcome;
        QVERIFY(engine().revoke(m_fx.officerA, r, &outcome).ok());
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QVERIFY(outcome.delta->deltaBase.has_value());
        QVERIFY(QFile::exists(outcome.delta->derPath));
        const ToolRun text =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     outcome.delta->derPath, QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.output.contains(QStringLiteral("Delta CRL Indicator")), qPrintable(text.output));
        QVERIFY2(text.output.contains(victim), qPrintable(text.output));

        // Without the CA key the revocation stands and the outcome says what is still due.
        const QString second = issueOne(kIinFourth);
        QVERIFY(!second.isEmpty());
        r.serial = second;
        r.caKeySecret.reset();
        RevokeOutcome pending;
        QVERIFY(engine().revoke(m_fx.officerA, r, &pending).ok());
        QVERIFY(!pending.delta.has_value());
        QVERIFY(!pending.deltaProblem.isEmpty());
        QCOMPARE(engine().certificate(m_fx.officerA, kNca, second)->status, QStringLiteral("revoked"));

        // Attack of session 32, B27: a CA whose certificates point to no delta CRL (no freshest_url) publishes its
        // full CRL at once, which lists the compromise (and the one still due above).
        // (A national CA issues only with a delta URL: the certificate first, the URL removed after.)
        const QString third = issueOne(kIinAliya);
        QVERIFY(!third.isEmpty());
        const QJsonObject pointers = m_fx.reg->cas().find(kNca)->settings;
        const auto setSettings = [this](const QJsonObject& to) {
            return m_fx
                .exec(QStringLiteral("UPDATE cas SET settings = ? WHERE code = ?"),
                      {QString::fromUtf8(QJsonDocument(to).toJson(QJsonDocument::Compact)), kNca})
                .ok();
        };
        settings = pointers;
        settings.remove(QStringLiteral("freshest_url"));
        QVERIFY(setSettings(settings));
        r.serial = third;
        r.caKeySecret = secret();
        RevokeOutcome full;
        QVERIFY(engine().revoke(m_fx.officerA, r, &full).ok());
        QVERIFY2(full.delta.has_value(), qPrintable(full.deltaProblem));
        QVERIFY(!full.delta->deltaBase.has_value());
        const ToolRun listed =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     full.delta->derPath, QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(!listed.output.contains(QStringLiteral("Delta CRL Indicator")), qPrintable(listed.output));
        QVERIFY2(listed.output.contains(third) && listed.output.contains(second) && listed.output.contains(victim),
                 qPrintable(listed.output));
        QVERIFY(setSettings(pointers));
    }

    void approvedRevocationApplicationIsCarriedOut() {
        // A certificate of Aliya, and her revocation application (key compromise).
        const qint64 issueApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        auto cert = engine().issueFromCsr(m_fx.officerA, issueApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(cert);
        auto app = m_fx.reg->applications().submit(
            m_fx.operatorA, kNca, kRevokeInd, ncaRevokeIndividual(cert->serialHex, m_fx.issuedOn(cert->serialHex)));
        TIRKEU_VERIFY_OK(app);
        const qint64 revocationsBefore = count("revocations");
        TIRKEU_VERIFY_ERROR(engine().revokeFromApplication(m_fx.officerA, *app, secret()), ErrorCode::Conflict);
        QVERIFY(m_fx.reg->applications().approve(m_fx.officerB, *app).ok());
        TIRKEU_VERIFY_ERROR(engine().revokeFromApplication(m_fx.operatorA, *app, secret()), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(engine().revokeFromApplication(m_fx.officerA, issueApp, secret()), ErrorCode::Invalid);
        QCOMPARE(count("revocations"), revocationsBefore);

        auto done = engine().revokeFromApplication(m_fx.officerA, *app, secret());
        TIRKEU_VERIFY_OK(done);
        QCOMPARE(done->serials, QStringList{cert->serialHex});
        QCOMPARE(done->reasonCodes, QList<int>{1});
        QVERIFY2(done->crl.has_value(), qPrintable(done->crlProblem)); // the CA publishes into a folder
        QCOMPARE(applicationStatus(*app), QStringLiteral("done"));
        auto revoked = engine().certificate(m_fx.officerA, kNca, cert->serialHex);
        QCOMPARE(revoked->status, QStringLiteral("revoked"));
        QCOMPARE(revoked->reasonCode, 1);
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT application_id FROM revocations WHERE serial = ?"), {cert->serialHex})
                .toLongLong(),
            *app);
        // Carried out once only.
        TIRKEU_VERIFY_ERROR(engine().revokeFromApplication(m_fx.officerA, *app, secret()), ErrorCode::Conflict);
        QCOMPARE(CaEngine::reasonOfForm(QStringLiteral("damaged_key_media")), 0);
        QCOMPARE(CaEngine::reasonOfForm(QStringLiteral("affiliation_changed")), 3);
    }

    // Attack of session 32: B2, a legal entity's revocation application named a private individual's certificate
    // (its empty organisation was never compared with the form's BIN) and was carried out; B3, one officer revoked a
    // certificate citing a rejected application, for a reason the application did not give. An application names
    // what it revokes and why: at registration and when carried out, directly or through revokeFromApplication.
    void revocationApplicationsRevokeOnlyWhatTheyName() {
        const qint64 issueApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        auto cert = engine().issueFromCsr(m_fx.officerA, issueApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(cert);
        const qint64 otherApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        auto other = engine().issueFromCsr(m_fx.officerA, otherApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(other);
        const qint64 applications = count("applications");
        const qint64 revocations = count("revocations");

        // B2: a company's application for an individual's certificate, and an individual's form with another IIN.
        forms::Submission legal;
        legal.data = QJsonObject{{QStringLiteral("bin"), kBin},
                                 {QStringLiteral("org_name"), QStringLiteral("«Бөтен» ЖШС")},
                                 {QStringLiteral("short_name"), QStringLiteral("Бөтен ЖШС")},
                                 {QStringLiteral("region"), QStringLiteral("Ақмола облысы")},
                                 {QStringLiteral("city"), QStringLiteral("Көкшетау")},
                                 {QStringLiteral("phone"), QStringLiteral("87172123456")},
                                 {QStringLiteral("cert_serial"), cert->serialHex},
                                 {QStringLiteral("cert_issue_date"), m_fx.issuedOn(cert->serialHex)},
                                 {QStringLiteral("reason"), QStringLiteral("key_compromise")},
                                 {QStringLiteral("application_date"), QStringLiteral("2026-03-02")},
                                 {QStringLiteral("head_full_name"), QStringLiteral("Нұрланов Ерлан")}};
        auto stranger =
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, QStringLiteral("NCA-REVOKE-LEGAL"), legal);
        TIRKEU_VERIFY_ERROR(stranger, ErrorCode::Invalid);
        QVERIFY2(stranger.message().contains(QStringLiteral("does not belong to the applicant")),
                 qPrintable(stranger.message()));
        TIRKEU_VERIFY_ERROR(m_fx.reg->applications().submit(
                                m_fx.operatorA, kNca, kRevokeInd,
                                ncaRevokeIndividual(cert->serialHex, m_fx.issuedOn(cert->serialHex), kIinSecond)),
                            ErrorCode::Invalid);
        // ... and a CA's application in another CA's name for the National CA's certificate (or for a holder's).
        auto ncaCert = pki::Certificate::parse(caColumn("certificate_der", kNca).toByteArray());
        TIRKEU_VERIFY_OK(ncaCert);
        forms::Submission rootRevoke = rootIssue(QStringLiteral("Some Other CA"));
        for (const char* key : {"usage", "validity"})
            rootRevoke.data.remove(QLatin1String(key));
        rootRevoke.attachments.clear();
        rootRevoke.consent = false;
        rootRevoke.data.insert(QStringLiteral("full_name"), QStringLiteral("Оспанов Мұрат Серікұлы"));
        rootRevoke.data.insert(QStringLiteral("birth_date"), QStringLiteral("1980-05-04"));
        rootRevoke.data.insert(QStringLiteral("organisation"), QStringLiteral("«Басқа» ЖШС"));
        rootRevoke.data.insert(QStringLiteral("address"), QStringLiteral("Астана, Мәңгілік Ел 8"));
        rootRevoke.data.insert(QStringLiteral("phone"), QStringLiteral("87172123456"));
        rootRevoke.data.insert(QStringLiteral("reason"), QStringLiteral("key_compromise"));
        rootRevoke.data.insert(QStringLiteral("cert_serial"), ncaCert->serialHex());
        auto otherCa =
            m_fx.reg->applications().submit(m_fx.operatorA, kRoot, QStringLiteral("ROOT-REVOKE"), rootRevoke);
        TIRKEU_VERIFY_ERROR(otherCa, ErrorCode::Invalid);
        QVERIFY2(otherCa.message().contains(QStringLiteral("Some Other CA")), qPrintable(otherCa.message()));
        QCOMPARE(count("applications"), applications);
        // Named right, it is registered (and rejected here: the National CA stays as it is).
        rootRevoke.data.insert(QStringLiteral("ca_name"), m_fx.reg->cas().find(kNca)->name);
        auto rightCa =
            m_fx.reg->applications().submit(m_fx.operatorA, kRoot, QStringLiteral("ROOT-REVOKE"), rootRevoke);
        TIRKEU_VERIFY_OK(rightCa);
        QVERIFY(m_fx.reg->applications().reject(m_fx.officerB, *rightCa, QStringLiteral("ROOT-FALSE-INFO")).ok());

        // B3: Aliya asks for her certificate to be revoked as superseded; the application is rejected.
        forms::Submission superseded = ncaRevokeIndividual(cert->serialHex, m_fx.issuedOn(cert->serialHex));
        superseded.data.insert(QStringLiteral("reason"), QStringLiteral("superseded"));
        auto rejected = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kRevokeInd, superseded);
        TIRKEU_VERIFY_OK(rejected);
        QVERIFY(m_fx.reg->applications().reject(m_fx.officerB, *rejected, QStringLiteral("NCA-FORM-INCORRECT")).ok());
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = cert->serialHex;
        r.reasonCode = 4; // superseded
        r.basisKind = QStringLiteral("holder_application");
        r.applicationId = *rejected;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Conflict);
        // Approved: it revokes what it names for the reason it gives, not another certificate, not another reason.
        auto asked = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kRevokeInd, superseded);
        TIRKEU_VERIFY_OK(asked);
        r.applicationId = *asked;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Conflict); // not approved yet
        QVERIFY(m_fx.reg->applications().approve(m_fx.officerB, *asked).ok());
        // B19: nor is it closed as done while the certificate it names is not revoked on it.
        TIRKEU_VERIFY_ERROR(m_fx.reg->applications().markDone(m_fx.officerA, *asked), ErrorCode::Conflict);
        QCOMPARE(applicationStatus(*asked), QStringLiteral("approved"));
        r.reasonCode = 1; // key compromise
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Invalid);
        r.reasonCode = 4;
        r.serial = other->serialHex;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Invalid);
        r.applicationId = issueApp; // an issuance application is no basis
        r.serial = cert->serialHex;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Invalid);
        QCOMPARE(count("revocations"), revocations);
        r.applicationId = *asked;
        QVERIFY(engine().revoke(m_fx.officerA, r).ok());
        QCOMPARE(count("revocations"), revocations + 1);
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT application_id FROM revocations WHERE serial = ?"), {cert->serialHex})
                .toLongLong(),
            *asked);
        QVERIFY(m_fx.reg->applications().markDone(m_fx.officerA, *asked).ok());
    }

    // Attack of session 32, B23: a revocation form names the certificate by its serial number and its issue date; the
    // date was never compared, and a form saying 2010-01-01 revoked a certificate issued that day. The date is the
    // certificate's first day in Almaty: another is refused at registration, naming the real one, and when the
    // application is carried out (its form edited in between, or registered before the rule); the right one passes.
    void revocationFormGivesTheCertificatesIssueDate() {
        // Issued at 01:30 in Almaty, still the day before in UTC.
        const QDate day = m_fx.clock.now().toTimeZone(Clock::zone()).date().addDays(1);
        m_fx.clock.set(QDateTime(day, QTime(1, 30), Clock::zone()));
        const qint64 issueApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        auto cert = engine().issueFromCsr(m_fx.officerA, issueApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(cert);
        QCOMPARE(cert->notBefore.toUTC().date(), day.addDays(-1));
        QCOMPARE(m_fx.issuedOn(cert->serialHex), day.toString(Qt::ISODate));
        const qint64 applications = count("applications");
        const qint64 events = count("audit_events");

        for (const QString& wrong : {QStringLiteral("2010-01-01"), day.addDays(-1).toString(Qt::ISODate)}) {
            auto refused = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kRevokeInd,
                                                           ncaRevokeIndividual(cert->serialHex, wrong, kIinAliya, day));
            TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
            QVERIFY2(refused.message().contains(displayDate(day)) &&
                         refused.message().contains(displayDate(QDate::fromString(wrong, Qt::ISODate))) &&
                         refused.message().contains(cert->serialHex),
                     qPrintable(refused.message()));
        }
        QCOMPARE(count("applications"), applications);
        QCOMPARE(count("audit_events"), events);

        // Named right: registered and approved; then the stored form says another date.
        auto app = m_fx.reg->applications().submit(
            m_fx.operatorA, kNca, kRevokeInd,
            ncaRevokeIndividual(cert->serialHex, day.toString(Qt::ISODate), kIinAliya, day));
        TIRKEU_VERIFY_OK(app);
        QVERIFY(m_fx.reg->applications().approve(m_fx.officerB, *app).ok());
        const QString stored =
            m_fx.scalar(QStringLiteral("SELECT data FROM applications WHERE id = ?"), {*app}).toString();
        QJsonObject edited = QJsonDocument::fromJson(stored.toUtf8()).object();
        edited.insert(QStringLiteral("cert_issue_date"), QStringLiteral("2010-01-01"));
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE applications SET data = ? WHERE id = ?"),
                                   {QString::fromUtf8(QJsonDocument(edited).toJson(QJsonDocument::Compact)), *app}));
        const qint64 revocations = count("revocations");
        auto carried = engine().revokeFromApplication(m_fx.officerA, *app, secret());
        TIRKEU_VERIFY_ERROR(carried, ErrorCode::Invalid);
        QVERIFY2(carried.message().contains(displayDate(day)), qPrintable(carried.message()));
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = cert->serialHex;
        r.reasonCode = 1; // key compromise, as the form asks
        r.basisKind = QStringLiteral("holder_application");
        r.applicationId = *app;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Invalid);
        QCOMPARE(count("revocations"), revocations);
        QCOMPARE(applicationStatus(*app), QStringLiteral("approved"));
        QCOMPARE(engine().certificate(m_fx.officerA, kNca, cert->serialHex)->status, QStringLiteral("valid"));

        // The form as registered: carried out.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE applications SET data = ? WHERE id = ?"), {stored, *app}));
        auto done = engine().revokeFromApplication(m_fx.officerA, *app, secret());
        TIRKEU_VERIFY_OK(done);
        QCOMPARE(done->serials, QStringList{cert->serialHex});
        QCOMPARE(count("revocations"), revocations + 1);
        QCOMPARE(applicationStatus(*app), QStringLiteral("done"));
    }

    // Attack of session 29 (F6): the Root revoked the National CA's certificate (CA compromise) and the National
    // CA went on issuing to holders and certifying a new OCSP signer. Its key certifies nothing now: one by one, in
    // a batch and as an OCSP signer, refused with the revocation named; nothing recorded, the approved application
    // waits. Last: the National CA's certificate stays revoked.
    // Attack of session 33, C1: a re-issue named a certificate without a person or an organisation — the CA's OCSP
    // signer, the National CA's own certificate at the root — or an individual's certificate from a company's form,
    // and issuing it revoked that certificate as superseded. A re-issue replaces the certificate of the holder the
    // form names, issued on the same kind of application.
    void reissueReplacesOnlyTheHoldersOwnCertificate() {
        const qint64 issueApp = approved(kNca, kIssueInd, ncaIssueIndividual());
        auto person = engine().issueFromCsr(m_fx.officerA, issueApp, holderCsr(), secret());
        TIRKEU_VERIFY_OK(person);
        OcspSignerRequest signer;
        signer.caCode = kNca;
        signer.keyOut = path("nca-signer-c1.p8");
        signer.passphrase = kHolderPassword + kHolderPassword;
        signer.caKeySecret = secret();
        TIRKEU_VERIFY_OK(OcspSigning(*m_fx.reg).init(m_fx.admin, signer));
        const QString signerSerial =
            m_fx.scalar(QStringLiteral("SELECT serial FROM certificates WHERE profile = ? ORDER BY id DESC"),
                        {QString::fromLatin1(OcspStatus::kSignerProfile)})
                .toString();
        QVERIFY(!signerSerial.isEmpty());
        auto ncaCert = pki::Certificate::parse(caColumn("certificate_der", kNca).toByteArray());
        TIRKEU_VERIFY_OK(ncaCert);
        const qint64 applications = count("applications");
        Applications& apps = m_fx.reg->applications();

        // A company (its BIN, the person's IIN) replacing the individual's certificate.
        auto company =
            apps.submitReplacement(m_fx.operatorA, kNca, person->serialHex, QStringLiteral("NCA-ISSUE-LEGAL"),
                                   ncaIssueLegal(QStringLiteral("Бөтен ЖШС"), kBin, kIinAliya));
        TIRKEU_VERIFY_ERROR(company, ErrorCode::Invalid);
        // Anyone's individual form replacing the OCSP signer.
        auto ocsp =
            apps.submitReplacement(m_fx.operatorA, kNca, signerSerial, kIssueInd,
                                   ncaIssueIndividual(kIinThird, QStringLiteral("Бөтенов"), QStringLiteral("Ерлан")));
        TIRKEU_VERIFY_ERROR(ocsp, ErrorCode::Invalid);
        QVERIFY2(ocsp.message().contains(signerSerial), qPrintable(ocsp.message()));
        // Another CA's application replacing the National CA's certificate at the root.
        auto otherCa = apps.submitReplacement(m_fx.operatorA, kRoot, ncaCert->serialHex(), QStringLiteral("ROOT-ISSUE"),
                                              rootIssue(QStringLiteral("Stranger CA")));
        TIRKEU_VERIFY_ERROR(otherCa, ErrorCode::Invalid);
        QVERIFY2(otherCa.message().contains(QStringLiteral("Stranger CA")), qPrintable(otherCa.message()));
        QCOMPARE(count("applications"), applications);

        // Registered before the rule (its replaced certificate set by hand): issuing it with the replaced certificate
        // revoked is refused, nothing revoked or issued.
        const qint64 stranger = approved(
            kNca, kIssueInd, ncaIssueIndividual(kIinThird, QStringLiteral("Бөтенов"), QStringLiteral("Ерлан")));
        QVERIFY(stranger > 0);
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE applications SET replaces_certificate_id = (SELECT id FROM "
                                                  "certificates WHERE serial = ?) WHERE id = ?"),
                                   {signerSerial, stranger}));
        const qint64 certificates = count("certificates");
        const qint64 revocations = count("revocations");
        IssueOptions opts;
        opts.revokeReplaced = true;
        auto refused = engine().issueFromCsr(m_fx.officerA, stranger, holderCsr(), secret(), opts);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QCOMPARE(count("certificates"), certificates);
        QCOMPARE(count("revocations"), revocations);

        // The holder's own re-issue still works.
        auto own = apps.submitReplacement(m_fx.operatorA, kNca, person->serialHex, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(own);
    }

    void aCaWhoseCertificateIsRevokedCertifiesNothing() {
        const qint64 app = approved(kNca, kIssueInd, ncaIssueIndividual(kIinThird));
        QVERIFY(app > 0);
        auto ncaCert = pki::Certificate::parse(caColumn("certificate_der", kNca).toByteArray());
        TIRKEU_VERIFY_OK(ncaCert);
        auto before = m_fx.reg->cas().certificateState(*m_fx.reg->cas().find(kNca));
        TIRKEU_VERIFY_OK(before);
        QCOMPARE(before->kind, CaCertificateState::Kind::Valid);
        QCOMPARE(before->notAfter, ncaCert->notAfter());
        RevokeRequest r;
        r.caCode = kRoot;
        r.serial = ncaCert->serialHex();
        r.reasonCode = 2; // CA compromise
        r.basisKind = QStringLiteral("holder_application");
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, r));
        // Lists show it (ca list, the GUI's CA table), not only the refusals.
        auto after = m_fx.reg->cas().certificateState(*m_fx.reg->cas().find(kNca));
        TIRKEU_VERIFY_OK(after);
        QCOMPARE(after->kind, CaCertificateState::Kind::Revoked);
        QCOMPARE(after->revokedBy, kRoot);
        QCOMPARE(after->reason, 2);
        QCOMPARE(after->revokedAt, m_fx.clock.now());
        const QString shown = CaDirectory::describe(*after);
        QVERIFY2(shown.contains(u"revoked") && shown.contains(kRoot) && shown.contains(u"ca_compromise"),
                 qPrintable(shown));
        const qint64 certificates = count("certificates");
        const qint64 events = count("audit_events");

        auto one = engine().issueFromCsr(m_fx.officerA, app, holderCsr(), secret());
        TIRKEU_VERIFY_ERROR(one, ErrorCode::Conflict);
        QVERIFY2(one.message().contains(ncaCert->serialHex()) && one.message().contains(kRoot),
                 qPrintable(one.message()));
        std::vector<BatchItem> batch(1);
        batch[0].applicationId = app;
        batch[0].csr = holderCsr();
        auto many = engine().issueBatchFromCsrs(m_fx.officerA, batch, secret());
        TIRKEU_VERIFY_OK(many);
        QCOMPARE(many->issued, 0);
        QCOMPARE(many->items.at(0).outcome, BatchOutcome::Refused);
        QCOMPARE(many->items.at(0).code, ErrorCode::Conflict);

        OcspSignerRequest signer;
        signer.caCode = kNca;
        signer.keyOut = path("nca-signer-after-compromise.p8");
        signer.passphrase = kHolderPassword + kHolderPassword;
        signer.caKeySecret = secret();
        TIRKEU_VERIFY_ERROR(OcspSigning(*m_fx.reg).init(m_fx.admin, signer), ErrorCode::Conflict);
        QVERIFY(!QFile::exists(signer.keyOut));
        TIRKEU_VERIFY_ERROR(OcspSigning(*m_fx.reg).renew(m_fx.admin, kNca, secret(), 30, 7, true), ErrorCode::Conflict);
        QCOMPARE(count("certificates"), certificates);
        QCOMPARE(count("audit_events"), events);
        QCOMPARE(applicationStatus(app), QStringLiteral("approved"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineHoldersTest)
#include "tst_caengine_holders.moc"
