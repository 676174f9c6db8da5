#pragma once
// Internal to registry/Issuance*.cpp: the steps of an issuance, shared by the one-by-one path
// (Issuance.cpp, which prepares) and the batch (IssuanceBatch.cpp); IssuanceRecord.cpp records. Not part
// of the registry's API.

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/KeyPolicy.h"
#include "pki/Ossl.h"
#include "pki/Profile.h"
#include "pki/SubjectName.h"
#include "registry/CaDirectory.h"
#include "registry/CertifiedKeys.h"
#include "registry/Issuance.h"
#include "registry/RulesBook.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace tirkeu::registry {

class Database;
struct CaSigner;

namespace issuance {

// What a certificate for an application will look like, decided from the form and its data alone.
struct IssuePlan {
    pki::Profile profile;
    std::optional<pki::Profile> authProfile; // sign+auth: the second certificate, issued in the same step
    pki::SubjectName subject;
    QString email;
    int years = Issuance::kFileKeyYears;
    QStringList notes;
    QString holder;          // IIN (people) or the CA name (CA certificates): what the audit event is about
    QString personIin;       // the person the certificate is for (letters: the chosen person)
    int personCount = 1;     // letters list several persons, each gets a certificate
    bool government = false; // one valid key per holder
    bool caCertificate = false;
};

// The application as stored.
struct ApplicationRow {
    qint64 id = 0;
    qint64 caId = 0;
    QString formCode;
    QJsonObject data;
    qint64 personId = 0;
    qint64 organisationId = 0;
    qint64 replacesId = 0;
};

// 3. The holder's public key: from the CSR (proof of possession checked), or a key pair made here.
struct HolderKey {
    std::optional<pki::Csr> csr;
    pki::EvpPkeyPtr generated; // the private key to hand over as PKCS#12
    EVP_PKEY* publicKey = nullptr;
    QString description;
    std::optional<pki::EncodedKey> encoded; // publicKey encoded once; attachKeys sets it on every key it keeps
};

// 5d. The signed certificate, and the holder's PKCS#12 when the key was generated here.
struct Signed {
    QByteArray der;
    std::optional<pki::Certificate> cert;
    QByteArray pkcs12;
};

// What is the same for every certificate of one CA in one call.
struct CaContext {
    CaRecord ca;
    int years = 0;             // how long records are kept after expiry (detail::recordYears)
    QString certificateSerial; // the CA certificate's serial, checked not revoked at every recording
};

// What one call knows once: the moment of issuance, the rules in force then, the CAs met so far.
struct IssueContext {
    QDateTime now;
    CertifiedKeys::ServiceKeys serviceKeys; // the keys serving CAs, never a holder's
    std::optional<RulesEdition> rules;
    std::map<qint64, std::unique_ptr<CaContext>> cas;
};

// Everything about one application's issuance that can be checked before the write lock.
struct Prepared {
    ApplicationRow app;
    const CaContext* ca = nullptr;
    IssuePlan plan;               // the application's plan (the first certificate's)
    std::vector<IssuePlan> plans; // one, or two for signing and authentication
    std::vector<HolderKey> keys;
    QStringList spki; // SHA-256 of each key's SubjectPublicKeyInfo (computed once, before any signing thread)
    bool writesKeyFile = false;
};

// A certificate signed ahead of the write lock (a batch's signing threads), with the serial it carries;
// the recording step checks that serial is still free, else signs again with a free one.
struct Presigned {
    QByteArray serial;
    Result<Signed> made = makeError(ErrorCode::Failure, QString());
};

struct Recorded {
    qint64 id = 0;
    QString serialHex;
    Signed made;
    QDateTime retention;
};

// What the recording step wrote (not yet committed).
struct RecordedIssue {
    std::vector<Recorded> recorded;
    QString replacedSerial;
    QString mediaSerial;
    bool applicationDone = true;
};

// The steps (prepared in Issuance.cpp, recorded in IssuanceRecord.cpp).

// The signature alone (no register, no Qt SQL): what a batch's signing threads run.
Result<Signed> signCertificate(const pki::CertificateSpec& spec, const pki::EncodedKey& holderKey, const X509* issuer,
                               EVP_PKEY* caKey);
// What the certificate will say (all but the serial).
pki::CertificateSpec certificateSpec(const CaRecord& ca, const IssuePlan& plan, const QDateTime& now);
// The holder's key(s): from the request(s), checked, or generated. No register access.
// The rule on a subordinate CA's certificate (ROOT-ISSUE; attack of session 27, F1: a stranger's key was
// certified as "National CA"), the one place it is decided, checked when the certificate is recorded (one by
// one and in a batch). The CA named `caName` in the application, when it is a CA of this register (names
// compared case-folded, as `ca add` compares them), is certified only for its own key: the key waiting for its
// certificate (ca init --subordinate) or, for a renewal, its current key. The issuing CA `issuerId` never
// certifies a key under its own name, and the subject (`subjectDer`) is never another register CA's subject
// (its certificate's, or the one its settings compose), compared as a chain compares names (X509_NAME_cmp).
// `spki`: SHA-256 of the request's key (pki::KeyPolicy::spkiSha256Hex). ErrorCode::Conflict otherwise.
Status subordinateCaCertificate(Database& db, qint64 issuerId, const QString& caName, const QByteArray& subjectDer,
                                const QString& spki);

Status attachKeys(Prepared& p, const QByteArray* csr, const KeyOnMedia* media, const IssueOptions& options);
// Everything that can be checked before the write lock. keysLater: the caller runs attachKeys() itself.
Result<Prepared> prepareIssue(Register& reg, IssueContext& context, qint64 applicationId, const QByteArray* csr,
                              const KeyOnMedia* media, const IssueOptions& options, bool keysLater = false);
// Inside the caller's open write transaction: checks again, signs (or takes the presigned certificates) and
// records; commits nothing.
Result<RecordedIssue> recordIssue(Register& reg, const Session& by, const IssueContext& context, Prepared& p,
                                  const CaSigner& signer, const KeyOnMedia* media, const IssueOptions& options,
                                  std::vector<Presigned>* presigned);
// After the commit: what the caller gets.
IssueResult resultOf(const Prepared& p, const RecordedIssue& r);

} // namespace issuance

} // namespace tirkeu::registry
