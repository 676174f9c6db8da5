// CaEngine: carrying out an approved revocation application — every certificate the form names is

#include "registry/Internal.h"
// revoked with the form's reason, on the basis of the holder's application, and the application is
// done, all in one transaction. A key compromise is then published at once as a delta CRL.
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tirkeu::registry {

using detail::str;

int CaEngine::reasonOfForm(const QString& formReason) {
    // The Government Bodies CA's "damaged key media" is not an RFC 5280 reason: published as unspecified.
    if (formReason == u"damaged_key_media" || formReason.isEmpty())
        return 0;
    const int code = reasonFromName(formReason);
    return code < 0 ? 0 : code;
}

QList<RevocationTarget> CaEngine::revocationTargets(const QJsonObject& data) {
    QList<QJsonObject> rows;
    if (data.contains(QStringLiteral("persons"))) {
        for (const QJsonValue& v : data.value(QStringLiteral("persons")).toArray())
            rows << v.toObject();
    } else {
        rows << data;
    }
    QList<RevocationTarget> out;
    for (const QJsonObject& row : rows) {
        const QString serial = str(row, "cert_serial");
        if (!serial.isEmpty())
            out << RevocationTarget{
                serial, reasonOfForm(!str(row, "reason").isEmpty() ? str(row, "reason") : str(data, "reason"))};
    }
    return out;
}

Result<FormRevocationResult> CaEngine::revokeFromApplication(const Session& by, qint64 applicationId,
                                                             const std::optional<pki::SecretSource>& caKeySecret) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s.error();
    auto app = m_reg.db().exec(
        QStringLiteral("SELECT a.purpose, a.status, a.data, a.form_code, c.code, coalesce(a.basis_letter_no, '') "
                       "FROM applications a JOIN cas c ON c.id = a.ca_id WHERE a.id = ?"),
        {applicationId});
    if (!app)
        return app.error();
    if (!app->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(applicationId));
    if (app->value(0).toString() != u"revoke")
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 is not an application for revocation.").arg(applicationId));
    if (app->value(1).toString() != u"approved")
        return makeError(ErrorCode::Conflict,
                         tr("Application %1 is not approved: a revocation application is carried out after another "
                            "officer approved it.")
                             .arg(applicationId));
    const QJsonObject data = QJsonDocument::fromJson(app->value(2).toString().toUtf8()).object();
    FormRevocationResult result;
    result.caCode = app->value(4).toString();
    const QString letter = app->value(5).toString();

    const QList<RevocationTarget> targets = revocationTargets(data);
    QList<RevokeRequest> requests;
    for (const RevocationTarget& t : targets) {
        RevokeRequest r;
        r.caCode = result.caCode;
        r.serial = t.serial;
        r.reasonCode = t.reasonCode;
        r.basisKind = QStringLiteral("holder_application");
        r.basisDocument = letter.isEmpty() ? tr("application %1").arg(applicationId)
                                           : tr("application %1, letter %2").arg(applicationId).arg(letter);
        r.applicationId = applicationId;
        requests << r;
    }
    if (requests.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 names no certificate serial number to revoke.").arg(applicationId));

    {
        Transaction tx(m_reg.db());
        if (!tx.ok())
            return tx.status().error();
        for (const RevokeRequest& r : requests) {
            if (Status s = revoke(by, r); !s) // joins this transaction: all or nothing
                return s.error();
            result.serials << r.serial;
            result.reasonCodes << r.reasonCode;
        }
        if (Status s = m_reg.applications().markDone(by, applicationId,
                                                     tr("revoked: %1").arg(result.serials.join(QStringLiteral(", "))));
            !s)
            return s.error();
        if (Status s = tx.commit(); !s)
            return s.error();
    }

    // After the commit, one CRL for all the compromised keys of this application.
    if (result.reasonCodes.contains(kKeyCompromise)) {
        auto ca = m_reg.cas().find(result.caCode);
        if (ca && publishesAtOnce(*ca, kKeyCompromise)) {
            const CompromisePublication p = publishAfterCompromise(by, *ca, caKeySecret);
            result.crl = p.crl;
            result.crlProblem = p.problem;
        }
    }
    return result;
}

} // namespace tirkeu::registry
