// Applications: registration of the official forms, the workflow registered -> approved -> done /
// rejected, the four-eyes rule, validation that writes nothing on bad input, legal deadlines on the
// working-day calendar, and the application list. The register runs on a FixedClock.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QObject>

#include <algorithm>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

const QString kSerial = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900AB");

QList<qint64> ids(const QList<ApplicationRecord>& records) {
    QList<qint64> out;
    for (const ApplicationRecord& r : records)
        out << r.id;
    std::sort(out.begin(), out.end());
    return out;
}

// What an invalid submission must leave untouched.
struct Counts {
    qint64 applications, history, persons, organisations, events;
    bool operator==(const Counts&) const = default;
};

Counts counts(RegistryFixture& f) {
    return {f.count(QStringLiteral("applications")), f.count(QStringLiteral("application_history")),
            f.count(QStringLiteral("persons")), f.count(QStringLiteral("organisations")),
            f.count(QStringLiteral("audit_events"))};
}

// Readable QCOMPARE failures.
char* toString(const Counts& c) {
    return qstrdup(
        QByteArray("applications=" + QByteArray::number(c.applications) + " history=" + QByteArray::number(c.history) +
                   " persons=" + QByteArray::number(c.persons) +
                   " organisations=" + QByteArray::number(c.organisations) + " events=" + QByteArray::number(c.events))
            .constData());
}

} // namespace

class ApplicationsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void submitRegistersApplicationAndWritesAuditEvent();
    void approveBySameOfficerIsRefusedByFourEyes();
    void approveByAnotherOfficerApproves();
    void rejectNeedsReason();
    void refusalGroundsPerCaKind();
    void missingDocumentsRegisteredThenRefused();
    void identificationRecorded();
    void markDoneOnlyAfterApproval();
    void invalidSubmissionIsRefusedAndWritesNothing_data();
    void invalidSubmissionIsRefusedAndWritesNothing();
    void shortNameOf64KazakhLettersIsAccepted();
    void formOfWrongCaKindIsRefused();
    void revocationDeadlineCountsWorkingDaysAcrossNauryz_data();
    void revocationDeadlineCountsWorkingDaysAcrossNauryz();
    void receiptTimeInTheFutureIsRefused();
    void backdatedReceiptDoesNotShortenRetention();
    void decisionOnLetterIsLoggedUnderTheLettersSubject();
    void overdueAndDueTodayFollowTheClock();
    void listFiltersByStatusCaOpenAndSubject();
    void revocationOfSerialNotInRegisterIsNotFound();
    void revocationOfAnotherPersonsCertificateIsRefused();
    void unknownApplicationIsNotFound();
    void governmentLetterNamesTheDayAPersonLeft();
    void onlyAnApprovedApplicationChangesTheHolder();

private:
    // An issuance application of Қасымова Әлия, approved and done, and her certificate in the register.
    qint64 aliyaWithCertificate();

    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
};

void ApplicationsTest::initTestCase() {
    QVERIFY2(m_template.create(almaty(2026, 3, 2, 9)), qPrintable(m_template.error));
}

void ApplicationsTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 11)), qPrintable(m_f->error));
}

void ApplicationsTest::cleanup() {
    m_f.reset();
}

qint64 ApplicationsTest::aliyaWithCertificate() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    if (!id)
        return 0;
    if (!m_f->reg->applications().approve(m_f->officerA, *id) || !m_f->reg->applications().markDone(m_f->officerA, *id))
        return 0;
    auto cert = m_f->insertCertificate(m_f->ncaId, kSerial, kIinAliya, m_f->clock.now(), *id);
    return cert ? *cert : 0;
}

