// Applications refused at registration, writing nothing (no application, history, person,
// organisation or event row): invalid form data (IIN and BIN check digits, lengths, consent,
// attachments, required and misspelt fields, the phone, the validity), a form of another CA kind or
// an unknown CA or form, a receipt time in the future, and revocation requests naming a certificate
// that is not in this CA's register, is another person's or is already revoked; a short name of 64
// Kazakh letters is accepted, and an unknown application is not found. Split from tst_applications
// (same set-up: registry/ApplicationsTestSupport.h).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/ApplicationsTestSupport.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class ApplicationsValidationTest : public QObject, protected ApplicationsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createTemplate(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

    void invalidSubmissionIsRefusedAndWritesNothing_data();
    void invalidSubmissionIsRefusedAndWritesNothing();
    void shortNameOf64KazakhLettersIsAccepted();
    void formOfWrongCaKindIsRefused();
    void receiptTimeInTheFutureIsRefused();
    void revocationOfSerialNotInRegisterIsNotFound();
    void revocationOfAnotherPersonsCertificateIsRefused();
    void unknownApplicationIsNotFound();
};

void ApplicationsValidationTest::invalidSubmissionIsRefusedAndWritesNothing_data() {
    QTest::addColumn<QString>("form");
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QStringList>("attachments");
    QTest::addColumn<bool>("consent");
    QTest::addColumn<QString>("because"); // a fragment of the message the operator must see

    const forms::Submission ind = ncaIssueIndividual();
    const forms::Submission legal = ncaIssueLegal();
    auto with = [](QJsonObject o, const char* key, const QJsonValue& v) {
        o.insert(QLatin1String(key), v);
        return o;
    };
    auto without = [](QJsonObject o, const char* key) {
        o.remove(QLatin1String(key));
        return o;
    };

    QTest::newRow("IIN check digit") << kIssueInd << with(ind.data, "iin", kIinBadCheckDigit) << ind.attachments << true
                                     << QStringLiteral("check digit");
    QTest::newRow("IIN of 11 digits") << kIssueInd << with(ind.data, "iin", QStringLiteral("90070130010"))
                                      << ind.attachments << true << QStringLiteral("12 digits");
    QTest::newRow("short name of 65 characters")
        << kIssueLegal << with(legal.data, "short_name", QString(65, QChar(0x049A))) << legal.attachments << true
        << QStringLiteral("65");
    QTest::newRow("no consent") << kIssueInd << ind.data << ind.attachments << false << QStringLiteral("consent");
    QTest::newRow("identity document copy missing")
        << kIssueInd << ind.data << QStringList() << true << QStringLiteral("attachment");
    QTest::newRow("state registration missing")
        << kIssueLegal << legal.data << QStringList{QStringLiteral("identity_document_copy")} << true
        << QStringLiteral("attachment");
    QTest::newRow("surname missing") << kIssueInd << without(ind.data, "surname") << ind.attachments << true
                                     << QStringLiteral("required");
    QTest::newRow("misspelt field") << kIssueInd << with(ind.data, "surnmae", QStringLiteral("Қасымова"))
                                    << ind.attachments << true << QStringLiteral("surnmae");
    QTest::newRow("phone not of Kazakhstan") << kIssueInd << with(ind.data, "phone", QStringLiteral("+49 30 1234567"))
                                             << ind.attachments << true << QStringLiteral("+7");
    QTest::newRow("3 years in a file") << kIssueInd << with(ind.data, "validity", QStringLiteral("3y"))
                                       << ind.attachments << true << QStringLiteral("token");
    QTest::newRow("BIN check digit") << kIssueLegal << with(legal.data, "bin", QStringLiteral("230340123450"))
                                     << legal.attachments << true << QStringLiteral("check digit");
}

void ApplicationsValidationTest::invalidSubmissionIsRefusedAndWritesNothing() {
    QFETCH(QString, form);
    QFETCH(QJsonObject, data);
    QFETCH(QStringList, attachments);
    QFETCH(bool, consent);
    QFETCH(QString, because);

    // A person the register already knows: a bad form must not touch their record either.
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)));
    const QString personBefore =
        m_f->scalar(QStringLiteral("SELECT surname || name || updated_at FROM persons WHERE iin = ?"), {kIinSecond})
            .toString();
    const Counts before = counts(*m_f);
    m_f->clock.advanceSecs(60);

    forms::Submission s;
    s.data = data;
    s.attachments = attachments;
    s.consent = consent;
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, form, s);
    TIRKEU_VERIFY_ERROR(id, ErrorCode::Invalid);
    QVERIFY2(id.message().contains(because), qPrintable(id.message()));

    QCOMPARE(counts(*m_f), before);
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT surname || name || updated_at FROM persons WHERE iin = ?"), {kIinSecond})
            .toString(),
        personBefore);
}

