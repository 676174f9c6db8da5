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

// What an event of the event log needs of the operator it names. AuditLog::verify walks the chain,
// knows each login's role at every event (operator.first_administrator, operator.added,
// operator.role_changed, operator.disabled) and checks it with allows(): a role flipped in the
// database for a moment, an action done, and the role put back is found by the event it left.
struct EventRule {
    enum class Kind {
        Unknown,   // not a type Tirkeu writes (old or made-up): not checked, listed by verify
        Free,      // written for anyone: sign-in failures, the first administrator, the system's bindings
        Needs,     // the operator's role must allow `permission`
        OwnOrNeeds // free when the event's subject is the operator's own login, else needs `permission`
    };
    Kind kind = Kind::Unknown;
    Permission permission = Permission::ViewRegister;
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
    // The one map of event types to what they need (every type the program writes is listed; every test's audit
    // verify fails on a type written but not listed: TIRKEU_VERIFY_INTACT in tests/common/RegistryFixture.h).
    static EventRule eventRule(const QString& eventType);
    // The login the register's own upgrade steps write as (AuditLog::bindExistingRows): no operator.
    static QString systemLogin() { return QStringLiteral("system"); }
};

} // namespace tirkeu::registry
