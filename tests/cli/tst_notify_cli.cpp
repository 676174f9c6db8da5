// Notices to holders (issue 14): a revocation queues the holder's notice in its own transaction (a
// refused revocation queues nothing), `notify send` delivers it over SMTP to a real local SMTP sink
// (python3-aiosmtpd, started by the test on a free loopback port) in Kazakh and Russian, an
// unreachable server leaves it queued for a retry after a delay, expiry reminders are queued once per
// certificate, and every outcome is an audited event. Bad input changes nothing.
// Runs on SQLite and, as cli.tst_notify_cli.pg, on a throw-away PostgreSQL server.

#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {
int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(s);
        return 0;
    }
    ::close(s);
    return ntohs(a.sin_port);
}

bool accepts(int port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(quint16(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}
} // namespace

class TestNotifyCli : public QObject, public CliHarness {
    Q_OBJECT

    registry::FixedClock m_fixed{QDateTime::currentDateTimeUtc()};
    QProcess m_smtp;
    int m_port = 0;
    QString m_aiosmtpd;
    QString m_first;  // revoked
    QString m_second; // stays valid

    QString issue() {
        const QString app = submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                                             QStringLiteral("identity_document_copy"));
        if (app.isEmpty())
            return {};
        const Run issued = as(QStringLiteral("off1"), issueArgs(app, QStringLiteral("holder-%1.csr").arg(app), newCsr(),
                                                                QStringLiteral("holder-%1.pem").arg(app)));
        if (issued.code != 0)
            qWarning("%s", qPrintable(issued.err));
        return issued.json().value(QStringLiteral("serial")).toString();
    }
    QJsonArray list() {
        const Run r =
            as(QStringLiteral("off1"), {QStringLiteral("notify"), QStringLiteral("list"), QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).array();
    }
    Run send(int port) {
        return as(QStringLiteral("off1"), {QStringLiteral("notify"), QStringLiteral("send"), QStringLiteral("--smtp"),
                                           QStringLiteral("smtp://127.0.0.1:%1").arg(port), QStringLiteral("--from"),
                                           QStringLiteral("ca@pki.example.kz"), QStringLiteral("--json")});
    }
    int events(const QString& type) const {
        return scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = ?"), {type}).toInt();
    }
    QStringList mails() const { return QDir(path(QStringLiteral("maildir/new"))).entryList(QDir::Files, QDir::Name); }
    // The decoded text of a delivered message (base64 body) and its headers.
    QPair<QString, QString> mail(const QString& name) const {
        const QByteArray raw = read(path(QStringLiteral("maildir/new/")) + name);
        const qsizetype split = raw.indexOf("\n\n") >= 0 ? raw.indexOf("\n\n") : raw.indexOf("\r\n\r\n");
        const QByteArray headers = raw.left(split);
        const QByteArray body = QByteArray::fromBase64(raw.mid(split).simplified().replace(' ', ""));
        return {QString::fromUtf8(headers), QString::fromUtf8(body)};
    }

private Q_SLOTS:
    void initTestCase() {
        // The Debian package's own entry point (it runs the system python3 with the module).
        m_aiosmtpd = QStandardPaths::findExecutable(QStringLiteral("aiosmtpd"));
        if (m_aiosmtpd.isEmpty())
            QSKIP("python3-aiosmtpd is not installed (scripts/install-deps.sh installs it)");
        m_clock = &m_fixed;
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca = addNationalCa();
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        const QString init = initCa(QStringLiteral("NCA"), QStringLiteral("p256"), QStringLiteral("nca.p8"));
        QVERIFY2(init.isEmpty(), qPrintable(init));
        m_first = issue();
        QVERIFY(!m_first.isEmpty());
        m_second = issue();
        QVERIFY(!m_second.isEmpty());
        QCOMPARE(count(QStringLiteral("notifications")), 0);
    }

    void cleanupTestCase() {
        if (m_smtp.state() != QProcess::NotRunning) {
            m_smtp.kill();
            m_smtp.waitForFinished(5000);
        }
    }

    void revocationQueuesTheHoldersNotice() {
        const QStringList revoke{QStringLiteral("certificate"), QStringLiteral("revoke"),
                                 QStringLiteral("--ca"),        QStringLiteral("NCA"),
                                 QStringLiteral("--serial"),    m_first,
                                 QStringLiteral("--reason"),    QStringLiteral("affiliation_changed"),
                                 QStringLiteral("--basis"),     QStringLiteral("holder_application"),
                                 QStringLiteral("--json")};
        const Run revoked = as(QStringLiteral("off1"), revoke);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const QJsonArray queued = list();
        QCOMPARE(queued.size(), 1);
        const QJsonObject n = queued.first().toObject();
        QCOMPARE(n.value(QStringLiteral("kind")).toString(), QStringLiteral("revocation"));
        QCOMPARE(n.value(QStringLiteral("serial")).toString(), m_first);
        QCOMPARE(n.value(QStringLiteral("recipient")).toString(), QStringLiteral("aliya@example.kz"));
        QCOMPARE(n.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        const QString body = n.value(QStringLiteral("body")).toString();
        QVERIFY2(body.contains(QStringLiteral("Құрметті Қасымова Әлия")) && body.contains(m_first) &&
                     body.contains(QStringLiteral("ұйымға қатыстылықтың өзгеруі")) &&
                     body.contains(QStringLiteral("изменение принадлежности")),
                 qPrintable(body));
        // Named in the revocation's own event.
        const QJsonObject revokedEvent =
            QJsonDocument::fromJson(scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = "
                                                          "'certificate.revoked' ORDER BY seq DESC LIMIT 1"))
                                        .toString()
                                        .toUtf8())
                .object();
        QCOMPARE(revokedEvent.value(QStringLiteral("notice_to")).toString(), QStringLiteral("aliya@example.kz"));
        QCOMPARE(revokedEvent.value(QStringLiteral("notice")).toInteger(), n.value(QStringLiteral("id")).toInteger());
        // A refused revocation (already revoked) queues nothing.
        QVERIFY(as(QStringLiteral("off1"), revoke).code != 0);
        QCOMPARE(count(QStringLiteral("notifications")), 1);
    }

    void unreachableServerLeavesTheNoticeQueued() {
        const int dead = freePort();
        QVERIFY(dead > 0);
        const Run r = send(dead);
        QCOMPARE(r.code, int(ErrorCode::Io));
        QCOMPARE(r.json().value(QStringLiteral("retry_later")).toInt(), 1);
        const QJsonObject n = list().first().toObject();
        QCOMPARE(n.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(n.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY(!n.value(QStringLiteral("last_error")).toString().isEmpty());
        QCOMPARE(events(QStringLiteral("notification.retry")), 1);
    }

    void sentInKazakhAndRussianOverSmtp() {
        m_port = freePort();
        QVERIFY(m_port > 0);
        for (const char* sub : {"maildir/tmp", "maildir/new", "maildir/cur"})
            QVERIFY(QDir().mkpath(path(QString::fromLatin1(sub))));
        m_smtp.start(m_aiosmtpd, {QStringLiteral("-n"), QStringLiteral("-l"),
                                  QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("-c"),
                                  QStringLiteral("aiosmtpd.handlers.Mailbox"), path(QStringLiteral("maildir"))});
        QVERIFY(m_smtp.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(accepts(m_port), 15000);

        // Not due yet: the retry waits (5 minutes after the first failure).
        Run r = send(m_port);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 0);
        QVERIFY(mails().isEmpty());

        m_fixed.set(m_fixed.now().addSecs(11 * 60));
        r = send(m_port);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(mails().size(), 1, 10000);
        const auto [headers, body] = mail(mails().first());
        QVERIFY2(headers.contains(QStringLiteral("To: <aliya@example.kz>")) &&
                     headers.contains(QStringLiteral("From: <ca@pki.example.kz>")) &&
                     headers.contains(QStringLiteral("charset=UTF-8")),
                 qPrintable(headers));
        QVERIFY2(body.contains(QStringLiteral("Құрметті Қасымова Әлия")) &&
                     body.contains(QStringLiteral("Уважаемый(ая) Қасымова Әлия")) && body.contains(m_first),
                 qPrintable(body));
        QCOMPARE(list().first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("sent"));
        QCOMPARE(events(QStringLiteral("notification.sent")), 1);
        // Sent once only.
        r = send(m_port);
        QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 0);
        QCOMPARE(mails().size(), 1);
    }

    void expiryRemindersAreQueuedOnceAndSent() {
        const QStringList queue{QStringLiteral("notify"), QStringLiteral("queue-expiring"), QStringLiteral("--days"),
                                QStringLiteral("30"), QStringLiteral("--json")};
        Run r = as(QStringLiteral("off1"), queue);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("queued")).toInt(), 0); // a year left
        // 340 days on: the valid certificate ends within 30 days; the revoked one gets no reminder.
        m_fixed.set(m_fixed.now().addDays(340));
        r = as(QStringLiteral("off1"), queue);
        QCOMPARE(r.json().value(QStringLiteral("queued")).toInt(), 1);
        r = as(QStringLiteral("off1"), queue);
        QCOMPARE(r.json().value(QStringLiteral("queued")).toInt(), 0);
        const QJsonObject n = list().first().toObject();
        QCOMPARE(n.value(QStringLiteral("kind")).toString(), QStringLiteral("expiry"));
        QCOMPARE(n.value(QStringLiteral("serial")).toString(), m_second);
        r = send(m_port);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(mails().size(), 2, 10000);
        bool found = false;
        for (const QString& m : mails())
            found = found || mail(m).second.contains(QStringLiteral("Срок действия вашего регистрационного"));
        QVERIFY(found);
    }

    void injectedRecipientIsNeverSent() {
        // Someone who can write the register file queues a notice whose address carries a second
        // recipient and a header (CR LF): it is refused at sending, nothing leaves, it stays recorded.
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            const QString now = registry::toDbTime(m_fixed.now());
            auto ins = (*db)->exec(
                QStringLiteral("INSERT INTO notifications (kind, certificate_id, serial, recipient, subject, body, "
                               "state, attempts, created_at, next_attempt_at) SELECT 'revocation', id, serial, ?, 'x', "
                               "'y', 'queued', 0, ?, ? FROM certificates WHERE serial = ?"),
                {QStringLiteral("aliya@example.kz>\r\nBcc: <spy@example.com"), now, now, m_first});
            QVERIFY(ins.ok());
        }
        const int delivered = int(mails().size());
        const Run r = send(m_port);
        // No event queued it: refused before its address is even looked at (attack of session 25, F3).
        QCOMPARE(r.code, int(ErrorCode::Integrity));
        QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 0);
        QCOMPARE(r.json().value(QStringLiteral("refused")).toInt(), 1);
        QVERIFY2(r.err.contains(QStringLiteral("no event records it")), qPrintable(r.err));
        QCOMPARE(int(mails().size()), delivered);
        QCOMPARE(events(QStringLiteral("notification.refused")), 1);
        // Given up at once: the next run does not try it again.
        const Run again = send(m_port);
        QCOMPARE(again.json().value(QStringLiteral("refused")).toInt(), 0);
        QCOMPARE(int(mails().size()), delivered);
        auto db = registry::Database::open(m_db);
        QVERIFY(db.ok());
        TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral("DELETE FROM notifications WHERE subject = 'x'")));
    }

    void badInputChangesNothing() {
        const int before = count(QStringLiteral("notifications"));
        const int eventsBefore = count(QStringLiteral("audit_events"));
        Run r = as(QStringLiteral("off1"), {QStringLiteral("notify"), QStringLiteral("send"), QStringLiteral("--smtp"),
                                            QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--from"),
                                            QStringLiteral("ca@pki.example.kz")});
        QVERIFY(r.code != 0);
        // A login inside the address (attack of session 25, F4: sent in clear, and readable on the command line
        // by every user of the machine): refused before any notice is touched, the password never repeated.
        const int mailed = int(mails().size());
        r = as(QStringLiteral("off1"), {QStringLiteral("notify"), QStringLiteral("send"), QStringLiteral("--smtp"),
                                        QStringLiteral("smtp://relay:S3cret-pass@127.0.0.1:%1").arg(m_port),
                                        QStringLiteral("--from"), QStringLiteral("ca@pki.example.kz")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        QVERIFY2(r.err.contains(QStringLiteral("login separately")) && !r.err.contains(QStringLiteral("S3cret")),
                 qPrintable(r.err));
        QCOMPARE(int(mails().size()), mailed);
        // An operator at the counter does not send.
        r = as(QStringLiteral("op"), {QStringLiteral("notify"), QStringLiteral("send"), QStringLiteral("--smtp"),
                                      QStringLiteral("smtp://127.0.0.1:%1").arg(m_port), QStringLiteral("--from"),
                                      QStringLiteral("ca@pki.example.kz")});
        QCOMPARE(r.code, int(ErrorCode::Forbidden));
        r = as(QStringLiteral("off1"),
               {QStringLiteral("notify"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("lost")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        r = as(QStringLiteral("off1"), {QStringLiteral("notify"), QStringLiteral("queue-expiring"),
                                        QStringLiteral("--days"), QStringLiteral("0")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        QCOMPARE(count(QStringLiteral("notifications")), before);
        QCOMPARE(count(QStringLiteral("audit_events")), eventsBefore);
    }

    // Attack of session 25 (F3): the outbox is not evidence by itself. A real revocation notice redirected and
    // rewritten in the register is never sent from the CA's address, and audit verify names it.
    void changedNoticeIsNeverSentAndVerifyNamesIt() {
        const Run intact = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(intact.code == 0, qPrintable(intact.err + intact.out));
        const qint64 id = scalar(QStringLiteral("SELECT id FROM notifications WHERE serial = ? AND kind = "
                                                "'revocation'"),
                                 {m_first})
                              .toLongLong();
        QVERIFY(id > 0);
        const QString body = scalar(QStringLiteral("SELECT body FROM notifications WHERE id = ?"), {id}).toString();
        const int delivered = int(mails().size());
        for (const char* change :
             {"recipient = 'attacker@evil.example'", "body = 'Confirm your PIN at http://evil.example/kz'"}) {
            {
                auto db = registry::Database::open(m_db);
                QVERIFY(db.ok());
                TIRKEU_VERIFY_OK((*db)->exec(QStringLiteral("UPDATE notifications SET %1, state = 'queued', "
                                                            "next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
                                                 .arg(QLatin1String(change)),
                                             {id}));
            }
            const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
            QCOMPARE(verify.code, int(ErrorCode::Integrity));
            QVERIFY2(QString(verify.err + verify.out).contains(QStringLiteral("changed outside Tirkeu")),
                     qPrintable(verify.err + verify.out));
            const Run r = send(m_port);
            QCOMPARE(r.code, int(ErrorCode::Integrity));
            QCOMPARE(r.json().value(QStringLiteral("sent")).toInt(), 0);
            QCOMPARE(r.json().value(QStringLiteral("refused")).toInt(), 1);
            QCOMPARE(int(mails().size()), delivered);
            // Put back as it was queued: intact again.
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            TIRKEU_VERIFY_OK((*db)->exec(
                QStringLiteral("UPDATE notifications SET recipient = 'aliya@example.kz', body = ? WHERE id = ?"),
                {body, id}));
            const Run back = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
            QVERIFY2(back.code == 0, qPrintable(back.err + back.out));
        }
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestNotifyCli)
#include "tst_notify_cli.moc"
