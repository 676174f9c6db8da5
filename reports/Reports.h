#pragma once
// The printed registers and journals by name: each is a table (reports/Pdf.h) whose rows stream from
// registry::Journals, printed as PDF or CSV. The official Government Bodies CA journals carry the
// Kazakh headings of seed 002 (App. 3 and App. 5) with their Russian wording.

#include "registry/Journals.h"
#include "reports/Csv.h"
#include "reports/Pdf.h"

#include <QCoreApplication>

#include <optional>

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::reports {

enum class ReportKind {
    IssuanceJournal,   // GOV-ISSUE-JOURNAL, 11 columns
    RevocationJournal, // GOV-REVOKE-JOURNAL, 9 columns
    RegisterExtract,   // certificates issued or revoked in the period
    CrlListing,        // every revoked certificate of the CA
    Deadlines,         // open applications, deadline, overdue
    Expiring,          // valid certificates expiring within N days
    AuditAnchors,      // daily anchors of the audit chain
};

enum class ReportFormat { Pdf, Csv };

struct ReportRequest {
    ReportKind kind = ReportKind::IssuanceJournal;
    QString caCode;
    QDate from; // invalid: from the beginning
    QDate to;   // invalid: up to today
    int days = 30;
    QChar csvSeparator; // null: the one the interface language's spreadsheets expect (";" for kk and ru)
};

class Reports {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::Reports)
public:
    Reports(registry::Register& reg, const registry::Session& session)
        : m_reg(reg)
        , m_session(session) {}

    static QList<ReportKind> kinds();
    static QString id(ReportKind kind); // "issuance-journal", ...
    static std::optional<ReportKind> fromId(const QString& id);
    static QString displayName(ReportKind kind); // translated
    static bool needsCa(ReportKind kind) { return kind != ReportKind::AuditAnchors; }

    // The table, its frame and columns (checks the CA and the permission).
    Result<TableSpec> spec(const ReportRequest& request);
    // The rows as printed (and as written to CSV).
    RowSource rows(const ReportRequest& request);

    // `cancelled`: asked every few hundred rows; true stops the document (refused, nothing written).
    Status write(const ReportRequest& request, ReportFormat format, QIODevice* out, const Progress& progress = {},
                 const Cancelled& cancelled = {});
    Status save(const ReportRequest& request, ReportFormat format, const QString& path, const Progress& progress = {},
                const Cancelled& cancelled = {});

    // Shared labels: bilingual CRL reason and certificate status.
    static QString reasonText(int code);
    static QString statusText(const QString& status);
    static QString periodText(const QDate& from, const QDate& to);
    static CsvOptions csvOptions(const ReportRequest& request);

private:
    registry::Register& m_reg;
    registry::Session m_session;
};

} // namespace tirkeu::reports
