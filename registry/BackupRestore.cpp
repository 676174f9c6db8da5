#include "registry/Backup.h"

#include "forms/Validation.h"
#include "registry/AuditLog.h"
#include "registry/BackupSteps.h"
#include "registry/Clock.h"
#include "registry/CrlNumbers.h"
#include "registry/FaultInjection.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "registry/Schema.h"
#include "registry/StagingFolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace tirkeu::registry {

using namespace backup;

namespace {

// Where `db restore --replace` keeps the SQLite register at `path` that it replaces: beside it, as
// <name>.replaced-<UTC time>, a name nothing has yet (a second restore in the same second gets -2, -3, …).
Result<QString> keptName(const QString& path) {
    const QString base = path + QStringLiteral(".replaced-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss'Z'"));
    for (int n = 1; n < 100; ++n) {
        const QString name = n == 1 ? base : base + QStringLiteral("-%1").arg(n);
        if (!QFileInfo(name).exists() && !QFileInfo(name).isSymLink())
            return name;
    }
    return makeError(ErrorCode::Conflict, Backup::tr("Cannot find a free name to keep the replaced register %1 "
                                                     "under; nothing was changed.")
                                              .arg(path));
}

// The register at `path` copied whole into the new file `keptAs` (made here, never over a file or through a
// symbolic link), with the register's mode less anything for other users: it holds every holder's personal
// data. Nothing is kept, and an error returned, when any step fails.
Status keepReplaced(const QString& path, const QString& keptAs) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return makeError(ErrorCode::Io, Backup::tr("Cannot read the mode of the register %1: %2")
                                            .arg(path, QString::fromLocal8Bit(strerror(errno))));
    const QByteArray name = QFile::encodeName(keptAs);
    const int fd = ::open(name.constData(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::Io, Backup::tr("Cannot keep the replaced register as %1: %2; nothing was changed.")
                                            .arg(keptAs, QString::fromLocal8Bit(strerror(errno))));
    const bool moded = ::fchmod(fd, st.st_mode & 0660) == 0;
    const int chmodError = moded ? 0 : errno;
    ::close(fd);
    const auto failed = [&](const QString& why) {
        ::unlink(name.constData());
        return makeError(
            ErrorCode::Io,
            Backup::tr("Cannot keep the replaced register as %1: %2; nothing was changed.").arg(keptAs, why));
    };
    if (!moded)
        return failed(QString::fromLocal8Bit(strerror(chmodError)));
    // SQLite's own copy of the register as one transaction sees it (its write-ahead log included).
    auto db = Database::open(path);
    if (!db)
        return failed(db.message());
    if (auto q = (*db)->exec(QStringLiteral("VACUUM INTO ?"), {keptAs}); !q)
        return failed(q.message());
    return {};
}

// The bytes of `from` written into the existing file `to`.
Status copyInto(const QString& from, const QString& to) {
    QFile in(from);
    QFile out(to);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1.").arg(from));
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot create %1.").arg(to));
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty())
            return makeError(ErrorCode::Io, Backup::tr("Cannot read %1.").arg(from));
        if (out.write(chunk) != chunk.size())
            return makeError(ErrorCode::Io, Backup::tr("Cannot create %1.").arg(to));
    }
    return out.flush() ? Status() : makeError(ErrorCode::Io, Backup::tr("Cannot create %1.").arg(to));
}

Result<QByteArray> fileMagic(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Backup::tr("Cannot read %1: %2").arg(file, f.errorString()));
    return f.read(16);
}

// The highest CRL number of each CA (by code) of the register being replaced: published CRLs and the floors
// kept over restores (the more it claims, the more a restore must explain: an unbound row only refuses more).
Result<QMap<QString, qint64>> highestCrlNumbers(Database& db) {
    auto q = db.exec(QStringLiteral(
        "SELECT c.code, greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = c.id), 0), "
        "coalesce((SELECT highest_published FROM crl_number_floors WHERE ca_id = c.id), 0)) FROM cas c"));
    if (!q)
        return q.error();
    QMap<QString, qint64> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    return out;
}

