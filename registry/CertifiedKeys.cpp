#include "registry/CertifiedKeys.h"

#include "pki/Certificate.h"
#include "pki/KeyPolicy.h"
#include "registry/Database.h"
#include "registry/Issuance.h"
#include "registry/OcspStatus.h"
#include "registry/Revocations.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tirkeu::registry {

namespace {

// The certificate of a holder's key in the register, or the one the retention sweep deleted (its key kept in
// retired_keys, migration 28; attack of session 32, B17): serial, CA code, revocation reason (-1: none).
Result<QVariantList> holderCertificateOf(Database& db, const QString& spki) {
    return db.row(QStringLiteral("SELECT c.serial, a.code, coalesce(r.reason_code, -1) FROM certificates c "
                                 "JOIN cas a ON a.id = c.ca_id LEFT JOIN revocations r ON r.certificate_id = c.id "
                                 "WHERE c.spki_sha256 = ? UNION ALL SELECT serial, ca_code, coalesce(reason_code, -1) "
                                 "FROM retired_keys WHERE spki_sha256 = ?"),
                  {spki, spki});
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
    // The OCSP signers through the index (ca_id, profile, not_after): by profile alone the certificates were
    // scanned whole, once per issuance and per group of a batch (tests/registry/tst_scale_plans).
    auto rows = db.rows(QStringLiteral("SELECT id, code, certificate_der, 0 FROM cas WHERE certificate_der IS NOT "
                                       "NULL UNION ALL SELECT a.id, a.code, c.der, 1 FROM certificates c JOIN cas a "
                                       "ON a.id = c.ca_id WHERE c.ca_id IN (SELECT id FROM cas) AND c.profile = ?"),
                        {QString::fromLatin1(OcspStatus::kSignerProfile)});
    if (!rows)
        return rows.error();
    QList<ServiceKey> keys;
    for (const QVariantList& row : *rows)
        if (auto cert = pki::Certificate::parse(row.at(2).toByteArray()))
            keys.append({cert->spkiSha256Hex(), row.at(0).toLongLong(), row.at(1).toString(), row.at(3).toInt() != 0});
    return keys;
}

// A subordinate CA's key waiting for its certificate (`ca init --subordinate`): known by its fingerprint, the
// SHA-256 of its SubjectPublicKeyInfo as OpenSSL encodes it (the same as spkiSha256 for the uncompressed points
// Tirkeu writes).
struct PendingCaKey {
    qint64 caId;
    QString caCode;
    QString fingerprint;
};

Result<QList<PendingCaKey>> pendingCaKeys(Database& db) {
    auto rows =
        db.rows(QStringLiteral("SELECT id, code, settings FROM cas WHERE certificate_der IS NULL AND key_uri IS "
                               "NOT NULL"));
    if (!rows)
        return rows.error();
    QList<PendingCaKey> keys;
    for (const QVariantList& row : *rows) {
        const QString fp = QJsonDocument::fromJson(row.at(2).toString().toUtf8())
                               .object()
                               .value(QStringLiteral("pending_key_fingerprint"))
                               .toString();
        if (!fp.isEmpty())
            keys.append({row.at(0).toLongLong(), row.at(1).toString(), fp});
    }
    return keys;
}

// Whether `spki` is the event log's signing key (meta audit_key_spki: its DER SubjectPublicKeyInfo, base64).
Result<bool> isAuditKey(Database& db, const QString& spki) {
    auto audit = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'audit_key_spki'"));
    if (!audit)
        return audit.error();
    const QByteArray der = QByteArray::fromBase64(audit->toString().toLatin1());
    return !der.isEmpty() && pki::KeyPolicy::spkiSha256HexOfDer(der) == spki;
}

enum class NewKeyUse { CaKey, AuditKey };

// A key about to become a CA's key (of `ownCaId`) or the event log's signing key: never a holder's key, nor a
// key already serving a CA or the event log.
Status checkNewServiceKey(Database& db, NewKeyUse use, qint64 ownCaId, const QString& spki,
                          const QString& fingerprint) {
    const bool ca = use == NewKeyUse::CaKey;
    auto holder = holderCertificateOf(db, spki);
    if (!holder)
        return holder.error();
    if (!holder->isEmpty()) {
        const QString compromised = holder->at(2).toInt() == Revocations::kKeyCompromise
                                        ? Issuance::tr(", revoked for key compromise")
                                        : QString();
        return makeError(ErrorCode::Conflict,
                         ca ? Issuance::tr("This key is certified for a holder (certificate %1 of %2%3): it never "
                                           "becomes a CA's key. Generate a new key for the CA.")
                                  .arg(holder->at(0).toString(), holder->at(1).toString(), compromised)
                            : Issuance::tr("This key is certified for a holder (certificate %1 of %2%3): it never "
                                           "signs the event log's anchors. Generate a new key for the event log.")
                                  .arg(holder->at(0).toString(), holder->at(1).toString(), compromised));
    }
    // The key of another CA (with its certificate, or waiting for it).
    const auto anotherCasKey = [ca](const QString& code) {
        return makeError(ErrorCode::Conflict,
                         ca ? Issuance::tr("This key is the key of the CA %1: each CA has a key of its own. Generate "
                                           "a new key for the CA.")
                                  .arg(code)
                            : Issuance::tr("This key is the key of the CA %1: the event log's anchors are signed "
                                           "with a key of their own. Generate a new key for the event log.")
                                  .arg(code));
    };
    auto keys = serviceKeyList(db);
    if (!keys)
        return keys.error();
    for (const ServiceKey& k : *keys) {
        if (k.spki != spki || (ca && !k.signer && k.caId == ownCaId))
            continue;
        if (k.signer)
            return makeError(ErrorCode::Conflict,
                             ca ? Issuance::tr("This key signs the OCSP answers of the CA %1: it never becomes a CA's "
                                               "key. Generate a new key for the CA.")
                                      .arg(k.caCode)
                                : Issuance::tr("This key signs the OCSP answers of the CA %1: it never signs the "
                                               "event log's anchors. Generate a new key for the event log.")
                                      .arg(k.caCode));
        return anotherCasKey(k.caCode);
    }
    // A subordinate CA's key waiting for its certificate is known by its fingerprint only.
    auto pending = pendingCaKeys(db);
    if (!pending)
        return pending.error();
    for (const PendingCaKey& p : *pending)
        if (!(ca && p.caId == ownCaId) && !fingerprint.isEmpty() && p.fingerprint == fingerprint)
            return anotherCasKey(p.caCode);
    if (ca) {
        auto audit = isAuditKey(db, spki);
        if (!audit)
            return audit.error();
        if (*audit)
            return makeError(ErrorCode::Conflict, Issuance::tr("This key signs the event log's anchors: it never "
                                                               "becomes a CA's key. Generate a new key for the CA."));
    }
    return {};
}

} // namespace

