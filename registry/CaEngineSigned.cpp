// CaEngine, third part: CA key backup and restore (3 of 5 custodians), the holder's signed electronic

#include "registry/Internal.h"
// revocation application, and certificate export.
#include "forms/FormDefinition.h"
#include "pki/Certificate.h"
#include "pki/CmsVerify.h"
#include "pki/KeyBackup.h"
#include "pki/SecretSharing.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>

#include <algorithm>

namespace tirkeu::registry {

namespace {

constexpr qsizetype kMaxSignedRequestBytes = 1024 * 1024;
constexpr int kMinPassphrase = 12;

using detail::str;

QString hexSha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

// ---- key backup ----

Result<KeyBackupResult> CaEngine::backupKey(const Session& by, const QString& caCode, const QString& outDir, int shares,
                                            int threshold, const pki::SecretSource& caKeySecret) {
    if (Status s = Roles::require(by, Permission::BackupCaKey); !s)
        return s.error();
    if (Status s = pki::SecretSharing::checkParameters(shares, threshold); !s)
        return makeError(ErrorCode::Usage, s.message());
    if (outDir.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("No folder given for the key backup."));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The CA %1 has no key and certificate yet (tirkeu-cli ca init).").arg(ca->code));
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto key = pki::CaKey::open(ca->keyUri, caKeySecret);
    if (!key)
        return key.error();
    if (key.value()->store() == pki::CaKey::Store::Pkcs11)
        return makeError(ErrorCode::Conflict, tr("The key of the CA %1 is on a token or HSM (%2); back it up with the "
                                                 "token's own tools, it cannot leave the device.")
                                                  .arg(ca->code, ca->keyUri));
    // A backup of the wrong key would only be discovered on the day it is needed.
    if (key.value()->fingerprint() != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("The key %1 does not belong to the certificate of the CA %2.").arg(ca->keyUri, ca->code));

    const QString dir = QFileInfo(outDir).absoluteFilePath();
    if (!QFileInfo(dir).isDir()) {
        if (!QDir().mkpath(dir))
            return makeError(ErrorCode::Io, tr("Cannot create the backup folder %1.").arg(dir));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    auto written = pki::KeyBackup::backup(key.value()->pkey(), dir, ca->code, shares, threshold);
    if (!written)
        return written.error();
    // The files exist only if the register records them.
    auto removeFiles = qScopeGuard([&] {
        for (const QString& f : QStringList(written->shareFiles) << written->backupFile)
            QFile::remove(f);
    });

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    QStringList names;
    for (const QString& f : std::as_const(written->shareFiles))
        names << QFileInfo(f).fileName();
    auto ev = m_reg.audit().append(by.login, ca->code, QStringLiteral("ca.key_backup"),
                                   {{QStringLiteral("backup"), written->backupId},
                                    {QStringLiteral("key_fingerprint"), written->fingerprint},
                                    {QStringLiteral("shares"), shares},
                                    {QStringLiteral("threshold"), threshold},
                                    {QStringLiteral("folder"), dir},
                                    {QStringLiteral("backup_file"), QFileInfo(written->backupFile).fileName()},
                                    {QStringLiteral("share_files"), QJsonArray::fromStringList(names)}});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeFiles.dismiss();
    return KeyBackupResult{
        written->backupFile, written->shareFiles, written->backupId, written->fingerprint, shares, threshold};
}

Result<KeyRestoreResult> CaEngine::restoreKey(const Session& by, const QString& caCode, const QString& backupFile,
                                              const QStringList& shareFiles, const QString& keyOut,
                                              const pki::SecretSource& newPassphrase, bool activate) {
    if (Status s = Roles::require(by, Permission::BackupCaKey); !s)
        return s.error();
    if (keyOut.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("No file given for the restored key."));
    const QString out = QFileInfo(keyOut).absoluteFilePath();
    if (QFileInfo::exists(out))
        return makeError(ErrorCode::Conflict, tr("%1 already exists; a CA key file is never overwritten.").arg(out));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has no certificate in the register; a restored key "
                                                 "could not be checked against it.")
                                                  .arg(ca->code));
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto info = pki::KeyBackup::inspect(backupFile);
    if (!info)
        return info.error();
    if (info->caCode != ca->code)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is a backup of the CA %2, not of %3.").arg(backupFile, info->caCode, ca->code));
    if (info->fingerprint != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("%1 holds a key that does not belong to the certificate of the CA %2 "
                            "in the register (key %3, certificate key %4).")
                             .arg(backupFile, ca->code, info->fingerprint, caCert->publicKeyFingerprint()));
    auto passphrase = newPassphrase.read();
    if (!passphrase)
        return passphrase.error();
    if (passphrase->size() < kMinPassphrase)
        return makeError(ErrorCode::Invalid, tr("The CA key passphrase must have at least 12 characters."));
    QList<int> used;
    for (const QString& path : shareFiles) {
        auto share = pki::ShareFile::read(path);
        if (!share)
            return share.error();
        used << share->share.index;
    }
    std::sort(used.begin(), used.end());

