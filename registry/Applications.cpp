// Applications: statuses, submitting an application (with its person or organisation), re-issue templates,
// deciding (approve, reject, done) under the rules. Reading applications back is in ApplicationQueries.cpp.
#include "registry/Applications.h"
#include "forms/Validation.h"

#include "registry/Database.h"
#include "registry/Internal.h"

#include "registry/CaDirectory.h"
#include "registry/CalendarService.h"
#include "registry/CertificateQueries.h"
#include "registry/Language.h"
#include "registry/Register.h"
#include "registry/Revocations.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"
#include "registry/Search.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tirkeu::registry {

namespace {

// A serial as a form gives it, in the register's spelling (hex, upper case, no separators); as given when it is
// none (then it matches no certificate).
QString registerSerial(const QString& fromForm) {
    auto n = CertificateQueries::normaliseSerial(fromForm);
    return n ? *n : fromForm;
}

QString compact(const QJsonObject& o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString compact(const QJsonArray& a) {
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
using detail::str;

// Whether two applications are of the same government body (their letters' org_name, case and spaces aside): a
// body's letter revokes or re-issues its own employees' certificates only (attack of session 32, B18; session 33, C1).
bool sameBody(const QJsonObject& a, const QJsonObject& b) {
    return str(a, "org_name").simplified().toCaseFolded() == str(b, "org_name").simplified().toCaseFolded();
}

// The name of the CA a CA certificate certifies: the name of its ROOT-ISSUE application (`issuedOn`), else its
// subject's common name.
QString certifiedCaName(const QJsonObject& issuedOn, const QString& subject) {
    const QString named = str(issuedOn, "ca_name").trimmed();
    if (!named.isEmpty())
        return named;
    return QRegularExpression(QStringLiteral("(?:^|,)CN=([^,]+)")).match(subject).captured(1).trimmed();
}

} // namespace

QString Applications::statusId(ApplicationStatus s) {
    switch (s) {
    case ApplicationStatus::Registered:
        return QStringLiteral("registered");
    case ApplicationStatus::Approved:
        return QStringLiteral("approved");
    case ApplicationStatus::Rejected:
        return QStringLiteral("rejected");
    case ApplicationStatus::Done:
        return QStringLiteral("done");
    }
    return {};
}

bool Applications::statusFromId(const QString& id, ApplicationStatus* out) {
    for (auto s : {ApplicationStatus::Registered, ApplicationStatus::Approved, ApplicationStatus::Rejected,
                   ApplicationStatus::Done}) {
        if (statusId(s) == id) {
            if (out)
                *out = s;
            return true;
        }
    }
    return false;
}

QString Applications::statusName(ApplicationStatus s) {
    switch (s) {
    case ApplicationStatus::Registered:
        return tr("registered");
    case ApplicationStatus::Approved:
        return tr("approved");
    case ApplicationStatus::Rejected:
        return tr("rejected");
    case ApplicationStatus::Done:
        return tr("done");
    }
    return {};
}

Result<int> Applications::recordYears(forms::CaKind kind) {
    auto y = m_reg.db().scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = ?"),
                               {forms::caKindId(kind)});
    if (!y)
        return y.error();
    auto minimum = m_reg.rules().minRecordYears(kind);
    if (!minimum)
        return minimum.error();
    return qMax(qMax(1, y->toInt()), *minimum);
}

Status Applications::checkRevocationTargets(qint64 caId, const forms::FormDef& form, const QJsonObject& data,
                                            const QString& onlySerial) {
    // Each certificate named must be in this CA's register, not revoked yet (at registration), and belong to the
    // applicant the form names: the same person (IIN) on a person's form or row, the same organisation (BIN) on a
    // legal entity's form. A match is required, not merely the absence of a mismatch: a certificate without a person
    // or an organisation belongs to no applicant of that kind (attack of session 32, B2: a legal entity's application
    // revoked a private individual's certificate, whose empty organisation was never compared).
    QList<QJsonObject> rows;
    if (form.hasPersons()) {
        for (const QJsonValue& v : data.value(QStringLiteral("persons")).toArray())
            rows << v.toObject();
    } else {
        rows << data;
    }
    for (const QJsonObject& row : rows) {
        const QString serial = str(row, "cert_serial");
        if (serial.isEmpty() || (!onlySerial.isEmpty() && registerSerial(serial) != onlySerial))
            continue;
        auto q = m_reg.db().exec(QStringLiteral("SELECT c.status, p.iin, o.bin, c.profile, c.subject, a.data, "
                                                "(SELECT r.reason_code FROM revocations r WHERE r.certificate_id = "
                                                "c.id), c.not_before FROM certificates c "
                                                "LEFT JOIN persons p ON p.id = c.person_id "
                                                "LEFT JOIN organisations o ON o.id = c.organisation_id "
                                                "LEFT JOIN applications a ON a.id = c.application_id "
                                                "WHERE c.ca_id = ? AND c.serial = ?"),
                                 {caId, registerSerial(serial)});
        if (!q)
            return q.error();
        if (!q->next())
            return makeError(ErrorCode::NotFound, tr("The certificate %1 is not in this CA's register.").arg(serial));
        // On hold, it may still be revoked for good (Revocations::record supersedes the hold; B1).
        if (onlySerial.isEmpty() && q->value(0).toString() == u"revoked" &&
            q->value(6).toInt() != Revocations::kCertificateHold)
            return makeError(ErrorCode::Conflict, tr("The certificate %1 is already revoked.").arg(serial));
        const QString iin = str(row, "iin");
        const QString bin = str(row, "bin");
        if ((!iin.isEmpty() && q->value(1).toString() != iin) || (!bin.isEmpty() && q->value(2).toString() != bin))
            return makeError(ErrorCode::Invalid,
                             tr("The certificate %1 does not belong to the applicant named on the form.").arg(serial));
        // A government body's letter (GOV-REVOKE) names its own employees' certificates: those issued on a letter of
        // that body (attack of session 32, B18: a ministry's letter revoked another ministry's employee, known by IIN).
        const QJsonObject issuedOn = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        if (form.hasPersons() && !sameBody(issuedOn, data)) {
            const QString body = str(data, "org_name").simplified();
            const QString issuedFor = str(issuedOn, "org_name").simplified();
            return makeError(ErrorCode::Invalid,
                             tr("The certificate %1 was issued on a letter of %2, not of %3: a body's letter "
                                "revokes its own employees' certificates.")
                                 .arg(serial, issuedFor.isEmpty() ? QStringLiteral("—") : issuedFor, body));
        }
        // The form names the certificate by its serial number and its issue date (NCA App. 4 and 5, GOV App. 4): the
        // date is the certificate's first day of validity in Almaty, so that a mistyped serial, or one copied from
        // another certificate, is caught (attack of session 32, B23: a form dated 2010-01-01 revoked a certificate
        // issued that day). Checked at registration and again when the application is carried out.
        if (form.field(QStringLiteral("cert_issue_date")) || form.personField(QStringLiteral("cert_issue_date"))) {
            const QString given = str(row, "cert_issue_date").trimmed();
            const QDate issuedOn = fromDbTime(q->value(7).toString()).toTimeZone(Clock::zone()).date();
            if (QDate::fromString(given, Qt::ISODate) != issuedOn) {
                const QDate givenDay = QDate::fromString(given, Qt::ISODate);
                return makeError(ErrorCode::Invalid,
                                 tr("The form gives %1 as the issue date of the certificate %2, but it was issued on "
                                    "%3: check the serial number and the issue date on the form.")
                                     .arg(givenDay.isValid() ? displayDate(givenDay)
                                                             : (given.isEmpty() ? QStringLiteral("—") : given),
                                          serial, displayDate(issuedOn)));
            }
        }
        // A CA's application (ROOT-REVOKE) names a CA: the certificate must be that CA's, as certified (the name of
        // its ROOT-ISSUE application, else its subject's common name) — an application in any CA's name revoked the
        // national CA's certificate (B2).
        if (const QString caName = str(row, "ca_name").trimmed(); !caName.isEmpty()) {
            const QString profile = q->value(3).toString();
            if ((profile != u"subordinate_ca" && profile != u"root_ca") ||
                certifiedCaName(issuedOn, q->value(4).toString()).compare(caName, Qt::CaseInsensitive) != 0)
                return makeError(ErrorCode::Invalid,
                                 tr("The certificate %1 is not the certificate of the CA %2 named on the form.")
                                     .arg(serial, caName));
        }
    }
    return {};
}

Status Applications::checkRevocationBasis(qint64 caId, qint64 applicationId, const QString& serial, int reasonCode) {
    auto row =
        m_reg.db().row(QStringLiteral("SELECT ca_id, purpose, status, form_code, data FROM applications WHERE id = ?"),
                       {applicationId});
    if (!row)
        return row.error();
    if (row->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(applicationId));
    if (row->at(0).toLongLong() != caId)
        return makeError(ErrorCode::Invalid, tr("Application %1 was made to another CA.").arg(applicationId));
    if (row->at(1).toString() != u"revoke")
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 is not an application for revocation.").arg(applicationId));
    // Approved by another officer (or finished in this very transaction by an electronic application whose
    // signature is its control); registered, rejected or withdrawn is no basis (attack of session 32, B3: a
    // rejected application was cited for a revocation with another reason).
    const QString status = row->at(2).toString();
    if (status != u"approved" && status != u"done")
        return makeError(ErrorCode::Conflict,
                         tr("Application %1 is not approved: a revocation application is carried out after another "
                            "officer approved it.")
                             .arg(applicationId));
    const QJsonObject data = QJsonDocument::fromJson(row->at(4).toString().toUtf8()).object();
    bool named = false;
    for (const RevocationTarget& t : Revocations::revocationTargets(data)) {
        if (registerSerial(t.serial) == serial && t.reasonCode == reasonCode)
            named = true;
    }
    if (!named)
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 does not ask for the certificate %2 to be revoked for this reason: a "
                            "revocation carried out on an application revokes what it names, for the reason it gives.")
                             .arg(applicationId)
                             .arg(serial));
    const forms::FormDef* form = forms::FormCatalog::find(row->at(3).toString());
    if (!form)
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 is of a form this program does not know.").arg(applicationId));
    return checkRevocationTargets(caId, *form, data, serial);
}

