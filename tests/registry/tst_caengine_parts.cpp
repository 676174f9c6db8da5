// The CA engine's parts beyond what the workflow suites show: the register's keyring unlocks a CA key
// once for a whole government letter (50 persons, a fresh CaEngine per person as the GUI makes them),
// the one-key-per-holder rule refused by the database itself (schema migration 4, both engines), the
// issuance rules of registry/Rules.h, and the one helper that writes handed-out files
// (registry/OutputFiles.h: atomic, 0600 for secrets, never over an existing file).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/CaKeyring.h"
#include "registry/OutputFiles.h"
#include "registry/Rules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
// The Government Bodies CA's media recipient (Rules::governmentIssuance), named in the body's internal order.
MediaRecipient govRecipient() {
    return MediaRecipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"), QStringLiteral("№ 17-ө"),
                          QDate(2026, 1, 12)};
}
} // namespace

namespace {

constexpr int kLetterPersons = 50;

// A valid IIN (FACTS.md check digit): born 1985-01-01, serial n.
QString iin(int n) {
    for (int salt = 0; salt < 50; ++salt) {
        const QString first11 = QStringLiteral("8501013%1").arg((n * 7 + salt) % 10000, 4, 10, QLatin1Char('0'));
        int d[11];
        for (int k = 0; k < 11; ++k)
            d[k] = first11.at(k).digitValue();
        int r = 0;
        for (int k = 0; k < 11; ++k)
            r += d[k] * (k + 1);
        r %= 11;
        if (r == 10) {
            static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
            r = 0;
            for (int k = 0; k < 11; ++k)
                r += d[k] * w2[k];
            r %= 11;
            if (r == 10)
                continue;
        }
        return first11 + QString::number(r);
    }
    return {};
}

} // namespace

class CaEnginePartsTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QStringList m_letterIins;
    QString m_firstSerial;

    pki::SecretSource secret() const { return pki::SecretSource::literal(kGovPassphrase); }

    QByteArray csr() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return {};
        auto c = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinThird));
        return c ? *c : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(CaEngine(*m_fx.reg).createRootCa(
            m_fx.admin, kGov, pki::KeyAlgorithm::EcP256, m_out.filePath(QStringLiteral("gov.p8")), kGovPassphrase, 10));
    }

    void letterOfFiftyPersonsUnlocksTheCaKeyOnce() {
        forms::Submission s = govIssue();
        const QJsonObject model = s.data.value(QStringLiteral("persons")).toArray().first().toObject();
        QJsonArray persons;
        for (int i = 0; i < kLetterPersons; ++i) {
            QJsonObject p = model;
            m_letterIins << iin(i + 1);
            p.insert(QStringLiteral("iin"), m_letterIins.last());
            persons.append(p);
        }
        QCOMPARE(QSet<QString>(m_letterIins.begin(), m_letterIins.end()).size(), kLetterPersons);
        s.data.insert(QStringLiteral("persons"), persons);
        auto letter = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, s);
        TIRKEU_VERIFY_OK(letter);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *letter));

        const int unlocksBefore = m_fx.reg->keyring().unlocks();
        for (int i = 0; i < kLetterPersons; ++i) {
            IssueOptions options;
            options.personIndex = i;
            options.mediaRecipient = govRecipient();
            // The Government Bodies CA generates each key onto its media (Order 348 App. 2 cl. 8).
            const KeyOnMedia media{pki::KeyAlgorithm::EcP256, QStringLiteral("holder-password"),
                                   QStringLiteral("ТОКЕН-%1").arg(i)};
            // A new facade per person, as the GUI's issuance dialog makes one per row.
            auto issued = CaEngine(*m_fx.reg).issueWithGeneratedKey(m_fx.officerA, *letter, media, secret(), options);
            TIRKEU_VERIFY_OK(issued);
            QCOMPARE(issued->applicationDone, i == kLetterPersons - 1);
            if (i == 0)
                m_firstSerial = issued->serialHex;
        }
        QCOMPARE(m_fx.reg->keyring().unlocks() - unlocksBefore, 1);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*letter}).toString(),
                 QStringLiteral("done"));

        // Another secret source is another unlock; forgetting the key locks it.
        m_fx.reg->keyring().forget();
        TIRKEU_VERIFY_OK(CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kGov, m_out.path(), false, secret()));
        QCOMPARE(m_fx.reg->keyring().unlocks() - unlocksBefore, 2);
    }

    void databaseRefusesASecondValidKeyOfTheSameHolder() {
        QVERIFY(!m_firstSerial.isEmpty());
        // Bypassing the registry's rule: the database's trigger still refuses (both engines).
        const qint64 before = m_fx.count(QStringLiteral("certificates"));
        Status copy = m_fx.exec(
            QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, person_id, organisation_id, profile, "
                           "not_before, not_after, key_media_serial, der, status, application_id, issued_by, "
                           "issued_at, retention_until) "
                           "SELECT ca_id, 'AB01', subject, person_id, organisation_id, profile, not_before, not_after, "
                           "key_media_serial, der, 'valid', application_id, issued_by, issued_at, retention_until "
                           "FROM certificates WHERE serial = ?"),
            {m_firstSerial});
        QVERIFY(!copy.ok());
        QVERIFY2(copy.message().contains(QStringLiteral("one key per holder")), qPrintable(copy.message()));
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), before);
        // Once the first one is revoked, the holder may hold a new key.
        RevokeRequest leave;
        leave.caCode = kGov;
        leave.serial = m_firstSerial;
        leave.reasonCode = 3;
        leave.basisKind = QStringLiteral("holder_left_job");
        TIRKEU_VERIFY_OK(CaEngine(*m_fx.reg).revoke(m_fx.officerA, leave));
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, person_id, organisation_id, profile, "
                           "not_before, not_after, key_media_serial, der, status, application_id, issued_by, "
                           "issued_at, retention_until) "
                           "SELECT ca_id, 'AB02', subject, person_id, organisation_id, profile, not_before, not_after, "
                           "key_media_serial, der, 'valid', application_id, issued_by, issued_at, retention_until "
                           "FROM certificates WHERE serial = ?"),
            {m_firstSerial}));
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), before + 1);
    }

    void rulesSayWhy() {
        TIRKEU_VERIFY_ERROR(Rules::holderPassword(QStringLiteral("1234567")), ErrorCode::Invalid);
        QVERIFY(Rules::holderPassword(QStringLiteral("12345678")).ok());
        TIRKEU_VERIFY_ERROR(Rules::caPassphrase(QStringLiteral("short")), ErrorCode::Invalid);
        QVERIFY(Rules::caPassphrase(kGovPassphrase).ok());
        QVERIFY(Rules::onlyApprovedIsIssued(7, QStringLiteral("approved")).ok());
        for (const char* status : {"registered", "done", "rejected"}) {
            Status s = Rules::onlyApprovedIsIssued(7, QString::fromLatin1(status));
            TIRKEU_VERIFY_ERROR(s, ErrorCode::Conflict);
            QVERIFY2(s.message().contains(QStringLiteral("only approved applications")), qPrintable(s.message()));
        }
    }

    void issuanceRefusesAShortHolderPasswordBeforeAnything() {
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, govIssue(kIinFifth));
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        const qint64 before = m_fx.count(QStringLiteral("certificates"));
        KeyOnMedia media{pki::KeyAlgorithm::EcP256, QStringLiteral("short"), QStringLiteral("ТОКЕН-1")};
        IssueOptions options;
        options.mediaRecipient = govRecipient(); // so that the password is what is refused
        auto refused = CaEngine(*m_fx.reg).issueWithGeneratedKey(m_fx.officerA, *app, media, secret(), options);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("password")), qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), before);
    }

    void outputFilesAreNewAtomicAndPrivateForSecrets() {
        const QString dir = m_out.filePath(QStringLiteral("handed-out"));
        const QString p12 = QDir(dir).filePath(QStringLiteral("holder.p12"));
        TIRKEU_VERIFY_OK(OutputFiles::writeNew(p12, "secret bytes", FileSecrecy::Secret));
        QCOMPARE(readFile(p12), QByteArray("secret bytes"));
        QCOMPARE(QFileInfo(p12).permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                 QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        // Never over an existing file: refused with one code, the file unchanged.
        TIRKEU_VERIFY_ERROR(OutputFiles::writeNew(p12, "other", FileSecrecy::Secret), ErrorCode::Conflict);
        TIRKEU_VERIFY_ERROR(OutputFiles::checkNew(p12), ErrorCode::Conflict);
        QCOMPARE(readFile(p12), QByteArray("secret bytes"));
        // No temporary file stays behind.
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("holder.p12")});
        // A dangling symbolic link is not followed.
        const QString link = QDir(dir).filePath(QStringLiteral("link.pem"));
        QVERIFY(QFile::link(QDir(dir).filePath(QStringLiteral("nowhere")), link));
        TIRKEU_VERIFY_ERROR(OutputFiles::writeNew(link, "x", FileSecrecy::Public), ErrorCode::Conflict);
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("nowhere"))));

        // Certificates: DER for .der/.cer, PEM otherwise.
        const QByteArray der = m_fx.reg->cas().find(kGov)->certificateDer;
        TIRKEU_VERIFY_OK(OutputFiles::writeCertificate(QDir(dir).filePath(QStringLiteral("ca.cer")), der));
        TIRKEU_VERIFY_OK(OutputFiles::writeCertificate(QDir(dir).filePath(QStringLiteral("ca.pem")), der));
        QCOMPARE(readFile(QDir(dir).filePath(QStringLiteral("ca.cer"))), der);
        QVERIFY(readFile(QDir(dir).filePath(QStringLiteral("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEnginePartsTest)
#include "tst_caengine_parts.moc"
