// Signed checkpoints outside the database (issue 12): the audit signing key, the signed daily anchor
// files the scheduled job writes, and the checks of `audit verify` against signed anchors and checkpoints; the
// checks against the retention archives and the published CRLs: AuditPublished.cpp.
#include "registry/AuditLog.h"

#include "pki/AuditSignature.h"
#include "pki/CaKey.h"
#include "pki/FileModes.h"
#include "pki/InputFiles.h"
#include "pki/KeyPolicy.h"
#include "registry/CertifiedKeys.h"
#include "registry/Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

namespace tirkeu::registry {

namespace {

constexpr char kAnchorMagic[] = "Tirkeu signed audit anchor v1";

// The first moment of `day` in Almaty, as stored (UTC text): events before it belong to earlier days.
QString dayStart(const QDate& day) {
    return toDbTime(QDateTime(day, QTime(0, 0), Clock::zone()).toUTC());
}

constexpr char kCheckpointMagic[] = "Tirkeu signed audit checkpoint v1";

struct ParsedAnchor {
    QString file;
    QMap<QString, QString> fields;
    QByteArray signedPart;
    QByteArray signature;
    QDate day; // anchors only
    qint64 lastSeq = 0;
};

// The "key: value" lines of a signed file (anchor or checkpoint); the signature covers every byte
// before its line.
std::optional<ParsedAnchor> parseSigned(const QString& path, const QByteArray& bytes, const char* magic) {
    ParsedAnchor a;
    a.file = path;
    const qsizetype sigAt = bytes.indexOf("\nsignature: ");
    if (!bytes.startsWith(magic) || sigAt < 0)
        return std::nullopt;
    a.signedPart = bytes.left(sigAt + 1);
    a.signature = QByteArray::fromBase64(bytes.mid(sigAt + 12).trimmed());
    for (const QByteArray& line : a.signedPart.split('\n')) {
        const qsizetype colon = line.indexOf(": ");
        if (colon > 0)
            a.fields.insert(QString::fromUtf8(line.left(colon)), QString::fromUtf8(line.mid(colon + 2)));
    }
    bool ok = false;
    a.lastSeq = a.fields.value(QStringLiteral("last-seq")).toLongLong(&ok);
    if (!ok || a.signature.isEmpty())
        return std::nullopt;
    return a;
}

std::optional<ParsedAnchor> parseAnchor(const QString& path, const QByteArray& bytes) {
    auto a = parseSigned(path, bytes, kAnchorMagic);
    if (!a)
        return std::nullopt;
    a->day = QDate::fromString(a->fields.value(QStringLiteral("day")), Qt::ISODate);
    if (!a->day.isValid())
        return std::nullopt;
    return a;
}

} // namespace

QString AuditLog::anchorFileName(const QDate& day) {
    return QStringLiteral("anchor-%1.txt").arg(day.toString(Qt::ISODate));
}

Result<AuditKeyInfo> AuditLog::auditKey() {
    auto q = m_db.exec(QStringLiteral("SELECT key, value FROM meta WHERE key IN ('audit_key_uri', 'audit_key_spki')"));
    if (!q)
        return q.error();
    AuditKeyInfo info;
    while (q->next()) {
        if (q->value(0).toString() == u"audit_key_uri")
            info.uri = q->value(1).toString();
        else
            info.publicKey = QByteArray::fromBase64(q->value(1).toString().toLatin1());
    }
    if (info.publicKey.isEmpty())
        return makeError(ErrorCode::NotFound,
                         tr("No audit signing key is set up; an administrator sets one up (the command audit key "
                            "init)."));
    info.fingerprint = pki::AuditSignature::fingerprint(info.publicKey);
    // The key (meta) is the one the newest audit.key_set event set up: the row is bound to nothing, and a key put
    // there outside Tirkeu made honest anchors read as forged and the checkpoints be signed with the stranger's key
    // (attack of session 29, F5).
    auto set = m_db.scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'audit.key_set' "
                                          "ORDER BY seq DESC LIMIT 1"));
    if (!set)
        return set.error();
    const QJsonObject details = QJsonDocument::fromJson(set->toString().toUtf8()).object();
    const QByteArray recorded =
        QByteArray::fromBase64(details.value(QStringLiteral("public_key")).toString().toLatin1());
    const QString recordedUri = details.value(QStringLiteral("uri")).toString();
    if (recorded != info.publicKey || recordedUri != info.uri)
        return makeError(
            ErrorCode::Integrity,
            tr("The register's audit signing key (SHA-256 %1, %2) is not the one its event log set up "
               "(%3): it was changed outside Tirkeu. Nothing is signed with it; check the anchors with "
               "the audit public key you kept (audit verify --anchor-key).")
                .arg(info.fingerprint, info.uri,
                     recorded.isEmpty() ? tr("no audit.key_set event") : pki::AuditSignature::fingerprint(recorded)));
    return info;
}

