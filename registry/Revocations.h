#pragma once
// Revocations: a direct revocation at the counter, an approved revocation application (NCA-REVOKE-*,
// GOV-REVOKE letters, ROOT-REVOKE) and the holder's signed electronic request all go through ONE path
// (carryOut): every request checked, the CA key unlocked before anything is written when a CRL is due
// at once, each revocation recorded with its audit event in one transaction, and the CRL that a key
// compromise at a CA with a publish folder requires (SPEC.md §3) published right after the outermost
// commit — or, when it cannot be (no CA key secret given, publishing failed), the outcome says so.

#include "pki/SecretSource.h"
#include "registry/CrlPublisher.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace tirkeu::registry {

class Register;
struct CaRecord;

struct RevokeRequest {
    QString caCode;
    QString serial;     // hex; colons, spaces and a 0x prefix are ignored
    int reasonCode = 0; // RFC 5280 CRLReason 0..10 except 7 (and 8, which only undoes a hold)
    QString basisKind;  // holder_application | court_decision | ca_termination | holder_left_job
    QString basisDocument;
    qint64 applicationId = 0; // the revocation application, optional
    QDateTime revokedAt;      // default: now
    // Key compromise at a CA with a publish directory: the CA key to publish a delta CRL at once.
    std::optional<pki::SecretSource> caKeySecret;
    // When the key is known or suspected to have been compromised (the CRL entry's invalidityDate):
    // not after the revocation time, not in the future, not for a hold. Invalid: none.
    QDateTime invalidityDate = {};
};

// Lifting a certificateHold (Revocations::release).
struct ReleaseRequest {
    QString caCode;
    QString serial;    // hex; colons, spaces and a 0x prefix are ignored
    QString basisKind; // as for a revocation: holder_application | court_decision | ...
    QString basisDocument;
};

struct RevokeOutcome {
    QString serial;
    std::optional<CrlPublication> delta; // published at once (key compromise)
    QString deltaProblem;                // why a due delta CRL was not published; the revocation stands
};

struct SignedRevocationResult {
    qint64 applicationId = 0;
    QString caCode;
    QString serialHex; // the revoked certificate
    QString signerSerialHex;
    QString holder; // IIN, or BIN for a legal entity
    QString formCode;
    int reasonCode = 0;
    QString cmsSha256; // hex, lower case: identifies the signed request in the audit trail
    // A key compromise at a CA with a publish folder: the CRL published at once, or why it was not.
    std::optional<CrlPublication> delta;
    QString deltaProblem;
};

// A certificate a revocation form names, with the form's reason as an RFC 5280 code.
struct RevocationTarget {
    QString serial;
    int reasonCode = 0;
};

// An approved revocation application carried out (Revocations::revokeFromApplication).
struct FormRevocationResult {
    QString caCode;
    QStringList serials;
    QList<int> reasonCodes;
    std::optional<CrlPublication> crl; // published at once for a key compromise
    QString crlProblem;                // why a due CRL was not published; the revocations stand
};

class Revocations {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit Revocations(Register& reg)
        : m_reg(reg) {}

    static constexpr int kKeyCompromise = 1;
    static constexpr int kCaCompromise = 2;
    static constexpr int kCertificateHold = 6;
    static constexpr int kSuperseded = 4;
    static constexpr int kRemoveFromCrl = 8;
    static constexpr int kAaCompromise = 10;
    // Whether `reason` may be given for a certificate of `profile`: cACompromise and aACompromise concern an
    // authority, never an end-entity certificate (only a CA's certificate, revoked at its parent).
    static bool reasonFits(int reason, const QString& profile);
    // The most characters of a basis document (a court decision's number, an order): it is printed in the
    // journals and the CRL listing, whole.
    static constexpr int kMaxBasisDocument = 500;
    // RFC 5280 reason names ("key_compromise", ...) and numbers ("1") to the code; -1 when unknown.
    static int reasonFromName(const QString& nameOrNumber);
    static QString reasonName(int code);
    static QStringList basisKinds();
    // A form's reason id ("key_compromise", "damaged_key_media", …) as an RFC 5280 code.
    static int reasonOfForm(const QString& formReason);
    // The certificates a revocation form's data names (a letter: one per listed person).
    static QList<RevocationTarget> revocationTargets(const QJsonObject& formData);
    // The folder a CA publishes its CRLs into (its publish_dir setting; empty: none).
    static QString publishDir(const CaRecord& ca);
    // Whether revoking a certificate of `ca` for `reasonCode` publishes a CRL at once (and so needs the
    // CA key): a key compromise (a delta CRL) or a CA compromise — a subordinate CA's certificate
    // revoked at its parent: the parent's full CRL — at a CA with a publish folder.
    static bool publishesAtOnce(const CaRecord& ca, int reasonCode);