// The highest CRL number of each CA (by code) that a backup's event log proves it knew (attack of session 26,
// F9): its CRL records and reserved numbers (rows bound to its audit chain, verified before this is read) and
// the numbers its own earlier restores recorded as taken back (register.restored events of its chain). Its
// crl_number_floors rows are bound to nothing — one row added to an old backup hid a rollback — and count
// for nothing here.
Result<QMap<QString, qint64>> provenCrlNumbers(Database& db) {
    auto q = db.exec(
        QStringLiteral("SELECT c.code, greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = c.id), 0), "
                       "coalesce((SELECT max(crl_number) FROM crl_pending WHERE ca_id = c.id), 0)) FROM cas c"));
    if (!q)
        return q.error();
    QMap<QString, qint64> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    auto restored = CrlNumbers::restoredNumbers(db);
    if (!restored)
        return restored.error();
    for (auto it = restored->cbegin(); it != restored->cend(); ++it)
        if (out.contains(it.key()))
            out[it.key()] = std::max(out.value(it.key()), it.value());
    return out;
}

// What the register being replaced says about certificates that the backup does not say (attack of session 28,
// F4): its revocations the backup lacks or has with another reason or time — signed OCSP answers may already
// have published them, seconds after they were made and long before any CRL — and its certificates the backup
// does not have at all (issued after it: OCSP answered "good" for them and would answer "unknown"). Plain SQL on
// both engines. The backup's revocation and certificate rows are bound to its chain (verified before this
// runs): a row added to an old backup to hide a difference fails that check. The backup's certificates are held
// as 64-bit hashes of (CA, serial) only, so that a register of millions costs some megabytes.
struct TakenBack {
    QList<TakenBackCertificate> revocations;
    QList<TakenBackCertificate> certificates;
};

QString certificateKey(const QString& ca, const QString& serial) {
    return ca + QChar(0x1f) + serial.toUpper();
}

Result<TakenBack> takenBack(Database& replaced, Database& backup) {
    static const QString revocationsSql =
        QStringLiteral("SELECT c.code, r.serial, r.reason_code, r.revoked_at FROM revocations r JOIN cas c ON c.id = "
                       "r.ca_id ORDER BY r.id");
    QHash<QString, QPair<int, QString>> kept;
    {
        auto q = backup.exec(revocationsSql);
        if (!q)
            return q.error();
        while (q->next())
            kept.insert(certificateKey(q->value(0).toString(), q->value(1).toString()),
                        {q->value(2).toInt(), q->value(3).toString()});
    }
    TakenBack out;
    {
        auto q = replaced.exec(revocationsSql);
        if (!q)
            return q.error();
        while (q->next()) {
            TakenBackCertificate c{q->value(0).toString(), q->value(1).toString(), q->value(2).toInt(),
                                   q->value(3).toString()};
            const auto it = kept.constFind(certificateKey(c.ca, c.serial));
            if (it == kept.cend() || it->first != c.reasonCode || it->second != c.revokedAt)
                out.revocations.append(c);
        }
    }
    std::vector<size_t> known;
    {
        auto q =
            backup.exec(QStringLiteral("SELECT c.code, x.serial FROM certificates x JOIN cas c ON c.id = x.ca_id"));
        if (!q)
            return q.error();
        while (q->next())
            known.push_back(qHash(certificateKey(q->value(0).toString(), q->value(1).toString()), size_t(0)));
    }
    std::sort(known.begin(), known.end());
    {
        auto q = replaced.exec(QStringLiteral(
            "SELECT c.code, x.serial, r.reason_code, r.revoked_at FROM certificates x JOIN cas c ON c.id = x.ca_id "
            "LEFT JOIN revocations r ON r.certificate_id = x.id ORDER BY x.id"));
        if (!q)
            return q.error();
        while (q->next()) {
            TakenBackCertificate c{q->value(0).toString(), q->value(1).toString(),
                                   q->value(2).isNull() ? -1 : q->value(2).toInt(), q->value(3).toString()};
            if (!std::binary_search(known.cbegin(), known.cend(), qHash(certificateKey(c.ca, c.serial), size_t(0))))
                out.certificates.append(c);
        }
    }
    return out;
}

