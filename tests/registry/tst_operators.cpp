// Operator accounts and roles: the first administrator, sign-in, disabled accounts, password storage,
// and the role refusals of SPEC.md §1 (who may do what).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/KdfPolicy.h"
#include "registry/AuditLog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QSet>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class OperatorsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstAdministratorIsCreatedOnlyOnce();
    void firstAdministratorNeedsValidLoginAndPassword();
    void firstAdministratorIsRefusedOnceStaffExists();
    void signInWithRightPasswordGivesSession();
    void signInWithWrongPasswordIsRefused();
    void disabledAccountIsRefusedAtSignIn();
    void passwordIsStoredAsScryptHashNeverInPlain();
    void operatorCannotAddOperators();
    void addedOperatorCanSignInAndIsAudited();
    void duplicateLoginIsRefused();
    void auditorCannotSubmitApplications();
    void administratorCannotApproveApplications();
    void cannotDisableOwnAccount();
    void changePasswordReplacesTheOldOne();
    void roleChangeIsAuditedAndKeepsAnAdministrator();
    void disabledOrDemotedMidSessionRecordsNothing();

private:
    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
};

void OperatorsTest::initTestCase() {
    QVERIFY2(m_template.create(almaty(2026, 3, 2)), qPrintable(m_template.error));
}

void OperatorsTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 11)), qPrintable(m_f->error));
}

void OperatorsTest::cleanup() {
    m_f.reset();
}

void OperatorsTest::firstAdministratorIsCreatedOnlyOnce() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    auto any = f.reg->operators().any();
    TIRKEU_VERIFY_OK(any);
    QVERIFY(!*any);

    auto admin = f.reg->operators().createFirstAdministrator(QStringLiteral("admin"),
                                                             QStringLiteral("  Жұмабаева Гүлнар "), kPassword);
    TIRKEU_VERIFY_OK(admin);
    QVERIFY(admin->operatorId > 0);
    QCOMPARE(admin->login, QStringLiteral("admin"));
    QCOMPARE(admin->fullName, QStringLiteral("Жұмабаева Гүлнар"));
    QVERIFY(admin->role == Role::Administrator);
    any = f.reg->operators().any();
    TIRKEU_VERIFY_OK(any);
    QVERIFY(*any);
    QCOMPARE(f.count(QStringLiteral("audit_events WHERE event_type = 'operator.first_administrator' AND operator = "
                                    "'admin'")),
             qint64(1));

    // A second "first" administrator would be a way in without an administrator's consent.
    auto second = f.reg->operators().createFirstAdministrator(QStringLiteral("intruder"), QStringLiteral("Бөтен Адам"),
                                                              QStringLiteral("another-password"));
    TIRKEU_VERIFY_ERROR(second, ErrorCode::Forbidden);
    QCOMPARE(f.count(QStringLiteral("operators")), qint64(1));
    QCOMPARE(f.count(QStringLiteral("audit_events")), qint64(1));
    TIRKEU_VERIFY_ERROR(f.reg->operators().signIn(QStringLiteral("intruder"), QStringLiteral("another-password")),
                        ErrorCode::Forbidden);
}