void ApplicationsTest::submitRegistersApplicationAndWritesAuditEvent() {
    const qint64 eventsBefore = m_f->count(QStringLiteral("audit_events"));
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);

    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);
    QCOMPARE(rec->caCode, kNca);
    QCOMPARE(rec->caId, m_f->ncaId);
    QCOMPARE(rec->formCode, kIssueInd);
    QVERIFY(rec->purpose == forms::FormPurpose::Issue);
    QCOMPARE(rec->registeredBy, QStringLiteral("operator"));
    QVERIFY(rec->decidedBy.isEmpty());
    QCOMPARE(rec->subject, kIinAliya);
    QCOMPARE(rec->applicantName, QStringLiteral("Қасымова Әлия Серікқызы"));
    QCOMPARE(rec->receivedAt, m_f->clock.now());
    QVERIFY(rec->consent);
    QCOMPARE(rec->consentAt, m_f->clock.now());
    QCOMPARE(rec->attachments, QStringList{QStringLiteral("identity_document_copy")});
    QVERIFY(!rec->deadline.isValid()); // issuance has no legal deadline
    QVERIFY(!rec->overdue);
    QCOMPARE(rec->retentionUntil, m_f->clock.now().addYears(5)); // National CA: 5 years
    // Stored normalised: the phone as +7XXXXXXXXXX.
    QCOMPARE(rec->data.value(QStringLiteral("phone")).toString(), QStringLiteral("+77012345678"));
    QCOMPARE(rec->data.value(QStringLiteral("surname")).toString(), QStringLiteral("Қасымова"));

    // The applicant is now a known person.
    QCOMPARE(rec->personId,
             m_f->scalar(QStringLiteral("SELECT id FROM persons WHERE iin = ?"), {kIinAliya}).toLongLong());
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT surname || ' ' || name FROM persons WHERE iin = ?"), {kIinAliya}).toString(),
        QStringLiteral("Қасымова Әлия"));

    auto history = m_f->reg->applications().history(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(history);
    QCOMPARE(history->size(), 1);
    QCOMPARE(history->first().status, ApplicationStatus::Registered);
    QCOMPARE(history->first().operatorLogin, QStringLiteral("operator"));

    // Exactly one audit event, in the same transaction, describing the change.
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), eventsBefore + 1);
    auto events = m_f->reg->audit().events(kIinAliya);
    TIRKEU_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    const AuditEvent& e = events->first();
    QCOMPARE(e.type, QStringLiteral("application.registered"));
    QCOMPARE(e.operatorLogin, QStringLiteral("operator"));
    QCOMPARE(e.ts, m_f->clock.now());
    QCOMPARE(e.details.value(QStringLiteral("application")).toInteger(), *id);
    QCOMPARE(e.details.value(QStringLiteral("form")).toString(), kIssueInd);
    QCOMPARE(e.details.value(QStringLiteral("ca")).toString(), kNca);
    QCOMPARE(e.details.value(QStringLiteral("consent")).toBool(), true);
    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    TIRKEU_VERIFY_INTACT(verified);
}

void ApplicationsTest::approveBySameOfficerIsRefusedByFourEyes() {
    // An officer also works at the counter; what they registered, another officer decides.
    auto id = m_f->reg->applications().submit(m_f->officerA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    const qint64 history = m_f->count(QStringLiteral("application_history"));

    auto approve = m_f->reg->applications().approve(m_f->officerA, *id);
    TIRKEU_VERIFY_ERROR(approve, ErrorCode::Forbidden);
    QVERIFY2(approve.message().contains(u"Four-eyes"), qPrintable(approve.message()));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("NCA-FORM-INCORRECT"),
                                                        QStringLiteral("өз өтініші")),
                        ErrorCode::Forbidden);

    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);
    QVERIFY(rec->decidedBy.isEmpty());
    QVERIFY(!rec->decidedAt.isValid());
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->count(QStringLiteral("application_history")), history);

    // The same officer signing in again is still the same person.
    auto again = m_f->reg->operators().signIn(QStringLiteral("officer.a"), kPassword);
    TIRKEU_VERIFY_OK(again);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(*again, *id), ErrorCode::Forbidden);

    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerB, *id));
    rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Approved);
    QCOMPARE(rec->decidedBy, QStringLiteral("officer.b"));
}

void ApplicationsTest::approveByAnotherOfficerApproves() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    m_f->clock.advanceSecs(3600);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));

    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id, QStringLiteral("құжаттар тексерілді")));
    auto rec = m_f->reg->applications().get(m_f->operatorA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Approved);
    QCOMPARE(rec->decidedBy, QStringLiteral("officer.a"));
    QCOMPARE(rec->decidedAt, m_f->clock.now());
    QVERIFY(rec->rejectReason.isEmpty());
    QVERIFY(rec->open());

    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events + 1);
    auto last = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->first().type, QStringLiteral("application.approved"));
    QCOMPARE(last->first().operatorLogin, QStringLiteral("officer.a"));
    QCOMPARE(last->first().subject, kIinAliya);
    QCOMPARE(last->first().details.value(QStringLiteral("note")).toString(), QStringLiteral("құжаттар тексерілді"));

    // Approving twice is a state conflict, not a second approval.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerB, *id), ErrorCode::Conflict);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events + 1);
}