// The first few of `list` for a message: "CA serial, CA serial, …".
QString firstOf(const QList<TakenBackCertificate>& list) {
    constexpr int kShown = 5;
    QStringList shown;
    for (int i = 0; i < list.size() && i < kShown; ++i)
        shown << QStringLiteral("%1 %2").arg(list.at(i).ca, list.at(i).serial);
    if (list.size() > kShown)
        shown << QStringLiteral("…");
    return shown.join(QStringLiteral(", "));
}

QJsonArray takenBackJson(const QList<TakenBackCertificate>& list) {
    QJsonArray out;
    for (const TakenBackCertificate& c : list) {
        QJsonObject o{{QStringLiteral("ca"), c.ca}, {QStringLiteral("serial"), c.serial}};
        if (c.reasonCode >= 0) {
            o.insert(QStringLiteral("reason_code"), c.reasonCode);
            o.insert(QStringLiteral("revoked_at"), c.revokedAt);
        }
        out.append(o);
    }
    return out;
}

struct ChainState {
    qint64 headSeq = 0;
    QString headHash;
    QString lastAnchorDay;    // the newest audit anchor…
    qint64 lastAnchorSeq = 0; // …and the event it anchors
    QString lastAnchorHash;
    QString registerId;
};

Result<ChainState> chainState(Database& db) {
    ChainState st;
    auto head = db.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"));
    if (!head)
        return head.error();
    if (head->next()) {
        st.headSeq = head->value(0).toLongLong();
        st.headHash = head->value(1).toString();
    }
    auto anchor =
        db.exec(QStringLiteral("SELECT day, last_seq, head_hash FROM audit_anchors ORDER BY day DESC LIMIT 1"));
    if (!anchor)
        return anchor.error();
    if (anchor->next()) {
        st.lastAnchorDay = anchor->value(0).toString();
        st.lastAnchorSeq = anchor->value(1).toLongLong();
        st.lastAnchorHash = anchor->value(2).toString();
    }
    auto id = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"));
    if (!id)
        return id.error();
    st.registerId = id->toString();
    return st;
}

// Raises the CRL number floor of every CA of `db` to at least `highest` (CA code -> number).
Status keepCrlFloors(Database& db, const QMap<QString, qint64>& highest, const QDateTime& now) {
    for (auto it = highest.cbegin(); it != highest.cend(); ++it) {
        auto ca = db.scalar(QStringLiteral("SELECT id FROM cas WHERE code = ?"), {it.key()});
        if (!ca)
            return ca.error();
        if (!ca->isValid())
            continue; // a CA the backup does not know; the publish folder's number still guards it
        auto up = db.exec(QStringLiteral("UPDATE crl_number_floors SET highest_published = ?, recorded_at = ? "
                                         "WHERE ca_id = ? AND highest_published < ?"),
                          {it.value(), toDbTime(now), ca->toLongLong(), it.value()});
        if (!up)
            return up.error();
        auto ins = db.exec(QStringLiteral("INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) "
                                          "SELECT ?, ?, ? WHERE NOT EXISTS "
                                          "(SELECT 1 FROM crl_number_floors WHERE ca_id = ?)"),
                           {ca->toLongLong(), it.value(), toDbTime(now), ca->toLongLong()});
        if (!ins)
            return ins.error();
    }
    return {};
}

// True when the event `seq` with `hash` is in `db`'s audit chain (verified before this is read).
Result<bool> chainHolds(Database& db, qint64 seq, const QString& hash) {
    auto n = db.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE seq = ? AND hash = ?"), {seq, hash});
    if (!n)
        return n.error();
    return n->toLongLong() > 0;
}

