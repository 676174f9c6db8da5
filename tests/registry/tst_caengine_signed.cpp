// CaEngine extras: the CA key backup among custodians (any 3 of 5 shares restore it, 2 or altered
// shares never do, the restored key signs a CRL that OpenSSL verifies), the holder's signed electronic
// revocation application (real CMS made with the holder's key; every kind of wrong request refused with
// its own reason and nothing written), and the CA certificate for export. The tests build on each other
// in one register (declaration order).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/CmsSign.h"
#include "pki/Csr.h"
#include "pki/KeyBackup.h"
#include "pki/KeyGenerator.h"
#include "pki/SecretSharing.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QObject>
#include <QProcess>
#include <QStandardPaths>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

const QString kNewPassphrase = QStringLiteral("Қалпына-келтірілген-кілт-2026");

// A holder's certificate together with the private key only the holder has.
struct Holder {
    pki::EvpPkeyPtr key;
    QByteArray der;
    QString serial;
    pki::X509Ptr x509() const { return pki::Certificate::parse(der)->toX509(); }
};

// The electronic application as a holder's software would send it.
QByteArray revocationRequest(const QString& form, const QJsonObject& data) {
    return QJsonDocument(QJsonObject{{QStringLiteral("form"), form}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

QByteArray sign(const QByteArray& content, const Holder& h) {
    auto cms = pki::CmsSign::sign(content, h.x509().get(), h.key.get());
    return cms ? *cms : QByteArray();
}

} // namespace

class CaEngineSignedTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_caPassphrase = kCaPassphrase;
    pki::KeyBackup::Written m_backup;
    Holder m_aliya1;  // signs the first (valid) request, for itself
    Holder m_aliya2;  // Aliya's second certificate
    Holder m_yerlan;  // another person's certificate
    Holder m_legal;   // Yerlan's legal-entity certificate (BIN)
    Holder m_foreign; // Aliya's IIN, issued by a CA outside the register

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    // A revocation form naming `serial` with the day it was issued (B23), as a holder's software would fill it in.
    QByteArray individualRequest(const QString& serial, const QString& iin = kIinAliya) {
        return revocationRequest(kRevokeInd, ncaRevokeIndividual(serial, m_fx.issuedOn(serial), iin).data);
    }

    QByteArray legalRequest(const QString& serial, const QString& bin = kBin) {
        const QJsonObject data{
            {QStringLiteral("bin"), bin},
            {QStringLiteral("org_name"), QStringLiteral("«Жарық» жауапкершілігі шектеулі серіктестігі")},
            {QStringLiteral("short_name"), QStringLiteral("Жарық ЖШС")},
            {QStringLiteral("region"), QStringLiteral("Ақмола облысы")},
            {QStringLiteral("city"), QStringLiteral("Көкшетау")},
            {QStringLiteral("phone"), QStringLiteral("87172123456")},
            {QStringLiteral("cert_serial"), serial},
            {QStringLiteral("cert_issue_date"), m_fx.issuedOn(serial)},
            {QStringLiteral("reason"), QStringLiteral("affiliation_changed")},
            {QStringLiteral("application_date"), QStringLiteral("2026-03-02")},
            {QStringLiteral("head_full_name"), QStringLiteral("Нұрланов Ерлан")}};
        return revocationRequest(QStringLiteral("NCA-REVOKE-LEGAL"), data);
    }

    // Seed 001 §5: for a state CA the shares go to the informatisation authority, the national security
    // bodies and the CA itself.
    static QList<KeyCustodian> custodians(int n = 5) {
        const QList<KeyCustodian> all{
            {QStringLiteral("Ахметов Серік"), QStringLiteral("ЦДИАӨМ, бас сарапшы")},
            {QStringLiteral("Бекова Динара"), QStringLiteral("ҰҚК, бөлім басшысы")},
            {QStringLiteral("Жұмабаев Арман"), QStringLiteral("КО, қауіпсіздік әкімшісі")},
            {QStringLiteral("Иванова Ольга"), QStringLiteral("КО, бас инженер")},
            {QStringLiteral("Нұрланов Ерлан"), QStringLiteral("КО, директор")},
            {QStringLiteral("Сейітов Бауыржан"), QStringLiteral("КО, маман")},
        };
        return all.mid(0, n);
    }
    QString keyPath() const { return m_out.filePath(QStringLiteral("nca-key.p8")); }
    QString backupDir() const { return m_out.filePath(QStringLiteral("backup")); }
    QString share(int i) const {
        return QDir(backupDir()).filePath(QStringLiteral("%1.share-%2-of-5").arg(kNca).arg(i));
    }
    QString backupFile() const { return QDir(backupDir()).filePath(kNca + QStringLiteral(".backup")); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(m_caPassphrase); }
    qint64 count(const char* table) { return m_fx.count(QString::fromLatin1(table)); }
    QString caKeyFingerprint() {
        return pki::Certificate::parse(m_fx.reg->cas().find(kNca)->certificateDer)->publicKeyFingerprint();
    }

    // What a refusal must leave untouched.
    struct Counts {
        qint64 applications, revocations, events, history;
        bool operator==(const Counts&) const = default;
    };
    Counts counts() {
        return {count("applications"), count("revocations"), count("audit_events"), count("application_history")};
    }

    Holder issue(const forms::Submission& s, const QString& form) {
        Holder h;
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return h;
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinAliya));
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, form, s);
        if (!csr || !id || !m_fx.reg->applications().approve(m_fx.officerB, *id)) {
            qWarning("cannot prepare an application: %s", id ? "" : qPrintable(id.message()));
            return h;
        }
        auto issued = engine().issueFromCsr(m_fx.officerA, *id, *csr, secret());
        if (!issued) {
            qWarning("%s", qPrintable(issued.message()));
            return h;
        }
        h.key = std::move(key.value());
        h.der = issued->der;
        h.serial = issued->serialHex;
        return h;
    }

    // The refusal of a signed request: its code, a message naming `reason`, and nothing written.
    void expectRefused(const QByteArray& cms, ErrorCode code, const QString& reason, const QString& caCode = {}) {
        const Counts before = counts();
        const QString aliya2Status =
            m_fx.scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {m_aliya2.serial})
                .toString();
        auto r = engine().revokeSigned(m_fx.officerA, cms, caCode);
        TIRKEU_VERIFY_ERROR(r, code);
        QVERIFY2(r.message().contains(reason), qPrintable(r.message()));
        QVERIFY(counts() == before);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {m_aliya2.serial})
                     .toString(),
                 aliya2Status);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(
            engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::Rsa2048, keyPath(), kCaPassphrase, 10));
    }

    void innerTransactionJoinsAndRollsBackWithTheOuterOne() {
        Database& db = m_fx.reg->db();
        TIRKEU_VERIFY_OK(db.execScript(QStringLiteral("CREATE TEMP TABLE joined_probe (x INTEGER)")));
        {
            Transaction outer(db);
            QVERIFY(outer.ok() && !outer.joined());
            {
                Transaction inner(db);
                QVERIFY(inner.ok() && inner.joined());
                TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO joined_probe VALUES (1)")));
                TIRKEU_VERIFY_OK(inner.commit()); // leaves the decision to the outer transaction
            }
            QVERIFY(db.inTransaction());
        } // the outer one is not committed: everything is rolled back
        QVERIFY(!db.inTransaction());
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM joined_probe")).toInt(), 0);
        {
            Transaction outer(db);
            Transaction inner(db);
            TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO joined_probe VALUES (2)")));
            TIRKEU_VERIFY_OK(inner.commit());
            TIRKEU_VERIFY_OK(outer.commit());
        }
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM joined_probe")).toInt(), 1);
    }

    // ---- key backup ----

    void backupNeedsTheRightToBackUpKeys() {
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.officerA, kNca, backupDir(), 5, 3, custodians(), secret()),
                            ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 2, 3, custodians(2), secret()),
                            ErrorCode::Usage);
        // Seed 001 §5: not less than 3 of 5 — 2 of 2, 2 of 5 and 3 of 4 are refused.
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 2, 2, custodians(2), secret()),
                            ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 2, custodians(), secret()),
                            ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 4, 3, custodians(4), secret()),
                            ErrorCode::Invalid);
        // Each share has its own named custodian, with a position.
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, custodians(4), secret()),
                            ErrorCode::Usage);
        QList<KeyCustodian> noPosition = custodians();
        noPosition[2].position = QStringLiteral("  ");
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, noPosition, secret()),
                            ErrorCode::Usage);
        QList<KeyCustodian> twice = custodians();
        twice[4].name = twice[0].name;
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, twice, secret()), ErrorCode::Usage);
        // Attack of session 32, B12: nor the same person spelled with letters of another alphabet that look alike
        // (every word in one alphabet: "Ахметов" in Cyrillic, "CEPIK" all Latin), nor a word mixing alphabets.
        twice[4].name = QStringLiteral("Ахметов \u0421\u0415\u0420\u0406\u041A");
        twice[0].name = QStringLiteral("Ахметов CEPIK");
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, twice, secret()), ErrorCode::Usage);
        twice[0].name = QStringLiteral("Ахмет\u043Ev Серік");
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, twice, secret()),
                            ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, custodians(),
                                               pki::SecretSource::literal(QStringLiteral("not the passphrase"))),
                            ErrorCode::Crypto);
        QVERIFY(!QFile::exists(backupFile()));
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.key_backup'")).toInt(),
            0);
    }

    void backupWritesEncryptedKeyAndOneShareEach() {
        auto b = engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, custodians(), secret());
        TIRKEU_VERIFY_OK(b);
        QCOMPARE(b->backupFile, backupFile());
        QCOMPARE(b->shareFiles.size(), 5);
        QCOMPARE(b->fingerprint, caKeyFingerprint());
        for (int i = 1; i <= 5; ++i) {
            QCOMPARE(b->shareFiles[i - 1], share(i));
            QCOMPARE(QFile::permissions(share(i)) &
                         ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                     QFileDevice::Permissions());
            auto parsed = pki::ShareFile::read(share(i));
            TIRKEU_VERIFY_OK(parsed);
            QCOMPARE(parsed->share.index, i);
            QCOMPARE(parsed->threshold, 3);
            QCOMPARE(parsed->backupId, b->backupId);
        }
        // Neither the key nor its PKCS#8 form appears in clear.
        const QByteArray text = readFile(backupFile());
        QVERIFY(text.startsWith("TIRKEU-BACKUP v1"));
        QVERIFY(!text.contains("PRIVATE KEY"));
        auto events = m_fx.reg->audit().events(kNca);
        TIRKEU_VERIFY_OK(events);
        QCOMPARE(events->first().type, QStringLiteral("ca.key_backup"));
        QCOMPARE(events->first().details.value(QStringLiteral("backup")).toString(), b->backupId);
        QCOMPARE(events->first().details.value(QStringLiteral("threshold")).toInt(), 3);
        // Each share's custodian is in the event (name, position, share number).
        const QJsonArray held = events->first().details.value(QStringLiteral("custodians")).toArray();
        QCOMPARE(held.size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(held.at(i)[QStringLiteral("share")].toInt(), i + 1);
            QCOMPARE(held.at(i)[QStringLiteral("name")].toString(), custodians().at(i).name);
            QCOMPARE(held.at(i)[QStringLiteral("position")].toString(), custodians().at(i).position);
        }
        QCOMPARE(b->custodians.size(), 5);

        // A second backup into the same folder never overwrites the first.
        const qint64 before = count("audit_events");
        TIRKEU_VERIFY_ERROR(engine().backupKey(m_fx.admin, kNca, backupDir(), 5, 3, custodians(), secret()),
                            ErrorCode::Conflict);
        QCOMPARE(count("audit_events"), before);
        QCOMPARE(readFile(backupFile()), text);
    }

    void anyThreeSharesRestoreTheKey() {
        for (const QList<int>& set : {QList<int>{1, 3, 5}, QList<int>{2, 4, 5}}) {
            QStringList files;
            for (int i : set)
                files << share(i);
            const QString out =
                m_out.filePath(QStringLiteral("restored-%1%2%3.p8").arg(set[0]).arg(set[1]).arg(set[2]));
            auto r = engine().restoreKey(m_fx.admin, kNca, backupFile(), files, out,
                                         pki::SecretSource::literal(kNewPassphrase));
            TIRKEU_VERIFY_OK(r);
            QCOMPARE(r->sharesUsed, set);
            QCOMPARE(r->keyFile, out);
            QVERIFY(!r->activated);
            QVERIFY(readFile(out).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
            // The new passphrase opens it, and it is the key of the CA certificate.
            auto key = pki::CaKey::open(out, pki::SecretSource::literal(kNewPassphrase));
            TIRKEU_VERIFY_OK(key);
            QCOMPARE(key.value()->fingerprint(), caKeyFingerprint());
            TIRKEU_VERIFY_ERROR(pki::CaKey::open(out, pki::SecretSource::literal(kCaPassphrase)), ErrorCode::Crypto);
        }
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.key_restored'"))
                     .toInt(),
                 2);
        // The register still names the original key.
        QCOMPARE(m_fx.reg->cas().find(kNca)->keyUri, QStringLiteral("file:") + keyPath());
    }

    void twoSharesRestoreNothing() {
        const qint64 events = count("audit_events");
        const QString out = m_out.filePath(QStringLiteral("two-shares.p8"));
        auto r = engine().restoreKey(m_fx.admin, kNca, backupFile(), {share(2), share(4)}, out,
                                     pki::SecretSource::literal(kNewPassphrase));
        TIRKEU_VERIFY_ERROR(r, ErrorCode::Invalid);
        QVERIFY2(r.message().contains(QStringLiteral("needs 3")), qPrintable(r.message()));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(count("audit_events"), events);
        // Nor does the same share given three times.
        TIRKEU_VERIFY_ERROR(engine().restoreKey(m_fx.admin, kNca, backupFile(), {share(2), share(2), share(4)}, out,
                                                pki::SecretSource::literal(kNewPassphrase)),
                            ErrorCode::Invalid);
        QVERIFY(!QFile::exists(out));
    }

    void tamperedShareIsRefused() {
        const qint64 events = count("audit_events");
        const QString out = m_out.filePath(QStringLiteral("tampered.p8"));
        // A damaged share: caught by its checksum.
        QByteArray damaged = readFile(share(3));
        const qsizetype at = damaged.indexOf("share: ") + 9;
        damaged[at] = damaged.at(at) == 'A' ? 'B' : 'A';
        const QString damagedPath = m_out.filePath(QStringLiteral("damaged-share"));
        QVERIFY(writeFile(damagedPath, damaged));
        TIRKEU_VERIFY_ERROR(engine().restoreKey(m_fx.admin, kNca, backupFile(), {share(1), damagedPath, share(5)}, out,
                                                pki::SecretSource::literal(kNewPassphrase)),
                            ErrorCode::Invalid);
        // A deliberately altered share with a recomputed checksum: caught by the authenticated encryption.
        auto forged = pki::ShareFile::read(share(3));
        TIRKEU_VERIFY_OK(forged);
        forged->share.data[0] = char(forged->share.data.at(0) ^ 0x01);
        const QString forgedPath = m_out.filePath(QStringLiteral("forged-share"));
        QVERIFY(writeFile(forgedPath, forged->toText()));
        auto r = engine().restoreKey(m_fx.admin, kNca, backupFile(), {share(1), forgedPath, share(5)}, out,
                                     pki::SecretSource::literal(kNewPassphrase));
        TIRKEU_VERIFY_ERROR(r, ErrorCode::Integrity);
        QVERIFY2(r.message().contains(QStringLiteral("altered")), qPrintable(r.message()));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(count("audit_events"), events);
    }

    void restoreRefusesWeakPassphraseAndOtherCasBackup() {
        const QString out = m_out.filePath(QStringLiteral("refused.p8"));
        const QStringList three{share(1), share(2), share(3)};
        TIRKEU_VERIFY_ERROR(engine().restoreKey(m_fx.admin, kNca, backupFile(), three, out,
                                                pki::SecretSource::literal(QStringLiteral("short"))),
                            ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(engine().restoreKey(m_fx.officerA, kNca, backupFile(), three, out,
                                                pki::SecretSource::literal(kNewPassphrase)),
                            ErrorCode::Forbidden);
        // GOV has no certificate; a backup of NCA's key is not GOV's either way.
        TIRKEU_VERIFY_ERROR(
            engine().restoreKey(m_fx.admin, kGov, backupFile(), three, out, pki::SecretSource::literal(kNewPassphrase)),
            ErrorCode::Conflict);
        QVERIFY(!QFile::exists(out));
    }

    // ---- the signed electronic revocation application ----

    void holdersGetTheirCertificates() {
        m_aliya1 = issue(ncaIssueIndividual(), kIssueInd);
        m_aliya2 = issue(ncaIssueIndividual(), kIssueInd);
        m_yerlan =
            issue(ncaIssueIndividual(kIinSecond, QStringLiteral("Нұрланов"), QStringLiteral("Ерлан")), kIssueInd);
        m_legal = issue(ncaIssueLegal(), kIssueLegal);
        for (const Holder* h : {&m_aliya1, &m_aliya2, &m_yerlan, &m_legal})
            QVERIFY(!h->serial.isEmpty() && h->key);

        // A look-alike of Aliya's certificate (same subject and IIN) from a CA outside the register.
        auto foreignCaKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(foreignCaKey);
        pki::CertificateSpec caSpec;
        caSpec.subject = pki::SubjectName::ca(QStringLiteral("Жалған орталық"), QStringLiteral("Жалған"));
        caSpec.profile = pki::Profile(pki::ProfileKind::RootCa);
        caSpec.notBefore = m_fx.clock.now().addDays(-1);
        caSpec.notAfter = caSpec.notBefore.addYears(5);
        auto foreignCaDer = pki::CertificateBuilder::build(caSpec, nullptr, nullptr, foreignCaKey->get());
        TIRKEU_VERIFY_OK(foreignCaDer);
        auto holderKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(holderKey);
        const auto aliya = pki::Certificate::parse(m_aliya2.der);
        pki::CertificateSpec spec;
        spec.subject = aliya->subject();
        spec.profile = pki::Profile(pki::ProfileKind::IndividualSign);
        spec.serial = aliya->serial(); // even the serial number of a real certificate
        spec.notBefore = caSpec.notBefore;
        spec.notAfter = caSpec.notBefore.addYears(1);
        auto foreignCa = pki::Certificate::parse(*foreignCaDer)->toX509();
        auto der = pki::CertificateBuilder::build(spec, holderKey->get(), foreignCa.get(), foreignCaKey->get());
        TIRKEU_VERIFY_OK(der);
        m_foreign.key = std::move(holderKey.value());
        m_foreign.der = *der;
        m_foreign.serial = aliya->serialHex();
    }

    void tamperedRequestIsRefused() {
        QByteArray cms = sign(individualRequest(m_aliya2.serial), m_aliya2);
        QVERIFY(!cms.isEmpty());
        const qsizetype at = cms.indexOf("key_compromise");
        QVERIFY(at > 0);
        cms.replace(at, 14, "superseded\",\"x"); // same length, different content
        expectRefused(cms, ErrorCode::Invalid, QStringLiteral("signature"));
        expectRefused("not a CMS message", ErrorCode::Invalid, QStringLiteral("CMS"));
    }

    void requestWithoutRevocationFormIsRefused() {
        expectRefused(sign("{\"hello\": 1}", m_aliya2), ErrorCode::Invalid, QStringLiteral("not a revocation"));
        expectRefused(sign(revocationRequest(kIssueInd, ncaIssueIndividual().data), m_aliya2), ErrorCode::Invalid,
                      kIssueInd);
    }

    // The holder's signed text gives a field twice (attack of session 27, F10): a reader taking the first value
    // reads "unspecified", QJsonDocument the last ("key_compromise"). Refused naming the field, as --data is.
    void requestGivingAFieldTwiceIsRefused() {
        const QByteArray once = individualRequest(m_aliya2.serial);
        const QByteArray field = "\"reason\":\"key_compromise\"";
        QVERIFY(once.contains(field));
        QByteArray twice = once;
        QByteArray first = "\"reason\":\"unspecified\",";
        first += field;
        twice.replace(field, first);
        expectRefused(sign(twice, m_aliya2), ErrorCode::Invalid, QStringLiteral("reason"));
        // The same key written with an escape is the same key.
        QByteArray escaped = once;
        escaped.replace(field, "\"reason\":\"unspecified\",\"\\u0072eason\":\"key_compromise\"");
        expectRefused(sign(escaped, m_aliya2), ErrorCode::Invalid, QStringLiteral("twice"));
    }

    void signerFromAnotherCaIsRefused() {
        expectRefused(sign(individualRequest(m_aliya2.serial), m_foreign), ErrorCode::Forbidden,
                      QStringLiteral("not issued by a CA of this register"));
        // A certificate of this register, but the request is addressed to another CA.
        expectRefused(sign(individualRequest(m_aliya2.serial), m_aliya2), ErrorCode::Forbidden,
                      QStringLiteral("not issued by the CA GOV"), kGov);
    }

    void otherPersonsCertificateIsRefused() {
        // Aliya asks, in her own name, to revoke Yerlan's certificate.
        expectRefused(sign(individualRequest(m_yerlan.serial), m_aliya2), ErrorCode::Forbidden,
                      QStringLiteral("does not belong to the signer"));
        // Aliya fills in Yerlan's IIN: the signature is hers, not his.
        expectRefused(sign(individualRequest(m_yerlan.serial, kIinSecond), m_aliya2), ErrorCode::Forbidden,
                      QStringLiteral("signed with a certificate of IIN %1").arg(kIinAliya));
        // A legal entity's certificate is revoked on the entity's request, signed with its certificate.
        expectRefused(sign(legalRequest(m_legal.serial), m_aliya2), ErrorCode::Forbidden,
                      QStringLiteral("names no BIN"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {m_yerlan.serial})
                     .toString(),
                 QStringLiteral("valid"));
    }

    void holdersSignedRequestRevokes() {
        m_fx.clock.advanceSecs(3600);
        const QByteArray cms = sign(individualRequest(m_aliya1.serial), m_aliya1);
        TIRKEU_VERIFY_ERROR(engine().revokeSigned(m_fx.operatorA, cms), ErrorCode::Forbidden);
        const Counts before = counts();
        auto r = engine().revokeSigned(m_fx.officerA, cms);
        TIRKEU_VERIFY_OK(r);
        QCOMPARE(r->caCode, kNca);
        QCOMPARE(r->serialHex, m_aliya1.serial);
        QCOMPARE(r->signerSerialHex, m_aliya1.serial);
        QCOMPARE(r->holder, kIinAliya);
        QCOMPARE(r->formCode, kRevokeInd);
        QCOMPARE(r->reasonCode, 1); // key_compromise on the form
        QCOMPARE(r->cmsSha256, QString::fromLatin1(QCryptographicHash::hash(cms, QCryptographicHash::Sha256).toHex()));

        auto rec = engine().certificate(m_fx.auditor, kNca, m_aliya1.serial);
        TIRKEU_VERIFY_OK(rec);
        QCOMPARE(rec->status, QStringLiteral("revoked"));
        QCOMPARE(rec->reasonCode, 1);
        QCOMPARE(rec->basisKind, QStringLiteral("holder_application"));
        QVERIFY2(rec->basisDocument.contains(r->cmsSha256), qPrintable(rec->basisDocument));
        QCOMPARE(rec->revokedAt, m_fx.clock.now());
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT application_id FROM revocations WHERE serial = ?"), {m_aliya1.serial})
                .toLongLong(),
            r->applicationId);

        // The application is in the register, registered and done by the officer, with its form data.
        auto app = m_fx.reg->applications().get(m_fx.auditor, r->applicationId);
        TIRKEU_VERIFY_OK(app);
        QCOMPARE(app->formCode, kRevokeInd);
        QCOMPARE(app->status, ApplicationStatus::Done);
        QCOMPARE(app->data.value(QStringLiteral("cert_serial")).toString(), m_aliya1.serial);
        QCOMPARE(app->registeredBy, m_fx.officerA.login);
        auto history = m_fx.reg->applications().history(m_fx.auditor, r->applicationId);
        TIRKEU_VERIFY_OK(history);
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->last().status, ApplicationStatus::Done);

        // Audit: registered, done (with the request's digest and signer), revoked; chain intact.
        const Counts after = counts();
        QCOMPARE(after.applications, before.applications + 1);
        QCOMPARE(after.revocations, before.revocations + 1);
        QCOMPARE(after.events, before.events + 3);
        QCOMPARE(m_fx.reg->audit().events(m_aliya1.serial)->first().type, QStringLiteral("certificate.revoked"));
        auto holderEvents = m_fx.reg->audit().events(kIinAliya);
        TIRKEU_VERIFY_OK(holderEvents);
        QCOMPARE(holderEvents->first().type, QStringLiteral("application.done"));
        QCOMPARE(holderEvents->first().details.value(QStringLiteral("cms_sha256")).toString(), r->cmsSha256);
        QCOMPARE(holderEvents->first().details.value(QStringLiteral("signer_certificate")).toString(), m_aliya1.serial);
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);

        // The same request again: the certificate is revoked now, and so is the signer's.
        expectRefused(cms, ErrorCode::Forbidden, QStringLiteral("is revoked"));
    }

    void revokedSignerIsRefused() {
        // Aliya's first certificate is revoked: it cannot ask for anything any more, even for her second one.
        expectRefused(sign(individualRequest(m_aliya2.serial), m_aliya1), ErrorCode::Forbidden,
                      QStringLiteral("the signer's certificate %1 is revoked").arg(m_aliya1.serial));
    }

    // Attack of session 32, B8: an employee's certificate of the same BIN signed the legal entity's application for
    // the first head's certificate, which was revoked at once. An employee asks only for its own certificate; the
    // first head (m_legal) for any of the organisation's.
    void legalEntitysEmployeeRevokesOnlyItsOwn() {
        forms::Submission employeeForm = ncaIssueLegal(QStringLiteral("Жарық ЖШС"), kBin, kIinThird);
        employeeForm.data.insert(QStringLiteral("role"), QStringLiteral("employee"));
        employeeForm.data.insert(QStringLiteral("surname"), QStringLiteral("Әбішев"));
        employeeForm.data.insert(QStringLiteral("name"), QStringLiteral("Дәулет"));
        const Holder employee = issue(employeeForm, kIssueLegal);
        QVERIFY(!employee.serial.isEmpty() && employee.key);
        const qint64 revocations = m_fx.count(QStringLiteral("revocations"));
        expectRefused(sign(legalRequest(m_legal.serial), employee), ErrorCode::Forbidden, QStringLiteral("first head"));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), revocations);
        QCOMPARE(engine().certificate(m_fx.auditor, kNca, m_legal.serial)->status, QStringLiteral("valid"));
        auto byHead = engine().revokeSigned(m_fx.officerB, sign(legalRequest(employee.serial), m_legal), kNca);
        TIRKEU_VERIFY_OK(byHead);
        QCOMPARE(engine().certificate(m_fx.auditor, kNca, employee.serial)->status, QStringLiteral("revoked"));
    }

    void legalEntitysSignedRequestRevokes() {
        auto r = engine().revokeSigned(m_fx.officerB, sign(legalRequest(m_legal.serial), m_legal), kNca);
        TIRKEU_VERIFY_OK(r);
        QCOMPARE(r->holder, kBin);
        QCOMPARE(r->formCode, QStringLiteral("NCA-REVOKE-LEGAL"));
        QCOMPARE(r->reasonCode, 3); // affiliation_changed
        QCOMPARE(engine().certificate(m_fx.auditor, kNca, m_legal.serial)->status, QStringLiteral("revoked"));
    }

    // Issue 11: a key compromise that arrives as the holder's signed request at a CA with a publish
    // folder publishes its delta CRL at once, after the commit; without the CA key the result says
    // that the delta is still due instead of saying nothing.
    void signedKeyCompromiseAtAPublishingCaPublishesTheDeltaAtOnce() {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString dir = m_out.filePath(QStringLiteral("publish"));
        QVERIFY(QDir().mkpath(dir));
        // Through the audited settings path (`ca set`): a hand-written UPDATE would be a row no event
        // explains, and audit verify below would rightly name it.
        TIRKEU_VERIFY_OK(
            m_fx.reg->cas().updateSettings(m_fx.admin, kNca, QJsonObject{{QStringLiteral("publish_dir"), dir}}));
        TIRKEU_VERIFY_OK(engine().publishCrl(m_fx.officerA, kNca, dir, false, secret())); // the base
        const Holder third =
            issue(ncaIssueIndividual(kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет")), kIssueInd);
        const Holder fourth =
            issue(ncaIssueIndividual(kIinFourth, QStringLiteral("Серікбаев"), QStringLiteral("Арман")), kIssueInd);
        QVERIFY(!third.serial.isEmpty() && !fourth.serial.isEmpty());
        m_fx.clock.advanceSecs(600);

        // A wrong CA key: refused before anything is written.
        const QByteArray cms = sign(individualRequest(third.serial, kIinThird), third);
        const Counts before = counts();
        TIRKEU_VERIFY_ERROR(engine().revokeSigned(m_fx.officerA, cms, {},
                                                  pki::SecretSource::literal(QStringLiteral("not the passphrase"))),
                            ErrorCode::Crypto);
        QVERIFY(counts() == before);

        auto r = engine().revokeSigned(m_fx.officerA, cms, {}, secret());
        TIRKEU_VERIFY_OK(r);
        QCOMPARE(r->reasonCode, 1);
        QVERIFY2(r->delta.has_value(), qPrintable(r->deltaProblem));
        QVERIFY(r->deltaProblem.isEmpty());
        QVERIFY(r->delta->deltaBase.has_value());
        QCOMPARE(r->delta->derPath, QDir(dir).filePath(kNca + QStringLiteral("-delta.crl")));
        QVERIFY(QFile::exists(r->delta->derPath));
        const ToolRun text =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     r->delta->derPath, QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.code == 0 && text.output.contains(QStringLiteral("Delta CRL Indicator")),
                 qPrintable(text.output));
        QVERIFY2(text.output.contains(third.serial), qPrintable(text.output));
        QVERIFY2(text.output.contains(QStringLiteral("Key Compromise")), qPrintable(text.output));
        // Recorded in the register (after the revocation's commit) with its audit event.
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM crls WHERE crl_number = ? AND delta_base IS NOT "
                                            "NULL"),
                             {qint64(r->delta->number)})
                     .toInt(),
                 1);

        // Without the CA key the revocation stands and the result says the delta is owed.
        const quint64 lastNumber = r->delta->number;
        auto pending = engine().revokeSigned(m_fx.officerA, sign(individualRequest(fourth.serial, kIinFourth), fourth));
        TIRKEU_VERIFY_OK(pending);
        QVERIFY(!pending->delta.has_value());
        QVERIFY2(pending->deltaProblem.contains(QStringLiteral("crl publish --delta")),
                 qPrintable(pending->deltaProblem));
        QCOMPARE(engine().certificate(m_fx.auditor, kNca, fourth.serial)->status, QStringLiteral("revoked"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT max(crl_number) FROM crls")).toULongLong(), lastNumber);
        // The owed delta is recorded with the revocation and shown until a publication covers it.
        auto status = CrlPublisher(*m_fx.reg).status(m_fx.auditor, kNca);
        TIRKEU_VERIFY_OK(status);
        QCOMPARE(status->owed.size(), 1);
        QCOMPARE(status->owed.first().serial, fourth.serial);
        QCOMPARE(status->lastDelta->number, lastNumber);
        auto next = engine().publishCrl(m_fx.officerA, kNca, dir, true, secret());
        TIRKEU_VERIFY_OK(next);
        QVERIFY(next->entries >= 2); // both compromises since the base (and what shares its base's second)
        status = CrlPublisher(*m_fx.reg).status(m_fx.auditor, kNca);
        TIRKEU_VERIFY_OK(status);
        QVERIFY(status->owed.isEmpty());
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT settled_crl FROM crl_owed WHERE serial = ?"), {fourth.serial})
                     .toULongLong(),
                 next->number);
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);
    }

    void expiredSignerIsRefused() {
        // A year and a day later every holder certificate above has expired (the CA's has not).
        m_fx.clock.set(m_fx.clock.now().addYears(1).addDays(1));
        expectRefused(sign(individualRequest(m_aliya2.serial), m_aliya2), ErrorCode::Forbidden,
                      QStringLiteral("is not valid now"));
    }

    // ---- export and the restored key at work ----

    void caCertificateForExport() {
        auto der = engine().caCertificate(m_fx.auditor, kNca);
        TIRKEU_VERIFY_OK(der);
        QCOMPARE(*der, m_fx.reg->cas().find(kNca)->certificateDer);
        TIRKEU_VERIFY_ERROR(engine().caCertificate(m_fx.auditor, kGov), ErrorCode::NotFound);
        TIRKEU_VERIFY_ERROR(engine().caCertificate(m_fx.auditor, QStringLiteral("NOPE")), ErrorCode::NotFound);
    }

    void restoredKeySignsACrlThatVerifies() {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        // The key file is lost; the custodians bring shares 2, 3 and 5.
        QVERIFY(QFile::remove(keyPath()));
        const QString restored = m_out.filePath(QStringLiteral("nca-key-restored.p8"));
        auto r = engine().restoreKey(m_fx.admin, kNca, backupFile(), {share(5), share(2), share(3)}, restored,
                                     pki::SecretSource::literal(kNewPassphrase), true);
        TIRKEU_VERIFY_OK(r);
        QVERIFY(r->activated);
        QCOMPARE(m_fx.reg->cas().find(kNca)->keyUri, QStringLiteral("file:") + restored);
        m_caPassphrase = kNewPassphrase;

        const QString crlDir = m_out.filePath(QStringLiteral("crl"));
        QVERIFY(QDir().mkpath(crlDir));
        // The earlier CRLs went to the CA's publish folder: this one is confirmed as new to the CA.
        auto crl = engine().publishCrl(m_fx.officerA, kNca, crlDir, false, secret(), true);
        TIRKEU_VERIFY_OK(crl);
        // Aliya's first, the legal entity's employee's and its own, and the two key compromises of the publishing
        // test.
        QCOMPARE(crl->entries, 5);
        const QString caPem = m_out.filePath(QStringLiteral("nca.pem"));
        QVERIFY(writeFile(caPem, pki::Certificate::parse(m_fx.reg->cas().find(kNca)->certificateDer)->pem()));
        const ToolRun verified =
            runTool(QStringLiteral("openssl"), {QStringLiteral("crl"), QStringLiteral("-in"), crl->pemPath,
                                                QStringLiteral("-CAfile"), caPem, QStringLiteral("-noout")});
        QVERIFY2(verified.code == 0 && verified.output.contains(QStringLiteral("verify OK")),
                 qPrintable(verified.output));
        // Newest first: the publication's crl.reserved, crl.written and crl.published, then the restore.
        auto events = m_fx.reg->audit().events(kNca);
        QCOMPARE(events->at(0).type, QStringLiteral("crl.published"));
        QCOMPARE(events->at(1).type, QStringLiteral("crl.written"));
        QCOMPARE(events->at(2).type, QStringLiteral("crl.reserved"));
        QCOMPARE(events->at(3).type, QStringLiteral("ca.key_restored"));
        QCOMPARE(events->at(3).details.value(QStringLiteral("previous_key_uri")).toString(),
                 QStringLiteral("file:") + keyPath());
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineSignedTest)
#include "tst_caengine_signed.moc"
