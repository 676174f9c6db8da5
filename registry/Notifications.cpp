#include "registry/Notifications.h"

#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/Register.h"
#include "registry/SmtpSender.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace tirkeu::registry {

namespace {

// The revocation reason as the notice names it (RFC 5280 codes), in Kazakh and in Russian.
QPair<QString, QString> reasonWords(int code) {
    switch (code) {
    case 1:
        return {QStringLiteral("кілттің компрометациясы"), QStringLiteral("компрометация ключа")};
    case 2:
        return {QStringLiteral("куәландырушы орталық кілтінің компрометациясы"),
                QStringLiteral("компрометация ключа удостоверяющего центра")};
    case 3:
        return {QStringLiteral("ұйымға қатыстылықтың өзгеруі"), QStringLiteral("изменение принадлежности")};
    case 4:
        return {QStringLiteral("куәлік ауыстырылды"), QStringLiteral("свидетельство заменено")};
    case 5:
        return {QStringLiteral("қызметтің тоқтатылуы"), QStringLiteral("прекращение деятельности")};
    case 6:
        return {QStringLiteral("куәліктің қолданылуы тоқтатыла тұрды"),
                QStringLiteral("действие свидетельства приостановлено")};
    case 9:
        return {QStringLiteral("өкілеттіктің қайтарылуы"), QStringLiteral("отзыв полномочий")};
    default:
        return {QStringLiteral("себебі көрсетілмеген"), QStringLiteral("причина не указана")};
    }
}

struct Holder {
    QString email;
    QString name; // surname, name, patronymic
    QString caName;
};

Result<std::optional<Holder>> holderOf(Database& db, qint64 certificateId) {
    auto q = db.exec(QStringLiteral("SELECT p.email, p.surname, p.name, p.patronymic, ca.name FROM certificates c "
                                    "JOIN cas ca ON ca.id = c.ca_id LEFT JOIN persons p ON p.id = c.person_id "
                                    "WHERE c.id = ?"),
                     {certificateId});
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).toString().trimmed().isEmpty())
        return std::optional<Holder>();
    Holder h;
    h.email = q->value(0).toString().trimmed();
    QStringList parts;
    for (int i = 1; i <= 3; ++i)
        if (!q->value(i).toString().trimmed().isEmpty())
            parts << q->value(i).toString().trimmed();
    h.name = parts.join(u' ');
    h.caName = q->value(4).toString();
    return std::optional<Holder>(h);
}

// The notice's id. `operatorLogin` non-empty: audited by its own event (a revocation notice is named
// in the revocation's event instead).
Result<qint64> insert(Register& reg, const QString& operatorLogin, const QString& kind, qint64 certificateId,
                      const QString& serial, const Holder& holder, const QString& subject, const QString& body) {
    const QString now = toDbTime(reg.clock().now());
    auto ins = reg.db().exec(
        QStringLiteral("INSERT INTO notifications (kind, certificate_id, serial, recipient, subject, body, state, "
                       "attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)"),
        {kind, certificateId, serial, holder.email, subject, body, now, now});
    if (!ins)
        return ins.error();
    const qint64 id = ins->lastInsertId().toLongLong();
    if (operatorLogin.isEmpty())
        return id;
    auto ev = reg.audit().append(operatorLogin, serial, QStringLiteral("notification.queued"),
                                 QJsonObject{{QStringLiteral("kind"), kind},
                                             {QStringLiteral("notification"), id},
                                             {QStringLiteral("recipient"), holder.email},
                                             {QStringLiteral("notice_sha256"),
                                              Notifications::digest(kind, serial, holder.email, subject, body)}});
    if (!ev)
        return ev.error();
    return id;
}

} // namespace

QString Notifications::digest(const QString& kind, const QString& serial, const QString& recipient,
                              const QString& subject, const QString& body) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString& field : {kind, serial, recipient, subject, body}) {
        const QByteArray utf8 = field.toUtf8();
        h.addData(QByteArray(QByteArray::number(utf8.size()) + ':' + utf8 + ';'));
    }
    return QString::fromLatin1(h.result().toHex());
}