void ApplicationsTest::rejectNeedsReason() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));

    // No code, free text in place of a code, or another CA kind's ground: refused, nothing written.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->officerA, *id, QString()), ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral(" \t ")),
                        ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("Құжат жоқ")),
                        ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("ROOT-FALSE-INFO")),
                        ErrorCode::Invalid);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*id}).toString(),
             QStringLiteral("registered"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);

    const QString note = QStringLiteral("Жеке куәліктің көшірмесі оқылмайды");
    TIRKEU_VERIFY_OK(
        m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("nca-data-mismatch"), u"  " + note + u"  "));
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Rejected);
    QCOMPARE(rec->rejectReasonCode, QStringLiteral("NCA-DATA-MISMATCH"));
    QCOMPARE(rec->rejectReason, note);
    QVERIFY(Applications::refusalText(*rec).startsWith(u"NCA-DATA-MISMATCH — "));
    QVERIFY(Applications::refusalText(*rec).endsWith(note));
    // The code is in the hashed column of the row (reject_reason), so the event chain covers it.
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT reject_reason FROM applications WHERE id = ?"), {*id}).toString(),
             u"NCA-DATA-MISMATCH: " + note);
    QVERIFY(!rec->open());
    auto last = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->first().type, QStringLiteral("application.rejected"));
    QCOMPARE(last->first().details.value(QStringLiteral("reason_code")).toString(),
             QStringLiteral("NCA-DATA-MISMATCH"));
    QCOMPARE(last->first().details.value(QStringLiteral("note")).toString(), note);

    // A rejected application is final.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerB, *id), ErrorCode::Conflict);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().markDone(m_f->officerB, *id), ErrorCode::Conflict);
    // The database backs the rule too: no rejected row without a reason.
    auto raw = m_f->exec(QStringLiteral("UPDATE applications SET reject_reason = NULL WHERE id = ?"), {*id});
    QVERIFY(!raw.ok());
}

void ApplicationsTest::refusalGroundsPerCaKind() {
    // Seed 002 App. 1 §10: the Root CA's closed list — missing documents (rules 5, 6) or false information.
    auto rules = m_f->reg->rules().at();
    TIRKEU_VERIFY_OK(rules);
    QStringList root;
    for (const RefusalReason& r : rules->refusalReasons.value(forms::CaKind::Root))
        root << r.code;
    QCOMPARE(root, (QStringList{QStringLiteral("ROOT-DOCS-MISSING"), QStringLiteral("ROOT-FALSE-INFO")}));
    for (forms::CaKind kind : {forms::CaKind::Root, forms::CaKind::National, forms::CaKind::Government}) {
        QVERIFY(!rules->refusalReasons.value(kind).isEmpty());
        for (const RefusalReason& r : rules->refusalReasons.value(kind)) {
            QVERIFY(!r.kk.isEmpty() && !r.ru.isEmpty() && !r.label().isEmpty() && r.clause.startsWith(u"Order 348"));
            QVERIFY(Rules::refusalReason(*rules, kind, r.code));
            QVERIFY(Rules::looksLikeRefusalCode(r.code));
        }
    }
    QVERIFY(Rules::refusalReason(*rules, forms::CaKind::National, QStringLiteral("NCA-DOCS-MISSING")));
    QVERIFY(!Rules::refusalReason(*rules, forms::CaKind::National, QStringLiteral("ROOT-DOCS-MISSING")));
    QVERIFY(Rules::refusalReason(*rules, forms::CaKind::Government, QStringLiteral("GOV-KEY-HELD")));
    // Stored text without a known code prefix (refusals made before codes) stays free text.
    QString code, note;
    Applications::splitRefusal(QStringLiteral("Қолы жоқ: екі бет"), &code, &note);
    QVERIFY(code.isEmpty());
    QCOMPARE(note, QStringLiteral("Қолы жоқ: екі бет"));
}

void ApplicationsTest::missingDocumentsRegisteredThenRefused() {
    // A legal entity's application without its power of attorney (seed 002 App. 3 §4(2)): registered as
    // received, never approved, refused on the ground of missing documents.
    forms::Submission s = ncaIssueLegal();
    s.attachments.removeAll(QStringLiteral("power_of_attorney"));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueLegal, s), ErrorCode::Invalid);
    s.documentsMissing = true;
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueLegal, s);
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->missingDocuments, QStringList{QStringLiteral("power_of_attorney")});
    auto registered = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(registered);
    QCOMPARE(registered->first().details.value(QStringLiteral("documents_missing")).toArray(),
             QJsonArray{QStringLiteral("power_of_attorney")});
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerA, *id), ErrorCode::Conflict);
    TIRKEU_VERIFY_OK(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("NCA-DOCS-MISSING")));
    rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Rejected);
    QCOMPARE(rec->rejectReasonCode, QStringLiteral("NCA-DOCS-MISSING"));
    QVERIFY(rec->rejectReason.isEmpty());

    // Marking documents missing when none is: refused.
    forms::Submission complete = ncaIssueLegal();
    complete.documentsMissing = true;
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueLegal, complete),
                        ErrorCode::Invalid);
    auto verified = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verified);
    TIRKEU_VERIFY_INTACT(verified);
}

void ApplicationsTest::identificationRecorded() {
    // Seed 001 §6: how the holder was identified is recorded with the application and in its event.
    forms::Submission s = ncaIssueIndividual();
    s.identification = QStringLiteral("by phone");
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, s), ErrorCode::Invalid);
    s.identification = QStringLiteral("remote_biometric");
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, s);
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->identification, QStringLiteral("remote_biometric"));
    auto ev = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(ev);
    QCOMPARE(ev->first().details.value(QStringLiteral("identification")).toString(),
             QStringLiteral("remote_biometric"));
    QCOMPARE(ev->first().details.value(QStringLiteral("holder_iin")).toString(), kIinAliya);
    // A government body's letter: each person's IIN is in the registration event.
    auto letter = m_f->reg->applications().submit(m_f->operatorA, kGov, kGovIssue, govIssue());
    TIRKEU_VERIFY_OK(letter);
    ev = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(ev);
    QCOMPARE(ev->first().details.value(QStringLiteral("persons_iin")).toArray(), QJsonArray{kIinThird});
    QVERIFY(!Rules::identificationLabel(QStringLiteral("in_person")).isEmpty());
}

