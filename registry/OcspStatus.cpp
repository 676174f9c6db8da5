#include "registry/OcspStatus.h"

#include "pki/Certificate.h"
#include "registry/Clock.h"
#include "registry/CrlPublisher.h"
#include "registry/Revocations.h"
#include "registry/Schema.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

namespace tirkeu::registry {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// The status of one certificate: its row, and its revocation when there is one (both indexes UNIQUE).
constexpr char kLookupSql[] = "SELECT c.status, r.revoked_at, r.reason_code, c.issued_at FROM certificates c "
                              "LEFT JOIN revocations r ON r.certificate_id = c.id "
                              "WHERE c.ca_id = ? AND c.serial = ?";

pki::OcspAnswer answerFrom(const QString& status, const QString& revokedAt, const QVariant& reason,
                           const QString& issuedAt) {
    pki::OcspAnswer a;
    if (!revokedAt.isEmpty() || status == u"revoked") {
        a.state = pki::OcspCertState::Revoked;
        // A revoked row always has its revocation; without one, the issue time is the safe bound.
        a.revokedAt = fromDbTime(revokedAt.isEmpty() ? issuedAt : revokedAt);
        a.reason = reason.isNull() ? -1 : reason.toInt();
    } else {
        a.state = pki::OcspCertState::Good;
    }
    return a;
}

} // namespace

Result<std::unique_ptr<OcspStatus>> OcspStatus::open(const QString& location, bool lookupOnly) {
    if (lookupOnly && !Database::isPostgresUrl(location)) {
        const QString path = Database::sqlitePath(location);
        std::unique_ptr<OcspStatus> out(new OcspStatus);
        const QByteArray file = QFile::encodeName(QFileInfo(path).absoluteFilePath());
        const int rc =
            sqlite3_open_v2(file.constData(), &out->m_own, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK || sqlite3_busy_timeout(out->m_own, kBusyTimeoutMs) != SQLITE_OK ||
            sqlite3_prepare_v3(out->m_own, kLookupSql, -1, SQLITE_PREPARE_PERSISTENT, &out->m_lookup, nullptr) !=
                SQLITE_OK)
            return makeError(ErrorCode::Database, tr("Cannot open the register %1 for status lookups: %2")
                                                      .arg(path, QString::fromUtf8(sqlite3_errmsg(out->m_own))));
        return out;
    }
    // The responder serves an existing register and never makes one: Database::open would create a missing SQLite
    // file (until 2026-12-07 a mistyped `register =` left an empty register there, which --check then advised
    // upgrading and the responder served, "unknown" for everything; attack of session 28, F12).
    if (!Database::isPostgresUrl(location)) {
        const QString path = Database::sqlitePath(location);
        if (!QFileInfo(path).isFile())
            return makeError(ErrorCode::NotFound,
                             tr("There is no register at %1: the OCSP responder serves an existing register (check "
                                "the register address in its configuration).")
                                 .arg(path));
    }
    auto db = Database::open(location);
    if (!db)
        return db.error();
    if (Status s = Schema::checkCompatible(**db); !s)
        return s.error();
    std::unique_ptr<OcspStatus> out(new OcspStatus);
    out->m_db = std::move(db.value());
    if (sqlite3* native = out->m_db->sqlite()) {
        if (sqlite3_prepare_v3(native, kLookupSql, -1, SQLITE_PREPARE_PERSISTENT, &out->m_lookup, nullptr) != SQLITE_OK)
            return makeError(ErrorCode::Database,
                             tr("Cannot prepare the status lookup: %1").arg(QString::fromUtf8(sqlite3_errmsg(native))));
    }
    return out;
}

OcspStatus::~OcspStatus() {
    if (m_lookup)
        sqlite3_finalize(m_lookup);
    if (m_own)
        sqlite3_close(m_own);
}