Status CertifiedKeys::checkCaKey(Database& db, qint64 caId, const QString& spki, const QString& fingerprint) {
    return checkNewServiceKey(db, NewKeyUse::CaKey, caId, spki, fingerprint);
}

Status CertifiedKeys::checkAuditKey(Database& db, const QString& spki, const QString& fingerprint) {
    return checkNewServiceKey(db, NewKeyUse::AuditKey, 0, spki, fingerprint);
}

Result<CertifiedKeys::ServiceKeys> CertifiedKeys::serviceKeys(Database& db) {
    auto list = serviceKeyList(db);
    if (!list)
        return list.error();
    ServiceKeys keys;
    for (const ServiceKey& k : *list)
        keys.inUse.insert(k.spki);
    auto pending = pendingCaKeys(db);
    if (!pending)
        return pending.error();
    for (const PendingCaKey& p : *pending)
        keys.pendingCa.insert(p.fingerprint);
    return keys;
}

Status CertifiedKeys::checkHolderKey(Database& db, const QString& spki, const ServiceKeys& serviceKeys,
                                     bool caCertificate) {
    // A subordinate CA's pending key is certified once, by a CA certificate (ROOT-ISSUE): never for a holder.
    if (serviceKeys.inUse.contains(spki) || (!caCertificate && serviceKeys.pendingCa.contains(spki)))
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
    auto audit = isAuditKey(db, spki);
    if (!audit)
        return audit.error();
    if (*audit)
        return makeError(ErrorCode::Conflict, Issuance::tr("This key signs the event log's anchors: it never signs "
                                                           "OCSP answers. Generate a new key for the OCSP signer."));
    return {};
}

} // namespace tirkeu::registry