void ApplicationsTest::markDoneOnlyAfterApproval() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    auto early = m_f->reg->applications().markDone(m_f->officerA, *id);
    TIRKEU_VERIFY_ERROR(early, ErrorCode::Conflict);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*id}).toString(),
             QStringLiteral("registered"));

    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id));
    // The counter operator cannot complete it.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().markDone(m_f->operatorA, *id), ErrorCode::Forbidden);
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(m_f->reg->applications().markDone(m_f->officerB, *id, QStringLiteral("берілді")));

    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Done);
    QCOMPARE(rec->completedAt, m_f->clock.now());
    QCOMPARE(rec->decidedBy, QStringLiteral("officer.a"));
    QVERIFY(!rec->open());
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().markDone(m_f->officerB, *id), ErrorCode::Conflict);

    auto history = m_f->reg->applications().history(m_f->auditor, *id);
    TIRKEU_VERIFY_OK(history);
    QCOMPARE(history->size(), 3);
    QCOMPARE(history->at(0).status, ApplicationStatus::Registered);
    QCOMPARE(history->at(1).status, ApplicationStatus::Approved);
    QCOMPARE(history->at(1).operatorLogin, QStringLiteral("officer.a"));
    QCOMPARE(history->at(2).status, ApplicationStatus::Done);
    QCOMPARE(history->at(2).operatorLogin, QStringLiteral("officer.b"));
    QCOMPARE(history->at(2).note, QStringLiteral("берілді"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type LIKE 'application.%'")), qint64(3));
}

void ApplicationsTest::invalidSubmissionIsRefusedAndWritesNothing_data() {
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

void ApplicationsTest::invalidSubmissionIsRefusedAndWritesNothing() {
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

void ApplicationsTest::shortNameOf64KazakhLettersIsAccepted() {
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

void ApplicationsTest::formOfWrongCaKindIsRefused() {
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

void ApplicationsTest::revocationDeadlineCountsWorkingDaysAcrossNauryz_data() {
    QTest::addColumn<QDateTime>("received");
    QTest::addColumn<QDate>("deadline");
    // Nauryz 2026: Sat Mar 21, Sun 22, Mon 23 holidays; the weekend ones move to Tue 24 and Wed 25.
    QTest::newRow("Friday 2026-03-20") << almaty(2026, 3, 20, 10) << QDate(2026, 3, 27);
    QTest::newRow("Friday evening") << almaty(2026, 3, 20, 23, 30) << QDate(2026, 3, 27);
    // 01:00 on Friday in Almaty is still Thursday in UTC: the Kazakhstan date counts.
    QTest::newRow("Friday 01:00 Almaty") << almaty(2026, 3, 20, 1) << QDate(2026, 3, 27);
    QTest::newRow("Thursday 2026-03-19") << almaty(2026, 3, 19, 15) << QDate(2026, 3, 26);
    QTest::newRow("Monday 2026-03-16") << almaty(2026, 3, 16, 10) << QDate(2026, 3, 18);
}

void ApplicationsTest::revocationDeadlineCountsWorkingDaysAcrossNauryz() {
    QFETCH(QDateTime, received);
    QFETCH(QDate, deadline);
    QVERIFY(aliyaWithCertificate() > 0);

    m_f->clock.set(received);
    // Typed as the holder wrote it: lower case with colons; the register stores the canonical form.
    QString typed;
    for (int i = 0; i < kSerial.size(); i += 2)
        typed += (i ? QStringLiteral(":") : QString()) + kSerial.mid(i, 2).toLower();
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                              ncaRevokeIndividual(typed, kIinAliya, received.date()));
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QVERIFY(rec->purpose == forms::FormPurpose::Revoke);
    QCOMPARE(rec->deadline, deadline);
    QCOMPARE(rec->data.value(QStringLiteral("cert_serial")).toString(), kSerial);
    QVERIFY(!rec->consent);
    auto last = m_f->reg->audit().events({}, 1);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->first().details.value(QStringLiteral("deadline")).toString(), deadline.toString(Qt::ISODate));

    // A request received on paper earlier is registered with its receipt time: same deadline.
    m_f->clock.set(received.addDays(1));
    auto late = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                                ncaRevokeIndividual(kSerial, kIinAliya, received.date()), received);
    TIRKEU_VERIFY_OK(late);
    auto lateRec = m_f->reg->applications().get(m_f->officerA, *late);
    TIRKEU_VERIFY_OK(lateRec);
    QCOMPARE(lateRec->receivedAt, received);
    QCOMPARE(lateRec->deadline, deadline);
}

void ApplicationsTest::receiptTimeInTheFutureIsRefused() {
    QVERIFY(aliyaWithCertificate() > 0);
    const Counts before = counts(*m_f);
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(kSerial),
                                              m_f->clock.now().addSecs(3600));
    TIRKEU_VERIFY_ERROR(id, ErrorCode::Invalid);
    QCOMPARE(counts(*m_f), before);
}

void ApplicationsTest::backdatedReceiptDoesNotShortenRetention() {
    // A paper form received long ago and registered only now: its deadline counts from the receipt,
    // but the register keeps the record (and the person) for the full period from now on; otherwise
    // the next retention sweep could delete an application that is still open.
    QVERIFY(aliyaWithCertificate() > 0);
    const QDateTime received = almaty(2019, 6, 3, 10);
    auto id = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kIssueInd,
        ncaIssueIndividual(kIinSecond, QStringLiteral("Омарова"), QStringLiteral("Дана"), received.date()), received);
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->receivedAt, received);
    QVERIFY2(rec->retentionUntil >= m_f->clock.now().addYears(5),
             qPrintable(rec->retentionUntil.toString(Qt::ISODate)));
    QVERIFY(fromDbTime(m_f->scalar(QStringLiteral("SELECT retention_until FROM persons WHERE iin = ?"), {kIinSecond})
                           .toString()) >= m_f->clock.now().addYears(5));

    auto revoke = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd,
                                                  ncaRevokeIndividual(kSerial, kIinAliya, QDate(2026, 2, 27)),
                                                  almaty(2026, 2, 27, 10));
    TIRKEU_VERIFY_OK(revoke);
    auto revokeRec = m_f->reg->applications().get(m_f->officerA, *revoke);
    TIRKEU_VERIFY_OK(revokeRec);
    QCOMPARE(revokeRec->deadline, QDate(2026, 3, 3)); // Fri Feb 27 + 2 working days
    QVERIFY(revokeRec->overdue == false);
    QVERIFY(revokeRec->retentionUntil >= m_f->clock.now().addYears(5));
}

