#pragma once
// The row source of a CRL on SQLite: the hot path over millions of revocations (ARCHITECTURE.md). The
// revocations of a CRL read straight through the sqlite3 C API: no QVariant, QString or QDateTime per row;
// rows the fast decoders refuse fall back to the register's own conversions. Internal to the registry
// (CrlPublisher); PostgreSQL reads them through QSqlQuery instead.

#include "pki/CrlWriter.h"
#include "pki/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;

namespace tirkeu::registry {

class CrlRevokedRows {
public:
    CrlRevokedRows() = default;
    ~CrlRevokedRows();
    CrlRevokedRows(const CrlRevokedRows&) = delete;
    CrlRevokedRows& operator=(const CrlRevokedRows&) = delete;

    // `sql` selects serial, revoked_at, reason_code and the revocation's id, in the CRL's order.
    Status prepare(sqlite3* db, const QString& sql, const QVariantList& binds);
    // The next row into entry (its serial bytes live here until the next call); false at the end. A
    // read error must not end the CRL early: it hands the writer an entry it refuses (so no file is
    // written) and status() tells the reason.
    bool next(pki::RevokedEntry& entry);
    const Status& status() const { return m_status; }
    // Invalidity dates by revocation id (revocation_invalidity, usually a handful): column 3 is the id.
    void setInvalidityDates(const QHash<qint64, qint64>* dates) { m_invalidity = dates; }

private:
    Status failure() const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    unsigned char m_serial[32];
    QByteArray m_slowSerial;
    const QHash<qint64, qint64>* m_invalidity = nullptr;
    Status m_status;
};

} // namespace tirkeu::registry
