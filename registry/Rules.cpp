#include "registry/Rules.h"

#include "forms/Validation.h"
#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/RulesBook.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tirkeu::registry {

Status Rules::holderPassword(const QString& password) {
    if (password.size() < kMinHolderPassword)
        return makeError(ErrorCode::Invalid, tr("The holder's password for the key file must have at least %1 "
                                                "characters.")
                                                 .arg(kMinHolderPassword));
    return {};
}

Status Rules::caPassphrase(const QString& passphrase) {
    if (passphrase.size() < kMinCaPassphrase)
        return makeError(ErrorCode::Invalid,
                         tr("The CA key passphrase must have at least %1 characters.").arg(kMinCaPassphrase));
    return {};
}

QJsonObject MediaRecipient::toJson() const {
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("position"), position},
                       {QStringLiteral("order_number"), orderNumber},
                       {QStringLiteral("order_date"), orderDate.toString(Qt::ISODate)}};
}

MediaRecipient MediaRecipient::fromJson(const QJsonObject& o) {
    MediaRecipient r;
    r.name = o.value(QStringLiteral("name")).toString();
    r.position = o.value(QStringLiteral("position")).toString();
    r.orderNumber = o.value(QStringLiteral("order_number")).toString();
    r.orderDate = QDate::fromString(o.value(QStringLiteral("order_date")).toString(), Qt::ISODate);
    return r;
}

Rules::KeyPath Rules::suggestedKeyPath(const QString& formCode, const QJsonObject& data) {
    const forms::FormDef* form = forms::FormCatalog::find(formCode);
    if (!form)
        return KeyPath::HolderRequest;
    if (form->caKind == forms::CaKind::Government)
        return KeyPath::GeneratedOnMedia;
    QJsonObject holder = data;
    const forms::FieldDef* media = form->field(QStringLiteral("key_media"));
    if (!media && form->hasPersons()) {
        media = form->personField(QStringLiteral("key_media"));
        const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
        holder = persons.isEmpty() ? QJsonObject() : persons.first().toObject();
    }
    if (!media) // a subordinate CA's key stays in its own HSM: only its request reaches the root
        return KeyPath::HolderRequest;
    QString chosen = holder.value(media->id).toString().trimmed();
    if (chosen.isEmpty())
        chosen = media->defaultValue;
    return chosen == u"token" ? KeyPath::HolderRequest : KeyPath::GeneratedOnMedia;
}

