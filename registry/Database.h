#pragma once
// One open register connection (SQLite file now; PostgreSQL later, same schema). The only class that
// holds a QSqlDatabase; every other registry class runs SQL through it.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>

namespace tirkeu::registry {

enum class Engine { Sqlite, Postgres };

class Database {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Database)
public:
    // location: a file path, "sqlite:PATH", or "postgresql://user@host:port/db".
    static Result<std::unique_ptr<Database>> open(const QString& location);
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

    // Write transactions are serialised: BEGIN IMMEDIATE on SQLite (waits up to the busy timeout,
    // then retries), so concurrent writers never fork the audit chain.
    Status begin();
    Status commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    Error error(const QSqlError& e, const QString& context) const;

private:
    Database() = default;
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

} // namespace tirkeu::registry