Status AuditLog::setAuditKey(const Session& by, const QString& uri, const QByteArray& publicKey, bool replace) {
    if (Status s = Roles::require(by, Permission::ManageAuditKey); !s)
        return s;
    if (publicKey.isEmpty() || uri.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("The audit key's location and public key are required."));
    // One public key, one use (registry/CertifiedKeys.h): never a holder's, a CA's or an OCSP signer's key.
    if (Status s = CertifiedKeys::checkAuditKey(m_db, pki::KeyPolicy::spkiSha256HexOfDer(publicKey),
                                                pki::AuditSignature::fingerprint(publicKey));
        !s)
        return s;
    Transaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto existing = auditKey();
    if (existing && !replace)
        return makeError(ErrorCode::Conflict,
                         tr("An audit signing key is already set up (SHA-256 %1); give --replace to set up another "
                            "one. Anchors signed with the old key are then checked with --anchor-key.")
                             .arg(existing->fingerprint));
    auto del = m_db.exec(QStringLiteral("DELETE FROM meta WHERE key IN ('audit_key_uri', 'audit_key_spki')"));
    if (!del)
        return del.error();
    auto ins = m_db.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('audit_key_uri', ?), "
                                        "('audit_key_spki', ?)"),
                         {uri, QString::fromLatin1(publicKey.toBase64())});
    if (!ins)
        return ins.error();
    const QString fp = pki::AuditSignature::fingerprint(publicKey);
    auto ev = append(by.login, fp, QStringLiteral("audit.key_set"),
                     {{QStringLiteral("uri"), uri},
                      {QStringLiteral("key_sha256"), fp},
                      {QStringLiteral("public_key"), QString::fromLatin1(publicKey.toBase64())},
                      {QStringLiteral("replaces"), existing ? existing->fingerprint : QString()}});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Result<QByteArray> AuditLog::signedAnchor(const Session& by, const QDate& day, EVP_PKEY* key) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    return signedAnchor(day, key);
}