Result<pki::OcspAnswer> OcspStatus::lookup(qint64 caId, const QString& serialHex) {
    if (m_lookup) {
        const QByteArray serial = serialHex.toLatin1();
        sqlite3_reset(m_lookup);
        sqlite3_bind_int64(m_lookup, 1, caId);
        sqlite3_bind_text(m_lookup, 2, serial.constData(), int(serial.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(m_lookup);
        if (rc == SQLITE_DONE) {
            sqlite3_reset(m_lookup);
            return pki::OcspAnswer{};
        }
        if (rc != SQLITE_ROW) {
            const QString msg = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_lookup)));
            sqlite3_reset(m_lookup);
            return makeError(ErrorCode::Database, tr("Status lookup failed: %1").arg(msg));
        }
        auto text = [this](int col) {
            const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(m_lookup, col));
            return t ? QString::fromLatin1(t, sqlite3_column_bytes(m_lookup, col)) : QString();
        };
        const QVariant reason =
            sqlite3_column_type(m_lookup, 2) == SQLITE_NULL ? QVariant() : QVariant(sqlite3_column_int(m_lookup, 2));
        pki::OcspAnswer a = answerFrom(text(0), text(1), reason, text(3));
        sqlite3_reset(m_lookup);
        return a;
    }
    auto q = m_db->exec(QString::fromLatin1(kLookupSql), {caId, serialHex});
    if (!q)
        return q.error();
    if (!q->next())
        return pki::OcspAnswer{};
    return answerFrom(q->value(0).toString(), q->value(1).toString(), q->value(2), q->value(3).toString());
}

Result<QList<OcspCaRecord>> OcspStatus::cas() {
    if (!m_db)
        return makeError(ErrorCode::Failure, tr("Internal error: a lookup-only register connection."));
    auto q = m_db->exec(
        QStringLiteral("SELECT id, code, certificate_der, coalesce(parent_id, 0), settings FROM cas ORDER BY id"));
    if (!q)
        return q.error();
    QList<OcspCaRecord> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toByteArray(),
                    q->value(3).toLongLong(),
                    CrlPublisher::publishDir(QJsonDocument::fromJson(q->value(4).toString().toUtf8()).object())});
    return out;
}

Result<QList<QByteArray>> OcspStatus::signerCertificates(qint64 caId, const QDateTime& now) {
    if (!m_db)
        return makeError(ErrorCode::Failure, tr("Internal error: a lookup-only register connection."));
    auto q = m_db->exec(QStringLiteral("SELECT der FROM certificates WHERE ca_id = ? AND profile = ? AND "
                                       "status = 'valid' AND not_after > ? ORDER BY not_after DESC"),
                        {caId, QString::fromLatin1(kSignerProfile), toDbTime(now)});
    if (!q)
        return q.error();
    QList<QByteArray> out;
    while (q->next())
        out.append(q->value(0).toByteArray());
    return out;
}

Status OcspStatus::checkSigner(const OcspCaRecord& ca, const QByteArray& signerDer, const QDateTime& now) {
    if (!m_db)
        return makeError(ErrorCode::Failure, tr("Internal error: a lookup-only register connection."));
    auto cert = pki::Certificate::parse(signerDer);
    if (!cert)
        return makeError(
            ErrorCode::Crypto,
            tr("The OCSP signing certificate of the CA %1 cannot be read: %2").arg(ca.code, cert.message()));
    const QString serial = cert->serialHex();
    auto row = m_db->row(QStringLiteral("SELECT c.profile, c.status, c.der, r.reason_code, r.revoked_at FROM "
                                        "certificates c LEFT JOIN revocations r ON r.certificate_id = c.id "
                                        "WHERE c.ca_id = ? AND c.serial = ?"),
                         {ca.id, serial});
    if (!row)
        return row.error();
    if (row->isEmpty() || row->at(0).toString() != QLatin1String(kSignerProfile) ||
        row->at(2).toByteArray() != cert->der())
        return makeError(ErrorCode::Conflict, tr("The certificate %1 is not an OCSP signing certificate the register "
                                                 "records as issued by the CA %2: it signs no answer.")
                                                  .arg(serial, ca.code));
    const QString revokedAt = row->at(4).toString();
    if (row->at(3).toInt() == Revocations::kCertificateHold && !revokedAt.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The OCSP signing certificate %1 of the CA %2 is on hold since %3: it signs no answer.")
                             .arg(serial, ca.code, revokedAt));
    if (!revokedAt.isEmpty() || row->at(1).toString() != u"valid")
        return makeError(ErrorCode::Conflict,
                         tr("The OCSP signing certificate %1 of the CA %2 was revoked on %3 (%4): it signs no answer.")
                             .arg(serial, ca.code, revokedAt, Revocations::reasonName(row->at(3).toInt())));
    return checkSignerDates(ca.code, serial, cert->notBefore(), cert->notAfter(), now);
}

