#include "registry/Journals.h"

#include "registry/Database.h"
#include "registry/HolderSnapshot.h"
#include "registry/Internal.h"
#include "registry/Register.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tirkeu::registry {

namespace {

QString fullName(const QVariant& surname, const QVariant& name, const QVariant& patronymic) {
    QStringList parts;
    for (const QVariant& v : {surname, name, patronymic})
        if (!v.isNull() && !v.toString().trimmed().isEmpty())
            parts << v.toString().trimmed();
    return parts.join(u' ');
}

// The government body named by an application's letter ("org_name"), parsed once per application:
// many certificates share one letter, and the journals stream rows ordered by time, not letter.
// The CRL listing reads every row of a large join (millions of revoked certificates, in serial order):
// on SQLite, a page cache of 256 MiB for the time of the listing keeps the joined pages and the sort
// in memory instead of re-reading them from the file (the default is 2 MiB). Restored afterwards. The
// journals and the register extract, read in time order along an index (and twice for a PDF), keep
// the default: their memory stays flat whatever the number of rows (bench_journal).
class ListingCache {
public:
    explicit ListingCache(Database& db)
        : m_db(db) {
        if (db.engine() != Engine::Sqlite)
            return;
        auto size = db.scalar(QStringLiteral("PRAGMA cache_size"));
        if (!size || !db.exec(QStringLiteral("PRAGMA cache_size=-262144")))
            return;
        m_previous = size->toLongLong();
        m_set = true;
    }
    ~ListingCache() {
        if (m_set)
            (void)m_db.exec(QStringLiteral("PRAGMA cache_size=%1").arg(m_previous));
    }
    ListingCache(const ListingCache&) = delete;
    ListingCache& operator=(const ListingCache&) = delete;

private:
    Database& m_db;
    qint64 m_previous = 0;
    bool m_set = false;
};

class LetterCache {
public:
    QString orgName(qint64 applicationId, const QVariant& json) {
        if (applicationId <= 0 || json.isNull())
            return {};
        if (applicationId != m_id) {
            m_id = applicationId;
            m_name = QJsonDocument::fromJson(json.toString().toUtf8())
                         .object()
                         .value(QStringLiteral("org_name"))
                         .toString()
                         .trimmed();
        }
        return m_name;
    }

private:
    qint64 m_id = 0;
    QString m_name;
};

} // namespace

QString Journals::lowerBound(const QDate& from) {
    if (!from.isValid())
        return QStringLiteral("0000");
    return toDbTime(QDateTime(from, QTime(0, 0), Clock::zone()));
}

QString Journals::upperBound(const QDate& to) {
    if (!to.isValid())
        return QStringLiteral("9999");
    return toDbTime(QDateTime(to.addDays(1), QTime(0, 0), Clock::zone()));
}

Result<qint64> Journals::caId(const QString& caCode) {
    if (caCode.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Name the CA of the report."));
    auto id = m_reg.db().scalar(QStringLiteral("SELECT id FROM cas WHERE code = ?"), {caCode.trimmed()});
    if (!id)
        return id.error();
    if (!id->isValid())
        return makeError(ErrorCode::NotFound, tr("There is no CA with the code %1.").arg(caCode));
    return id->toLongLong();
}

Result<QString> Journals::caName(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(caCode);
    if (!id)
        return id.error();
    auto name = m_reg.db().scalar(QStringLiteral("SELECT name FROM cas WHERE id = ?"), {*id});
    if (!name)
        return name.error();
    return name->toString();
}

Result<qint64> Journals::streamCertificates(const QString& where, const QVariantList& binds,
                                            const Sink<IssuanceRow>& sink) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.id, c.serial, c.subject, c.profile, c.not_before, c.not_after, c.key_media_serial, "
                       "c.blank_numbers, c.status, c.issued_at, p.surname, p.name, p.patronymic, p.iin, o.full_name, "
                       "coalesce(ap.id, 0), ap.data, ap.basis_letter_no, ap.basis_letter_date, op.full_name, "
                       "r.revoked_at, r.reason_code, c.holder_snapshot "
                       "FROM certificates c "
                       "LEFT JOIN persons p ON p.id = c.person_id "
                       "LEFT JOIN applications ap ON ap.id = c.application_id "
                       "LEFT JOIN organisations o ON o.id = coalesce(c.organisation_id, ap.organisation_id) "
                       "LEFT JOIN operators op ON op.id = c.issued_by "
                       "LEFT JOIN revocations r ON r.certificate_id = c.id ") +
            where,
        binds);
    if (!q)
        return q.error();
    LetterCache letters;
    qint64 n = 0;
    while (q->next()) {
        IssuanceRow r;
        r.certificateId = q->value(0).toLongLong();
        r.serialHex = q->value(1).toString();
        r.profile = q->value(3).toString();
        r.notBefore = fromDbTime(q->value(4).toString());
        r.notAfter = fromDbTime(q->value(5).toString());
        r.keyMediaSerial = q->value(6).toString();
        r.blankNumbers = q->value(7).toString();
        r.status = q->value(8).toString();
        r.issuedAt = fromDbTime(q->value(9).toString());
        // The holder as recorded at issuance; the live record only for rows older than the snapshots.
        const HolderSnapshot snapshot = HolderSnapshot::fromJson(q->value(22).toString());
        r.holderName = snapshot.isEmpty() ? fullName(q->value(10), q->value(11), q->value(12)) : snapshot.name;
        if (r.holderName.isEmpty())
            r.holderName = detail::commonName(q->value(2).toString());
        r.holderId = snapshot.isEmpty() ? q->value(13).toString() : snapshot.iin;
        r.governmentBody = letters.orgName(q->value(15).toLongLong(), q->value(16));
        if (r.governmentBody.isEmpty())
            r.governmentBody = snapshot.isEmpty() ? q->value(14).toString() : snapshot.organisation;
        r.letterNo = q->value(17).toString();
        r.letterDate = fromDbDate(q->value(18).toString());
        r.administrator = q->value(19).toString();
        if (!q->value(20).isNull()) {
            r.revokedAt = fromDbTime(q->value(20).toString());
            r.reasonCode = q->value(21).toInt();
        }
        ++n;
        if (!sink(r))
            break;
    }
    return n;
}

