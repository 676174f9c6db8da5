#pragma once
// The tamper-evident event log (seed 001 §14-15): every change to the register appends an event in
// the same transaction; each event's hash is SHA-256 over a canonical encoding of its fields and the
// previous event's hash. The chain head of each finished day is recorded as an anchor that can be
// exported and published. verify() walks the chain and the anchors and names the first broken link.
//
// Row binding: the event that creates, changes or deletes a protected row (protectedTables()) names
// it with a RowRef; append() reads the row inside the same transaction and records the SHA-256 of
// its canonical content in the event's details ("rows": [[table, key, sha256-or-null], ...]), so the
// event's own hash covers it. verify() recomputes every protected row and names the first one that
// was changed, is missing, or that no event explains — whatever happened to the database's triggers.

#include "registry/Clock.h"
#include "registry/Roles.h"
#include "registry/RunControl.h"

#include <QCoreApplication>

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

// Row binding is available (RowRef, append with rows): tests that also run against older trees test it.
#define TIRKEU_AUDIT_ROW_BINDING 1

// OpenSSL's key type, declared without OpenSSL's headers (the signing key comes from pki).
typedef struct evp_pkey_st EVP_PKEY;

#include <optional>

namespace tirkeu::registry {

class Database;

struct AuditEvent {
    qint64 seq = 0;
    QDateTime ts;
    QString operatorLogin;
    QString subject; // IIN / BIN / certificate serial / application number / login ...
    QString type;    // e.g. "application.registered"
    QJsonObject details;
    QDateTime retentionUntil;
    QString prevHash;
    QString hash;
};

// A protected row an event creates, changes or deletes (see row binding above).
// The hashes of bound rows one caller already read for an event, reused by its next events when it
// changed none of those rows in between (the events of one issuance bind the same application and history
// rows): each such row is read and hashed once. Only for consecutive appends of one caller, inside one
// transaction, with no write to a remembered row between them.
// It also keeps where the caller's previous append left the chain: its next append of the same day follows
// that event without reading the chain's head and the retention period again (another event appended in
// between would take the same seq, which the register refuses: never a fork).
struct BoundRowHashes {
    QHash<QString, QJsonArray> byRef; // "table|column|key" -> the [table, key, hash] entries
    struct Chain {
        qint64 seq = 0;
        QString hash;
        QDate day;    // the event's day (Almaty time): a new day anchors the previous one first
        QDateTime at; // the event's time: the next one is never dated before it
        int eventLogYears = 0;
    };
    std::optional<Chain> chain;
    // The acting operator's account as read for the caller's first event (AuditLog::actorMayWrite): one
    // transaction holds the writer lock, so the account cannot change between its events.
    struct Account {
        QString login;
        bool known = false;
        bool active = false;
        Role role = Role::Auditor;
    };
    std::optional<Account> account;
};

struct RowRef {
    QString table;
    QVariant key;       // the value of the table's key column, or of `column`
    QString column;     // empty: `key` is the table's key; else every row whose `column` = key
    QString presetHash; // retention only: carries an already recorded hash forward, unrecomputed
    bool carried = false;