namespace {

// What the event that queued a notice recorded of it.
struct QueuedRecord {
    qint64 seq = 0;
    QString recipient;
    QString digest; // empty for events written before 2026-12-07
};

// A notice from a row whose first columns are id, kind, serial, recipient, subject, body.
Notification noticeFrom(const QSqlQuery& q) {
    Notification n;
    n.id = q.value(0).toLongLong();
    n.kind = q.value(1).toString();
    n.serial = q.value(2).toString();
    n.recipient = q.value(3).toString();
    n.subject = q.value(4).toString();
    n.body = q.value(5).toString();
    return n;
}

// The notice id an event of `type` queued, or 0.
qint64 queuedNoticeId(const QString& type, const QJsonObject& details) {
    if (type == u"certificate.revoked")
        return details.value(QStringLiteral("notice")).toInteger();
    if (type == u"notification.queued")
        return details.value(QStringLiteral("notification")).toInteger();
    return 0;
}

QueuedRecord recordOf(qint64 seq, const QString& type, const QJsonObject& details) {
    return {seq,
            details.value(type == u"certificate.revoked" ? QStringLiteral("notice_to") : QStringLiteral("recipient"))
                .toString(),
            details.value(QStringLiteral("notice_sha256")).toString()};
}

QString differsFrom(const Notification& n, const std::optional<QueuedRecord>& r) {
    if (!r)
        return Notifications::tr("Notice %1 (%2) was not queued by Tirkeu: no event records it. It was added outside "
                                 "Tirkeu and is not sent.")
            .arg(n.id)
            .arg(n.serial);
    if (r->recipient != n.recipient)
        return Notifications::tr("Notice %1 (%2) goes to %3, but event %4 queued it for %5: it was changed outside "
                                 "Tirkeu and is not sent.")
            .arg(n.id)
            .arg(n.serial, n.recipient)
            .arg(r->seq)
            .arg(r->recipient);
    if (!r->digest.isEmpty() && r->digest != Notifications::digest(n.kind, n.serial, n.recipient, n.subject, n.body))
        return Notifications::tr("The text of notice %1 (%2) is not the one event %3 queued: it was changed outside "
                                 "Tirkeu and is not sent.")
            .arg(n.id)
            .arg(n.serial)
            .arg(r->seq);
    return {};
}

} // namespace

Result<QString> Notifications::differsFromItsEvent(Database& db, const Notification& n) {
    auto q = db.exec(QStringLiteral("SELECT seq, event_type, details FROM audit_events WHERE subject = ? AND "
                                    "event_type IN ('certificate.revoked', 'notification.queued') ORDER BY seq"),
                     {n.serial});
    if (!q)
        return q.error();
    std::optional<QueuedRecord> record;
    while (q->next()) {
        const QString type = q->value(1).toString();
        const QJsonObject details = QJsonDocument::fromJson(q->value(2).toString().toUtf8()).object();
        if (queuedNoticeId(type, details) == n.id)
            record = recordOf(q->value(0).toLongLong(), type, details);
    }
    return differsFrom(n, record);
}

Status Notifications::checkAll(Database& db) {
    QHash<qint64, QueuedRecord> queued;
    auto events = db.exec(QStringLiteral("SELECT seq, event_type, details FROM audit_events WHERE event_type IN "
                                         "('certificate.revoked', 'notification.queued') ORDER BY seq"));
    if (!events)
        return events.error();
    while (events->next()) {
        const QString type = events->value(1).toString();
        const QJsonObject details = QJsonDocument::fromJson(events->value(2).toString().toUtf8()).object();
        if (const qint64 id = queuedNoticeId(type, details); id > 0)
            queued.insert(id, recordOf(events->value(0).toLongLong(), type, details));
    }
    // A notice older than the oldest event left (the chain's start archived by the retention sweep) has lost
    // its queuing event legitimately.
    auto oldest = db.scalar(QStringLiteral("SELECT min(ts) FROM audit_events"));
    if (!oldest)
        return oldest.error();
    const QDateTime since = oldest->isNull() ? QDateTime() : fromDbTime(oldest->toString());
    auto q = db.exec(QStringLiteral("SELECT id, kind, serial, recipient, subject, body, created_at FROM notifications "
                                    "ORDER BY id"));
    if (!q)
        return q.error();
    while (q->next()) {
        const Notification n = noticeFrom(*q);
        if (since.isValid() && fromDbTime(q->value(6).toString()) < since && !queued.contains(n.id))
            continue;
        const QString problem =
            differsFrom(n, queued.contains(n.id) ? std::optional<QueuedRecord>(queued.value(n.id)) : std::nullopt);
        if (!problem.isEmpty())
            return makeError(ErrorCode::Integrity, problem);
    }
    return {};
}