Result<qint64> Journals::streamRevocations(const QString& where, const QVariantList& binds, const QString& order,
                                           const Sink<RevocationRow>& sink) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.id, c.serial, c.subject, c.not_before, c.not_after, p.surname, p.name, p.patronymic, "
                       "p.iin, o.full_name, coalesce(ra.id, 0), ra.data, coalesce(ia.id, 0), ia.data, "
                       "ra.basis_letter_no, ra.basis_letter_date, r.basis_kind, r.basis_document, r.revoked_at, "
                       "r.reason_code, op.full_name, r.holder_snapshot, c.holder_snapshot "
                       "FROM revocations r JOIN certificates c ON c.id = r.certificate_id "
                       "LEFT JOIN persons p ON p.id = c.person_id "
                       "LEFT JOIN applications ra ON ra.id = r.application_id "
                       "LEFT JOIN applications ia ON ia.id = c.application_id "
                       "LEFT JOIN organisations o ON o.id = coalesce(c.organisation_id, ia.organisation_id) "
                       "LEFT JOIN operators op ON op.id = r.recorded_by ") +
            where + QStringLiteral(" ORDER BY ") + order,
        binds);
    if (!q)
        return q.error();
    LetterCache revokeLetters;
    LetterCache issueLetters;
    qint64 n = 0;
    while (q->next()) {
        RevocationRow r;
        r.certificateId = q->value(0).toLongLong();
        r.serialHex = q->value(1).toString();
        r.notBefore = fromDbTime(q->value(3).toString());
        r.notAfter = fromDbTime(q->value(4).toString());
        // The holder as recorded at the revocation (else at issuance); live only for older rows.
        HolderSnapshot snapshot = HolderSnapshot::fromJson(q->value(21).toString());
        if (snapshot.isEmpty())
            snapshot = HolderSnapshot::fromJson(q->value(22).toString());
        r.holderName = snapshot.isEmpty() ? fullName(q->value(5), q->value(6), q->value(7)) : snapshot.name;
        if (r.holderName.isEmpty())
            r.holderName = detail::commonName(q->value(2).toString());
        r.holderId = snapshot.isEmpty() ? q->value(8).toString() : snapshot.iin;
        r.applicationId = q->value(10).toLongLong();
        r.governmentBody = revokeLetters.orgName(q->value(10).toLongLong(), q->value(11));
        if (r.governmentBody.isEmpty())
            r.governmentBody = issueLetters.orgName(q->value(12).toLongLong(), q->value(13));
        if (r.governmentBody.isEmpty())
            r.governmentBody = snapshot.isEmpty() ? q->value(9).toString() : snapshot.organisation;
        r.basisLetterNo = q->value(14).toString();
        r.basisLetterDate = fromDbDate(q->value(15).toString());
        r.basisKind = q->value(16).toString();
        r.basisDocument = q->value(17).toString();
        r.revokedAt = fromDbTime(q->value(18).toString());
        r.reasonCode = q->value(19).toInt();
        r.administrator = q->value(20).toString();
        ++n;
        if (!sink(r))
            break;
    }
    return n;
}