// The events of `replaced` after the backup's newest event (`backupHeadSeq`, `backupHeadHash`) when that event is in
// its chain (the backup is an earlier state of it), by type — but those that record no decision (a backup taken, a
// failed sign-in, the register's own binding, the notice queue). What a restore of the backup over `replaced` takes
// back (attack of session 33, C2).
Result<QMap<QString, qint64>> decisionsAfter(Database& replaced, qint64 backupHeadSeq, const QString& backupHeadHash) {
    QMap<QString, qint64> out;
    if (backupHeadSeq <= 0)
        return out;
    auto inChain = chainHolds(replaced, backupHeadSeq, backupHeadHash);
    if (!inChain)
        return inChain.error();
    if (!*inChain)
        return out; // another history: the other checks decide
    auto q = replaced.exec(
        QStringLiteral("SELECT event_type, count(*) FROM audit_events WHERE seq > ? AND event_type NOT IN "
                       "('register.backed_up', 'register.backup_started', 'operator.signin_failed', "
                       "'audit.rows_bound') AND event_type NOT LIKE 'notification.%' GROUP BY event_type "
                       "ORDER BY event_type"),
        {backupHeadSeq});
    if (!q)
        return q.error();
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    return out;
}

// The newest audit anchor of a backup that its own chain proves (its anchored event is in the chain).
Result<QString> provenAnchorDay(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT a.day FROM audit_anchors a JOIN audit_events e ON e.seq = a.last_seq "
                                    "AND e.hash = a.head_hash ORDER BY a.day DESC LIMIT 1"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toString() : QString();
}

Error notSignedIn() {
    return makeError(ErrorCode::Forbidden, Backup::tr("Only an administrator may restore a register: add --as LOGIN "
                                                      "and --password-file FILE (or set TIRKEU_PASSWORD)."));
}

// Signs in on `reg` and checks the right to manage the register.
Result<Session> administrator(Register& reg, const QString& login, const QString& password) {
    if (login.isEmpty())
        return notSignedIn();
    auto session = reg.operators().signIn(login, password);
    if (!session)
        return session.error();
    if (Status s = Roles::require(*session, Permission::ManageRegister); !s)
        return s.error();
    return session;
}

// A restore stopped before the register was written: nothing changed.
Status restoreStep(const RunControl* control, int step, const QString& text) {
    if (RunControl::isCancelled(control))
        return makeError(ErrorCode::Failure,
                         Backup::tr("The restore was cancelled before the register was written: nothing changed."));
    RunControl::report(control, step, 5, text);
    return {};
}
} // namespace

