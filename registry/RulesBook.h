#pragma once
// The legal rules as versioned data (issue 14): deadlines, retention minimums, certificate validity per
// form and key media, required attachments, refusal reasons per CA kind and the key-backup minimum, each
// with the legal clause it follows. A rules file (JSON, format "tirkeu-rules") holds one or more
// editions, each in force from its effective date until the next one. The program ships one file
// (registry/rules/default-rules.json, the seed values); an administrator may load another
// (`tirkeu-cli rules load FILE`): it is validated in full, stored in the register (rules_files, migration
// 12) and audited with its SHA-256 and version; the last loaded file is the one in force. A bad file
// changes nothing.
//
// RulesBook is the one place that answers "which rules apply at time T". Each application and
// certificate records the edition it was handled under (rules_applied, migration 12, and the "rules"
// field of its audit event), so later changes never reinterpret an old record.

#include "forms/FormDefinition.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace tirkeu::registry {

class Register;
struct RowRef;

struct DeadlineRule {
    int days = 0;
    bool workingDays = true; // false: calendar days
    QString clause;
};

struct RetentionRule {
    int recordYears = 0; // minimum years after the certificate's termination
    QString clause;
};

struct ValidityRule {
    int fileYears = 1;  // longest validity for a key in a file (PKCS#12)
    int tokenYears = 1; // longest validity for a key on a token
    QString clause;
    int maxYears(bool token) const { return token ? tokenYears : fileYears; }
};

struct AttachmentRule {
    QStringList required; // attachment ids of the form that must be present
    QString clause;
};

struct RefusalReason {
    QString code; // stable id, stored with a refusal: ROOT-DOCS-MISSING, NCA-DATA-MISMATCH, ...
    QString kk;
    QString ru;
    QString en;
    QString clause;
    QString label(const QString& lang) const { return lang == u"kk" ? kk : lang == u"ru" ? ru : en; }
    QString label() const; // in the interface language (Language::current())
};

struct KeyBackupRule {
    int threshold = 3; // shares needed to restore
    int shares = 5;    // shares made
    QString clause;
};

// Government Bodies CA (Order 348 App. 2 cl. 8): the CA's employee generates the holder's key onto the key media;
// issuing from a request made outside the CA only where an edition allows it (rules key gov.outside_csr_allowed).
struct GovKeyRule {
    bool outsideCsrAllowed = false;
    QString clause = QStringLiteral("Order 348, App. 2, cl. 8");
};

struct RulesEdition {
    QString fileVersion;
    QDate effectiveFrom;
    QStringList legalBasis;
    QMap<QString, DeadlineRule> deadlines; // by form code or action id (gov.employment_end_report, ...)
    QMap<forms::CaKind, RetentionRule> retention;
    int eventLogYears = 1;
    QString eventLogClause;
    QMap<QString, ValidityRule> validity; // by issuing form code
    QMap<QString, AttachmentRule> attachments;
    QMap<forms::CaKind, QList<RefusalReason>> refusalReasons;
    KeyBackupRule keyBackup;
    GovKeyRule govKeys; // optional in a rules file ("gov_keys"); the seed's default when absent

    // "<file version>@<effective date>": what records store.
    QString tag() const;
    // The legal act of a clause such as "Order 348, App. 2, cl. 17": the full citation for messages.
    QString retentionSource(forms::CaKind kind) const;
};

struct RulesFile {
    QString version;
    QString title;
    QList<RulesEdition> editions; // ascending effective dates
    QByteArray content;           // the file as loaded
    QString sha256;
    bool builtIn = true;
    QDateTime loadedAt;
    QString loadedBy;

    // The edition in force on `day` (Kazakhstan date); before the first edition, the first.
    const RulesEdition& editionOn(const QDate& day) const;
};

class RulesBook {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::RulesBook)
public:
    explicit RulesBook(Register& reg)
        : m_reg(reg) {}

    // The file shipped with the program (seed values).
    static const RulesFile& builtIn();
    // Parses and validates a rules file: schema, dates, known forms and attachments, values not below the
    // legal floors (kFloor* below). The error names the first problem found.
    static Result<RulesFile> parse(const QByteArray& json);

    // Legal floors a loaded file cannot go below (the seed's "at least" values).
    static constexpr int kFloorEventLogYears = 1;
    static constexpr int kFloorKeyBackupThreshold = 3;
    static constexpr int kFloorKeyBackupShares = 5;
    static int floorRecordYears(forms::CaKind kind); // 5 root/national, 10 government

    // The newest file: the last one loaded into the register, else the built-in one.
    Result<RulesFile> active();
    // The file whose rules are in force at `at` (the register's clock when invalid): the newest file with an
    // edition in force that day. A file loaded ahead of its first edition's date (next year's rules) governs
    // from that date; until then the file loaded before it does, down to the built-in one (whose first edition
    // also answers for days before every edition). Until 2026-12-07 the newest file's first edition answered for
    // the days before it: a file of rules taking effect in 2099 was applied at once (attack of session 28).
    Result<RulesFile> fileInForce(const QDateTime& at = {});
    // The edition in force at `at` (the register's clock when invalid): fileInForce's edition of that day.
    Result<RulesEdition> at(const QDateTime& at = {});
    // The edition a record was handled under (its tag); an unknown tag is an error.
    Result<RulesEdition> edition(const QString& tag);
    // The files ever loaded, newest first (the built-in one last).
    Result<QList<RulesFile>> history();

    // Loads a file (administrators): validated, stored and audited, or nothing changes.
    Result<RulesFile> load(const Session& by, const QByteArray& content);

    // The accessors other workflows use (all at `at`, the register's clock when invalid).
    Result<std::optional<DeadlineRule>> deadline(const QString& action, const QDateTime& at = {});
    Result<QList<RefusalReason>> refusalReasons(forms::CaKind kind, const QDateTime& at = {});
    Result<KeyBackupRule> keyBackupMinimum(const QDateTime& at = {});
    Result<int> minRecordYears(forms::CaKind kind, const QDateTime& at = {});

    // Registry internals: record the edition a record was handled under (inside the caller's transaction).
    Status recordApplied(const QString& record, qint64 id, const QString& tag);
    // The tag recorded for a record; empty when none (records from before migration 12).
    Result<QString> appliedTag(const QString& record, qint64 id);
    // rules_applied rows are bound to the event log (migration 24) under one key made of the pair (record,
    // record_id): this SQL expression, the text "record:id". The event that records a record's edition binds
    // appliedRow(record, id).
    inline static const QString kAppliedKey = QStringLiteral("record || ':' || CAST(record_id AS TEXT)");
    static RowRef appliedRow(const QString& record, qint64 id);

private:
    Register& m_reg;
    qint64 m_cachedId = -1;
    std::optional<RulesFile> m_cached;
    qint64 m_historyId = -1; // history() as of the newest file m_historyId (rules files are never changed)
    std::optional<QList<RulesFile>> m_history;
};

// The deadline of an application received on `received` (Kazakhstan date) under `rule`.
class WorkingCalendar;
QDate deadlineFrom(const WorkingCalendar& cal, const QDate& received, const DeadlineRule& rule);

} // namespace tirkeu::registry
