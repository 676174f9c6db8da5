#pragma once
// Roles and what each may do. The one place that decides; the GUI asks here to disable buttons and
// the workflows call require() before changing anything.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

namespace tirkeu::registry {

enum class Role { Operator, Officer, Auditor, Administrator };

enum class Permission {
    ViewRegister,        // read applications, certificates, persons
    RegisterApplication, // counter work: enter a form, record a revocation request
    DecideApplication,   // approve / reject (four-eyes: never one's own)
    CompleteApplication, // mark done
    IssueCertificate,
    RevokeCertificate,
    PublishCrl,
    ViewAudit,
    VerifyAudit,
    ManageOperators,
    ManageCas,
    ManageCalendar,
    ManageRetention,
    RunRetentionSweep,
    BackupCaKey,
    ManageRegister,   // back up, restore and move the whole register
    ManageRules,      // load a rules file (deadlines, periods, lists: registry/RulesBook.h)
    ManageOcspSigner, // set up and renew a CA's delegated OCSP signing certificate
    SendNotices,      // queue and send the notices to holders (revocations, expiry)
    ManageAuditKey,   // set up the key that signs the event log's anchors
};

struct Session {
    qint64 operatorId = 0;
    QString login;
    QString fullName;
    Role role = Role::Auditor;
};

class Roles {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Roles)
public:
    static bool allows(Role role, Permission permission);
    static Status require(const Session& session, Permission permission);
    static QString id(Role role); // "operator", "officer", "auditor", "administrator"
    static bool fromId(const QString& id, Role* out);
    static QString displayName(Role role);                // translated
    static QString permissionName(Permission permission); // translated, for refusals and tooltips
};

} // namespace tirkeu::registry
