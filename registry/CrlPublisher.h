#pragma once
// Publishing a CA's CRLs: a full CRL, or a delta against the last full one, written atomically into a
// folder as <code>.crl/.crl.pem (delta: <code>-delta.crl/.crl.pem) and recorded in the register with
// its audit event. A partitioned CA (registry/CrlPartitions.h) publishes its own CRL and every
// partition's (<code>-<label>.crl) in one run, each in the same safe order with its own number. One run per CA and
// folder at a time (a lock file). A CRL reports committed revocations only, so it is never published from inside an
// open transaction.

#include "pki/SecretSource.h"
#include "registry/Roles.h"
#include "registry/RunControl.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QVariant>

#include <functional>
#include <optional>
#include <vector>

namespace tirkeu::registry {

class Register;
class Transaction;
struct CaRecord;
struct CrlScope;

struct CrlPublication {
    quint64 number = 0;
    std::optional<quint64> deltaBase;
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    qint64 entries = 0;
    qint64 size = 0;
    QString sha256; // hex, lower case
    QString derPath;
    QString pemPath;
    QString partition;    // registry/CrlPartitions.h: the partition's label; empty: the CA's own CRL
    QString distribution; // the issuingDistributionPoint URL; empty: none (the CA has no partitions)
    // Empty, or what is wrong with the register's times: revocations dated after this CRL's thisUpdate
    // (recorded by a clock that was ahead), which the CRL dates at its thisUpdate instead — a CRL never
    // says a certificate is revoked only from a time after its own.
    QString warning;
    // publish() of a partitioned CA: the partitions' CRLs published in the same run, after this one
    // (the CA's own CRL).
    std::vector<CrlPublication> partitions;
};

// A key or CA compromise that no published CRL of its CA lists yet (CrlPublisher::unpublishedCompromises),
// at a CA with a publish folder or without one.
struct OwedPublication {
    QString serial;
    int reasonCode = 0;
    QDateTime recordedAt;
};

// A CRL number reserved by a publication that has not finished (crl_pending): a crash or a failure
// left it; the next publication into the same folder finishes it (its recorded files are complete) or
// abandons it (the number is never used again).
struct PendingPublication {
    quint64 number = 0;
    std::optional<quint64> deltaBase;
    QString state;  // "reserved" (no file recorded yet) or "written" (content recorded, maybe renamed)
    QString folder; // where it was being published
    QDateTime reservedAt;
};

// Where a CA's publications stand (tirkeu-cli crl status).
struct CrlStatus {
    QString caCode;
    QString publishDir;
    std::optional<CrlPublication> lastFull;  // derPath: the file name only
    std::optional<CrlPublication> lastDelta; // derPath: the file name only
    QList<OwedPublication> owed;             // oldest first
    QList<PendingPublication> pending;       // unfinished publications, lowest number first
};

// Progress and cancel of one publication (the GUI runs it as a Job). A cancel is honoured before each
// CRL's number is reserved and while its entries are read and encoded — the reserved number is then
// abandoned, recorded with the reason, and its temporary files removed; once a CRL's content is
// recorded it is finished. The CRLs of a partitioned CA published before the cancel stay published
// (each is complete); what the CA owes stays owed until its last CRL is published.
using CrlRunControl = RunControl;

class CrlPublisher {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    // A CRL folder's lock file naming no process (empty or unreadable) is removed once it is this old.
    static constexpr qint64 kUnreadableLockSeconds = 60;
    // A CRL's thisUpdate never goes before the CA's newest published CRL's (two workstations' clocks, a
    // clock set back by NTP). A clock behind by at most this much (seconds; NTP keeps machines far closer)
    // publishes with the newest thisUpdate instead; a clock further behind is refused: nothing is published.
    static constexpr qint64 kClockBehindTolerance = 120;

    explicit CrlPublisher(Register& reg)
        : m_reg(reg) {}

    // The lock file a CRL publication of `caCode` holds in `outDir` while it runs.
    static QString crlLockPath(const QString& outDir, const QString& caCode);
    // The folder a CA publishes its CRLs into at once (its publish_dir setting; empty: none).
    static QString publishDir(const CaRecord& ca);
    // The same from a CA's settings (the OCSP responder reads them without a CaRecord).
    static QString publishDir(const QJsonObject& settings);