Result<qint64> Applications::submit(const Session& by, const QString& caCode, const QString& formCode,
                                    const forms::Submission& submission, const QDateTime& receivedAt) {
    return insertApplication(by, caCode, formCode, submission, receivedAt, 0);
}

Result<Applications::ReissueTemplate> Applications::reissueTemplate(const Session& by, const QString& caCode,
                                                                    const QString& serial) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT c.serial, a.form_code, a.data FROM certificates c "
                                            "JOIN cas k ON k.id = c.ca_id "
                                            "LEFT JOIN applications a ON a.id = c.application_id "
                                            "WHERE k.code = ? AND c.serial = upper(?)"),
                             {caCode, serial.trimmed()});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound,
                         tr("The CA %1 has no certificate with the serial number %2.").arg(caCode, serial));
    if (q->value(1).isNull())
        return makeError(ErrorCode::NotFound,
                         tr("The certificate %1 was not issued from an application of this register; fill in a new "
                            "application.")
                             .arg(serial));
    ReissueTemplate t;
    t.caCode = caCode;
    t.serial = q->value(0).toString();
    t.formCode = q->value(1).toString();
    t.data = QJsonDocument::fromJson(q->value(2).toString().toUtf8()).object();
    // What belongs to the old application only.
    for (const char* key : {"application_date", "cert_serial", "cert_issue_date", "identification"})
        t.data.remove(QLatin1String(key));
    return t;
}