void OperatorsTest::firstAdministratorNeedsValidLoginAndPassword() {
    RegistryFixture f;
    QVERIFY2(f.create(almaty(2026, 3, 2), false), qPrintable(f.error));
    Operators& ops = f.reg->operators();
    const QString name = QStringLiteral("Жұмабаева Гүлнар");
    TIRKEU_VERIFY_ERROR(ops.createFirstAdministrator(QStringLiteral("admin"), name, QStringLiteral("1234567")),
                        ErrorCode::Invalid); // 7 characters
    TIRKEU_VERIFY_ERROR(
        ops.createFirstAdministrator(QStringLiteral("administrator"), name, QStringLiteral("ADMINISTRATOR")),
        ErrorCode::Invalid); // the password is the login
    // Attack of session 32, B26: nor the passwords tried first, nor a few characters repeated.
    for (const QString& weak : {QStringLiteral("12345678"), QStringLiteral("Password"), QStringLiteral("qwertyui"),
                                QStringLiteral("abababab")})
        TIRKEU_VERIFY_ERROR(ops.createFirstAdministrator(QStringLiteral("admin"), name, weak), ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(ops.createFirstAdministrator(QStringLiteral("Admin"), name, kPassword), ErrorCode::Invalid);
    TIRKEU_VERIFY_ERROR(ops.createFirstAdministrator(QStringLiteral("admin"), QStringLiteral("   "), kPassword),
                        ErrorCode::Invalid);
    QCOMPARE(f.count(QStringLiteral("operators")), qint64(0));
    QCOMPARE(f.count(QStringLiteral("audit_events")), qint64(0));
}

void OperatorsTest::firstAdministratorIsRefusedOnceStaffExists() {
    const qint64 before = m_f->count(QStringLiteral("operators"));
    TIRKEU_VERIFY_ERROR(
        m_f->reg->operators().createFirstAdministrator(QStringLiteral("root"), QStringLiteral("Түбір"), kPassword),
        ErrorCode::Forbidden);
    QCOMPARE(m_f->count(QStringLiteral("operators")), before);
}

void OperatorsTest::signInWithRightPasswordGivesSession() {
    auto s = m_f->reg->operators().signIn(QStringLiteral("officer.a"), kPassword);
    TIRKEU_VERIFY_OK(s);
    QCOMPARE(s->operatorId, m_f->officerA.operatorId);
    QCOMPARE(s->login, QStringLiteral("officer.a"));
    QCOMPARE(s->fullName, QStringLiteral("Төлеуов Бауыржан"));
    QVERIFY(s->role == Role::Officer);

    auto a = m_f->reg->operators().signIn(QStringLiteral("auditor"), kPassword);
    TIRKEU_VERIFY_OK(a);
    QVERIFY(a->role == Role::Auditor);
}

void OperatorsTest::signInWithWrongPasswordIsRefused() {
    auto wrong = m_f->reg->operators().signIn(QStringLiteral("officer.a"), QStringLiteral("Құпия-сөз-2025"));
    TIRKEU_VERIFY_ERROR(wrong, ErrorCode::Forbidden);
    auto empty = m_f->reg->operators().signIn(QStringLiteral("officer.a"), QString());
    TIRKEU_VERIFY_ERROR(empty, ErrorCode::Forbidden);
    // An unknown login gets the same answer: no hint which logins exist.
    auto unknown = m_f->reg->operators().signIn(QStringLiteral("nobody"), kPassword);
    TIRKEU_VERIFY_ERROR(unknown, ErrorCode::Forbidden);
    QCOMPARE(unknown.message(), wrong.message());
    QVERIFY(!wrong.message().contains(kPassword));
}

void OperatorsTest::disabledAccountIsRefusedAtSignIn() {
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    TIRKEU_VERIFY_OK(m_f->reg->operators().disable(m_f->admin, QStringLiteral("operator")));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT active FROM operators WHERE login = 'operator'")).toInt(), 0);
    QVERIFY(
        fromDbTime(m_f->scalar(QStringLiteral("SELECT disabled_at FROM operators WHERE login = 'operator'")).toString())
            .isValid());
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events + 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT event_type || ' ' || operator || ' ' || subject FROM audit_events "
                                        "ORDER BY seq DESC LIMIT 1"))
                 .toString(),
             QStringLiteral("operator.disabled admin operator"));

    auto s = m_f->reg->operators().signIn(QStringLiteral("operator"), kPassword);
    TIRKEU_VERIFY_ERROR(s, ErrorCode::Forbidden);
    QVERIFY2(s.message().contains(u"disabled"), qPrintable(s.message()));
    // The record stays (nothing is deleted by ordinary work) and a second disable is a conflict.
    auto list = m_f->reg->operators().list(m_f->admin);
    TIRKEU_VERIFY_OK(list);
    bool found = false;
    for (const OperatorRecord& r : *list) {
        if (r.login == u"operator") {
            found = true;
            QVERIFY(!r.active);
        } else {
            QVERIFY2(r.active, qPrintable(r.login));
        }
    }
    QVERIFY(found);
    TIRKEU_VERIFY_ERROR(m_f->reg->operators().disable(m_f->admin, QStringLiteral("operator")), ErrorCode::Conflict);
    TIRKEU_VERIFY_ERROR(m_f->reg->operators().disable(m_f->admin, QStringLiteral("nobody")), ErrorCode::NotFound);
    // The disable, and the refused sign-in (every failed sign-in is logged).
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events + 2);
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'operator.signin_failed' AND subject = "
                                       "'operator'")),
             qint64(1));
    // Others still sign in.
    TIRKEU_VERIFY_OK(m_f->reg->operators().signIn(QStringLiteral("officer.b"), kPassword));
}

