#include "registry/CertificateQueries.h"

#include "registry/CaDirectory.h"
#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/RulesBook.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace tirkeu::registry {

namespace detail {

Result<int> recordYears(Register& reg, const CaRecord& ca) {
    auto y = reg.db().scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = ?"),
                             {forms::caKindId(ca.kind)});
    if (!y)
        return y.error();
    // Never below the legal minimum of the rules in force: a change applies from its effective date.
    auto minimum = reg.rules().minRecordYears(ca.kind);
    if (!minimum)
        return minimum.error();
    return qMax(qMax(1, y->toInt()), *minimum);
}

} // namespace detail

Result<QString> CertificateQueries::normaliseSerial(const QString& text) {
    QString hex = text.trimmed();
    if (hex.startsWith(u"0x", Qt::CaseInsensitive))
        hex = hex.mid(2);
    hex.remove(u':');
    hex.remove(u' ');
    hex = hex.toUpper();
    static const QRegularExpression hexRe(QStringLiteral("^[0-9A-F]{1,64}$"));
    if (!hexRe.match(hex).hasMatch())
        return makeError(
            ErrorCode::Invalid,
            tr("\"%1\" is not a certificate serial number (hexadecimal digits, colons allowed).").arg(text));
    while (hex.size() > 1 && hex.startsWith(u'0'))
        hex.remove(0, 1);
    if (hex.size() % 2)
        hex.prepend(u'0');
    if (hex.size() > 40)
        return makeError(ErrorCode::Invalid, tr("A certificate serial number has at most 20 bytes: %1").arg(text));
    return hex;
}

Result<QList<CertificateRecord>> CertificateQueries::query(const QString& where, const QVariantList& binds) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.id, a.code, c.serial, c.subject, c.profile, c.not_before, c.not_after, c.der, "
                       "c.status, coalesce(c.application_id, 0), o.login, c.issued_at, c.retention_until, "
                       "r.revoked_at, r.reason_code, r.basis_kind, r.basis_document "
                       "FROM certificates c JOIN cas a ON a.id = c.ca_id "
                       "LEFT JOIN operators o ON o.id = c.issued_by "
                       "LEFT JOIN revocations r ON r.certificate_id = c.id ") +
            where,
        binds);
    if (!q)
        return q.error();
    QList<CertificateRecord> out;
    while (q->next()) {
        CertificateRecord r;
        r.id = q->value(0).toLongLong();
        r.caCode = q->value(1).toString();
        r.serialHex = q->value(2).toString();
        r.subject = q->value(3).toString();
        r.profile = q->value(4).toString();
        r.notBefore = fromDbTime(q->value(5).toString());
        r.notAfter = fromDbTime(q->value(6).toString());
        r.der = q->value(7).toByteArray();
        r.status = q->value(8).toString();
        r.applicationId = q->value(9).toLongLong();
        r.issuedBy = q->value(10).toString();
        r.issuedAt = fromDbTime(q->value(11).toString());
        r.retentionUntil = fromDbTime(q->value(12).toString());
        if (!q->value(13).isNull()) {
            r.revokedAt = fromDbTime(q->value(13).toString());
            r.reasonCode = q->value(14).toInt();
            r.basisKind = q->value(15).toString();
            r.basisDocument = q->value(16).toString();
        }
        out.append(r);
    }
    return out;
}

Result<QList<CertificateRecord>> CertificateQueries::certificates(const Session& by, const CertificateFilter& f) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    QString where = QStringLiteral("WHERE 1 = 1");
    QVariantList binds;
    if (!f.caCode.isEmpty()) {
        where += QStringLiteral(" AND a.code = ?");
        binds << f.caCode;
    }
    if (!f.status.isEmpty()) {
        if (f.status != u"valid" && f.status != u"revoked")
            return makeError(ErrorCode::Invalid, tr("A certificate status is valid or revoked: %1").arg(f.status));
        where += QStringLiteral(" AND c.status = ?");
        binds << f.status;
    }
    binds << qBound(1, f.limit, 10000) << qMax(0, f.offset);
    return query(where + QStringLiteral(" ORDER BY c.id LIMIT ? OFFSET ?"), binds);
}

Result<CertificateRecord> CertificateQueries::certificate(const Session& by, const QString& caCode,
                                                          const QString& serialText) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto serial = normaliseSerial(serialText);
    if (!serial)
        return serial.error();
    auto found = caCode.isEmpty() ? query(QStringLiteral("WHERE c.serial = ?"), {*serial})
                                  : query(QStringLiteral("WHERE c.serial = ? AND a.code = ?"), {*serial, caCode});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no certificate with the serial number %1.").arg(*serial));
    if (found->size() > 1)
        return makeError(ErrorCode::Conflict,
                         tr("Several CAs issued a certificate with the serial number %1; name the CA.").arg(*serial));
    CertificateRecord r = found->first();
    // What the issuance recorded in its event (Rules::governmentIssuance): the media recipient, the CSR reason.
    auto ev = m_reg.db().exec(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'certificate.issued' "
                                             "AND subject = ? ORDER BY seq"),
                              {r.serialHex});
    if (!ev)
        return ev.error();
    while (ev->next()) {
        const QJsonObject d = QJsonDocument::fromJson(ev->value(0).toString().toUtf8()).object();
        if (d.value(QStringLiteral("ca")).toString() != r.caCode)
            continue;
        r.mediaRecipient = d.value(QStringLiteral("media_recipient")).toObject();
        r.outsideCsrReason = d.value(QStringLiteral("outside_csr_reason")).toString();
    }
    return r;
}

Result<QByteArray> CertificateQueries::caCertificate(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty())
        return makeError(
            ErrorCode::NotFound,
            tr("The CA %1 has no certificate yet: an administrator sets up its key (Settings → CAs → Set up "
               "key…, or the command ca init).")
                .arg(ca->code));
    return ca->certificateDer;
}

} // namespace tirkeu::registry