void ApplicationsValidationTest::shortNameOf64KazakhLettersIsAccepted() {
    // 64 characters, 128 bytes of UTF-8: the limit counts characters.
    const QString shortName = QString(32, QChar(0x04D8)) + QString(32, QChar(0x049B));
    QCOMPARE(shortName.size(), 64);
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueLegal, ncaIssueLegal(shortName));
    TIRKEU_VERIFY_OK(id);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT short_name FROM organisations WHERE bin = ?"), {kBin}).toString(),
             shortName);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT kind FROM organisations WHERE bin = ?"), {kBin}).toString(),
             QStringLiteral("legal_entity"));
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QVERIFY(rec->organisationId > 0);
    QVERIFY(rec->personId > 0);
}

void ApplicationsValidationTest::formOfWrongCaKindIsRefused() {
    const Counts before = counts(*m_f);
    auto govWithNational = m_f->reg->applications().submit(m_f->operatorA, kGov, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_ERROR(govWithNational, ErrorCode::Invalid);
    QVERIFY2(govWithNational.message().contains(kIssueInd) && govWithNational.message().contains(kGov),
             qPrintable(govWithNational.message()));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kGovIssue, govIssue()),
                        ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kRoot, kIssueInd, ncaIssueIndividual()),
                        ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(
        m_f->reg->applications().submit(m_f->operatorA, kNca, QStringLiteral("NCA-ISSUE-XYZ"), ncaIssueIndividual()),
        ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(
        m_f->reg->applications().submit(m_f->operatorA, QStringLiteral("NCA-GOST"), kIssueInd, ncaIssueIndividual()),
        ErrorCode::NotFound);
    QCOMPARE(counts(*m_f), before);

    // The right CA takes the same letter.
    auto gov = m_f->reg->applications().submit(m_f->operatorA, kGov, kGovIssue, govIssue());
    TIRKEU_VERIFY_OK(gov);
    auto rec = m_f->reg->applications().get(m_f->officerA, *gov);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->caCode, kGov);
    QCOMPARE(rec->basisLetterNo, QStringLiteral("12-3/456"));
    QCOMPARE(rec->basisLetterDate, QDate(2026, 2, 27));
    // Government Bodies CA: records kept 10 years.
    QCOMPARE(rec->retentionUntil, m_f->clock.now().addYears(10));
    // The employee named in the letter is a known person now.
    QCOMPARE(m_f->count(QStringLiteral("persons WHERE iin = '%1'").arg(kIinThird)), qint64(1));
    // A letter names no IIN or BIN of its own; deciding it still writes its audit event.
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerB, *gov));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'application.approved'")), qint64(1));
}

void ApplicationsValidationTest::receiptTimeInTheFutureIsRefused() {
    QVERIFY(aliyaWithCertificate() > 0);
    const Counts before = counts(*m_f);
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                              ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial)),
                                              m_f->clock.now().addSecs(3600));
    TIRKEU_VERIFY_ERROR(id, ErrorCode::Invalid);
    QCOMPARE(counts(*m_f), before);
}

void ApplicationsValidationTest::revocationOfSerialNotInRegisterIsNotFound() {
    QVERIFY(aliyaWithCertificate() > 0);
    m_f->clock.set(almaty(2026, 3, 20, 10));
    const Counts before = counts(*m_f);
    const QString unknown = QStringLiteral("0A0B0C0D0E0F");
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                              ncaRevokeIndividual(unknown, QStringLiteral("2026-03-02")));
    TIRKEU_VERIFY_ERROR(id, ErrorCode::NotFound);
    QVERIFY2(id.message().contains(unknown), qPrintable(id.message()));
    QCOMPARE(counts(*m_f), before);

    // The serial of another CA's register is not this CA's certificate.
    auto govCert = m_f->insertCertificate(m_f->govId, QStringLiteral("77AA"), kIinAliya, m_f->clock.now());
    TIRKEU_VERIFY_OK(govCert);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(
                            m_f->operatorA, kNca, kRevokeInd,
                            ncaRevokeIndividual(QStringLiteral("77AA"), m_f->issuedOn(QStringLiteral("77AA")))),
                        ErrorCode::NotFound);
    QCOMPARE(counts(*m_f), before);

    // The certificate that is in the register is accepted.
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                                     ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial))));
}

void ApplicationsValidationTest::revocationOfAnotherPersonsCertificateIsRefused() {
    QVERIFY(aliyaWithCertificate() > 0);
    const Counts before = counts(*m_f);
    // Someone else names Әлия's certificate on their own form.
    auto other = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                                 ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial), kIinSecond));
    TIRKEU_VERIFY_ERROR(other, ErrorCode::Invalid);
    QCOMPARE(counts(*m_f), before);

    // An already revoked certificate cannot be revoked again.
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'revoked' WHERE serial = ?"), {kSerial}));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                                        ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial))),
                        ErrorCode::Conflict);
    QCOMPARE(counts(*m_f), before);
}

void ApplicationsValidationTest::unknownApplicationIsNotFound() {
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().get(m_f->officerA, 4242), ErrorCode::NotFound);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerA, 4242), ErrorCode::NotFound);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().markDone(m_f->officerA, 4242), ErrorCode::NotFound);
}

TIRKEU_TEST_GUILESS_MAIN(ApplicationsValidationTest)
#include "tst_applications_validation.moc"
