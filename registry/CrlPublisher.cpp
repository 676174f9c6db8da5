// CRL publication: full and delta CRLs of a CA, encoded from the register's revocations (streamed
// over millions of rows by CrlRevokedRows on SQLite), written atomically into a folder and recorded with
// their audit event. The records of each step, the recovery after a crash and what a CA's CRLs stand at
// (status): CrlPublicationRecords.cpp.
#include "registry/CrlPublisher.h"

#include "pki/Certificate.h"
#include "pki/CrlNumber.h"
#include "pki/CrlWriter.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CaSigner.h"
#include "registry/CrlNumbers.h"
#include "registry/CrlPartitions.h"
#include "registry/CrlRevokedRows.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLockFile>

#include <cerrno>
#include <cstring>
#include <future>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace tirkeu::registry {

// What is owed is settled by the last scope only, up to what stood when the first one was encoded, and
// only as far as every open owed revocation up to there is listed by a CRL of the run: an owed row the
// CRLs miss stays open (tirkeu-cli crl status shows it), and so does every newer one.
QVariant CrlPublisher::OwedCover::settles() const {
    if (upto.isNull())
        return {};
    qint64 firstMissing = -1;
    for (auto it = open.begin(); it != open.end(); ++it)
        if (!listed.contains(it.key()) && (firstMissing < 0 || it.value() < firstMissing))
            firstMissing = it.value();
    if (firstMissing < 0)
        return upto;
    return firstMissing > 1 ? QVariant(firstMissing - 1) : QVariant();
}

struct CrlPublisher::Signing {
    const X509* issuer = nullptr;
    pki::CrlWriter::KeyProvider key;
};

