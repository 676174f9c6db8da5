// The records of a CRL publication's steps (crl_pending, migration 10: reserved -> written -> published,
// or abandoned), the recovery of a publication interrupted by a crash (what README "Crash safety"
// describes), and the CA's CRL status read from them. The reading, encoding and writing of the CRL itself:
// CrlPublisher.cpp.
#include "registry/CrlPublisher.h"

#include "pki/CrlNumber.h"
#include "pki/CrlWriter.h"
#include "registry/CaDirectory.h"
#include "registry/CrlNumbers.h"
#include "registry/CrlPartitions.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace tirkeu::registry {

namespace {
QString sameFolder(const QString& dir) {
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

// The cRLNumber of a published file; 0 when there is none or it cannot be read.
quint64 numberInFile(const QString& path) {
    auto n = pki::CrlNumber::readFile(path);
    return n && n->has_value() ? **n : 0;
}
} // namespace

Result<CrlPublisher::DeltaBase> CrlPublisher::deltaBaseOf(const CaRecord& ca) {
    auto base = m_reg.db().exec(QStringLiteral("SELECT crl_number, this_update FROM crls WHERE ca_id = ? AND "
                                               "delta_base IS NULL ORDER BY crl_number DESC LIMIT 1"),
                                {ca.id});
    if (!base)
        return base.error();
    if (!base->next())
        return makeError(
            ErrorCode::Conflict,
            tr("The CA %1 has published no full CRL yet; a delta CRL needs one as its base.").arg(ca.code));
    DeltaBase out{base->value(0).toULongLong(), base->value(1).toString(), {}, {}};
    base->finish();
    // What the base held: recorded with its reservation, in the same transaction as its entries were read.
    // Its crl.reserved event is among the CA's newest (only the deltas since it are newer).
    auto events = m_reg.db().exec(QStringLiteral("SELECT details FROM audit_events WHERE subject = ? AND event_type = "
                                                 "'crl.reserved' ORDER BY seq DESC"),
                                  {ca.code});
    if (!events)
        return events.error();
    while (events->next()) {
        const QJsonObject d = QJsonDocument::fromJson(events->value(0).toString().toUtf8()).object();
        if (d.value(QStringLiteral("ca")).toString() != ca.code ||
            quint64(d.value(QStringLiteral("crl_number")).toInteger()) != out.number ||
            d.contains(QStringLiteral("delta_base")))
            continue;
        if (d.contains(QStringLiteral("revocations_upto")))
            out.revocationsUpto = d.value(QStringLiteral("revocations_upto")).toInteger();
        if (d.contains(QStringLiteral("releases_upto")))
            out.releasesUpto = d.value(QStringLiteral("releases_upto")).toInteger();
        break;
    }
    return out;
}

Result<QDateTime> CrlPublisher::newestThisUpdate(const CaRecord& ca) {
    // Every CRL of the CA (full, delta, partition), and a written one whose renames a crash interrupted.
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT this_update FROM crls WHERE ca_id = ? UNION ALL SELECT this_update FROM crl_pending "
                       "WHERE ca_id = ? AND state IN ('written', 'published') AND this_update IS NOT NULL"),
        {ca.id, ca.id});
    if (!q)
        return q.error();
    QDateTime newest;
    while (q->next()) {
        const QDateTime t = fromDbTime(q->value(0).toString());
        if (t.isValid() && (!newest.isValid() || t > newest))
            newest = t;
    }
    return newest;
}

Result<QDateTime> CrlPublisher::publicationTime(const CaRecord& ca) {
    const QDateTime now = QDateTime::fromSecsSinceEpoch(m_reg.clock().now().toSecsSinceEpoch(), Qt::UTC);
    auto newest = newestThisUpdate(ca);
    if (!newest)
        return newest.error();
    if (!newest->isValid() || now >= *newest)
        return now;
    // A CRL dated before the CA's newest would go back in time: relying parties may take the older one for
    // current, and a delta would be older than its base. Seconds of difference between two workstations are
    // absorbed; more means this computer's clock is wrong.
    if (now.secsTo(*newest) <= kClockBehindTolerance)
        return newest->toUTC();
    return makeError(ErrorCode::Conflict,
                     tr("This computer's clock says %1, but the CA %2 already published a CRL dated %3: the clock is "
                        "behind. Set the clock right (and check the clock of the computer that published that CRL), "
                        "then publish again. Nothing was published.")
                         .arg(displayDateTime(now, true), ca.code, displayDateTime(*newest, true)));
}