    // The row of `table` whose key column is `key`.
    static RowRef row(const QString& table, const QVariant& key) { return {table, key, {}, {}, false}; }
    // Every row of `table` whose `column` equals `value` (e.g. an application's history).
    static RowRef rowsWhere(const QString& table, const QString& column, const QVariant& value) {
        return {table, value, column, {}, false};
    }
};

// A table whose rows are bound to the chain: its key column and the columns that are hashed, in
// order. Columns added later by other features are deliberately not listed until they are evidence.
struct ProtectedTable {
    QString name;
    QString key;
    QStringList columns;
    bool numericKey = true;
};

struct AuditAnchor {
    QDate day;
    qint64 lastSeq = 0;
    QString headHash;
    qint64 events = 0;
};

struct AuditVerifyReport {
    bool ok = true;
    qint64 eventsChecked = 0;
    qint64 anchorsChecked = 0;
    qint64 rowsChecked = 0;
    qint64 signedAnchorsChecked = 0;
    qint64 signedCheckpointsChecked = 0;
    qint64 crlEntriesChecked = 0;
    qint64 firstBadSeq = 0; // the sequence number of the first broken link (0 when ok or a row finding)
    QString badTable;       // a row finding: the protected table and the row's key
    QString badKey;
    QString problem; // translated description of the first broken link
    // Translated notes on evidence that could not be checked although it was given (the run still
    // passes): e.g. a CRL of a CA without crl_event_log_oid attests no event-log head.
    QStringList warnings;
    bool cancelled = false; // stopped on request before a verdict (ok is false, problem says so)
    // Event types found that Roles::eventRule does not list (not written by this version): their
    // operators' roles were not checked. Empty for every register this version wrote.
    QStringList unclassifiedEventTypes;
};

// The audit signing key (issue 12): separate from every CA key, set up by an administrator
// (`audit key init`); its public half is recorded in the register and kept by the administrator.
struct AuditKeyInfo {
    QString uri;          // "file:/path" (encrypted PKCS#8) or "pkcs11:token=…;object=…"
    QByteArray publicKey; // DER SubjectPublicKeyInfo
    QString fingerprint;  // SHA-256 of publicKey, hex
};

// What verify() checks beyond the chain and the rows.
struct AuditVerifyOptions {
    QString anchorsDir;   // signed daily anchors (anchor-YYYY-MM-DD.txt) and checkpoints (checkpoint-SEQ.txt)
    QByteArray anchorKey; // DER SubjectPublicKeyInfo; empty: the audit key recorded in the register
    QStringList crlFiles; // published CRLs (DER or PEM): every entry must be revoked in the register
    QString archiveDir;   // where the retention sweep's archives and manifests are
    // A long verification (millions of events) may be stopped: checked every few thousand events and
    // rows. A stopped run gives no verdict (report.ok false, report.cancelled true), never "intact".
    const RunControl* control = nullptr;
};

class AuditLog {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::AuditLog)
public:
    AuditLog(Database& db, const Clock& clock)
        : m_db(db)
        , m_clock(clock) {}

    static QString genesisHash() { return QString(64, u'0'); }
    // The bytes that are hashed: every field as "<utf-8 length>:<utf-8 bytes>;" in a fixed order.
    static QByteArray canonical(const AuditEvent& e);
    static QString computeHash(const AuditEvent& e);

    // Appends one event. Must run inside the caller's open write transaction (the change and its
    // event commit together). relatedExpiry: the expiry of the related certificate, if any — the
    // event is kept for the event-log period after it (else after the event itself).
    Result<qint64> append(const QString& operatorLogin, const QString& subject, const QString& type,
                          const QJsonObject& details, const QDateTime& relatedExpiry = {});
    // The same, binding the rows it created, changed or deleted (read and hashed here, in the same
    // transaction). Writers of protected tables call this one.
    Result<qint64> append(const QString& operatorLogin, const QString& subject, const QString& type,
                          const QJsonObject& details, const QList<RowRef>& rows, const QDateTime& relatedExpiry = {},
                          BoundRowHashes* reuse = nullptr);

    static const QList<ProtectedTable>& protectedTables();
    static const ProtectedTable* protectedTable(const QString& name);
    // SHA-256 (hex) of a row's canonical content: the table name, then every listed column as
    // "<utf-8 length>:<text>;" (NULL as "~;", binary as lower-case hex), as stored on either engine.
    static QString rowHash(const ProtectedTable& table, const QList<QVariant>& values);

