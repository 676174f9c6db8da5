#include "registry/AuditLog.h"

#include "registry/AuditEncoding.h"
#include "registry/Database.h"
#include "registry/RulesBook.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <limits>

#include <algorithm>

namespace tirkeu::registry {

namespace {

using auditenc::canonicalRaw;
using auditenc::hashOfRaw;
using auditenc::kEventColumns;
using auditenc::keyLess;
using auditenc::keyText;
using auditenc::kRowsKey;
using auditenc::put;
using auditenc::RawRow;

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

// The event's fields as the register stores them (the details as compact JSON).
RawRow rawOf(const AuditEvent& e) {
    return RawRow{e.seq,
                  {toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                   QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                   toDbTime(e.retentionUntil), e.prevHash, e.hash}};
}

QStringList cols(const char* list) {
    return QString::fromLatin1(list).split(u',');
}

} // namespace

const QList<ProtectedTable>& AuditLog::protectedTables() {
    // verify() reports the first finding in this order: archive batches first (a batch moves the
    // chain's start, so a fake one explains every finding after it), then parents before children.
    static const QList<ProtectedTable> all = {
        {QStringLiteral("archive_batches"), QStringLiteral("id"),
         cols("id,created_at,created_by,archive_file,manifest_sha256,counts,audit_last_seq,audit_last_hash")},
        {QStringLiteral("operators"), QStringLiteral("id"),
         cols("id,login,full_name,role,password_hash,active,created_at,disabled_at")},
        {QStringLiteral("retention_policies"), QStringLiteral("ca_kind"),
         cols("ca_kind,record_years,event_log_years,updated_at,updated_by"), false},
        {QStringLiteral("cas"), QStringLiteral("id"),
         cols("id,code,name,kind,parent_id,settings,key_uri,certificate_der,created_at,terminated_at,"
              "retention_until")},
        {QStringLiteral("calendar_overrides"), QStringLiteral("day"), cols("day,working,note,updated_at,updated_by"),
         false},
        // The holders (migration 21): their names and contact data steer certificates' subjects and notices.
        // The search keys are derived from the names and checked on their own (verify()).
        {QStringLiteral("persons"), QStringLiteral("id"),
         cols("id,iin,surname,name,patronymic,id_document,address,email,phone,created_at,updated_at,retention_until")},
        {QStringLiteral("organisations"), QStringLiteral("id"),
         cols("id,bin,full_name,short_name,kind,region,city,created_at,updated_at,retention_until")},
        {QStringLiteral("applications"), QStringLiteral("id"),
         cols("id,ca_id,form_code,purpose,status,data,attachments,consent,consent_at,basis_letter_no,"
              "basis_letter_date,received_at,deadline,person_id,organisation_id,registered_by,decided_by,decided_at,"
              "reject_reason,completed_at,completed_by,retention_until,replaces_certificate_id")},
        {QStringLiteral("application_history"), QStringLiteral("id"),
         cols("id,application_id,status,at,operator_id,note")},
        {QStringLiteral("certificates"), QStringLiteral("id"),
         cols("id,ca_id,serial,subject,person_id,organisation_id,profile,not_before,not_after,key_media_serial,"
              "blank_numbers,der,status,application_id,issued_by,issued_at,replaces_certificate_id,retention_until,"
              "holder_snapshot,spki_sha256")},
        {QStringLiteral("revocations"), QStringLiteral("id"),
         cols("id,certificate_id,ca_id,serial,reason_code,basis_kind,basis_document,application_id,requested_at,"
              "revoked_at,recorded_at,recorded_by,holder_snapshot")},
        {QStringLiteral("revocation_invalidity"), QStringLiteral("revocation_id"),
         cols("revocation_id,serial,invalidity_date")},
        {QStringLiteral("hold_releases"), QStringLiteral("id"),
         cols("id,revocation_id,certificate_id,ca_id,serial,held_at,hold_recorded_at,hold_recorded_by,hold_basis_kind,"
              "hold_basis_document,released_at,recorded_by,basis_kind,basis_document")},
        {QStringLiteral("crls"), QStringLiteral("id"),
         cols("id,ca_id,crl_number,delta_base,this_update,next_update,entries,size_bytes,sha256,file_name,"
              "published_at,published_by,retention_until")},
        {QStringLiteral("rules_files"), QStringLiteral("id"), cols("id,version,sha256,content,loaded_at,loaded_by")},
        // The rules edition each record was handled under (migration 24): its key is the pair (record, record_id),
        // bound as the text "record:id" (RulesBook::appliedRow; an index of migration 24 finds a row by it).
        {QStringLiteral("rules_applied"),
         RulesBook::kAppliedKey,
         {RulesBook::kAppliedKey, QStringLiteral("record"), QStringLiteral("record_id"),
          QStringLiteral("rules_version"), QStringLiteral("recorded_at")},
         false},
        // The keys of swept certificates (migration 28): never certified again, never deleted.
        {QStringLiteral("retired_keys"), QStringLiteral("id"),
         cols("id,spki_sha256,serial,ca_code,reason_code,retired_at")},
        {QStringLiteral("crl_pending"), QStringLiteral("id"),
         cols("id,ca_id,crl_number,delta_base,folder,file_base,state,reserved_at,reserved_by,this_update,next_update,"
              "entries,size_bytes,der_sha256,pem_sha256,owed_upto,finished_at")},
    };
    return all;
}

const ProtectedTable* AuditLog::protectedTable(const QString& name) {
    for (const ProtectedTable& t : protectedTables())
        if (t.name == name)
            return &t;
    return nullptr;
}

QString AuditLog::rowHash(const ProtectedTable& table, const QList<QVariant>& values) {
    QByteArray out;
    put(out, table.name);
    for (const QVariant& v : values) {
        if (v.isNull()) {
            out += "~;";
            continue;
        }
        if (v.typeId() == QMetaType::QByteArray)
            put(out, QString::fromLatin1(v.toByteArray().toHex()));
        else
            put(out, v.toString());
    }
    return QString::fromLatin1(QCryptographicHash::hash(out, QCryptographicHash::Sha256).toHex());
}

Result<QJsonArray> AuditLog::hashRows(const QList<RowRef>& rows, BoundRowHashes* reuse) {
    QJsonArray out;
    for (const RowRef& ref : rows) {
        const ProtectedTable* t = protectedTable(ref.table);
        if (!t)
            return makeError(ErrorCode::Database,
                             tr("Internal error: %1 is not a protected table of the event log.").arg(ref.table));
        if (ref.carried) {
            out.append(
                QJsonArray{t->name, keyText(ref.key),
                           ref.presetHash.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref.presetHash)});
            continue;
        }
        const QString where = ref.column.isEmpty() ? t->key : ref.column;
        if (!t->columns.contains(where))
            return makeError(ErrorCode::Database, tr("Internal error: %1 is not a column of %2.").arg(where, t->name));
        const QString memoKey = t->name + u'|' + ref.column + u'|' + keyText(ref.key);
        if (reuse) {
            if (auto known = reuse->byRef.constFind(memoKey); known != reuse->byRef.constEnd()) {
                for (const QJsonValue& entry : *known)
                    out.append(entry);
                continue;
            }
        }
        QJsonArray entries;
        auto q = m_db.rows(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ? ORDER BY %4")
                               .arg(t->columns.join(QStringLiteral(", ")), t->name, where, t->key),
                           {ref.key});
        if (!q)
            return q.error();
        bool any = false;
        const int keyIndex = int(t->columns.indexOf(t->key));
        for (const QVariantList& values : *q) {
            entries.append(QJsonArray{t->name, keyText(values.at(keyIndex)), rowHash(*t, values)});
            any = true;
        }
        if (!any && ref.column.isEmpty()) // the row is gone: the event records its deletion
            entries.append(QJsonArray{t->name, keyText(ref.key), QJsonValue(QJsonValue::Null)});
        for (const QJsonValue& entry : std::as_const(entries))
            out.append(entry);
        if (reuse)
            reuse->byRef.insert(memoKey, entries);
    }
    return out;
}