Result<qint64> Journals::issuance(const Session& by, const JournalQuery& jq, const Sink<IssuanceRow>& sink) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    return streamCertificates(
        QStringLiteral("WHERE c.ca_id = ? AND c.issued_at >= ? AND c.issued_at < ? ORDER BY c.issued_at, c.id"),
        {*id, lowerBound(jq.from), upperBound(jq.to)}, sink);
}

Result<qint64> Journals::countIssuance(const Session& by, const JournalQuery& jq) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    auto n = m_reg.db().scalar(
        QStringLiteral("SELECT count(*) FROM certificates WHERE ca_id = ? AND issued_at >= ? AND issued_at < ?"),
        {*id, lowerBound(jq.from), upperBound(jq.to)});
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<qint64> Journals::revocations(const Session& by, const JournalQuery& jq, const Sink<RevocationRow>& sink) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    return streamRevocations(QStringLiteral("WHERE r.ca_id = ? AND r.revoked_at >= ? AND r.revoked_at < ?"),
                             {*id, lowerBound(jq.from), upperBound(jq.to)}, QStringLiteral("r.revoked_at, r.id"), sink);
}

Result<qint64> Journals::countRevocations(const Session& by, const JournalQuery& jq) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    auto n = m_reg.db().scalar(
        QStringLiteral("SELECT count(*) FROM revocations WHERE ca_id = ? AND revoked_at >= ? AND revoked_at < ?"),
        {*id, lowerBound(jq.from), upperBound(jq.to)});
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<qint64> Journals::registerExtract(const Session& by, const JournalQuery& jq, const Sink<IssuanceRow>& sink) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    const QString lo = lowerBound(jq.from);
    const QString hi = upperBound(jq.to);
    // The certificates issued in the period (index (ca_id, issued_at), migration 26) and those revoked in it (index
    // (ca_id, revoked_at)), each found along its index: an OR across the two tables walked every certificate of
    // the CA (tests/registry/tst_scale_plans).
    return streamCertificates(QStringLiteral("WHERE c.id IN (SELECT id FROM certificates WHERE ca_id = ? AND issued_at "
                                             ">= ? AND issued_at < ? UNION SELECT certificate_id FROM revocations "
                                             "WHERE ca_id = ? AND revoked_at >= ? AND revoked_at < ?) ORDER BY "
                                             "c.issued_at, c.id"),
                              {*id, lo, hi, *id, lo, hi}, sink);
}

Result<qint64> Journals::crlEntries(const Session& by, const QString& caCode, const Sink<RevocationRow>& sink) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(caCode);
    if (!id)
        return id.error();
    const ListingCache cache(m_reg.db());
    return streamRevocations(QStringLiteral("WHERE r.ca_id = ?"), {*id}, QStringLiteral("r.serial"), sink);
}

Result<QPair<quint64, QDateTime>> Journals::lastCrl(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(caCode);
    if (!id)
        return id.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT crl_number, this_update FROM crls WHERE ca_id = ? AND delta_base "
                                            "IS NULL ORDER BY crl_number DESC LIMIT 1"),
                             {*id});
    if (!q)
        return q.error();
    if (!q->next())
        return QPair<quint64, QDateTime>(0, QDateTime());
    return QPair<quint64, QDateTime>(q->value(0).toULongLong(), fromDbTime(q->value(1).toString()));
}

Result<qint64> Journals::openApplications(const Session& by, const JournalQuery& jq, const Sink<DeadlineRow>& sink) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto id = caId(jq.caCode);
    if (!id)
        return id.error();
    // Every open overdue application is listed, also one received before the period's start.
    const QDate today = m_reg.clock().today();
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT a.id, a.form_code, a.status, a.data, a.received_at, a.deadline, p.surname, p.name, "
                       "p.patronymic, p.iin, o.full_name, o.bin "
                       "FROM applications a LEFT JOIN persons p ON p.id = a.person_id "
                       "LEFT JOIN organisations o ON o.id = a.organisation_id "
                       "WHERE a.ca_id = ? AND a.status IN ('registered', 'approved') AND a.received_at < ? AND "
                       "(a.received_at >= ? OR (a.deadline IS NOT NULL AND a.deadline < ?)) "
                       "ORDER BY a.deadline IS NULL, a.deadline, a.received_at, a.id"),
        {*id, upperBound(jq.to), lowerBound(jq.from), toDbDate(today)});
    if (!q)
        return q.error();
    qint64 n = 0;
    while (q->next()) {
        DeadlineRow r;
        r.applicationId = q->value(0).toLongLong();
        r.formCode = q->value(1).toString();
        r.status = q->value(2).toString();
        r.receivedAt = fromDbTime(q->value(4).toString());
        r.deadline = fromDbDate(q->value(5).toString());
        r.applicantName = fullName(q->value(6), q->value(7), q->value(8));
        r.subject = !q->value(9).isNull() ? q->value(9).toString() : q->value(11).toString();
        if (r.applicantName.isEmpty())
            r.applicantName = q->value(10).toString();
        if (r.applicantName.isEmpty()) {
            const QJsonObject data = QJsonDocument::fromJson(q->value(3).toString().toUtf8()).object();
            r.applicantName = data.value(QStringLiteral("org_name")).toString();
            if (r.applicantName.isEmpty())
                r.applicantName = data.value(QStringLiteral("ca_name")).toString();
        }
        if (r.deadline.isValid()) {
            r.daysLeft = int(today.daysTo(r.deadline));
            r.overdue = r.deadline < today;
            r.dueToday = r.deadline == today;
        }
        ++n;
        if (!sink(r))
            break;
    }
    return n;
}

