#include "registry/Retention.h"

#include "pki/FileModes.h"
#include "pki/InputFiles.h"
#include "registry/Database.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"
#include "registry/SweepGuard.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlRecord>

namespace tirkeu::registry {

namespace {

// The inside of "IN (...)": PostgreSQL refuses an empty list, and an empty subquery means the same
// on both engines (IN: false, NOT IN: true).
QString joinIds(const QList<qint64>& ids) {
    if (ids.isEmpty())
        return QStringLiteral("SELECT 0 WHERE 1 = 0");
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(u',');
}

// One batch of rows to archive and delete, in deletion order (children before parents).
struct Batch {
    QString table;
    QString keyColumn;
    QList<qint64> ids;
};

Result<QList<qint64>> ids(Database& db, const QString& sql, const QVariantList& binds) {
    auto q = db.exec(sql, binds);
    if (!q)
        return q.error();
    QList<qint64> out;
    while (q->next())
        out.append(q->value(0).toLongLong());
    return out;
}

// Keeps the key of each certificate of `certIds` in retired_keys (migration 28), with its serial, CA and revocation
// reason, before the sweep deletes the certificates: the ids of the rows written (a key already retired is skipped).
Result<QList<qint64>> retireKeys(Database& db, const QList<qint64>& certIds, const QString& now) {
    QList<qint64> written;
    for (qsizetype i = 0; i < certIds.size(); i += 500) {
        auto rows = db.rows(QStringLiteral("SELECT c.spki_sha256, c.serial, a.code, r.reason_code FROM certificates c "
                                           "JOIN cas a ON a.id = c.ca_id LEFT JOIN revocations r ON r.certificate_id = "
                                           "c.id WHERE c.id IN (%1) AND c.spki_sha256 IS NOT NULL AND NOT EXISTS "
                                           "(SELECT 1 FROM retired_keys k WHERE k.spki_sha256 = c.spki_sha256) "
                                           "ORDER BY c.id")
                                .arg(joinIds(certIds.mid(i, 500))));
        if (!rows)
            return rows.error();
        for (const QVariantList& row : *rows) {
            auto in = db.insert(QStringLiteral("INSERT INTO retired_keys (spki_sha256, serial, ca_code, reason_code, "
                                               "retired_at) VALUES (?, ?, ?, ?, ?)"),
                                {row.at(0), row.at(1), row.at(2), row.at(3), now});
            if (!in)
                return in.error();
            written << in->toLongLong();
        }
    }
    return written;
}

QJsonValue jsonValue(const QVariant& v) {
    if (v.isNull())
        return QJsonValue::Null;
    if (v.typeId() == QMetaType::QByteArray)
        return QJsonObject{{QStringLiteral("$base64"), QString::fromLatin1(v.toByteArray().toBase64())}};
    // QPSQL returns a positive BIGINT as an unsigned 64-bit value.
    if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int || v.typeId() == QMetaType::ULongLong ||
        v.typeId() == QMetaType::UInt)
        return v.toLongLong();
    if (v.typeId() == QMetaType::Double)
        return v.toDouble();
    return v.toString();
}

// The records among `ids` whose legal retention under the rules edition they were handled under
// (rules_applied) has not ended at `now`: the sweep keeps them whatever retention_until says. Records from
// before migration 12 have no edition and keep their stored retention end. `sql` selects id, CA kind, the
// moment the period counts from, and the edition tag for the given ids.
Result<QList<qint64>> legallyKept(Register& reg, const QString& sql, const QDateTime& now) {
    auto q = reg.db().exec(sql);
    if (!q)
        return q.error();
    QList<qint64> kept;
    while (q->next()) {
        forms::CaKind kind = forms::CaKind::National;
        forms::caKindFromId(q->value(1).toString(), &kind);
        auto edition = reg.rules().edition(q->value(3).toString());
        if (!edition)
            return edition.error();
        const QDateTime from = fromDbTime(q->value(2).toString());
        if (!from.isValid() || from.addYears(edition->retention.value(kind).recordYears) > now)
            kept << q->value(0).toLongLong();
    }
    return kept;
}

} // namespace

qint64 SweepReport::total() const {
    qint64 n = 0;
    for (qint64 c : counts)
        n += c;
    return n;
}