Result<std::optional<quint64>> CrlPublisher::folderNewToCa(const Session& by, const QString& caCode,
                                                           const QString& outDir) {
    if (Status s = Roles::require(by, Permission::PublishCrl); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    return CrlNumbers::publishedElsewhere(m_reg.db(), ca->id, outDir, ca->code);
}

QString CrlPublisher::crlLockPath(const QString& outDir, const QString& caCode) {
    return QDir(outDir).absoluteFilePath(caCode + QStringLiteral(".crl.lock"));
}

Result<CrlPublication> CrlPublisher::publish(const Session& by, const QString& caCode, const QString& outDir,
                                             bool delta, const pki::SecretSource& caKeySecret, bool newFolder,
                                             const CrlRunControl* control) {
    if (Status s = Roles::require(by, Permission::PublishCrl); !s)
        return s.error();
    m_control = control;
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(
            ErrorCode::Conflict,
            tr("The CA %1 has no key and certificate yet: an administrator sets up its key (Settings → CAs → "
               "Set up key…, or the command ca init).")
                .arg(ca->code));
    if (!QFileInfo(outDir).isDir())
        return makeError(ErrorCode::Io, tr("The CRL folder %1 does not exist.").arg(outDir));
    // A CRL reports what is committed: never from inside a transaction whose fate is still open
    // (queue it with Database::afterCommit()).
    if (m_reg.db().inTransaction())
        return makeError(ErrorCode::Database, tr("A CRL is published only after the changes it reports are recorded; "
                                                 "it cannot be published inside an open register transaction."));

    // A clock behind the CA's newest CRL is refused before anything is touched (and again under the write lock).
    if (auto when = publicationTime(*ca); !when)
        return when.error();

    // Two cron runs must never interleave: the lock is held until the CRL is recorded. Stale locks of
    // dead processes are detected by QLockFile itself; age alone never breaks a lock.
    const QString lockPath = crlLockPath(outDir, ca->code);
    // The folder is the web root, which others may be able to write (README: a stranger's file). A lock file is a
    // publisher's only when it belongs to this program's user, root or the folder's owner (attack of session 26, F5:
    // a stranger's file naming a live process of the right name blocked the CA's publication for as long as that
    // process lived): any other is removed, whatever it is. A publisher's lock is a regular file: a pipe (or a link,
    // a folder, a device) under its name blocked QLockFile's reading of it for ever (attack of session 33, C7), and
    // is refused, naming it. Both are looked at before QLockFile opens anything.
    if (struct stat lockStat{}; ::lstat(QFile::encodeName(lockPath).constData(), &lockStat) == 0) {
        struct stat dirStat {};
        const bool dirSeen = ::stat(QFile::encodeName(outDir).constData(), &dirStat) == 0;
        if (dirSeen && lockStat.st_uid != ::geteuid() && lockStat.st_uid != 0 && lockStat.st_uid != dirStat.st_uid) {
            if (::unlink(QFile::encodeName(lockPath).constData()) != 0)
                return makeError(ErrorCode::Io, tr("The lock file %1 belongs to another user (uid %2), not to a "
                                                   "publisher of this folder, and cannot be removed: %3. The CRL of "
                                                   "%4 is not published until it is removed (and the folder closed "
                                                   "to others).")
                                                    .arg(lockPath)
                                                    .arg(lockStat.st_uid)
                                                    .arg(QString::fromLocal8Bit(std::strerror(errno)), ca->code));
            qWarning("%s", qPrintable(tr("Removed the lock file %1 of another user (uid %2): not a publisher's lock.")
                                          .arg(lockPath)
                                          .arg(lockStat.st_uid)));
        } else if (!S_ISREG(lockStat.st_mode)) {
            return makeError(ErrorCode::Invalid,
                             tr("The lock file %1 of the CA %2 is not a regular file (a pipe, a link, a folder or a "
                                "device): it is no publisher's lock. The CRL is not published until it is removed.")
                                 .arg(QDir::toNativeSeparators(lockPath), ca->code));
        }
    }
    QLockFile lock(lockPath);
    lock.setStaleLockTime(0);
    bool locked = lock.tryLock(0);
    if (!locked && lock.error() == QLockFile::LockFailedError) {
        // A lock naming no process (empty or unreadable: a power loss while it was being created) would block
        // every publication for good, and cron's CRLs would expire. Once it is older than any lock being
        // written, it is removed (a lock naming its process is never broken by age).
        qint64 pid = 0;
        QString host, app;
        const QFileInfo file(lockPath);
        if (!lock.getLockInfo(&pid, &host, &app) && file.exists() &&
            file.lastModified().secsTo(QDateTime::currentDateTimeUtc()) > kUnreadableLockSeconds &&
            lock.removeStaleLockFile())
            locked = lock.tryLock(0);
    }
    if (!locked) {
        if (lock.error() == QLockFile::LockFailedError)
            return makeError(ErrorCode::Busy,
                             tr("Another publication is running for the CA %1 (lock %2).").arg(ca->code, lockPath));
        return makeError(ErrorCode::Io, tr("Cannot create the lock file %1.").arg(lockPath));
    }

    // The register's check before the first write (Database::damage()) runs in the background meanwhile.
    m_reg.db().startDamageCheck();

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
        if (unlocked) // the CA's next scope (partitioned CRLs)
            return unlocked->pkey();
        auto opened = unlocking.get();
        if (!opened)
            return opened.error();
        unlocked = std::move(opened.value());
        return unlocked->pkey();
    };

    // Every scope of the CA (registry/CrlPartitions.h): its own CRL, then each partition.
    auto scopes = CrlPartitions::scopes(m_reg.db(), *ca);
    if (!scopes)
        return scopes.error();
    const bool partitioned = scopes->size() > 1;
    if (partitioned && delta)
        return makeError(ErrorCode::Conflict,
                         tr("The CA %1 publishes partitioned CRLs (%2 partitions): it publishes no delta CRLs. Publish "
                            "its full CRLs (without --delta); each partition's CRL is small.")
                             .arg(ca->code)
                             .arg(scopes->size() - 1));
    if (partitioned && scopes->first().url.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The CA %1 has CRL partitions but no cdp_url: its own CRL needs it as its distribution "
                            "point (ca set --code %1 cdp_url=…).")
                             .arg(ca->code));
    // The partition tables are not evidence: each revoked certificate goes into the CRL its own DER
    // names, or nothing is published.
    if (Status s = CrlPartitions::checkMembers(m_reg.db(), *ca, true); !s)
        return makeError(s.code(), s.message() + u' ' + tr("Nothing is published."));
    if (Status s = recoverPending(by, *ca, outDir); !s)
        return s.error();
    Signing signing{issuer.get(), key};
    OwedCover owed;
    std::vector<CrlPublication> done;
    for (qsizetype i = 0; i < scopes->size(); ++i) {
        if (cancelRequested()) {
            if (i == 0)
                return makeError(ErrorCode::Failure,
                                 tr("Publishing was cancelled: no CRL of %1 was published.").arg(ca->code));
            return makeError(ErrorCode::Failure,
                             tr("Publishing was cancelled after %1 of the %2 CRLs of %3: those stay published (each is "
                                "complete), the others were not published. Publish again to publish them all.")
                                 .arg(i)
                                 .arg(scopes->size())
                                 .arg(ca->code));
        }
        const QString name = scopes->at(i).label.isEmpty()
                                 ? (delta ? tr("the delta CRL of %1").arg(ca->code) : tr("the CRL of %1").arg(ca->code))
                                 : tr("the CRL of partition %1").arg(scopes->at(i).label);
        report(i, scopes->size(), tr("CRL %1 of %2: %3…").arg(i + 1).arg(scopes->size()).arg(name));
        auto one = publishScope(by, *ca, outDir, delta, scopes->at(i), partitioned, signing, newFolder, owed,
                                i == scopes->size() - 1);
        if (!one)
            return one.error();
        if (unlocked) // kept for the next signature, as CaKeyring::signer() would
            keyring.keep(*ca, caKeySecret, std::move(unlocked));
        signer = keyring.kept(*ca, caKeySecret);
        done.push_back(std::move(one.value()));
    }
    report(scopes->size(), scopes->size(), tr("%n CRL(s) published.", nullptr, int(scopes->size())));
    CrlPublication out = done.front();
    out.partitions.assign(std::make_move_iterator(done.begin() + 1), std::make_move_iterator(done.end()));
    return out;
}

