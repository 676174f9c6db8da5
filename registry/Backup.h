#pragma once
// Backing up, restoring and moving a whole register.
// - SQLite: backup() uses SQLite's online backup API (a consistent copy while others keep working);
//   restore() copies a backup file into the register location the same way.
// - PostgreSQL: backup() runs pg_dump (custom format) when it is installed, else it refuses with the
//   exact pg_dump command; restore() never gives a dump to a database: its table of contents must name
//   only Tirkeu's objects, its rows alone are read into a private SQLite register built from Tirkeu's
//   migrations and then copied into an empty database table by table, as migrate. A SQLite backup file
//   can also be restored into an empty PostgreSQL register the same way.
// - Every restore refuses a backup whose schema is not Tirkeu's own, and checks the finished copy (with
//   its register.restored event) before anything is written where the register is.
// - migrate() copies every table of one register into an empty one (any engine to any engine) in one
//   transaction, in foreign-key order, then checks the row counts and the audit chain.
// All three are administrator work (Permission::ManageRegister) and leave an event in the register:
// register.backed_up in the register that was copied, register.restored in the restored register (after
// the backup's own events, written in the same step as the restore), register.migrated in the new one.
// A register moved by migrate() is retired (attack of session 28, F6): register.migrating in it before the
// copy starts, then register.migrated_out and the mark meta moved_to in the transaction that holds its writer
// lock during the copy (committed once the copy is verified, and copied too, so the new register's chain goes
// on from the old one's: no fork). A moved register refuses every write (Database::movedTo()). The copy carries
// the mark meta moving_from until the source's commit is done, and refuses every write until then
// (Database::moveState(), UnconfirmedCopy): a run killed between the two commits leaves one live register, never two;
// the same db migrate run again finishes the move (source retired) or asks for the copy to be removed (source live). A
// restore --replace that would take back revocations of the replaced register (which OCSP may have served) or
// certificates issued after the backup is a rollback too (session 28, F4). A backup file is created 0600 in a folder
// other users cannot enter. A restore that would take back CRL numbers or audit anchors the replaced register already
// had is refused unless the rollback is accepted with a reason; the highest CRL number of each CA is then kept
// (crl_number_floors) so no number is published twice.

#include "pki/Result.h"
#include "registry/RunControl.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace tirkeu::registry {

class Clock;
class Database;
class Register;
struct Session;

struct BackupReport {
    QString file;
    qint64 bytes = 0;
    QString method;  // "sqlite-online-backup" or "pg_dump"
    QString command; // the external command run (PostgreSQL), without a password
};

// A certificate the register being replaced knows otherwise than the backup (restore --replace): a revocation
// the backup lacks or has otherwise (reasonCode/revokedAt: the replaced register's), or a certificate the backup
// does not have at all (reasonCode -1 when it is not revoked in the replaced register).
struct TakenBackCertificate {
    QString ca; // CA code
    QString serial;
    int reasonCode = -1;
    QString revokedAt; // as the register records it
};

struct CopyReport {
    QMap<QString, qint64> rows;           // table -> rows copied (and verified)
    qint64 auditEvents = 0;               // events whose chain was verified in the target
    QString method;                       // "sqlite-online-backup", "pg_restore" or "table-copy"
    bool rollback = false;                // the restore took back published CRL numbers or anchors (accepted)
    QMap<QString, qint64> crlNumbersLost; // CA code -> highest CRL number the replaced register had
    QString replacedKeptAs;               // SQLite restore --replace: where the replaced register is kept
    bool finishedInterruptedMove = false; // db migrate: only confirmed the copy a stopped run had left (no copy)
    // Accepted rollback (attack of session 28, F4): revocations the replaced register had (OCSP may have served
    // them) that the restored one lacks or has otherwise — to be revoked again at once —, and certificates it
    // had issued that the backup does not know (OCSP now answers "unknown" for them).
    QList<TakenBackCertificate> revocationsTakenBack;
    QList<TakenBackCertificate> certificatesNotInBackup;
    qint64 total() const {
        qint64 n = 0;
        for (qint64 v : rows)
            n += v;
        return n;
    }
};

