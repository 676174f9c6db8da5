#include "registry/Rules.h"

#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Database.h"

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

int Rules::minRecordYears(forms::CaKind kind) {
    return kind == forms::CaKind::Government ? 10 : 5;
}

Status Rules::retentionAtLeastLegalMinimum(forms::CaKind kind, int recordYears, int eventLogYears) {
    const int minRecords = minRecordYears(kind);
    if (recordYears < minRecords) {
        const QString source =
            kind == forms::CaKind::Government ? tr("the rules of the Government Bodies CA (seed 002, Appendix 2)")
            : kind == forms::CaKind::Root     ? tr("the rules of the Root CA (seed 002, Appendix 1)")
                                              : tr("the rules of the National CA (seed 002, Appendix 3)");
        return makeError(ErrorCode::Invalid,
                         tr("Records of this CA must be kept at least %1 years after termination under %2; "
                            "%3 years is below the legal minimum. Nothing was changed.")
                             .arg(minRecords)
                             .arg(source)
                             .arg(recordYears));
    }
    if (eventLogYears < kMinEventLogYears)
        return makeError(ErrorCode::Invalid,
                         tr("The event log must be kept at least %1 year after the certificate's expiry under the "
                            "requirements for CA key and log protection (seed 001); nothing was changed.")
                             .arg(kMinEventLogYears));
    return {};
}

} // namespace tirkeu::registry
