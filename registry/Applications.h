#pragma once
// Applications (issuance and revocation forms) and their workflow:
//   registered -> approved -> done, or registered -> rejected (with a reason).
// Every submission is validated against its form definition here, whoever calls; the four-eyes rule
// (nobody decides an application they registered) and roles are enforced here; the legal deadline
// is computed on the working-day calendar at registration.

#include "forms/Validation.h"
#include "registry/Roles.h"
#include "registry/Rules.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace tirkeu::registry {

class Register;
struct RowRef;

enum class ApplicationStatus { Registered, Approved, Rejected, Done };

struct ApplicationRecord {
    qint64 id = 0;
    qint64 caId = 0;
    QString caCode;
    QString formCode;
    forms::FormPurpose purpose = forms::FormPurpose::Issue;
    ApplicationStatus status = ApplicationStatus::Registered;
    QJsonObject data;
    QStringList attachments;
    bool consent = false;
    QDateTime consentAt;
    QString basisLetterNo;
    QDate basisLetterDate;
    QDateTime receivedAt;
    QDate deadline; // null when the form has no legal deadline
    qint64 personId = 0;
    qint64 organisationId = 0;
    QString registeredBy; // login
    QString decidedBy;    // login
    QDateTime decidedAt;
    QString rejectReasonCode;  // the ground of refusal (RulesBook refusal reasons); empty on refusals made before codes
    QString rejectReasonLabel; // that ground in the interface language (the rules edition of the refusal)
    QString rejectReason;      // the added note (before codes: the whole free-text reason)
    QDateTime completedAt;
    QDateTime retentionUntil;
    QString identification;       // how the holder was identified (Rules::identificationMethods), may be empty
    QStringList missingDocuments; // required attachments not received (registered only to be refused)
    QString subject;              // IIN or BIN the application is about (letters: the body's BIN)
    QString applicantName;        // "SURNAME Name Patronymic" or organisation name
    bool open() const { return status == ApplicationStatus::Registered || status == ApplicationStatus::Approved; }
    bool overdue = false; // open and past its deadline (computed against the register's clock)
    bool dueToday = false;
    // GOV-REVOKE: each person who left the job or changed post, and whether the body reported it in time
    // (Rules::employmentEndReports; filled by get()).
    QList<EmploymentEndReport> employmentEndReports;
};

// The order of a listing; every order ends with the application number, so pages never overlap.
enum class ApplicationSort { Deadline, Number, Ca, Form, Status, Received, Subject, Applicant };

struct ApplicationFilter {
    QString caCode;
    QString formCode;
    std::optional<ApplicationStatus> status;
    bool openOnly = false;
    QString subject;                           // IIN or BIN
    std::optional<forms::FormPurpose> purpose; // issuance or revocation applications only
    // Open applications whose legal deadline falls in [deadlineFrom, deadlineTo] (an invalid end: open);
    // either set means "open and with a deadline".
    QDate deadlineFrom;
    QDate deadlineTo;
    // Free search: digits are an application number or the start of an IIN/BIN; other text is a part of
    // the applicant's surname, name, patronymic or organisation name (as typed, capitalised or upper case).
    QString search;
    ApplicationSort sort = ApplicationSort::Deadline;
    bool descending = false;
    int limit = 200;
    int offset = 0;
};

struct ApplicationHistoryEntry {
    ApplicationStatus status = ApplicationStatus::Registered;
    QDateTime at;
    QString operatorLogin;
    QString note;
};