qint64 Notifications::retryDelaySeconds(int attempt) {
    qint64 minutes = 5;
    for (int i = 1; i < attempt && minutes < 24 * 60; ++i)
        minutes *= 2;
    return qMin<qint64>(minutes, 24 * 60) * 60;
}

Result<std::optional<QueuedNotice>> Notifications::queueRevocation(Register& reg, qint64 certificateId,
                                                                   const QString& caCode, const QString& serial,
                                                                   int reasonCode, const QDateTime& revokedAt) {
    auto holder = holderOf(reg.db(), certificateId);
    if (!holder)
        return holder.error();
    if (!*holder)
        return std::optional<QueuedNotice>();
    const Holder& h = **holder;
    const auto [kk, ru] = reasonWords(reasonCode);
    const QString when = displayDateTime(revokedAt);
    const QString subject = QStringLiteral("Тіркеу куәлігі кері қайтарылды / Регистрационное свидетельство отозвано");
    const QString body =
        QStringLiteral("Құрметті %1!\n\n%2 (%3) берген, сериялық нөмірі %4 тіркеу куәлігіңіз %5 кері қайтарылып "
                       "алынды. Себебі: %6.\nОсы куәлікпен жасалған электрондық цифрлық қолтаңба бұдан былай "
                       "жарамсыз. Сұрақтар бойынша тіркеу орталығына жүгініңіз.\n\n"
                       "Уважаемый(ая) %1!\n\nВаше регистрационное свидетельство с серийным номером %4, выданное "
                       "удостоверяющим центром %2 (%3), отозвано %5. Причина: %7.\nЭлектронная цифровая подпись с "
                       "этим свидетельством больше недействительна. По вопросам обращайтесь в центр регистрации.\n")
            .arg(h.name.isEmpty() ? QStringLiteral("куәлік иесі / владелец свидетельства") : h.name, h.caName, caCode,
                 serial, when, kk, ru);
    auto id = insert(reg, QString(), QStringLiteral("revocation"), certificateId, serial, h, subject, body);
    if (!id)
        return id.error();
    return std::optional<QueuedNotice>(
        QueuedNotice{*id, h.email, digest(QStringLiteral("revocation"), serial, h.email, subject, body)});
}

