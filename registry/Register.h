#pragma once
// One open register: the database, the clock and the workflows that read and write it. GUI, CLI and
// tests all go through this; nothing else touches the register.

#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Roles.h"

#include <QCoreApplication>

#include <memory>

namespace tirkeu::registry {

class Database;
class Operators;
class Applications;
class CaDirectory;
class CalendarService;
class Retention;
class RulesBook;
class CaKeyring;

struct RegisterInfo {
    QString location;
    QString registerId;
    int schemaVersion = 0;
    int latestSchemaVersion = 0;
    QString createdAt;
    qint64 operators = 0;
    qint64 cas = 0;
    qint64 applications = 0;
    qint64 certificates = 0;
    qint64 revocations = 0;
    qint64 auditEvents = 0;
};

class Register {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Register)
public:
    enum class OpenMode {
        Existing,       // refuse a missing or not yet initialised register
        CreateOrUpgrade // create the schema / apply pending migrations (db init, first GUI start)
    };
    // clock: nullptr = the system clock; tests pass a FixedClock they own (it must outlive the register).
    static Result<std::unique_ptr<Register>> open(const QString& location, OpenMode mode, const Clock* clock = nullptr);
    ~Register();

    // The connection (registry code and tests only: registry/Database.h is internal to the registry,
    // and the programs never reach it — they use location() and damage() below).
    Database& db() { return *m_db; }
    const Clock& clock() const { return *m_clock; }
    AuditLog& audit() { return *m_audit; }
    Result<RegisterInfo> info();

    Operators& operators() { return *m_operators; }
    Applications& applications() { return *m_applications; }
    CaDirectory& cas() { return *m_cas; }
    CalendarService& calendar() { return *m_calendar; }
    Retention& retention() { return *m_retention; }
    // The legal rules in force and the history of loaded rules files (registry/RulesBook.h).
    RulesBook& rules() { return *m_rules; }
    // The unlocked CA keys of this process (one owner for the register's lifetime).
    CaKeyring& keyring() { return *m_keyring; }

    // Where this register lives (a file path, or its postgresql:// URL without a password).
    QString location() const;
    // SQLite: what PRAGMA quick_check finds in the register (empty when it is sound); a damaged register can
    // be read but refuses every write. The check runs before this connection's first write, or when asked
    // here (it reads the whole file: seconds on a register of millions of certificates).
    QString damage() const;
    // Starts that check in the background now (the window, while the operator signs in); damage() then
    // waits for it. damageKnown(): whether damage() would answer without waiting.
    void startDamageCheck();
    bool damageKnown() const;
    // Where db migrate moved the register (empty while it is in use): a moved register is read only
    // (Database::movedTo(); attack of session 28, F6).
    QString movedTo();
    // The register a stopped db migrate was copying into this one (Database::unconfirmedMoveFrom()): read only.
    QString unconfirmedMoveFrom();
    // PostgreSQL two-role model: gives the application role what the workflows need and nothing else
    // (Schema::grantApplicationRole; run by db init as the schema owner).
    Status grantApplicationRole(const QString& role);

private:
    Register() = default;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Clock> m_ownClock;
    const Clock* m_clock = nullptr;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<Operators> m_operators;
    std::unique_ptr<Applications> m_applications;
    std::unique_ptr<CaDirectory> m_cas;
    std::unique_ptr<CalendarService> m_calendar;
    std::unique_ptr<Retention> m_retention;
    std::unique_ptr<RulesBook> m_rules;
    std::unique_ptr<CaKeyring> m_keyring;
};

} // namespace tirkeu::registry