Result<QByteArray> AuditLog::signedAnchor(const QDate& day, EVP_PKEY* key) {
    if (!day.isValid() || day >= m_clock.today())
        return makeError(ErrorCode::Usage, tr("Only a finished day has a signed anchor; %1 is not over yet.")
                                               .arg(day.isValid() ? displayDate(day) : QStringLiteral("?")));
    auto recorded = auditKey();
    if (!recorded)
        return recorded.error();
    const QString keyFp = pki::CaKey::fingerprintOf(key);
    if (keyFp != recorded->fingerprint)
        return makeError(ErrorCode::Crypto, tr("This key (SHA-256 %1) is not the register's audit signing key (%2).")
                                                .arg(keyFp, recorded->fingerprint));
    auto registerId = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!registerId)
        return registerId.error();
    if (auto n = anchorCompletedDays(); !n)
        return n.error();
    // A closed-day mark no finished day explains stays until someone looks: the job stops loudly rather than
    // signing over the evidence (audit verify names it).
    QDate planted;
    if (auto closed = closedThrough(&planted); !closed)
        return closed.error();
    if (planted.isValid())
        return makeError(ErrorCode::Integrity,
                         tr("The register carries a mark saying the event log was signed through %1, a day that is "
                            "not over yet: the mark was written outside Tirkeu. Nothing is signed until it is "
                            "explained (audit verify).")
                             .arg(displayDate(planted)));
    // The day is closed before its head is read: from now on no event is dated in it (AuditLog::eventTime), so
    // the anchor an auditor holds covers every event of the day (attack of session 25, F10).
    auto closed = m_db.write(
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('audit_signed_through', ?) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value WHERE meta.value < excluded.value"),
        {toDbDate(day)});
    if (!closed)
        return closed.error();

    // The head at the end of the day: the last event before the next day began (Almaty time); when the
    // retention sweep trimmed those events, the recorded daily anchor or the archived head.
    const QString end = dayStart(day.addDays(1));
    qint64 lastSeq = 0;
    QString head = genesisHash();
    auto q =
        m_db.exec(QStringLiteral("SELECT seq, hash FROM audit_events WHERE ts < ? ORDER BY seq DESC LIMIT 1"), {end});
    if (!q)
        return q.error();
    if (q->next()) {
        lastSeq = q->value(0).toLongLong();
        head = q->value(1).toString();
    } else {
        auto a = m_db.exec(QStringLiteral("SELECT last_seq, head_hash FROM audit_anchors WHERE day <= ? "
                                          "ORDER BY day DESC LIMIT 1"),
                           {toDbDate(day)});
        if (!a)
            return a.error();
        if (a->next()) {
            lastSeq = a->value(0).toLongLong();
            head = a->value(1).toString();
        }
    }
    auto count =
        m_db.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE ts >= ? AND ts < ?"), {dayStart(day), end});
    if (!count)
        return count.error();

    QByteArray text;
    text += kAnchorMagic;
    text += '\n';
    text += "register: " + registerId->toString().toUtf8() + '\n';
    text += "day: " + toDbDate(day).toUtf8() + '\n';
    text += "last-seq: " + QByteArray::number(lastSeq) + '\n';
    text += "events: " + QByteArray::number(count->toLongLong()) + '\n';
    text += "head-sha256: " + head.toUtf8() + '\n';
    text += "key-sha256: " + keyFp.toUtf8() + '\n';
    auto sig = pki::AuditSignature::sign(key, text);
    if (!sig)
        return sig.error();
    text += "signature: " + sig->toBase64() + '\n';
    return text;
}

QDate AuditLog::firstUnpublishedAnchorDay(const QString& dir, const QDate& today) {
    QDate from = today.addDays(-1);
    const QStringList existing =
        QDir(dir).entryList({QStringLiteral("anchor-\?\?\?\?-\?\?-\?\?.txt")}, QDir::Files, QDir::Name);
    if (!existing.isEmpty()) {
        const QDate newest = QDate::fromString(existing.constLast().mid(7, 10), Qt::ISODate);
        if (newest.isValid())
            from = newest.addDays(1);
    }
    return from;
}

