#pragma once
// One open register connection: a SQLite file (embedded default) or a PostgreSQL database (shared by
// many workstations), same schema. The only class that holds a QSqlDatabase; every other registry
// class runs SQL through it. SQL is written once for both engines: the few dialect differences are
// handled here (greatest()/least() exist on both; write transactions are serialised on both;
// schema introspection goes through tableNames()/schemaObjects()).

#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVariant>

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace tirkeu::registry {

enum class Engine { Sqlite, Postgres };

struct DamageCheckState; // Database::startDamageCheck()'s thread and its connection

class Database {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Database)
public:
    // location: a file path, "sqlite:PATH", or "postgresql://user[:password]@host[:port]/db[?options]"
    // (libpq options such as sslmode; a password may also come from PGPASSWORD or ~/.pgpass).
    static Result<std::unique_ptr<Database>> open(const QString& location);
    static bool isPostgresUrl(const QString& location);
    // The location without a password (for messages, logs and the GUI).
    static QString redactedLocation(const QString& location);
    // Whether the location carries a password (a PostgreSQL URL's user:password@, or a password option).
    static bool holdsPassword(const QString& location);
    // A SQLite location's file path (without a "sqlite:" prefix); empty for a PostgreSQL URL.
    static QString sqlitePath(const QString& location);
    // The embedded default register: <AppDataLocation>/register.sqlite (created on first start).
    static QString defaultLocation();
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Engine engine() const { return m_engine; }
    QString location() const { return m_location; }
    // SQLite: what PRAGMA quick_check finds in the register (empty when it is sound). A damaged register
    // can still be read (to look, or to back up what is left) but begin() refuses every write with
    // ErrorCode::Database. The check reads the whole file (seconds on a register of millions of
    // certificates), so it runs once per connection before its first write, or when asked here (the
    // GUI asks at start), not for a program that only reads.
    QString damage() const;
    bool integrityChecked() const { return m_integrityChecked; } // whether damage() has run the check
    // SQLite: starts damage()'s check now, in the background, on a read-only connection of its own, for a
    // caller that has other work to do first (the window while the operator signs in, a CRL while its
    // entries are read and encoded); damage() then waits for that verdict. Does nothing on PostgreSQL or
    // once the check has run or started.
    void startDamageCheck();
    // Whether damage() would answer without waiting (the check has run, or nothing is to be checked).
    bool damageKnown() const;
    // Where the register was moved by db migrate (attack of session 28, F6): the mark (meta moved_to) the move
    // leaves in the source with its register.migrated_out event; empty while the register is in use. A moved
    // register is read only: begin() refuses every write with ErrorCode::Conflict naming the new location
    // (a transaction of beginCheckedAtCommit(), such as a sign-in, is refused at its commit, so reading on
    // the old register still works). Read from the register each time (another process may move it).
    QString movedTo();
    // Where the register stands towards db migrate, read in one place for the write guard, the OCSP responder,
    // the GUI and audit verify:
    //  - Moved: the mark moved_to, explained by the newest register.migrated_out event (location: where to);
    //  - UnexplainedMark: a moved_to no such event names (written outside Tirkeu: the PostgreSQL application role,
    //    an edited backup; attack of session 29, F5): writes are refused, and `location` (the planted address) is
    //    never offered as a destination;
    //  - UnconfirmedCopy: the copy a db migrate is making, until the source is retired (meta moving_from, written
    //    with the copy, removed by confirmMove() once the source's mark is committed; location: the source). It
    //    refuses every write like a moved register: a run killed between the copy's commit and the source's would
    //    otherwise leave two live registers of one identity. Only while the register's event log ends in the
    //    copy's own register.migrated event naming that source: a moving_from with anything else (written by the
    //    PostgreSQL application role into a register in use; attack of session 30, A3) is an UnexplainedMark.
    struct MoveState {
        enum class Kind { InUse, Moved, UnexplainedMark, UnconfirmedCopy };
        Kind kind = Kind::InUse;
        QString location;
        QString mark; // the meta key read: moved_to or moving_from (empty: InUse)
    };
    MoveState moveState();
    // Removes the unconfirmed mark (Backup::migrate, once the source is retired): the copy takes writes.
    Status confirmMove();
    // Whether this connection writes as the register's schema owner: always on SQLite; on PostgreSQL, a member of
    // the role owning the register's tables (or of a database with no register yet, whose schema it would create).
    // Moving or restoring a register needs it (migration 27: the application role cannot write a move's marks, a
    // restore's or a move's events, nor CRL number floors).
    Result<bool> writesAsSchemaOwner();
    QSqlDatabase handle() const { return QSqlDatabase::database(m_connection, false); }
    // SQLite: the connection's own sqlite3 handle, for the few hot paths and the backup API that use SQLite's C
    // interface (a CRL's entries, the online backup); nullptr on PostgreSQL.
    sqlite3* sqlite() const;

    // Runs a statement with positional binds; the error carries the statement's text for the log.
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& binds = {});
    // First column of the first row (an invalid QVariant when there is no row). A prepared statement of
    // the cache (below).
    Result<QVariant> scalar(const QString& sql, const QVariantList& binds = {});

    // Prepared-statement cache: the statements below are parsed once per SQL text and connection (SQLite
    // compiles a table's triggers into every statement that writes it) and reused. They return their
    // results whole and finish() the statement before returning, so a cached statement is never left
    // active (no read snapshot held, nothing still to fetch) and no caller can see its result replaced by
    // a later run of the same SQL. Use exec() when the rows are to be walked one by one.
    // INSERT / UPDATE / DELETE: how many rows it changed.
    Result<int> write(const QString& sql, const QVariantList& binds = {});
    // INSERT: the new row's id (asked only here: PostgreSQL's driver runs lastval(), which fails, and
    // aborts the transaction, for a table without a sequence).
    Result<QVariant> insert(const QString& sql, const QVariantList& binds = {});
    // Every row, each as its columns' values.
    Result<std::vector<QVariantList>> rows(const QString& sql, const QVariantList& binds = {});
    // The first row, or an empty list when there is none.
    Result<QVariantList> row(const QString& sql, const QVariantList& binds = {});
    // How many statements the cache holds (tests).
    int cachedStatements() const { return int(m_statements.size()); }
    // Several statements separated by ";\n" (migrations).
    Status execScript(const QString& script);

    // Names of the user tables / indexes / triggers ("table", "index", "trigger"), sorted; never
    // sqlite_master on PostgreSQL.
    Result<QStringList> schemaObjects(const QString& type);
    Result<bool> tableExists(const QString& table);
    // Tables that `table` references through foreign keys (other than itself).
    Result<QStringList> referencedTables(const QString& table);

    // Write transactions are serialised on both engines, so concurrent writers never fork the audit
    // chain and read-then-write checks inside a transaction stay true until the commit:
    // SQLite BEGIN IMMEDIATE (waits up to the busy timeout, then retries); PostgreSQL BEGIN plus a
    // transaction-level advisory lock taken by every writer (plain readers are not blocked).
    // A PostgreSQL commit also sends NOTIFY tirkeu_register (see ChangeNotifier).
    Status begin();
    // begin() without waiting for the damage check (SQLite): the write lock is taken now and the check's
    // verdict is awaited by commit(), which rolls back and refuses when the register is damaged — nothing
    // is recorded in a damaged register all the same. For work that holds the lock while it reads at length
    // before its first write (a CRL's entries), so that the check runs meanwhile (startDamageCheck()).
    Status beginCheckedAtCommit();
    // Commits the open transaction, unless something inside it marked it rollback-only: then it rolls
    // back and returns that failure. After a real commit the work queued with afterCommit() runs, in
    // order; after a rollback it is discarded.
    Status commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Work that must only happen once the data it depends on is durably recorded (publishing a CRL,
    // writing files): queued while a transaction is open and run right after the OUTERMOST commit
    // succeeds (discarded when the transaction rolls back); run at once when no transaction is open.
    // The work runs outside any transaction and may open its own.
    void afterCommit(std::function<void()> work);
    // An inner step failed: the open transaction can only roll back; its commit() returns `why`.
    void markRollbackOnly(const Error& why);
    bool rollbackOnly() const { return m_rollbackOnly.has_value(); }
    // Why the open transaction is rollback-only (meaningful when rollbackOnly()).
    Error rollbackReason() const { return m_rollbackOnly.value_or(Error{}); }

    Error error(const QSqlError& e, const QString& context) const;
    // A lock/serialisation conflict that is worth retrying (SQLite busy/locked; PostgreSQL
    // serialization_failure 40001, deadlock_detected 40P01, lock_not_available 55P03).
    static bool isTransient(const QSqlError& e);
    // The storage itself failed (disk full, I/O error, a damaged file, out of memory) — not the statement or
    // the data: the work cannot go on with this register.
    static bool isStorageFailure(const QSqlError& e);
    // How many storage failures this connection has met: a caller compares it before and after a step to
    // tell a failing register from a refused request (bulk issuance stops the batch on the first).
    int storageFailures() const { return m_storageFailures; }

    // Runs `work` inside one write transaction, retrying the whole transaction a few times when the
    // engine reports a transient conflict (see isTransient). `work` returns a Status.
    template <typename Work> Status transact(Work&& work);

    static constexpr const char* kNotifyChannel = "tirkeu_register";

    // PostgreSQL: how far a writer's clock may be from the database server's. Every event is dated by its
    // writer's clock, and the event log never goes back in time: a workstation far ahead dates every later event
    // of every workstation at its own time (a day ahead stops them: attack of session 30, A6), one behind
    // backdates its revocations. So each write transaction (begin()) reads the server's clock once it holds the
    // writers' lock and is refused, changing nothing, when this computer's system clock is further apart. SQLite
    // has no second clock to compare with.
    static constexpr int kMaxClockSkewMinutes = 5;
    // The verdict on the two readings (an invalid `server`: not read); the refusal names both.
    static Status clockAgreesWithServer(const QDateTime& here, const QDateTime& server);

private:
    Database() = default;
    static Result<std::unique_ptr<Database>> openPostgres(const QString& location);
    Status execRaw(const QString& sql, const QString& context);
    // The cached statement for `sql`, prepared on first use, run with `binds`. The caller reads it and then
    // finish()es it.
    Result<QSqlQuery*> runCached(const QString& sql, const QVariantList& binds);
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    Status beginPostgres();
    bool m_lastFailureTransient = false;
    mutable int m_storageFailures = 0; // counted where failures become Errors (error())
    QString m_connection;
    QString m_location;
    Engine m_engine = Engine::Sqlite;
    bool m_inTransaction = false;
    mutable QString m_damage;
    mutable bool m_integrityChecked = false;
    // startDamageCheck()'s verdict; nullopt when its connection could not be opened (damage() checks here).
    mutable std::future<std::optional<QString>> m_damageCheck;
    std::weak_ptr<DamageCheckState> m_damageCheckState; // to interrupt it when the register closes
    bool m_checkAtCommit = false;                       // the open transaction was begun by beginCheckedAtCommit()
    Status beginSqlite(bool checkNow);
    Error damagedError() const;
    // After BEGIN: the moved register's refusal now (checkNow), or at the commit.
    Status afterBegin(bool checkNow);
    Status refuseIfMoved();
    bool m_hasMeta = false;            // the meta table exists (a new database has none until its migrations)
    bool m_movedCheckAtCommit = false; // the open transaction's commit() checks the moved mark
    bool m_confirmingMove = false;     // confirmMove()'s own transaction: not refused for the mark it removes
    QString metaValue(const QString& key);
    std::optional<Error> m_rollbackOnly;
    std::vector<std::function<void()>> m_afterCommit;
    void endTransaction();     // clears the rollback-only mark and the queued work
    void runAfterCommitWork(); // the queued work, once the outermost commit succeeded
};

