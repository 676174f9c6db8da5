// CRL publication: full and delta CRLs of a CA, encoded from the register's revocations (streamed
// over millions of rows), written atomically into a folder and recorded with their audit event.
#include "registry/CrlPublisher.h"

#include "pki/Certificate.h"
#include "pki/CrlWriter.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CaSigner.h"
#include "registry/CrlNumbers.h"
#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLockFile>
#include <QSqlDriver>

#include <future>
#include <optional>

#include <sqlite3.h>

namespace tirkeu::registry {

namespace {
// ---- the row source of a CRL: the hot path over millions of revocations (ARCHITECTURE.md) ----

// The connection's sqlite3 handle, or nullptr when the register is not an SQLite file.
sqlite3* sqliteHandle(Database& db) {
    if (db.engine() != Engine::Sqlite)
        return nullptr;
    const QVariant v = db.handle().driver()->handle();
    if (qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.constData());
}

int digits(const unsigned char* s, int n) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// toDbTime's "yyyy-MM-ddTHH:mm:ss[.zzz]Z" to seconds since the epoch without QDateTime (a million
// rows); false for any other text, which then goes through fromDbTime.
bool parseDbTime(const unsigned char* s, int n, qint64& secs) {
    if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z' ||
        (n > 20 && s[19] != '.'))
        return false;
    const int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    const int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
        return false;
    // Days from 1970-01-01 (H. Hinnant's days_from_civil).
    const qint64 yy = y - (mo <= 2 ? 1 : 0);
    const qint64 era = yy / 400;
    const qint64 yoe = yy - era * 400;
    const qint64 doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    secs = (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

// Serial text (upper- or lower-case hex) to bytes; false when it is not plain hex of at most 32 bytes.
bool parseHex(const unsigned char* s, int n, unsigned char* out, int& size) {
    if (n == 0 || n > 64)
        return false;
    auto nibble = [](unsigned char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                      : -1;
    };
    size = (n + 1) / 2;
    int i = 0, o = 0;
    if (n % 2 == 1) {
        const int v = nibble(s[i++]);
        if (v < 0)
            return false;
        out[o++] = (unsigned char)v;
    }
    for (; i < n; i += 2) {
        const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[o++] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

// The revocations of a CRL read straight through the sqlite3 C API: no QVariant, QString or QDateTime
// per row. Rows the fast decoders refuse fall back to the register's own conversions.
class SqliteRows {
public:
    ~SqliteRows() { sqlite3_finalize(m_stmt); }
    Status prepare(sqlite3* db, const QString& sql, qint64 caId, const QString& since) {
        m_db = db;
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &m_stmt, nullptr) != SQLITE_OK ||
            sqlite3_bind_int64(m_stmt, 1, caId) != SQLITE_OK)
            return failure();
        if (!since.isNull()) {
            const QByteArray sinceText = since.toUtf8();
            if (sqlite3_bind_text(m_stmt, 2, sinceText.constData(), int(sinceText.size()), SQLITE_TRANSIENT) !=
                SQLITE_OK)
                return failure();
        }
        return {};
    }
    // The next row into entry (its serial bytes live here until the next call); false at the end. A
    // read error must not end the CRL early: it hands the writer an entry it refuses (so no file is
    // written) and status() tells the reason.
    bool next(pki::RevokedEntry& entry) {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_DONE)
            return false;
        if (rc != SQLITE_ROW) {
            m_status = failure();
            entry.reason = -2;
            return true;
        }
        const auto* serial = sqlite3_column_text(m_stmt, 0);
        const int serialSize = sqlite3_column_bytes(m_stmt, 0);
        int size = 0;
        if (serial && parseHex(serial, serialSize, m_serial, size)) {
            entry.serial = QByteArrayView(reinterpret_cast<const char*>(m_serial), size);
        } else {
            m_slowSerial = QByteArray::fromHex(QByteArray(reinterpret_cast<const char*>(serial), serialSize));
            entry.serial = QByteArrayView(m_slowSerial);
        }
        const auto* when = sqlite3_column_text(m_stmt, 1);
        const int whenSize = sqlite3_column_bytes(m_stmt, 1);
        if (!when || !parseDbTime(when, whenSize, entry.revokedAt))
            entry.revokedAt =
                fromDbTime(QString::fromUtf8(reinterpret_cast<const char*>(when), whenSize)).toSecsSinceEpoch();
        entry.reason = sqlite3_column_int(m_stmt, 2);
        entry.invalidityDate =
            m_invalidity && !m_invalidity->isEmpty() ? m_invalidity->value(sqlite3_column_int64(m_stmt, 3), 0) : 0;
        return true;
    }
    const Status& status() const { return m_status; }
    // Invalidity dates by revocation id (revocation_invalidity, usually a handful): column 3 is the id.
    void setInvalidityDates(const QHash<qint64, qint64>* dates) { m_invalidity = dates; }

private:
    Status failure() const {
        return makeError(
            ErrorCode::Database,
            CrlPublisher::tr("Reading the revocations failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    unsigned char m_serial[32];
    QByteArray m_slowSerial;
    const QHash<qint64, qint64>* m_invalidity = nullptr;
    Status m_status;
};
} // namespace

QString CrlPublisher::crlLockPath(const QString& outDir, const QString& caCode) {
    return QDir(outDir).absoluteFilePath(caCode + QStringLiteral(".crl.lock"));
}

Result<CrlPublication> CrlPublisher::publish(const Session& by, const QString& caCode, const QString& outDir,
                                             bool delta, const pki::SecretSource& caKeySecret) {
    if (Status s = Roles::require(by, Permission::PublishCrl); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The CA %1 has no key and certificate yet (tirkeu-cli ca init).").arg(ca->code));
    if (!QFileInfo(outDir).isDir())
        return makeError(ErrorCode::Io, tr("The CRL folder %1 does not exist.").arg(outDir));
    // A CRL reports what is committed: never from inside a transaction whose fate is still open
    // (queue it with Database::afterCommit()).
    if (m_reg.db().inTransaction())
        return makeError(ErrorCode::Database, tr("A CRL is published only after the changes it reports are recorded; "
                                                 "it cannot be published inside an open register transaction."));

    // Two cron runs must never interleave: the lock is held until the CRL is recorded. Stale locks of
    // dead processes are detected by QLockFile itself; age alone never breaks a lock.
    QLockFile lock(crlLockPath(outDir, ca->code));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        if (lock.error() == QLockFile::LockFailedError)
            return makeError(ErrorCode::Busy, tr("Another publication is running for the CA %1 (lock %2).")
                                                  .arg(ca->code, crlLockPath(outDir, ca->code)));
        return makeError(ErrorCode::Io, tr("Cannot create the lock file %1.").arg(crlLockPath(outDir, ca->code)));
    }

    // The CA key: already unlocked by this engine, or unlocked now — for a key file in the background
    // while the entries are read and encoded (the KDF is deliberately slow; only the signature needs
    // the key). Prompts and tokens are opened here, on this thread.
    auto years = detail::recordYears(m_reg, *ca);
    if (!years)
        return years.error();
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    const pki::X509Ptr issuer = caCert->toX509();
    CaKeyring& keyring = m_reg.keyring();
    CaSigner* signer = keyring.kept(*ca, caKeySecret);
    const bool background =
        !signer && caKeySecret.kind != pki::SecretSource::Prompt && !ca->keyUri.startsWith(QLatin1String("pkcs11:"));
    if (!signer && !background) {
        auto opened = keyring.signer(*ca, caKeySecret);
        if (!opened)
            return opened.error();
        signer = *opened;
    }
    std::future<Result<std::unique_ptr<pki::CaKey>>> unlocking;
    if (background) {
        keyring.countUnlock();
        unlocking = std::async(std::launch::async,
                               [uri = ca->keyUri, secret = caKeySecret] { return pki::CaKey::open(uri, secret); });
    }
    std::unique_ptr<pki::CaKey> unlocked;
    const pki::CrlWriter::KeyProvider key = [&]() -> Result<EVP_PKEY*> {
        if (signer)
            return signer->key->pkey();
        auto opened = unlocking.get();
        if (!opened)
            return opened.error();
        unlocked = std::move(opened.value());
        return unlocked->pkey();
    };

    // The write transaction also keeps revocations out while the CRL is encoded, so the next delta
    // (recorded_at >= this full CRL's thisUpdate) misses nothing.
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    // Above every number recorded, kept as a floor by a restore, or already in the publish folder: a
    // CRL number never repeats nor goes back, even after an older backup is restored.
    auto number = CrlNumbers::next(m_reg.db(), ca->id, outDir, ca->code);
    if (!number)
        return number.error();
    pki::CrlSpec spec;
    spec.number = *number;
    spec.thisUpdate = QDateTime::fromSecsSinceEpoch(m_reg.clock().now().toSecsSinceEpoch(), Qt::UTC);
    // A root CA's full CRL has its own, longer period (root_crl_period_hours).
    const QString periodKey = delta                             ? QStringLiteral("delta_period_hours")
                              : ca->kind == forms::CaKind::Root ? QStringLiteral("root_crl_period_hours")
                                                                : QStringLiteral("crl_period_hours");
    const int hours = ca->settings.value(periodKey).toInt(delta ? 8 : 27);
    spec.nextUpdate = spec.thisUpdate.addSecs(qint64(qMax(1, hours)) * 3600);
    QString where = QStringLiteral("ca_id = ?");
    QVariantList binds{ca->id};
    if (delta) {
        auto base = m_reg.db().exec(QStringLiteral("SELECT crl_number, this_update FROM crls WHERE ca_id = ? AND "
                                                   "delta_base IS NULL ORDER BY crl_number DESC LIMIT 1"),
                                    {ca->id});
        if (!base)
            return base.error();
        if (!base->next())
            return makeError(
                ErrorCode::Conflict,
                tr("The CA %1 has published no full CRL yet; a delta CRL needs one as its base.").arg(ca->code));
        spec.deltaBase = base->value(0).toULongLong();
        // ">=": an entry already in the base is harmless in the delta, a missing one is not.
        where += QStringLiteral(" AND recorded_at >= ?");
        binds << base->value(1).toString();
    } else {
        spec.freshestCrlUrl = ca->settings.value(QStringLiteral("freshest_url")).toString();
    }
    // SQLite would walk revocations_ca (ca_id, revoked_at), fetch every row from the table in that
    // order and sort by id in a temporary B-tree: over a million rows that is an order of magnitude
    // slower than one sequential pass over the table in id order, which NOT INDEXED asks for. The
    // full CRL's count stays on the covering index; the delta's needs the table (recorded_at) anyway.
    sqlite3* sqlite = sqliteHandle(m_reg.db());
    // A delta reads only what was recorded since its base, through revocations_recorded.
    const QString table = sqlite && !delta ? QStringLiteral("revocations NOT INDEXED") : QStringLiteral("revocations");
    auto expected = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM ") +
                                          (delta ? table : QStringLiteral("revocations")) + u" WHERE " + where,
                                      binds);
    if (!expected)
        return expected.error();
    spec.expectedEntries = expected->toLongLong();
    const QString select = QStringLiteral("SELECT serial, revoked_at, reason_code, id FROM ") + table + u" WHERE " +
                           where + QStringLiteral(" ORDER BY id");
    // The invalidity dates given at revocation (few): looked up by revocation id while the rows stream.
    QHash<qint64, qint64> invalidity;
    auto dates =
        m_reg.db().exec(QStringLiteral("SELECT i.revocation_id, i.invalidity_date FROM revocation_invalidity i "
                                       "JOIN revocations r ON r.id = i.revocation_id AND r.serial = i.serial "
                                       "WHERE r.ca_id = ?"),
                        {ca->id});
    if (!dates)
        return dates.error();
    while (dates->next())
        invalidity.insert(dates->value(0).toLongLong(), fromDbTime(dates->value(1).toString()).toSecsSinceEpoch());
    // A delta also lists the certificates released from hold since its base: removeFromCRL (8), the
    // hold's date as the entry's date — unless the certificate is revoked (or held) again meanwhile.
    struct Released {
        QByteArray serial;
        qint64 heldAt = 0;
    };
    QList<Released> released;
    if (delta) {
        auto rows = m_reg.db().exec(QStringLiteral("SELECT h.serial, h.held_at FROM hold_releases h WHERE h.ca_id = ? "
                                                   "AND h.released_at >= ? AND NOT EXISTS (SELECT 1 FROM revocations "
                                                   "r WHERE r.certificate_id = h.certificate_id) ORDER BY h.id"),
                                    binds);
        if (!rows)
            return rows.error();
        while (rows->next())
            released.append({QByteArray::fromHex(rows->value(0).toString().toLatin1()),
                             fromDbTime(rows->value(1).toString()).toSecsSinceEpoch()});
        spec.expectedEntries += released.size();
    }
    qsizetype nextReleased = 0;
    bool revocationsDone = false;
    std::optional<QSqlQuery> cursor; // PostgreSQL
    QByteArray serialBytes;          // must outlive each entry until the next call
    SqliteRows fast;
    if (sqlite) {
        if (Status s = fast.prepare(sqlite, select, ca->id, delta ? binds.at(1).toString() : QString()); !s)
            return s.error();
        fast.setInvalidityDates(&invalidity);
    } else {
        auto rows = m_reg.db().exec(select, binds);
        if (!rows)
            return rows.error();
        cursor.emplace(std::move(rows.value()));
    }
    const auto nextRevocation = [&](pki::RevokedEntry& entry) {
        if (sqlite)
            return fast.next(entry);
        if (!cursor->next())
            return false;
        serialBytes = QByteArray::fromHex(cursor->value(0).toString().toLatin1());
        entry.serial = QByteArrayView(serialBytes);
        entry.revokedAt = fromDbTime(cursor->value(1).toString()).toSecsSinceEpoch();
        entry.reason = cursor->value(2).toInt();
        entry.invalidityDate = invalidity.value(cursor->value(3).toLongLong(), 0);
        return true;
    };
    const pki::RevokedSource source = [&](pki::RevokedEntry& entry) {
        if (!revocationsDone) {
            if (nextRevocation(entry))
                return true;
            revocationsDone = true;
        }
        if (nextReleased >= released.size())
            return false;
        const Released& r = released.at(nextReleased++);
        entry.serial = QByteArrayView(r.serial);
        entry.revokedAt = r.heldAt;
        entry.reason = Revocations::kRemoveFromCrl;
        entry.invalidityDate = 0;
        return true;
    };
    const QString basename = delta ? ca->code + QStringLiteral("-delta") : ca->code;
    const pki::CrlWriter writer(issuer.get(), key);
    auto written = writer.write(spec, source, outDir, basename);
    if (!fast.status())
        return fast.status().error();
    if (!written)
        return written.error();
    if (unlocked) // kept for the next signature, as CaKeyring::signer() would
        keyring.keep(*ca, caKeySecret, std::move(unlocked));

    const QString sha256 = QString::fromLatin1(written->sha256.toHex());
    const QString fileName = QFileInfo(written->derPath).fileName();
    auto ins = m_reg.db().exec(
        QStringLiteral(
            "INSERT INTO crls (ca_id, crl_number, delta_base, this_update, next_update, entries, size_bytes, "
            "sha256, file_name, published_at, published_by, retention_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {ca->id, qint64(spec.number), spec.deltaBase ? QVariant(qint64(*spec.deltaBase)) : QVariant(),
         toDbTime(spec.thisUpdate), toDbTime(spec.nextUpdate), written->entries, written->size, sha256, fileName,
         toDbTime(m_reg.clock().now()), by.operatorId, toDbTime(spec.nextUpdate.addYears(*years))});
    if (!ins)
        return ins.error();
    QJsonObject details{{QStringLiteral("ca"), ca->code},
                        {QStringLiteral("crl_number"), qint64(spec.number)},
                        {QStringLiteral("entries"), written->entries},
                        {QStringLiteral("size"), written->size},
                        {QStringLiteral("sha256"), sha256},
                        {QStringLiteral("file"), fileName},
                        {QStringLiteral("next_update"), toDbTime(spec.nextUpdate)}};
    if (spec.deltaBase)
        details.insert(QStringLiteral("delta_base"), qint64(*spec.deltaBase));
    // Every owed publication of this CA is covered now: its revocation is committed, so it is in this CRL
    // (a delta holds everything since its base; anything before the base is in the base).
    auto settled = m_reg.db().exec(QStringLiteral("UPDATE crl_owed SET settled_crl = ?, settled_at = ? "
                                                  "WHERE ca_id = ? AND settled_at IS NULL"),
                                   {qint64(spec.number), toDbTime(m_reg.clock().now()), ca->id});
    if (!settled)
        return settled.error();
    if (const int n = settled->numRowsAffected(); n > 0)
        details.insert(QStringLiteral("owed_settled"), n);
    auto ev = m_reg.audit().append(by.login, ca->code, QStringLiteral("crl.published"), details,
                                   {RowRef::row(QStringLiteral("crls"), ins->lastInsertId().toLongLong())});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return CrlPublication{spec.number,   spec.deltaBase, spec.thisUpdate,  spec.nextUpdate, written->entries,
                          written->size, sha256,         written->derPath, written->pemPath};
}

Result<CrlPublication> CrlPublisher::publishAfterCompromise(const Session& by, const CaRecord& ca,
                                                            const pki::SecretSource& caKeySecret, bool fullCrl) {
    if (fullCrl)
        return publish(by, ca.code, publishDir(ca), false, caKeySecret);
    // A delta needs a full CRL as its base; the first publication is a full one.
    auto full =
        m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM crls WHERE ca_id = ? AND delta_base IS NULL"), {ca.id});
    if (!full)
        return full.error();
    return publish(by, ca.code, publishDir(ca), full->toInt() > 0, caKeySecret);
}

Result<CrlStatus> CrlPublisher::status(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    CrlStatus out;
    out.caCode = ca->code;
    out.publishDir = publishDir(*ca);
    for (const bool delta : {false, true}) {
        auto q = m_reg.db().exec(
            QStringLiteral("SELECT crl_number, delta_base, this_update, next_update, entries, size_bytes, sha256, "
                           "file_name FROM crls WHERE ca_id = ? AND delta_base IS ") +
                (delta ? QStringLiteral("NOT NULL") : QStringLiteral("NULL")) +
                QStringLiteral(" ORDER BY crl_number DESC LIMIT 1"),
            {ca->id});
        if (!q)
            return q.error();
        if (!q->next())
            continue;
        CrlPublication p;
        p.number = q->value(0).toULongLong();
        if (!q->value(1).isNull())
            p.deltaBase = q->value(1).toULongLong();
        p.thisUpdate = fromDbTime(q->value(2).toString());
        p.nextUpdate = fromDbTime(q->value(3).toString());
        p.entries = q->value(4).toLongLong();
        p.size = q->value(5).toLongLong();
        p.sha256 = q->value(6).toString();
        p.derPath = q->value(7).toString();
        (delta ? out.lastDelta : out.lastFull) = p;
    }
    auto owed = m_reg.db().exec(QStringLiteral("SELECT serial, reason_code, recorded_at FROM crl_owed WHERE ca_id = ? "
                                               "AND settled_at IS NULL ORDER BY id"),
                                {ca->id});
    if (!owed)
        return owed.error();
    while (owed->next())
        out.owed << OwedPublication{owed->value(0).toString(), owed->value(1).toInt(),
                                    fromDbTime(owed->value(2).toString())};
    return out;
}

QString CrlPublisher::publishDir(const CaRecord& ca) {
    return ca.settings.value(QStringLiteral("publish_dir")).toString().trimmed();
}

} // namespace tirkeu::registry