    // Binds every existing protected row (or those of `onlyTables`) with audit.rows_bound events of at most
    // `rowsPerEvent` rows each (a national register's millions of holders in one event would be a row of
    // hundreds of megabytes, near SQLite's limit of 1 GB), all in one transaction: registers created before row
    // binding, and the holders of registers created before migration 21.
    static constexpr int kRowsPerBindingEvent = 50000;
    // Whether any event binds a row of `tables` (a row of any protected table when empty).
    static Result<bool> bindsRowsOf(Database& db, const QStringList& tables);
    Status bindExistingRows(const QString& operatorLogin, const QStringList& onlyTables = {},
                            int rowsPerEvent = kRowsPerBindingEvent);
    // The rows whose latest record is in events up to `lastSeq` and that no later event re-records:
    // the retention sweep carries them (with their recorded hashes) before it trims those events.
    Result<QList<RowRef>> rowsRecordedOnlyUpTo(qint64 lastSeq);

    // Records the anchor of every finished day that has events and no anchor yet (own transaction
    // when none is open). Returns the number of anchors written.
    Result<int> anchorCompletedDays();
    Result<QList<AuditAnchor>> anchors(const QDate& from = {}, const QDate& to = {});
    // The newest event in the register (seq and hash); nullopt when the log is empty.
    struct Head {
        qint64 seq = 0;
        QString hash;
        QDateTime at; // the event's time (set where the time was read)
    };
    Result<std::optional<Head>> head();
    // The anchor of a finished day, or (for today) the current head, as a small text file to publish.
    Result<QByteArray> exportAnchor(const QDate& day);
    Result<QByteArray> exportAnchor(const Session& by, const QDate& day); // needs ViewAudit

    // ---- verification (registry/AuditVerify.cpp) ----
    Result<AuditVerifyReport> verify();
    Result<AuditVerifyReport> verify(const Session& by); // needs VerifyAudit
    Result<AuditVerifyReport> verify(const AuditVerifyOptions& options);
    Result<AuditVerifyReport> verify(const Session& by, const AuditVerifyOptions& options); // needs VerifyAudit

    // ---- signed anchors (registry/AuditAnchors.cpp) ----
    // The recorded audit signing key; NotFound when none was set up.
    Result<AuditKeyInfo> auditKey();
    // Records the audit signing key (administrators only): its location and public key, in meta and
    // as an event. Refuses a second key unless `replace`.
    Status setAuditKey(const Session& by, const QString& uri, const QByteArray& publicKey, bool replace);
    // The signed anchor of the finished day `day` (Almaty time): the chain head at the day's end, also
    // for a day without events. The key must be the recorded audit key.
    Result<QByteArray> signedAnchor(const QDate& day, EVP_PKEY* key);
    Result<QByteArray> signedAnchor(const Session& by, const QDate& day, EVP_PKEY* key); // needs ViewAudit
    static QString anchorFileName(const QDate& day);
    // The scheduled job: writes the signed anchor of every finished day not yet in `dir` (from the day
    // after the newest file there; from yesterday in an empty folder), up to yesterday. Returns the
    // files written.
    Result<QStringList> publishSignedAnchors(const Session& by, const QString& dir, EVP_PKEY* key);
    // The first finished day whose signed anchor the scheduled job would write into `dir` (the day after
    // the newest anchor file there; yesterday in an empty or missing folder). Days from it to yesterday
    // are not yet published (none when it is `today`).
    static QDate firstUnpublishedAnchorDay(const QString& dir, const QDate& today);
    // A signed checkpoint of the chain's current head (today's events are otherwise signed only after
    // midnight): the scheduled job writes one after every CRL run, so a rewrite or cut of the unsigned
    // tail is found from the folder too. Written once per head event; returns the file, or an empty
    // string when the head is already signed there (or the log is empty).
    Result<QByteArray> signedCheckpoint(EVP_PKEY* key);
    Result<QString> publishSignedCheckpoint(const Session& by, const QString& dir, EVP_PKEY* key); // ViewAudit
    static QString checkpointFileName(qint64 seq);

