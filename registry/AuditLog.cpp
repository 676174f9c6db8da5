#include "registry/AuditLog.h"

#include "registry/Database.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace tirkeu::registry {

namespace {

void put(QByteArray& out, const QString& field) {
    const QByteArray utf8 = field.toUtf8();
    out += QByteArray::number(utf8.size());
    out += ':';
    out += utf8;
    out += ';';
}

QDate localDay(const QDateTime& t) {
    return t.toTimeZone(Clock::zone()).date();
}

AuditEvent eventFrom(const QSqlQuery& q) {
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.ts = fromDbTime(q.value(1).toString());
    e.operatorLogin = q.value(2).toString();
    e.subject = q.value(3).toString();
    e.type = q.value(4).toString();
    e.details = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    e.retentionUntil = fromDbTime(q.value(6).toString());
    e.prevHash = q.value(7).toString();
    e.hash = q.value(8).toString();
    return e;
}

const char kEventColumns[] = "seq, ts, operator, subject, event_type, details, retention_until, prev_hash, hash";

// The stored text of a row, hashed as stored: verification must not depend on re-serialising JSON.
struct RawRow {
    qint64 seq;
    QString fields[8];
};

QByteArray canonicalRaw(const RawRow& r) {
    QByteArray out;
    put(out, QString::number(r.seq));
    for (int i = 0; i < 7; ++i) // ts, operator, subject, type, details, retention, prev_hash
        put(out, r.fields[i]);
    return out;
}

} // namespace

QByteArray AuditLog::canonical(const AuditEvent& e) {
    RawRow r{e.seq,
             {toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
              QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)), toDbTime(e.retentionUntil),
              e.prevHash, e.hash}};
    return canonicalRaw(r);
}

QString AuditLog::computeHash(const AuditEvent& e) {
    return QString::fromLatin1(QCryptographicHash::hash(canonical(e), QCryptographicHash::Sha256).toHex());
}

Result<qint64> AuditLog::append(const QString& operatorLogin, const QString& subject, const QString& type,
                                const QJsonObject& details, const QDateTime& relatedExpiry) {
    if (!m_db.inTransaction())
        return makeError(ErrorCode::Database,
                         tr("Internal error: audit events are written only inside a transaction."));
    if (auto anchored = anchorFinishedDaysLocked(); !anchored)
        return anchored.error();

    auto years = m_db.scalar(QStringLiteral("SELECT max(event_log_years) FROM retention_policies"));
    if (!years)
        return years.error();
    auto head = m_db.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!head)
        return head.error();
    AuditEvent e;
    if (head->next()) {
        e.seq = head->value(0).toLongLong() + 1;
        e.prevHash = head->value(1).toString();
    } else {
        // After a retention sweep trimmed the whole chain, it continues from the archived head.
        auto cp = m_db.exec(QStringLiteral("SELECT audit_last_seq, audit_last_hash FROM archive_batches "
                                           "WHERE audit_last_seq IS NOT NULL ORDER BY id DESC LIMIT 1"));
        if (!cp)
            return cp.error();
        if (cp->next()) {
            e.seq = cp->value(0).toLongLong() + 1;
            e.prevHash = cp->value(1).toString();
        } else {
            e.seq = 1;
            e.prevHash = genesisHash();
        }
    }
    e.ts = m_clock.now();
    e.operatorLogin = operatorLogin;
    e.subject = subject;
    e.type = type;
    e.details = details;
    const QDateTime base = relatedExpiry.isValid() && relatedExpiry > e.ts ? relatedExpiry : e.ts;
    e.retentionUntil = base.addYears(qMax(1, years->toInt()));
    e.hash = computeHash(e);

    auto ins = m_db.exec(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, "
                                        "retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                         {e.seq, toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                          QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                          toDbTime(e.retentionUntil), e.prevHash, e.hash});
    if (!ins)
        return ins.error();
    return e.seq;
}