void ApplicationsTest::decisionOnLetterIsLoggedUnderTheLettersSubject() {
    // A government body's letter names no IIN or BIN of its own; all of its events must still be found
    // under one subject in the event log.
    auto id = m_f->reg->applications().submit(m_f->operatorA, kGov, kGovIssue, govIssue());
    TIRKEU_VERIFY_OK(id);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id));
    TIRKEU_VERIFY_OK(m_f->reg->applications().markDone(m_f->officerB, *id));
    auto all = m_f->reg->audit().events({}, 3);
    TIRKEU_VERIFY_OK(all);
    QCOMPARE(all->size(), 3);
    const QString subject = all->at(2).subject;
    QCOMPARE(all->at(2).type, QStringLiteral("application.registered"));
    QVERIFY(!subject.isEmpty());
    auto events = m_f->reg->audit().events(subject);
    TIRKEU_VERIFY_OK(events);
    QStringList types;
    for (const AuditEvent& e : *events)
        types.prepend(e.type);
    QCOMPARE(types, (QStringList{QStringLiteral("application.registered"), QStringLiteral("application.approved"),
                                 QStringLiteral("application.done")}));
}

void ApplicationsTest::overdueAndDueTodayFollowTheClock() {
    QVERIFY(aliyaWithCertificate() > 0);
    m_f->clock.set(almaty(2026, 3, 20, 10));
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(kSerial));
    TIRKEU_VERIFY_OK(id);

    auto flags = [&]() -> QPair<bool, bool> {
        auto rec = m_f->reg->applications().get(m_f->officerA, *id);
        if (!rec)
            return {true, true};
        // The list computes the same flags as get().
        ApplicationFilter open;
        open.openOnly = true;
        auto list = m_f->reg->applications().list(m_f->officerA, open);
        for (const ApplicationRecord& r : list ? *list : QList<ApplicationRecord>())
            if (r.id == *id && (r.overdue != rec->overdue || r.dueToday != rec->dueToday))
                return {true, true};
        return {rec->dueToday, rec->overdue};
    };
    using Flags = QPair<bool, bool>; // dueToday, overdue
    QCOMPARE(flags(), Flags(false, false));
    m_f->clock.set(almaty(2026, 3, 26, 18));
    QCOMPARE(flags(), Flags(false, false));
    m_f->clock.set(almaty(2026, 3, 27, 0, 5));
    QCOMPARE(flags(), Flags(true, false));
    m_f->clock.set(almaty(2026, 3, 27, 23, 55));
    QCOMPARE(flags(), Flags(true, false));
    m_f->clock.set(almaty(2026, 3, 28, 0, 5));
    QCOMPARE(flags(), Flags(false, true));
    m_f->clock.set(almaty(2026, 4, 15, 12));
    QCOMPARE(flags(), Flags(false, true));

    // Still overdue once approved; no longer once done (it is closed).
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, *id));
    QCOMPARE(flags(), Flags(false, true));
    TIRKEU_VERIFY_OK(m_f->reg->applications().markDone(m_f->officerA, *id));
    QCOMPARE(flags(), Flags(false, false));
}

