#include "registry/Rules.h"

#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/RulesBook.h"

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

Status Rules::onlyApprovedIsIssued(qint64 applicationId, const QString& statusId) {
    if (statusId == u"approved")
        return {};
    ApplicationStatus status;
    const QString name = Applications::statusFromId(statusId, &status) ? Applications::statusName(status) : statusId;
    return makeError(
        ErrorCode::Conflict,
        tr("Application %1 is %2: only approved applications can be issued.").arg(applicationId).arg(name));
}

Status Rules::oneKeyPerHolder(Database& db, qint64 caId, qint64 personId, const QString& holder, const QDateTime& now) {
    if (personId <= 0)
        return {};
    auto held = db.scalar(QStringLiteral("SELECT serial FROM certificates WHERE ca_id = ? AND person_id = ? AND "
                                         "status = 'valid' AND not_after > ? LIMIT 1"),
                          {caId, personId, toDbTime(now)});
    if (!held)
        return held.error();
    if (held->isValid())
        return makeError(ErrorCode::Conflict, tr("The holder %1 already has a valid certificate %2 at this CA: one key "
                                                 "per holder; revoke it first.")
                                                  .arg(holder, held->toString()));
    return {};
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

} // namespace tirkeu::registry