// Who restores, and what they accept. The administrator signs in on the register being replaced (or,
// when there is none or it is empty, on the backup itself).
struct RestoreOptions {
    QString login;
    QString password;
    bool replace = false;        // SQLite: overwrite a register that is not empty
    bool acceptRollback = false; // restore even though published CRLs / anchors are taken back
    QString reason;              // required with acceptRollback; recorded in the event
    // Progress and cancel: a SQLite backup is checked on a private copy first, and a cancel is honoured
    // until the register file is written (then it is finished: a half-written register would be lost);
    // into PostgreSQL the table copy is one transaction, cancelled between tables (rolled back).
    const RunControl* control = nullptr;
    // The clock that dates the restore's own event and judges the backup's chain: the register's (a test's
    // FixedClock, the window's); nullptr = the system clock. It must outlive the restore.
    const Clock* clock = nullptr;
};

class Backup {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Backup)
public:
    // Writes a backup of the register to `outFile` (which must not exist yet) and records it.
    // `control`: progress and cancel (SQLite: copied in steps of 1,024 pages, a cancel honoured between
    // them — the partial file is removed and nothing is recorded; pg_dump: only before it starts).
    static Result<BackupReport> backup(Register& reg, const Session& by, const QString& outFile,
                                       const RunControl* control = nullptr);
    // The pg_dump command line that backs up `db` (PostgreSQL), for messages and documentation.
    static QString pgDumpCommand(const Database& db, const QString& outFile);
    // Restores `fromFile` (a Tirkeu SQLite register or backup, or a pg_dump file) into the register at
    // `location`, which must be empty (a missing SQLite file, or a database without tables or with
    // only an empty register) unless `replace` is set (SQLite only).
    static Result<CopyReport> restore(const QString& fromFile, const QString& location, const RestoreOptions& options);
    // Copies every table of `from` into `to` (the schema is created there first; `to` must be empty).
    static Result<CopyReport> migrate(Register& from, const Session& by, Database& to);
    // The same into the register at `toLocation` (a file path, "sqlite:PATH" or postgresql://…).
    static Result<CopyReport> migrate(Register& from, const Session& by, const QString& toLocation);

    // Tables in an order where every table comes after the tables it references.
    static Result<QStringList> tablesInDependencyOrder(Database& db);
    // True when the register holds nothing but what a new register starts with.
    static Result<bool> isEmptyRegister(Database& db);
    // True when the PostgreSQL database `db` may take a restore of a pg_dump file: it has no table, or only what a
    // restore stopped between making Tirkeu's schema and copying the rows leaves (attack of session 29, F9) — no
    // table but those Tirkeu's migrations create, its guard triggers exactly theirs, and nothing in it a new
    // register does not start with (isEmptyRegister: no event, no row). Any other table, row or trigger: false.
    static Result<bool> holdsNoRegister(Database& db);

private:
    // migrate()'s steps in the source (attack of session 28, F6): `started` once the target is checked and
    // before anything is copied (its own transaction); `retire` in the source's transaction that holds its
    // writer lock during the copy, before the source's rows are counted — what it writes is copied too, and
    // committed only once the copy is verified.
    struct SourceSteps {
        std::function<Status()> started;
        std::function<Status(Database&)> retire;
    };
    // The copy of migrate(); `finish` runs in the target's transaction after the rows are copied and
    // returns how many audit events it appended (checked with the row counts). `clock` judges the copy's chain.
    static Result<CopyReport> copyRegister(Database& from, Database& to, const Clock& clock,
                                           const std::function<Result<int>(Database&)>& finish,
                                           const RunControl* control = nullptr, const SourceSteps* steps = nullptr);
};

} // namespace tirkeu::registry