Result<CrlPublication> CrlPublisher::publishScope(const Session& by, const CaRecord& caRecord, const QString& outDir,
                                                  bool delta, const CrlScope& scope, bool partitioned,
                                                  const Signing& signing, bool newFolder, OwedCover& owed,
                                                  bool settlesOwed) {
    const CaRecord* ca = &caRecord;
    // The safe order (issue 12): (1) the number is reserved and recorded, (2) both files are written
    // and fsync'ed under temporary names and their SHA-256 recorded, (3) DER then PEM are renamed into
    // the folder, (4) the CRL is marked published. A crash anywhere leaves the old or the new pair and
    // a crl_pending row that the next run of this folder finishes or abandons: nothing is published
    // before it is recorded, and a number never gets two contents.
    //
    // Every CRL reads and encodes its entries before (1), in the same write transaction as the reservation,
    // which is committed before anything is signed or written: the register's check (PRAGMA quick_check over
    // the whole file, seconds on a register of millions) runs meanwhile on its own connection and is awaited
    // by that commit — a damaged register still records nothing. The write lock also keeps revocations out
    // while the entries are read: the highest revocations and hold_releases ids read under it (recorded with
    // the reservation) say exactly what this CRL holds, and the next delta lists everything above them. Never
    // a comparison of recorded_at with thisUpdate: two times from the clocks of two runs, maybe of two
    // machines sharing a PostgreSQL register (attack of session 25, F5).
    const QString basename = delta ? ca->code + QStringLiteral("-delta") : scope.fileBase;
    // What the reservation would refuse at once is refused before the entries are read.
    auto continues = CrlNumbers::requireFolderContinues(m_reg.db(), ca->id, outDir, ca->code, newFolder);
    if (!continues)
        return continues.error();
    // The register's check runs meanwhile (publish() started it).
    std::optional<Reservation> reserved;
    Transaction tx(m_reg.db(), Transaction::CheckedAtCommit{});
    if (!tx.ok())
        return tx.status().error();
    // A failure: the number, once reserved, is abandoned; before that the transaction rolls back.
    const auto failed = [&](const Error& why) -> Error {
        if (reserved)
            return abandonAfter(by, *ca, *reserved, why, &tx);
        if (!tx.committed())
            tx.fail(why);
        return why;
    };
    // A delta's base: the newest full CRL, read under this lock (the reservation records it).
    std::optional<DeltaBase> base;
    if (delta) {
        auto found = deltaBaseOf(*ca);
        if (!found)
            return failed(found.error());
        base = *found;
    }
    pki::CrlSpec spec;
    // Never before the CA's newest CRL (checked again here, under the write lock: another workstation may
    // have published meanwhile).
    auto when = publicationTime(*ca);
    if (!when)
        return failed(when.error());
    spec.thisUpdate = *when;
    // What this CRL holds: every revocation and release up to these ids (the write lock keeps others out).
    QJsonObject content;
    for (const auto& [key, sql] :
         {std::pair{QStringLiteral("revocations_upto"), QStringLiteral("SELECT coalesce(max(id), 0) FROM revocations")},
          std::pair{QStringLiteral("releases_upto"),
                    QStringLiteral("SELECT coalesce(max(id), 0) FROM hold_releases")}}) {
        auto upto = m_reg.db().scalar(sql);
        if (!upto)
            return failed(upto.error());
        content.insert(key, upto->toLongLong());
    }
    // What the CA owes, read once per run under the first scope's lock: the publication settles it only
    // where its CRLs list the serial.
    if (!owed.read) {
        auto upto = m_reg.db().scalar(QStringLiteral("SELECT max(id) FROM crl_owed WHERE ca_id = ?"), {ca->id});
        if (!upto)
            return failed(upto.error());
        owed.upto = upto->isNull() ? QVariant() : *upto;
        if (!owed.upto.isNull()) {
            auto open = m_reg.db().exec(QStringLiteral("SELECT id, serial FROM crl_owed WHERE ca_id = ? AND "
                                                       "settled_at IS NULL AND id <= ? ORDER BY id DESC"),
                                        {ca->id, owed.upto});
            if (!open)
                return failed(open.error());
            while (open->next()) // lowest id last: it stays
                owed.open.insert(QByteArray::fromHex(open->value(1).toString().toLatin1()),
                                 open->value(0).toLongLong());
        }
        // A delta settles what its base lists too (a relying party reads both): the revocations up to the
        // base's recorded id. A base that recorded none proves nothing.
        if (!owed.open.isEmpty() && delta && base->revocationsUpto) {
            auto inBase = m_reg.db().exec(
                QStringLiteral("SELECT o.serial FROM crl_owed o JOIN revocations r ON r.ca_id = o.ca_id AND r.serial = "
                               "o.serial WHERE o.ca_id = ? AND o.settled_at IS NULL AND r.id <= ?"),
                {ca->id, *base->revocationsUpto});
            if (!inBase)
                return failed(inBase.error());
            while (inBase->next())
                owed.listed.insert(QByteArray::fromHex(inBase->value(0).toString().toLatin1()));
        }
        owed.read = true;
    }
    // The event log's head once the number is reserved (read in afterEntries below; at least this CRL's
    // crl.reserved event): every published CRL attests the chain up to it, so a later rewrite of that part
    // of the log is found by `audit verify --crl` even before a daily anchor signs it.
    // Written when the CA has an OID for it (setting crl_event_log_oid).
    spec.auditHeadOid = ca->settings.value(QStringLiteral("crl_event_log_oid")).toString().trimmed();
    // A root CA's full CRL has its own, longer period (root_crl_period_hours).
    const QString periodKey = delta                             ? QStringLiteral("delta_period_hours")
                              : ca->kind == forms::CaKind::Root ? QStringLiteral("root_crl_period_hours")
                                                                : QStringLiteral("crl_period_hours");
    const int hours = ca->settings.value(periodKey).toInt(delta ? 8 : 27);
    spec.nextUpdate = spec.thisUpdate.addSecs(qint64(qMax(1, hours)) * 3600);
    // Never a next CRL promised after the CA certificate's end, which nobody could validate (attack of session 29,
    // F8: a CRL period of 30 days under a CA certificate ending in 10).
    if (auto own = pki::Certificate::parse(ca->certificateDer); own && own->notAfter() > spec.thisUpdate)
        spec.nextUpdate = std::min(spec.nextUpdate, own->notAfter());
    QString where = QStringLiteral("ca_id = ?");
    QVariantList binds{ca->id};
    // A delta's releases (below): above the base's releases, or (a base that recorded none) by time.
    QString releasedSince = QStringLiteral("h.released_at >= ?");
    QVariantList releaseBinds{ca->id};
    if (delta) {
        spec.deltaBase = base->number;
        // Every revocation the base does not hold: above its id. A base published by an earlier version
        // recorded no id; then by time as that version did (">=": an entry already in the base is harmless
        // in the delta, a missing one is not).
        if (base->revocationsUpto) {
            where += QStringLiteral(" AND id > ?");
            binds << *base->revocationsUpto;
        } else {
            where += QStringLiteral(" AND recorded_at >= ?");
            binds << base->thisUpdate;
        }
        if (base->releasesUpto) {
            releasedSince = QStringLiteral("h.id > ?");
            releaseBinds << *base->releasesUpto;
        } else {
            releaseBinds << base->thisUpdate;
        }
    } else if (!partitioned) {
        spec.freshestCrlUrl = ca->settings.value(QStringLiteral("freshest_url")).toString();
    } else if (scope.label.isEmpty()) {
        // The CA's own CRL among partitions: the certificates in none of them (issued before).
        where += QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM crl_partition_members m WHERE m.ca_id = "
                                "revocations.ca_id AND m.serial = revocations.serial)");
    } else {
        // A partition: driven by its members (crl_partition_members_label), each found in revocations
        // by revocations_serial; listed in serial order, which that index gives without a sort.
        where = QStringLiteral("m.ca_id = ? AND m.label = ?");
        binds << scope.label;
    }
    spec.issuingDistributionPointUrl = delta ? QString() : scope.url;
    // SQLite would walk revocations_ca (ca_id, revoked_at), fetch every row from the table in that
    // order and sort by id in a temporary B-tree: over a million rows that is an order of magnitude
    // slower than one sequential pass over the table in id order, which NOT INDEXED asks for. The
    // full CRL's count stays on the covering index; the delta's is a range of the table's key (below).
    sqlite3* sqlite = m_reg.db().sqlite();
    // A delta reads only what was recorded since its base: the ids above the base's (the table's own key).
    // A partition reads its members through revocations_serial.
    const bool member = !delta && !scope.label.isEmpty();
    const QString table =
        member             ? (sqlite ? QStringLiteral("crl_partition_members m CROSS JOIN revocations r ON r.ca_id = "
                                                                  "m.ca_id AND r.serial = m.serial")
                                     : QStringLiteral("crl_partition_members m JOIN revocations r ON r.ca_id = "
                                                                  "m.ca_id AND r.serial = m.serial"))
        : sqlite && !delta ? QStringLiteral("revocations NOT INDEXED")
                           : QStringLiteral("revocations");
    // A delta above its base's id: a range of the table's key, not a walk of the CA's index (SQLite would
    // take the equality on ca_id; the unary plus keeps it off that index).
    if (sqlite && delta && base->revocationsUpto)
        where.replace(0, 5, QStringLiteral("+ca_id"));
    auto expected =
        m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM ") +
                              (delta || member ? table : QStringLiteral("revocations")) + u" WHERE " + where,
                          binds);
    if (!expected)
        return failed(expected.error());
    spec.expectedEntries = expected->toLongLong();
    const QString select = member ? QStringLiteral("SELECT r.serial, r.revoked_at, r.reason_code, r.id FROM ") + table +
                                        u" WHERE " + where + QStringLiteral(" ORDER BY m.serial")
                                  : QStringLiteral("SELECT serial, revoked_at, reason_code, id FROM ") + table +
                                        u" WHERE " + where + QStringLiteral(" ORDER BY id");
    // The invalidity dates given at revocation (few): looked up by revocation id while the rows stream.
    QHash<qint64, qint64> invalidity;
    auto dates =
        m_reg.db().exec(QStringLiteral("SELECT i.revocation_id, i.invalidity_date FROM revocation_invalidity i "
                                       "JOIN revocations r ON r.id = i.revocation_id AND r.serial = i.serial "
                                       "WHERE r.ca_id = ?"),
                        {ca->id});
    if (!dates)
        return failed(dates.error());
    while (dates->next())
        invalidity.insert(dates->value(0).toLongLong(), fromDbTime(dates->value(1).toString()).toSecsSinceEpoch());
    // A delta also lists the certificates released from hold since its base: removeFromCRL (8), the
    // hold's date as the entry's date — unless the certificate is revoked (or held) again meanwhile; once per
    // certificate, its newest release (attack of session 32, B11: held and released twice, it was listed twice).
    struct Released {
        QByteArray serial;
        qint64 heldAt = 0;
    };
    QList<Released> released;
    if (delta) {
        auto rows = m_reg.db().exec(QStringLiteral("SELECT h.serial, h.held_at FROM hold_releases h WHERE h.ca_id = ? "
                                                   "AND ") +
                                        releasedSince +
                                        QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM revocations r WHERE "
                                                       "r.certificate_id = h.certificate_id) AND h.id = (SELECT "
                                                       "max(h2.id) FROM hold_releases h2 WHERE h2.certificate_id = "
                                                       "h.certificate_id) ORDER BY h.id"),
                                    releaseBinds);
        if (!rows)
            return failed(rows.error());
        while (rows->next())
            released.append({QByteArray::fromHex(rows->value(0).toString().toLatin1()),
                             fromDbTime(rows->value(1).toString()).toSecsSinceEpoch()});
        spec.expectedEntries += released.size();
    }
    qsizetype nextReleased = 0;
    bool revocationsDone = false;
    std::optional<QSqlQuery> cursor; // PostgreSQL
    QByteArray serialBytes;          // must outlive each entry until the next call
    CrlRevokedRows fast;
    if (sqlite) {
        if (Status s = fast.prepare(sqlite, select, binds); !s)
            return failed(s.error());
        fast.setInvalidityDates(&invalidity);
    } else {
        auto rows = m_reg.db().exec(select, binds);
        if (!rows)
            return failed(rows.error());
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
    // An entry dated after this CRL's thisUpdate (a revocation recorded by a clock that was ahead, attack of
    // session 25, F16) would tell relying parties the key was good until then: it is dated thisUpdate, and
    // the publication says so.
    const qint64 thisUpdateSecs = spec.thisUpdate.toSecsSinceEpoch();
    qint64 datedAfter = 0;
    QString firstDatedAfter;
    qint64 firstDatedAfterAt = 0;
    const auto notAfterThisUpdate = [&](pki::RevokedEntry& entry) {
        if (entry.invalidityDate > thisUpdateSecs)
            entry.invalidityDate = thisUpdateSecs;
        if (entry.revokedAt <= thisUpdateSecs)
            return;
        if (datedAfter++ == 0) {
            firstDatedAfter = QString::fromLatin1(entry.serial.toByteArray().toHex().toUpper());
            firstDatedAfterAt = entry.revokedAt;
        }
        entry.revokedAt = thisUpdateSecs;
    };
    // Cancel and progress while the entries stream (a national CA's CRL holds millions).
    qint64 streamed = 0;
    bool stopped = false;
    const qint64 total = spec.expectedEntries;
    const pki::RevokedSource source = [&](pki::RevokedEntry& entry) {
        if ((++streamed & 0x3fff) == 0 && m_control) {
            if (cancelRequested()) {
                stopped = true;
                return false;
            }
            report(streamed, total,
                   tr("Reading and signing the revoked certificates: %1 of %2…").arg(streamed).arg(total));
        }
        if (!revocationsDone) {
            if (nextRevocation(entry)) {
                notAfterThisUpdate(entry);
                if (!owed.open.isEmpty()) { // an owed revocation this CRL really lists
                    const QByteArray serial = entry.serial.toByteArray();
                    if (owed.open.contains(serial))
                        owed.listed.insert(serial);
                }
                return true;
            }
            revocationsDone = true;
        }
        if (nextReleased >= released.size())
            return false;
        const Released& r = released.at(nextReleased++);
        entry.serial = QByteArrayView(r.serial);
        entry.revokedAt = r.heldAt;
        entry.reason = Revocations::kRemoveFromCrl;
        entry.invalidityDate = 0;
        notAfterThisUpdate(entry);
        return true;
    };
    // Once every entry is encoded (under the write lock), what stood then is settled and the number
    // reserved, in this transaction, whose commit awaits the register's check.
    spec.afterEntries = [&](pki::CrlLateFields& late) -> Status {
        if (stopped || !fast.status())
            return makeError(ErrorCode::Failure, tr("Publishing was stopped."));
        auto r = reserve(by, *ca, outDir, basename, spec.deltaBase, newFolder, content);
        if (!r)
            return r.error();
        auto head = m_reg.audit().head();
        if (!head)
            return head.error();
        if (!late.auditHeadOid.isEmpty() && *head) {
            late.auditHeadSeq = (*head)->seq;
            late.auditHeadHash = QByteArray::fromHex((*head)->hash.toLatin1());
        }
        if (CommitStatus c = tx.commit(); !c)
            return c;
        reserved = *r;
        late.number = r->number;
        faultPoint("crl-after-reserve");
        if (!scope.label.isEmpty()) // the first partition of a partitioned CA (its own CRL is published already)
            faultPoint("crl-partition-after-reserve");
        return {};
    };
    const pki::CrlWriter writer(signing.issuer, signing.key);
    auto written = writer.stage(spec, source, outDir, basename);
    if (stopped) // before the number was reserved: the source stops only while the entries are read
        return failed(makeError(ErrorCode::Failure,
                                tr("Publishing was cancelled while %1 was being encoded: nothing of it is published.")
                                    .arg(!scope.label.isEmpty() ? tr("the CRL of partition %1").arg(scope.label)
                                         : delta                ? tr("the delta CRL of %1").arg(ca->code)
                                                                : tr("the CRL of %1").arg(ca->code))));
    if (!fast.status())
        return failed(fast.status().error());
    if (!written)
        return failed(written.error());
    faultPoint("crl-after-temp-write");

    // (2) The content is recorded before any file is renamed: a crash after a rename is finished by the
    // next run only with files of exactly this content.
    Transaction record(m_reg.db());
    if (!record.ok())
        return failed(record.status().error());
    const auto failedRecording = [&](const Error& why) { return abandonAfter(by, *ca, *reserved, why, &record); };
    const QString sha256 = QString::fromLatin1(written->out.sha256.toHex());
    auto up = m_reg.db().exec(
        QStringLiteral("UPDATE crl_pending SET state = 'written', this_update = ?, next_update = ?, entries = ?, "
                       "size_bytes = ?, der_sha256 = ?, pem_sha256 = ?, owed_upto = ? WHERE id = ? AND state = "
                       "'reserved'"),
        {toDbTime(spec.thisUpdate), toDbTime(spec.nextUpdate), written->out.entries, written->out.size, sha256,
         QString::fromLatin1(written->pemSha256.toHex()), settlesOwed ? owed.settles() : QVariant(), reserved->id});
    if (!up)
        return failedRecording(up.error());
    QJsonObject writtenDetails{{QStringLiteral("ca"), ca->code},
                               {QStringLiteral("crl_number"), qint64(reserved->number)},
                               {QStringLiteral("sha256"), sha256},
                               {QStringLiteral("entries"), written->out.entries}};
    if (datedAfter > 0)
        writtenDetails.insert(QStringLiteral("dated_after_this_update"), datedAfter);
    auto recorded = m_reg.audit().append(by.login, ca->code, QStringLiteral("crl.written"), writtenDetails,
                                         {RowRef::row(QStringLiteral("crl_pending"), reserved->id)});
    if (!recorded)
        return failedRecording(recorded.error());
    if (Status s = record.commit(); !s)
        return failedRecording(s.error());
    faultPoint("crl-after-record");

    // (3) DER, then PEM, each renamed over the old one (the folder is fsync'ed after each).
    if (Status s = pki::CrlWriter::install(written->derTemp, written->out.derPath); !s)
        return s.error(); // written: the next run finishes or abandons it
    faultPoint("crl-after-der-rename");
    if (!scope.label.isEmpty())
        faultPoint("crl-partition-after-der-rename");
    if (Status s = pki::CrlWriter::install(written->pemTemp, written->out.pemPath); !s)
        return s.error();
    faultPoint("crl-after-pem-rename");

    // (4) Published.
    auto row = pendingRow(reserved->id);
    if (!row)
        return row.error();
    if (Status s = markPublished(by, *ca, *row, false); !s)
        return s.error();
    CrlPublication out{reserved->number,
                       spec.deltaBase,
                       spec.thisUpdate,
                       spec.nextUpdate,
                       written->out.entries,
                       written->out.size,
                       sha256,
                       written->out.derPath,
                       written->out.pemPath,
                       scope.label,
                       scope.url,
                       {},
                       {}};
    if (datedAfter > 0)
        out.warning = tr("%1 revocation(s) in CRL %2 are dated after its time %3 (the first: %4, dated %5): they "
                         "were recorded by a computer whose clock was ahead, or this computer's clock is behind. The "
                         "CRL dates them %3. Check the clocks of the computers that use the register.")
                          .arg(datedAfter)
                          .arg(reserved->number)
                          .arg(displayDateTime(spec.thisUpdate, true), firstDatedAfter,
                               displayDateTime(QDateTime::fromSecsSinceEpoch(firstDatedAfterAt, Qt::UTC), true));
    return out;
}