Result<QStringList> AuditLog::publishSignedAnchors(const Session& by, const QString& dir, EVP_PKEY* key) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    if (!pki::FileModes::makeFolders(dir, pki::FileModes::kPublicFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the anchor folder %1.").arg(dir));
    const QDate yesterday = m_clock.today().addDays(-1);
    const QDate from = firstUnpublishedAnchorDay(dir, m_clock.today());
    QStringList written;
    for (QDate day = from; day <= yesterday; day = day.addDays(1)) {
        auto text = signedAnchor(day, key);
        if (!text)
            return text.error();
        const QString path = QDir(dir).filePath(anchorFileName(day));
        QSaveFile f(path);
        // 0644 at most whatever the umask: no one else may delete or replace signed evidence.
        if (!f.open(QIODevice::WriteOnly) || !pki::FileModes::narrow(f) || f.write(*text) != text->size() ||
            !f.commit())
            return makeError(ErrorCode::Io, tr("Cannot write %1.").arg(path));
        written << path;
    }
    return written;
}

Status AuditLog::verifySignedAnchors(const AuditVerifyOptions& options, AuditVerifyReport& report) {
    QByteArray keyDer = options.anchorKey;
    if (keyDer.isEmpty()) {
        auto recorded = auditKey();
        if (!recorded)
            return recorded.error();
        keyDer = recorded->publicKey;
    }
    const QString keyFp = pki::AuditSignature::fingerprint(keyDer);
    const QDir dir(options.anchorsDir);
    if (!dir.exists())
        return makeError(ErrorCode::NotFound, tr("The anchor folder %1 does not exist.").arg(options.anchorsDir));
    auto registerId = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!registerId)
        return registerId.error();
    auto maxSeq = m_db.scalar(QStringLiteral("SELECT max(seq) FROM audit_events"));
    if (!maxSeq)
        return maxSeq.error();
    auto archived = m_db.scalar(QStringLiteral("SELECT max(audit_last_seq) FROM archive_batches"));
    if (!archived)
        return archived.error();
    const qint64 archivedHead = archived->toLongLong();
    const qint64 lastEvent = maxSeq->isNull() ? archivedHead : maxSeq->toLongLong();

    auto fail = [&report](qint64 seq, const QString& problem) {
        report.ok = false;
        report.firstBadSeq = seq;
        report.problem = problem;
    };
    const QStringList files = dir.entryList({QStringLiteral("anchor-*.txt")}, QDir::Files, QDir::Name);
    if (files.isEmpty() && dir.entryList({QStringLiteral("checkpoint-*.txt")}, QDir::Files).isEmpty()) {
        fail(0, tr("The anchor folder %1 holds no signed anchors (deleted?).").arg(options.anchorsDir));
        return {};
    }
    QDate previousDay;
    qint64 previousSeq = 0;
    for (const QString& name : files) {
        const QString path = dir.filePath(name);
        auto bytes = pki::InputFiles::read(path);
        if (!bytes)
            return bytes.error();
        const auto a = parseAnchor(path, *bytes);
        if (!a) {
            fail(0, tr("%1 is not a signed anchor (damaged or forged).").arg(name));
            return {};
        }
        if (a->fields.value(QStringLiteral("key-sha256")) != keyFp ||
            !pki::AuditSignature::verify(keyDer, a->signedPart, a->signature)) {
            fail(0,
                 tr("The signature of %1 does not verify with the audit key %2 (forged or altered).").arg(name, keyFp));
            return {};
        }
        ++report.signedAnchorsChecked;
        if (a->fields.value(QStringLiteral("register")) != registerId->toString()) {
            fail(0, tr("%1 is an anchor of another register.").arg(name));
            return {};
        }
        const QString day = displayDate(a->day);
        if (previousDay.isValid() && a->day != previousDay.addDays(1)) {
            fail(0, tr("The signed anchor of %1 is missing from %2 (deleted?).")
                        .arg(displayDate(previousDay.addDays(1)), options.anchorsDir));
            return {};
        }
        if (a->lastSeq < previousSeq) {
            fail(a->lastSeq, tr("The signed anchor of %1 names event %2, before the previous day's event %3.")
                                 .arg(day)
                                 .arg(a->lastSeq)
                                 .arg(previousSeq));
            return {};
        }
        previousDay = a->day;
        previousSeq = a->lastSeq;
        const QString head = a->fields.value(QStringLiteral("head-sha256"));
        if (a->lastSeq == 0)
            continue;
        if (a->lastSeq > lastEvent) {
            fail(lastEvent + 1,
                 a->lastSeq == lastEvent + 1
                     ? tr("Event %1 is missing (deleted): the signed anchor of %2 names it.").arg(a->lastSeq).arg(day)
                     : tr("Events %1 to %2 are missing (deleted): the signed anchor of %3 names "
                          "event %2.")
                           .arg(lastEvent + 1)
                           .arg(a->lastSeq)
                           .arg(day));
            return {};
        }
        if (a->lastSeq <= archivedHead) {
            // Archived by the retention sweep: its head is checked where it is recorded exactly.
            auto batch = m_db.scalar(QStringLiteral("SELECT audit_last_hash FROM archive_batches WHERE audit_last_seq "
                                                    "= ?"),
                                     {a->lastSeq});
            if (!batch)
                return batch.error();
            if (batch->isValid() && batch->toString() != head) {
                fail(a->lastSeq, tr("The archived head event %1 differs from the signed anchor of %2 (forged "
                                    "archive batch).")
                                     .arg(a->lastSeq)
                                     .arg(day));
                return {};
            }
            continue;
        }
        auto ev = m_db.exec(QStringLiteral("SELECT seq, hash, ts FROM audit_events WHERE seq IN (?, ?) ORDER BY seq"),
                            {a->lastSeq, a->lastSeq + 1});
        if (!ev)
            return ev.error();
        bool found = false;
        while (ev->next()) {
            const qint64 seq = ev->value(0).toLongLong();
            if (seq == a->lastSeq) {
                found = true;
                if (ev->value(1).toString() != head) {
                    fail(seq, tr("Event %1 differs from the signed anchor of %2: the chain was rewritten.")
                                  .arg(seq)
                                  .arg(day));
                    return {};
                }
            } else if (ev->value(2).toString() < dayStart(a->day.addDays(1))) {
                fail(seq, tr("Event %1 is dated %2 or earlier but is not in that day's signed anchor (added "
                             "afterwards).")
                              .arg(seq)
                              .arg(day));
                return {};
            }
        }
        if (!found) {
            fail(a->lastSeq,
                 tr("Event %1 is missing (deleted): the signed anchor of %2 names it.").arg(a->lastSeq).arg(day));
            return {};
        }
    }
    return verifySignedCheckpoints({keyDer, keyFp, registerId->toString(), archivedHead, lastEvent, options.anchorsDir},
                                   report);
}

