#pragma once
// What the event-log tests share (tst_audit, tst_audit_dating): the rows of audit_events as stored, the documented
// hash encoding written out independently of AuditLog, whether a message names an event, and an event planted after
// the head with a correct hash and link, as the PostgreSQL application role or someone editing a backup can.

#include "common/RegistryFixture.h"
#include "registry/AuditLog.h"
#include "registry/Database.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tirkeu::test::audit {

struct Row {
    qint64 seq = 0;
    QString ts, op, subject, type, details, retention, prevHash, hash;
};

inline QList<Row> rows(RegistryFixture& f) {
    QList<Row> out;
    auto q = f.reg->db().exec(QStringLiteral("SELECT seq, ts, operator, subject, event_type, details, retention_until, "
                                             "prev_hash, hash FROM audit_events ORDER BY seq"));
    if (!q)
        return out;
    while (q->next()) {
        Row r;
        r.seq = q->value(0).toLongLong();
        r.ts = q->value(1).toString();
        r.op = q->value(2).toString();
        r.subject = q->value(3).toString();
        r.type = q->value(4).toString();
        r.details = q->value(5).toString();
        r.retention = q->value(6).toString();
        r.prevHash = q->value(7).toString();
        r.hash = q->value(8).toString();
        out << r;
    }
    return out;
}

// The documented encoding, written out independently of AuditLog: every field as
// "<utf-8 length>:<utf-8 bytes>;" in the order seq, ts, operator, subject, type, details, retention,
// previous hash; SHA-256, lower-case hex.
inline QString expectedHash(const Row& r) {
    QByteArray bytes;
    for (const QString& field :
         {QString::number(r.seq), r.ts, r.op, r.subject, r.type, r.details, r.retention, r.prevHash}) {
        const QByteArray utf8 = field.toUtf8();
        bytes += QByteArray::number(utf8.size()) + ':' + utf8 + ';';
    }
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

inline bool names(const QString& problem, qint64 seq) {
    return problem.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(seq)));
}

// What the PostgreSQL application role (or someone editing a backup) can do: one event appended after the head
// with a correct hash and link, dated `ts` (attack of session 30, A6: a register.backed_up of 2099). Its number.
inline qint64 plantEvent(RegistryFixture& f, const QDateTime& ts) {
    auto head = f.reg->audit().events(QString(), 1);
    if (!head || head->isEmpty())
        return 0;
    AuditEvent e;
    e.seq = head->first().seq + 1;
    e.ts = ts;
    e.operatorLogin = f.admin.login;
    e.subject = QStringLiteral("/srv/backup/x.dump");
    e.type = QStringLiteral("register.backed_up");
    e.details = QJsonObject{{QStringLiteral("file"), QStringLiteral("/srv/backup/x.dump")},
                            {QStringLiteral("method"), QStringLiteral("pg_dump")}};
    e.retentionUntil = e.ts.addYears(10);
    e.prevHash = head->first().hash;
    e.hash = AuditLog::computeHash(e);
    const Status planted = f.exec(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, "
                                                 "details, retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, "
                                                 "?, ?, ?, ?)"),
                                  {e.seq, toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                                   QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                                   toDbTime(e.retentionUntil), e.prevHash, e.hash});
    return planted ? e.seq : 0;
}

} // namespace tirkeu::test::audit