Result<qint64> Applications::submitReplacement(const Session& by, const QString& caCode, const QString& serial,
                                               const QString& formCode, const forms::Submission& submission) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    auto q = m_reg.db().row(QStringLiteral("SELECT c.id, k.id FROM certificates c JOIN cas k ON k.id = c.ca_id "
                                           "WHERE k.code = ? AND c.serial = ?"),
                            {caCode, registerSerial(serial)});
    if (!q)
        return q.error();
    if (q->isEmpty())
        return makeError(ErrorCode::NotFound,
                         tr("The CA %1 has no certificate with the serial number %2.").arg(caCode, serial));
    if (Status s = checkReplacement(q->at(1).toLongLong(), formCode, submission.data, q->at(0).toLongLong()); !s)
        return s.error();
    return insertApplication(by, caCode, formCode, submission, {}, q->at(0).toLongLong());
}

Status Applications::checkReplacement(qint64 caId, const QString& formCode, const QJsonObject& data,
                                      qint64 certificateId) {
    auto row = m_reg.db().row(QStringLiteral("SELECT c.serial, c.profile, p.iin, o.bin, a.form_code, a.data, c.subject "
                                             "FROM certificates c LEFT JOIN persons p ON p.id = c.person_id "
                                             "LEFT JOIN organisations o ON o.id = c.organisation_id "
                                             "LEFT JOIN applications a ON a.id = c.application_id "
                                             "WHERE c.id = ? AND c.ca_id = ?"),
                              {certificateId, caId});
    if (!row)
        return row.error();
    if (row->isEmpty())
        return makeError(ErrorCode::NotFound, tr("The certificate to be replaced is not in this CA's register."));
    const QString serial = row->at(0).toString();
    const forms::FormDef* form = forms::FormCatalog::find(formCode);
    const forms::FormDef* oldForm = forms::FormCatalog::find(row->at(4).toString());
    const auto anotherHolder = [&serial] {
        return makeError(ErrorCode::Invalid, tr("The certificate %1 belongs to another holder: a re-issue replaces a "
                                                "certificate of the holder the form names.")
                                                 .arg(serial));
    };
    // Issued on an application of the same kind: an OCSP signer's certificate, or one issued without an application,
    // is never a holder's to replace; an individual's form does not replace a legal entity's certificate.
    if (!form || form->purpose != forms::FormPurpose::Issue || !oldForm || oldForm->subject != form->subject)
        return makeError(ErrorCode::Invalid,
                         tr("The certificate %1 was not issued on an application of this kind (%2): a re-issue "
                            "replaces a certificate issued on the same kind of application.")
                             .arg(serial, formCode));
    const QString certIin = row->at(2).toString();
    const QString certBin = row->at(3).toString();
    const QJsonObject oldData = QJsonDocument::fromJson(row->at(5).toString().toUtf8()).object();
    QJsonObject holder = data;
    if (form->hasPersons()) {
        // A letter's re-issue names the one person, and the body is the one whose letter the certificate came on.
        const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
        if (persons.size() != 1)
            return makeError(
                ErrorCode::Invalid,
                tr("A re-issue on a letter names one person: the holder of the certificate %1.").arg(serial));
        holder = persons.at(0).toObject();
        if (!sameBody(oldData, data))
            return anotherHolder();
    }
    const QString iin = str(holder, "iin");
    const QString bin = str(holder, "bin");
    if (iin != certIin || bin != certBin)
        return anotherHolder();
    // A CA's application replaces the certificate of the CA it names (as certified: its ROOT-ISSUE application's
    // name), never another CA's.
    if (form->subject == forms::SubjectKind::CertificationAuthority) {
        const QString caName = str(data, "ca_name").trimmed();
        if (caName.isEmpty() ||
            certifiedCaName(oldData, row->at(6).toString()).compare(caName, Qt::CaseInsensitive) != 0)
            return makeError(
                ErrorCode::Invalid,
                tr("The certificate %1 is not the certificate of the CA %2 named on the form.").arg(serial, caName));
    }
    return {};
}

