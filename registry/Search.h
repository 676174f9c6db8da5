#pragma once
// Read-only searches of the register for the screens: certificates and their holders by IIN, BIN,
// serial or name, the certificates expiring soon, and the audit events about one subject. Every
// query is paged (limit/offset) and walks an existing index or UNIQUE constraint, so a register of
// millions of certificates is never read whole:
//   IIN  -> persons.iin UNIQUE       -> certificates_person
//   BIN  -> organisations.bin UNIQUE -> certificates_organisation
//   serial (whole or leading digits) -> UNIQUE (ca_id, serial), one range per CA
//   name -> persons_search (search_key, iin, then the names: the page's people read from the index alone,
//           migration 20): one range of the case-folded key (migration 15), walked in key order;
//           organisations by organisations_search / organisations_short_search likewise
//   expiring -> certificates_not_after (ca_id, not_after)
//   audit events of a subject -> audit_events_subject (subject, seq)

#include "registry/AuditLog.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace tirkeu::registry {

class Database;
class Register;

// One row of a search: a certificate with its holder, or a holder without any certificate
// (certificateId == 0).
struct RegisterHit {
    enum class Holder { Person, Organisation };
    Holder holder = Holder::Person;
    QString holderId;   // IIN or BIN
    QString holderName; // "Surname Name Patronymic" or the organisation's name
    qint64 certificateId = 0;
    QString caCode;
    QString serialHex;
    QString subject;
    QString profile;
    QDateTime notBefore;
    QDateTime notAfter;
    QString status; // "valid" / "revoked"; empty when there is no certificate
    // Where the row stands in its search's order (name, serial and expiring searches): a query whose `after`
    // is this continues right after the row. Empty where a search pages by offset only (IIN, BIN).
    QVariantList position;
};

enum class SearchKind {
    Auto, // decided from the text: 12 digits = IIN or BIN, hexadecimal with a letter or > 12 digits = serial,
          // anything else = name
    Iin,
    Bin,
    Serial, // the whole serial or its leading hex digits
    Name    // surname prefix, optionally followed by the name's prefix ("Қасымова Ә")
};

struct SearchQuery {
    SearchKind kind = SearchKind::Auto;
    QString text;
    QString caCode; // empty: every CA
    int limit = 100;
    int offset = 0;
    // Keyset paging: the `position` of the last row of the page before (the GUI scrolling down). The next
    // page is read from there in index order, so its cost does not grow with how deep it is, as OFFSET's does.
    // Replaces `offset`; refused when it is not a position of this kind of search.
    QVariantList after;
};

struct ExpiringQuery {
    int days = 30; // from now (the register's clock) to now + days
    QString caCode;
    int limit = 100;
    int offset = 0;
    QVariantList after; // as SearchQuery::after
};

class Search {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Search)
public:
    explicit Search(Register& reg)
        : m_reg(reg) {}

    static constexpr int kMaxLimit = 1000;
    static constexpr int kMaxDays = 3660;

    // What SearchKind::Auto makes of a text (never Auto; Name for anything unrecognised).
    static SearchKind detect(const QString& text);
    // The case-insensitive search key of a name (migration 15): simplified, Unicode case-folded (Ә/ә,
    // Қ/қ, Ұ/ұ, Ө/ө... as A/a), and a Latin i inside a Cyrillic word read as the Kazakh і. Typed
    // prefixes go through the same function, so "әлия", "ӘЛИЯ" and "Әлия" find "Әлия", and "маккей"
    // finds "МакКей".
    static QString key(const QString& text);
    static QString personKey(const QString& surname, const QString& name, const QString& patronymic);
    // Writes the search keys of one person / organisation from its stored names.
    static Status refreshPersonKey(Database& db, qint64 personId);
    static Status refreshOrganisationKey(Database& db, qint64 organisationId);
    // Fills the keys of every person and organisation (migration 15 on an existing register).
    static Status fillKeys(Database& db);

    // Needs ViewRegister. Ordered by holder then certificate; an IIN or BIN with a bad check digit is
    // refused (nothing can match it).
    Result<QList<RegisterHit>> find(const Session& by, const SearchQuery& query);
    // Valid certificates whose validity ends within `days` from now, soonest first. Needs ViewRegister.
    Result<QList<RegisterHit>> expiring(const Session& by, const ExpiringQuery& query);
    // Audit events whose subject is exactly `subject` (a serial, an IIN/BIN, a login...), newest first;
    // beforeSeq > 0 continues after the last event of the previous page. Needs ViewAudit.
    Result<QList<AuditEvent>> auditEvents(const Session& by, const QString& subject, int limit = 100,
                                          qint64 beforeSeq = 0);

private:
    // The rows of `sql`: eleven hit columns, then `positionColumns` columns that make RegisterHit::position.
    Result<QList<RegisterHit>> run(const QString& sql, const QVariantList& binds, int positionColumns = 0);
    Result<QList<RegisterHit>> findByName(const QString& text, const QString& caCode, int limit, int offset,
                                          const QVariantList& after);
    Register& m_reg;
};

} // namespace tirkeu::registry
