#pragma once
// Notices to holders by e-mail (issue 14, seed 002 App. 2 cl. 16: the holder is told of the
// revocation): the register's outbox. A revocation notice is queued inside the revocation's own
// transaction (Revocations::record), so nothing is ever sent about a revocation that was not recorded;
// expiry reminders are queued for certificates that end within N days. `send` delivers what is due
// over SMTP (libcurl, registry/SmtpSender), one message per notice, in Kazakh and Russian; a failure is
// retried after a growing delay, and every outcome is an audited event. At most one notice of each
// kind per certificate.

#include "pki/Result.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace tirkeu::registry {

class Database;
class Register;

struct Notification {
    qint64 id = 0;
    QString kind; // "revocation" or "expiry"
    QString serial;
    QString recipient;
    QString subject;
    QString body;
    QString state; // "queued", "sent" or "failed" (gave up after the last attempt)
    int attempts = 0;
    QString lastError;
    QDateTime createdAt;
    QDateTime nextAttemptAt;
    QDateTime sentAt;
};

struct SmtpSettings {
    QString url;      // smtp://host:port or smtps://host:port
    QString from;     // the CA's sender address
    QString user;     // optional SMTP login
    QString password; // with `user`
    int timeoutSeconds = 30;
};

struct NotificationSendReport {
    int sent = 0;
    int retryLater = 0; // failed this time, queued again
    int gaveUp = 0;     // failed for the last allowed time: state "failed"
    int refused = 0;    // not what its event queued (changed outside Tirkeu): never sent, state "failed"
    QStringList errors; // one line per failure
};

struct QueuedNotice {
    qint64 id = 0;
    QString recipient;
    QString digest; // Notifications::digest of what was queued: the revocation's event records it
};

class Notifications {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Notifications)
public:
    explicit Notifications(Register& reg)
        : m_reg(reg) {}

    // Inside the revocation's transaction: queues the holder's notice when the holder has an e-mail
    // address on record (nothing otherwise). The revocation's own event names it (audit). Each
    // revocation has its own notice (a certificate on hold, released and revoked again gets two).
    static Result<std::optional<QueuedNotice>> queueRevocation(Register& reg, qint64 certificateId,
                                                               const QString& caCode, const QString& serial,
                                                               int reasonCode, const QDateTime& revokedAt);
    // Reminders for valid certificates whose validity ends within `withinDays` days and that have none
    // yet (needs PublishCrl: the scheduled job's officer). Returns how many were queued.
    Result<int> queueExpiryReminders(const Session& by, int withinDays);
    // Sends every queued notice that is due (needs PublishCrl); `maxAttempts` tries in all.
    Result<NotificationSendReport> send(const Session& by, const SmtpSettings& smtp, int maxAttempts = 5);
    // Newest first; `state` empty for all (needs ViewRegister).
    Result<QList<Notification>> list(const Session& by, const QString& state = {}, int limit = 100);

    // The delay before attempt `attempt` + 1 (after `attempt` failures): 5, 10, 20, … minutes, at most a day.
    static qint64 retryDelaySeconds(int attempt);

    // The outbox is not evidence by itself (attack of session 25, F3: a queued revocation notice redirected and
    // rewritten, a forged one added, all sent from the CA's address). Each notice is checked against the event
    // that queued it (certificate.revoked or notification.queued: its id, recipient and, since 2026-12-07, the
    // SHA-256 of kind, serial, recipient, subject and body): `send` never sends one that differs or that no
    // event queued, and audit verify names it.
    static QString digest(const QString& kind, const QString& serial, const QString& recipient, const QString& subject,
                          const QString& body);
    // Why the notice `n` is not the one its event queued (translated), empty when it is.
    static Result<QString> differsFromItsEvent(Database& db, const Notification& n);
    // Every notice of the outbox checked so (audit verify): ErrorCode::Integrity naming the first that differs.
    // Notices created before the event log's oldest remaining event (its start archived) are not checked.
    static Status checkAll(Database& db);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