void OperatorsTest::passwordIsStoredAsScryptHashNeverInPlain() {
    auto q = m_f->reg->db().exec(QStringLiteral("SELECT login, password_hash FROM operators ORDER BY id"));
    TIRKEU_VERIFY_OK(q);
    QStringList hashes;
    while (q->next()) {
        const QString login = q->value(0).toString();
        const QString hash = q->value(1).toString();
        QVERIFY2(hash.startsWith(u"scrypt$"), qPrintable(login + u' ' + hash));
        // scrypt$<log2 N>$<r>$<p>$<salt>$<hash>
        const QStringList parts = hash.split(u'$');
        QCOMPARE(parts.size(), 6);
        // The cost in force (test programs run with pki::KdfPolicy's cheap costs); programs use >= 2^14.
        QCOMPARE(parts.at(1).toInt(), pki::KdfPolicy::passwordCost().log2N);
        QVERIFY(pki::ScryptCost{}.log2N >= 14);
        QVERIFY(!hash.contains(kPassword));
        hashes << hash;
    }
    QCOMPARE(hashes.size(), 5);
    // Everybody has the same password, and still every hash differs: salted.
    QCOMPARE(QSet<QString>(hashes.cbegin(), hashes.cend()).size(), hashes.size());

    // Nowhere in the file: not in a column, not in an audit event's details, not in a free page.
    // (A SQLite file; a PostgreSQL server's storage is not the register's to inspect.)
    if (onPostgres())
        return;
    m_f->close();
    QFile file(m_f->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.size() > 4096);
    QVERIFY(bytes.contains("scrypt$"));
    QVERIFY(!bytes.contains(kPassword.toUtf8()));
}

void OperatorsTest::operatorCannotAddOperators() {
    const qint64 operators = m_f->count(QStringLiteral("operators"));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    for (const Session* s : {&m_f->operatorA, &m_f->officerA, &m_f->auditor}) {
        auto id = m_f->reg->operators().add(*s, QStringLiteral("newcomer"), QStringLiteral("Жаңа Қызметкер"),
                                            Role::Administrator, kPassword);
        TIRKEU_VERIFY_ERROR(id, ErrorCode::Forbidden);
        QVERIFY2(id.message().contains(s->login), qPrintable(id.message()));
        TIRKEU_VERIFY_ERROR(m_f->reg->operators().disable(*s, QStringLiteral("officer.b")), ErrorCode::Forbidden);
    }
    // Not signed in at all.
    TIRKEU_VERIFY_ERROR(m_f->reg->operators().add(Session{}, QStringLiteral("newcomer"), QStringLiteral("Жаңа"),
                                                  Role::Operator, kPassword),
                        ErrorCode::Forbidden);
    QCOMPARE(m_f->count(QStringLiteral("operators")), operators);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT active FROM operators WHERE login = 'officer.b'")).toInt(), 1);
}

void OperatorsTest::addedOperatorCanSignInAndIsAudited() {
    auto id = m_f->reg->operators().add(m_f->admin, QStringLiteral("officer.c"), QStringLiteral("Ибраева Ләззат"),
                                        Role::Officer, QStringLiteral("басқа-құпия-сөз"));
    TIRKEU_VERIFY_OK(id);
    auto rec = m_f->reg->operators().find(*id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->login, QStringLiteral("officer.c"));
    QCOMPARE(rec->fullName, QStringLiteral("Ибраева Ләззат"));
    QVERIFY(rec->role == Role::Officer);
    QVERIFY(rec->active);
    QCOMPARE(rec->createdAt, m_f->clock.now());

    auto s = m_f->reg->operators().signIn(QStringLiteral("officer.c"), QStringLiteral("басқа-құпия-сөз"));
    TIRKEU_VERIFY_OK(s);
    QCOMPARE(s->operatorId, *id);

    auto events = m_f->reg->audit().events(QStringLiteral("officer.c"));
    TIRKEU_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    const AuditEvent& e = events->first();
    QCOMPARE(e.type, QStringLiteral("operator.added"));
    QCOMPARE(e.operatorLogin, QStringLiteral("admin"));
    QCOMPARE(e.details.value(QStringLiteral("role")).toString(), QStringLiteral("officer"));
    QCOMPARE(e.ts, m_f->clock.now());
    QVERIFY(!e.details.contains(QStringLiteral("password")));
}