Result<QList<RetentionPolicy>> Retention::policies(const Session& by) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    return policies();
}

Result<QList<RetentionPolicy>> Retention::policies() {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT ca_kind, record_years, event_log_years FROM retention_policies ORDER BY ca_kind"));
    if (!q)
        return q.error();
    QList<RetentionPolicy> out;
    while (q->next()) {
        RetentionPolicy p;
        forms::caKindFromId(q->value(0).toString(), &p.kind);
        p.recordYears = q->value(1).toInt();
        p.eventLogYears = q->value(2).toInt();
        out.append(p);
    }
    return out;
}

Status Retention::setPolicy(const Session& by, forms::CaKind kind, int recordYears, int eventLogYears) {
    if (Status s = Roles::require(by, Permission::ManageRetention); !s)
        return s;
    if (recordYears < 1 || recordYears > 100 || eventLogYears < 1 || eventLogYears > 100)
        return makeError(ErrorCode::Invalid, tr("Retention periods are whole years from 1 to 100."));
    // A policy is for the records created from now on: the rules in force now set its floor.
    auto rules = m_reg.rules().at();
    if (!rules)
        return rules.error();
    if (Status s = Rules::retentionAtLeastLegalMinimum(kind, recordYears, eventLogYears, *rules); !s)
        return s;
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    // A policy only grows (migration 24 refuses a shorter one): the guards and the revocations compute retention
    // ends from the policy in force, so a shorter one would shorten what the records kept so far must keep.
    auto current =
        m_reg.db().row(QStringLiteral("SELECT record_years, event_log_years FROM retention_policies WHERE ca_kind = ?"),
                       {forms::caKindId(kind)});
    if (!current)
        return current.error();
    if (!current->isEmpty() && (recordYears < current->at(0).toInt() || eventLogYears < current->at(1).toInt()))
        return makeError(ErrorCode::Invalid,
                         tr("Retention periods are never shortened: the %1 CAs keep their records %2 years and the "
                            "event log %3 years; %4 and %5 years would be shorter. Nothing was changed.")
                             .arg(forms::caKindId(kind))
                             .arg(current->at(0).toInt())
                             .arg(current->at(1).toInt())
                             .arg(recordYears)
                             .arg(eventLogYears));
    auto up = m_reg.db().exec(
        QStringLiteral("UPDATE retention_policies SET record_years = ?, event_log_years = ?, "
                       "updated_at = ?, updated_by = ? WHERE ca_kind = ?"),
        {recordYears, eventLogYears, toDbTime(m_reg.clock().now()), by.operatorId, forms::caKindId(kind)});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, forms::caKindId(kind), QStringLiteral("retention.policy_changed"),
                                   {{QStringLiteral("ca_kind"), forms::caKindId(kind)},
                                    {QStringLiteral("record_years"), recordYears},
                                    {QStringLiteral("event_log_years"), eventLogYears}},
                                   {RowRef::row(QStringLiteral("retention_policies"), forms::caKindId(kind))});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Result<SweepReport> Retention::sweep(const Session& by, const QString& archiveDir, bool dryRun) {
    if (Status s = Roles::require(by, Permission::RunRetentionSweep); !s)
        return s.error();
    if (!dryRun && archiveDir.isEmpty())
        return makeError(ErrorCode::Usage, tr("Name the archive folder."));
    Database& db = m_reg.db();

    Transaction tx(db);
    if (!tx.ok())
        return tx.status().error();
    // The sweep never runs ahead of the register's own history (attack of session 25, F13: run with a clock six
    // years ahead, it deleted a certificate revoked that day, and the next CRL dropped it): it sweeps up to the
    // clock's time, but not past a day after the newest event the register holds.
    SweepReport report;
    QDateTime upTo = m_reg.clock().now();
    auto newest = db.scalar(QStringLiteral("SELECT max(ts) FROM audit_events"));
    if (!newest)
        return newest.error();
    if (!newest->isNull() && fromDbTime(newest->toString()).addDays(1) < upTo) {
        upTo = fromDbTime(newest->toString()).addDays(1);
        report.heldBackTo = upTo;
    }
    const QString now = toDbTime(upTo);

    // What is due, in deletion order. A record still referenced by a younger one stays.
    QList<Batch> batches;
    // A certificate is never swept before it has expired, whatever its retention says: a revoked one (or one on
    // hold) must stay on its CA's CRLs and refused by OCSP until then (RFC 5280 §3.3), and a revoked CA's
    // certificate keeps that CA from certifying (attack of session 32, B13: a sub-CA revoked for a CA compromise
    // was swept five years after its revocation, four years before its end, dropped off the root's CRL and issued
    // again).
    auto certs = ids(db,
                     QStringLiteral("SELECT id FROM certificates WHERE retention_until <= ? AND not_after <= ? AND id "
                                    "NOT IN (SELECT replaces_certificate_id FROM certificates WHERE "
                                    "replaces_certificate_id IS NOT NULL AND retention_until > ?) ORDER BY id"),
                     {now, now, now});
    if (!certs)
        return certs.error();
    // A certificate's period runs from its termination: the revocation, else its expiry.
    auto certsKept = legallyKept(
        m_reg,
        QStringLiteral("SELECT c.id, k.kind, coalesce(r.revoked_at, c.not_after), ra.rules_version FROM certificates c "
                       "JOIN cas k ON k.id = c.ca_id JOIN rules_applied ra ON ra.record = 'certificate' AND "
                       "ra.record_id = c.id LEFT JOIN revocations r ON r.certificate_id = c.id WHERE c.id IN (%1)")
            .arg(joinIds(*certs)),
        upTo);
    if (!certsKept)
        return certsKept.error();
    for (qint64 id : *certsKept)
        certs->removeAll(id);
    const QString certList = joinIds(*certs);
    auto revs = ids(
        db, QStringLiteral("SELECT id FROM revocations WHERE certificate_id IN (%1) ORDER BY id").arg(certList), {});
    if (!revs)
        return revs.error();
    // A swept certificate's notices go with it (attack of session 25, F14: their foreign key made every sweep fail
    // once a certificate with a notice was due, and kept the holder's name and address for ever).
    auto notices = ids(
        db, QStringLiteral("SELECT id FROM notifications WHERE certificate_id IN (%1) ORDER BY id").arg(certList), {});
    if (!notices)
        return notices.error();
    auto apps = ids(db,
                    QStringLiteral("SELECT id FROM applications WHERE retention_until <= ? AND id NOT IN "
                                   "(SELECT application_id FROM certificates WHERE application_id IS NOT NULL "
                                   "AND id NOT IN (%1)) AND id NOT IN (SELECT application_id FROM revocations "
                                   "WHERE application_id IS NOT NULL AND certificate_id NOT IN (%1)) ORDER BY id")
                        .arg(certList),
                    {now});
    if (!apps)
        return apps.error();
    // An application's period runs from its last step (decision or completion), else its receipt.
    auto appsKept = legallyKept(
        m_reg,
        QStringLiteral("SELECT a.id, k.kind, coalesce(a.completed_at, a.decided_at, a.received_at), ra.rules_version "
                       "FROM applications a JOIN cas k ON k.id = a.ca_id JOIN rules_applied ra ON ra.record = "
                       "'application' AND ra.record_id = a.id WHERE a.id IN (%1)")
            .arg(joinIds(*apps)),
        upTo);
    if (!appsKept)
        return appsKept.error();
    for (qint64 id : *appsKept)
        apps->removeAll(id);
    const QString appList = joinIds(*apps);
    auto history = ids(
        db, QStringLiteral("SELECT id FROM application_history WHERE application_id IN (%1) ORDER BY id").arg(appList),
        {});
    if (!history)
        return history.error();
    auto persons = ids(db,
                       QStringLiteral("SELECT id FROM persons WHERE retention_until <= ? "
                                      "AND id NOT IN (SELECT person_id FROM applications WHERE person_id IS NOT NULL "
                                      "AND id NOT IN (%1)) AND id NOT IN (SELECT person_id FROM certificates "
                                      "WHERE person_id IS NOT NULL AND id NOT IN (%2)) ORDER BY id")
                           .arg(appList, certList),
                       {now});
    if (!persons)
        return persons.error();
    auto orgs = ids(db,
                    QStringLiteral("SELECT id FROM organisations WHERE retention_until <= ? "
                                   "AND id NOT IN (SELECT organisation_id FROM applications WHERE organisation_id "
                                   "IS NOT NULL AND id NOT IN (%1)) AND id NOT IN (SELECT organisation_id FROM "
                                   "certificates WHERE organisation_id IS NOT NULL AND id NOT IN (%2)) ORDER BY id")
                        .arg(appList, certList),
                    {now});
    if (!orgs)
        return orgs.error();
    auto crls = ids(db, QStringLiteral("SELECT id FROM crls WHERE retention_until <= ? ORDER BY id"), {now});
    if (!crls)
        return crls.error();
    // The event log is trimmed only from its start, so the remaining chain stays verifiable from the
    // archived head: stop at the first event whose retention has not ended.
    auto firstYoung = db.scalar(QStringLiteral("SELECT min(seq) FROM audit_events WHERE retention_until > ?"), {now});
    if (!firstYoung)
        return firstYoung.error();
    auto events = firstYoung->isNull()
                      ? ids(db, QStringLiteral("SELECT seq FROM audit_events ORDER BY seq"), {})
                      : ids(db, QStringLiteral("SELECT seq FROM audit_events WHERE seq < ? ORDER BY seq"),
                            {firstYoung->toLongLong()});
    if (!events)
        return events.error();

    batches = {{QStringLiteral("notifications"), QStringLiteral("id"), *notices},
               {QStringLiteral("revocations"), QStringLiteral("id"), *revs},
               {QStringLiteral("certificates"), QStringLiteral("id"), *certs},
               {QStringLiteral("application_history"), QStringLiteral("id"), *history},
               {QStringLiteral("applications"), QStringLiteral("id"), *apps},
               {QStringLiteral("persons"), QStringLiteral("id"), *persons},
               {QStringLiteral("organisations"), QStringLiteral("id"), *orgs},
               {QStringLiteral("crls"), QStringLiteral("id"), *crls},
               {QStringLiteral("audit_events"), QStringLiteral("seq"), *events}};

    report.dryRun = dryRun;
    for (const Batch& b : batches)
        report.counts.insert(b.table, b.ids.size());
    if (dryRun || report.total() == 0)
        return report; // the transaction rolls back: nothing changed

    // 1. Write the archive and its manifest.
    if (!pki::FileModes::makeFolders(archiveDir, pki::FileModes::kPrivateFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the archive folder %1.").arg(archiveDir));
    auto registerId = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!registerId)
        return registerId.error();
    const QString stamp = m_reg.clock().now().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    const QString base = QDir(archiveDir).filePath(QStringLiteral("tirkeu-archive-%1").arg(stamp));
    report.archiveFile = base + QStringLiteral(".jsonl");
    report.manifestFile = base + QStringLiteral(".manifest.json");
    if (QFileInfo::exists(report.archiveFile) || QFileInfo::exists(report.manifestFile))
        return makeError(ErrorCode::Conflict, tr("The archive %1 already exists.").arg(report.archiveFile));

    QString lastHash;
    {
        QSaveFile out(report.archiveFile);
        // The swept records (holders, applications, certificates, events): owner only, like a backup.
        if (Status s = OutputFiles::openOwnerOnly(out); !s)
            return s.error();
        QCryptographicHash sha(QCryptographicHash::Sha256);
        for (const Batch& b : batches) {
            for (qsizetype i = 0; i < b.ids.size(); i += 500) {
                const QList<qint64> chunk = b.ids.mid(i, 500);
                auto q = db.exec(QStringLiteral("SELECT * FROM %1 WHERE %2 IN (%3) ORDER BY %2")
                                     .arg(b.table, b.keyColumn, joinIds(chunk)));
                if (!q)
                    return q.error();
                while (q->next()) {
                    const QSqlRecord rec = q->record();
                    QJsonObject row;
                    for (int c = 0; c < rec.count(); ++c)
                        row.insert(rec.fieldName(c), jsonValue(rec.value(c)));
                    if (b.table == u"audit_events")
                        lastHash = rec.value(QStringLiteral("hash")).toString();
                    const QByteArray line =
                        QJsonDocument(QJsonObject{{QStringLiteral("table"), b.table}, {QStringLiteral("row"), row}})
                            .toJson(QJsonDocument::Compact) +
                        '\n';
                    sha.addData(line);
                    if (out.write(line) != line.size())
                        return makeError(ErrorCode::Io,
                                         tr("Cannot write %1: %2").arg(report.archiveFile, out.errorString()));
                }
            }
        }
        if (!out.commit())
            return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(report.archiveFile, out.errorString()));
        report.sha256 = QString::fromLatin1(sha.result().toHex());
    }
    report.auditLastSeq = events->isEmpty() ? 0 : events->constLast();
    QJsonObject counts;
    for (auto it = report.counts.cbegin(); it != report.counts.cend(); ++it)
        counts.insert(it.key(), it.value());
    QJsonObject manifest{{QStringLiteral("format"), QStringLiteral("tirkeu-archive/1")},
                         {QStringLiteral("register_id"), registerId->toString()},
                         {QStringLiteral("created_at"), now},
                         {QStringLiteral("created_by"), by.login},
                         {QStringLiteral("archive_file"), QFileInfo(report.archiveFile).fileName()},
                         {QStringLiteral("sha256"), report.sha256},
                         {QStringLiteral("counts"), counts}};
    if (report.auditLastSeq > 0)
        manifest.insert(QStringLiteral("audit"), QJsonObject{{QStringLiteral("first_seq"), events->constFirst()},
                                                             {QStringLiteral("last_seq"), report.auditLastSeq},
                                                             {QStringLiteral("last_hash"), lastHash}});
    const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
    {
        QSaveFile out(report.manifestFile);
        if (!OutputFiles::openOwnerOnly(out) || out.write(manifestBytes) != manifestBytes.size() || !out.commit())
            return makeError(ErrorCode::Io, tr("Cannot write %1.").arg(report.manifestFile));
    }

    // 2. Re-read the archive from disk before anything is deleted.
    auto check = verifyArchive(report.manifestFile);
    if (!check)
        return check.error();
    if (check->counts != report.counts)
        return makeError(ErrorCode::Integrity, tr("The archive read back does not hold the expected records; nothing "
                                                  "was deleted."));

    // The rows whose only record is in the events about to be archived are carried forward by the
    // sweep's own event (with the recorded hashes), and every deleted protected row is recorded gone.
    QList<RowRef> rowRefs;
    if (report.auditLastSeq > 0) {
        auto carried = m_reg.audit().rowsRecordedOnlyUpTo(report.auditLastSeq);
        if (!carried)
            return carried.error();
        rowRefs = *carried;
    }
    for (const Batch& b : batches) {
        if (!AuditLog::protectedTable(b.table))
            continue;
        for (qint64 id : b.ids)
            rowRefs << RowRef::row(b.table, id);
    }
    // The rules edition each archived record was handled under leaves with it (deleted below), recorded gone.
    const std::pair<QString, QList<qint64>> editionsOf[] = {{QStringLiteral("certificate"), *certs},
                                                            {QStringLiteral("application"), *apps}};
    for (const auto& [record, list] : editionsOf) {
        auto withEdition = ids(db,
                               QStringLiteral("SELECT record_id FROM rules_applied WHERE record = ? AND record_id IN "
                                              "(%1) ORDER BY record_id")
                                   .arg(joinIds(list)),
                               {record});
        if (!withEdition)
            return withEdition.error();
        for (qint64 id : *withEdition)
            rowRefs << RulesBook::appliedRow(record, id);
    }

    // The keys of the certificates about to be deleted stay retired (attack of session 32, B17: six years after a key
    // compromise the sweep deleted the certificate, and the stolen key was certified again for another holder).
    auto retired = retireKeys(db, *certs, now);
    if (!retired)
        return retired.error();
    for (qint64 id : *retired)
        rowRefs << RowRef::row(QStringLiteral("retired_keys"), id);

    // 3. Delete, with the database's own retention triggers as the last guard.
    // The flag is accepted only from the sweep's own statements (SweepGuard; on PostgreSQL it counts
    // only in this transaction and must be cleared before it commits).
    auto on = [&db] {
        SweepGuard armed;
        return db.exec(QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1"));
    }();
    if (!on)
        return on.error();
    for (const Batch& b : batches) {
        for (qsizetype i = 0; i < b.ids.size(); i += 500) {
            auto del = db.exec(QStringLiteral("DELETE FROM %1 WHERE %2 IN (%3)")
                                   .arg(b.table, b.keyColumn, joinIds(b.ids.mid(i, 500))));
            if (!del)
                return makeError(
                    ErrorCode::Database,
                    tr("The retention sweep was refused by the register; nothing was deleted. %1").arg(del.message()));
        }
    }
    // The rules edition each archived record was handled under leaves with it (once the record is gone: migration 24).
    for (const auto& [record, list] : editionsOf) {
        auto del = db.exec(
            QStringLiteral("DELETE FROM rules_applied WHERE record = ? AND record_id IN (%1)").arg(joinIds(list)),
            {record});
        if (!del)
            return del.error();
    }
    auto off = db.exec(QStringLiteral("UPDATE maintenance SET sweep_active = 0 WHERE id = 1"));
    if (!off)
        return off.error();
    const QString manifestSha =
        QString::fromLatin1(QCryptographicHash::hash(manifestBytes, QCryptographicHash::Sha256).toHex());
    auto batch = db.exec(QStringLiteral("INSERT INTO archive_batches (created_at, created_by, archive_file, "
                                        "manifest_sha256, counts, audit_last_seq, audit_last_hash) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                         {now, by.operatorId, QFileInfo(report.archiveFile).fileName(), manifestSha,
                          QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact)),
                          report.auditLastSeq > 0 ? QVariant(report.auditLastSeq) : QVariant(),
                          report.auditLastSeq > 0 ? QVariant(lastHash) : QVariant()});
    if (!batch)
        return batch.error();
    rowRefs << RowRef::row(QStringLiteral("archive_batches"), batch->lastInsertId().toLongLong());
    auto ev =
        m_reg.audit().append(by.login, QFileInfo(report.archiveFile).fileName(), QStringLiteral("retention.sweep"),
                             {{QStringLiteral("archive"), QFileInfo(report.archiveFile).fileName()},
                              {QStringLiteral("sha256"), report.sha256},
                              {QStringLiteral("manifest_sha256"), manifestSha},
                              {QStringLiteral("counts"), counts}},
                             rowRefs);
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s) {
        QFile::remove(report.archiveFile);
        QFile::remove(report.manifestFile);
        return s.error();
    }
    return report;
}