Result<int> AuditLog::anchorFinishedDaysLocked() {
    // Only the day of the newest event can be unanchored: every append anchors the previous day.
    auto last = m_db.exec(QStringLiteral("SELECT seq, ts, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!last)
        return last.error();
    if (!last->next())
        return 0;
    const qint64 seq = last->value(0).toLongLong();
    const QDate day = localDay(fromDbTime(last->value(1).toString()));
    const QString hash = last->value(2).toString();
    if (day >= m_clock.today())
        return 0;
    auto exists = m_db.scalar(QStringLiteral("SELECT count(*) FROM audit_anchors WHERE day = ?"), {toDbDate(day)});
    if (!exists)
        return exists.error();
    if (exists->toInt() > 0)
        return 0;
    auto prev = m_db.scalar(QStringLiteral("SELECT coalesce(max(last_seq), 0) FROM audit_anchors"));
    if (!prev)
        return prev.error();
    auto ins = m_db.exec(QStringLiteral("INSERT INTO audit_anchors (day, last_seq, head_hash, events, created_at) "
                                        "VALUES (?, ?, ?, ?, ?)"),
                         {toDbDate(day), seq, hash, seq - prev->toLongLong(), toDbTime(m_clock.now())});
    if (!ins)
        return ins.error();
    return 1;
}

Result<int> AuditLog::anchorCompletedDays() {
    if (m_db.inTransaction())
        return anchorFinishedDaysLocked();
    Transaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto n = anchorFinishedDaysLocked();
    if (!n)
        return n;
    if (Status s = tx.commit(); !s)
        return s.error();
    return n;
}

Result<QList<AuditAnchor>> AuditLog::anchors(const QDate& from, const QDate& to) {
    auto q = m_db.exec(QStringLiteral("SELECT day, last_seq, head_hash, events FROM audit_anchors "
                                      "WHERE day >= ? AND day <= ? ORDER BY day"),
                       {from.isValid() ? toDbDate(from) : QStringLiteral("0000-00-00"),
                        to.isValid() ? toDbDate(to) : QStringLiteral("9999-99-99")});
    if (!q)
        return q.error();
    QList<AuditAnchor> out;
    while (q->next())
        out.append({fromDbDate(q->value(0).toString()), q->value(1).toLongLong(), q->value(2).toString(),
                    q->value(3).toLongLong()});
    return out;
}

Result<QByteArray> AuditLog::exportAnchor(const QDate& day) {
    auto registerId = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!registerId)
        return registerId.error();
    AuditAnchor a;
    QString kind;
    if (day >= m_clock.today()) {
        auto q = m_db.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
        if (!q)
            return q.error();
        if (!q->next())
            return makeError(ErrorCode::NotFound, tr("The event log is empty."));
        a = {day, q->value(0).toLongLong(), q->value(1).toString(), 0};
        kind = QStringLiteral("current-head");
    } else {
        if (auto n = anchorCompletedDays(); !n)
            return n.error();
        auto list = anchors(day, day);
        if (!list)
            return list.error();
        if (list->isEmpty())
            return makeError(ErrorCode::NotFound,
                             tr("No anchor for %1: no events were recorded that day.").arg(displayDate(day)));
        a = list->first();
        kind = QStringLiteral("day-anchor");
    }
    QByteArray out;
    out += "Tirkeu audit anchor v1\n";
    out += "register: " + registerId->toString().toUtf8() + '\n';
    out += "kind: " + kind.toUtf8() + '\n';
    out += "day: " + toDbDate(a.day).toUtf8() + '\n';
    out += "last-seq: " + QByteArray::number(a.lastSeq) + '\n';
    if (a.events > 0)
        out += "events: " + QByteArray::number(a.events) + '\n';
    out += "head-sha256: " + a.headHash.toUtf8() + '\n';
    return out;
}

Result<QByteArray> AuditLog::exportAnchor(const Session& by, const QDate& day) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    return exportAnchor(day);
}

Result<AuditVerifyReport> AuditLog::verify(const Session& by) {
    if (Status s = Roles::require(by, Permission::VerifyAudit); !s)
        return s.error();
    return verify();
}

Result<QList<AuditEvent>> AuditLog::events(const Session& by, const QString& subject, int limit, qint64 beforeSeq) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    return events(subject, limit, beforeSeq);
}

