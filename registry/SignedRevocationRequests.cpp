#include "registry/SignedRevocationRequests.h"

#include "forms/FormDefinition.h"
#include "forms/StrictJson.h"
#include "pki/Certificate.h"
#include "pki/CmsVerify.h"
#include "registry/CaDirectory.h"
#include "registry/CertificateQueries.h"
#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace tirkeu::registry {

using detail::str;

Result<VerifiedRevocationRequest> SignedRevocationRequests::verify(const QByteArray& cms, const QString& caCode) {
    if (cms.isEmpty() || cms.size() > kMaxBytes)
        return makeError(ErrorCode::Invalid, tr("A signed revocation request is a CMS file of at most 1 MiB."));
    const auto refused = [](ErrorCode code, const QString& why) {
        return makeError(code, tr("The signed revocation request is refused: %1").arg(why));
    };

    // 1. The signature over the content, with the signer's certificate from the message.
    auto signedContent = pki::CmsVerify::verify(cms);
    if (!signedContent)
        return refused(ErrorCode::Invalid, signedContent.message());
    auto signer = pki::Certificate::parse(signedContent->signerCertDer);
    if (!signer)
        return refused(ErrorCode::Invalid, signer.message());

    // 2. What is asked: a revocation form as JSON.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(signedContent->content, &parseError);
    const QJsonObject request = doc.object();
    const QString formCode = str(request, "form");
    const QJsonObject data = request.value(QStringLiteral("data")).toObject();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() || formCode.isEmpty() || data.isEmpty())
        return refused(ErrorCode::Invalid, tr("the signed content is not a revocation application ({\"form\": CODE, "
                                              "\"data\": {fields}} in JSON)."));
    //    Each key once, as `application submit --data` reads a form (forms::StrictJson): QJsonDocument acts on
    //    the last of two "cert_serial"s where a reader of the signed document may take the first (attack of
    //    session 27, F10). Refused, naming the key.
    if (const QString twice = forms::StrictJson::duplicateKey(signedContent->content); !twice.isEmpty())
        return refused(ErrorCode::Invalid, tr("the signed content gives the field \"%1\" twice; each field is given "
                                              "once, with the value meant.")
                                               .arg(twice));
    const forms::FormDef* form = forms::FormCatalog::find(formCode);
    if (!form || form->purpose != forms::FormPurpose::Revoke || form->hasPersons() ||
        (form->subject != forms::SubjectKind::Individual && form->subject != forms::SubjectKind::LegalEntity))
        return refused(ErrorCode::Invalid,
                       tr("the form %1 cannot be sent as a signed electronic application (NCA-REVOKE-IND or "
                          "NCA-REVOKE-LEGAL).")
                           .arg(formCode));

    // 3. The signer's certificate: issued by this CA (the very certificate in its register, chaining
    //    to the CA certificate), valid now and not revoked.
    const QString signerSql =
        QStringLiteral("SELECT c.id, a.code, c.serial, c.status, p.iin, o.bin FROM certificates c "
                       "JOIN cas a ON a.id = c.ca_id LEFT JOIN persons p ON p.id = c.person_id "
                       "LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.der = ?") +
        (caCode.isEmpty() ? QString() : QStringLiteral(" AND a.code = ?"));
    QVariantList signerBinds{signer->der()};
    if (!caCode.isEmpty()) {
        auto named = m_reg.cas().find(caCode); // an unknown CA code is its own error
        if (!named)
            return named.error();
        signerBinds << caCode;
    }
    auto signerRow = m_reg.db().exec(signerSql, signerBinds);
    if (!signerRow)
        return signerRow.error();
    if (!signerRow->next())
        return refused(ErrorCode::Forbidden,
                       caCode.isEmpty()
                           ? tr("the signer's certificate (%1, issued by %2) was not issued by a CA of this register.")
                                 .arg(signer->serialHex(), signer->issuerDisplay())
                           : tr("the signer's certificate (%1, issued by %2) was not issued by the CA %3.")
                                 .arg(signer->serialHex(), signer->issuerDisplay(), caCode));
    const QString signerSerial = signerRow->value(2).toString();
    const bool signerRevoked = signerRow->value(3).toString() == u"revoked";
    const QString signerIin =
        !signerRow->value(4).isNull() ? signerRow->value(4).toString() : signer->subject().iin.trimmed();
    const QString signerBin =
        !signerRow->value(5).isNull() ? signerRow->value(5).toString() : signer->subject().bin.trimmed();
    auto ca = m_reg.cas().find(signerRow->value(1).toString());
    if (!ca)
        return ca.error();
    const QDateTime now = m_reg.clock().now();
    if (Status chain = pki::CmsVerify::verifyIssuedBy(signer->der(), ca->certificateDer, signer->notBefore()); !chain)
        return refused(ErrorCode::Forbidden, chain.message());
    if (signerRevoked)
        return refused(ErrorCode::Forbidden, tr("the signer's certificate %1 is revoked.").arg(signerSerial));
    if (now < signer->notBefore() || now > signer->notAfter())
        return refused(ErrorCode::Forbidden, tr("the signer's certificate %1 is not valid now (valid from %2 to %3).")
                                                 .arg(signerSerial, displayDateTime(signer->notBefore()),
                                                      displayDateTime(signer->notAfter())));
    if (ca->kind != form->caKind)
        return refused(ErrorCode::Invalid, tr("the form %1 is not used by the CA %2.").arg(formCode, ca->code));
    // An application is signed with a signing certificate, never an authentication one (attack of session 32, B14).
    const std::optional<pki::Profile> signerProfile = signer->profile();
    if (!signerProfile || (signerProfile->kind() != pki::ProfileKind::IndividualSign &&
                           signerProfile->kind() != pki::ProfileKind::LegalSign))
        return refused(ErrorCode::Forbidden, tr("the signer's certificate %1 is not a signing certificate; an "
                                                "application is signed with the holder's signing certificate.")
                                                 .arg(signerSerial));

    // 4. The certificate to revoke belongs to the signer: same IIN, or same BIN for a legal entity.
    auto targetSerial = CertificateQueries::normaliseSerial(str(data, "cert_serial"));
    if (!targetSerial)
        return refused(ErrorCode::Invalid, targetSerial.message());
    auto target = m_reg.db().exec(QStringLiteral("SELECT c.status, p.iin, o.bin FROM certificates c "
                                                 "LEFT JOIN persons p ON p.id = c.person_id "
                                                 "LEFT JOIN organisations o ON o.id = c.organisation_id "
                                                 "WHERE c.ca_id = ? AND c.serial = ?"),
                                  {ca->id, *targetSerial});
    if (!target)
        return target.error();
    if (!target->next())
        return refused(ErrorCode::NotFound,
                       tr("the CA %1 has no certificate with the serial number %2.").arg(ca->code, *targetSerial));
    if (target->value(0).toString() == u"revoked")
        return refused(ErrorCode::Conflict, tr("the certificate %1 is already revoked.").arg(*targetSerial));
    const bool legal = form->subject == forms::SubjectKind::LegalEntity;
    const QString holderId = legal ? signerBin : signerIin;
    const QString formId = legal ? str(data, "bin") : str(data, "iin");
    const QString targetId = target->value(legal ? 2 : 1).toString();
    if (holderId.isEmpty())
        return refused(ErrorCode::Forbidden,
                       legal ? tr("the signer's certificate %1 names no BIN; a legal entity's application is signed "
                                  "with a certificate of that legal entity.")
                                   .arg(signerSerial)
                             : tr("the signer's certificate %1 names no IIN.").arg(signerSerial));
    if (formId != holderId)
        return refused(ErrorCode::Forbidden, (legal ? tr("the application is made for BIN %1, but signed with a "
                                                         "certificate of BIN %2.")
                                                    : tr("the application is made for IIN %1, but signed with a "
                                                         "certificate of IIN %2."))
                                                 .arg(formId, holderId));
    if (targetId != holderId)
        return refused(ErrorCode::Forbidden,
                       tr("the certificate %1 does not belong to the signer (%2 %3); only its "
                          "holder may ask for its revocation this way.")
                           .arg(*targetSerial, legal ? QStringLiteral("BIN") : QStringLiteral("IIN"), holderId));
    // A legal entity's application (App. 5) is the organisation's, signed by its head: an employee's certificate of
    // that BIN asks only for its own certificate (attack of session 32, B8: an employee revoked the first head's
    // certificate for a key compromise, at once).
    if (legal && signerProfile->role() != pki::LegalRole::FirstHead &&
        (signerIin.isEmpty() || target->value(1).toString() != signerIin))
        return refused(ErrorCode::Forbidden,
                       tr("the certificate %1 is another person's of BIN %2, and the signer's certificate %3 is not "
                          "the first head's: a legal entity's application for another person's certificate is signed "
                          "by its first head.")
                           .arg(*targetSerial, holderId, signerSerial));
    int reason = Revocations::reasonFromName(str(data, "reason"));
    if (reason < 0 || reason == 8)
        reason = 0; // a form reason with no RFC 5280 counterpart is "unspecified"

    VerifiedRevocationRequest out;
    out.caCode = ca->code;
    out.formCode = formCode;
    out.data = data;
    out.targetSerial = *targetSerial;
    out.reasonCode = reason;
    out.signerSerial = signerSerial;
    out.holder = holderId;
    out.cmsSha256 = QString::fromLatin1(QCryptographicHash::hash(cms, QCryptographicHash::Sha256).toHex());
    out.signingTime = signedContent->signingTime;
    return out;
}

} // namespace tirkeu::registry