void ApplicationsTest::listFiltersByStatusCaOpenAndSubject() {
    Applications& apps = m_f->reg->applications();
    auto a1 = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya)); // registered
    TIRKEU_VERIFY_OK(a1);
    auto a2 = apps.submit(m_f->operatorA, kNca, kIssueInd,
                          ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
    TIRKEU_VERIFY_OK(a2);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerA, *a2)); // approved
    auto a3 = apps.submit(m_f->operatorA, kNca, kIssueLegal, ncaIssueLegal());
    TIRKEU_VERIFY_OK(a3);
    TIRKEU_VERIFY_OK(apps.reject(m_f->officerB, *a3, QStringLiteral("NCA-DOCS-MISSING"),
                                 QStringLiteral("сенімхат жоқ")));      // rejected
    auto a4 = apps.submit(m_f->operatorA, kGov, kGovIssue, govIssue()); // registered, Government CA
    TIRKEU_VERIFY_OK(a4);
    auto a5 = apps.submit(m_f->officerA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya));
    TIRKEU_VERIFY_OK(a5);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerB, *a5));
    TIRKEU_VERIFY_OK(apps.markDone(m_f->officerB, *a5)); // done

    auto listed = [&](const ApplicationFilter& filter) {
        auto r = apps.list(m_f->auditor, filter);
        return r ? ids(*r) : QList<qint64>{-1};
    };
    ApplicationFilter all;
    QCOMPARE(listed(all), (QList<qint64>{*a1, *a2, *a3, *a4, *a5}));

    ApplicationFilter registered;
    registered.status = ApplicationStatus::Registered;
    QCOMPARE(listed(registered), (QList<qint64>{*a1, *a4}));
    ApplicationFilter rejected;
    rejected.status = ApplicationStatus::Rejected;
    QCOMPARE(listed(rejected), (QList<qint64>{*a3}));
    ApplicationFilter done;
    done.status = ApplicationStatus::Done;
    QCOMPARE(listed(done), (QList<qint64>{*a5}));

    ApplicationFilter gov;
    gov.caCode = kGov;
    QCOMPARE(listed(gov), (QList<qint64>{*a4}));
    ApplicationFilter nca;
    nca.caCode = kNca;
    QCOMPARE(listed(nca), (QList<qint64>{*a1, *a2, *a3, *a5}));
    ApplicationFilter root;
    root.caCode = kRoot;
    QCOMPARE(listed(root), QList<qint64>());

    ApplicationFilter open;
    open.openOnly = true;
    QCOMPARE(listed(open), (QList<qint64>{*a1, *a2, *a4}));
    ApplicationFilter openNca;
    openNca.openOnly = true;
    openNca.caCode = kNca;
    QCOMPARE(listed(openNca), (QList<qint64>{*a1, *a2}));

    ApplicationFilter aliya;
    aliya.subject = kIinAliya;
    QCOMPARE(listed(aliya), (QList<qint64>{*a1, *a5}));
    ApplicationFilter company;
    company.subject = kBin;
    QCOMPARE(listed(company), (QList<qint64>{*a3}));
    ApplicationFilter stranger;
    stranger.subject = kIinFifth;
    QCOMPARE(listed(stranger), QList<qint64>());

    ApplicationFilter legalForm;
    legalForm.formCode = kIssueLegal;
    QCOMPARE(listed(legalForm), (QList<qint64>{*a3}));

    ApplicationFilter page;
    page.limit = 2;
    auto first = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(first);
    QCOMPARE(first->size(), 2);
    page.offset = 2;
    auto rest = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(rest);
    QCOMPARE(rest->size(), 2);
    page.offset = 4;
    auto last = apps.list(m_f->auditor, page);
    TIRKEU_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QList<qint64> paged = ids(*first) + ids(*rest) + ids(*last);
    std::sort(paged.begin(), paged.end());
    QCOMPARE(paged, (QList<qint64>{*a1, *a2, *a3, *a4, *a5}));

    // Listing needs a session.
    TIRKEU_VERIFY_ERROR(apps.list(Session{}, all), ErrorCode::Forbidden);
}