Result<CopyReport> Backup::restore(const QString& fromFile, const QString& location, const RestoreOptions& options) {
    // What restores killed before their end left (attack of session 29, F9), first: a refused restore removes it too.
    StagingFolder::removeStale();
    if (options.acceptRollback && options.reason.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Give the reason for accepting the rollback with --reason TEXT; it is "
                                              "recorded in the event log."));
    if (!options.acceptRollback && !options.reason.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("--reason goes with --accept-rollback."));
    if (const QString why = forms::Validator::forbiddenCharacterIn(options.reason, tr("Reason"), true); !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    auto magic = fileMagic(fromFile);
    if (!magic)
        return magic.error();
    const bool sqliteFile = magic->startsWith(QByteArrayLiteral("SQLite format 3"));
    const bool pgDump = magic->startsWith(QByteArrayLiteral("PGDMP"));
    if (!sqliteFile && !pgDump)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is neither a Tirkeu SQLite backup nor a pg_dump file of a register.").arg(fromFile));
    auto backupSha = fileSha256(fromFile);
    if (!backupSha)
        return backupSha.error();
    const QString fromPath = QFileInfo(fromFile).absoluteFilePath();

    if (pgDump) {
        if (!Database::isPostgresUrl(location))
            return makeError(ErrorCode::Usage, tr("A pg_dump file is restored only into a PostgreSQL register."));
        if (options.login.isEmpty())
            return notSignedIn();
        auto target = Database::open(location);
        if (!target)
            return target.error();
        auto noRegister = holdsNoRegister(**target);
        if (!noRegister)
            return noRegister.error();
        if (!*noRegister)
            return makeError(ErrorCode::Conflict, tr("The database %1 is not empty; restore a pg_dump file into a "
                                                     "new database (createdb).")
                                                      .arg((*target)->location()));
    }

    // A SQLite backup: checked, and completed with the restore's own event, on a private copy first
    // (opening a file may write to it); the finished copy then replaces the register in one step.
    if (Status s = restoreStep(options.control, 0, tr("Reading the backup…")); !s)
        return s.error();
    // The private copy is made in a folder a later restore recognises, and removes if this one is killed
    // (registry/StagingFolder.h); the copy is its owner's alone before a byte of the backup is in it.
    StagingFolder scratch;
    if (!scratch.isValid())
        return makeError(ErrorCode::Io, tr("Cannot create a temporary folder."));
    const QString copy = scratch.filePath(QStringLiteral("source.sqlite"));
    if (Status s = createPrivateFile(copy); !s)
        return s.error();
    if (pgDump) {
        // A pg_dump file is never given to a database (attack of session 26, F8: its own trigger ran as the schema
        // owner): its rows alone are read into a private SQLite register built from Tirkeu's migrations, which
        // then goes the way of a SQLite backup — the backup's administrator signs in there, the chain is checked
        // and the restore's event written there — and is copied into a schema Tirkeu creates, as db migrate.
        if (Status s = rowsOfPgDump(fromFile, copy, fromFile); !s)
            return s.error();
    } else if (Status s = copyInto(fromFile, copy); !s) {
        return s.error();
    }
    // Test-only (registry/FaultInjection.h): killed with the backup's private copy made.
    faultPoint("restore-after-staging-copy");
    CopyReport report;
    {
        // Before anything opens the copy as a register (and writes to it): its schema must be Tirkeu's own, or
        // its triggers would run on the restore's writes and its missing guards stay missing (F3, F4).
        auto raw = Database::open(copy);
        if (!raw)
            return makeError(raw.error().code, tr("The backup %1 cannot be opened: %2").arg(fromFile, raw.message()));
        if (Status s = Schema::checkCompatible(**raw); !s)
            return makeError(s.code(), tr("The backup %1 cannot be opened: %2").arg(fromFile, s.message()));
        if (Status s = checkSchemaIsTirkeus(**raw, scratch.path(), fromFile); !s)
            return s.error();
    }
    auto source = Register::open(copy, Register::OpenMode::Existing, options.clock);
    if (!source)
        return makeError(source.error().code, tr("The backup %1 cannot be opened: %2").arg(fromFile, source.message()));
    if (Status s = restoreStep(options.control, 1, tr("Checking every table of the backup…")); !s)
        return s.error();
    {
        auto expected = rowCountsOfEveryTable((*source)->db());
        if (!expected)
            return expected.error();
        CopyReport sourceCheck;
        if (Status s = verifyCopy((*source)->db(), (*source)->clock(), *expected, &sourceCheck); !s)
            return makeError(s.code(), tr("The backup %1 is damaged: %2").arg(fromFile, s.message()));
    }
    auto sourceState = chainState((*source)->db());
    if (!sourceState)
        return sourceState.error();
    auto sourceCrls = provenCrlNumbers((*source)->db());
    if (!sourceCrls)
        return sourceCrls.error();

    // What the register being replaced has that the backup does not: published CRL numbers, anchors.
    const bool toPostgres = Database::isPostgresUrl(location);
    const QString path = Database::sqlitePath(location);
    bool replacing = false;
    QString unreadable;
    QMap<QString, qint64> lost;
    QString lostAnchors;
    TakenBack taken;
    QMap<QString, qint64> decisionsTakenBack; // event type -> how many
    ChainState replaced;
    std::optional<Session> by;
    if (!toPostgres && QFileInfo(path).exists() && QFileInfo(path).size() > 0) {
        auto existing = Register::open(path, Register::OpenMode::Existing, options.clock);
        if (!existing) {
            unreadable = existing.message();
        } else if (!(*existing)->db().damage().isEmpty()) {
            unreadable = (*existing)->db().damage();
        } else if (const QString moved = (*existing)->db().movedTo(); !moved.isEmpty()) {
            // A register db migrate retired stays retired: written over, it would live on beside the register in
            // use under the same identity (attack of session 28, F6).
            return makeError(ErrorCode::Conflict, tr("The register %1 was moved to %2 (db migrate) and is read only; "
                                                     "nothing was changed. Restore into the register in use at %2, "
                                                     "or into a new file.")
                                                      .arg(path, moved));
        } else {
            auto empty = isEmptyRegister((*existing)->db());
            if (!empty)
                return empty.error();
            if (!*empty && !options.replace)
                return makeError(ErrorCode::Conflict,
                                 tr("The register %1 is not empty; restore into a new file, or pass --replace to "
                                    "overwrite it.")
                                     .arg(path));
            replacing = !*empty;
            if (replacing) {
                // The administrator of the register that is replaced decides.
                auto admin = administrator(**existing, options.login, options.password);
                if (!admin)
                    return admin.error();
                by = *admin;
                auto targetCrls = highestCrlNumbers((*existing)->db());
                if (!targetCrls)
                    return targetCrls.error();
                for (auto it = targetCrls->cbegin(); it != targetCrls->cend(); ++it)
                    if (it.value() > sourceCrls->value(it.key(), 0))
                        lost.insert(it.key(), it.value());
                auto state = chainState((*existing)->db());
                if (!state)
                    return state.error();
                replaced = *state;
                // The replaced register's newest anchor must be in the backup's chain: the backup's own anchor
                // rows are bound to nothing and prove nothing (F9).
                if (!replaced.lastAnchorDay.isEmpty()) {
                    auto held = chainHolds((*source)->db(), replaced.lastAnchorSeq, replaced.lastAnchorHash);
                    if (!held)
                        return held.error();
                    if (!*held)
                        lostAnchors = replaced.lastAnchorDay;
                }
                // Revocations OCSP may have served, and certificates issued, that the backup does not have (F4).
                auto diff = takenBack((*existing)->db(), (*source)->db());
                if (!diff)
                    return diff.error();
                taken = *diff;
                // The decisions recorded after the backup (attack of session 33, C2: a dismissed officer's disabling,
                // a CA's settings, a holder's application whose number went to another): taken back only when asked.
                auto decisions = decisionsAfter((*existing)->db(), sourceState->headSeq, sourceState->headHash);
                if (!decisions)
                    return decisions.error();
                decisionsTakenBack = *decisions;
            }
        }
    }
    if (!by) {
        auto admin = administrator(**source, options.login, options.password);
        if (!admin)
            return admin.error();
        by = *admin;
    }
    if (!unreadable.isEmpty() && !options.acceptRollback)
        return makeError(ErrorCode::Conflict,
                         tr("The register %1 cannot be read (%2), so it is unknown which CRLs and anchors it had "
                            "published. Restore over it only with --replace --accept-rollback --reason TEXT.")
                             .arg(path, unreadable));
    if (!unreadable.isEmpty() && !options.replace)
        return makeError(
            ErrorCode::Conflict,
            tr("The register %1 cannot be read (%2); pass --replace to overwrite it.").arg(path, unreadable));
    const bool takesBack =
        !taken.revocations.isEmpty() || !taken.certificates.isEmpty() || !decisionsTakenBack.isEmpty();
    if ((!lost.isEmpty() || !lostAnchors.isEmpty() || takesBack) && !options.acceptRollback) {
        QStringList what;
        for (auto it = lost.cbegin(); it != lost.cend(); ++it)
            what << tr("CA %1 published CRL number %2, the backup knows only up to %3")
                        .arg(it.key())
                        .arg(it.value())
                        .arg(sourceCrls->value(it.key(), 0));
        if (!lostAnchors.isEmpty()) {
            auto proven = provenAnchorDay((*source)->db());
            if (!proven)
                return proven.error();
            what << tr("the register has audit anchors up to %1, the backup only up to %2")
                        .arg(lostAnchors, proven->isEmpty() ? tr("none") : *proven);
        }
        if (!taken.revocations.isEmpty())
            what << tr("%n revocation(s) the backup does not have, or has otherwise, which OCSP may already have "
                       "answered as revoked: %1",
                       nullptr, int(taken.revocations.size()))
                        .arg(firstOf(taken.revocations));
        if (!taken.certificates.isEmpty())
            what << tr("%n certificate(s) issued after the backup, which the restored register would not know: %1",
                       nullptr, int(taken.certificates.size()))
                        .arg(firstOf(taken.certificates));
        if (!decisionsTakenBack.isEmpty()) {
            QStringList kinds;
            for (auto it = decisionsTakenBack.cbegin(); it != decisionsTakenBack.cend(); ++it)
                kinds << QStringLiteral("%1 × %2").arg(it.key()).arg(it.value());
            what << tr("what was recorded after the backup (operators disabled, roles, passwords, CA settings, "
                       "applications…): %1")
                        .arg(kinds.join(QStringLiteral(", ")));
        }
        return makeError(ErrorCode::Conflict,
                         tr("The backup is older than what the register has already recorded or published (%1). "
                            "Restoring it would take back decisions, revocations and published evidence. If that is "
                            "really wanted, repeat with --accept-rollback --reason TEXT; the rollback is recorded.")
                             .arg(what.join(QStringLiteral("; "))));
    }

    // The register that is replaced is kept beside the new one (attack of session 27: --replace kept nothing of
    // it), under a name chosen now so that the restore's event can name it.
    QString keptAs;
    if (replacing) {
        auto name = keptName(path);
        if (!name)
            return name.error();
        keptAs = *name;
    }

    if (Status s = restoreStep(options.control, 2, tr("Recording the restore in the copy…")); !s)
        return s.error();
    // The restore's own event, and the CRL numbers that must never come back, go into the copy.
    report.rollback = !lost.isEmpty() || !lostAnchors.isEmpty() || takesBack || !unreadable.isEmpty();
    report.crlNumbersLost = lost;
    report.revocationsTakenBack = taken.revocations;
    report.certificatesNotInBackup = taken.certificates;
    {
        Register& restored = **source;
        const Status recorded = restored.db().transact([&]() -> Status {
            if (Status s = keepCrlFloors(restored.db(), lost, restored.clock().now()); !s)
                return s;
            // Sign-in failures and locks are not restored (attack of session 30, A10).
            auto forgotten = restored.operators().forgetAllFailures();
            if (!forgotten)
                return forgotten.error();
            QJsonObject lostJson;
            for (auto it = lost.cbegin(); it != lost.cend(); ++it)
                lostJson.insert(it.key(), it.value());
            QJsonObject details{{QStringLiteral("from"), fromPath},
                                {QStringLiteral("sha256"), *backupSha},
                                {QStringLiteral("backup_head_seq"), sourceState->headSeq},
                                {QStringLiteral("backup_head_hash"), sourceState->headHash},
                                {QStringLiteral("rollback"), report.rollback},
                                {QStringLiteral("crl_numbers_lost"), lostJson},
                                {QStringLiteral("signin_failures_forgotten"), *forgotten}};
            if (replacing) {
                details.insert(QStringLiteral("replaced_register_id"), replaced.registerId);
                details.insert(QStringLiteral("replaced_head_seq"), replaced.headSeq);
                details.insert(QStringLiteral("replaced_head_hash"), replaced.headHash);
                details.insert(QStringLiteral("replaced_last_anchor"), replaced.lastAnchorDay);
                details.insert(QStringLiteral("replaced_kept_as"), keptAs);
                // Every serial taken back, for the officer to revoke again at once (F4).
                details.insert(QStringLiteral("revocations_taken_back"), takenBackJson(taken.revocations));
                details.insert(QStringLiteral("certificates_not_in_backup"), takenBackJson(taken.certificates));
                QJsonObject decisions; // C2: what was recorded after the backup, by event type
                for (auto it = decisionsTakenBack.cbegin(); it != decisionsTakenBack.cend(); ++it)
                    decisions.insert(it.key(), it.value());
                details.insert(QStringLiteral("events_taken_back"), decisions);
            }
            if (!unreadable.isEmpty())
                details.insert(QStringLiteral("replaced_unreadable"), unreadable);
            if (options.acceptRollback)
                details.insert(QStringLiteral("reason"), options.reason.trimmed());
            auto ev = restored.audit().append(by->login, sourceState->registerId, QStringLiteral("register.restored"),
                                              details);
            return ev ? Status() : Status(ev.error());
        });
        if (!recorded)
            return recorded.error();
    }
    auto expected = rowCountsOfEveryTable((*source)->db());
    if (!expected)
        return expected.error();
    {
        // The finished copy — the backup with the restore's own event — is checked whole before it replaces
        // anything: a failure from here on would be found with the register already gone (F3).
        CopyReport finished;
        if (Status s = verifyCopy((*source)->db(), (*source)->clock(), *expected, &finished); !s)
            return makeError(s.code(), tr("The backup %1 is refused: after the restore's own event it fails its "
                                          "check (%2). Nothing was changed.")
                                           .arg(fromFile, s.message()));
    }

    if (toPostgres) {
        auto target = Database::open(location);
        if (!target)
            return target.error();
        if (Status s = restoreStep(options.control, 3, tr("Copying the tables into the database…")); !s)
            return s.error();
        auto copied = copyRegister((*source)->db(), **target, (*source)->clock(), {}, options.control);
        if (copied) {
            copied.value().rollback = report.rollback;
            copied.value().crlNumbersLost = lost;
            copied.value().revocationsTakenBack = taken.revocations;
            copied.value().certificatesNotInBackup = taken.certificates;
        }
        return copied;
    }

    // The last moment to stop: from here the register file is written, and finished.
    if (Status s = restoreStep(options.control, 3, tr("Writing the restored register…")); !s)
        return s.error();
    if (!unreadable.isEmpty()) {
        // The damaged register is kept beside the restored one, as evidence.
        const QString aside = path + QStringLiteral(".damaged-") +
                              QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, aside + suffix))
                return makeError(ErrorCode::Io, tr("Cannot move the damaged register %1 aside.").arg(path + suffix));
    }
    if (replacing) {
        if (Status s = keepReplaced(path, keptAs); !s)
            return s.error();
        report.replacedKeptAs = keptAs;
    }
    auto target = Database::open(path);
    if (!target)
        return target.error();
    sqlite3* dst = (*target)->sqlite();
    sqlite3* src = (*source)->db().sqlite();
    if (!dst || !src)
        return makeError(ErrorCode::Database, tr("Cannot reach the SQLite connection."));
    if (Status s = sqliteCopy(src, dst); !s)
        return s.error();
    report.method = QStringLiteral("sqlite-online-backup");
    RunControl::report(options.control, 4, 5, tr("Checking the restored register…"));
    if (Status s = verifyCopy(**target, (*source)->clock(), *expected, &report); !s)
        return s.error();
    RunControl::report(options.control, 5, 5, tr("The register is restored."));
    return report;
}

} // namespace tirkeu::registry
