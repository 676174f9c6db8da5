#pragma once
// One public key, one use in a register (issue 13; the attack of session 24, F1). A holder's key is
// certified once, and never again after it was revoked for key compromise; a key that is a CA's or an OCSP
// signer's is never certified for a holder; and no holder's key, nor a CA's, becomes a CA's OCSP signing key
// (whoever holds it could sign "good" for any revoked certificate of the CA). Keys are compared as
// pki::KeyPolicy::spkiSha256 encodes them. The keys of certificates the retention sweep deleted stay in retired_keys
// (migration 28) and count as certified. The unique index on certificates.spki_sha256 and the trigger on retired_keys
// stay the last guards for holders' keys; a CA's OCSP signing key is certified again, for the same CA, at each renewal.

#include "pki/Result.h"

#include <QSet>
#include <QString>

namespace tirkeu::registry {

class Database;

class CertifiedKeys {
public:
    // The keys that serve a CA, read once for an issuance or a whole batch (SHA-256 of each SubjectPublicKeyInfo).
    struct ServiceKeys {
        QSet<QString> inUse;     // every CA certificate's and every OCSP signing certificate's key
        QSet<QString> pendingCa; // every subordinate CA's key waiting for its certificate (its fingerprint)
    };
    static Result<ServiceKeys> serviceKeys(Database& db);
    // A holder's key (`spki`): refused when it was certified before (naming that certificate; worded for a
    // key compromise) or serves a CA. `caCertificate`: the certificate is a subordinate CA's, whose pending key
    // it certifies (ROOT-ISSUE).
    static Status checkHolderKey(Database& db, const QString& spki, const ServiceKeys& serviceKeys,
                                 bool caCertificate = false);
    // The key `spki` of a new OCSP signer of the CA `caId`: refused when it is certified for a holder, is a
    // CA's key, or signs OCSP answers for another CA.
    static Status checkOcspSignerKey(Database& db, qint64 caId, const QString& spki);
    // The key (`spki`, and `fingerprint` as pki::CaKey::fingerprintOf gives it) about to become the key of the CA
    // `caId` (attack of session 25, F6: `ca init --key-uri` took another CA's key, or a holder's key revoked for
    // key compromise as a root key): refused when it is certified for a holder, is another CA's key (also one
    // waiting for its certificate), an OCSP signer's key or the event log's signing key.
    static Status checkCaKey(Database& db, qint64 caId, const QString& spki, const QString& fingerprint);
    // The event log's new signing key (F12: the CA's own key was accepted): refused when it is certified for a
    // holder, is a CA's key (also one waiting for its certificate) or an OCSP signer's key.
    static Status checkAuditKey(Database& db, const QString& spki, const QString& fingerprint);
};

} // namespace tirkeu::registry