Result<qint64> Applications::insertApplication(const Session& by, const QString& caCode, const QString& formCode,
                                               const forms::Submission& submission, const QDateTime& receivedAtIn,
                                               qint64 replacesCertificateId) {
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    const forms::FormDef* form = forms::FormCatalog::find(formCode);
    if (!form)
        return makeError(ErrorCode::Invalid,
                         tr("Unknown form %1. Known forms: %2")
                             .arg(formCode, forms::FormCatalog::codes().join(QStringLiteral(", "))));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->kind != form->caKind)
        return makeError(
            ErrorCode::Invalid,
            tr("The form %1 is not used by the CA %2 (%3).").arg(formCode, caCode, forms::caKindId(ca->kind)));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has ceased operation.").arg(caCode));

    const QDateTime now = m_reg.clock().now();
    const QDateTime receivedAt = receivedAtIn.isValid() ? receivedAtIn.toUTC() : now;
    if (receivedAt > now.addSecs(300))
        return makeError(ErrorCode::Invalid, tr("The receipt time cannot be in the future."));
    // The application is handled under the rules in force when it was received (RulesBook).
    auto rules = m_reg.rules().at(receivedAt);
    if (!rules)
        return rules.error();
    // The attachments the rules require, on top of those the form itself marks required.
    forms::FormDef checkedForm = *form;
    for (forms::AttachmentDef& a : checkedForm.attachments)
        a.required = a.required || rules->attachments.value(form->code).required.contains(a.id);
    // An application received without some required documents is registered only to be refused for
    // that reason: everything else is checked as usual.
    QStringList missing;
    for (const forms::AttachmentDef& a : checkedForm.attachments)
        if (a.required && !submission.attachments.contains(a.id))
            missing << a.id;
    forms::Submission checked = submission;
    if (submission.documentsMissing) {
        if (missing.isEmpty())
            return makeError(ErrorCode::Invalid, tr("No required attachment is missing; register the application "
                                                    "without marking its documents missing."));
        checked.attachments << missing;
    }
    const forms::ValidationResult check = forms::Validator::validate(checkedForm, checked, Language::current());
    if (!check.ok())
        return makeError(ErrorCode::Invalid, check.summary());
    if (Status s = Rules::identificationAllowed(submission.identification.trimmed()); !s)
        return s.error();
    QJsonObject data = forms::Validator::normalised(*form, submission.data);
    if (!submission.identification.trimmed().isEmpty())
        data.insert(QStringLiteral("identification"), submission.identification.trimmed());

    // A letter reporting that holders left the job names the day (Order 348 App. 2 cl. 13).
    auto employmentEnds = Rules::employmentEndReports(*rules, data, receivedAt.toTimeZone(Clock::zone()).date());
    if (!employmentEnds)
        return employmentEnds.error();
    if (Status s = Rules::formDates(*form, data, receivedAt.toTimeZone(Clock::zone()).date(), Language::current()); !s)
        return s.error();

    QDate deadline;
    if (rules->deadlines.contains(form->code)) {
        auto cal = m_reg.calendar().calendar();
        if (!cal)
            return cal.error();
        deadline = deadlineFrom(*cal, receivedAt.toTimeZone(Clock::zone()).date(), rules->deadlines.value(form->code));
    }
    auto policyYears = recordYears(ca->kind);
    if (!policyYears)
        return policyYears.error();
    // Never below the legal minimum of the rules the record is handled under.
    const int minimumYears = rules->retention.value(ca->kind).recordYears;
    const Result<int> years = qMax(*policyYears, minimumYears);
    // Counted from registration, not from the (possibly back-dated) receipt: a form received on paper
    // years ago must not enter the register already past its retention, open, and due for the sweep.
    const QDateTime retention = qMax(receivedAt, now).addYears(*years);

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    if (form->purpose == forms::FormPurpose::Revoke) {
        if (Status s = checkRevocationTargets(ca->id, *form, data); !s)
            return s.error();
    }
    QVariant personId, organisationId;
    QString subject;
    QList<RowRef> holders; // every holder row this registration adds or extends, bound by its event
    if (!str(data, "bin").isEmpty()) {
        auto org = registerOrganisation(data, form->caKind == forms::CaKind::Government, retention);
        if (!org)
            return org.error();
        organisationId = *org;
        holders << RowRef::row(QStringLiteral("organisations"), *org);
        subject = str(data, "bin");
    }
    if (!str(data, "iin").isEmpty()) {
        auto person = registerPerson(data, retention);
        if (!person)
            return person.error();
        personId = *person;
        holders << RowRef::row(QStringLiteral("persons"), *person);
        subject = str(data, "iin");
    }
    for (const QJsonValue& row : data.value(QStringLiteral("persons")).toArray()) {
        if (str(row.toObject(), "iin").isEmpty())
            continue;
        auto person = registerPerson(row.toObject(), retention);
        if (!person)
            return person.error();
        holders << RowRef::row(QStringLiteral("persons"), *person);
    }
    if (subject.isEmpty())
        subject = !str(data, "ca_name").isEmpty() ? str(data, "ca_name") : str(data, "org_name");

    QJsonArray attachments;
    for (const QString& a : submission.attachments)
        attachments.append(a);
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO applications (ca_id, form_code, purpose, status, data, attachments, consent, "
                       "consent_at, basis_letter_no, basis_letter_date, received_at, deadline, person_id, "
                       "organisation_id, registered_by, retention_until, replaces_certificate_id) "
                       "VALUES (?, ?, ?, 'registered', ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?, ?, ?, ?, ?)"),
        {ca->id, form->code,
         form->purpose == forms::FormPurpose::Issue ? QStringLiteral("issue") : QStringLiteral("revoke"), compact(data),
         compact(attachments), submission.consent ? 1 : 0, submission.consent ? toDbTime(now) : QVariant(),
         str(data, "letter_no"), str(data, "letter_date"), toDbTime(receivedAt),
         deadline.isValid() ? toDbDate(deadline) : QVariant(), personId, organisationId, by.operatorId,
         toDbTime(retention), replacesCertificateId > 0 ? QVariant(replacesCertificateId) : QVariant()});
    if (!ins)
        return ins.error();
    const qint64 id = ins->lastInsertId().toLongLong();
    if (Status s = m_reg.rules().recordApplied(QStringLiteral("application"), id, rules->tag()); !s)
        return s.error();
    auto hist = m_reg.db().exec(QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                                               "operator_id, note) VALUES (?, 'registered', ?, ?, NULL)"),
                                {id, toDbTime(now), by.operatorId});
    if (!hist)
        return hist.error();
    QJsonObject details{{QStringLiteral("application"), id},
                        {QStringLiteral("form"), form->code},
                        {QStringLiteral("ca"), ca->code},
                        {QStringLiteral("consent"), submission.consent},
                        {QStringLiteral("rules"), rules->tag()}};
    if (deadline.isValid())
        details.insert(QStringLiteral("deadline"), toDbDate(deadline));
    if (replacesCertificateId > 0)
        details.insert(QStringLiteral("replaces_certificate"), replacesCertificateId);
    if (submission.documentsMissing)
        details.insert(QStringLiteral("documents_missing"), QJsonArray::fromStringList(missing));
    // The holder's IIN/BIN in every holder-related event (seed 001); a letter names each person's IIN.
    if (!str(data, "iin").isEmpty())
        details.insert(QStringLiteral("holder_iin"), str(data, "iin"));
    if (!str(data, "bin").isEmpty())
        details.insert(QStringLiteral("holder_bin"), str(data, "bin"));
    QJsonArray personIins;
    for (const QJsonValue& row : data.value(QStringLiteral("persons")).toArray())
        if (!str(row.toObject(), "iin").isEmpty())
            personIins.append(str(row.toObject(), "iin"));
    if (!personIins.isEmpty())
        details.insert(QStringLiteral("persons_iin"), personIins);
    if (!submission.identification.trimmed().isEmpty())
        details.insert(QStringLiteral("identification"), submission.identification.trimmed());
    QJsonArray lateReports;
    for (const EmploymentEndReport& r : *employmentEnds)
        if (r.late)
            lateReports.append(QJsonObject{{QStringLiteral("iin"), r.iin},
                                           {QStringLiteral("left_on"), toDbDate(r.endedOn)},
                                           {QStringLiteral("days_after"), r.daysAfter}});
    if (!lateReports.isEmpty())
        details.insert(QStringLiteral("employment_end_reported_late"), lateReports);
    auto ev = m_reg.audit().append(by.login, subject, QStringLiteral("application.registered"), details,
                                   holders + QList<RowRef>{RowRef::row(QStringLiteral("applications"), id),
                                                           RowRef::rowsWhere(QStringLiteral("application_history"),
                                                                             QStringLiteral("application_id"), id),
                                                           RulesBook::appliedRow(QStringLiteral("application"), id)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return id;
}

Status Applications::transitionAllowed(const Session& by, qint64 id, ApplicationStatus current, bool registeredByThem,
                                       ApplicationStatus to) {
    const Permission needed =
        to == ApplicationStatus::Done ? Permission::CompleteApplication : Permission::DecideApplication;
    if (Status s = Roles::require(by, needed); !s)
        return s;
    const ApplicationStatus from =
        to == ApplicationStatus::Done ? ApplicationStatus::Approved : ApplicationStatus::Registered;
    if (current != from)
        return makeError(
            ErrorCode::Conflict,
            tr("Application %1 is %2; it cannot become %3.").arg(id).arg(statusName(current), statusName(to)));
    if (to != ApplicationStatus::Done && registeredByThem)
        return makeError(ErrorCode::Forbidden, tr("Four-eyes rule: application %1 was registered by you; another "
                                                  "officer must approve or reject it.")
                                                   .arg(id));
    return {};
}

Status Applications::mayDecide(const Session& by, const ApplicationRecord& r, ApplicationStatus to) {
    return transitionAllowed(by, r.id, r.status, !r.registeredBy.isEmpty() && r.registeredBy == by.login, to);
}

Status Applications::decide(const Session& by, qint64 id, ApplicationStatus to, const QString& note,
                            const QString& reasonCodeIn) {
    const Permission needed =
        to == ApplicationStatus::Done ? Permission::CompleteApplication : Permission::DecideApplication;
    if (Status s = Roles::require(by, needed); !s)
        return s;
    if (const QString why = forms::Validator::forbiddenCharacterIn(note, tr("Note"), true); !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    if (to == ApplicationStatus::Rejected && reasonCodeIn.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("A rejection needs a reason code (one of the CA's grounds of "
                                                "refusal); free text can only be added as a note."));
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto q = m_reg.db().exec(QStringLiteral("SELECT a.status, a.registered_by, a.form_code, c.kind, "
                                            "coalesce(p.iin, o.bin, ''), a.data, a.attachments, a.purpose, a.ca_id "
                                            "FROM applications a "
                                            "JOIN cas c ON c.id = a.ca_id LEFT JOIN persons p ON p.id = a.person_id "
                                            "LEFT JOIN organisations o ON o.id = a.organisation_id WHERE a.id = ?"),
                             {id});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(id));
    ApplicationStatus current = ApplicationStatus::Registered;
    statusFromId(q->value(0).toString(), &current);
    const qint64 registeredBy = q->value(1).toLongLong();
    forms::CaKind kind = forms::CaKind::National;
    forms::caKindFromId(q->value(3).toString(), &kind);
    QString subject = q->value(4).toString();
    if (subject.isEmpty()) {
        // Letters and CA applications name no IIN/BIN of their own: the subject submit() logged them under.
        const QJsonObject data = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        subject = !str(data, "ca_name").isEmpty() ? str(data, "ca_name") : str(data, "org_name");
    }

    if (Status s = transitionAllowed(by, id, current, registeredBy == by.operatorId, to); !s)
        return s;
    if (to == ApplicationStatus::Approved) {
        // Registered with documents missing (to be refused for it): never approved while they are.
        const forms::FormDef* form = forms::FormCatalog::find(q->value(2).toString());
        const QJsonArray have = QJsonDocument::fromJson(q->value(6).toString().toUtf8()).array();
        QStringList missing;
        for (const forms::AttachmentDef& a : form ? form->attachments : QList<forms::AttachmentDef>())
            if (a.required && !have.contains(QJsonValue(a.id)))
                missing << a.id;
        if (!missing.isEmpty())
            return makeError(ErrorCode::Conflict,
                             tr("Application %1 was received without the required documents (%2); it can only be "
                                "refused on that ground.")
                                 .arg(id)
                                 .arg(missing.join(QStringLiteral(", "))));
    }
    if (to == ApplicationStatus::Done && q->value(7).toString() == u"revoke") {
        // A revocation application is finished by carrying it out (revokeFromApplication marks it done in the
        // revocations' transaction): never closed while a certificate it names is not revoked on it (attack of
        // session 32, B19: an approved key-compromise application was marked done, the certificate stayed valid and
        // the deadline left every list).
        const QJsonObject data = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        for (const RevocationTarget& t : Revocations::revocationTargets(data)) {
            auto revoked = m_reg.db().scalar(
                QStringLiteral("SELECT count(*) FROM revocations r JOIN certificates c ON c.id = r.certificate_id "
                               "WHERE c.ca_id = ? AND c.serial = ? AND r.application_id = ?"),
                {q->value(8).toLongLong(), registerSerial(t.serial), id});
            if (!revoked)
                return revoked.error();
            if (revoked->toLongLong() == 0)
                return makeError(ErrorCode::Conflict,
                                 tr("Application %1 asks for the certificate %2 to be revoked, which has not been done "
                                    "on it: a revocation application is finished by carrying it out (certificate "
                                    "revoke --application %1), or rejected.")
                                     .arg(id)
                                     .arg(t.serial));
        }
    }
    QString reasonCode;
    if (to == ApplicationStatus::Rejected) {
        // The grounds of the rules in force now (RulesBook).
        auto rules = m_reg.rules().at();
        if (!rules)
            return rules.error();
        if (Status s = Rules::refusalReasonAllowed(*rules, kind, reasonCodeIn); !s)
            return s;
        reasonCode = Rules::refusalReason(*rules, kind, reasonCodeIn)->code;
    }
    const QString stored = note.trimmed().isEmpty() ? reasonCode : reasonCode + QStringLiteral(": ") + note.trimmed();
    auto years = recordYears(kind);
    if (!years)
        return years.error();
    const QDateTime now = m_reg.clock().now();
    const QString nowText = toDbTime(now);
    const QString retention = toDbTime(now.addYears(*years));
    Result<QSqlQuery> up =
        to == ApplicationStatus::Done
            ? m_reg.db().exec(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, "
                                             "completed_by = ?, retention_until = greatest(retention_until, ?) "
                                             "WHERE id = ?"),
                              {nowText, by.operatorId, retention, id})
            : m_reg.db().exec(QStringLiteral("UPDATE applications SET status = ?, decided_by = ?, "
                                             "decided_at = ?, reject_reason = nullif(?, ''), "
                                             "retention_until = greatest(retention_until, ?) WHERE id = ?"),
                              {statusId(to), by.operatorId, nowText,
                               to == ApplicationStatus::Rejected ? stored : QString(), retention, id});
    if (!up)
        return up.error();
    auto hist = m_reg.db().exec(
        QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                       "operator_id, note) VALUES (?, ?, ?, ?, nullif(?, ''))"),
        {id, statusId(to), nowText, by.operatorId, to == ApplicationStatus::Rejected ? stored : note.trimmed()});
    if (!hist)
        return hist.error();
    QJsonObject details{{QStringLiteral("application"), id}, {QStringLiteral("form"), q->value(2).toString()}};
    QList<RowRef> holders; // the holder rows the approval changed, bound by its event
    if (to == ApplicationStatus::Approved) {
        // Only now, approved by a second person, does the form's data become the holder's in the register.
        auto changed = applyHolderData(QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object(), &holders);
        if (!changed)
            return changed.error();
        if (!changed->isEmpty())
            details.insert(QStringLiteral("holder_data_changed"), *changed);
    }
    if (to == ApplicationStatus::Rejected)
        details.insert(QStringLiteral("reason_code"), reasonCode);
    if (!note.trimmed().isEmpty())
        details.insert(QStringLiteral("note"), note.trimmed());
    auto ev = m_reg.audit().append(by.login, subject, QStringLiteral("application.") + statusId(to), details,
                                   holders + QList<RowRef>{RowRef::row(QStringLiteral("applications"), id),
                                                           RowRef::rowsWhere(QStringLiteral("application_history"),
                                                                             QStringLiteral("application_id"), id)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Status Applications::approve(const Session& by, qint64 id, const QString& note) {
    return decide(by, id, ApplicationStatus::Approved, note);
}
Status Applications::reject(const Session& by, qint64 id, const QString& reasonCode, const QString& note) {
    return decide(by, id, ApplicationStatus::Rejected, note, reasonCode);
}

void Applications::splitRefusal(const QString& stored, QString* code, QString* note) {
    const qsizetype colon = stored.indexOf(u':');
    const QString head = colon < 0 ? stored : stored.left(colon);
    if (Rules::looksLikeRefusalCode(head)) {
        *code = head;
        *note = colon < 0 ? QString() : stored.mid(colon + 1).trimmed();
    } else {
        code->clear();
        *note = stored;
    }
}

QString Applications::refusalText(const ApplicationRecord& r) {
    QString out;
    if (!r.rejectReasonCode.isEmpty())
        out = r.rejectReasonLabel.isEmpty() ? r.rejectReasonCode
                                            : QStringLiteral("%1 — %2").arg(r.rejectReasonCode, r.rejectReasonLabel);
    if (!r.rejectReason.isEmpty())
        out += (out.isEmpty() ? QString() : QStringLiteral("; ")) + r.rejectReason;
    return out;
}
Status Applications::markDone(const Session& by, qint64 id, const QString& note) {
    return decide(by, id, ApplicationStatus::Done, note);
}

} // namespace tirkeu::registry