Result<qint64> Journals::expiringCa(const Session& by, const QString& caCode, int days) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    if (days < 1 || days > 3660)
        return makeError(ErrorCode::Invalid, tr("The number of days must be between 1 and 3660: %1").arg(days));
    return caId(caCode);
}

Result<qint64> Journals::expiring(const Session& by, const QString& caCode, int days, const Sink<ExpiringRow>& sink) {
    auto id = expiringCa(by, caCode, days);
    if (!id)
        return id.error();
    const QDateTime now = m_reg.clock().now();
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.serial, c.subject, c.profile, c.not_after, p.surname, p.name, p.patronymic, p.iin, "
                       "c.holder_snapshot "
                       "FROM certificates c LEFT JOIN persons p ON p.id = c.person_id "
                       "WHERE c.ca_id = ? AND c.status = 'valid' AND c.not_after >= ? AND c.not_after < ? "
                       "ORDER BY c.not_after, c.id"),
        {*id, toDbTime(now), toDbTime(now.addDays(days))});
    if (!q)
        return q.error();
    const QDate today = m_reg.clock().today();
    qint64 n = 0;
    while (q->next()) {
        ExpiringRow r;
        r.serialHex = q->value(0).toString();
        r.profile = q->value(2).toString();
        r.notAfter = fromDbTime(q->value(3).toString());
        const HolderSnapshot snapshot = HolderSnapshot::fromJson(q->value(8).toString());
        r.holderName = snapshot.isEmpty() ? fullName(q->value(4), q->value(5), q->value(6)) : snapshot.name;
        if (r.holderName.isEmpty())
            r.holderName = detail::commonName(q->value(1).toString());
        r.holderId = snapshot.isEmpty() ? q->value(7).toString() : snapshot.iin;
        r.daysLeft = int(today.daysTo(r.notAfter.toTimeZone(Clock::zone()).date()));
        ++n;
        if (!sink(r))
            break;
    }
    return n;
}

Result<Journals::ExpiringSummary> Journals::expiringSummary(const Session& by, const QString& caCode, int days) {
    auto id = expiringCa(by, caCode, days);
    if (!id)
        return id.error();
    const QDateTime now = m_reg.clock().now();
    auto row = m_reg.db().row(QStringLiteral("SELECT count(*), min(not_after) FROM certificates WHERE ca_id = ? AND "
                                             "not_after >= ? AND not_after < ? AND status = 'valid'"),
                              {*id, toDbTime(now), toDbTime(now.addDays(days))});
    if (!row)
        return row.error();
    ExpiringSummary out;
    if (row->size() >= 2) {
        out.count = row->at(0).toLongLong();
        if (out.count > 0)
            out.first = fromDbTime(row->at(1).toString());
    }
    return out;
}

Result<qint64> Journals::anchors(const Session& by, const QDate& from, const QDate& to, const Sink<AuditAnchor>& sink) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT day, last_seq, head_hash, events FROM audit_anchors "
                                            "WHERE day >= ? AND day <= ? ORDER BY day"),
                             {from.isValid() ? toDbDate(from) : QStringLiteral("0000-00-00"),
                              to.isValid() ? toDbDate(to) : QStringLiteral("9999-99-99")});
    if (!q)
        return q.error();
    qint64 n = 0;
    while (q->next()) {
        ++n;
        if (!sink(AuditAnchor{fromDbDate(q->value(0).toString()), q->value(1).toLongLong(), q->value(2).toString(),
                              q->value(3).toLongLong()}))
            break;
    }
    return n;
}

} // namespace tirkeu::registry
