#pragma once
// Issuance: the certificate of an approved application, from the holder's PKCS#10 request or with a
// key pair generated here and handed over as PKCS#12. The application decides the profile, subject and
// validity (IssuePlan); the rules of Rules.h are checked; the CA key comes from the register's
// keyring (unlocked once for a whole letter); the certificate, the application's new state and the
// audit events are recorded in one transaction.

#include "pki/KeyAlgorithm.h"
#include "pki/SecretSource.h"
#include "registry/Roles.h"
#include "registry/Rules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include <functional>
#include <vector>

namespace tirkeu::registry {

class Register;

// Issuing for an application, beyond the key.
struct IssueOptions {
    int personIndex = -1;        // letters of a government body: which listed person (0-based); -1: the only one
    bool revokeReplaced = false; // re-issue: revoke the replaced certificate as superseded in the same step
    QString mediaSerial;         // the serial number of the holder's key media (GOV journal column 6; GOV: required)
    // An application for signing and authentication: the request of the authentication key (the signing
    // key's request is the one given to issueFromCsr). Both certificates are issued in one step.
    QByteArray authCsr;
    // Government Bodies CA (Rules::governmentIssuance): from a CSR, why the key was not generated here (recorded;
    // only where the rules edition allows it); on every path the employee who receives the key media.
    QString outsideCsrReason;
    MediaRecipient mediaRecipient;
};

// The officer generates the holder's key pair and writes it to the key media as PKCS#12.
struct KeyOnMedia {
    pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::Rsa2048;
    QString password;    // the holder's password for the PKCS#12 (typed twice by the holder)
    QString mediaSerial; // serial number of the key media; required by the Government Bodies CA
    // Where the PKCS#12 is written (0600, never over an existing file), inside the issuance: before
    // the certificate is recorded, removed again when it is not. Empty: the caller writes
    // IssueResult::pkcs12 itself (and may lose the key if it dies first). See README "Crash safety".
    QString pkcs12Path = {};
    // An application for signing and authentication: where the authentication key's PKCS#12 goes (same
    // rules; required with pkcs12Path then).
    QString authPkcs12Path = {};
};

struct IssueResult {
    qint64 certificateId = 0;
    QString serialHex; // upper-case hex, no separators (as stored)
    QByteArray der;
    QString profile; // "individual_sign", "legal_auth", ...
    QString role;    // legal role id, empty for individuals
    QString subject; // one line, Kazakh letters kept
    QDateTime notBefore;
    QDateTime notAfter;
    QStringList notes; // what the operator should know (e.g. a second certificate still to issue)
    QByteArray pkcs12; // generated keys only: the PKCS#12 to write onto the key media
    QString keyMediaSerial;
    QString replacedSerial;      // re-issue: the certificate this one replaces (revoked when asked to)
    bool applicationDone = true; // false while other persons of a letter still wait for theirs
    bool pkcs12Written = false;  // KeyOnMedia::pkcs12Path (authPkcs12Path) holds the PKCS#12
    // An application for signing and authentication: the authentication certificate, issued in the same
    // step with its own key (this result is the signing certificate).
    std::vector<IssueResult> alsoIssued;
};

// One request of a batch issuance (issueBatchFromCsrs): an approved application (a government body's
// letter: one of its persons) and the holder's PKCS#10 request(s).
struct BatchItem {
    qint64 applicationId = 0;
    int personIndex = -1; // letters: which listed person (0-based); -1: the only one
    QByteArray csr;       // the signing key's request (or the only one)
    QByteArray authCsr;   // signing and authentication: the authentication key's request
    QString mediaSerial;  // the serial number of the holder's key media, if known
    QString label;        // how the caller names the item (e.g. its file), for its own messages
};

enum class BatchOutcome {
    NotIssued, // the batch stopped before this item (cancelled, or an earlier group could not be recorded)
    Issued,    // recorded and committed: IssueResult holds the certificate(s)
    Refused,   // this item only was refused (weak or unsigned request, key already certified, not approved…)
    Lost,      // its group could not be committed: nothing of it was recorded, no certificate exists
};

struct BatchItemResult {
    BatchOutcome outcome = BatchOutcome::NotIssued;
    IssueResult issued; // Issued: the certificate (and alsoIssued for signing and authentication)
    ErrorCode code = ErrorCode::Ok;
    QString error; // Refused / Lost: why (translated)
    int group = 0; // Issued: the durable transaction (1, 2, …) that recorded it
};

struct BatchResult {
    std::vector<BatchItemResult> items; // in the order given
    int issued = 0;
    int refused = 0;
    int lost = 0;
    int notIssued = 0;
    int groups = 0;         // groups committed
    bool cancelled = false; // the callback asked to stop (after the group it was told about)
    QString failure;        // a group could not be committed: why (its items are Lost; the batch stopped)
};

// Group commit: each group of certificates (the certificate rows, the applications' new states and the
// audit events) is one durable transaction; a group is committed when it holds groupSize certificate
// requests or has been open groupMillis, whichever comes first.
struct BatchOptions {
    int groupSize = 64;
    int groupMillis = 50;
    // Threads that sign ahead while the register records (CA keys in files; a token signs in the recording
    // thread). 0: everything in the calling thread.
    int signingThreads = 2;
};

// Told after each committed group, with the indexes of the items it recorded (all Issued): a caller
// writes their files here, never before. Returning false stops the batch after that group.
using BatchCommitted = std::function<bool(const BatchResult& soFar, const std::vector<std::size_t>& committed)>;

class Issuance {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit Issuance(Register& reg)
        : m_reg(reg) {}

