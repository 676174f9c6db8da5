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

// A key that serves a CA: the CA's own (signer false) or its OCSP signer's, with the CA's id and code.
struct ServiceKey {
    QString spki;
    qint64 caId;
    QString caCode;
    bool signer;
};

// Every CA certificate's and every OCSP signing certificate's key in the register, read once.
Result<QList<ServiceKey>> serviceKeyList(Database& db) {
    auto rows = db.rows(QStringLiteral("SELECT id, code, certificate_der, 0 FROM cas WHERE certificate_der IS NOT "
                                       "NULL UNION ALL SELECT a.id, a.code, c.der, 1 FROM certificates c JOIN cas a "
                                       "ON a.id = c.ca_id WHERE c.profile = ?"),
                        {QString::fromLatin1(OcspStatus::kSignerProfile)});
    if (!rows)
        return rows.error();
    QList<ServiceKey> keys;
    for (const QVariantList& row : *rows)
        if (auto cert = pki::Certificate::parse(row.at(2).toByteArray()))
            keys.append({cert->spkiSha256Hex(), row.at(0).toLongLong(), row.at(1).toString(), row.at(3).toInt() != 0});
    return keys;
}

} // namespace

Result<QSet<QString>> CertifiedKeys::serviceKeys(Database& db) {
    auto list = serviceKeyList(db);
    if (!list)
        return list.error();
    QSet<QString> keys;
    for (const ServiceKey& k : *list)
        keys.insert(k.spki);
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
    auto keys = serviceKeyList(db);
    if (!keys)
        return keys.error();
    for (const ServiceKey& k : *keys) {
        if (k.spki != spki)
            continue;
        if (!k.signer)
            return makeError(ErrorCode::Conflict,
                             Issuance::tr("This key is the key of the CA %1: the OCSP signer has a "
                                          "key of its own. Generate a new key for the OCSP signer.")
                                 .arg(k.caCode));
        if (k.caId != caId)
            return makeError(ErrorCode::Conflict,
                             Issuance::tr("This key signs the OCSP answers of the CA %1: each CA's OCSP signer has "
                                          "a key of its own. Generate a new key for the OCSP signer.")
                                 .arg(k.caCode));
    }
    return {};
}

} // namespace tirkeu::registry