Status Rules::governmentIssuance(const RulesEdition& rules, bool fromCsr, bool inBatch, const QString& mediaSerial,
                                 const QString& outsideCsrReason, const MediaRecipient& recipient, const QDate& today) {
    if (inBatch)
        return makeError(ErrorCode::Invalid,
                         tr("The Government Bodies CA does not issue in a batch: its keys are generated onto the key "
                            "media and the employee who receives the media is recorded (%1). Issue each person's "
                            "certificate on its own.")
                             .arg(rules.govKeys.clause));
    if (mediaSerial.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("The Government Bodies CA records the serial number of the "
                                                "key media: enter it."));
    if (fromCsr && !rules.govKeys.outsideCsrAllowed)
        return makeError(ErrorCode::Invalid,
                         tr("The Government Bodies CA generates the holder's key onto the key media (%1); the rules in "
                            "force (%2) do not allow issuing from a request made outside the CA.")
                             .arg(rules.govKeys.clause, rules.tag()));
    if (fromCsr && outsideCsrReason.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("The Government Bodies CA generates the holder's key onto the key media (%1): issuing from "
                            "a request made outside the CA needs the reason, which is recorded.")
                             .arg(rules.govKeys.clause));
    if (const QString why = forms::Validator::forbiddenCharacterIn(
            outsideCsrReason, tr("Reason for a request made outside the CA"), true);
        !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    return mediaRecipient(recipient, today);
}

Status Rules::mediaRecipient(const MediaRecipient& recipient, const QDate& today) {
    if (recipient.name.trimmed().isEmpty() || recipient.position.trimmed().isEmpty() ||
        recipient.orderNumber.trimmed().isEmpty() || !recipient.orderDate.isValid())
        return makeError(ErrorCode::Invalid,
                         tr("The Government Bodies CA hands the key media only to the employee named in the body's "
                            "internal order (Order 348, App. 2, cl. 10): enter the employee's name and position and "
                            "the order's number and date."));
    // Recorded with the certificate and shown in its details (attack of session 30, A11: a bidi override showed
    // the order No 17-ө of 07.12.2026 as "ө-71" and "6202.21.70").
    const std::pair<const QString*, QString> texts[] = {{&recipient.name, tr("Recipient's name")},
                                                        {&recipient.position, tr("Recipient's position")},
                                                        {&recipient.orderNumber, tr("Internal order number")}};
    for (const auto& [text, label] : texts) {
        if (const QString why = forms::Validator::forbiddenCharacterIn(*text, label); !why.isEmpty())
            return makeError(ErrorCode::Invalid, why);
    }
    if (recipient.orderDate.year() < 2003 || (today.isValid() && recipient.orderDate > today))
        return makeError(ErrorCode::Invalid, tr("The internal order is dated %1: an order handing over the key media "
                                                "is dated between 2003 and today.")
                                                 .arg(displayDate(recipient.orderDate)));
    return {};
}

Status Rules::onlyApprovedIsIssued(qint64 applicationId, const QString& statusId) {
    if (statusId == u"approved")
        return {};
    ApplicationStatus status;
    const QString name = Applications::statusFromId(statusId, &status) ? Applications::statusName(status) : statusId;
    return makeError(
        ErrorCode::Conflict,
        tr("Application %1 is %2: only approved applications can be issued.").arg(applicationId).arg(name));
}

Status Rules::oneKeyPerHolder(Database& db, qint64 caId, qint64 personId, const QString& holder, const QDateTime& now,
                              qint64 exceptCertificateId) {
    if (personId <= 0)
        return {};
    // A certificate on hold still holds its key: its release makes it valid again (attack of session 32, B4: a hold,
    // a second certificate, then the release left two valid keys).
    auto held = db.row(QStringLiteral("SELECT c.serial, c.status FROM certificates c WHERE c.ca_id = ? AND "
                                      "c.person_id = ? AND c.not_after > ? AND c.id <> ? AND (c.status = 'valid' OR "
                                      "EXISTS (SELECT 1 FROM revocations r WHERE r.certificate_id = c.id AND "
                                      "r.reason_code = 6)) LIMIT 1"),
                       {caId, personId, toDbTime(now), exceptCertificateId});
    if (!held)
        return held.error();
    if (held->isEmpty())
        return {};
    if (held->at(1).toString() == u"valid")
        return makeError(ErrorCode::Conflict, tr("The holder %1 already has a valid certificate %2 at this CA: one key "
                                                 "per holder; revoke it first.")
                                                  .arg(holder, held->at(0).toString()));
    return makeError(ErrorCode::Conflict,
                     tr("The holder %1 has the certificate %2 at this CA on hold, and a release would make it valid "
                        "again: one key per holder. Revoke it for good first, or release it instead.")
                         .arg(holder, held->at(0).toString()));
}

Status Rules::retentionAtLeastLegalMinimum(forms::CaKind kind, int recordYears, int eventLogYears,
                                           const RulesEdition& rules) {
    const int minRecords = rules.retention.value(kind).recordYears;
    if (recordYears < minRecords)
        return makeError(ErrorCode::Invalid,
                         tr("Records of this CA must be kept at least %1 years after termination under %2 (rules "
                            "%3); %4 years is below the legal minimum. Nothing was changed.")
                             .arg(minRecords)
                             .arg(rules.retentionSource(kind), rules.tag())
                             .arg(recordYears));
    if (eventLogYears < rules.eventLogYears)
        return makeError(ErrorCode::Invalid,
                         tr("The event log must be kept at least %1 year(s) after the certificate's expiry under %2 "
                            "(Order No. 405/НҚ of 27.10.2020 of the Minister of Digital Development, Innovations and "
                            "Aerospace Industry, rules for CA private keys; rules %3); nothing was changed.")
                             .arg(rules.eventLogYears)
                             .arg(rules.eventLogClause, rules.tag()));
    return {};
}

std::optional<RefusalReason> Rules::refusalReason(const RulesEdition& rules, forms::CaKind kind, const QString& code) {
    for (const RefusalReason& r : rules.refusalReasons.value(kind))
        if (code.trimmed().compare(r.code, Qt::CaseInsensitive) == 0)
            return r;
    return std::nullopt;
}

Status Rules::refusalReasonAllowed(const RulesEdition& rules, forms::CaKind kind, const QString& code) {
    if (refusalReason(rules, kind, code))
        return {};
    QStringList known;
    for (const RefusalReason& r : rules.refusalReasons.value(kind))
        known << QStringLiteral("%1 (%2)").arg(r.code, r.label());
    return makeError(ErrorCode::Invalid,
                     (code.trimmed().isEmpty() ? tr("A refusal needs a reason code.")
                                               : tr("%1 is not a ground of refusal of this CA.").arg(code.trimmed())) +
                         u' ' + tr("The grounds are: %1").arg(known.join(QStringLiteral("; "))));
}

bool Rules::looksLikeRefusalCode(const QString& text) {
    static const QRegularExpression code(QStringLiteral("^[A-Z][A-Z0-9]*(-[A-Z0-9]+){1,5}$"));
    return code.match(text).hasMatch();
}

QStringList Rules::identificationMethods() {
    return {QStringLiteral("in_person"), QStringLiteral("centre_biometric"), QStringLiteral("remote_biometric")};
}

QString Rules::identificationLabel(const QString& id) {
    if (id == u"in_person")
        return tr("In person, with an identity document");
    if (id == u"centre_biometric")
        return tr("Biometric identification at the registration centre (seed 001 §6(2))");
    if (id == u"remote_biometric")
        return tr("Remote multi-factor identification, one factor biometric (seed 001 §6(1))");
    return id;
}

QString Rules::identificationPrinted(const QString& id) {
    if (id == u"in_person")
        return QStringLiteral("Жеке басын куәландыратын құжат бойынша жеке өзі / Лично, по документу, "
                              "удостоверяющему личность");
    if (id == u"centre_biometric")
        return QStringLiteral("Тіркеу орталығында биометриялық сәйкестендіру / Биометрическая идентификация в "
                              "регистрационном центре");
    if (id == u"remote_biometric")
        return QStringLiteral("Қашықтан көп факторлы сәйкестендіру (биометриялық) / Удалённая многофакторная "
                              "идентификация (биометрическая)");
    return id;
}

Status Rules::identificationAllowed(const QString& id) {
    if (id.isEmpty() || identificationMethods().contains(id))
        return {};
    return makeError(ErrorCode::Invalid, tr("Unknown way of identifying the holder %1; known: %2.")
                                             .arg(id, identificationMethods().join(QStringLiteral(", "))));
}

Status Rules::keyBackupScheme(const RulesEdition& rules, int shares, int threshold) {
    if (threshold < rules.keyBackup.threshold || shares < rules.keyBackup.shares)
        return makeError(ErrorCode::Invalid,
                         tr("A CA key backup needs at least %1 of %2 shares (requirements for CA keys, %3; rules %4); "
                            "%5 of %6 is refused.")
                             .arg(rules.keyBackup.threshold)
                             .arg(rules.keyBackup.shares)
                             .arg(rules.keyBackup.clause, rules.tag())
                             .arg(threshold)
                             .arg(shares));
    return {};
}

namespace {

// The fields whose date cannot precede the Law of 7 January 2003: an application or letter, a certificate.
bool datesFromTheLaw(const QString& fieldId) {
    return fieldId == u"application_date" || fieldId == u"letter_date" || fieldId == u"cert_issue_date";
}

Status datesOf(const QList<forms::FieldDef>& fields, const QJsonObject& values, int row, const QDate& receivedOn,
               const QString& uiLang) {
    const QDate law(Rules::kSignatureLawYear, Rules::kSignatureLawMonth, Rules::kSignatureLawDay);
    for (const forms::FieldDef& f : fields) {
        if (f.type != forms::FieldType::Date)
            continue;
        const QDate day = QDate::fromString(values.value(f.id).toString().trimmed(), Qt::ISODate);
        if (!day.isValid())
            continue; // empty, or refused by the form's validation
        const QString where = row < 0
                                  ? f.label.in(uiLang)
                                  : Rules::tr("person %1 of the letter, \"%2\"").arg(row + 1).arg(f.label.in(uiLang));
        if (receivedOn.isValid() && day > receivedOn)
            return makeError(ErrorCode::Invalid,
                             Rules::tr("%1: %2 is after the day the application was received (%3). Check the date.")
                                 .arg(where, displayDate(day), displayDate(receivedOn)));
        if (datesFromTheLaw(f.id) && day < law)
            return makeError(ErrorCode::Invalid,
                             Rules::tr("%1: %2 is before 7 January 2003, when the Law on the electronic document and "
                                       "electronic digital signature came into force. Check the date.")
                                 .arg(where, displayDate(day)));
    }
    return {};
}

} // namespace

Status Rules::formDates(const forms::FormDef& form, const QJsonObject& data, const QDate& receivedOn,
                        const QString& uiLang) {
    if (Status s = datesOf(form.fields, data, -1, receivedOn, uiLang); !s)
        return s;
    const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
    for (int i = 0; i < persons.size(); ++i)
        if (Status s = datesOf(form.personFields, persons.at(i).toObject(), i, receivedOn, uiLang); !s)
            return s;
    return {};
}

Result<QList<EmploymentEndReport>> Rules::employmentEndReports(const RulesEdition& rules, const QJsonObject& data,
                                                               const QDate& receivedOn) {
    const DeadlineRule limit = rules.deadlines.value(QStringLiteral("gov.employment_end_report"));
    QList<EmploymentEndReport> reports;
    const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
    for (int i = 0; i < persons.size(); ++i) {
        const QJsonObject person = persons.at(i).toObject();
        if (person.value(QStringLiteral("reason")).toString() != u"affiliation_changed")
            continue;
        const QString text = person.value(QStringLiteral("employment_end_date")).toString().trimmed();
        const QString iin = person.value(QStringLiteral("iin")).toString();
        const QString who = iin.isEmpty() ? QString::number(i + 1) : iin;
        if (text.isEmpty())
            return makeError(ErrorCode::Invalid,
                             tr("Person %1 of the letter (%2) left the job or changed post: enter the day this "
                                "happened (the body reports it within %3 days).")
                                 .arg(i + 1)
                                 .arg(who)
                                 .arg(limit.days));
        const QDate ended = QDate::fromString(text, Qt::ISODate);
        if (!ended.isValid())
            return makeError(ErrorCode::Invalid,
                             tr("Person %1 of the letter (%2): the day the person left the job is not a date: %3")
                                 .arg(i + 1)
                                 .arg(who, text));
        if (receivedOn.isValid() && ended > receivedOn)
            return makeError(ErrorCode::Invalid,
                             tr("Person %1 of the letter (%2): the day the person left the job (%3) is after the day "
                                "the letter was received (%4).")
                                 .arg(i + 1)
                                 .arg(who, ended.toString(QStringLiteral("dd.MM.yyyy")),
                                      receivedOn.toString(QStringLiteral("dd.MM.yyyy"))));
        EmploymentEndReport r;
        r.person = i;
        r.iin = iin;
        r.endedOn = ended;
        r.reportedOn = receivedOn;
        r.daysAfter = receivedOn.isValid() ? int(ended.daysTo(receivedOn)) : 0;
        r.limitDays = limit.days;
        r.late = limit.days > 0 && r.daysAfter > limit.days;
        reports.append(r);
    }
    return reports;
}

} // namespace tirkeu::registry
