#include "registry/Register.h"

#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CalendarService.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Retention.h"
#include "registry/RulesBook.h"
#include "registry/Schema.h"

#include <QFileInfo>

namespace tirkeu::registry {

Register::~Register() = default;

Result<std::unique_ptr<Register>> Register::open(const QString& location, OpenMode mode, const Clock* clock) {
    const bool isFile = !location.contains(u"://");
    if (mode == OpenMode::Existing && isFile) {
        const QString path = location.startsWith(u"sqlite:") ? location.mid(7) : location;
        if (!QFileInfo::exists(path))
            return makeError(ErrorCode::NotFound,
                             tr("There is no register at %1 yet (creating a new register in the Tirkeu window, or the "
                                "command db init --db %1, creates it).")
                                 .arg(path));
    }
    auto db = Database::open(location);
    if (!db)
        return db.error();
    std::unique_ptr<Register> reg(new Register);
    reg->m_db = std::move(db.value());
    int versionBefore = -1;
    bool needsBinding = false;
    bool needsHolderBinding = false;
    if (mode == OpenMode::CreateOrUpgrade) {
        auto before = Schema::currentVersion(*reg->m_db);
        if (!before)
            return before.error();
        versionBefore = *before;
        if (versionBefore > 0) {
            auto bound = Schema::isApplied(*reg->m_db, Schema::kRowBindingVersion);
            if (!bound)
                return bound.error();
            needsBinding = !*bound;
            auto holdersBound = Schema::isApplied(*reg->m_db, Schema::kHolderBindingVersion);
            if (!holdersBound)
                return holdersBound.error();
            needsHolderBinding = !needsBinding && !*holdersBound;
        }
        if (Status s = Schema::migrate(*reg->m_db); !s)
            return s.error();
    }
    if (mode == OpenMode::Existing && !isFile) {
        // A PostgreSQL database exists before the register does: an empty one is "no register yet".
        auto version = Schema::currentVersion(*reg->m_db);
        if (!version)
            return version.error();
        if (*version == 0)
            return makeError(ErrorCode::NotFound, tr("There is no register in %1 yet (creating a new register in the "
                                                     "Tirkeu window, or the command db init --db %1, creates it).")
                                                      .arg(reg->m_db->location()));
    }
    if (Status s = Schema::checkCompatible(*reg->m_db); !s)
        return s.error();
    if (!clock) {
        reg->m_ownClock = std::make_unique<SystemClock>();
        clock = reg->m_ownClock.get();
    }
    reg->m_clock = clock;
    reg->m_audit = std::make_unique<AuditLog>(*reg->m_db, *clock);
    reg->m_operators = std::make_unique<Operators>(*reg);
    reg->m_applications = std::make_unique<Applications>(*reg);
    reg->m_cas = std::make_unique<CaDirectory>(*reg);
    reg->m_calendar = std::make_unique<CalendarService>(*reg);
    reg->m_retention = std::make_unique<Retention>(*reg);
    reg->m_rules = std::make_unique<RulesBook>(*reg);
    if (needsBinding) {
        // A register written before row binding: one event binds every existing protected row, so
        // from now on any change made outside Tirkeu is found by audit verify.
        if (Status s = reg->m_audit->bindExistingRows(Roles::systemLogin()); !s)
            return s.error();
    }
    if (needsHolderBinding) {
        // A register written before the holders were bound (migration 21): one event binds the holders as
        // they are, so from now on a holder changed outside Tirkeu is found by audit verify.
        if (Status s = reg->m_audit->bindExistingRows(Roles::systemLogin(),
                                                      {QStringLiteral("persons"), QStringLiteral("organisations")});
            !s)
            return s.error();
    }
    reg->m_keyring = std::make_unique<CaKeyring>();
    return reg;
}

Result<RegisterInfo> Register::info() {
    RegisterInfo i;
    i.location = m_db->location();
    auto v = Schema::currentVersion(*m_db);
    if (!v)
        return v.error();
    i.schemaVersion = *v;
    i.latestSchemaVersion = Schema::latestVersion();
    auto meta = m_db->exec(QStringLiteral("SELECT key, value FROM meta"));
    if (!meta)
        return meta.error();
    while (meta->next()) {
        if (meta->value(0).toString() == u"register_id")
            i.registerId = meta->value(1).toString();
        else if (meta->value(0).toString() == u"created_at")
            i.createdAt = meta->value(1).toString();
    }
    const struct {
        const char* table;
        qint64* out;
    } counts[] = {{"operators", &i.operators},       {"cas", &i.cas},
                  {"applications", &i.applications}, {"certificates", &i.certificates},
                  {"revocations", &i.revocations},   {"audit_events", &i.auditEvents}};
    for (const auto& c : counts) {
        auto n = m_db->scalar(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(c.table)));
        if (!n)
            return n.error();
        *c.out = n->toLongLong();
    }
    return i;
}

QString Register::location() const {
    return m_db->location();
}

QString Register::damage() const {
    return m_db->damage();
}

void Register::startDamageCheck() {
    m_db->startDamageCheck();
}

bool Register::damageKnown() const {
    return m_db->damageKnown();
}

Status Register::grantApplicationRole(const QString& role) {
    return Schema::grantApplicationRole(*m_db, role);
}

} // namespace tirkeu::registry