    // restore() refuses too few, foreign or altered shares before anything is written.
    auto key = pki::KeyBackup::restore(backupFile, shareFiles);
    if (!key)
        return key.error();
    if (pki::CaKey::fingerprintOf(key->get()) != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("The restored key does not belong to the certificate of the CA %1.").arg(ca->code));

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    if (Status s = pki::CaKey::writeEncryptedPkcs8(key->get(), out, *passphrase); !s)
        return s.error();
    passphrase->fill(u'\0');
    auto removeKey = qScopeGuard([&] { QFile::remove(out); });
    const QString uri = QStringLiteral("file:") + out;
    QJsonArray usedJson;
    for (int i : std::as_const(used))
        usedJson.append(i);
    QJsonObject details{{QStringLiteral("backup"), info->backupId},
                        {QStringLiteral("key_fingerprint"), info->fingerprint},
                        {QStringLiteral("shares_used"), usedJson},
                        {QStringLiteral("key_uri"), uri},
                        {QStringLiteral("activated"), activate}};
    if (activate) {
        details.insert(QStringLiteral("previous_key_uri"), ca->keyUri);
        auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET key_uri = ? WHERE id = ?"), {uri, ca->id});
        if (!up)
            return up.error();
    }
    auto ev = m_reg.audit().append(by.login, ca->code, QStringLiteral("ca.key_restored"), details);
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeKey.dismiss();
    return KeyRestoreResult{out, info->fingerprint, info->backupId, used, activate};
}

// ---- the holder's signed revocation application ----

Result<SignedRevocationResult> CaEngine::revokeSigned(const Session& by, const QByteArray& cms, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s.error();
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    if (cms.isEmpty() || cms.size() > kMaxSignedRequestBytes)
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

    // 4. The certificate to revoke belongs to the signer: same IIN, or same BIN for a legal entity.
    auto targetSerial = normaliseSerial(str(data, "cert_serial"));
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
    int reason = reasonFromName(str(data, "reason"));
    if (reason < 0 || reason == 8)
        reason = 0; // a form reason with no RFC 5280 counterpart is "unspecified"

    // 5. Register the application, finish it and revoke, all in one transaction.
    const QString sha = hexSha256(cms);
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    forms::Submission submission;
    submission.data = data;
    auto applicationId = m_reg.applications().submit(by, ca->code, formCode, submission, now);
    if (!applicationId)
        return refused(applicationId.code(), applicationId.message());
    auto years = recordYears(*ca);
    if (!years)
        return years.error();
    const QString nowText = toDbTime(now);
    const QString note = tr("electronic application signed with certificate %1; certificate %2 revoked")
                             .arg(signerSerial, *targetSerial);
    auto done = m_reg.db().exec(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, "
                                               "completed_by = ?, retention_until = greatest(retention_until, ?) "
                                               "WHERE id = ? AND status = 'registered'"),
                                {nowText, by.operatorId, toDbTime(now.addYears(*years)), *applicationId});
    if (!done)
        return done.error();
    auto hist = m_reg.db().exec(QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                                               "operator_id, note) VALUES (?, 'done', ?, ?, ?)"),
                                {*applicationId, nowText, by.operatorId, note});
    if (!hist)
        return hist.error();
    RevokeRequest r;
    r.caCode = ca->code;
    r.serial = *targetSerial;
    r.reasonCode = reason;
    r.basisKind = QStringLiteral("holder_application");
    r.basisDocument = tr("electronic application %1, CMS SHA-256 %2").arg(*applicationId).arg(sha);
    r.applicationId = *applicationId;
    r.revokedAt = now;
    if (Status s = revoke(by, r); !s)
        return s.error();
    QJsonObject details{{QStringLiteral("application"), *applicationId},
                        {QStringLiteral("form"), formCode},
                        {QStringLiteral("ca"), ca->code},
                        {QStringLiteral("certificate"), *targetSerial},
                        {QStringLiteral("signer_certificate"), signerSerial},
                        {QStringLiteral("cms_sha256"), sha}};
    if (signedContent->signingTime.isValid())
        details.insert(QStringLiteral("signing_time"), toDbTime(signedContent->signingTime));
    auto ev = m_reg.audit().append(by.login, holderId, QStringLiteral("application.done"), details);
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return SignedRevocationResult{*applicationId, ca->code, *targetSerial, signerSerial,
                                  holderId,       formCode, reason,        sha};
}

// ---- export ----

Result<QByteArray> CaEngine::caCertificate(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty())
        return makeError(ErrorCode::NotFound,
                         tr("The CA %1 has no certificate yet (tirkeu-cli ca init).").arg(ca->code));
    return ca->certificateDer;
}

} // namespace tirkeu::registry