void OperatorsTest::duplicateLoginIsRefused() {
    const qint64 operators = m_f->count(QStringLiteral("operators"));
    auto id = m_f->reg->operators().add(m_f->admin, QStringLiteral("officer.a"), QStringLiteral("Екінші Төлеуов"),
                                        Role::Administrator, QStringLiteral("басқа-құпия-сөз"));
    TIRKEU_VERIFY_ERROR(id, ErrorCode::Conflict);
    QCOMPARE(m_f->count(QStringLiteral("operators")), operators);
    // The existing account is untouched: same role, same password.
    auto s = m_f->reg->operators().signIn(QStringLiteral("officer.a"), kPassword);
    TIRKEU_VERIFY_OK(s);
    QVERIFY(s->role == Role::Officer);
}

void OperatorsTest::auditorCannotSubmitApplications() {
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    auto id = m_f->reg->applications().submit(m_f->auditor, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_ERROR(id, ErrorCode::Forbidden);
    QCOMPARE(m_f->count(QStringLiteral("applications")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("persons")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    // ... but reads the register and the event log.
    TIRKEU_VERIFY_OK(m_f->reg->applications().list(m_f->auditor, {}));
    QVERIFY(Roles::allows(Role::Auditor, Permission::VerifyAudit));
    QVERIFY(!Roles::allows(Role::Auditor, Permission::RegisterApplication));
}

void OperatorsTest::administratorCannotApproveApplications() {
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(id);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->admin, *id), ErrorCode::Forbidden);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().reject(m_f->admin, *id, QStringLiteral("NCA-DOCS-MISSING"),
                                                        QStringLiteral("құжаттар жоқ")),
                        ErrorCode::Forbidden);
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->auditor, *id), ErrorCode::Forbidden);
    // The counter operator registers but never decides.
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->operatorA, *id), ErrorCode::Forbidden);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*id}).toString(),
             QStringLiteral("registered"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->count(QStringLiteral("application_history")), qint64(1));
}

void OperatorsTest::cannotDisableOwnAccount() {
    auto r = m_f->reg->operators().disable(m_f->admin, QStringLiteral("admin"));
    TIRKEU_VERIFY_ERROR(r, ErrorCode::Conflict);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT active FROM operators WHERE login = 'admin'")).toInt(), 1);
    TIRKEU_VERIFY_OK(m_f->reg->operators().signIn(QStringLiteral("admin"), kPassword));
}

void OperatorsTest::changePasswordReplacesTheOldOne() {
    const QString before =
        m_f->scalar(QStringLiteral("SELECT password_hash FROM operators WHERE login = 'operator'")).toString();
    // Someone else's password: only an administrator.
    TIRKEU_VERIFY_ERROR(m_f->reg->operators().changePassword(m_f->officerA, QStringLiteral("operator"),
                                                             QStringLiteral("жаңа-құпия-сөз")),
                        ErrorCode::Forbidden);
    TIRKEU_VERIFY_ERROR(
        m_f->reg->operators().changePassword(m_f->operatorA, QStringLiteral("operator"), QStringLiteral("short")),
        ErrorCode::Invalid);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT password_hash FROM operators WHERE login = 'operator'")).toString(),
             before);

    TIRKEU_VERIFY_OK(m_f->reg->operators().changePassword(m_f->operatorA, QStringLiteral("operator"),
                                                          QStringLiteral("жаңа-құпия-сөз")));
    TIRKEU_VERIFY_ERROR(m_f->reg->operators().signIn(QStringLiteral("operator"), kPassword), ErrorCode::Forbidden);
    // Past the delay that the failed sign-in above starts.
    m_f->clock.advanceSecs(Operators::delaySeconds(1));
    TIRKEU_VERIFY_OK(m_f->reg->operators().signIn(QStringLiteral("operator"), QStringLiteral("жаңа-құпия-сөз")));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'operator.password_changed'")), qint64(1));
}

