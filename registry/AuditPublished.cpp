// The checks of `audit verify` against what the register published outside it (issue 12): the retention sweep's
// archives and manifests, and the CRLs relying parties saw (every entry revoked in the register as published, no
// number above the register's, the event-log head a CRL attests). The signed anchors and checkpoints:
// AuditAnchors.cpp.
#include "registry/AuditLog.h"

#include "pki/CaCertificateCheck.h"
#include "pki/CrlReader.h"
#include "pki/InputFiles.h"
#include "registry/Database.h"
#include "registry/Retention.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace tirkeu::registry {

Status AuditLog::verifyArchives(const AuditVerifyOptions& options, AuditVerifyReport& report) {
    if (options.archiveDir.isEmpty())
        return {};
    auto q = m_db.exec(QStringLiteral("SELECT id, archive_file, manifest_sha256, audit_last_seq, audit_last_hash "
                                      "FROM archive_batches ORDER BY id"));
    if (!q)
        return q.error();
    while (q->next()) {
        const QString archive = q->value(1).toString();
        QString manifestName = archive;
        manifestName.replace(QRegularExpression(QStringLiteral("\\.jsonl$")), QStringLiteral(".manifest.json"));
        const QString manifestPath = QDir(options.archiveDir).filePath(manifestName);
        auto finding = [&](const QString& why) {
            report.ok = false;
            report.badTable = QStringLiteral("archive_batches");
            report.badKey = q->value(0).toString();
            report.problem = tr("The archive batch %1 (%2): %3").arg(report.badKey, archive, why);
        };
        QFile mf(manifestPath);
        if (!mf.open(QIODevice::ReadOnly)) {
            finding(tr("its manifest %1 cannot be read (missing?).").arg(manifestPath));
            return {};
        }
        const QByteArray bytes = mf.readAll();
        if (QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()) !=
            q->value(2).toString()) {
            finding(tr("its manifest does not match the SHA-256 recorded in the register."));
            return {};
        }
        auto check = Retention::verifyArchive(manifestPath);
        if (!check) {
            finding(check.message());
            return {};
        }
        const QJsonObject audit = QJsonDocument::fromJson(bytes).object().value(QStringLiteral("audit")).toObject();
        if (!q->value(3).isNull() && (audit.value(QStringLiteral("last_seq")).toInteger() != q->value(3).toLongLong() ||
                                      audit.value(QStringLiteral("last_hash")).toString() != q->value(4).toString())) {
            finding(tr("the archived chain head differs from the one recorded in the register."));
            return {};
        }
    }
    return {};
}

namespace {
// The largest CRL file audit verify --crl reads: far above any CRL a CA of the register publishes.
constexpr qint64 kMaxCrlFileBytes = qint64(1) << 30;
} // namespace