Status OcspStatus::checkSignerDates(const QString& caCode, const QString& serialHex, const QDateTime& notBefore,
                                    const QDateTime& notAfter, const QDateTime& now) {
    if (!notBefore.isValid() || now < notBefore)
        return makeError(ErrorCode::Conflict,
                         tr("The OCSP signing certificate %1 of the CA %2 is valid from %3 only: it signs no answer "
                            "before then.")
                             .arg(serialHex, caCode, notBefore.toString(Qt::ISODate)));
    if (!notAfter.isValid() || now >= notAfter)
        return makeError(ErrorCode::Conflict,
                         tr("The OCSP signing certificate %1 of the CA %2 ended on %3: it signs no answer (the command "
                            "ocsp renew-signer).")
                             .arg(serialHex, caCode, notAfter.toString(Qt::ISODate)));
    return {};
}

Result<QList<OcspChange>> OcspStatus::changesSince(OcspCursor& cursor) {
    if (!m_db)
        return makeError(ErrorCode::Failure, tr("Internal error: a lookup-only register connection."));
    QList<OcspChange> out;
    // The newest event first: whatever is recorded after it is found by the next call.
    auto head = m_db->exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!head)
        return head.error();
    const bool anyEvent = head->next();
    const qint64 headSeq = anyEvent ? head->value(0).toLongLong() : 0;
    const QString headHash = anyEvent ? head->value(1).toString() : QString();
    head->finish();
    if (cursor.certificateId >= 0 && cursor.eventSeq > 0) {
        auto seen = m_db->scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {cursor.eventSeq});
        if (!seen)
            return seen.error();
        if (!seen->isValid() || seen->toString() != cursor.eventHash) {
            cursor = OcspCursor{};
            cursor.rewritten = true;
        }
    }
    cursor.eventSeq = headSeq;
    cursor.eventHash = headHash;
    if (cursor.certificateId < 0 || cursor.revocationId < 0 || cursor.releaseId < 0) {
        auto c = m_db->scalar(QStringLiteral("SELECT coalesce(max(id), 0) FROM certificates"));
        if (!c)
            return c.error();
        auto r = m_db->scalar(QStringLiteral("SELECT coalesce(max(id), 0) FROM revocations"));
        if (!r)
            return r.error();
        auto h = m_db->scalar(QStringLiteral("SELECT coalesce(max(id), 0) FROM hold_releases"));
        if (!h)
            return h.error();
        cursor.certificateId = c->toLongLong();
        cursor.revocationId = r->toLongLong();
        cursor.releaseId = h->toLongLong();
        return out;
    }
    // Holds released: the certificate is valid again. Its revocations row is gone, so SQLite may give
    // the next revocation the same id: the revocation cursor steps back before it.
    auto released = m_db->exec(QStringLiteral("SELECT h.id, h.ca_id, h.serial, c.profile, h.revocation_id FROM "
                                              "hold_releases h JOIN certificates c ON c.id = h.certificate_id "
                                              "WHERE h.id > ? ORDER BY h.id"),
                               {cursor.releaseId});
    if (!released)
        return released.error();
    while (released->next()) {
        cursor.releaseId = released->value(0).toLongLong();
        cursor.revocationId = qMin(cursor.revocationId, released->value(4).toLongLong() - 1);
        out.append({released->value(1).toLongLong(), released->value(2).toString(), released->value(3).toString()});
    }
    auto issued =
        m_db->exec(QStringLiteral("SELECT id, ca_id, serial, profile FROM certificates WHERE id > ? ORDER BY id"),
                   {cursor.certificateId});
    if (!issued)
        return issued.error();
    while (issued->next()) {
        cursor.certificateId = issued->value(0).toLongLong();
        out.append({issued->value(1).toLongLong(), issued->value(2).toString(), issued->value(3).toString()});
    }
    auto revoked = m_db->exec(QStringLiteral("SELECT r.id, r.ca_id, r.serial, c.profile FROM revocations r "
                                             "JOIN certificates c ON c.id = r.certificate_id WHERE r.id > ? "
                                             "ORDER BY r.id"),
                              {cursor.revocationId});
    if (!revoked)
        return revoked.error();
    while (revoked->next()) {
        cursor.revocationId = revoked->value(0).toLongLong();
        out.append({revoked->value(1).toLongLong(), revoked->value(2).toString(), revoked->value(3).toString()});
    }
    return out;
}

} // namespace tirkeu::registry