QByteArray AuditLog::canonical(const AuditEvent& e) {
    return canonicalRaw(rawOf(e));
}

QString AuditLog::computeHash(const AuditEvent& e) {
    return hashOfRaw(rawOf(e));
}

Result<qint64> AuditLog::append(const QString& operatorLogin, const QString& subject, const QString& type,
                                const QJsonObject& details, const QDateTime& relatedExpiry) {
    return append(operatorLogin, subject, type, details, QList<RowRef>{}, relatedExpiry);
}

namespace {
// The number after `seq`, or 0 at the end of the range (refused by append: the chain never wraps round).
qint64 nextSeq(qint64 seq) {
    return seq < std::numeric_limits<qint64>::max() ? seq + 1 : 0;
}
} // namespace

Result<qint64> AuditLog::append(const QString& operatorLogin, const QString& subject, const QString& type,
                                const QJsonObject& details, const QList<RowRef>& rows, const QDateTime& relatedExpiry,
                                BoundRowHashes* reuse) {
    if (!m_db.inTransaction())
        return makeError(ErrorCode::Database,
                         tr("Internal error: audit events are written only inside a transaction."));
    if (Status may = actorMayWrite(operatorLogin, subject, type, details, reuse); !may)
        return may.error();
    AuditEvent e;
    int eventLogYears = 0;
    QDateTime newest; // the chain's newest event's time: the next event is never dated before it
    if (reuse && reuse->chain && reuse->chain->day == m_clock.today()) {
        // The caller's previous event is the newest, of today: nothing to anchor, the period unchanged.
        e.seq = nextSeq(reuse->chain->seq);
        e.prevHash = reuse->chain->hash;
        eventLogYears = reuse->chain->eventLogYears;
        newest = reuse->chain->at;
    } else {
        std::optional<Head> last; // the newest event, read once (anchoring writes no event)
        if (auto anchored = anchorFinishedDaysLocked(&last); !anchored)
            return anchored.error();
        auto years = m_db.scalar(QStringLiteral("SELECT max(event_log_years) FROM retention_policies"));
        if (!years)
            return years.error();
        eventLogYears = years->toInt();
        if (last) {
            e.seq = nextSeq(last->seq);
            e.prevHash = last->hash;
            newest = last->at;
        } else {
            // After a retention sweep trimmed the whole chain, it continues from the archived head.
            auto cp = m_db.exec(QStringLiteral("SELECT audit_last_seq, audit_last_hash FROM archive_batches "
                                               "WHERE audit_last_seq IS NOT NULL ORDER BY id DESC LIMIT 1"));
            if (!cp)
                return cp.error();
            if (cp->next()) {
                e.seq = nextSeq(cp->value(0).toLongLong());
                e.prevHash = cp->value(1).toString();
            } else {
                e.seq = 1;
                e.prevHash = genesisHash();
            }
        }
    }
    // The chain's numbers never wrap round: an event numbered at the end of the range (inserted outside Tirkeu:
    // attack of session 25, F21) would make the next one negative and every one after it collide.
    if (e.seq <= 0)
        return makeError(ErrorCode::Integrity,
                         tr("The event log's newest event has the number %1, which Tirkeu never writes: the register "
                            "was changed outside Tirkeu. Nothing is recorded; check it with audit verify.")
                             .arg(e.seq == 0 ? std::numeric_limits<qint64>::max() : e.seq - 1));
    qint64 behindMs = 0;
    auto at = eventTime(newest, &behindMs);
    if (!at)
        return at.error();
    e.ts = *at;
    e.operatorLogin = operatorLogin;
    e.subject = subject;
    e.type = type;
    e.details = details;
    if (behindMs > 0)
        e.details.insert(QStringLiteral("clock_behind_ms"), behindMs);
    if (!rows.isEmpty()) {
        auto hashed = hashRows(rows, reuse);
        if (!hashed)
            return hashed.error();
        e.details.insert(kRowsKey, *hashed);
    }
    const QDateTime base = relatedExpiry.isValid() && relatedExpiry > e.ts ? relatedExpiry : e.ts;
    e.retentionUntil = base.addYears(qMax(1, eventLogYears));
    // The row as stored is what is hashed: the details serialised once for both.
    RawRow row = rawOf(e);
    e.hash = row.fields[7] = hashOfRaw(row);
    QVariantList binds{e.seq}; // then ts, operator, subject, type, details, retention, prev_hash, hash
    for (const QString& field : row.fields)
        binds << field;
    auto ins = m_db.write(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, "
                                         "retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          binds);
    if (!ins)
        return ins.error();
    if (reuse)
        reuse->chain = BoundRowHashes::Chain{e.seq, e.hash, localDay(e.ts), e.ts, eventLogYears};
    return e.seq;
}

Status AuditLog::actorMayWrite(const QString& login, const QString& subject, const QString& type,
                               const QJsonObject& details, BoundRowHashes* reuse) {
    const EventRule rule = Roles::eventRule(type);
    if (rule.kind == EventRule::Kind::Unknown || rule.kind == EventRule::Kind::Free ||
        (rule.kind == EventRule::Kind::OwnOrNeeds && subject == login))
        return {};
    BoundRowHashes::Account account;
    if (reuse && reuse->account && reuse->account->login == login) {
        account = *reuse->account;
    } else {
        auto row = m_db.row(QStringLiteral("SELECT role, active FROM operators WHERE login = ?"), {login});
        if (!row)
            return row.error();
        account.login = login;
        account.known = !row->isEmpty();
        if (account.known) {
            Roles::fromId(row->at(0).toString(), &account.role);
            account.active = row->at(1).toInt() == 1;
        }
        if (reuse)
            reuse->account = account;
    }
    // One's own role changed by oneself (an administrator, while another remains): judged by the role before it,
    // as audit verify judges it.
    Role role = account.role;
    if (type == u"operator.role_changed" && subject == login)
        Roles::fromId(details.value(QStringLiteral("from")).toString(), &role);
    if (!account.known)
        return makeError(ErrorCode::Forbidden,
                         tr("%1 is not an operator of this register: nothing is recorded.").arg(login));
    if (!account.active)
        return makeError(ErrorCode::Forbidden, tr("The account %1 has been disabled since it signed in: nothing is "
                                                  "recorded.")
                                                   .arg(login));
    if (!Roles::allows(role, rule.permission))
        return makeError(ErrorCode::Forbidden,
                         tr("The account %1 now has the role %2, which may not %3: nothing is recorded. Sign in again.")
                             .arg(login, Roles::displayName(role), Roles::permissionName(rule.permission)));
    return {};
}

Result<QDateTime> AuditLog::eventTime(const QDateTime& newest, qint64* behindMs) {
    const QDateTime now = m_clock.now();
    // A day whose signed anchor was made (AuditLog::signedAnchor) is closed: an event dated in it afterwards
    // would not be in the anchor an auditor holds, and would read as forged.
    auto signedThrough = closedThrough();
    if (!signedThrough)
        return signedThrough.error();
    // The newest event dated more than a day after this clock is no floor: every later revocation would be dated
    // at it for good (attack of session 30, A6). Nothing is recorded until it is explained.
    if (newest.isValid() && newest > now.addDays(kClockAheadDays)) {
        auto seq = m_db.scalar(QStringLiteral("SELECT max(seq) FROM audit_events"));
        if (!seq)
            return seq.error();
        return makeError(ErrorCode::Integrity,
                         futureEventProblem(seq->toLongLong(), newest) + u' ' + tr("Nothing is recorded."));
    }
    QDateTime floor = newest;
    if (const QDate day = *signedThrough; day.isValid()) {
        const QDateTime next = QDateTime(day.addDays(1), QTime(0, 0), Clock::zone()).toUTC();
        if (!floor.isValid() || next > floor)
            floor = next;
    }
    if (!floor.isValid() || now >= floor)
        return now;
    // Dated at the floor, never refused: a clock that was ahead (or an anchor signed by one) must not stop the
    // other workstations' revocations. By how much this clock was behind is recorded with the event, and audit
    // verify reports such events.
    *behindMs = now.msecsTo(floor);
    return floor;
}

QString AuditLog::futureEventProblem(qint64 seq, const QDateTime& ts) const {
    return tr("Event %1 of the event log is dated %2, more than a day after this computer's clock (%3): it was "
              "written outside Tirkeu or by a computer whose clock is far ahead. Check the computers' clocks and who "
              "writes to the database directly; the register from before it is in the backups.")
        .arg(seq)
        .arg(displayDateTime(ts), displayDateTime(m_clock.now()));
}

Result<QDate> AuditLog::closedThrough(QDate* planted) {
    auto mark = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'audit_signed_through'"));
    if (!mark)
        return mark.error();
    const QDate day = fromDbDate(mark->toString());
    // A day is signed once it is over by the signing workstation's clock; one clock a day ahead of this one is
    // tolerated (the signed day is then this clock's today), more is not a clock but a forged mark.
    if (day.isValid() && day > m_clock.today()) {
        if (planted)
            *planted = day;
        return QDate();
    }
    return day;
}

Result<std::optional<AuditLog::Head>> AuditLog::head() {
    auto q = m_db.row(QStringLiteral("SELECT seq, hash, ts FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (q->isEmpty())
        return std::optional<Head>();
    return std::optional<Head>(Head{q->at(0).toLongLong(), q->at(1).toString(), fromDbTime(q->at(2).toString())});
}

Result<int> AuditLog::anchorFinishedDaysLocked(std::optional<Head>* newest) {
    // Only the day of the newest event can be unanchored: every append anchors the previous day.
    auto last = m_db.row(QStringLiteral("SELECT seq, ts, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!last)
        return last.error();
    if (newest)
        *newest = last->isEmpty()
                      ? std::optional<Head>()
                      : Head{last->at(0).toLongLong(), last->at(2).toString(), fromDbTime(last->at(1).toString())};
    if (last->isEmpty())
        return 0;
    const qint64 seq = last->at(0).toLongLong();
    const QDate day = localDay(fromDbTime(last->at(1).toString()));
    const QString hash = last->at(2).toString();
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
    auto ins = m_db.write(QStringLiteral("INSERT INTO audit_anchors (day, last_seq, head_hash, events, created_at) "
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
        auto last = head();
        if (!last)
            return last.error();
        if (!*last)
            return makeError(ErrorCode::NotFound, tr("The event log is empty."));
        a = {day, (*last)->seq, (*last)->hash, 0};
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

Result<QList<AuditEvent>> AuditLog::events(const Session& by, const QString& subject, int limit, qint64 beforeSeq) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    return events(subject, limit, beforeSeq);
}

Result<bool> AuditLog::bindsRowsOf(Database& db, const QStringList& tables) {
    // Row references are written compact, [table,key,hash] inside "rows" (AuditEncoding.h).
    QStringList like;
    QVariantList binds;
    if (tables.isEmpty()) {
        like << QStringLiteral("details LIKE ?");
        binds << QStringLiteral("%\"rows\":[[%");
    }
    for (const QString& t : tables) {
        like << QStringLiteral("details LIKE ?");
        binds << QStringLiteral("%[\"%1\",%").arg(t);
    }
    auto n = db.scalar(
        QStringLiteral("SELECT count(*) FROM audit_events WHERE %1").arg(like.join(QStringLiteral(" OR "))), binds);
    if (!n)
        return n.error();
    return n->toLongLong() > 0;
}

Status AuditLog::bindExistingRows(const QString& operatorLogin, const QStringList& onlyTables, int rowsPerEvent) {
    Transaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    QList<const ProtectedTable*> chosen;
    for (const ProtectedTable& t : protectedTables())
        if (onlyTables.isEmpty() || onlyTables.contains(t.name))
            chosen << &t;
    QList<RowRef> refs;
    int part = 0;
    const auto bind = [&]() -> Status {
        auto ev = append(operatorLogin, QStringLiteral("register"), QStringLiteral("audit.rows_bound"),
                         {{QStringLiteral("tables"), int(chosen.size())}, {QStringLiteral("part"), ++part}}, refs);
        refs.clear();
        if (!ev)
            return ev.error();
        return {};
    };
    for (const ProtectedTable* t : std::as_const(chosen)) {
        auto q = m_db.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %1").arg(t->key, t->name));
        if (!q)
            return q.error();
        while (q->next()) {
            refs << RowRef::row(t->name, q->value(0));
            if (refs.size() >= qMax(1, rowsPerEvent))
                if (Status s = bind(); !s)
                    return s;
        }
    }
    if (!refs.isEmpty() || part == 0) // one event also when there is no row: the upgrade is on record
        if (Status s = bind(); !s)
            return s;
    return tx.commit();
}

Result<QList<RowRef>> AuditLog::rowsRecordedOnlyUpTo(qint64 lastSeq) {
    QHash<QString, QHash<QString, QString>> upTo;
    auto q = m_db.exec(QStringLiteral("SELECT seq, details FROM audit_events ORDER BY seq"));
    if (!q)
        return q.error();
    while (q->next()) {
        const qint64 seq = q->value(0).toLongLong();
        const QString details = q->value(1).toString();
        if (!details.contains(QLatin1String("\"rows\"")))
            continue;
        const QJsonArray refs = QJsonDocument::fromJson(details.toUtf8()).object().value(kRowsKey).toArray();
        for (const QJsonValue& v : refs) {
            const QJsonArray ref = v.toArray();
            if (seq <= lastSeq)
                upTo[ref.at(0).toString()][ref.at(1).toString()] = ref.at(2).toString();
            else
                upTo[ref.at(0).toString()].remove(ref.at(1).toString());
        }
    }
    QList<RowRef> out;
    for (const ProtectedTable& t : protectedTables()) {
        const QHash<QString, QString> rows = upTo.value(t.name);
        QStringList keys = rows.keys();
        std::sort(keys.begin(), keys.end(),
                  [&t](const QString& a, const QString& b) { return keyLess(a, b, t.numericKey); });
        for (const QString& key : keys) {
            if (rows.value(key).isEmpty())
                continue; // recorded as deleted: nothing to carry
            RowRef r = RowRef::row(t.name, key);
            r.presetHash = rows.value(key);
            r.carried = true;
            out << r;
        }
    }
    return out;
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