Result<ArchiveCheck> Retention::verifyArchive(const QString& manifestFile) {
    auto manifestBytes = pki::InputFiles::read(manifestFile);
    if (!manifestBytes)
        return manifestBytes.error();
    const QJsonObject manifest = QJsonDocument::fromJson(*manifestBytes).object();
    if (manifest.value(QStringLiteral("format")).toString() != u"tirkeu-archive/1")
        return makeError(ErrorCode::Invalid, tr("%1 is not a Tirkeu archive manifest.").arg(manifestFile));
    const QString archive =
        QFileInfo(manifestFile).dir().filePath(manifest.value(QStringLiteral("archive_file")).toString());
    QFile af(archive);
    if (!af.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(archive, af.errorString()));
    ArchiveCheck check;
    QCryptographicHash sha(QCryptographicHash::Sha256);
    qint64 lineNo = 0;
    while (!af.atEnd()) {
        const QByteArray line = af.readLine();
        ++lineNo;
        sha.addData(line);
        QJsonParseError err;
        const QJsonObject o = QJsonDocument::fromJson(line, &err).object();
        if (err.error != QJsonParseError::NoError || !o.value(QStringLiteral("row")).isObject())
            return makeError(ErrorCode::Integrity,
                             tr("The archive %1 is damaged at line %2.").arg(archive).arg(lineNo));
        check.counts[o.value(QStringLiteral("table")).toString()] += 1;
    }
    check.sha256 = QString::fromLatin1(sha.result().toHex());
    if (check.sha256 != manifest.value(QStringLiteral("sha256")).toString())
        return makeError(ErrorCode::Integrity,
                         tr("The archive %1 does not match its manifest (SHA-256 differs).").arg(archive));
    const QJsonObject counts = manifest.value(QStringLiteral("counts")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (check.counts.value(it.key()) != it.value().toInteger())
            return makeError(ErrorCode::Integrity, tr("The archive %1 holds %2 %3 records; its manifest says %4.")
                                                       .arg(archive)
                                                       .arg(check.counts.value(it.key()))
                                                       .arg(it.key())
                                                       .arg(it.value().toInteger()));
        if (!check.counts.contains(it.key()))
            check.counts.insert(it.key(), 0);
    }
    return check;
}

} // namespace tirkeu::registry