// What Transaction::commit() did: a Status (failed: nothing of the transaction is recorded) that also
// says whether the data is durably recorded now. A transaction that joined an outer one only leaves
// the decision to it: ok() but not committed() — code that needs the commit (publishing, writing
// files) queues itself with Database::afterCommit().
class [[nodiscard]] CommitStatus : public Status {
public:
    CommitStatus(Status status, bool committed)
        : Status(std::move(status))
        , m_committed(committed && ok()) {}
    bool committed() const { return m_committed; }

private:
    bool m_committed = false;
};

// RAII write transaction: rolls back unless commit() succeeded. Opened while another transaction is
// open, it joins that one (a workflow made of other workflows, e.g. a signed revocation request that
// registers an application and revokes). A joined transaction cannot lie about the outcome:
//  - destroyed without commit() (its work failed), it marks the outer transaction rollback-only, so
//    the outer commit() rolls everything back and returns the inner failure;
//  - its commit() returns ok() but not committed(): only the outermost commit records anything;
//  - work that must follow the commit goes through Database::afterCommit().
class Transaction {
public:
    explicit Transaction(Database& db)
        : m_db(db)
        , m_joined(db.inTransaction())
        , m_status(m_joined ? Status() : db.begin()) {}
    // An outermost transaction begun with Database::beginCheckedAtCommit() (or joining an open one).
    struct CheckedAtCommit {};
    Transaction(Database& db, CheckedAtCommit)
        : m_db(db)
        , m_joined(db.inTransaction())
        , m_status(m_joined ? Status() : db.beginCheckedAtCommit()) {}
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    const Status& status() const { return m_status; }
    bool ok() const { return m_status.ok(); }
    bool joined() const { return m_joined; }
    // Whether commit() durably recorded this transaction's work (never for a joined one).
    bool committed() const { return m_committed && !m_joined; }
    CommitStatus commit();
    // Gives up: a joined transaction marks the outer one rollback-only with `why`; an outermost one
    // rolls back now.
    void fail(const Error& why);

private:
    Database& m_db;
    bool m_joined = false;
    Status m_status;
    bool m_committed = false; // commit() was called and succeeded (joined: handed to the outer one)
    bool m_failed = false;
};

template <typename Work> Status Database::transact(Work&& work) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        m_lastFailureTransient = false;
        bool joined = false;
        Status s = [&]() -> Status {
            Transaction tx(*this);
            joined = tx.joined();
            if (!tx.ok())
                return tx.status();
            if (Status w = work(); !w) {
                tx.fail(w.error());
                return w;
            }
            return tx.commit();
        }();
        // A joined transaction is retried (or not) by the outermost one.
        if (s.ok() || joined || !m_lastFailureTransient || attempt >= kAttempts)
            return s;
        QThread::msleep(20u * attempt);
    }
}

} // namespace tirkeu::registry
