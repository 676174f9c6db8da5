#include "registry/CertifiedKeys.h"

#include "pki/Certificate.h"
#include "registry/Database.h"
#include "registry/Issuance.h"
#include "registry/OcspStatus.h"
#include "registry/Revocations.h"

namespace tirkeu::registry {

namespace {

// The certificate of a holder's key already in the register: serial, CA code, revocation reason (-1: none).
Result<QVariantList> holderCertificateOf(Database& db, const QString& spki) {
    return db.row(QStringLiteral("SELECT c.serial, a.code, coalesce(r.reason_code, -1) FROM certificates c "
                                 "JOIN cas a ON a.id = c.ca_id LEFT JOIN revocations r ON r.certificate_id = c.id "
                                 "WHERE c.spki_sha256 = ?"),
                  {spki});
}

// The code of the CA whose own certificate carries the key `spki` (empty: none).
Result<QString> caWithKey(Database& db, const QString& spki) {
    auto cas = db.rows(QStringLiteral("SELECT code, certificate_der FROM cas WHERE certificate_der IS NOT NULL"));
    if (!cas)
        return cas.error();
    for (const QVariantList& ca : *cas) {
        auto cert = pki::Certificate::parse(ca.at(1).toByteArray());
        if (cert && cert->spkiSha256Hex() == spki)
            return ca.at(0).toString();
    }
    return QString();
}

} // namespace

Result<QSet<QString>> CertifiedKeys::serviceKeys(Database& db) {
    QSet<QString> keys;
    auto cas = db.rows(QStringLiteral("SELECT certificate_der FROM cas WHERE certificate_der IS NOT NULL"));
    if (!cas)
        return cas.error();
    auto signers = db.rows(QStringLiteral("SELECT der FROM certificates WHERE profile = ?"),
                           {QString::fromLatin1(OcspStatus::kSignerProfile)});
    if (!signers)
        return signers.error();
    for (const std::vector<QVariantList>* rows : {&*cas, &*signers})
        for (const QVariantList& row : *rows)
            if (auto cert = pki::Certificate::parse(row.at(0).toByteArray()))
                keys.insert(cert->spkiSha256Hex());
    return keys;
}

Status CertifiedKeys::checkHolderKey(Database& db, const QString& spki, const QSet<QString>& serviceKeys) {
    if (serviceKeys.contains(spki))
        return makeError(ErrorCode::Conflict,
                         Issuance::tr("This public key is the key of a CA or of its OCSP signing certificate: it is "
                                      "never certified for a holder. The holder must generate a new key pair."));
    auto q = holderCertificateOf(db, spki);
    if (!q)
        return q.error();
    if (q->isEmpty())
        return {};
    const QString serial = q->at(0).toString();
    const QString ca = q->at(1).toString();
    if (q->at(2).toInt() == Revocations::kKeyCompromise)
        return makeError(ErrorCode::Conflict,
                         Issuance::tr("This public key was revoked for key compromise (certificate %1 of %2): it is "
                                      "never certified again. The holder must generate a new key pair.")
                             .arg(serial, ca));
    return makeError(ErrorCode::Conflict,
                     Issuance::tr("This public key is already certified (certificate %1 of %2): a key is certified "
                                  "only once. The holder must generate a new key pair.")
                         .arg(serial, ca));
}

Status CertifiedKeys::checkOcspSignerKey(Database& db, qint64 caId, const QString& spki) {
    auto holder = holderCertificateOf(db, spki);
    if (!holder)
        return holder.error();
    if (!holder->isEmpty())
        return makeError(ErrorCode::Conflict,
                         Issuance::tr("This key is certified for a holder (certificate %1 of %2%3): it never signs "
                                      "OCSP answers. Generate a new key for the OCSP signer.")
                             .arg(holder->at(0).toString(), holder->at(1).toString(),
                                  holder->at(2).toInt() == Revocations::kKeyCompromise
                                      ? Issuance::tr(", revoked for key compromise")
                                      : QString()));
    auto ca = caWithKey(db, spki);
    if (!ca)
        return ca.error();
    if (!ca->isEmpty())
        return makeError(ErrorCode::Conflict, Issuance::tr("This key is the key of the CA %1: the OCSP signer has a "
                                                           "key of its own. Generate a new key for the OCSP signer.")
                                                  .arg(*ca));
    auto signers = db.rows(QStringLiteral("SELECT c.der, a.code FROM certificates c JOIN cas a ON a.id = c.ca_id "
                                          "WHERE c.profile = ? AND c.ca_id <> ?"),
                           {QString::fromLatin1(OcspStatus::kSignerProfile), caId});
    if (!signers)
        return signers.error();
    for (const QVariantList& row : *signers) {
        auto cert = pki::Certificate::parse(row.at(0).toByteArray());
        if (cert && cert->spkiSha256Hex() == spki)
            return makeError(ErrorCode::Conflict,
                             Issuance::tr("This key signs the OCSP answers of the CA %1: each CA's OCSP signer has "
                                          "a key of its own. Generate a new key for the OCSP signer.")
                                 .arg(row.at(1).toString()));
    }
    return {};
}

} // namespace tirkeu::registry
