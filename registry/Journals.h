#pragma once
// Read-only row sources for the printed registers and journals (reports/): the Government Bodies CA
// issuance and revocation journals (SPEC.md §2, App. 3 and App. 5), the register extract, the CRL
// listing, the deadline report, the certificates expiring soon and the audit anchors. Rows are
// streamed to a callback straight from a forward-only query, so a journal of 100,000 rows never sits
// in memory; the callback returns false to stop early. Every source checks the session's permission.

#include "registry/AuditLog.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>

#include <functional>

namespace tirkeu::registry {

class Register;

// A CA and a period of Kazakhstan calendar days, both ends included. An invalid `from` / `to` means
// "from the beginning" / "up to now".
struct JournalQuery {
    QString caCode;
    QDate from;
    QDate to;
};

// GOV-ISSUE-JOURNAL (App. 3): one row per issued certificate.
struct IssuanceRow {
    qint64 certificateId = 0;
    QString governmentBody; // the body's name from the letter (or the holder's organisation)
    QString letterNo;
    QDate letterDate;
    QString holderName; // "Surname Name Patronymic" as registered; the certificate's CN otherwise
    QString holderId;   // IIN
    QDateTime issuedAt;
    QString keyMediaSerial;
    QString serialHex;
    QString blankNumbers;
    QDateTime notBefore;
    QDateTime notAfter;
    QString administrator; // full name of the operator who issued it
    QString profile;
    QString status; // "valid" / "revoked"
    QDateTime revokedAt;
    int reasonCode = -1;
};

// GOV-REVOKE-JOURNAL (App. 5) and the CRL listing: one row per revocation.
struct RevocationRow {
    qint64 certificateId = 0;
    qint64 applicationId = 0; // the revocation application, 0 when revoked without one
    QString holderName;
    QString holderId;
    QString governmentBody;
    QString basisLetterNo; // the revocation letter, when the revocation came with an application
    QDate basisLetterDate;
    QString basisKind; // holder_application | court_decision | ca_termination | holder_left_job
    QString basisDocument;
    QDateTime notBefore;
    QDateTime notAfter;
    QDateTime revokedAt;
    QString serialHex;
    int reasonCode = 0;
    QString administrator; // full name of the operator who recorded the revocation
};

// An open application and its legal deadline.
struct DeadlineRow {
    qint64 applicationId = 0;
    QString formCode;
    QString status; // registered | approved
    QString applicantName;
    QString subject; // IIN / BIN
    QDateTime receivedAt;
    QDate deadline;   // null when the form has no legal deadline
    int daysLeft = 0; // calendar days from today to the deadline, negative when overdue
    bool overdue = false;
    bool dueToday = false;
};

// A valid certificate that expires within the requested number of days.
struct ExpiringRow {
    QString serialHex;
    QString holderName;
    QString holderId;
    QString profile;
    QDateTime notAfter;
    int daysLeft = 0;
};

class Journals {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Journals)
public:
    template <typename Row> using Sink = std::function<bool(const Row&)>;

    explicit Journals(Register& reg)
        : m_reg(reg) {}

    // The CA's display name, checked to exist (the header of every document). Needs ViewRegister.
    Result<QString> caName(const Session& by, const QString& caCode);

    // Certificates issued by the CA in the period, oldest first. Returns the number of rows streamed.
    Result<qint64> issuance(const Session& by, const JournalQuery& q, const Sink<IssuanceRow>& sink);
    // Revocations recorded for the CA's certificates in the period (by revocation date).
    Result<qint64> revocations(const Session& by, const JournalQuery& q, const Sink<RevocationRow>& sink);
    // The register extract: certificates issued OR revoked in the period.
    Result<qint64> registerExtract(const Session& by, const JournalQuery& q, const Sink<IssuanceRow>& sink);
    // Every revoked certificate of the CA (the CRL's content), by serial; the period is ignored.
    Result<qint64> crlEntries(const Session& by, const QString& caCode, const Sink<RevocationRow>& sink);
    // The CA's last published CRL: number and thisUpdate (0 / invalid when none).
    Result<QPair<quint64, QDateTime>> lastCrl(const Session& by, const QString& caCode);
    // Open applications of the CA received in the period (when one is given) and every open overdue one
    // received before it, earliest deadline first.
    Result<qint64> openApplications(const Session& by, const JournalQuery& q, const Sink<DeadlineRow>& sink);
    // Valid certificates of the CA expiring within `days` days from now.
    Result<qint64> expiring(const Session& by, const QString& caCode, int days, const Sink<ExpiringRow>& sink);
    // How many of them, and the first end among them (invalid when none): counted in the index (ca_id,
    // not_after, status) alone, whatever their number (the agenda's line).
    struct ExpiringSummary {
        qint64 count = 0;
        QDateTime first;
    };
    Result<ExpiringSummary> expiringSummary(const Session& by, const QString& caCode, int days);
    // Daily anchors of the audit chain in the period. Needs ViewAudit.
    Result<qint64> anchors(const Session& by, const QDate& from, const QDate& to, const Sink<AuditAnchor>& sink);

    // The number of rows each source would stream (progress bars, page counts).
    Result<qint64> countIssuance(const Session& by, const JournalQuery& q);
    Result<qint64> countRevocations(const Session& by, const JournalQuery& q);

private:
    Result<qint64> caId(const QString& caCode);
    // The CA of an expiring list or summary, after its permission and period are checked.
    Result<qint64> expiringCa(const Session& by, const QString& caCode, int days);
    // [from, to] as UTC timestamps in the register's text form: Kazakhstan midnight to midnight.
    static QString lowerBound(const QDate& from);
    static QString upperBound(const QDate& to);
    Result<qint64> streamCertificates(const QString& where, const QVariantList& binds, const Sink<IssuanceRow>& sink);
    Result<qint64> streamRevocations(const QString& where, const QVariantList& binds, const QString& order,
                                     const Sink<RevocationRow>& sink);
    Register& m_reg;
};

} // namespace tirkeu::registry
