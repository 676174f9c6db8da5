#pragma once
// Read-only certificate status for the OCSP responder (tirkeu-ocsp), for every CA of the register:
// (CA, serial) → good / revoked (time, reason) / unknown, through the UNIQUE (ca_id, serial) index
// of certificates and the UNIQUE certificate_id index of revocations. One OcspStatus = one read
// connection; the responder opens one per worker thread. On SQLite the lookup runs through the
// sqlite3 C API with a statement prepared once (the hot path); on PostgreSQL through a prepared
// QSqlQuery. Also: the CAs with their certificates, the delegated OCSP signing certificates
// (profile "ocsp_signing", index certificates_profile of migration 9), and what changed since a
// cursor (new certificates and revocations by id), so cached responses are dropped per serial.
//
// Issuing the delegated signing certificate (a write, audited) lives in registry/OcspSigning.h.

#include "pki/OcspTypes.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace tirkeu::registry {

class Database;

struct OcspCaRecord {
    qint64 id = 0;
    QString code;
    QByteArray certificateDer; // empty while the CA has no certificate
    qint64 parentId = 0;       // the CA of this register that issued its certificate (0: a root, or outside)
    QString publishDir;        // its CRLs' folder (setting publish_dir); empty: none
};

struct OcspChange {
    qint64 caId = 0;
    QString serialHex;
    QString profile;
};

// Where the change scan stands: the highest certificate and revocation ids seen.
struct OcspCursor {
    qint64 certificateId = -1; // -1: not started
    qint64 revocationId = -1;
    qint64 releaseId = -1; // hold_releases: a certificate released from hold is valid again
    // The event log's newest event when the scan last looked: gone, or with another hash, when the register's
    // history was rewritten under the responder (a backup restored over it), whose ids then count again from
    // lower numbers — a revocation could take an id the cursor has passed and never be seen.
    qint64 eventSeq = 0;
    QString eventHash;
    // Set by changesSince when it found the history rewritten: every answer is stale (the cursor is positioned
    // again). The caller clears it.
    bool rewritten = false;
};

class OcspStatus {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::OcspStatus)
public:
    static constexpr const char* kSignerProfile = "ocsp_signing";

    // Opens its own connection to the register (file, "sqlite:PATH" or postgresql://…) and checks
    // that its schema is the one this program knows.
    // lookupOnly: only lookup() will be used (a worker thread); on SQLite this opens a plain
    // read-only sqlite3 connection without Qt.
    static Result<std::unique_ptr<OcspStatus>> open(const QString& location, bool lookupOnly = false);
    ~OcspStatus();
    OcspStatus(const OcspStatus&) = delete;
    OcspStatus& operator=(const OcspStatus&) = delete;

    Database& db() { return *m_db; }

    // The status of serial (upper-case hex as stored) at the CA caId. Unknown when not in the register.
    Result<pki::OcspAnswer> lookup(qint64 caId, const QString& serialHex);
    // Every CA of the register.
    Result<QList<OcspCaRecord>> cas();
    // The valid (not revoked, not expired at `now`) OCSP signing certificates of a CA, newest expiry first.
    Result<QList<QByteArray>> signerCertificates(qint64 caId, const QDateTime& now);
    // The one rule of what may sign the answers of the CA `ca`, whatever the signing certificate's source (the
    // register, or the file of [ca X] cert =): an OCSP signing certificate the register records as issued by that
    // CA (profile "ocsp_signing", the same DER), neither revoked nor on hold, within its validity at `now`
    // (checkSignerDates). The responder checks it at start, on every change of the register and every reload;
    // the dates again for every answer. Until 2026-12-07 a file's certificate signed revoked, expired or unknown
    // to the register (attack of session 30, A15).
    Status checkSigner(const OcspCaRecord& ca, const QByteArray& signerDer, const QDateTime& now);
    // The dates alone: notBefore <= now < notAfter (attack of session 30, A14: a signer ending while the
    // responder runs signs nothing more, without waiting for the next reload).
    static Status checkSignerDates(const QString& caCode, const QString& serialHex, const QDateTime& notBefore,
                                   const QDateTime& notAfter, const QDateTime& now);
    // Certificates issued and certificates revoked after the cursor, which then moves past them. The
    // first call only positions the cursor (returns nothing), as does a call that finds the register's history
    // rewritten since the last one (it sets cursor.rewritten: everything may have changed).
    Result<QList<OcspChange>> changesSince(OcspCursor& cursor);

private:
    OcspStatus() = default;
    std::unique_ptr<Database> m_db;   // null for a lookup-only SQLite connection
    sqlite3* m_own = nullptr;         // the lookup-only SQLite connection
    sqlite3_stmt* m_lookup = nullptr; // SQLite only
};

} // namespace tirkeu::registry
