#include "registry/AuditLog.h"

#include "pki/Certificate.h"
#include "registry/AuditEncoding.h"
#include "registry/CaDirectory.h"
#include "registry/CrlNumbers.h"
#include "registry/CrlPartitions.h"
#include "registry/CrlPublisher.h"
#include "registry/Database.h"
#include "registry/Notifications.h"
#include "registry/SchemaCheck.h"
#include "registry/Search.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>
#include <algorithm>

namespace tirkeu::registry {

namespace {

// A register whose chain records its move — a register.migrated_out event that the new register's
// register.migrated does not follow — is the old register of a db migrate (attack of session 28, F6). With its
// mark (meta moved_to) and nothing after that event it is named in a warning; without the mark (deleted outside
// Tirkeu), or with events written after the move, it fails: what was written there is missing from the register
// in use, and the two histories fork.
Status verifyMove(Database& db, AuditVerifyReport& report) {
    if (const Database::MoveState state = db.moveState(); state.kind == Database::MoveState::Kind::UnexplainedMark) {
        report.ok = false;
        report.badTable = QStringLiteral("meta");
        report.badKey = state.mark;
        report.problem =
            state.mark == u"moving_from"
                ? AuditLog::tr("The register carries a mark (meta moving_from) saying it is an unfinished copy of %1 "
                               "(db migrate), but its event log does not end in the register.migrated event of such a "
                               "copy: the mark was written outside Tirkeu (do not delete or replace the register "
                               "because of it).")
                      .arg(state.location)
                : AuditLog::tr("The register carries a mark saying it was moved to %1, but no event of its log "
                               "records such a move: the mark was written outside Tirkeu (do not point "
                               "anything at that address).")
                      .arg(state.location);
        return {};
    }
    auto q = db.exec(QStringLiteral(
        "SELECT e.seq, e.details FROM audit_events e WHERE e.event_type = 'register.migrated_out' AND NOT EXISTS "
        "(SELECT 1 FROM audit_events n WHERE n.seq = e.seq + 1 AND n.event_type = 'register.migrated') "
        "ORDER BY e.seq DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (!q->next())
        return {};
    const qint64 seq = q->value(0).toLongLong();
    const QString to =
        QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object().value(QStringLiteral("to")).toString();
    q->finish();
    auto later = db.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE seq > ?"), {seq});
    if (!later)
        return later.error();
    if (db.movedTo().isEmpty()) {
        report.ok = false;
        report.firstBadSeq = seq;
        report.problem = AuditLog::tr("Event %1 records that the register was moved to %2 (db migrate), but the mark "
                                      "that keeps the old register read only was removed outside Tirkeu: whatever "
                                      "was written here since (%3 events) is missing from the register in use. Use "
                                      "the register at %2.")
                             .arg(seq)
                             .arg(to)
                             .arg(later->toLongLong());
    } else if (later->toLongLong() > 0) {
        report.ok = false;
        report.firstBadSeq = seq + 1;
        report.problem = AuditLog::tr("Event %1 records that the register was moved to %2 (db migrate), yet %3 events "
                                      "were written into it after the move: they are missing from the register in "
                                      "use. Use the register at %2.")
                             .arg(seq)
                             .arg(to)
                             .arg(later->toLongLong());
    } else {
        report.warnings << AuditLog::tr("This register was moved to %1 (event %2, db migrate) and is read only: the "
                                        "register in use is at %1.")
                               .arg(to)
                               .arg(seq);
    }
    return {};
}

} // namespace

Result<AuditVerifyReport> AuditLog::verify(const Session& by) {
    if (Status s = Roles::require(by, Permission::VerifyAudit); !s)
        return s.error();
    return verify();
}

Result<AuditVerifyReport> AuditLog::verify() {
    return verify(AuditVerifyOptions{});
}

Result<AuditVerifyReport> AuditLog::verify(const Session& by, const AuditVerifyOptions& options) {
    if (Status s = Roles::require(by, Permission::VerifyAudit); !s)
        return s.error();
    return verify(options);
}

namespace {

using auditenc::hashOfRaw;
using auditenc::kEventColumns;
using auditenc::keyLess;
using auditenc::keyText;
using auditenc::kRowsKey;
using auditenc::RawRow;

// Which event types may record the deletion of a protected row (AuditLog::verify). A hold lifted
// (certificate.released) deletes its revocations row only together with the hold_releases row that
// keeps it (`keptElsewhere`: the same event binds one).
bool deletionExplained(const QString& eventType, const QString& table, bool keptElsewhere) {
    if (eventType == u"retention.sweep")
        return table != u"retired_keys"; // the sweep keeps the keys it retires (migration 28)
    if (table == u"revocations" && eventType == u"certificate.released")
        return keptElsewhere;
    return table == u"calendar_overrides" && eventType.startsWith(u"calendar.");
}

// Which event types may bind (create or change) a row of each protected table (AuditLog::verify; attack of session 25,
// F2: an event of any type re-bound any row — one forged "operator.signin_failed" event re-bound a holder's changed
// e-mail, and the next revocation notice went to the attacker). Each entry: the types, or a prefix ending in '.'
// for a family. The retention sweep carries rows of every table, and the register's own binding (audit.rows_bound)
// binds rows of every table, each never with a content other than the one recorded before (checked below). Types
// Tirkeu does not write are not checked here (verify lists them). A table not listed is not checked.
bool bindingExplained(const QString& eventType, const QString& table) {
    if (eventType == u"retention.sweep" || eventType == u"audit.rows_bound" ||
        Roles::eventRule(eventType).kind == EventRule::Kind::Unknown)
        return true;
    static const QHash<QString, QStringList> writers = {
        {QStringLiteral("archive_batches"), {}},
        {QStringLiteral("operators"), {QStringLiteral("operator.")}},
        {QStringLiteral("retention_policies"), {QStringLiteral("retention.policy_changed")}},
        {QStringLiteral("cas"), {QStringLiteral("ca.")}},
        {QStringLiteral("calendar_overrides"),
         {QStringLiteral("calendar.override_set"), QStringLiteral("calendar.override_cleared")}},
        // A holder's data changes when an application is registered (a new holder) or approved (Applications).
        {QStringLiteral("persons"), {QStringLiteral("application.registered"), QStringLiteral("application.approved")}},
        {QStringLiteral("organisations"),
         {QStringLiteral("application.registered"), QStringLiteral("application.approved")}},
        {QStringLiteral("applications"),
         {QStringLiteral("application."), QStringLiteral("certificate.issued"),
          QStringLiteral("calendar.deadlines_recomputed")}},
        {QStringLiteral("application_history"), {QStringLiteral("application."), QStringLiteral("certificate.issued")}},
        {QStringLiteral("certificates"),
         {QStringLiteral("certificate."), QStringLiteral("ocsp.signer_issued"), QStringLiteral("ocsp.signer_renewed")}},
        {QStringLiteral("revocations"),
         {QStringLiteral("certificate.revoked"), QStringLiteral("certificate.released")}},
        {QStringLiteral("revocation_invalidity"), {QStringLiteral("certificate.revoked")}},
        {QStringLiteral("hold_releases"), {QStringLiteral("certificate.released")}},
        {QStringLiteral("crls"), {QStringLiteral("crl.published")}},
        {QStringLiteral("rules_files"), {QStringLiteral("rules.loaded")}},
        // Which rules edition a record was handled under (migration 24): written when it is registered or issued.
        {QStringLiteral("rules_applied"),
         {QStringLiteral("application.registered"), QStringLiteral("certificate.issued")}},
        {QStringLiteral("crl_pending"), {QStringLiteral("crl.")}},
        {QStringLiteral("retired_keys"), {}}, // the retention sweep alone
    };
    const auto it = writers.constFind(table);
    if (it == writers.constEnd())
        return true;
    for (const QString& w : *it)
        if (w.endsWith(u'.') ? eventType.startsWith(w) : eventType == w)
            return true;
    return false;
}

// Each login's role as the chain has it at the event being checked (issue F18: a role flipped in the
// database for a moment leaves the operators row as its last event bound it, but not the events done
// meanwhile). The chain's operator events set it: operator.first_administrator, operator.added,
// operator.role_changed, operator.disabled (registry/Operators.cpp).
class RolesAlongTheChain {
public:
    struct State {
        bool known = false; // an operator of this register
        Role role = Role::Auditor;
        bool active = true;
    };

    // A login whose addition the chain does not hold (archived by the retention sweep, or a register
    // older than those events) starts with the "from" of its first role change in the chain, or else
    // with its operators row now — which verifyRows then checks against the event that bound it last.
    Status prepare(Database& db) {
        auto q = db.exec(QStringLiteral("SELECT event_type, details FROM audit_events WHERE event_type IN "
                                        "('operator.first_administrator', 'operator.added', "
                                        "'operator.role_changed', 'operator.disabled') ORDER BY seq"));
        if (!q)
            return q.error();
        QSet<QString> established;
        while (q->next()) {
            const QString type = q->value(0).toString();
            const QJsonObject d = QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object();
            const QString login = d.value(QStringLiteral("login")).toString();
            if (type == u"operator.disabled") {
                m_disabledInChain.insert(login);
                continue;
            }
            if (established.contains(login))
                continue;
            established.insert(login);
            // Added in the chain: unknown until that event. Changed first: its role before the change.
            State before;
            if (type == u"operator.role_changed")
                before.known = Roles::fromId(d.value(QStringLiteral("from")).toString(), &before.role);
            m_initial.insert(login, before);
        }
        auto rows = db.exec(QStringLiteral("SELECT login, role, active FROM operators"));
        if (!rows)
            return rows.error();
        while (rows->next()) {
            const QString login = rows->value(0).toString();
            if (m_initial.contains(login))
                continue;
            State s;
            s.known = Roles::fromId(rows->value(1).toString(), &s.role);
            s.active = rows->value(2).toInt() == 1 || m_disabledInChain.contains(login);
            m_initial.insert(login, s);
        }
        return {};
    }

    State& stateOf(const QString& login) {
        auto it = m_current.find(login);
        if (it == m_current.end())
            it = m_current.insert(login, m_initial.value(login));
        return *it;
    }

    void apply(const QString& type, const QString& detailsText) {
        if (!type.startsWith(u"operator."))
            return;
        const bool first = type == u"operator.first_administrator";
        const bool added = type == u"operator.added";
        const bool changed = type == u"operator.role_changed";
        const bool disabled = type == u"operator.disabled";
        if (!first && !added && !changed && !disabled)
            return;
        const QJsonObject d = QJsonDocument::fromJson(detailsText.toUtf8()).object();
        State& s = stateOf(d.value(QStringLiteral("login")).toString());
        if (first) {
            s = State{true, Role::Administrator, true};
        } else if (added) {
            s = State{};
            s.known = Roles::fromId(d.value(QStringLiteral("role")).toString(), &s.role);
        } else if (changed) {
            s.known = Roles::fromId(d.value(QStringLiteral("to")).toString(), &s.role);
        } else {
            s.active = false;
        }
    }

private:
    QHash<QString, State> m_initial;
    QHash<QString, State> m_current;
    QSet<QString> m_disabledInChain;
};

// The first person or organisation whose stored search key is not the one Search computes from its names.
Status verifySearchKeys(Database& db, AuditVerifyReport& report) {
    const auto found = [&report](const QString& table, const QString& id, const QString& problem) {
        report.ok = false;
        report.badTable = table;
        report.badKey = id;
        report.problem = problem;
        return Status{};
    };
    auto persons = db.exec(
        QStringLiteral("SELECT id, surname, name, coalesce(patronymic, ''), search_key FROM persons ORDER BY id"));
    if (!persons)
        return persons.error();
    while (persons->next()) {
        const QString expected =
            Search::personKey(persons->value(1).toString(), persons->value(2).toString(), persons->value(3).toString());
        if (persons->value(4).isNull() || persons->value(4).toString() != expected)
            return found(QStringLiteral("persons"), persons->value(0).toString(),
                         AuditLog::tr("The search key of person %1 is not the one of the person's name: the person "
                                      "is hidden from or misplaced in the name search.")
                             .arg(persons->value(0).toString()));
    }
    auto organisations = db.exec(
        QStringLiteral("SELECT id, full_name, short_name, search_key, short_key FROM organisations ORDER BY id"));
    if (!organisations)
        return organisations.error();
    while (organisations->next()) {
        const QVariant shortName = organisations->value(2);
        const bool fullOk = !organisations->value(3).isNull() &&
                            organisations->value(3).toString() == Search::key(organisations->value(1).toString());
        const bool shortOk = shortName.isNull()
                                 ? organisations->value(4).isNull()
                                 : !organisations->value(4).isNull() &&
                                       organisations->value(4).toString() == Search::key(shortName.toString());
        if (!fullOk || !shortOk)
            return found(QStringLiteral("organisations"), organisations->value(0).toString(),
                         AuditLog::tr("The search key of organisation %1 is not the one of its name: the "
                                      "organisation is hidden from or misplaced in the name search.")
                             .arg(organisations->value(0).toString()));
    }
    return {};
}

} // namespace

bool AuditLog::verifyCancelled(AuditVerifyReport& report, qint64 done, qint64 total, const QString& what) {
    if (RunControl::isCancelled(m_verifyRun)) {
        report.ok = false;
        report.cancelled = true;
        report.firstBadSeq = 0;
        report.problem = tr("Verification was cancelled (%1 events and %2 rows checked): no verdict on the event log.")
                             .arg(report.eventsChecked)
                             .arg(report.rowsChecked);
        return true;
    }
    RunControl::report(m_verifyRun, done, total, what);
    return false;
}

Result<AuditVerifyReport> AuditLog::verify(const AuditVerifyOptions& options) {
    m_verifyRun = options.control;
    const auto done = qScopeGuard([this] { m_verifyRun = nullptr; });
    QHash<QString, QHash<QString, QPair<QString, qint64>>> recorded;
    auto chain = verifyChain(recorded);
    if (!chain || !chain->ok)
        return chain;
    AuditVerifyReport report = *chain;
    auto cas = CaDirectory::listIn(m_db);
    if (!cas)
        return cas.error();
    // Said before the rows are checked (a changed row ends the check): a CA linked to a register parent that has no
    // record of issuing its certificate; a register older than a CA's published CRLs.
    {
        for (const CaRecord& ca : std::as_const(*cas)) {
            // A CA linked to a register parent that has no record of issuing its certificate (imported before
            // 2026-12-07, when ca import-cert took one signed with the parent's key outside Tirkeu; attack of
            // session 30, A7): said, as the parent can never revoke it.
            if (ca.parentId != 0 && !ca.certificateDer.isEmpty()) {
                QString parentCode;
                for (const CaRecord& p : std::as_const(*cas))
                    if (p.id == ca.parentId)
                        parentCode = p.code;
                auto cert = pki::Certificate::parse(ca.certificateDer);
                if (cert && !parentCode.isEmpty()) {
                    if (Status s = CaDirectory::checkIssuedThroughRegister(m_db, ca.parentId, parentCode,
                                                                           cert->serialHex(), ca.certificateDer);
                        !s) {
                        if (s.code() == ErrorCode::Database)
                            return s.error();
                        report.warnings << tr("The CA %1 is linked to %2 of this register: %3")
                                               .arg(ca.code, parentCode, s.message());
                    }
                }
            }
            // A register older than the CRLs in its CA's publish folder (a backup restored): said, with the
            // certificates to revoke again — the publisher and the OCSP responder refuse it (attack of session 30,
            // A1, A2).
            if (Status s = CrlNumbers::checkFolderCovered(m_db, ca.id, CrlPublisher::publishDir(ca), ca.code); !s) {
                if (s.code() == ErrorCode::Database)
                    return s.error();
                report.warnings << s.message();
            }
        }
    }
    // Evidence outside the database first: it names truncation and re-hashing precisely.
    if (!options.anchorsDir.isEmpty()) {
        if (Status s = verifySignedAnchors(options, report); !s)
            return s.error();
        if (!report.ok)
            return report;
    }
    if (!options.crlFiles.isEmpty()) {
        if (Status s = verifyCrls(options, report, CrlCheck::EventLogHead); !s)
            return s.error();
        if (!report.ok)
            return report;
    }
    if (verifyCancelled(report, 0, 0, tr("Checking the recorded rows…")))
        return report;
    if (Status s = verifyRows(recorded, report); !s)
        return s.error();
    if (!report.ok)
        return report;
    if (verifyCancelled(report, 0, 0, tr("Checking the CRL partitions, the search keys and the archives…")))
        return report;
    // Which CRL lists a certificate (crl_partition_members, not bound by the chain) must be the one
    // its own DER names (registry/CrlPartitions.h).
    if (Status s = CrlPartitions::checkAllMembers(m_db); !s) {
        if (s.error().code != ErrorCode::Integrity)
            return s.error();
        report.ok = false;
        report.badTable = QStringLiteral("crl_partition_members");
        report.problem = s.error().message;
        return report;
    }
    // The holders' notices must be what their events queued (registry/Notifications.h).
    if (Status s = Notifications::checkAll(m_db); !s) {
        if (s.error().code != ErrorCode::Integrity)
            return s.error();
        report.ok = false;
        report.badTable = QStringLiteral("notifications");
        report.problem = s.error().message;
        return report;
    }
    // The search keys (migration 15) are derived from the holders' names: a key edited by hand hides the
    // holder from the name search (registry/Search.h), so each is recomputed with Search's own rule.
    if (Status s = verifySearchKeys(m_db, report); !s)
        return s.error();
    if (Status s = verifyArchives(options, report); !s)
        return s.error();
    if (!report.ok)
        return report;
    if (!options.crlFiles.isEmpty()) {
        if (Status s = verifyCrls(options, report, CrlCheck::Entries); !s)
            return s.error();
        if (!report.ok)
            return report;
    }
    if (Status s = verifyMove(m_db, report); !s)
        return s.error();
    if (!report.ok)
        return report;
    // The closed-day mark no finished day explains (attack of session 29, F5).
    {
        QDate planted;
        auto closed = closedThrough(&planted);
        if (!closed)
            return closed.error();
        if (planted.isValid()) {
            report.ok = false;
            report.badTable = QStringLiteral("meta");
            report.problem = tr("The register carries a mark saying the event log was signed through %1, a day that "
                                "is not over yet: the mark was written outside Tirkeu (no event is dated by it). "
                                "Find out who writes to the database directly.")
                                 .arg(displayDate(planted));
            return report;
        }
    }
    // Every CA's CRL-number floor as far as a restore recorded it (attack of session 29, F12).
    {
        for (const CaRecord& ca : std::as_const(*cas)) {
            if (Status s = CrlNumbers::checkFloorProven(m_db, ca.id, ca.code); !s) {
                if (s.error().code != ErrorCode::Integrity)
                    return s.error();
                report.ok = false;
                report.badTable = QStringLiteral("crl_number_floors");
                report.problem = s.error().message;
                return report;
            }
        }
    }
    // The register's own guards last (attack of session 27: with a guard trigger dropped, verify said intact
    // until a row was changed): every trigger the migrations of its schema version create, as they create it,
    // and no other (registry/SchemaCheck.h). The findings above name a changed row first.
    auto guards = SchemaCheck::triggerDifferences(m_db);
    if (!guards)
        return guards.error();
    if (!guards->isEmpty()) {
        report.ok = false;
        report.problem = tr("The register's guards are not the ones Tirkeu creates (%1): they were changed outside "
                            "Tirkeu, and the records they protect (certificates, revocations, the event log, "
                            "retention periods) can now be changed or deleted without a refusal. Restore the "
                            "register from a backup, or put the guards back (db migrate into a new register).")
                             .arg(guards->join(QStringLiteral("; ")));
    }
    return report;
}

Result<AuditVerifyReport> AuditLog::verifyChain(QHash<QString, QHash<QString, QPair<QString, qint64>>>& recorded) {
    AuditVerifyReport report;
    auto fail = [&report](qint64 seq, const QString& problem) {
        report.ok = false;
        report.firstBadSeq = seq;
        report.problem = problem;
        return report;
    };

    // No event is dated more than a day after this clock (attack of session 30, A6: one event written outside Tirkeu
    // dated 2099 dated every later event 2099, and verify blamed the workstations' clocks). Compared as stored
    // (toDbTime's fixed form).
    const QString latestTs = toDbTime(m_clock.now().addDays(kClockAheadDays));

    // Where the chain starts: at 1, or after the events the retention sweep archived.
    qint64 expectedSeq = 1;
    QString expectedPrev = genesisHash();
    auto cp = m_db.exec(QStringLiteral("SELECT audit_last_seq, audit_last_hash FROM archive_batches "
                                       "WHERE audit_last_seq IS NOT NULL ORDER BY id DESC LIMIT 1"));
    if (!cp)
        return cp.error();
    if (cp->next()) {
        expectedSeq = cp->value(0).toLongLong() + 1;
        expectedPrev = cp->value(1).toString();
    }

    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM audit_events ORDER BY seq").arg(QLatin1String(kEventColumns)));
    if (!q)
        return q.error();
    auto anchorList = anchors();
    if (!anchorList)
        return anchorList.error();
    QHash<qint64, QString> anchorAt;
    for (const AuditAnchor& a : *anchorList)
        anchorAt.insert(a.lastSeq, a.headHash);

    // The latest record of every protected row: table -> key -> (sha256, or empty when deleted; seq).
    qint64 lastSeq = expectedSeq - 1;
    qint64 totalEvents = 0;
    if (m_verifyRun && m_verifyRun->progress) { // the total only when someone listens
        auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM audit_events"));
        if (!n)
            return n.error();
        totalEvents = n->toLongLong();
    }
    RolesAlongTheChain roles;
    if (Status s = roles.prepare(m_db); !s)
        return s.error();
    QSet<QString> unclassified;
    qint64 behindEvents = 0, firstBehind = 0, mostBehindMs = 0;
    while (q->next()) {
        if ((report.eventsChecked & 0xfff) == 0 &&
            verifyCancelled(report, report.eventsChecked, totalEvents,
                            tr("Checking the hash chain: %1 of %2 events…").arg(report.eventsChecked).arg(totalEvents)))
            return report;
        RawRow r;
        r.seq = q->value(0).toLongLong();
        for (int i = 0; i < 8; ++i)
            r.fields[i] = q->value(i + 1).toString();
        if (r.seq != expectedSeq) {
            if (r.seq > expectedSeq)
                return fail(expectedSeq,
                            expectedSeq == r.seq - 1
                                ? tr("Event %1 is missing (deleted).").arg(expectedSeq)
                                : tr("Events %1 to %2 are missing (deleted).").arg(expectedSeq).arg(r.seq - 1));
            return fail(r.seq, tr("Event %1 is out of order.").arg(r.seq));
        }
        if (r.fields[6] != expectedPrev)
            return fail(r.seq,
                        tr("Event %1 does not link to the event before it (its previous hash differs).").arg(r.seq));
        if (hashOfRaw(r) != r.fields[7])
            return fail(r.seq, tr("Event %1 was altered: its content does not match its hash.").arg(r.seq));
        if (r.fields[0] > latestTs)
            return fail(r.seq, futureEventProblem(r.seq, fromDbTime(r.fields[0])));
        if (auto it = anchorAt.constFind(r.seq); it != anchorAt.constEnd()) {
            if (*it != r.fields[7])
                return fail(r.seq, tr("Event %1 does not match the daily anchor recorded for it.").arg(r.seq));
            ++report.anchorsChecked;
        }
        if (r.fields[4].contains(QLatin1String("\"rows\""))) {
            const QJsonArray refs = QJsonDocument::fromJson(r.fields[4].toUtf8()).object().value(kRowsKey).toArray();
            bool keptElsewhere = false; // a hold_releases row bound (present) by this event
            for (const QJsonValue& v : refs)
                keptElsewhere = keptElsewhere || (v.toArray().at(0).toString() == u"hold_releases" &&
                                                  !v.toArray().at(2).toString().isEmpty());
            for (const QJsonValue& v : refs) {
                const QJsonArray ref = v.toArray();
                const QString table = ref.at(0).toString();
                // Row hashes hold no secret: a forged event could re-bind a tampered register (a
                // revocation deleted, its certificate set back to valid). Deletions are therefore
                // explained by the event's type: only the retention sweep deletes evidence, and the
                // calendar events their own overrides.
                if (ref.at(2).toString().isEmpty() && !deletionExplained(r.fields[3], table, keptElsewhere))
                    return fail(r.seq, tr("Event %1 (%2) records the deletion of the %3 row %4, which no event of "
                                          "that type may delete: the event was forged.")
                                           .arg(r.seq)
                                           .arg(r.fields[3], table, ref.at(1).toString()));
                // Only the kinds of event that change a table bind its rows (bindingExplained).
                if (!ref.at(2).toString().isEmpty() && !bindingExplained(r.fields[3], table))
                    return fail(r.seq, tr("Event %1 (%2) binds the %3 row %4, which no event of that type changes: "
                                          "the event was forged.")
                                           .arg(r.seq)
                                           .arg(r.fields[3], table, ref.at(1).toString()));
                // A sweep deletes rows, binds its archive batch, and carries the rows it keeps with the hashes
                // they were recorded with; it never binds a row with new content (attack of session 25, F2: one
                // forged retention.sweep event re-bound a holder's changed e-mail and a certificate set back to
                // valid, and audit verify said intact). Nor does the register's own binding of rows no event
                // recorded yet (audit.rows_bound, at an upgrade).
                const bool carries = r.fields[3] == u"retention.sweep" || r.fields[3] == u"audit.rows_bound";
                if (carries && !ref.at(2).toString().isEmpty() && table != u"archive_batches") {
                    const auto known = recorded.constFind(table);
                    const QString key = ref.at(1).toString();
                    if (known != recorded.constEnd() && known->contains(key) &&
                        known->value(key).first != ref.at(2).toString())
                        return fail(r.seq, tr("Event %1 (%5) binds the %2 row %3 with a content other than the one "
                                              "event %4 recorded; such an event only carries rows as they were: the "
                                              "event was forged.")
                                               .arg(r.seq)
                                               .arg(table, key)
                                               .arg(known->value(key).second)
                                               .arg(r.fields[3]));
                }
                recorded[table][ref.at(1).toString()] = {ref.at(2).toString(), r.seq};
            }
        }
        // The operator's role at this event must allow what the event records (registry/Roles: eventRule,
        // allows); then the operator events change the roles for the events after them.
        const QString& login = r.fields[1];
        const QString& type = r.fields[3];
        const EventRule rule = Roles::eventRule(type);
        if (rule.kind == EventRule::Kind::Unknown)
            unclassified.insert(type);
        const bool needs =
            rule.kind == EventRule::Kind::Needs || (rule.kind == EventRule::Kind::OwnOrNeeds && r.fields[2] != login);
        if (needs) {
            const RolesAlongTheChain::State& s = roles.stateOf(login);
            const auto what = [&rule] { return Roles::permissionName(rule.permission); };
            if (!s.known)
                return fail(r.seq, tr("Event %1 (%2) names %3, who is not an operator of this register at that "
                                      "point; only an operator whose role allows it may %4.")
                                       .arg(r.seq)
                                       .arg(type, login, what()));
            if (!s.active)
                return fail(r.seq, tr("Event %1 (%2): the account %3 was disabled at that point and may not %4.")
                                       .arg(r.seq)
                                       .arg(type, login, what()));
            if (!Roles::allows(s.role, rule.permission))
                return fail(r.seq, tr("Event %1 (%2): %3 was %4 at that point by the event log, and that role "
                                      "may not %5; the role was changed outside Tirkeu, or the event was forged.")
                                       .arg(r.seq)
                                       .arg(type, login, Roles::displayName(s.role), what()));
        }
        roles.apply(type, r.fields[4]);
        expectedPrev = r.fields[7];
        lastSeq = r.seq;
        // An event dated later than its writer's clock said (AuditLog::eventTime): reported, not a finding.
        if (r.fields[4].contains(QLatin1String("\"clock_behind_ms\""))) {
            const qint64 behind = QJsonDocument::fromJson(r.fields[4].toUtf8())
                                      .object()
                                      .value(QStringLiteral("clock_behind_ms"))
                                      .toInteger();
            if (behindEvents++ == 0)
                firstBehind = r.seq;
            mostBehindMs = std::max(mostBehindMs, behind);
        }
        ++expectedSeq;
        ++report.eventsChecked;
    }
    if (behindEvents > 0)
        report.warnings << tr("Events written by a computer whose clock was behind the event log: %1 (the first: event "
                              "%2; at most %3 s behind). They are dated at the newest event's time, or at the start "
                              "of the day after a signed day. Check the clocks of the computers that use the register.")
                               .arg(behindEvents)
                               .arg(firstBehind)
                               .arg(mostBehindMs / 1000);
    report.unclassifiedEventTypes = QStringList(unclassified.cbegin(), unclassified.cend());
    report.unclassifiedEventTypes.sort();
    // A truncated tail leaves no gap in the chain; only an anchor beyond the last event shows it. Name
    // the first missing event, like every other finding.
    for (const AuditAnchor& a : *anchorList) {
        if (a.lastSeq <= lastSeq)
            continue;
        const QString day = displayDate(a.day);
        if (a.lastSeq == lastSeq + 1)
            return fail(lastSeq + 1,
                        tr("Event %1 is missing (deleted): the anchor of %2 names it.").arg(a.lastSeq).arg(day));
        return fail(lastSeq + 1, tr("Events %1 to %2 are missing (deleted): the anchor of %3 names event %2.")
                                     .arg(lastSeq + 1)
                                     .arg(a.lastSeq)
                                     .arg(day));
    }
    return report;
}

Status AuditLog::verifyRows(const QHash<QString, QHash<QString, QPair<QString, qint64>>>& recorded,
                            AuditVerifyReport& report) {
    for (const ProtectedTable& t : protectedTables()) {
        QHash<QString, QPair<QString, qint64>> expected = recorded.value(t.name);
        const int keyIndex = int(t.columns.indexOf(t.key));
        auto q = m_db.exec(
            QStringLiteral("SELECT %1 FROM %2 ORDER BY %3").arg(t.columns.join(QStringLiteral(", ")), t.name, t.key));
        if (!q)
            return q.error();
        // The first finding in key order: a changed or unexplained row, or a recorded row that is gone.
        QString badKey;
        QString problem;
        auto note = [&](const QString& key, const QString& text) {
            if (badKey.isNull() || keyLess(key, badKey, t.numericKey)) {
                badKey = key;
                problem = text;
            }
        };
        while (q->next()) {
            if ((report.rowsChecked & 0xfff) == 0 &&
                verifyCancelled(
                    report, report.rowsChecked, 0,
                    tr("Checking the recorded rows: %1 (%2 rows so far)…").arg(t.name).arg(report.rowsChecked)))
                return {};
            QList<QVariant> values;
            values.reserve(t.columns.size());
            for (int i = 0; i < t.columns.size(); ++i)
                values << q->value(i);
            const QString key = keyText(values.at(keyIndex));
            ++report.rowsChecked;
            auto it = expected.find(key);
            if (it == expected.end() && t.name == u"retention_policies") {
                // The three policies are seeded by the schema itself (migration 1), before any event.
                static const QHash<QString, QList<QVariant>> seeds = {
                    {QStringLiteral("root"), {QStringLiteral("root"), 5, 1, QVariant(), QVariant()}},
                    {QStringLiteral("national"), {QStringLiteral("national"), 5, 1, QVariant(), QVariant()}},
                    {QStringLiteral("government"), {QStringLiteral("government"), 10, 1, QVariant(), QVariant()}}};
                if (seeds.contains(key)) {
                    if (badKey.isNull() && rowHash(t, values) != rowHash(t, seeds.value(key)))
                        note(key, tr("The %1 row %2 was changed without an event (it differs from the schema's "
                                     "initial value).")
                                      .arg(t.name, key));
                    continue;
                }
            }
            if (it == expected.end()) {
                note(key, tr("The %1 row %2 is not recorded by any event (written outside Tirkeu).").arg(t.name, key));
                continue;
            }
            const QPair<QString, qint64> rec = *it;
            expected.erase(it);
            if (!badKey.isNull())
                continue; // only the first finding is reported; keep the rest cheap
            if (rec.first.isEmpty())
                note(key, tr("The %1 row %2 exists although event %3 recorded its deletion.")
                              .arg(t.name, key)
                              .arg(rec.second));
            else if (rowHash(t, values) != rec.first)
                note(key, tr("The %1 row %2 was changed after event %3 recorded it.").arg(t.name, key).arg(rec.second));
        }
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (!it->first.isEmpty())
                note(it.key(), tr("The %1 row %2 recorded by event %3 is missing (deleted).")
                                   .arg(t.name, it.key())
                                   .arg(it->second));
        }
        if (!badKey.isNull()) {
            report.ok = false;
            report.badTable = t.name;
            report.badKey = badKey;
            report.problem = problem;
            return {};
        }
    }
    // Rows that each match an event must also agree with each other: a certificate is revoked exactly
    // when it has a revocation (a forged event cannot re-bind one of the two alone unnoticed).
    auto odd = m_db.exec(QStringLiteral("SELECT c.id, c.serial FROM certificates c LEFT JOIN revocations r ON "
                                        "r.certificate_id = c.id WHERE (r.id IS NULL) <> (c.status = 'valid') "
                                        "ORDER BY c.id LIMIT 1"));
    if (!odd)
        return odd.error();
    if (odd->next()) {
        report.ok = false;
        report.badTable = QStringLiteral("certificates");
        report.badKey = odd->value(0).toString();
        report.problem = tr("Certificate %1: its status and its revocation record disagree (one of them was "
                            "changed outside Tirkeu).")
                             .arg(odd->value(1).toString());
    }
    return {};
}

} // namespace tirkeu::registry