QString AuditLog::checkpointFileName(qint64 seq) {
    // Zero-padded so that the names sort in chain order.
    return QStringLiteral("checkpoint-%1.txt").arg(seq, 12, 10, QLatin1Char('0'));
}

Result<QByteArray> AuditLog::signedCheckpoint(EVP_PKEY* key) {
    auto recorded = auditKey();
    if (!recorded)
        return recorded.error();
    const QString keyFp = pki::CaKey::fingerprintOf(key);
    if (keyFp != recorded->fingerprint)
        return makeError(ErrorCode::Crypto, tr("This key (SHA-256 %1) is not the register's audit signing key (%2).")
                                                .arg(keyFp, recorded->fingerprint));
    auto registerId = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!registerId)
        return registerId.error();
    auto h = head();
    if (!h)
        return h.error();
    if (!*h)
        return QByteArray();
    QByteArray text;
    text += kCheckpointMagic;
    text += '\n';
    text += "register: " + registerId->toString().toUtf8() + '\n';
    text += "signed-at: " + toDbTime(m_clock.now()).toUtf8() + '\n';
    text += "last-seq: " + QByteArray::number((*h)->seq) + '\n';
    text += "head-sha256: " + (*h)->hash.toUtf8() + '\n';
    text += "key-sha256: " + keyFp.toUtf8() + '\n';
    auto sig = pki::AuditSignature::sign(key, text);
    if (!sig)
        return sig.error();
    text += "signature: " + sig->toBase64() + '\n';
    return text;
}