    // Events for a subject (or all when empty), newest first, paged.
    Result<QList<AuditEvent>> events(const QString& subject = {}, int limit = 100, qint64 beforeSeq = 0);
    // The same for an operator: needs ViewAudit. (The overloads without a session are for registry
    // internals and tests; screens and commands call these.)
    Result<QList<AuditEvent>> events(const Session& by, const QString& subject, int limit = 100, qint64 beforeSeq = 0);

private:
    // Whether `login` may write an event of `type` now (attack of session 26, F7: an officer disabled while a command
    // of theirs ran still issued, and audit verify then called the register forged for good): the account as the
    // register holds it inside the writing transaction must exist, be active and have a role that allows the
    // event (Roles::eventRule) — the same rule verify applies along the chain. Types written for anyone, and
    // one's own account events, are not checked here.
    Status actorMayWrite(const QString& login, const QString& subject, const QString& type, const QJsonObject& details,
                         BoundRowHashes* reuse);
    // The time of the next event: the clock's, never before the chain's newest event (`newest`) nor in a day
    // closed by a signed anchor (attack of session 25, F10: a clock behind made an ordinary write read as
    // forgery); a clock behind that dates the event at that floor, and *behindMs says by how much (recorded in
    // the event's details as "clock_behind_ms").
    Result<QDateTime> eventTime(const QDateTime& newest, qint64* behindMs);
    // The last day closed by a signed anchor (meta audit_signed_through), as far as it can be true: signedAnchor
    // closes only a finished day, so a mark after this clock's today was not written by Tirkeu (attack of session
    // 29, F5: the PostgreSQL application role dated every later event in the year 2100). Such a mark is returned
    // in *planted and an invalid date is returned: nothing is dated by it, and audit verify fails on it.
    Result<QDate> closedThrough(QDate* planted = nullptr);
    // How far ahead of this computer's clock another computer's may be: a day. An event dated later, or a day
    // signed later, was not written by a clock of the register's computers.
    static constexpr int kClockAheadDays = 1;
    // Why an event dated `ts`, more than kClockAheadDays after this clock, is refused as the log's floor and by
    // audit verify.
    QString futureEventProblem(qint64 seq, const QDateTime& ts) const;
    // newest: set to the chain's newest event as read for the anchor (the head append continues from).
    Result<int> anchorFinishedDaysLocked(std::optional<Head>* newest = nullptr);
    Result<AuditVerifyReport> verifyChain(QHash<QString, QHash<QString, QPair<QString, qint64>>>& recorded);
    // The running verify()'s cancel and progress, null outside verify() or when it has none.
    const RunControl* m_verifyRun = nullptr;
    bool verifyCancelled(AuditVerifyReport& report, qint64 done, qint64 total, const QString& what);
    Status verifySignedAnchors(const AuditVerifyOptions& options, AuditVerifyReport& report);
    // What the anchors' check has read once (the audit key, the register, the chain's extent): the
    // checkpoints in the same folder are checked against the same.
    struct SignedEvidence {
        QByteArray keyDer;
        QString keyFp;
        QString registerId;
        qint64 archivedHead = 0;
        qint64 lastEvent = 0;
        QString dir;
    };
    Status verifySignedCheckpoints(const SignedEvidence& evidence, AuditVerifyReport& report);
    Status verifyArchives(const AuditVerifyOptions& options, AuditVerifyReport& report);
    // Each published CRL given: its event-log head must be in the chain (EventLogHead, with the other
    // evidence from outside the database, before the rows), and its entries must match the revocations.
    enum class CrlCheck { EventLogHead, Entries };
    Status verifyCrls(const AuditVerifyOptions& options, AuditVerifyReport& report, CrlCheck check);
    Result<QJsonArray> hashRows(const QList<RowRef>& rows, BoundRowHashes* reuse = nullptr);
    Status verifyRows(const QHash<QString, QHash<QString, QPair<QString, qint64>>>& recorded,
                      AuditVerifyReport& report);
    Database& m_db;
    const Clock& m_clock;
};

} // namespace tirkeu::registry
