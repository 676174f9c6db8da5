// Attack replay (issue 12, item 7): sign-in had no throttling or lockout (30 wrong passwords, then the
// right one worked), failures were not logged, and an unknown login answered in 26 ms against 139 ms
// for a known one. Now: an increasing delay, a lock after N failures that an administrator lifts,
// every failure and lock in the event log, the same answer and cost for unknown logins, and a disabled
// account's open session ends.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/PasswordHash.h"
#include "registry/Operators.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMutex>
#include <QSemaphore>
#include <QThread>

#include <algorithm>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class SignInTest : public QObject {
    Q_OBJECT

    std::unique_ptr<RegistryFixture> m_f;
    const QString kWrong = QStringLiteral("Құпия-сөз-2025");

    int events(const QString& type, const QString& subject) {
        return m_f
            ->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = ? AND subject = ?"),
                     {type, subject})
            .toInt();
    }
    Operators& ops() { return m_f->reg->operators(); }

private Q_SLOTS:
    void init() {
        m_f = std::make_unique<RegistryFixture>();
        QVERIFY2(m_f->create(almaty(2026, 3, 2, 10, 0)), qPrintable(m_f->error));
    }
    void cleanup() { m_f.reset(); }

    void delaysGrow() {
        QCOMPARE(Operators::delaySeconds(0), 0);
        QCOMPARE(Operators::delaySeconds(1), 1);
        QCOMPARE(Operators::delaySeconds(2), 2);
        QCOMPARE(Operators::delaySeconds(4), 8);
        QVERIFY(Operators::delaySeconds(30) <= 300);
    }

    void thirtyWrongPasswordsLockTheLogin() {
        const QString login = QStringLiteral("officer.a");
        auto first = ops().signIn(login, kWrong);
        TIRKEU_VERIFY_ERROR(first, ErrorCode::Forbidden);
        QCOMPARE(first.message(), QStringLiteral("Wrong login or password."));
        // Inside the delay even the right password is refused, without being checked — and the attempt
        // counts (attack F4), so the delay doubles.
        auto tooSoon = ops().signIn(login, kPassword);
        TIRKEU_VERIFY_ERROR(tooSoon, ErrorCode::Forbidden);
        QVERIFY2(tooSoon.message().contains(QStringLiteral("try again in 2 seconds")), qPrintable(tooSoon.message()));
        // The attacker waits out every delay (the clock moves an hour each time): 30 tries.
        for (int i = 1; i < 30; ++i) {
            m_f->clock.advanceSecs(3600);
            TIRKEU_VERIFY_ERROR(ops().signIn(login, kWrong), ErrorCode::Forbidden);
        }
        m_f->clock.advanceSecs(86400);
        auto right = ops().signIn(login, kPassword);
        TIRKEU_VERIFY_ERROR(right, ErrorCode::Forbidden);
        QVERIFY2(right.message().contains(QStringLiteral("locked")), qPrintable(right.message()));
        // Every failure and the lock are in the event log: 5 counted failures, then refusals of a locked login.
        QCOMPARE(events(QStringLiteral("operator.locked"), login), 1);
        QCOMPARE(events(QStringLiteral("operator.signin_failed"), login), 1 + 1 + 29 + 1);
        auto list = ops().list(m_f->admin);
        TIRKEU_VERIFY_OK(list);
        const auto it =
            std::find_if(list->cbegin(), list->cend(), [&](const OperatorRecord& r) { return r.login == login; });
        QVERIFY(it != list->cend());
        QVERIFY(it->locked);
        QCOMPARE(it->failedSignIns, Operators::kDefaultMaxFailures);

        // Only an administrator unlocks; then the right password works and the count is cleared.
        TIRKEU_VERIFY_ERROR(ops().unlock(m_f->officerB, login), ErrorCode::Forbidden);
        TIRKEU_VERIFY_OK(ops().unlock(m_f->admin, login));
        QCOMPARE(events(QStringLiteral("operator.unlocked"), login), 1);
        TIRKEU_VERIFY_ERROR(ops().unlock(m_f->admin, login), ErrorCode::Conflict);
        auto back = ops().signIn(login, kPassword);
        TIRKEU_VERIFY_OK(back);
        QCOMPARE(back->login, login);
        auto verified = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
    }

    // Attack F4: 30 guesses fired back to back (no waiting) used to reach the password check only a few
    // times and never lock the login. Every attempt inside the delay counts now: locked after the limit.
    void rapidAttemptsInsideTheDelayLockTheLogin() {
        const QString login = QStringLiteral("officer.b");
        QStringList answers;
        for (int i = 0; i < 30; ++i)
            answers << ops().signIn(login, kWrong).message();
        QVERIFY2(answers.at(Operators::kDefaultMaxFailures - 1).contains(QStringLiteral("locked")),
                 qPrintable(answers.join(u'\n')));
        QCOMPARE(events(QStringLiteral("operator.locked"), login), 1);
        QCOMPARE(events(QStringLiteral("operator.signin_failed"), login), 30);
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT failures FROM signin_failures WHERE login = ?"), {login}).toInt(),
                 Operators::kDefaultMaxFailures);
        // Waiting no longer helps: the right password is refused until an administrator unlocks.
        m_f->clock.advanceSecs(86400);
        auto right = ops().signIn(login, kPassword);
        TIRKEU_VERIFY_ERROR(right, ErrorCode::Forbidden);
        QVERIFY2(right.message().contains(QStringLiteral("locked")), qPrintable(right.message()));
        TIRKEU_VERIFY_OK(ops().unlock(m_f->admin, login));
        TIRKEU_VERIFY_OK(ops().signIn(login, kPassword));
    }

    // Attack of session 26, F2: guesses started at the same moment all read "no failures yet" before any
    // of them was counted, so every one was checked, the lock after max-failures came too late, and the
    // right password in the same burst signed in on a login the burst had locked. Now each attempt is
    // counted (reserved) in one write transaction before its password check: at most max-failures
    // passwords are checked, the others are refused unchecked, and a locked login never signs in.
    // Each attempt runs in its own thread with its own connection (another workstation or process).
    void parallelGuessesAreCountedBeforeTheyAreChecked() {
        const QString login = QStringLiteral("officer.a");
        const QString location = m_f->location();
        const QDateTime at = m_f->clock.now();
        constexpr int kGuesses = 15;
        constexpr int kAttempts = kGuesses + 1; // the last one has the right password
        QSemaphore opened, go;
        QMutex mutex;
        QStringList errors;
        QList<Result<Session>> answers;
        for (int i = 0; i < kAttempts; ++i)
            answers << Result<Session>(makeError(ErrorCode::Failure, QStringLiteral("not run")));
        auto attempt = [&](int i) {
            FixedClock clock(at);
            auto reg = Register::open(location, Register::OpenMode::Existing, &clock);
            opened.release();
            if (!reg) {
                QMutexLocker lock(&mutex);
                errors << reg.message();
                return;
            }
            go.acquire(); // all start together
            auto r = (*reg)->operators().signIn(login, i == kGuesses ? kPassword : kWrong);
            QMutexLocker lock(&mutex);
            answers[i] = r;
        };
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < kAttempts; ++i) {
            threads.emplace_back(QThread::create(attempt, i));
            threads.back()->start();
        }
        opened.acquire(kAttempts);
        go.release(kAttempts);
        for (auto& t : threads)
            QVERIFY(t->wait(QDeadlineTimer(120000)));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

        const int checked = m_f->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = "
                                                       "'operator.signin_failed' AND subject = ? AND details LIKE ?"),
                                        {login, QStringLiteral("%wrong_password%")})
                                .toInt();
        QStringList messages;
        for (const auto& a : answers)
            messages << (a.ok() ? QStringLiteral("signed in") : a.message());
        // At most max-failures passwords were checked; every other wrong guess was refused unchecked.
        QVERIFY2(checked >= 1 && checked <= Operators::kDefaultMaxFailures,
                 qPrintable(QStringLiteral("%1 wrong passwords checked:\n").arg(checked) + messages.join(u'\n')));
        for (int i = 0; i < kGuesses; ++i)
            QVERIFY2(!answers.at(i).ok(), qPrintable(messages.at(i)));
        // Every attempt is in the event log (the right one too when it was refused).
        const int failedEvents = events(QStringLiteral("operator.signin_failed"), login);
        QCOMPARE(failedEvents, kGuesses + (answers.at(kGuesses).ok() ? 0 : 1));
        // 15 wrong guesses lock the login. The attempts are checked one after the other in an order the threads
        // decide: the right password signs in only when it came before the lock — then at most max-failures - 1
        // wrong ones were checked before it (it clears their count) — and is refused after (old code: all 15 wrong
        // ones checked, the right one signed in on the locked login; the count above catches that).
        QCOMPARE(events(QStringLiteral("operator.locked"), login), 1);
        if (answers.at(kGuesses).ok())
            qInfo("the right password came before the lock in this run");
        else
            QVERIFY2(answers.at(kGuesses).message().contains(QStringLiteral("locked")) ||
                         answers.at(kGuesses).message().contains(QStringLiteral("Too many")),
                     qPrintable(answers.at(kGuesses).message()));
        m_f->clock.advanceSecs(86400);
        auto later = ops().signIn(login, kPassword);
        TIRKEU_VERIFY_ERROR(later, ErrorCode::Forbidden);
        QVERIFY2(later.message().contains(QStringLiteral("locked")), qPrintable(later.message()));
        auto verified = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
    }

    // Attack of session 26, F6: a failed sign-in recorded the login exactly as typed, as the event's operator
    // and subject: terminal escape sequences reached the auditor's terminal, and 120,000-character logins
    // added some 0.7 MB each to the permanent event log. A login that cannot exist (not a login accounts
    // are created under) is refused at once and recorded as a fixed placeholder with the SHA-256 of what was
    // typed and its length — never the text itself.
    void impossibleLoginIsRecordedSafely() {
        const QString escapes = QStringLiteral("x") + QChar(0x1b) + QStringLiteral("]0;all checks passed") +
                                QChar(0x07) + QChar(0x1b) + QStringLiteral("[2J");
        const QString huge = QString(120000, u'A');
        const qint64 before = m_f->count(QStringLiteral("audit_events"));
        for (const QString& login : QStringList{escapes, huge, QStringLiteral("Officer.A"), QStringLiteral("a")}) {
            auto r = ops().signIn(login, kPassword);
            TIRKEU_VERIFY_ERROR(r, ErrorCode::Forbidden);
            QVERIFY2(!r.message().contains(QChar(0x1b)) && r.message().size() < 400, qPrintable(r.message().left(400)));
        }
        QCOMPARE(m_f->count(QStringLiteral("audit_events")), before + 4);
        const QString placeholder = QStringLiteral("(invalid login)");
        QCOMPARE(events(QStringLiteral("operator.signin_failed"), placeholder), 4);
        // Nothing of what was typed is in the log: no control character, no long text; its hash is.
        const int longest =
            m_f->scalar(QStringLiteral("SELECT max(length(operator) + length(subject) + length(details)) "
                                       "FROM audit_events"))
                .toInt();
        QVERIFY2(longest < 1000, qPrintable(QString::number(longest)));
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE instr(operator || subject || "
                                            "details, char(27)) > 0"))
                     .toInt(),
                 0);
        const QString hash =
            QString::fromLatin1(QCryptographicHash::hash(huge.toUtf8(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE details LIKE ?"),
                             {QString(QStringLiteral("%") + hash + QStringLiteral("%"))})
                     .toInt(),
                 1);
        // No count (and no lock) is kept for such a login; real logins are untouched.
        QCOMPARE(m_f->count(QStringLiteral("signin_failures")), qint64(0));
        TIRKEU_VERIFY_OK(ops().signIn(QStringLiteral("officer.a"), kPassword));
        auto verified = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
    }

    void successClearsTheCount() {
        const QString login = QStringLiteral("officer.b");
        for (int i = 0; i < Operators::kDefaultMaxFailures - 1; ++i) {
            m_f->clock.advanceSecs(3600);
            TIRKEU_VERIFY_ERROR(ops().signIn(login, kWrong), ErrorCode::Forbidden);
        }
        m_f->clock.advanceSecs(3600);
        TIRKEU_VERIFY_OK(ops().signIn(login, kPassword));
        m_f->clock.advanceSecs(3600);
        TIRKEU_VERIFY_ERROR(ops().signIn(login, kWrong), ErrorCode::Forbidden);
        m_f->clock.advanceSecs(3600);
        TIRKEU_VERIFY_OK(ops().signIn(login, kPassword)); // one failure after the success: not locked
    }

    void unknownLoginAnswersLikeAKnownOne() {
        for (const QString& login : {QStringLiteral("officer.a"), QStringLiteral("no.such.person")}) {
            QStringList answers;
            for (int i = 0; i < Operators::kDefaultMaxFailures; ++i) {
                m_f->clock.advanceSecs(3600);
                answers << ops().signIn(login, kWrong).message();
            }
            QCOMPARE(answers.first(), QStringLiteral("Wrong login or password."));
            QVERIFY2(answers.last().contains(QStringLiteral("locked")), qPrintable(answers.last()));
            QCOMPARE(events(QStringLiteral("operator.locked"), login), 1);
        }
        QCOMPARE(events(QStringLiteral("operator.signin_failed"), QStringLiteral("no.such.person")),
                 Operators::kDefaultMaxFailures);
    }

    void unknownLoginCostsTheSame() {
        TIRKEU_VERIFY_OK(ops().setMaxFailures(m_f->admin, 100));
        const auto time = [&](const QString& login) {
            m_f->clock.advanceSecs(86400); // past any delay
            QElapsedTimer t;
            t.start();
            auto r = ops().signIn(login, kWrong);
            const qint64 ns = t.nsecsElapsed();
            return r.ok() ? qint64(-1) : ns;
        };
        // Warm-up: the first scrypt allocation, and each login's first failure record (later failures of
        // both update their record the same way).
        (void)time(QStringLiteral("officer.a"));
        (void)time(QStringLiteral("ghost.login"));
        // The fastest of several tries is the intrinsic cost (noise from a loaded machine only adds time).
        // The fastest is kept over up to five rounds of nine tries each (a shared CI machine with a
        // PostgreSQL server beside it can disturb a whole round); the check passes once both fastest
        // refusals are within 30%. A login that skips the check is faster in every try and still fails.
        double k = 1e18, u = 1e18;
        for (int round = 0; round < 5; ++round) {
            QList<qint64> known, unknown;
            for (int i = 0; i < 9; ++i) {
                known << time(QStringLiteral("officer.a"));
                unknown << time(QStringLiteral("ghost.login"));
            }
            QVERIFY(!known.contains(-1) && !unknown.contains(-1));
            k = std::min(k, double(*std::min_element(known.begin(), known.end())) / 1e6);
            u = std::min(u, double(*std::min_element(unknown.begin(), unknown.end())) / 1e6);
            qInfo("after round %d, fastest sign-in refusal: known login %.2f ms, unknown login %.2f ms", round + 1, k,
                  u);
            if (std::abs(k - u) <= 0.3 * std::max(k, u))
                break;
        }
        QVERIFY2(std::abs(k - u) <= 0.3 * std::max(k, u),
                 qPrintable(QStringLiteral("known %1 ms vs unknown %2 ms").arg(k).arg(u)));
        // At least the cost of one scrypt check at the current password policy (tests use a cheap one).
        const QString stored = pki::PasswordHash::hash(QStringLiteral("some-other-password"));
        QList<qint64> direct;
        for (int i = 0; i < 7; ++i) {
            QElapsedTimer t;
            t.start();
            QVERIFY(!pki::PasswordHash::verify(kWrong, stored));
            direct << t.nsecsElapsed();
        }
        const double d = double(*std::min_element(direct.begin(), direct.end())) / 1e6;
        QVERIFY2(u >= 0.7 * d, qPrintable(QStringLiteral("an unknown login skipped the scrypt check (%1 ms, one "
                                                         "check %2 ms)")
                                              .arg(u)
                                              .arg(d)));
    }

    void lockoutIsConfigurableByAdministrators() {
        TIRKEU_VERIFY_ERROR(ops().setMaxFailures(m_f->officerA, 3), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(ops().setMaxFailures(m_f->admin, 2), ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(ops().setMaxFailures(m_f->admin, 101), ErrorCode::Invalid);
        TIRKEU_VERIFY_OK(ops().setMaxFailures(m_f->admin, 3));
        QCOMPARE(*ops().maxFailures(), 3);
        QCOMPARE(events(QStringLiteral("operator.signin_policy_changed"), QStringLiteral("admin")), 1);
        for (int i = 0; i < 3; ++i) {
            m_f->clock.advanceSecs(3600);
            (void)ops().signIn(QStringLiteral("auditor"), kWrong);
        }
        m_f->clock.advanceSecs(3600);
        auto locked = ops().signIn(QStringLiteral("auditor"), kPassword);
        QVERIFY2(locked.message().contains(QStringLiteral("locked")), qPrintable(locked.message()));
    }

    // Attack of session 30 (A10): signin_failures rows written by the application's database role (or carried in
    // an edited backup) locked every account, the sole administrator included, and nothing in Tirkeu could undo
    // it. A lock no operator.locked event explains locks no one; a last failure dated in the future delays no
    // one. The login still locks, with its event, when its failures reach the limit.
    void aLockNoEventExplainsLocksNoOne() {
        const QString now = toDbTime(m_f->clock.now());
        const QString future = toDbTime(m_f->clock.now().addYears(10));
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO signin_failures (login, failures, last_failure_at, "
                                                  "locked_at) VALUES ('admin', 2, ?, ?), ('officer.a', 1, ?, ?)"),
                                   {now, now, future, now}));
        m_f->clock.advanceSecs(3600);
        auto admin = ops().signIn(QStringLiteral("admin"), kPassword);
        TIRKEU_VERIFY_OK(admin);
        auto officer = ops().signIn(QStringLiteral("officer.a"), kPassword);
        TIRKEU_VERIFY_OK(officer);
        QCOMPARE(m_f->scalar(QStringLiteral("SELECT count(*) FROM signin_failures")).toInt(), 0);
        QCOMPARE(events(QStringLiteral("operator.locked"), QStringLiteral("admin")), 0);

        // Planted again below the limit: the next failures lock the login, with its event, and that lock stands.
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO signin_failures (login, failures, last_failure_at, "
                                                  "locked_at) VALUES ('officer.a', ?, ?, ?)"),
                                   {Operators::kDefaultMaxFailures - 1, now, now}));
        m_f->clock.advanceSecs(86400);
        auto wrong = ops().signIn(QStringLiteral("officer.a"), kWrong);
        QVERIFY2(wrong.message().contains(QStringLiteral("locked")), qPrintable(wrong.message()));
        QCOMPARE(events(QStringLiteral("operator.locked"), QStringLiteral("officer.a")), 1);
        m_f->clock.advanceSecs(86400);
        TIRKEU_VERIFY_ERROR(ops().signIn(QStringLiteral("officer.a"), kPassword), ErrorCode::Forbidden);
        // Unlocked by the administrator, a lock written afterwards is again explained by nothing.
        TIRKEU_VERIFY_OK(ops().unlock(m_f->admin, QStringLiteral("officer.a")));
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO signin_failures (login, failures, last_failure_at, "
                                                  "locked_at) VALUES ('officer.a', 1, ?, ?)"),
                                   {now, now}));
        TIRKEU_VERIFY_OK(ops().signIn(QStringLiteral("officer.a"), kPassword));
    }

    // Attack of session 33, C3: five wrong passwords from anyone locked the only administrator for good (no one could
    // unlock, add operators or change a CA's settings). The last administrator who can sign in is never locked; with
    // another administrator able to sign in, the lock applies, and a lock stops standing once no other can.
    void theLastAdministratorIsNeverLockedOut() {
        const QString admin = QStringLiteral("admin");
        for (int i = 0; i < 30; ++i)
            TIRKEU_VERIFY_ERROR(ops().signIn(admin, kWrong), ErrorCode::Forbidden);
        QCOMPARE(events(QStringLiteral("operator.locked"), admin), 0);
        QCOMPARE(events(QStringLiteral("operator.signin_failed"), admin), 30);
        // Still throttled: the right password waits out the delay, then signs in.
        TIRKEU_VERIFY_ERROR(ops().signIn(admin, kPassword), ErrorCode::Forbidden);
        m_f->clock.advanceSecs(86400);
        TIRKEU_VERIFY_OK(ops().signIn(admin, kPassword));

        // With a second administrator, the first can be locked; the second, then the last one, cannot.
        const QString second = QStringLiteral("admin.two");
        TIRKEU_VERIFY_OK(ops().add(m_f->admin, second, QStringLiteral("Екінші Әкімші"), Role::Administrator,
                                   QStringLiteral("Екінші-әкімші-2026")));
        for (int i = 0; i < Operators::kDefaultMaxFailures; ++i)
            (void)ops().signIn(admin, kWrong);
        QCOMPARE(events(QStringLiteral("operator.locked"), admin), 1);
        m_f->clock.advanceSecs(86400);
        TIRKEU_VERIFY_ERROR(ops().signIn(admin, kPassword), ErrorCode::Forbidden);
        for (int i = 0; i < 30; ++i)
            (void)ops().signIn(second, kWrong);
        QCOMPARE(events(QStringLiteral("operator.locked"), second), 0);
        m_f->clock.advanceSecs(86400);
        auto two = ops().signIn(second, QStringLiteral("Екінші-әкімші-2026"));
        TIRKEU_VERIFY_OK(two);
        // The second administrator disabled (by hand, as a register left so would be): the first is the last one, and
        // its lock no longer keeps it out.
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE operators SET active = 0 WHERE login = ?"), {second}));
        TIRKEU_VERIFY_OK(ops().signIn(admin, kPassword));
    }

    void disabledAccountsSessionEnds() {
        auto session = ops().signIn(QStringLiteral("officer.a"), kPassword);
        TIRKEU_VERIFY_OK(session);
        TIRKEU_VERIFY_OK(ops().checkActive(*session));
        TIRKEU_VERIFY_OK(ops().disable(m_f->admin, QStringLiteral("officer.a")));
        const Status ended = ops().checkActive(*session);
        TIRKEU_VERIFY_ERROR(ended, ErrorCode::Forbidden);
        QVERIFY2(ended.message().contains(QStringLiteral("disabled")), qPrintable(ended.message()));
        m_f->clock.advanceSecs(3600);
        TIRKEU_VERIFY_ERROR(ops().signIn(QStringLiteral("officer.a"), kPassword), ErrorCode::Forbidden);
    }
};

TIRKEU_TEST_GUILESS_MAIN(SignInTest)
#include "tst_signin.moc"