    // Validity of holder certificates: 1 year for keys in files, 3 on tokens (FACTS.md).
    static constexpr int kFileKeyYears = 1;
    static constexpr int kTokenKeyYears = 3;

    // Issues the certificate of an approved application from the holder's PKCS#10 request and marks
    // the application done. A weak, malformed or unsigned CSR is refused and nothing is written. An
    // application for signing and authentication needs a second request (IssueOptions::authCsr).
    Result<IssueResult> issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                     const pki::SecretSource& caKeySecret, const IssueOptions& options = {});
    // The same with a key pair generated here and returned as PKCS#12 protected by the holder's
    // password (AES-256, PBKDF2); the key never touches the register. An application for signing and
    // authentication gets two key pairs and two PKCS#12 (the same password and algorithm).
    Result<IssueResult> issueWithGeneratedKey(const Session& by, qint64 applicationId, const KeyOnMedia& media,
                                              const pki::SecretSource& caKeySecret, const IssueOptions& options = {});

    // Many approved applications (or persons of letters) from the holders' requests at once: every rule
    // of issueFromCsr holds for each item; the CA key is unlocked once per CA; the certificates are
    // recorded in groups (BatchOptions), each group one durable transaction with its audit events, and
    // reported to onCommitted only once committed. A refused item records nothing and the others go on;
    // a group that cannot be committed records nothing of its own and stops the batch. The whole batch
    // is refused (error) only without the right to issue or without items.
    Result<BatchResult> issueBatchFromCsrs(const Session& by, const std::vector<BatchItem>& items,
                                           const pki::SecretSource& caKeySecret, const BatchOptions& options = {},
                                           const BatchCommitted& onCommitted = {});

    // The profiles of the certificates an approved application gets, in the order issued: one, or two for
    // signing and authentication ("individual_sign", "individual_auth"). Lets a caller ask for the second
    // key (request, PKCS#12 file) before issuing.
    Result<QStringList> profilesFor(qint64 applicationId, int personIndex = -1);

private:
    Result<IssueResult> issue(const Session& by, qint64 applicationId, const QByteArray* csr, const KeyOnMedia* media,
                              const pki::SecretSource& caKeySecret, const IssueOptions& options);
    Register& m_reg;
};

} // namespace tirkeu::registry
