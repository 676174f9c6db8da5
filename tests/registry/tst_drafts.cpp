// Drafts of applications being typed (registry/Drafts.h): kept as typed (Kazakh letters included),
// seen and changed only by the operator who typed them, never part of the register's event log, gone
// after 30 days, bounded in size and number; a draft is no application.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Drafts.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class DraftsTest : public QObject {
    Q_OBJECT

    RegistryFixture m_base;
    std::unique_ptr<RegistryFixture> m_fx;

    static Draft individualDraft() {
        Draft d;
        d.caCode = kNca;
        d.formCode = kIssueInd;
        d.submission = ncaIssueIndividual();
        d.submission.consent = false; // half-typed: not yet ticked
        return d;
    }

    qint64 events() { return m_fx->count(QStringLiteral("audit_events")); }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_base.create(almaty(2026, 3, 2)), qPrintable(m_base.error)); }

    void init() {
        m_fx = std::make_unique<RegistryFixture>();
        QVERIFY2(m_fx->copyOf(m_base, almaty(2026, 3, 2, 11)), qPrintable(m_fx->error));
    }
    void cleanup() { m_fx.reset(); }

    void aDraftComesBackAsTyped() {
        Drafts drafts(*m_fx->reg);
        const qint64 before = events();
        const qint64 apps = m_fx->count(QStringLiteral("applications"));
        auto id = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(id);
        QVERIFY(*id > 0);
        auto d = drafts.get(m_fx->operatorA, *id);
        TIRKEU_VERIFY_OK(d);
        QCOMPARE(d->caCode, kNca);
        QCOMPARE(d->formCode, kIssueInd);
        QCOMPARE(d->submission.data, ncaIssueIndividual().data);
        QCOMPARE(d->submission.attachments, ncaIssueIndividual().attachments);
        QVERIFY(!d->submission.consent);
        QCOMPARE(d->summary(), QStringLiteral("900701300108 — Қасымова Әлия Серікқызы"));
        QCOMPARE(d->createdAt, almaty(2026, 3, 2, 11));
        // Scratch data: no application, no event in the register's log.
        QCOMPARE(events(), before);
        QCOMPARE(m_fx->count(QStringLiteral("applications")), apps);

        // Saved again later: the same draft, changed.
        m_fx->clock.advanceSecs(60);
        Draft changed = *d;
        changed.submission.data.insert(QStringLiteral("name"), QStringLiteral("Әлиябану"));
        changed.submission.consent = true;
        auto again = drafts.save(m_fx->operatorA, changed);
        TIRKEU_VERIFY_OK(again);
        QCOMPARE(*again, *id);
        auto list = drafts.list(m_fx->operatorA);
        TIRKEU_VERIFY_OK(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().submission.data.value(QStringLiteral("name")).toString(), QStringLiteral("Әлиябану"));
        QVERIFY(list->first().submission.consent);
        QCOMPARE(list->first().updatedAt, almaty(2026, 3, 2, 11).addSecs(60));
        QCOMPARE(list->first().createdAt, almaty(2026, 3, 2, 11));
        QCOMPARE(events(), before);
    }

    void newestChangeComesFirst() {
        Drafts drafts(*m_fx->reg);
        Draft gov;
        gov.caCode = kGov;
        gov.formCode = kGovIssue;
        gov.submission = govIssue();
        auto first = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(first);
        m_fx->clock.advanceSecs(5);
        auto second = drafts.save(m_fx->operatorA, gov);
        TIRKEU_VERIFY_OK(second);
        auto list = drafts.list(m_fx->operatorA);
        TIRKEU_VERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).id, *second);
        QVERIFY2(
            list->at(0).summary().startsWith(QStringLiteral("Қазақстан Республикасының Қаржы министрлігі — 1 person")),
            qPrintable(list->at(0).summary()));
        Draft legal;
        legal.submission = ncaIssueLegal();
        QCOMPARE(legal.summary(),
                 QStringLiteral("230340123459 — Жарық ЖШС")); // the organisation, not its representative
        QCOMPARE(list->at(1).id, *first);
    }

    void onlyTheOperatorWhoTypedItSeesIt() {
        Drafts drafts(*m_fx->reg);
        auto id = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(id);
        // Another counter worker: not listed, not found, cannot overwrite or delete it.
        auto list = drafts.list(m_fx->officerA);
        TIRKEU_VERIFY_OK(list);
        QVERIFY(list->isEmpty());
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->officerA, *id), ErrorCode::NotFound);
        Draft hijack = individualDraft();
        hijack.id = *id;
        hijack.submission.data.insert(QStringLiteral("surname"), QStringLiteral("Басқа"));
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->officerA, hijack), ErrorCode::NotFound);
        TIRKEU_VERIFY_ERROR(drafts.remove(m_fx->officerA, *id), ErrorCode::NotFound);
        // Roles that do not work at the counter, and nobody signed in, are refused outright.
        TIRKEU_VERIFY_ERROR(drafts.list(m_fx->auditor), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->admin, individualDraft()), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(drafts.get(Session{}, *id), ErrorCode::Forbidden);
        // The owner's draft is untouched.
        auto d = drafts.get(m_fx->operatorA, *id);
        TIRKEU_VERIFY_OK(d);
        QCOMPARE(d->submission.data.value(QStringLiteral("surname")).toString(), QStringLiteral("Қасымова"));
        TIRKEU_VERIFY_OK(drafts.remove(m_fx->operatorA, *id));
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->operatorA, *id), ErrorCode::NotFound);
        TIRKEU_VERIFY_ERROR(drafts.remove(m_fx->operatorA, *id), ErrorCode::NotFound);
    }

    void draftsExpireAfterThirtyDays() {
        Drafts drafts(*m_fx->reg);
        auto old = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(old);
        m_fx->clock.advanceDays(20);
        auto recent = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(recent);
        m_fx->clock.advanceDays(Drafts::kKeepDays - 20);
        m_fx->clock.advanceSecs(1); // the first draft is now 30 days and a second old
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->operatorA, *old), ErrorCode::NotFound);
        Draft late = individualDraft();
        late.id = *old;
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->operatorA, late), ErrorCode::NotFound);
        auto list = drafts.list(m_fx->operatorA);
        TIRKEU_VERIFY_OK(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().id, *recent);
        // Gone from the file, not only hidden: personal data is not kept longer than the draft.
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT count(*) FROM application_drafts WHERE id = ?"), {*old}).toInt(),
                 0);
        m_fx->clock.advanceDays(Drafts::kKeepDays);
        auto purged = drafts.purgeExpired();
        TIRKEU_VERIFY_OK(purged);
        QCOMPARE(*purged, 1);
        QCOMPARE(m_fx->count(QStringLiteral("application_drafts")), 0);
    }

    void badDraftsAreRefusedAndChangeNothing() {
        Drafts drafts(*m_fx->reg);
        Draft unknown = individualDraft();
        unknown.formCode = QStringLiteral("NO-SUCH-FORM");
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->operatorA, unknown), ErrorCode::Invalid);
        Draft noCa = individualDraft();
        noCa.caCode = QStringLiteral("  ");
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->operatorA, noCa), ErrorCode::Invalid);
        Draft huge = individualDraft();
        huge.submission.data.insert(QStringLiteral("surname"), QString(Drafts::kMaxBytes, QChar(u'Ә')));
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->operatorA, huge), ErrorCode::Invalid);
        QCOMPARE(m_fx->count(QStringLiteral("application_drafts")), 0);
        for (int i = 0; i < Drafts::kMaxPerOperator; ++i)
            TIRKEU_VERIFY_OK(drafts.save(m_fx->operatorA, individualDraft()));
        TIRKEU_VERIFY_ERROR(drafts.save(m_fx->operatorA, individualDraft()), ErrorCode::Conflict);
        QCOMPARE(m_fx->count(QStringLiteral("application_drafts")), qint64(Drafts::kMaxPerOperator));
        // Another operator's drafts do not count against this one.
        TIRKEU_VERIFY_OK(drafts.save(m_fx->officerA, individualDraft()));
    }

    void registeringTheApplicationEndsItsDraftInTheSameTransaction() {
        Drafts drafts(*m_fx->reg);
        Draft d = individualDraft();
        auto id = drafts.save(m_fx->operatorA, d);
        TIRKEU_VERIFY_OK(id);
        d.id = *id;
        const qint64 apps = m_fx->count(QStringLiteral("applications"));
        // Refused by the registry (no consent yet): nothing registered, the draft stays.
        TIRKEU_VERIFY_ERROR(drafts.submit(m_fx->operatorA, d), ErrorCode::Invalid);
        QCOMPARE(m_fx->count(QStringLiteral("applications")), apps);
        TIRKEU_VERIFY_OK(drafts.get(m_fx->operatorA, *id));
        d.submission.consent = true;
        if (!onPostgres()) {
            // The draft cannot be marked registered (a trigger, as an attacker or a full disk would make it
            // fail): the application is not registered either.
            TIRKEU_VERIFY_OK(
                m_fx->exec(QStringLiteral("CREATE TRIGGER drafts_stuck BEFORE UPDATE ON application_drafts "
                                          "BEGIN SELECT RAISE(ABORT, 'stuck'); END")));
            QVERIFY(!drafts.submit(m_fx->operatorA, d).ok());
            QCOMPARE(m_fx->count(QStringLiteral("applications")), apps);
            TIRKEU_VERIFY_OK(m_fx->exec(QStringLiteral("DROP TRIGGER drafts_stuck")));
        }
        auto app = drafts.submit(m_fx->operatorA, d);
        TIRKEU_VERIFY_OK(app);
        QCOMPARE(m_fx->count(QStringLiteral("applications")), apps + 1);
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->operatorA, *id), ErrorCode::Conflict);
        auto rec = m_fx->reg->applications().get(m_fx->operatorA, *app);
        TIRKEU_VERIFY_OK(rec);
        QCOMPARE(rec->applicantName, QStringLiteral("Қасымова Әлия Серікқызы"));
        // Another operator cannot use someone's draft id to delete it while registering.
        auto other = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(other);
        Draft foreign = individualDraft();
        foreign.submission = ncaIssueIndividual(kIinSecond, QStringLiteral("Ахметов"), QStringLiteral("Бекзат"));
        foreign.id = *other;
        TIRKEU_VERIFY_OK(drafts.submit(m_fx->officerA, foreign));
        TIRKEU_VERIFY_OK(drafts.get(m_fx->operatorA, *other));
    }

    void aDraftIsRegisteredOnceWhateverTheWindows() {
        // Two windows of one operator hold the same draft (or `application draft-submit` runs while the
        // window is open): the second registration is refused and names the application, its autosave
        // does not bring the draft back under a new number, and the personal data is gone from the draft.
        Drafts drafts(*m_fx->reg);
        Draft d = individualDraft();
        d.submission.consent = true;
        auto id = drafts.save(m_fx->operatorA, d);
        TIRKEU_VERIFY_OK(id);
        d.id = *id;
        const Draft otherWindow = d;
        auto app = drafts.submit(m_fx->operatorA, d);
        TIRKEU_VERIFY_OK(app);
        const qint64 apps = m_fx->count(QStringLiteral("applications"));
        const qint64 eventsBefore = events();
        auto again = drafts.submit(m_fx->operatorA, otherWindow);
        TIRKEU_VERIFY_ERROR(again, ErrorCode::Conflict);
        QVERIFY2(again.message().contains(QString::number(*app)), qPrintable(again.message()));
        QCOMPARE(m_fx->count(QStringLiteral("applications")), apps);
        QCOMPARE(events(), eventsBefore);
        auto autosave = drafts.save(m_fx->operatorA, otherWindow);
        TIRKEU_VERIFY_ERROR(autosave, ErrorCode::Conflict);
        QVERIFY2(autosave.message().contains(QString::number(*app)), qPrintable(autosave.message()));
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->operatorA, *id), ErrorCode::Conflict);
        TIRKEU_VERIFY_ERROR(drafts.remove(m_fx->operatorA, *id), ErrorCode::Conflict);
        auto list = drafts.list(m_fx->operatorA);
        TIRKEU_VERIFY_OK(list);
        QVERIFY(list->isEmpty());
        // Nothing of what was typed stays in the draft's row.
        const QString row = m_fx->scalar(QStringLiteral("SELECT coalesce(content, '') || coalesce(replaces_serial, '') "
                                                        "FROM application_drafts WHERE id = ?"),
                                         {*id})
                                .toString();
        QVERIFY2(!row.contains(kIinAliya) && !row.contains(QStringLiteral("Қасымова")), qPrintable(row));
        // A new draft never takes the registered draft's number (SQLite reuses the highest rowid).
        auto next = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(next);
        QVERIFY(*next != *id);
        // Another operator who guesses the number learns nothing and registers nothing under it.
        Draft foreign = otherWindow;
        foreign.submission = ncaIssueIndividual(kIinSecond, QStringLiteral("Ахметов"), QStringLiteral("Бекзат"));
        TIRKEU_VERIFY_ERROR(drafts.get(m_fx->officerA, *id), ErrorCode::NotFound);
        TIRKEU_VERIFY_OK(drafts.submit(m_fx->officerA, foreign));
        // The record that it was registered goes with the other drafts after kKeepDays days.
        m_fx->clock.advanceDays(Drafts::kKeepDays);
        m_fx->clock.advanceSecs(1);
        TIRKEU_VERIFY_OK(drafts.purgeExpired());
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT count(*) FROM application_drafts WHERE id = ?"), {*id}).toInt(),
                 0);
    }

    void aDamagedDraftRowOpensEmptyNotCrashing() {
        // Someone edits the file: a draft whose content is not JSON comes back with no data, not a crash.
        Drafts drafts(*m_fx->reg);
        auto id = drafts.save(m_fx->operatorA, individualDraft());
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(
            m_fx->exec(QStringLiteral("UPDATE application_drafts SET content = '{not json' WHERE id = ?"), {*id}));
        auto d = drafts.get(m_fx->operatorA, *id);
        TIRKEU_VERIFY_OK(d);
        QVERIFY(d->submission.data.isEmpty());
        QVERIFY(d->summary().isEmpty());
    }
};

TIRKEU_TEST_GUILESS_MAIN(DraftsTest)
#include "tst_drafts.moc"