Result<AuditVerifyReport> AuditLog::verify() {
    AuditVerifyReport report;
    auto fail = [&report](qint64 seq, const QString& problem) {
        report.ok = false;
        report.firstBadSeq = seq;
        report.problem = problem;
        return report;
    };

    // Where the chain starts: at 1, or after the events the retention sweep archived.
    qint64 expectedSeq = 1;
    QString expectedPrev = genesisHash();
    auto cp = m_db.exec(QStringLiteral("SELECT audit_last_seq, audit_last_hash FROM archive_batches "
                                       "WHERE audit_last_seq IS NOT NULL ORDER BY id DESC LIMIT 1"));
    if (!cp)
        return cp.error();
    if (cp->next()) {
        expectedSeq = cp->value(0).toLongLong() + 1;
        expectedPrev = cp->value(1).toString();
    }

    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM audit_events ORDER BY seq").arg(QLatin1String(kEventColumns)));
    if (!q)
        return q.error();
    auto anchorList = anchors();
    if (!anchorList)
        return anchorList.error();
    QHash<qint64, QString> anchorAt;
    for (const AuditAnchor& a : *anchorList)
        anchorAt.insert(a.lastSeq, a.headHash);

    qint64 lastSeq = expectedSeq - 1;
    while (q->next()) {
        RawRow r;
        r.seq = q->value(0).toLongLong();
        for (int i = 0; i < 8; ++i)
            r.fields[i] = q->value(i + 1).toString();
        if (r.seq != expectedSeq) {
            if (r.seq > expectedSeq)
                return fail(expectedSeq,
                            expectedSeq == r.seq - 1
                                ? tr("Event %1 is missing (deleted).").arg(expectedSeq)
                                : tr("Events %1 to %2 are missing (deleted).").arg(expectedSeq).arg(r.seq - 1));
            return fail(r.seq, tr("Event %1 is out of order.").arg(r.seq));
        }
        if (r.fields[6] != expectedPrev)
            return fail(r.seq,
                        tr("Event %1 does not link to the event before it (its previous hash differs).").arg(r.seq));
        const QString recomputed =
            QString::fromLatin1(QCryptographicHash::hash(canonicalRaw(r), QCryptographicHash::Sha256).toHex());
        if (recomputed != r.fields[7])
            return fail(r.seq, tr("Event %1 was altered: its content does not match its hash.").arg(r.seq));
        if (auto it = anchorAt.constFind(r.seq); it != anchorAt.constEnd()) {
            if (*it != r.fields[7])
                return fail(r.seq, tr("Event %1 does not match the daily anchor recorded for it.").arg(r.seq));
            ++report.anchorsChecked;
        }
        expectedPrev = r.fields[7];
        lastSeq = r.seq;
        ++expectedSeq;
        ++report.eventsChecked;
    }
    // A truncated tail leaves no gap in the chain; only an anchor beyond the last event shows it. Name
    // the first missing event, like every other finding.
    for (const AuditAnchor& a : *anchorList) {
        if (a.lastSeq <= lastSeq)
            continue;
        const QString day = displayDate(a.day);
        if (a.lastSeq == lastSeq + 1)
            return fail(lastSeq + 1,
                        tr("Event %1 is missing (deleted): the anchor of %2 names it.").arg(a.lastSeq).arg(day));
        return fail(lastSeq + 1, tr("Events %1 to %2 are missing (deleted): the anchor of %3 names event %2.")
                                     .arg(lastSeq + 1)
                                     .arg(a.lastSeq)
                                     .arg(day));
    }
    return report;
}

Result<QList<AuditEvent>> AuditLog::events(const QString& subject, int limit, qint64 beforeSeq) {
    // A null QString binds as SQL NULL, and NULL = '' is not true: coalesce, so "no subject" means all.
    const QString sql =
        QStringLiteral("SELECT %1 FROM audit_events WHERE (coalesce(?, '') = '' OR subject = ?) AND (? = 0 OR seq < ?) "
                       "ORDER BY seq DESC LIMIT ?")
            .arg(QLatin1String(kEventColumns));
    auto q = m_db.exec(sql, {subject, subject, beforeSeq, beforeSeq, limit});
    if (!q)
        return q.error();
    QList<AuditEvent> out;
    while (q->next())
        out.append(eventFrom(*q));
    return out;
}

} // namespace tirkeu::registry