void OperatorsTest::roleChangeIsAuditedAndKeepsAnAdministrator() {
    Operators& ops = m_f->reg->operators();
    // Only administrators change roles.
    TIRKEU_VERIFY_ERROR(ops.setRole(m_f->officerA, QStringLiteral("operator"), Role::Officer), ErrorCode::Forbidden);
    TIRKEU_VERIFY_ERROR(ops.setRole(m_f->admin, QStringLiteral("nobody"), Role::Officer), ErrorCode::NotFound);
    TIRKEU_VERIFY_ERROR(ops.setRole(m_f->admin, QStringLiteral("operator"), Role::Operator), ErrorCode::Conflict);
    // The last active administrator keeps the role: the register would have no one to manage it.
    const Status last = ops.setRole(m_f->admin, m_f->admin.login, Role::Auditor);
    TIRKEU_VERIFY_ERROR(last, ErrorCode::Conflict);
    QVERIFY2(last.message().contains(u"last active administrator"), qPrintable(last.message()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT role FROM operators WHERE login = ?"), {m_f->admin.login}).toString(),
             QStringLiteral("administrator"));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'operator.role_changed'")), qint64(0));

    // The operator becomes an officer: recorded, audited with both roles, the open session ends.
    TIRKEU_VERIFY_OK(ops.checkActive(m_f->operatorA));
    TIRKEU_VERIFY_OK(ops.setRole(m_f->admin, QStringLiteral("operator"), Role::Officer));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT role FROM operators WHERE login = 'operator'")).toString(),
             QStringLiteral("officer"));
    const QJsonObject details =
        QJsonDocument::fromJson(
            m_f->scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'operator.role_changed'"))
                .toByteArray())
            .object();
    QCOMPARE(details.value(QStringLiteral("from")).toString(), QStringLiteral("operator"));
    QCOMPARE(details.value(QStringLiteral("to")).toString(), QStringLiteral("officer"));
    TIRKEU_VERIFY_ERROR(ops.checkActive(m_f->operatorA), ErrorCode::Forbidden);
    auto again = ops.signIn(QStringLiteral("operator"), kPassword);
    TIRKEU_VERIFY_OK(again);
    QCOMPARE(again->role, Role::Officer);

    // With a second administrator, the first may step down.
    TIRKEU_VERIFY_OK(ops.setRole(m_f->admin, QStringLiteral("operator"), Role::Administrator));
    TIRKEU_VERIFY_OK(ops.setRole(m_f->admin, m_f->admin.login, Role::Auditor));
    QCOMPARE(m_f->count(QStringLiteral("audit_events WHERE event_type = 'operator.role_changed'")), qint64(3));
    TIRKEU_VERIFY_OK(m_f->reg->audit().verify());
}

TIRKEU_TEST_GUILESS_MAIN(OperatorsTest)
#include "tst_operators.moc"

// Attack of session 26, F7: an officer disabled while a command of theirs ran (signed in before) still issued, and from
// then on audit verify called the register forged ("disabled at that point"), for good. The write itself checks the
// account as the register holds it: disabled, or given a role that may not do it, records nothing.
void OperatorsTest::disabledOrDemotedMidSessionRecordsNothing() {
    Applications& apps = m_f->reg->applications();
    auto app = apps.submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(app);
    const Session officerA = m_f->officerA; // signed in before
    const Session officerB = m_f->officerB;
    TIRKEU_VERIFY_OK(m_f->reg->operators().disable(m_f->admin, officerA.login));
    TIRKEU_VERIFY_OK(m_f->reg->operators().setRole(m_f->admin, officerB.login, Role::Operator));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));

    const auto disabled = apps.approve(officerA, *app);
    TIRKEU_VERIFY_ERROR(disabled, ErrorCode::Forbidden);
    QVERIFY2(disabled.message().contains(QStringLiteral("disabled")), qPrintable(disabled.message()));
    const auto demoted = apps.approve(officerB, *app);
    TIRKEU_VERIFY_ERROR(demoted, ErrorCode::Forbidden);
    QVERIFY2(demoted.message().contains(QStringLiteral("role")), qPrintable(demoted.message()));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {*app}).toString(),
             QStringLiteral("registered"));

    // What the operator role still allows goes on; the register stays evidence.
    TIRKEU_VERIFY_OK(apps.submit(officerB, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
}