Status AuditLog::verifyCrls(const AuditVerifyOptions& options, AuditVerifyReport& report, CrlCheck check) {
    auto cas = m_db.exec(
        QStringLiteral("SELECT id, code, certificate_der, settings FROM cas WHERE certificate_der IS NOT NULL"));
    if (!cas)
        return cas.error();
    struct Ca {
        qint64 id;
        QString code;
        QByteArray der;
        QByteArray subject;
        QString headOid; // setting crl_event_log_oid
    };
    QList<Ca> list;
    while (cas->next()) {
        Ca c{cas->value(0).toLongLong(),
             cas->value(1).toString(),
             cas->value(2).toByteArray(),
             {},
             QJsonDocument::fromJson(cas->value(3).toString().toUtf8())
                 .object()
                 .value(QStringLiteral("crl_event_log_oid"))
                 .toString()
                 .trimmed()};
        auto subject = pki::CrlReader::subjectDer(c.der);
        if (subject) {
            c.subject = *subject;
            list << c;
        }
    }
    auto finding = [&report](const QString& problem) {
        report.ok = false;
        report.problem = problem;
    };
    for (const QString& path : options.crlFiles) {
        // Only a regular file of at most kMaxCrlFileBytes (attack of session 27: /dev/zero was read until
        // std::bad_alloc): pki::InputFiles refuses anything else before reading.
        auto bytes = pki::InputFiles::read(path, kMaxCrlFileBytes);
        if (!bytes)
            return bytes.error();
        auto crl = pki::CrlReader::read(*bytes);
        if (!crl)
            return makeError(crl.code(), tr("%1: %2").arg(path, crl.message()));
        const QString name = QFileInfo(path).fileName();
        // The CA of the CRL's issuer name (compared as a chain compares names) whose key signed it: every CA of
        // that name is tried, so a second CA given the same name cannot hide the genuine one's CRLs.
        QStringList named;
        auto ca = list.cend();
        QString lastProblem;
        for (auto it = list.cbegin(); it != list.cend(); ++it) {
            if (!pki::CaCertificateCheck::sameName(it->subject, crl->issuerDer))
                continue;
            named << it->code;
            if (Status s = pki::CrlReader::verifySignature(*bytes, it->der); !s) {
                lastProblem = s.message();
                continue;
            }
            ca = it;
            break;
        }
        if (named.isEmpty()) {
            finding(tr("The CRL %1 was issued by no CA of this register.").arg(name));
            return {};
        }
        if (ca == list.cend()) {
            finding(tr("The CRL %1 is not signed by the CA %2: %3")
                        .arg(name, named.join(QStringLiteral(", ")), lastProblem));
            return {};
        }
        // The event log's head the CRL attests (CrlSpec::auditHeadSeq): that event must still be in the
        // chain with the same hash, unless the retention sweep has archived it (before the chain's start).
        if (check == CrlCheck::EventLogHead) {
            if (ca->headOid.isEmpty()) {
                const QString note =
                    tr("The CRLs of %1 attest no event-log head (the CA has no crl_event_log_oid): a rewrite of the "
                       "events after the last signed anchor or checkpoint cannot be found from them.")
                        .arg(ca->code);
                if (!report.warnings.contains(note))
                    report.warnings << note;
                continue;
            }
            auto attested = pki::CrlReader::read(*bytes, ca->headOid);
            if (!attested)
                return makeError(attested.code(), tr("%1: %2").arg(path, attested.message()));
            crl = std::move(attested);
            if (crl->auditHeadSeq <= 0)
                continue;
            auto event =
                m_db.scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {crl->auditHeadSeq});
            if (!event)
                return event.error();
            auto start = m_db.scalar(QStringLiteral("SELECT min(seq) FROM audit_events"));
            if (!start)
                return start.error();
            const QVariant hash = *event;
            const qint64 first = start->isNull() ? 0 : start->toLongLong(); // an emptied log is cut too
            if (hash.isNull() && crl->auditHeadSeq >= first) {
                finding(tr("The published CRL %1 attests the event log up to event %2, but the register has no event "
                           "%2: the log was cut or the register rolled back.")
                            .arg(name)
                            .arg(crl->auditHeadSeq));
                return {};
            }
            if (!hash.isNull() && hash.toString().compare(crl->auditHeadHash, Qt::CaseInsensitive) != 0) {
                finding(tr("The published CRL %1 attests event %2 of the event log with another hash: the log up to "
                           "that event was rewritten.")
                            .arg(name)
                            .arg(crl->auditHeadSeq));
                return {};
            }
            continue;
        }
        // A CRL whose content was recorded before it was renamed into the folder (crl_pending) counts as
        // recorded even while its publication is unfinished (a crash; the next run marks it published).
        auto maxNumber = m_db.scalar(
            QStringLiteral("SELECT nullif(greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = ?), 0), "
                           "coalesce((SELECT max(crl_number) FROM crl_pending WHERE ca_id = ? AND der_sha256 IS NOT "
                           "NULL), 0)), 0)"),
            {ca->id, ca->id});
        if (!maxNumber)
            return maxNumber.error();
        if (maxNumber->isNull() || maxNumber->toULongLong() < crl->number) {
            finding(tr("The CRL %1 has number %2, but the register's newest CRL of %3 is number %4: CRL records were "
                       "removed or the register was rolled back.")
                        .arg(name)
                        .arg(crl->number)
                        .arg(ca->code)
                        .arg(maxNumber->isNull() ? QStringLiteral("none") : maxNumber->toString()));
            return {};
        }
        QHash<QString, QPair<int, QString>> revoked; // normalised serial -> (reason, revoked_at)
        auto q = m_db.exec(QStringLiteral("SELECT r.serial, r.reason_code, r.revoked_at, c.status FROM revocations r "
                                          "JOIN certificates c ON c.id = r.certificate_id WHERE r.ca_id = ?"),
                           {ca->id});
        if (!q)
            return q.error();
        QSet<QString> notRevoked;
        while (q->next()) {
            const QString serial = pki::CrlReader::normaliseSerial(q->value(0).toString());
            revoked.insert(serial, {q->value(1).toInt(), q->value(2).toString()});
            if (q->value(3).toString() != u"revoked")
                notRevoked.insert(serial);
        }
        // Holds released since (their rows moved to hold_releases): a CRL published while the certificate was held
        // lists it with certificateHold, lawfully (attack of session 32, B21: every released hold read as a deleted
        // revocation).
        QMultiHash<QString, QPair<qint64, QDateTime>> released; // normalised serial -> (held at, released at)
        auto h = m_db.exec(QStringLiteral("SELECT serial, held_at, released_at FROM hold_releases WHERE ca_id = ?"),
                           {ca->id});
        if (!h)
            return h.error();
        while (h->next())
            released.insert(
                pki::CrlReader::normaliseSerial(h->value(0).toString()),
                {fromDbTime(h->value(1).toString()).toSecsSinceEpoch(), fromDbTime(h->value(2).toString())});
        const auto heldThenReleased = [&](const pki::CrlEntryInfo& e) {
            if (e.reason != 6)
                return false;
            for (auto it = released.constFind(e.serialHex); it != released.cend() && it.key() == e.serialHex; ++it)
                if (it->first == e.revokedAt.toSecsSinceEpoch() && it->second >= crl->thisUpdate)
                    return true;
            return false;
        };
        for (const pki::CrlEntryInfo& e : crl->entries) {
            ++report.crlEntriesChecked;
            if (e.reason == 8)
                continue; // removeFromCRL (delta CRLs): no revocation to compare
            if (heldThenReleased(e))
                continue;
            const auto it = revoked.constFind(e.serialHex);
            if (it == revoked.cend()) {
                finding(tr("Certificate %1 is revoked on the published CRL %2, but the register has no revocation "
                           "of it (deleted).")
                            .arg(e.serialHex, name));
                return {};
            }
            if (notRevoked.contains(e.serialHex)) {
                finding(tr("Certificate %1 is revoked on the published CRL %2, but the register shows it valid.")
                            .arg(e.serialHex, name));
                return {};
            }
            if (it->first != e.reason) {
                finding(tr("Certificate %1: the published CRL %2 gives reason %3, the register %4 (changed).")
                            .arg(e.serialHex, name)
                            .arg(e.reason)
                            .arg(it->first));
                return {};
            }
            const QDateTime registered = fromDbTime(it->second);
            if (registered.toSecsSinceEpoch() != e.revokedAt.toSecsSinceEpoch()) {
                finding(tr("Certificate %1: the published CRL %2 gives the revocation time %3, the register %4 "
                           "(changed).")
                            .arg(e.serialHex, name, e.revokedAt.toString(Qt::ISODate),
                                 registered.toUTC().toString(Qt::ISODate)));
                return {};
            }
        }
    }
    return {};
}

} // namespace tirkeu::registry