Result<int> Notifications::queueExpiryReminders(const Session& by, int withinDays) {
    if (Status s = Roles::require(by, Permission::SendNotices); !s)
        return s.error();
    if (withinDays < 1 || withinDays > 365)
        return makeError(ErrorCode::Usage, tr("The reminder period must be 1 to 365 days, not %1.").arg(withinDays));
    const QDateTime now = m_reg.clock().now();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto q = m_reg.db().exec(
        QStringLiteral(
            "SELECT c.id, c.serial, ca.code, c.not_after FROM certificates c JOIN cas ca ON ca.id = "
            "c.ca_id JOIN persons p ON p.id = c.person_id WHERE c.ca_id IN (SELECT id FROM cas) AND c.status = "
            "'valid' AND c.not_after > ? AND "
            "c.not_after <= ? AND p.email IS NOT NULL AND p.email <> '' AND NOT EXISTS (SELECT 1 FROM "
            "notifications n WHERE n.certificate_id = c.id AND n.kind = 'expiry') ORDER BY c.id"),
        {toDbTime(now), toDbTime(now.addDays(withinDays))});
    if (!q)
        return q.error();
    struct Due {
        qint64 id;
        QString serial, ca;
        QDateTime notAfter;
    };
    QList<Due> due;
    while (q->next())
        due.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(),
                    fromDbTime(q->value(3).toString())});
    for (const Due& d : std::as_const(due)) {
        auto holder = holderOf(m_reg.db(), d.id);
        if (!holder)
            return holder.error();
        if (!*holder)
            continue;
        const Holder& h = **holder;
        const QString subject =
            QStringLiteral("Тіркеу куәлігінің мерзімі аяқталады / Истекает срок регистрационного свидетельства");
        const QString body =
            QStringLiteral("Құрметті %1!\n\n%2 (%3) берген, сериялық нөмірі %4 тіркеу куәлігіңіздің қолданылу "
                           "мерзімі %5 аяқталады. Жаңа куәлік алу үшін тіркеу орталығына алдын ала жүгініңіз.\n\n"
                           "Уважаемый(ая) %1!\n\nСрок действия вашего регистрационного свидетельства с серийным "
                           "номером %4, выданного удостоверяющим центром %2 (%3), истекает %5. Для получения нового "
                           "свидетельства заблаговременно обратитесь в центр регистрации.\n")
                .arg(h.name, h.caName, d.ca, d.serial, displayDate(d.notAfter));
        if (auto id = insert(m_reg, by.login, QStringLiteral("expiry"), d.id, d.serial, h, subject, body); !id)
            return id.error();
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    return int(due.size());
}

