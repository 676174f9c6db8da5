#include "registry/Register.h"

#include "registry/Applications.h"
#include "registry/AuditLog.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CalendarService.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
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
        const QString path = Database::sqlitePath(location);
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
    if (!clock) {
        reg->m_ownClock = std::make_unique<SystemClock>();
        clock = reg->m_ownClock.get();
    }
    // Which rows an upgrade leaves unbound to the event log: all of a register written before row binding
    // (migration 5); the holders of one written before they were bound (migration 21); the loaded rules files of
    // one written before they were (migration 23); the rules edition of each record (rules_applied) of one written
    // before migration 24. `version`: the first such migration missing.
    struct Unbound {
        bool all = false;
        QStringList tables;
        int version = 0;
        bool any() const { return all || !tables.isEmpty(); }
    } unbound;
    if (mode == OpenMode::CreateOrUpgrade) {
        auto before = Schema::currentVersion(*reg->m_db);
        if (!before)
            return before.error();
        const auto findUnbound = [&reg, &unbound]() -> Status {
            unbound = {};
            const struct {
                int version;
                QStringList tables;
            } steps[] = {{Schema::kRowBindingVersion, {}},
                         {Schema::kHolderBindingVersion, {QStringLiteral("persons"), QStringLiteral("organisations")}},
                         {Schema::kRulesBindingVersion, {QStringLiteral("rules_files")}},
                         {Schema::kRulesAppliedBindingVersion, {QStringLiteral("rules_applied")}}};
            for (const auto& step : steps) {
                auto applied = Schema::isApplied(*reg->m_db, step.version);
                if (!applied)
                    return applied.error();
                if (*applied)
                    continue;
                if (unbound.version == 0)
                    unbound.version = step.version;
                if (step.tables.isEmpty()) {
                    unbound.all = true; // every protected table, the later ones too
                    unbound.tables.clear();
                    break;
                }
                unbound.tables << step.tables;
            }
            return {};
        };
        if (*before > 0)
            if (Status s = findUnbound(); !s)
                return s.error();
        if (!unbound.any()) {
            if (Status s = Schema::migrate(*reg->m_db); !s)
                return s.error();
        } else {
            // The upgrade and the binding commit together: the need to bind is read from the migration's
            // absence, so an upgrade committed alone (killed before the binding) would leave those rows unbound
            // for good, and audit verify could never say intact again.
            Transaction tx(*reg->m_db);
            if (!tx.ok())
                return tx.status().error();
            if (Status s = findUnbound(); !s) // again under the lock: another workstation may have upgraded it
                return s.error();
            const Unbound toBind = unbound;
            if (Status s = Schema::migrate(*reg->m_db); !s)
                return s.error();
            faultPoint("register-upgrade-before-binding");
            if (toBind.any()) {
                // Bound "as they are" only when the event log has never bound them: a schema_migrations row
                // deleted by hand would otherwise make this open launder rows changed outside Tirkeu (attack of
                // session 25, F17).
                auto alreadyBound = AuditLog::bindsRowsOf(*reg->m_db, toBind.tables);
                if (!alreadyBound)
                    return alreadyBound.error();
                if (*alreadyBound)
                    return makeError(
                        ErrorCode::Integrity,
                        tr("The register says it was never upgraded to schema version %1, but its event log already "
                           "binds those rows: its schema history was changed outside Tirkeu. Nothing was done; "
                           "restore the register from a backup and check it with audit verify.")
                            .arg(toBind.version));
                AuditLog audit(*reg->m_db, *clock);
                if (Status s = audit.bindExistingRows(Roles::systemLogin(), toBind.tables); !s)
                    return s.error();
            }
            if (Status s = tx.commit(); !s)
                return s.error();
        }
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
    reg->m_clock = clock;
    reg->m_audit = std::make_unique<AuditLog>(*reg->m_db, *clock);
    reg->m_operators = std::make_unique<Operators>(*reg);
    reg->m_applications = std::make_unique<Applications>(*reg);
    reg->m_cas = std::make_unique<CaDirectory>(*reg);
    reg->m_calendar = std::make_unique<CalendarService>(*reg);
    reg->m_retention = std::make_unique<Retention>(*reg);
    reg->m_rules = std::make_unique<RulesBook>(*reg);
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

QString Register::movedTo() {
    const Database::MoveState state = m_db->moveState();
    if (state.kind == Database::MoveState::Kind::UnexplainedMark) // never name a planted address (session 29, F5)
        return tr("(an address no event records: the mark was written outside Tirkeu; run audit verify)");
    return state.kind == Database::MoveState::Kind::Moved ? state.location : QString();
}

QString Register::unconfirmedMoveFrom() {
    const Database::MoveState state = m_db->moveState();
    return state.kind == Database::MoveState::Kind::UnconfirmedCopy ? state.location : QString();
}

Status Register::grantApplicationRole(const QString& role) {
    return Schema::grantApplicationRole(*m_db, role);
}

} // namespace tirkeu::registry