class Applications {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Applications)
public:
    explicit Applications(Register& reg)
        : m_reg(reg) {}

    static QString statusId(ApplicationStatus s); // "registered", "approved", "rejected", "done"
    static bool statusFromId(const QString& id, ApplicationStatus* out);
    static QString statusName(ApplicationStatus s); // translated

    // Registers a filled form. receivedAt defaults to now. Revocation forms must name certificates
    // of this CA that belong to the applicant (IIN/BIN); this is also how a revocation request is recorded.
    Result<qint64> submit(const Session& by, const QString& caCode, const QString& formCode,
                          const forms::Submission& submission, const QDateTime& receivedAt = {});
    // Re-issue: a new application that replaces certificate `serial` of the CA. The holder (IIN/BIN)
    // must be the same; issuing it may revoke the old certificate as superseded in the same step.
    Result<qint64> submitReplacement(const Session& by, const QString& caCode, const QString& serial,
                                     const QString& formCode, const forms::Submission& submission);
    // What to pre-fill a re-issue with: the form and data of the application the certificate came from.
    struct ReissueTemplate {
        QString caCode;
        QString formCode;
        QString serial;
        QJsonObject data;
    };
    Result<ReissueTemplate> reissueTemplate(const Session& by, const QString& caCode, const QString& serial);
    // The serial of the certificate application `id` replaces (a re-issue); empty when it replaces none.
    Result<QString> replacedSerial(const Session& by, qint64 id);
    Status approve(const Session& by, qint64 id, const QString& note = {});
    // Refuses an application on one of its CA's grounds (RulesBook refusal reasons, e.g. NCA-DOCS-MISSING for
    // missing documents); `note` is optional free text added to it. Stored in reject_reason as
    // "CODE" or "CODE: note" (the hashed column of the event chain), the audit event carries both.
    Status reject(const Session& by, qint64 id, const QString& reasonCode, const QString& note = {});
    // "CODE — label" and the note, for display; the free text of refusals made before codes.
    static QString refusalText(const ApplicationRecord& r);
    // Splits a stored reject_reason into code and note (an unknown prefix is no code).
    static void splitRefusal(const QString& stored, QString* code, QString* note);
    Status markDone(const Session& by, qint64 id, const QString& note = {});
    // Whether `by` may move the application (as read) to `to` — approve/reject (Registered, not their own
    // registration: four-eyes) or done (Approved) — with the refusal decide() would give. No database
    // access: screens enable their buttons with it; the workflows check again when they write.
    static Status mayDecide(const Session& by, const ApplicationRecord& r, ApplicationStatus to);

    Result<ApplicationRecord> get(const Session& by, qint64 id);
    Result<QList<ApplicationRecord>> list(const Session& by, const ApplicationFilter& filter);
    // Whether application `applicationId` is a basis for revoking the certificate `serial` (normalised hex) of
    // the CA `caId` for `reasonCode`: a revocation application of that CA, approved (or finished by the
    // electronic application being carried out), naming that certificate with that reason, the certificate
    // belonging to the applicant it names. Asked by every revocation that cites an application
    // (Revocations::record), inside its transaction.
    Status checkRevocationBasis(qint64 caId, qint64 applicationId, const QString& serial, int reasonCode);
    // Whether the application `data` of the form `formCode` to the CA `caId` may replace the certificate
    // `certificateId` (a re-issue): a certificate of that CA issued on an application of the same kind of form, to
    // the same holder — the same person (IIN), the same organisation (BIN), a letter's one person of the same body,
    // or, on a CA's application, the certificate of the CA it names. A match is required, not merely the absence of
    // a mismatch (attack of session 33, C1: a certificate without a person or organisation — the CA's OCSP signer,
    // a subordinate CA's certificate — was replaced by anyone's application and revoked as superseded). Asked when
    // the application is registered and again before issuance revokes the replaced certificate.
    Status checkReplacement(qint64 caId, const QString& formCode, const QJsonObject& data, qint64 certificateId);
    // The number of applications the filter matches (limit and offset ignored): totals and page counts.
    Result<qint64> count(const Session& by, const ApplicationFilter& filter);
    Result<QList<ApplicationHistoryEntry>> history(const Session& by, qint64 id);

private:
    Result<qint64> insertApplication(const Session& by, const QString& caCode, const QString& formCode,
                                     const forms::Submission& submission, const QDateTime& receivedAt,
                                     qint64 replacesCertificateId);
    static Status transitionAllowed(const Session& by, qint64 id, ApplicationStatus current, bool registeredByThem,
                                    ApplicationStatus to);
    Status decide(const Session& by, qint64 id, ApplicationStatus to, const QString& note,
                  const QString& reasonCode = {});
    // onlySerial (normalised hex): that certificate's row only, and whether it is revoked is not asked.
    Status checkRevocationTargets(qint64 caId, const forms::FormDef& form, const QJsonObject& data,
                                  const QString& onlySerial = {});
    // The holders an application names (registry/ApplicationHolders.cpp). Registering it finds each by
    // IIN/BIN or adds a new one with the form's data, and only extends a known holder's retention: a known
    // holder's data changes when an officer approves the application (applyHolderData, which returns what
    // changed for the approval's event), never by a registration alone, which a rejection would leave behind.
    Result<qint64> registerPerson(const QJsonObject& fields, const QDateTime& retentionUntil);
    Result<qint64> registerOrganisation(const QJsonObject& fields, bool governmentBody,
                                        const QDateTime& retentionUntil);
    // `changedRows` receives the holder rows it changed (for the event to bind).
    Result<QJsonArray> applyHolderData(const QJsonObject& data, QList<RowRef>* changedRows);
    Result<int> recordYears(forms::CaKind kind);
    // The WHERE clause of a filter (limit, offset and order aside) and its binds.
    QString filterWhere(const ApplicationFilter& filter, QVariantList* binds) const;
    Register& m_reg;
};

} // namespace tirkeu::registry
