#include "registry/Roles.h"

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

} // namespace tirkeu::registry
