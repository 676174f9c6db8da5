#pragma once
// The legal and safety rules of issuance, each in exactly one place (SPEC.md), called by the CA engine
// and — for early feedback — by the GUI and the CLI, so every path obeys the same rule and message.
// The database backs the one-key rule with a trigger (schema migration 4).

#include "forms/FormDefinition.h"
#include "pki/Result.h"
#include "registry/RulesBook.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tirkeu::registry {

class Database;

// A government body's report that a holder left the job or changed post (Order 348 App. 2 cl. 13): one per
// person of a GOV-REVOKE letter whose reason is affiliation_changed.
struct EmploymentEndReport {
    int person = -1;   // index in the letter's persons
    QString iin;       // the person's IIN
    QDate endedOn;     // the day the person left or changed post (the letter's employment_end_date)
    QDate reportedOn;  // the day the letter was received (Kazakhstan date)
    int daysAfter = 0; // calendar days from endedOn to reportedOn
    int limitDays = 0; // the rules edition's gov.employment_end_report
    bool late = false; // reported after the limit
};

// Government Bodies CA (Order 348 App. 2 cl. 10): the body's employee named in its internal order who receives
// the certificate and the key media. Recorded with the issuance (the certificate.issued event, "media_recipient").
struct MediaRecipient {
    QString name;
    QString position;
    QString orderNumber; // the body's internal order naming the employee
    QDate orderDate;
    bool isEmpty() const {
        return name.isEmpty() && position.isEmpty() && orderNumber.isEmpty() && !orderDate.isValid();
    }
    QJsonObject toJson() const;
    static MediaRecipient fromJson(const QJsonObject& o);
};