    // Revokes; for key compromise at a CA with a publish directory a delta CRL follows the commit at
    // once when the request carries the CA key secret (outcome says what happened). Called inside an
    // open transaction it joins it, and the CRL follows that transaction's commit.
    Status revoke(const Session& by, const RevokeRequest& request, RevokeOutcome* outcome = nullptr);
    // Lifts a certificateHold: the certificate is valid again. The hold's revocation row is kept in
    // hold_releases and removed from revocations, so the next full CRL omits the certificate and the
    // next delta CRL lists it with removeFromCRL; the event certificate.released binds all three rows.
    // Only a certificate on hold (reason certificateHold) is released.
    Status release(const Session& by, const ReleaseRequest& request);
    // Carries out an approved revocation application: every certificate it names, with the form's
    // reason, basis holder_application, linked to the application, which is then done — all or
    // nothing. Key compromise: one CRL at once when the CA has a publish folder and the secret is given.
    Result<FormRevocationResult> revokeFromApplication(const Session& by, qint64 applicationId,
                                                       const std::optional<pki::SecretSource>& caKeySecret = {});
    // The electronic revocation application (National CA rule), see SignedRevocationRequests: the
    // application is registered and done and the certificate revoked in one transaction. A key
    // compromise at a CA with a publish folder publishes its CRL at once when caKeySecret is given;
    // otherwise the result's deltaProblem says that it is still due.
    Result<SignedRevocationResult> revokeSigned(const Session& by, const QByteArray& cms, const QString& caCode = {},
                                                const std::optional<pki::SecretSource>& caKeySecret = {});

private:
    // What became of the CRL a key compromise made due (filled after the outermost commit).
    struct Publication {
        std::optional<CrlPublication> crl;
        QString problem;
    };
    // Steps inside the transaction around the revocations: `before` may complete the requests (e.g.
    // with the application it registers), `after` finishes (e.g. marks the application done).
    using Step = std::function<Status(QList<RevokeRequest>&)>;
    // The one revocation path (see the file comment).
    Result<std::shared_ptr<Publication>> carryOut(const Session& by, const CaRecord& ca, QList<RevokeRequest> requests,
                                                  const std::optional<pki::SecretSource>& caKeySecret,
                                                  const Step& before = {}, const Step& after = {});
    // Checks one request before anything is written; returns it with its serial normalised and its time.
    Result<RevokeRequest> checked(const RevokeRequest& request, const CaRecord& ca);
    // The revocation's writes and audit event, inside the open transaction.
    Status record(const Session& by, const CaRecord& ca, const RevokeRequest& request, int recordYears);
    // A hold ends (a release, or a revocation for good that supersedes it): its revocations row `hold` (id,
    // revoked_at, recorded_at, recorded_by, basis_kind, basis_document) is kept whole in hold_releases, ended now by
    // `by` on `basisKind` at `now`, then deleted. Inside the caller's transaction; the hold_releases id.
    Result<qint64> endHold(const Session& by, qint64 caId, qint64 certificateId, const QString& serial,
                           const QVariantList& hold, const QString& basisKind, const QString& basisDocument,
                           const QDateTime& now);
    Register& m_reg;
};

} // namespace tirkeu::registry
