#include "registry/OcspSigning.h"

#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "pki/Ocsp.h"
#include "registry/CaDirectory.h"
#include "registry/CertifiedKeys.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/OcspStatus.h"
#include "registry/Register.h"

#include <QFileInfo>
#include <QJsonObject>

namespace tirkeu::registry {

namespace {

QDateTime wholeSecondsUtc(const QDateTime& t) {
    return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC);
}

} // namespace

Result<OcspSignerResult> OcspSigning::init(const Session& by, const OcspSignerRequest& request) {
    if (Status s = Roles::require(by, Permission::ManageOcspSigner); !s)
        return s.error();
    if (request.days < 1 || request.days > kMaxDays)
        return makeError(
            ErrorCode::Invalid,
            tr("The OCSP signing certificate is valid 1 to %1 days, not %2.").arg(kMaxDays).arg(request.days));
    const bool existing = !request.existingKeyUri.trimmed().isEmpty();
    if (existing == !request.keyOut.trimmed().isEmpty())
        return makeError(ErrorCode::Usage,
                         tr("Give either a new key file for the OCSP signer or an existing key, not both."));
    auto ca = m_reg.cas().find(request.caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has no certificate and key yet.").arg(request.caCode));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has ceased operation.").arg(request.caCode));
    if (Status s = CaDirectory::checkCertificateNotRevoked(m_reg.db(), *ca); !s)
        return s.error();
    QString keyPath;
    if (!existing) {
        keyPath = QFileInfo(request.keyOut.trimmed()).absoluteFilePath();
        if (QFileInfo::exists(keyPath))
            return makeError(ErrorCode::Conflict,
                             tr("%1 already exists; a key file is never overwritten.").arg(keyPath));
        if (request.passphrase.size() < 12)
            return makeError(ErrorCode::Invalid,
                             tr("The passphrase of the OCSP signing key needs at least 12 characters."));
    }

    // The signer's key: generated here, or opened where it lives.
    std::unique_ptr<pki::CaKey> opened;
    pki::EvpPkeyPtr generated;
    EVP_PKEY* key = nullptr;
    QString uri;
    if (existing) {
        auto k = pki::CaKey::open(request.existingKeyUri.trimmed(), request.keySecret);
        if (!k)
            return k.error();
        opened = std::move(k.value());
        key = opened->pkey();
        uri = opened->uri().isEmpty() ? request.existingKeyUri.trimmed() : opened->uri();
    } else {
        auto k = pki::KeyGenerator::generate(request.algorithm);
        if (!k)
            return k.error();
        generated = std::move(k.value());
        key = generated.get();
        uri = QStringLiteral("file:") + keyPath;
    }

    // Its own key: never a holder's (a compromised one least of all), a CA's or another CA's signer's.
    if (Status s = CertifiedKeys::checkOcspSignerKey(m_reg.db(), ca->id, pki::KeyPolicy::spkiSha256Hex(key)); !s)
        return s.error();

    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto caKey = pki::CaKey::open(ca->keyUri, request.caKeySecret);
    if (!caKey)
        return caKey.error();
    pki::X509Ptr issuer = caCert->toX509();
    pki::OcspSignerSpec spec;
    spec.notBefore = wholeSecondsUtc(m_reg.clock().now());
    spec.notAfter = spec.notBefore.addDays(request.days);
    spec.caIssuersUrl = ca->settings.value(QStringLiteral("aia_url")).toString().trimmed();
    auto der = pki::OcspSignerCertificate::build(spec, key, issuer.get(), (*caKey)->pkey());
    if (!der)
        return der.error();
    // The key file first (nothing is recorded for a key that could not be written).
    if (!existing) {
        if (Status s = pki::CaKey::writeEncryptedPkcs8(key, keyPath, request.passphrase); !s)
            return s.error();
    }
    const QString fingerprint = pki::CaKey::fingerprintOf(key);
    auto result = record(by, ca->id, ca->code, forms::caKindId(ca->kind), *der, QStringLiteral("ocsp.signer_issued"),
                         QJsonObject{{QStringLiteral("ca"), ca->code},
                                     {QStringLiteral("key_uri"), uri},
                                     {QStringLiteral("key_fingerprint"), fingerprint}});
    if (!result)
        return result.error();
    result->keyUri = uri;
    result->fingerprint = fingerprint;
    return result;
}