Result<NotificationSendReport> Notifications::send(const Session& by, const SmtpSettings& smtp, int maxAttempts) {
    if (Status s = Roles::require(by, Permission::SendNotices); !s)
        return s.error();
    if (maxAttempts < 1 || maxAttempts > 100)
        return makeError(ErrorCode::Usage, tr("The number of attempts must be 1 to 100, not %1.").arg(maxAttempts));
    if (smtp.url.isEmpty() || smtp.from.isEmpty())
        return makeError(ErrorCode::Usage, tr("An SMTP server and a sender address are needed to send notices."));
    if (Status s = SmtpSender::checkSettings(smtp); !s)
        return s.error();
    NotificationSendReport report;
    const QDateTime start = m_reg.clock().now();
    auto q = m_reg.db().exec(QStringLiteral("SELECT id FROM notifications WHERE state = 'queued' AND next_attempt_at "
                                            "<= ? ORDER BY id"),
                             {toDbTime(start)});
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    for (qint64 id : std::as_const(ids)) {
        const QDateTime now = m_reg.clock().now();
        // Claimed first (committed): another sender running at the same time skips it for ten minutes.
        // A crash after the message left and before it was recorded sends it once more later.
        Notification n;
        {
            Transaction tx(m_reg.db());
            if (!tx.ok())
                return tx.status().error();
            auto claim = m_reg.db().exec(
                QStringLiteral("UPDATE notifications SET next_attempt_at = ? WHERE id = ? AND state = 'queued' AND "
                               "next_attempt_at <= ?"),
                {toDbTime(now.addSecs(600)), id, toDbTime(now)});
            if (!claim)
                return claim.error();
            if (claim->numRowsAffected() != 1)
                continue;
            auto row = m_reg.db().exec(QStringLiteral("SELECT kind, serial, recipient, subject, body, attempts FROM "
                                                      "notifications WHERE id = ?"),
                                       {id});
            if (!row)
                return row.error();
            if (!row->next())
                continue;
            n.id = id;
            n.kind = row->value(0).toString();
            n.serial = row->value(1).toString();
            n.recipient = row->value(2).toString();
            n.subject = row->value(3).toString();
            n.body = row->value(4).toString();
            n.attempts = row->value(5).toInt();
            auto differs = differsFromItsEvent(m_reg.db(), n);
            if (!differs)
                return differs.error();
            if (!differs->isEmpty()) {
                // Never sent from the CA's address: given up at once, and on record.
                auto up = m_reg.db().exec(QStringLiteral("UPDATE notifications SET state = 'failed', last_error = ? "
                                                         "WHERE id = ?"),
                                          {*differs, id});
                if (!up)
                    return up.error();
                auto ev = m_reg.audit().append(by.login, n.serial, QStringLiteral("notification.refused"),
                                               {{QStringLiteral("notification"), n.id},
                                                {QStringLiteral("recipient"), n.recipient},
                                                {QStringLiteral("reason"), *differs}});
                if (!ev)
                    return ev.error();
                if (Status s = tx.commit(); !s)
                    return s.error();
                ++report.refused;
                report.errors << *differs;
                continue;
            }
            if (Status s = tx.commit(); !s)
                return s.error();
        }
        const Status sent =
            SmtpSender::send(smtp, n.recipient, n.subject, n.body,
                             QStringLiteral("notice-%1-%2@tirkeu").arg(n.id).arg(start.toSecsSinceEpoch()));
        const int attempts = n.attempts + 1;
        const QDateTime after = m_reg.clock().now();
        Transaction tx(m_reg.db());
        if (!tx.ok())
            return tx.status().error();
        QString eventType;
        QJsonObject details{{QStringLiteral("notification"), n.id},
                            {QStringLiteral("kind"), n.kind},
                            {QStringLiteral("recipient"), n.recipient},
                            {QStringLiteral("attempts"), attempts}};
        Result<QSqlQuery> up = makeError(ErrorCode::Failure, QString());
        if (sent) {
            up = m_reg.db().exec(QStringLiteral("UPDATE notifications SET state = 'sent', attempts = ?, sent_at = ?, "
                                                "last_error = NULL WHERE id = ?"),
                                 {attempts, toDbTime(after), n.id});
            eventType = QStringLiteral("notification.sent");
            ++report.sent;
        } else {
            const bool giveUp = attempts >= maxAttempts;
            up = m_reg.db().exec(QStringLiteral("UPDATE notifications SET state = ?, attempts = ?, last_error = ?, "
                                                "next_attempt_at = ? WHERE id = ?"),
                                 {giveUp ? QStringLiteral("failed") : QStringLiteral("queued"), attempts,
                                  sent.message(), toDbTime(after.addSecs(retryDelaySeconds(attempts))), n.id});
            eventType = giveUp ? QStringLiteral("notification.failed") : QStringLiteral("notification.retry");
            details.insert(QStringLiteral("error"), sent.message());
            (giveUp ? report.gaveUp : report.retryLater) += 1;
            report.errors << sent.message();
        }
        if (!up)
            return up.error();
        auto ev = m_reg.audit().append(by.login, n.serial, eventType, details);
        if (!ev)
            return ev.error();
        if (Status s = tx.commit(); !s)
            return s.error();
    }
    return report;
}

Result<QList<Notification>> Notifications::list(const Session& by, const QString& state, int limit) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    QString sql = QStringLiteral("SELECT id, kind, serial, recipient, subject, body, state, attempts, last_error, "
                                 "created_at, next_attempt_at, sent_at FROM notifications");
    QVariantList binds;
    if (!state.isEmpty()) {
        if (state != u"queued" && state != u"sent" && state != u"failed")
            return makeError(ErrorCode::Usage, tr("Unknown notice state %1 (queued, sent or failed).").arg(state));
        sql += QStringLiteral(" WHERE state = ?");
        binds << state;
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    binds << qBound(1, limit, 100000);
    auto q = m_reg.db().exec(sql, binds);
    if (!q)
        return q.error();
    QList<Notification> out;
    while (q->next()) {
        Notification n = noticeFrom(*q);
        n.state = q->value(6).toString();
        n.attempts = q->value(7).toInt();
        n.lastError = q->value(8).toString();
        n.createdAt = fromDbTime(q->value(9).toString());
        n.nextAttemptAt = fromDbTime(q->value(10).toString());
        if (!q->value(11).isNull())
            n.sentAt = fromDbTime(q->value(11).toString());
        out << n;
    }
    return out;
}

} // namespace tirkeu::registry
