#include "registry/Roles.h"

#include <QHash>

namespace tirkeu::registry {

bool Roles::allows(Role role, Permission p) {
    switch (role) {
    case Role::Operator:
        return p == Permission::ViewRegister || p == Permission::RegisterApplication;
    case Role::Officer:
        // A CA officer also works at the counter; four-eyes keeps them from deciding their own entries.
        return p == Permission::ViewRegister || p == Permission::RegisterApplication ||
               p == Permission::DecideApplication || p == Permission::CompleteApplication ||
               p == Permission::IssueCertificate || p == Permission::RevokeCertificate || p == Permission::PublishCrl ||
               p == Permission::ViewAudit || p == Permission::ManageOcspSigner || p == Permission::SendNotices;
    case Role::Auditor:
        return p == Permission::ViewRegister || p == Permission::ViewAudit || p == Permission::VerifyAudit;
    case Role::Administrator:
        // Administrators run the system but take no decisions on applications or certificates.
        return p == Permission::ViewRegister || p == Permission::ViewAudit || p == Permission::VerifyAudit ||
               p == Permission::ManageOperators || p == Permission::ManageCas || p == Permission::ManageCalendar ||
               p == Permission::ManageRetention || p == Permission::RunRetentionSweep || p == Permission::BackupCaKey ||
               p == Permission::PublishCrl || p == Permission::ManageRegister || p == Permission::ManageRules ||
               p == Permission::ManageOcspSigner || p == Permission::SendNotices || p == Permission::ManageAuditKey;
    }
    return false;
}

Status Roles::require(const Session& session, Permission permission) {
    if (session.operatorId <= 0)
        return makeError(ErrorCode::Forbidden, tr("Sign in first."));
    if (!allows(session.role, permission))
        return makeError(
            ErrorCode::Forbidden,
            tr("%1 (%2) may not %3.").arg(session.login, displayName(session.role), permissionName(permission)));
    return {};
}

QString Roles::id(Role role) {
    switch (role) {
    case Role::Operator:
        return QStringLiteral("operator");
    case Role::Officer:
        return QStringLiteral("officer");
    case Role::Auditor:
        return QStringLiteral("auditor");
    case Role::Administrator:
        return QStringLiteral("administrator");
    }
    return {};
}

bool Roles::fromId(const QString& text, Role* out) {
    for (Role r : {Role::Operator, Role::Officer, Role::Auditor, Role::Administrator}) {
        if (id(r) == text) {
            if (out)
                *out = r;
            return true;
        }
    }
    return false;
}

QString Roles::displayName(Role role) {
    switch (role) {
    case Role::Operator:
        return tr("operator");
    case Role::Officer:
        return tr("CA officer");
    case Role::Auditor:
        return tr("auditor");
    case Role::Administrator:
        return tr("administrator");
    }
    return {};
}

QString Roles::permissionName(Permission p) {
    switch (p) {
    case Permission::ViewRegister:
        return tr("view the register");
    case Permission::RegisterApplication:
        return tr("register applications");
    case Permission::DecideApplication:
        return tr("approve or reject applications");
    case Permission::CompleteApplication:
        return tr("mark applications done");
    case Permission::IssueCertificate:
        return tr("issue certificates");
    case Permission::RevokeCertificate:
        return tr("revoke certificates");
    case Permission::PublishCrl:
        return tr("publish CRLs");
    case Permission::ViewAudit:
        return tr("view the event log");
    case Permission::VerifyAudit:
        return tr("verify the event log");
    case Permission::ManageOperators:
        return tr("manage operators");
    case Permission::ManageCas:
        return tr("manage CAs");
    case Permission::ManageCalendar:
        return tr("edit the working-day calendar");
    case Permission::ManageRetention:
        return tr("change retention periods");
    case Permission::RunRetentionSweep:
        return tr("run the retention sweep");
    case Permission::BackupCaKey:
        return tr("back up CA keys");
    case Permission::ManageRegister:
        return tr("back up, restore or move the register");
    case Permission::ManageRules:
        return tr("load a rules file");
    case Permission::ManageOcspSigner:
        return tr("set up the OCSP signing certificate");
    case Permission::SendNotices:
        return tr("queue or send notices to holders");
    case Permission::ManageAuditKey:
        return tr("set up the event log's signing key");
    }
    return {};
}

EventRule Roles::eventRule(const QString& eventType) {
    using K = EventRule::Kind;
    using P = Permission;
    static const QHash<QString, EventRule> rules = {
        // Written under the login that tried (possibly no operator at all), by the first administrator
        // for themselves (the register's creation), or by the system's own upgrade steps.
        {QStringLiteral("operator.signin_failed"), {K::Free, P::ViewRegister}},
        {QStringLiteral("operator.locked"), {K::Free, P::ViewRegister}},
        {QStringLiteral("operator.first_administrator"), {K::Free, P::ViewRegister}},
        {QStringLiteral("audit.rows_bound"), {K::Free, P::ViewRegister}},
        // Operators (registry/Operators.cpp): one's own password, or an administrator's work.
        {QStringLiteral("operator.password_changed"), {K::OwnOrNeeds, P::ManageOperators}},
        {QStringLiteral("operator.added"), {K::Needs, P::ManageOperators}},
        {QStringLiteral("operator.disabled"), {K::Needs, P::ManageOperators}},
        {QStringLiteral("operator.role_changed"), {K::Needs, P::ManageOperators}},
        {QStringLiteral("operator.unlocked"), {K::Needs, P::ManageOperators}},
        {QStringLiteral("operator.signin_policy_changed"), {K::Needs, P::ManageOperators}},
        // Applications (registry/Applications.cpp: "application." + statusId).
        {QStringLiteral("application.registered"), {K::Needs, P::RegisterApplication}},
        {QStringLiteral("application.approved"), {K::Needs, P::DecideApplication}},
        {QStringLiteral("application.rejected"), {K::Needs, P::DecideApplication}},
        {QStringLiteral("application.done"), {K::Needs, P::CompleteApplication}},
        // Certificates, revocations, CRLs.
        {QStringLiteral("certificate.issued"), {K::Needs, P::IssueCertificate}},
        {QStringLiteral("certificate.blank_numbers"), {K::Needs, P::IssueCertificate}},
        {QStringLiteral("certificate.revoked"), {K::Needs, P::RevokeCertificate}},
        {QStringLiteral("certificate.released"), {K::Needs, P::RevokeCertificate}},
        {QStringLiteral("crl.reserved"), {K::Needs, P::PublishCrl}},
        {QStringLiteral("crl.written"), {K::Needs, P::PublishCrl}},
        {QStringLiteral("crl.published"), {K::Needs, P::PublishCrl}},
        {QStringLiteral("crl.abandoned"), {K::Needs, P::PublishCrl}},
        // Notices to holders.
        {QStringLiteral("notification.queued"), {K::Needs, P::SendNotices}},
        {QStringLiteral("notification.sent"), {K::Needs, P::SendNotices}},
        {QStringLiteral("notification.retry"), {K::Needs, P::SendNotices}},
        {QStringLiteral("notification.failed"), {K::Needs, P::SendNotices}},
        {QStringLiteral("notification.refused"), {K::Needs, P::SendNotices}},
        // CAs and their keys.
        {QStringLiteral("ca.added"), {K::Needs, P::ManageCas}},
        {QStringLiteral("ca.settings_changed"), {K::Needs, P::ManageCas}},
        {QStringLiteral("ca.initialised"), {K::Needs, P::ManageCas}},
        {QStringLiteral("ca.key_created"), {K::Needs, P::ManageCas}},
        {QStringLiteral("ca.certificate_imported"), {K::Needs, P::ManageCas}},
        {QStringLiteral("ca.key_backup"), {K::Needs, P::BackupCaKey}},
        {QStringLiteral("ca.key_backup_failed"), {K::Needs, P::BackupCaKey}},
        {QStringLiteral("ca.key_restored"), {K::Needs, P::BackupCaKey}},
        {QStringLiteral("ca.key_restore_failed"), {K::Needs, P::BackupCaKey}},
        {QStringLiteral("ocsp.signer_issued"), {K::Needs, P::ManageOcspSigner}},
        {QStringLiteral("ocsp.signer_renewed"), {K::Needs, P::ManageOcspSigner}},
        {QStringLiteral("audit.key_set"), {K::Needs, P::ManageAuditKey}},
        // The register itself: calendar, retention, rules, backups.
        {QStringLiteral("calendar.override_set"), {K::Needs, P::ManageCalendar}},
        {QStringLiteral("calendar.override_cleared"), {K::Needs, P::ManageCalendar}},
        {QStringLiteral("calendar.deadlines_recomputed"), {K::Needs, P::ManageCalendar}},
        {QStringLiteral("retention.policy_changed"), {K::Needs, P::ManageRetention}},
        {QStringLiteral("retention.sweep"), {K::Needs, P::RunRetentionSweep}},
        {QStringLiteral("rules.loaded"), {K::Needs, P::ManageRules}},
        {QStringLiteral("register.backup_started"), {K::Needs, P::ManageRegister}},
        {QStringLiteral("register.backed_up"), {K::Needs, P::ManageRegister}},
        {QStringLiteral("register.migrated"), {K::Needs, P::ManageRegister}},
        {QStringLiteral("register.migrating"), {K::Needs, P::ManageRegister}},
        {QStringLiteral("register.migrated_out"), {K::Needs, P::ManageRegister}},
        {QStringLiteral("register.restored"), {K::Needs, P::ManageRegister}},
    };
    return rules.value(eventType);
}

} // namespace tirkeu::registry