class Rules {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Rules)
public:
    // The holder's password for a PKCS#12 made here (typed twice by the holder).
    static constexpr int kMinHolderPassword = 8;
    static Status holderPassword(const QString& password);

    // A CA key passphrase (new CA keys, restored keys).
    static constexpr int kMinCaPassphrase = 12;
    static Status caPassphrase(const QString& passphrase);

    // Only approved applications are issued: `statusId` is the application's stored status.
    static Status onlyApprovedIsIssued(qint64 applicationId, const QString& statusId);

    // Government Bodies CA: one valid private key per holder. Refuses when the person already holds a
    // certificate of that CA, other than `exceptCertificateId`, that is not expired at `now` and is valid or on
    // hold (a release makes it valid again). Asked inside the issuing write transaction, and by the release of a
    // hold (the certificate released excepted), so the answer stays true until the commit.
    static Status oneKeyPerHolder(Database& db, qint64 caId, qint64 personId, const QString& holder,
                                  const QDateTime& now, qint64 exceptCertificateId = 0);

    // Retention: a policy below the legal minimum of the rules edition in force (RulesBook: records N years
    // after termination per CA kind, the event log N years after the certificate's expiry) is refused
    // with a message naming the minimum and the legal act it comes from.
    static Status retentionAtLeastLegalMinimum(forms::CaKind kind, int recordYears, int eventLogYears,
                                               const RulesEdition& rules);

    // Refusals: the closed list of grounds on which a CA kind refuses an application, from the rules
    // edition in force (RulesBook; the seed's grounds: Order 348 App. 1 §10; App. 3 §4-5; App. 2 §3, §4,
    // §11). An application is refused only on one of its CA's grounds; free text is an added note.
    // The reason with this code among the CA kind's grounds (case-insensitive); nullopt when it is not one.
    static std::optional<RefusalReason> refusalReason(const RulesEdition& rules, forms::CaKind kind,
                                                      const QString& code);
    // Refuses a code that is not one of the CA kind's grounds, listing them.
    static Status refusalReasonAllowed(const RulesEdition& rules, forms::CaKind kind, const QString& code);
    // The form of a refusal code (ROOT-DOCS-MISSING): what a rules file may define (RulesBook::parse) and
    // how a stored refusal's code is told from free text.
    static bool looksLikeRefusalCode(const QString& text);

    // How the holder was identified (seed 001 §6): in person at the registration centre with an identity
    // document; biometric identification at the registration centre (§6(2)); remote multi-factor
    // identification, one factor biometric (§6(1)). Recorded with the application (data "identification").
    static QStringList identificationMethods();              // ids: in_person, centre_biometric, remote_biometric
    static QString identificationLabel(const QString& id);   // translated; the id itself when unknown
    static QString identificationPrinted(const QString& id); // Kazakh / Russian, for printed documents
    static Status identificationAllowed(const QString& id);

    // CA key backup (seed 001 §5, RulesBook::keyBackupMinimum): the data key is split N-of-M, "not less
    // than 3 of 5" — at least the edition's threshold of shares needed out of at least its number of shares,
    // each share with a named custodian (name and position).
    static Status keyBackupScheme(const RulesEdition& rules, int shares, int threshold);

    // Government Bodies CA (Order 348 App. 2 cl. 8, 10): the CA's employee generates the key onto the key media, whose
    // serial is recorded on every path; a request made outside (fromCsr) only where the edition allows it
    // (gov.outside_csr_allowed) and with a reason; the employee named in the body's internal order who receives
    // the media is recorded (name, position, order number and date). A batch (inBatch) carries neither reason nor
    // recipient: the Government Bodies CA is not issued in a batch.
    // The recipient's name, position and the order's number and date are all given (part of governmentIssuance;
    // the GUI asks it for early feedback).
    // `today` (Almaty; invalid: not checked, the dialog's early check): the order is dated not after it, nor before
    // 2003 (the forms' dates; attack of session 32, B24: an order dated 2030 was recorded).
    static Status mediaRecipient(const MediaRecipient& recipient, const QDate& today = {});
    static Status governmentIssuance(const RulesEdition& rules, bool fromCsr, bool inBatch, const QString& mediaSerial,
                                     const QString& outsideCsrReason, const MediaRecipient& recipient,
                                     const QDate& today);

    // How the holder's key reaches the CA, as the application asks (the issuance dialog preselects it; the
    // officer may choose the other path): the Government Bodies CA's employee generates the key onto the
    // key media (Order 348 App. 2 cl. 8; a request made outside is the exception governmentIssuance allows
    // only with a reason); elsewhere a key on a token is made on the token and reaches the CA as the holder's
    // request, and a key in a file is generated here into a PKCS#12 file; a form without key media (a
    // subordinate CA's) comes as a request.
    enum class KeyPath { HolderRequest, GeneratedOnMedia };
    static KeyPath suggestedKeyPath(const QString& formCode, const QJsonObject& data);

    // Government Bodies CA (Order 348 App. 2 cl. 13): the body reports within N calendar days (deadline
    // gov.employment_end_report of the edition) that a holder left the job or changed post. Each person of a
    // revocation letter whose reason is affiliation_changed names that day (employment_end_date), which cannot be
    // after the day the letter was received; the reports say how many days after it the letter came and whether
    // that was late. Refuses a person with that reason and no day, or a day after the receipt.
    static Result<QList<EmploymentEndReport>> employmentEndReports(const RulesEdition& rules, const QJsonObject& data,
                                                                   const QDate& receivedOn);

    // The dates written on a form (the application's or letter's date, the identity document's issue, the birth,
    // the issue of the certificate to revoke, the day a holder left the job) are of things that happened before
    // the form reached the centre: none is after the day it was received. The application's or letter's date
    // and the certificate's issue are not before 7 January 2003, the Law on the electronic document and
    // electronic digital signature (No. 370-II): no such application or certificate existed before it. GOV
    // letters: each person's row too. A typing slip (2062 for 2026, 1926) is caught at registration.
    static Status formDates(const forms::FormDef& form, const QJsonObject& data, const QDate& receivedOn,
                            const QString& uiLang);
    static constexpr int kSignatureLawYear = 2003, kSignatureLawMonth = 1, kSignatureLawDay = 7;
};

} // namespace tirkeu::registry