void ApplicationsTest::revocationOfSerialNotInRegisterIsNotFound() {
    QVERIFY(aliyaWithCertificate() > 0);
    m_f->clock.set(almaty(2026, 3, 20, 10));
    const Counts before = counts(*m_f);
    const QString unknown = QStringLiteral("0A0B0C0D0E0F");
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(unknown));
    TIRKEU_VERIFY_ERROR(id, ErrorCode::NotFound);
    QVERIFY2(id.message().contains(unknown), qPrintable(id.message()));
    QCOMPARE(counts(*m_f), before);

    // The serial of another CA's register is not this CA's certificate.
    auto govCert = m_f->insertCertificate(m_f->govId, QStringLiteral("77AA"), kIinAliya, m_f->clock.now());
    TIRKEU_VERIFY_OK(govCert);
    TIRKEU_VERIFY_ERROR(
        m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(QStringLiteral("77AA"))),
        ErrorCode::NotFound);
    QCOMPARE(counts(*m_f), before);

    // The certificate that is in the register is accepted.
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(kSerial)));
}

void ApplicationsTest::revocationOfAnotherPersonsCertificateIsRefused() {
    QVERIFY(aliyaWithCertificate() > 0);
    const Counts before = counts(*m_f);
    // Someone else names Әлия's certificate on their own form.
    auto other =
        m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(kSerial, kIinSecond));
    TIRKEU_VERIFY_ERROR(other, ErrorCode::Invalid);
    QCOMPARE(counts(*m_f), before);

    // An already revoked certificate cannot be revoked again.
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'revoked' WHERE serial = ?"), {kSerial}));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, ncaRevokeIndividual(kSerial)),
                        ErrorCode::Conflict);
    QCOMPARE(counts(*m_f), before);
}

void ApplicationsTest::unknownApplicationIsNotFound() {
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().get(m_f->officerA, 4242), ErrorCode::NotFound);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerA, 4242), ErrorCode::NotFound);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().markDone(m_f->officerA, 4242), ErrorCode::NotFound);
}

// Order 348 App. 2 cl. 13: the body reports within 3 calendar days that a holder left the job. A letter with that
// reason names the day (not after receipt); the application says how late the report came, and so does its
// event; a letter without the day, or with a day after receipt, is refused and writes nothing.
void ApplicationsTest::governmentLetterNamesTheDayAPersonLeft() {
    // Дәулет Әбішев's GOV certificate, issued from a letter.
    auto issueLetter = m_f->reg->applications().submit(m_f->operatorA, kGov, kGovIssue, govIssue());
    TIRKEU_VERIFY_OK(issueLetter);
    const QString serial = QStringLiteral("7A11D0C0FFEE0001");
    TIRKEU_VERIFY_OK(
        m_f->insertCertificate(m_f->govId, serial, kIinThird, m_f->clock.now().addDays(-20), *issueLetter));

    const auto revokeLetter = [&](const QString& leftOn) { return govRevoke({serial, leftOn}); };
    // The newest event (the letter's registration).
    const auto lastRegistered = [&]() -> QJsonObject {
        auto events = m_f->reg->audit().events({}, 1);
        if (!events || events->isEmpty() || events->first().type != u"application.registered")
            return {};
        return events->first().details;
    };
    const Counts before = counts(*m_f);
    for (const QString& bad : {QString(), QStringLiteral("2026-03-03")}) {
        auto refused =
            m_f->reg->applications().submit(m_f->operatorA, kGov, QStringLiteral("GOV-REVOKE"), revokeLetter(bad));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Invalid);
        QVERIFY2(refused.error().message.contains(kIinThird), qPrintable(refused.error().message));
        QCOMPARE(counts(*m_f), before);
    }

    // Left on Wednesday 25 February, reported Monday 2 March: 5 days, the limit is 3.
    auto late = m_f->reg->applications().submit(m_f->operatorA, kGov, QStringLiteral("GOV-REVOKE"),
                                                revokeLetter(QStringLiteral("2026-02-25")));
    TIRKEU_VERIFY_OK(late);
    auto rec = m_f->reg->applications().get(m_f->officerA, *late);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->employmentEndReports.size(), 1);
    const EmploymentEndReport& r = rec->employmentEndReports.first();
    QCOMPARE(r.iin, kIinThird);
    QCOMPARE(r.endedOn, QDate(2026, 2, 25));
    QCOMPARE(r.reportedOn, QDate(2026, 3, 2));
    QCOMPARE(r.daysAfter, 5);
    QCOMPARE(r.limitDays, 3);
    QVERIFY(r.late);
    // The revocation itself is due within 2 working days of receipt (cl. 14), tracked like any deadline.
    QCOMPARE(rec->deadline, QDate(2026, 3, 4));
    const QJsonObject event = lastRegistered();
    const QJsonArray lateReports = event.value(QStringLiteral("employment_end_reported_late")).toArray();
    QCOMPARE(lateReports.size(), 1);
    QCOMPARE(lateReports.first().toObject().value(QStringLiteral("days_after")).toInt(), 5);
    QCOMPARE(lateReports.first().toObject().value(QStringLiteral("iin")).toString(), kIinThird);

    // Reported on time: in the record, not in the event.
    TIRKEU_VERIFY_OK(m_f->reg->applications().reject(m_f->officerA, *late, QStringLiteral("GOV-NOT-ON-FORM"), {}));
    auto onTime = m_f->reg->applications().submit(m_f->operatorA, kGov, QStringLiteral("GOV-REVOKE"),
                                                  revokeLetter(QStringLiteral("2026-02-28")));
    TIRKEU_VERIFY_OK(onTime);
    rec = m_f->reg->applications().get(m_f->officerA, *onTime);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->employmentEndReports.size(), 1);
    QCOMPARE(rec->employmentEndReports.first().daysAfter, 2);
    QVERIFY(!rec->employmentEndReports.first().late);
    QCOMPARE(lastRegistered().value(QStringLiteral("application")).toInteger(), *onTime);
    QVERIFY(!lastRegistered().contains(QStringLiteral("employment_end_reported_late")));
}