Result<CrlPublisher::Reservation> CrlPublisher::reserve(const Session& by, const CaRecord& ca, const QString& outDir,
                                                        const QString& basename, std::optional<quint64> deltaBase,
                                                        bool newFolder, const QJsonObject& content) {
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto fresh = CrlNumbers::requireFolderContinues(m_reg.db(), ca.id, outDir, ca.code, newFolder);
    if (!fresh)
        return fresh.error();
    Reservation r;
    // Above every number recorded or reserved, kept as a floor by a restore, or already in the publish
    // folder: a CRL number never repeats nor goes back, even after an older backup is restored.
    auto number = CrlNumbers::next(m_reg.db(), ca.id, outDir, ca.code);
    if (!number)
        return number.error();
    r.number = *number;
    r.folder = sameFolder(outDir);
    r.deltaBase = deltaBase;
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO crl_pending (ca_id, crl_number, delta_base, folder, file_base, state, reserved_at, "
                       "reserved_by) VALUES (?, ?, ?, ?, ?, 'reserved', ?, ?)"),
        {ca.id, qint64(r.number), r.deltaBase ? QVariant(qint64(*r.deltaBase)) : QVariant(), sameFolder(outDir),
         basename, toDbTime(m_reg.clock().now()), by.operatorId});
    if (!ins)
        return ins.error();
    r.id = ins->lastInsertId().toLongLong();
    QJsonObject details{{QStringLiteral("ca"), ca.code},
                        {QStringLiteral("crl_number"), qint64(r.number)},
                        {QStringLiteral("folder"), sameFolder(outDir)}};
    if (r.deltaBase)
        details.insert(QStringLiteral("delta_base"), qint64(*r.deltaBase));
    if (*fresh)
        details.insert(QStringLiteral("new_folder"), true); // confirmed by the operator
    for (auto it = content.begin(); it != content.end(); ++it)
        details.insert(it.key(), it.value());
    auto ev = m_reg.audit().append(by.login, ca.code, QStringLiteral("crl.reserved"), details,
                                   {RowRef::row(QStringLiteral("crl_pending"), r.id)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return r;
}

Result<CrlPublisher::PendingRow> CrlPublisher::pendingRow(qint64 id) {
    auto q = m_reg.db().exec(QStringLiteral("SELECT id, crl_number, delta_base, folder, file_base, state, this_update, "
                                            "next_update, entries, size_bytes, der_sha256, pem_sha256, owed_upto "
                                            "FROM crl_pending WHERE id = ?"),
                             {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("The reserved CRL record %1 is missing.").arg(id));
    PendingRow r;
    r.id = q->value(0).toLongLong();
    r.number = q->value(1).toULongLong();
    if (!q->value(2).isNull())
        r.deltaBase = q->value(2).toULongLong();
    r.folder = q->value(3).toString();
    r.fileBase = q->value(4).toString();
    r.state = q->value(5).toString();
    r.thisUpdate = q->value(6).toString();
    r.nextUpdate = q->value(7).toString();
    r.entries = q->value(8).toLongLong();
    r.size = q->value(9).toLongLong();
    r.derSha256 = q->value(10).toString();
    r.pemSha256 = q->value(11).toString();
    r.owedUpto = q->value(12);
    return r;
}

Status CrlPublisher::markPublished(const Session& by, const CaRecord& ca, const PendingRow& row, bool recovered) {
    auto years = detail::recordYears(m_reg, ca);
    if (!years)
        return years.error();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    const QString fileName = row.fileBase + QStringLiteral(".crl");
    const QDateTime nextUpdate = fromDbTime(row.nextUpdate);
    auto ins = m_reg.db().exec(
        QStringLiteral(
            "INSERT INTO crls (ca_id, crl_number, delta_base, this_update, next_update, entries, size_bytes, "
            "sha256, file_name, published_at, published_by, retention_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {ca.id, qint64(row.number), row.deltaBase ? QVariant(qint64(*row.deltaBase)) : QVariant(), row.thisUpdate,
         row.nextUpdate, row.entries, row.size, row.derSha256, fileName, toDbTime(m_reg.clock().now()), by.operatorId,
         toDbTime(nextUpdate.addYears(*years))});
    if (!ins)
        return ins.error();
    faultPoint("crl-before-mark-published");
    auto up = m_reg.db().exec(QStringLiteral("UPDATE crl_pending SET state = 'published', finished_at = ? WHERE id = ? "
                                             "AND state = 'written'"),
                              {toDbTime(m_reg.clock().now()), row.id});
    if (!up)
        return up.error();
    QJsonObject details{{QStringLiteral("ca"), ca.code},
                        {QStringLiteral("crl_number"), qint64(row.number)},
                        {QStringLiteral("entries"), row.entries},
                        {QStringLiteral("size"), row.size},
                        {QStringLiteral("sha256"), row.derSha256},
                        {QStringLiteral("file"), fileName},
                        {QStringLiteral("next_update"), row.nextUpdate}};
    if (row.deltaBase)
        details.insert(QStringLiteral("delta_base"), qint64(*row.deltaBase));
    if (recovered)
        details.insert(QStringLiteral("finished_after_crash"), true);
    // Every owed publication this CRL covers is settled: the revocations recorded before it was encoded
    // (a delta holds everything since its base; anything before the base is in the base).
    if (!row.owedUpto.isNull()) {
        auto settled = m_reg.db().exec(QStringLiteral("UPDATE crl_owed SET settled_crl = ?, settled_at = ? "
                                                      "WHERE ca_id = ? AND settled_at IS NULL AND id <= ?"),
                                       {qint64(row.number), toDbTime(m_reg.clock().now()), ca.id, row.owedUpto});
        if (!settled)
            return settled.error();
        if (const int n = settled->numRowsAffected(); n > 0)
            details.insert(QStringLiteral("owed_settled"), n);
    }
    auto ev = m_reg.audit().append(by.login, ca.code, QStringLiteral("crl.published"), details,
                                   {RowRef::row(QStringLiteral("crls"), ins->lastInsertId().toLongLong()),
                                    RowRef::row(QStringLiteral("crl_pending"), row.id)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Status CrlPublisher::abandon(const Session& by, const CaRecord& ca, qint64 id, quint64 number, const QString& why) {
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto up = m_reg.db().exec(QStringLiteral("UPDATE crl_pending SET state = 'abandoned', finished_at = ? WHERE id = ? "
                                             "AND state IN ('reserved', 'written')"),
                              {toDbTime(m_reg.clock().now()), id});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, ca.code, QStringLiteral("crl.abandoned"),
                                   QJsonObject{{QStringLiteral("ca"), ca.code},
                                               {QStringLiteral("crl_number"), qint64(number)},
                                               {QStringLiteral("reason"), why}},
                                   {RowRef::row(QStringLiteral("crl_pending"), id)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Error CrlPublisher::abandonAfter(const Session& by, const CaRecord& ca, const Reservation& r, const Error& why,
                                 Transaction* open) {
    if (open && !open->committed())
        open->fail(why);
    // Best effort: when even this cannot be recorded (a full disk), the next run abandons the number.
    (void)abandon(by, ca, r.id, r.number, why.message);
    removeStaleTemps(ca, r.folder);
    return why;
}

void CrlPublisher::removeStaleTemps(const CaRecord& ca, const QString& dir) {
    if (dir.isEmpty())
        return;
    const QRegularExpression temp(QStringLiteral("^\\.") + CrlPartitions::fileBasePattern(ca.code) +
                                  QStringLiteral("\\.crl(\\.pem)?\\.([0-9]+\\.tmp|[A-Za-z0-9]{6})$"));
    const QDir folder(dir);
    for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (temp.match(name).hasMatch())
            QFile::remove(folder.filePath(name));
}

Status CrlPublisher::recoverPending(const Session& by, const CaRecord& ca, const QString& outDir) {
    auto q = m_reg.db().exec(QStringLiteral("SELECT id FROM crl_pending WHERE ca_id = ? AND state IN ('reserved', "
                                            "'written') AND folder = ? ORDER BY crl_number"),
                             {ca.id, sameFolder(outDir)});
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    q->finish();
    for (const qint64 id : ids) {
        auto row = pendingRow(id);
        if (!row)
            return row.error();
        if (row->state == u"reserved") {
            // Never renamed (the content is recorded before any rename): nothing of it was published.
            if (Status s = abandon(by, ca, row->id, row->number,
                                   QStringLiteral("interrupted before its files were recorded; nothing published"));
                !s)
                return s;
            continue;
        }
        const QString der = QDir(row->folder).filePath(row->fileBase + QStringLiteral(".crl"));
        const QString pem = der + QStringLiteral(".pem");
        const auto matches = [](const QString& path, const QString& sha) {
            return QString::fromLatin1(pki::CrlWriter::fileSha256(path).toHex()) == sha;
        };
        // Renamed already, or still staged with exactly the recorded content (never over a newer CRL).
        const auto finish = [&](const QString& final, const QString& sha) -> bool {
            if (matches(final, sha))
                return true;
            const QString staged = pki::CrlWriter::stagedPath(final, row->number);
            if (!matches(staged, sha) || numberInFile(final) >= row->number)
                return false;
            return bool(pki::CrlWriter::install(staged, final));
        };
        if (finish(der, row->derSha256) && finish(pem, row->pemSha256)) {
            if (Status s = markPublished(by, ca, *row, true); !s)
                return s;
            continue;
        }
        if (Status s = abandon(by, ca, row->id, row->number,
                               QStringLiteral("interrupted and its files are no longer complete; superseded by the "
                                              "next number"));
            !s)
            return s;
    }
    removeStaleTemps(ca, outDir);
    return {};
}

// A CRL lists a revocation when the revocations_upto its reservation recorded reaches the revocation's id (a CRL
// published by a version that did not record it: when the revocation was recorded no later than its thisUpdate).
// Every delta CRL lists every revocation up to there. A full CRL lists those of its scope only: a partitioned CA
// (registry/CrlPartitions.h) lists each revocation in one scope's CRL, so a revocation counts as listed by the
// full CRLs once the newest of every scope (file name) reaches it.
Result<QList<OwedPublication>> CrlPublisher::unpublishedCompromises(const CaRecord& ca) {
    QHash<quint64, qint64> upto; // CRL number -> revocations_upto
    {
        auto ev = m_reg.db().exec(
            QStringLiteral("SELECT details FROM audit_events WHERE subject = ? AND event_type = 'crl.reserved'"),
            {ca.code});
        if (!ev)
            return ev.error();
        while (ev->next()) {
            const QJsonObject d = QJsonDocument::fromJson(ev->value(0).toString().toUtf8()).object();
            if (d.value(QStringLiteral("ca")).toString() == ca.code && d.contains(QStringLiteral("revocations_upto")))
                upto.insert(quint64(d.value(QStringLiteral("crl_number")).toInteger()),
                            d.value(QStringLiteral("revocations_upto")).toInteger());
        }
    }
    struct Reach {
        qint64 upto = 0;    // every revocation up to this id
        QDateTime recorded; // and, for CRLs without revocations_upto, every one recorded by then
        bool lists(qint64 id, const QDateTime& at) const {
            return id <= upto || (recorded.isValid() && at <= recorded);
        }
        void add(const Reach& r) {
            upto = std::max(upto, r.upto);
            if (r.recorded.isValid() && (!recorded.isValid() || r.recorded > recorded))
                recorded = r.recorded;
        }
    };
    Reach deltas;
    QHash<QString, Reach> fullByFile;
    {
        auto crls = m_reg.db().exec(
            QStringLiteral("SELECT crl_number, delta_base, this_update, file_name FROM crls WHERE ca_id = ?"), {ca.id});
        if (!crls)
            return crls.error();
        while (crls->next()) {
            const quint64 number = crls->value(0).toULongLong();
            Reach r;
            if (upto.contains(number))
                r.upto = upto.value(number);
            else
                r.recorded = fromDbTime(crls->value(2).toString());
            if (crls->value(1).isNull())
                fullByFile[crls->value(3).toString()].add(r);
            else
                deltas.add(r);
        }
    }
    const auto listed = [&](qint64 id, const QDateTime& at) {
        if (deltas.lists(id, at))
            return true;
        if (fullByFile.isEmpty())
            return false;
        return std::all_of(fullByFile.cbegin(), fullByFile.cend(), [&](const Reach& r) { return r.lists(id, at); });
    };
    auto q = m_reg.db().exec(QStringLiteral("SELECT id, serial, reason_code, recorded_at FROM revocations WHERE "
                                            "ca_id = ? AND reason_code IN (?, ?) ORDER BY id"),
                             {ca.id, Revocations::kKeyCompromise, Revocations::kCaCompromise});
    if (!q)
        return q.error();
    QList<OwedPublication> out;
    while (q->next()) {
        const QDateTime at = fromDbTime(q->value(3).toString());
        if (!listed(q->value(0).toLongLong(), at))
            out << OwedPublication{q->value(1).toString(), q->value(2).toInt(), at};
    }
    return out;
}

// What the CA's CRLs stand at: the newest full and delta CRLs recorded, the key compromises still owed a CRL
// and the publications reserved or written but not finished.
Result<CrlStatus> CrlPublisher::status(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    CrlStatus out;
    out.caCode = ca->code;
    out.publishDir = publishDir(*ca);
    for (const bool delta : {false, true}) {
        auto q = m_reg.db().exec(
            QStringLiteral("SELECT crl_number, delta_base, this_update, next_update, entries, size_bytes, sha256, "
                           "file_name FROM crls WHERE ca_id = ? AND delta_base IS ") +
                (delta ? QStringLiteral("NOT NULL") : QStringLiteral("NULL")) +
                QStringLiteral(" ORDER BY crl_number DESC LIMIT 1"),
            {ca->id});
        if (!q)
            return q.error();
        if (!q->next())
            continue;
        CrlPublication p;
        p.number = q->value(0).toULongLong();
        if (!q->value(1).isNull())
            p.deltaBase = q->value(1).toULongLong();
        p.thisUpdate = fromDbTime(q->value(2).toString());
        p.nextUpdate = fromDbTime(q->value(3).toString());
        p.entries = q->value(4).toLongLong();
        p.size = q->value(5).toLongLong();
        p.sha256 = q->value(6).toString();
        p.derPath = q->value(7).toString();
        (delta ? out.lastDelta : out.lastFull) = p;
    }
    auto owed = unpublishedCompromises(*ca);
    if (!owed)
        return owed.error();
    out.owed = *owed;
    auto pending = m_reg.db().exec(QStringLiteral("SELECT crl_number, delta_base, state, folder, reserved_at FROM "
                                                  "crl_pending WHERE ca_id = ? AND state IN ('reserved', 'written') "
                                                  "ORDER BY crl_number"),
                                   {ca->id});
    if (!pending)
        return pending.error();
    while (pending->next()) {
        PendingPublication p;
        p.number = pending->value(0).toULongLong();
        if (!pending->value(1).isNull())
            p.deltaBase = pending->value(1).toULongLong();
        p.state = pending->value(2).toString();
        p.folder = pending->value(3).toString();
        p.reservedAt = fromDbTime(pending->value(4).toString());
        out.pending << p;
    }
    return out;
}

} // namespace tirkeu::registry
