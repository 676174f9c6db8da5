#pragma once
// One open register connection: a SQLite file (embedded default) or a PostgreSQL database (shared by
// many workstations), same schema. The only class that holds a QSqlDatabase; every other registry
// class runs SQL through it. SQL is written once for both engines: the few dialect differences are
// handled here (greatest()/least() exist on both; write transactions are serialised on both;
// schema introspection goes through tableNames()/schemaObjects()).

#include "pki/Result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVariant>

#include <memory>

namespace tirkeu::registry {

enum class Engine { Sqlite, Postgres };

class Database {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Database)
public:
    // location: a file path, "sqlite:PATH", or "postgresql://user[:password]@host[:port]/db[?options]"
    // (libpq options such as sslmode; a password may also come from PGPASSWORD or ~/.pgpass).
    static Result<std::unique_ptr<Database>> open(const QString& location);
    static bool isPostgresUrl(const QString& location);
    // The location without a password (for messages, logs and the GUI).
    static QString redactedLocation(const QString& location);
    // The embedded default register: <AppDataLocation>/register.sqlite (created on first start).
    static QString defaultLocation();
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Engine engine() const { return m_engine; }
    QString location() const { return m_location; }
    QSqlDatabase handle() const { return QSqlDatabase::database(m_connection, false); }

    // Runs a statement with positional binds; the error carries the statement's text for the log.
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& binds = {});
    // First column of the first row (an invalid QVariant when there is no row).
    Result<QVariant> scalar(const QString& sql, const QVariantList& binds = {});
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
    Status commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    Error error(const QSqlError& e, const QString& context) const;
    // A lock/serialisation conflict that is worth retrying (SQLite busy/locked; PostgreSQL
    // serialization_failure 40001, deadlock_detected 40P01, lock_not_available 55P03).
    static bool isTransient(const QSqlError& e);

    // Runs `work` inside one write transaction, retrying the whole transaction a few times when the
    // engine reports a transient conflict (see isTransient). `work` returns a Status.
    template <typename Work> Status transact(Work&& work);

    static constexpr const char* kNotifyChannel = "tirkeu_register";

private:
    Database() = default;
    static Result<std::unique_ptr<Database>> openPostgres(const QString& location);
    Status execRaw(const QString& sql, const QString& context);
    Status beginPostgres();
    bool m_lastFailureTransient = false;
    QString m_connection;
    QString m_location;
    Engine m_engine = Engine::Sqlite;
    bool m_inTransaction = false;
};

// RAII write transaction: rolls back unless commit() succeeded. Opened while another transaction is
// open, it joins that one (a workflow made of other workflows, e.g. a signed revocation request that
// registers an application and revokes): its commit() leaves the decision to the outer transaction,
// and an error the inner work returns makes the outer one roll back everything.
class Transaction {
public:
    explicit Transaction(Database& db)
        : m_db(db)
        , m_joined(db.inTransaction())
        , m_status(m_joined ? Status() : db.begin()) {}
    ~Transaction() {
        if (!m_joined && m_status.ok() && !m_committed)
            m_db.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    const Status& status() const { return m_status; }
    bool ok() const { return m_status.ok(); }
    bool joined() const { return m_joined; }
    Status commit() {
        if (m_joined) {
            m_committed = true;
            return {};
        }
        Status s = m_db.commit();
        m_committed = s.ok();
        return s;
    }

private:
    Database& m_db;
    bool m_joined = false;
    Status m_status;
    bool m_committed = false;
};

template <typename Work> Status Database::transact(Work&& work) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        m_lastFailureTransient = false;
        Status s = [&]() -> Status {
            Transaction tx(*this);
            if (!tx.ok())
                return tx.status();
            if (Status w = work(); !w)
                return w;
            return tx.commit();
        }();
        if (s.ok() || !m_lastFailureTransient || attempt >= kAttempts)
            return s;
        QThread::msleep(20u * attempt);
    }
}

} // namespace tirkeu::registry
