// Applications: registration of the official forms and the workflow registered -> approved -> done /
// rejected: the audit event of each step, the four-eyes rule, refusals on the CA kind's list of
// grounds (and for missing documents), how the holder was identified, a government body's letter (its
// events under one subject, the day a person left the job) and the holder's record, which only an
// approved application changes. Validation that writes nothing on bad input is in
// tst_applications_validation, legal deadlines and the application list in tst_applications_deadlines.
// The register runs on a FixedClock (registry/ApplicationsTestSupport.h).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/ApplicationsTestSupport.h"
#include "registry/AuditLog.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class ApplicationsTest : public QObject, protected ApplicationsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createTemplate(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

    void submitRegistersApplicationAndWritesAuditEvent();
    void approveBySameOfficerIsRefusedByFourEyes();
    void approveByAnotherOfficerApproves();
    void rejectNeedsReason();
    void refusalGroundsPerCaKind();
    void missingDocumentsRegisteredThenRefused();
    void identificationRecorded();
    void markDoneOnlyAfterApproval();
    void decisionOnLetterIsLoggedUnderTheLettersSubject();
    void governmentLetterNamesTheDayAPersonLeft();
    void onlyAnApprovedApplicationChangesTheHolder();
};

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

    const auto revokeLetter = [&](const QString& leftOn) { return govRevoke({serial, leftOn, m_f->issuedOn(serial)}); };
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

    // Attack of session 32, B18: another body's letter does not revoke this body's employee, known by IIN.
    forms::Submission otherBody = revokeLetter(QStringLiteral("2026-02-28"));
    otherBody.data.insert(QStringLiteral("org_name"), QStringLiteral("Қазақстан Республикасының Денсаулық сақтау "
                                                                     "министрлігі"));
    auto stranger = m_f->reg->applications().submit(m_f->operatorA, kGov, QStringLiteral("GOV-REVOKE"), otherBody);
    TIRKEU_VERIFY_ERROR(stranger, ErrorCode::Invalid);
    QVERIFY2(stranger.message().contains(QStringLiteral("Денсаулық")), qPrintable(stranger.message()));
    QCOMPARE(counts(*m_f), before);

    // Attack of session 32, B23: the row gives the certificate's issue date, 10 February (its first day in Almaty);
    // another day is refused, naming the real one.
    auto misdated = m_f->reg->applications().submit(
        m_f->operatorA, kGov, QStringLiteral("GOV-REVOKE"),
        govRevoke({serial, QStringLiteral("2026-02-28"), QStringLiteral("2026-02-09")}));
    TIRKEU_VERIFY_ERROR(misdated, ErrorCode::Invalid);
    QVERIFY2(misdated.message().contains(QStringLiteral("10.02.2026")) &&
                 misdated.message().contains(QStringLiteral("09.02.2026")),
             qPrintable(misdated.message()));
    QCOMPARE(counts(*m_f), before);

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