Result<OcspSignerResult> OcspSigning::renew(const Session& by, const QString& caCode,
                                            const pki::SecretSource& caKeySecret, int days, int withinDays,
                                            bool force) {
    if (Status s = Roles::require(by, Permission::ManageOcspSigner); !s)
        return s.error();
    if (days < 1 || days > kMaxDays)
        return makeError(ErrorCode::Invalid,
                         tr("The OCSP signing certificate is valid 1 to %1 days, not %2.").arg(kMaxDays).arg(days));
    if (withinDays < 0 || withinDays >= days)
        return makeError(ErrorCode::Invalid,
                         tr("Renew within 0 to %1 days of the expiry (less than the validity), not %2.")
                             .arg(days - 1)
                             .arg(withinDays));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has no certificate and key yet.").arg(caCode));
    if (Status s = CaDirectory::checkCertificateNotRevoked(m_reg.db(), *ca); !s)
        return s.error();
    const QDateTime now = wholeSecondsUtc(m_reg.clock().now());
    auto q = m_reg.db().exec(QStringLiteral("SELECT der FROM certificates WHERE ca_id = ? AND profile = ? AND "
                                            "status = 'valid' ORDER BY not_after DESC LIMIT 1"),
                             {ca->id, QString::fromLatin1(OcspStatus::kSignerProfile)});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("The CA %1 has no OCSP signing certificate; an administrator "
                                                 "sets one up (the command ocsp init-signer).")
                                                  .arg(caCode));
    const QByteArray previousDer = q->value(0).toByteArray();
    auto previous = pki::Certificate::parse(previousDer);
    if (!previous)
        return previous.error();
    if (!force && previous->notAfter() > now.addDays(withinDays)) {
        OcspSignerResult r;
        r.caCode = ca->code;
        r.serialHex = previous->serialHex();
        r.der = previousDer;
        r.notBefore = previous->notBefore();
        r.notAfter = previous->notAfter();
        return r;
    }
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto caKey = pki::CaKey::open(ca->keyUri, caKeySecret);
    if (!caKey)
        return caKey.error();
    pki::X509Ptr issuer = caCert->toX509();
    pki::OcspSignerSpec spec;
    spec.notBefore = now;
    spec.notAfter = now.addDays(days);
    spec.caIssuersUrl = ca->settings.value(QStringLiteral("aia_url")).toString().trimmed();
    auto der = pki::OcspSignerCertificate::renew(spec, previousDer, issuer.get(), (*caKey)->pkey());
    if (!der)
        return der.error();
    return record(by, ca->id, ca->code, forms::caKindId(ca->kind), *der, QStringLiteral("ocsp.signer_renewed"),
                  QJsonObject{{QStringLiteral("ca"), ca->code},
                              {QStringLiteral("previous_serial"), previous->serialHex()},
                              {QStringLiteral("previous_not_after"), toDbTime(previous->notAfter())}});
}

Result<OcspSignerResult> OcspSigning::record(const Session& by, qint64 caId, const QString& caCode,
                                             const QString& caKind, const QByteArray& der, const QString& event,
                                             const QJsonObject& details) {
    auto cert = pki::Certificate::parse(der);
    if (!cert)
        return cert.error();
    OcspSignerResult result;
    result.issued = true;
    result.caCode = caCode;
    result.serialHex = cert->serialHex();
    result.der = der;
    result.notBefore = cert->notBefore();
    result.notAfter = cert->notAfter();
    Status s = m_reg.db().transact([&]() -> Status {
        auto used =
            m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE ca_id = ? AND serial = ?"),
                              {caId, result.serialHex});
        if (!used)
            return used.error();
        if (used->toInt() != 0)
            return makeError(ErrorCode::Conflict,
                             tr("The serial number %1 is already used; try again.").arg(result.serialHex));
        auto years = m_reg.db().scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = ?"),
                                       {caKind});
        if (!years)
            return years.error();
        const QString now = toDbTime(m_reg.clock().now());
        auto ins = m_reg.db().exec(
            QStringLiteral(
                "INSERT INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, "
                "status, issued_by, issued_at, retention_until) VALUES (?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?)"),
            {caId, result.serialHex, cert->subjectDisplay(), QString::fromLatin1(OcspStatus::kSignerProfile),
             toDbTime(cert->notBefore()), toDbTime(cert->notAfter()), der, by.operatorId, now,
             toDbTime(cert->notAfter().addYears(qMax(1, years->toInt())))});
        if (!ins)
            return ins.error();
        QJsonObject d = details;
        d.insert(QStringLiteral("serial"), result.serialHex);
        d.insert(QStringLiteral("not_after"), toDbTime(cert->notAfter()));
        auto ev = m_reg.audit().append(by.login, result.serialHex, event, d,
                                       {RowRef::row(QStringLiteral("certificates"), ins->lastInsertId().toLongLong())},
                                       cert->notAfter());
        if (!ev)
            return ev.error();
        return {};
    });
    if (!s)
        return s.error();
    return result;
}

} // namespace tirkeu::registry