Result<QString> AuditLog::publishSignedCheckpoint(const Session& by, const QString& dir, EVP_PKEY* key) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    if (!pki::FileModes::makeFolders(dir, pki::FileModes::kPublicFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the anchor folder %1.").arg(dir));
    auto text = signedCheckpoint(key);
    if (!text)
        return text.error();
    if (text->isEmpty())
        return QString();
    auto parsed = parseSigned(QString(), *text, kCheckpointMagic);
    if (!parsed)
        return makeError(ErrorCode::Failure, tr("The signed checkpoint could not be read back."));
    const QString path = QDir(dir).filePath(checkpointFileName(parsed->lastSeq));
    if (QFileInfo::exists(path))
        return QString(); // this head is signed already; a checkpoint file is never rewritten
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !pki::FileModes::narrow(f) || f.write(*text) != text->size() || !f.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1.").arg(path));
    return path;
}

Status AuditLog::verifySignedCheckpoints(const SignedEvidence& e, AuditVerifyReport& report) {
    const QByteArray& keyDer = e.keyDer;
    const QString& keyFp = e.keyFp;
    const QVariant registerId = e.registerId;
    const qint64 archivedHead = e.archivedHead;
    const qint64 lastEvent = e.lastEvent;
    const QDir dir(e.dir);
    auto fail = [&report](qint64 seq, const QString& problem) {
        report.ok = false;
        report.firstBadSeq = seq;
        report.problem = problem;
    };
    for (const QString& name : dir.entryList({QStringLiteral("checkpoint-*.txt")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        auto bytes = pki::InputFiles::read(path);
        if (!bytes)
            return bytes.error();
        const auto c = parseSigned(path, *bytes, kCheckpointMagic);
        if (!c) {
            fail(0, tr("%1 is not a signed checkpoint (damaged or forged).").arg(name));
            return {};
        }
        if (c->fields.value(QStringLiteral("key-sha256")) != keyFp ||
            !pki::AuditSignature::verify(keyDer, c->signedPart, c->signature)) {
            fail(0,
                 tr("The signature of %1 does not verify with the audit key %2 (forged or altered).").arg(name, keyFp));
            return {};
        }
        if (c->fields.value(QStringLiteral("register")) != registerId.toString()) {
            fail(0, tr("%1 is a checkpoint of another register.").arg(name));
            return {};
        }
        ++report.signedCheckpointsChecked;
        const QString head = c->fields.value(QStringLiteral("head-sha256"));
        const QString when = displayDateTime(fromDbTime(c->fields.value(QStringLiteral("signed-at"))));
        if (c->lastSeq > lastEvent) {
            fail(lastEvent + 1,
                 c->lastSeq == lastEvent + 1
                     ? tr("Event %1 is missing (deleted): the checkpoint signed %2 names it.").arg(c->lastSeq).arg(when)
                     : tr("Events %1 to %2 are missing (deleted): the checkpoint signed %3 names "
                          "event %2.")
                           .arg(lastEvent + 1)
                           .arg(c->lastSeq)
                           .arg(when));
            return {};
        }
        if (c->lastSeq <= archivedHead) {
            auto batch = m_db.scalar(QStringLiteral("SELECT audit_last_hash FROM archive_batches WHERE audit_last_seq "
                                                    "= ?"),
                                     {c->lastSeq});
            if (!batch)
                return batch.error();
            if (batch->isValid() && batch->toString() != head) {
                fail(c->lastSeq, tr("The archived head event %1 differs from the checkpoint signed %2 (forged "
                                    "archive batch).")
                                     .arg(c->lastSeq)
                                     .arg(when));
                return {};
            }
            continue;
        }
        auto hash = m_db.scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {c->lastSeq});
        if (!hash)
            return hash.error();
        if (hash->isNull()) {
            fail(c->lastSeq,
                 tr("Event %1 is missing (deleted): the checkpoint signed %2 names it.").arg(c->lastSeq).arg(when));
            return {};
        }
        if (hash->toString() != head) {
            fail(c->lastSeq, tr("Event %1 differs from the checkpoint signed %2: the chain was rewritten.")
                                 .arg(c->lastSeq)
                                 .arg(when));
            return {};
        }
    }
    return {};
}

} // namespace tirkeu::registry
