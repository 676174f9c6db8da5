#pragma once
// The tamper-evident event log (seed 001 §14-15): every change to the register appends an event in
// the same transaction; each event's hash is SHA-256 over a canonical encoding of its fields and the
// previous event's hash. The chain head of each finished day is recorded as an anchor that can be
// exported and published. verify() walks the chain and the anchors and names the first broken link.

#include "registry/Clock.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>

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
    qint64 firstBadSeq = 0; // the sequence number of the first broken link (0 when ok)
    QString problem;        // translated description of the first broken link
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

    // Records the anchor of every finished day that has events and no anchor yet (own transaction
    // when none is open). Returns the number of anchors written.
    Result<int> anchorCompletedDays();
    Result<QList<AuditAnchor>> anchors(const QDate& from = {}, const QDate& to = {});
    // The anchor of a finished day, or (for today) the current head, as a small text file to publish.
    Result<QByteArray> exportAnchor(const QDate& day);
    Result<QByteArray> exportAnchor(const Session& by, const QDate& day); // needs ViewAudit

    Result<AuditVerifyReport> verify();
    Result<AuditVerifyReport> verify(const Session& by); // needs VerifyAudit

    // Events for a subject (or all when empty), newest first, paged.
    Result<QList<AuditEvent>> events(const QString& subject = {}, int limit = 100, qint64 beforeSeq = 0);
    // The same for an operator: needs ViewAudit. (The overloads without a session are for registry
    // internals and tests; screens and commands call these.)
    Result<QList<AuditEvent>> events(const Session& by, const QString& subject, int limit = 100, qint64 beforeSeq = 0);

private:
    Result<int> anchorFinishedDaysLocked();
    Database& m_db;
    const Clock& m_clock;
};

} // namespace tirkeu::registry