// Attack (session 24, F3): an application registered for a known IIN with another name and e-mail, then
// rejected, rewrote the holder's record at registration — no event, `audit verify` intact, and the holder's
// next revocation notice went to the attacker's address. Now a registration adds a new holder or leaves a
// known one as it is; an approved application changes the holder's data, named in the approval's event.
void ApplicationsTest::onlyAnApprovedApplicationChangesTheHolder() {
    auto& apps = m_f->reg->applications();
    const auto holder = [this] {
        return m_f
            ->scalar(QStringLiteral("SELECT surname || '|' || name || '|' || email || '|' || phone || '|' || "
                                    "search_key FROM persons WHERE iin = ?"),
                     {kIinAliya})
            .toString();
    };
    auto first = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(first);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerA, *first));
    const QString known = holder();
    QVERIFY2(known.startsWith(QStringLiteral("Қасымова|Әлия|aliya.kassymova@example.kz|+77012345678|")),
             qPrintable(known));

    forms::Submission hostile = ncaIssueIndividual(kIinAliya, QStringLiteral("Злоумышленник"), QStringLiteral("Иван"));
    hostile.data.insert(QStringLiteral("email"), QStringLiteral("attacker@evil.example"));
    hostile.data.insert(QStringLiteral("phone"), QStringLiteral("+7 701 999 99 99"));
    auto second = apps.submit(m_f->operatorA, kNca, kIssueInd, hostile);
    TIRKEU_VERIFY_OK(second);
    QCOMPARE(holder(), known);
    TIRKEU_VERIFY_OK(apps.reject(m_f->officerA, *second, QStringLiteral("NCA-DATA-MISMATCH")));
    QCOMPARE(holder(), known);
    QCOMPARE(m_f->count(QStringLiteral("persons")), qint64(1));

    // A real change (a new e-mail and surname), approved by an officer: the holder's record follows it, the
    // name search too, and the approval's event says what changed.
    forms::Submission moved = ncaIssueIndividual(kIinAliya, QStringLiteral("Серікова"));
    moved.data.insert(QStringLiteral("email"), QStringLiteral("aliya.serikova@example.kz"));
    auto third = apps.submit(m_f->operatorA, kNca, kIssueInd, moved);
    TIRKEU_VERIFY_OK(third);
    QCOMPARE(holder(), known);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerA, *third));
    QVERIFY2(holder().startsWith(QStringLiteral("Серікова|Әлия|aliya.serikova@example.kz|+77012345678|серікова")),
             qPrintable(holder()));
    auto events = m_f->reg->audit().events(kIinAliya);
    TIRKEU_VERIFY_OK(events);
    QCOMPARE(events->first().type, QStringLiteral("application.approved"));
    const QJsonArray changed = events->first().details.value(QStringLiteral("holder_data_changed")).toArray();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0)[QStringLiteral("iin")].toString(), kIinAliya);
    const QJsonObject fields = changed.at(0)[QStringLiteral("changed")].toObject();
    QCOMPARE(fields.keys(), (QStringList{QStringLiteral("email"), QStringLiteral("surname")}));
    QCOMPARE(fields[QStringLiteral("email")][QStringLiteral("from")].toString(),
             QStringLiteral("aliya.kassymova@example.kz"));
    QCOMPARE(fields[QStringLiteral("surname")][QStringLiteral("to")].toString(), QStringLiteral("Серікова"));
    // The first approval named no change (a new holder), nor does one with the same data.
    auto again = apps.submit(m_f->operatorA, kNca, kIssueInd, moved);
    TIRKEU_VERIFY_OK(again);
    TIRKEU_VERIFY_OK(apps.approve(m_f->officerA, *again));
    events = m_f->reg->audit().events(kIinAliya);
    QVERIFY(!events->first().details.contains(QStringLiteral("holder_data_changed")));
    auto verdict = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(verdict);
    QVERIFY2(verdict->ok, qPrintable(verdict->problem));
}

TIRKEU_TEST_GUILESS_MAIN(ApplicationsTest)
#include "tst_applications.moc"