Result<CrlPublication> CrlPublisher::publishAfterCompromise(const Session& by, const CaRecord& ca,
                                                            const pki::SecretSource& caKeySecret, bool fullCrl) {
    // A delta CRL reaches only relying parties that certificates send to it (freshestCRL): a CA without a delta
    // URL (a root, typically) publishes its full CRL at once (attack of session 32, B27: a sub-CA's key compromise
    // went into a root delta nothing pointed to, and the root's CRL left it out for a month).
    if (fullCrl || ca.settings.value(QStringLiteral("freshest_url")).toString().trimmed().isEmpty())
        return publish(by, ca.code, publishDir(ca), false, caKeySecret);
    // A partitioned CA publishes no delta: all its CRLs at once (each partition is small).
    auto scopes = CrlPartitions::scopes(m_reg.db(), ca);
    if (!scopes)
        return scopes.error();
    if (scopes->size() > 1)
        return publish(by, ca.code, publishDir(ca), false, caKeySecret);
    // A delta needs a full CRL as its base; the first publication is a full one.
    auto full =
        m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM crls WHERE ca_id = ? AND delta_base IS NULL"), {ca.id});
    if (!full)
        return full.error();
    return publish(by, ca.code, publishDir(ca), full->toInt() > 0, caKeySecret);
}

QString CrlPublisher::publishDir(const CaRecord& ca) {
    return publishDir(ca.settings);
}

QString CrlPublisher::publishDir(const QJsonObject& settings) {
    return settings.value(QStringLiteral("publish_dir")).toString().trimmed();
}

} // namespace tirkeu::registry