    // `newFolder`: the operator confirms that `outDir` is new to a CA that has published CRLs elsewhere
    // (CrlNumbers::requireFolderContinues refuses such a folder otherwise); recorded with the CRL.
    Result<CrlPublication> publish(const Session& by, const QString& caCode, const QString& outDir, bool delta,
                                   const pki::SecretSource& caKeySecret, bool newFolder = false,
                                   const CrlRunControl* control = nullptr);
    // Whether `outDir` holds none of the CRLs of a CA that has published some (publish() then needs
    // `newFolder`): the highest number published, or nullopt when the folder continues the CA's CRLs.
    Result<std::optional<quint64>> folderNewToCa(const Session& by, const QString& caCode, const QString& outDir);
    // The CRL due at once after a key compromise, into the CA's publish folder: a delta against the
    // last full CRL, or the first full CRL when there is none yet. After a CA compromise (a subordinate
    // CA's certificate revoked at its parent) `fullCrl`: the parent's full CRL.
    Result<CrlPublication> publishAfterCompromise(const Session& by, const CaRecord& ca,
                                                  const pki::SecretSource& caKeySecret, bool fullCrl = false);
    // The last full and delta CRL of a CA and the publications it owes. Any publication settles what is
    // owed (the revocations it covers); the audit event crl.published counts them (owed_settled).
    Result<CrlStatus> status(const Session& by, const QString& caCode);
    // The key and CA compromises of `ca` that no published CRL of it lists, oldest first: the one rule for what
    // a CA owes (crl status, the agenda). Derived from the revocations and the CA's CRLs recorded in the register,
    // with what each CRL held as its crl.reserved event recorded it (revocations_upto) — never from crl_owed, a row
    // bound to nothing (attack of session 30, A9).
    Result<QList<OwedPublication>> unpublishedCompromises(const CaRecord& ca);

private:
    struct Signing; // the CA certificate and the key provider, shared by the scopes of one run
    // What a publication settles of what the CA owes (crl_owed), gathered over the scopes of one run: the
    // open rows read under the first scope's write lock, and which of their serials the CRLs really list.
    // An owed revocation is settled only by a published CRL that lists it.
    struct OwedCover {
        bool read = false;
        QVariant upto;                  // the highest crl_owed id of the CA when the first scope was encoded
        QHash<QByteArray, qint64> open; // serial (bytes) -> lowest open crl_owed id, up to `upto`
        QSet<QByteArray> listed;        // of those serials, the ones a CRL of this run lists
        // The highest crl_owed id whose open rows up to it are all listed; null: none.
        QVariant settles() const;
    };
    Result<CrlPublication> publishScope(const Session& by, const CaRecord& ca, const QString& outDir, bool delta,
                                        const CrlScope& scope, bool partitioned, const Signing& signing, bool newFolder,
                                        OwedCover& owed, bool settlesOwed);
    // The newest thisUpdate of the CA's CRLs (published, or written and awaiting its renames); invalid: none.
    Result<QDateTime> newestThisUpdate(const CaRecord& ca);
    // The time a CRL of `ca` published now carries: the clock's, or the newest thisUpdate when the clock is
    // behind it by at most kClockBehindTolerance; refused (Conflict) when it is further behind.
    Result<QDateTime> publicationTime(const CaRecord& ca);
    struct Reservation {
        qint64 id = 0;
        quint64 number = 0;
        std::optional<quint64> deltaBase;
        QString folder;
    };
    // The CA's newest full CRL, a delta CRL's base.
    struct DeltaBase {
        quint64 number = 0;
        QString thisUpdate; // as recorded
        // What the base held, recorded with its reservation (crl.reserved: revocations_upto, releases_upto):
        // the highest revocations and hold_releases ids when its entries were read under the write lock. A
        // delta lists every revocation and release above them. Unset for a base published by a version that
        // did not record them (the delta then selects by recorded time, as that version did).
        std::optional<qint64> revocationsUpto;
        std::optional<qint64> releasesUpto;
    };
    Result<DeltaBase> deltaBaseOf(const CaRecord& ca);
    struct PendingRow {
        qint64 id = 0;
        quint64 number = 0;
        std::optional<quint64> deltaBase;
        QString folder, fileBase, state, thisUpdate, nextUpdate, derSha256, pemSha256;
        qint64 entries = 0;
        qint64 size = 0;
        QVariant owedUpto;
    };
    // `deltaBase`: a delta CRL's base, read under the same write lock (deltaBaseOf); none for a full CRL.
    // `content`: what the CRL holds (revocations_upto, releases_upto), recorded in crl.reserved.
    Result<Reservation> reserve(const Session& by, const CaRecord& ca, const QString& outDir, const QString& basename,
                                std::optional<quint64> deltaBase, bool newFolder, const QJsonObject& content);
    Result<PendingRow> pendingRow(qint64 id);
    Status markPublished(const Session& by, const CaRecord& ca, const PendingRow& row, bool recovered);
    Status abandon(const Session& by, const CaRecord& ca, qint64 id, quint64 number, const QString& why);
    Error abandonAfter(const Session& by, const CaRecord& ca, const Reservation& r, const Error& why,
                       Transaction* open);
    static void removeStaleTemps(const CaRecord& ca, const QString& dir);
    // Finishes or abandons what an interrupted publication of `ca` into `outDir` left, and removes
    // stale temporary files there. Runs under the folder's lock.
    Status recoverPending(const Session& by, const CaRecord& ca, const QString& outDir);

    bool cancelRequested() const { return RunControl::isCancelled(m_control); }
    void report(qint64 done, qint64 total, const QString& text) const {
        RunControl::report(m_control, done, total, text);
    }

    Register& m_reg;
    const CrlRunControl* m_control = nullptr; // publish()'s, for its scopes
};

} // namespace tirkeu::registry
