#include "registry/Agenda.h"

#include "pki/Certificate.h"

#include "registry/AuditLog.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/CrlPublisher.h"
#include "registry/Drafts.h"
#include "registry/Journals.h"
#include "registry/Register.h"

#include <algorithm>

namespace tirkeu::registry {

bool Agenda::relevant(Role role, AgendaKind kind) {
    switch (kind) {
    case AgendaKind::ApplicationsOverdue:
    case AgendaKind::ApplicationsDueToday:
        return Roles::allows(role, Permission::RegisterApplication) ||
               Roles::allows(role, Permission::DecideApplication);
    case AgendaKind::RevocationsDue:
        return Roles::allows(role, Permission::RegisterApplication) ||
               Roles::allows(role, Permission::RevokeCertificate);
    case AgendaKind::CrlDue:
    case AgendaKind::CrlOwed:
        return Roles::allows(role, Permission::PublishCrl);
    case AgendaKind::CertificatesExpiring:
        return Roles::allows(role, Permission::RegisterApplication);
    case AgendaKind::CaCertificatesEnding:
        return Roles::allows(role, Permission::ManageCas) || Roles::allows(role, Permission::PublishCrl);
    case AgendaKind::AnchorsUnpublished:
        return Roles::allows(role, Permission::ViewAudit);
    case AgendaKind::DraftsKept:
        return Roles::allows(role, Permission::RegisterApplication);
    }
    return false;
}

QString Agenda::kindId(AgendaKind kind) {
    switch (kind) {
    case AgendaKind::ApplicationsOverdue:
        return QStringLiteral("applications_overdue");
    case AgendaKind::ApplicationsDueToday:
        return QStringLiteral("applications_due_today");
    case AgendaKind::RevocationsDue:
        return QStringLiteral("revocations_due");
    case AgendaKind::CrlDue:
        return QStringLiteral("crl_due");
    case AgendaKind::CrlOwed:
        return QStringLiteral("crl_owed");
    case AgendaKind::CertificatesExpiring:
        return QStringLiteral("certificates_expiring");
    case AgendaKind::CaCertificatesEnding:
        return QStringLiteral("ca_certificates_ending");
    case AgendaKind::AnchorsUnpublished:
        return QStringLiteral("anchors_unpublished");
    case AgendaKind::DraftsKept:
        return QStringLiteral("drafts_kept");
    }
    return {};
}

Result<QList<AgendaItem>> Agenda::today(const Session& by, const AgendaOptions& options) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    if (options.expiringDays < 1 || options.expiringDays > 3660)
        return makeError(ErrorCode::Invalid,
                         tr("The number of days must be between 1 and 3660: %1").arg(options.expiringDays));
    if (options.crlWithinHours < 0 || options.crlWithinHours > 8760)
        return makeError(ErrorCode::Invalid,
                         tr("The number of hours must be between 0 and 8760: %1").arg(options.crlWithinHours));
    const QDate today = m_reg.clock().today();
    const QDateTime now = m_reg.clock().now();
    QList<AgendaItem> out;

    // Applications: the deadlines recorded at registration (working-day calendar, rules book).
    const auto applications = [&](AgendaKind kind, ApplicationFilter f) -> Status {
        if (!relevant(by.role, kind))
            return {};
        auto n = m_reg.applications().count(by, f);
        if (!n)
            return n.error();
        if (*n == 0)
            return {};
        f.limit = 1; // the listing's default order is the earliest deadline first
        auto first = m_reg.applications().list(by, f);
        if (!first)
            return first.error();
        AgendaItem item;
        item.kind = kind;
        item.count = *n;
        item.filter = f;
        item.filter.limit = 200;
        item.due = first->isEmpty() ? QDate() : first->first().deadline;
        switch (kind) {
        case AgendaKind::ApplicationsOverdue:
            item.text = tr("Applications overdue: %1").arg(*n);
            item.detail = tr("the oldest deadline was %1").arg(displayDate(item.due));
            break;
        case AgendaKind::ApplicationsDueToday:
            item.text = tr("Applications due today: %1").arg(*n);
            break;
        default:
            item.text = tr("Revocation requests due within their working days: %1").arg(*n);
            item.detail = tr("the first is due %1").arg(displayDate(item.due));
            break;
        }
        out.append(item);
        return {};
    };
    ApplicationFilter overdue; // issuance and revocation applications alike
    overdue.deadlineTo = today.addDays(-1);
    if (Status s = applications(AgendaKind::ApplicationsOverdue, overdue); !s)
        return s.error();
    ApplicationFilter dueToday;
    dueToday.deadlineFrom = today;
    dueToday.deadlineTo = today;
    if (Status s = applications(AgendaKind::ApplicationsDueToday, dueToday); !s)
        return s.error();
    ApplicationFilter revocations; // the revocations still within their working days (due later)
    revocations.purpose = forms::FormPurpose::Revoke;
    revocations.deadlineFrom = today.addDays(1);
    if (Status s = applications(AgendaKind::RevocationsDue, revocations); !s)
        return s.error();

    auto cas = m_reg.cas().list(by);
    if (!cas)
        return cas.error();

    // CRLs: nextUpdate near (the last full or delta CRL) and publications owed after a key compromise.
    const bool crlLines = relevant(by.role, AgendaKind::CrlDue) || relevant(by.role, AgendaKind::CrlOwed);
    if (crlLines) {
        QList<QPair<QDateTime, QString>> due;
        QList<QPair<QDateTime, QString>> owedCas;
        qint64 owed = 0;
        CrlPublisher publisher(m_reg);
        for (const CaRecord& ca : *cas) {
            if (ca.terminatedAt.isValid())
                continue;
            auto st = publisher.status(by, ca.code);
            if (!st)
                return st.error();
            if (st->lastFull) {
                QDateTime next = st->lastFull->nextUpdate;
                if (st->lastDelta && st->lastDelta->nextUpdate < next)
                    next = st->lastDelta->nextUpdate;
                if (next <= now.addSecs(qint64(options.crlWithinHours) * 3600))
                    due.append({next, ca.code});
            }
            if (!st->owed.isEmpty()) {
                owed += st->owed.size();
                owedCas.append({st->owed.first().recordedAt, ca.code});
            }
        }
        std::sort(due.begin(), due.end());
        std::sort(owedCas.begin(), owedCas.end());
        if (!due.isEmpty() && relevant(by.role, AgendaKind::CrlDue)) {
            AgendaItem item;
            item.kind = AgendaKind::CrlDue;
            item.count = due.size();
            item.due = due.first().first.toTimeZone(Clock::zone()).date();
            for (const auto& d : due)
                item.caCodes << d.second;
            item.text = tr("CRLs to publish: %1").arg(item.count);
            item.detail = due.first().first <= now
                              ? tr("%1: the next update was due %2")
                                    .arg(item.caCodes.join(QStringLiteral(", ")), displayDateTime(due.first().first))
                              : tr("%1: the next update is due %2")
                                    .arg(item.caCodes.join(QStringLiteral(", ")), displayDateTime(due.first().first));
            out.append(item);
        }
        if (owed > 0 && relevant(by.role, AgendaKind::CrlOwed)) {
            AgendaItem item;
            item.kind = AgendaKind::CrlOwed;
            item.count = owed;
            item.due = owedCas.first().first.toTimeZone(Clock::zone()).date();
            for (const auto& o : owedCas)
                item.caCodes << o.second;
            item.text = tr("Revocations waiting for a CRL (key compromise): %1").arg(owed);
            item.detail = tr("publish a CRL of %1").arg(item.caCodes.join(QStringLiteral(", ")));
            out.append(item);
        }
    }

    // Certificates expiring soon (the register's expiring list, per CA).
    if (relevant(by.role, AgendaKind::CertificatesExpiring)) {
        Journals journals(m_reg);
        qint64 total = 0;
        QDateTime first;
        QStringList codes;
        for (const CaRecord& ca : *cas) {
            // Counted, not listed: at national scale a month of expiries is hundreds of thousands of rows.
            auto n = journals.expiringSummary(by, ca.code, options.expiringDays);
            if (!n)
                return n.error();
            if (n->count == 0)
                continue;
            total += n->count;
            codes << ca.code;
            if (!first.isValid() || n->first < first)
                first = n->first;
        }
        if (total > 0) {
            AgendaItem item;
            item.kind = AgendaKind::CertificatesExpiring;
            item.count = total;
            item.days = options.expiringDays;
            item.caCodes = codes;
            item.due = first.toTimeZone(Clock::zone()).date();
            item.text = tr("Certificates expiring within %n day(s): %1", nullptr, options.expiringDays).arg(total);
            item.detail = tr("the first on %1").arg(displayDate(item.due));
            out.append(item);
        }
    }

    // CA certificates ending soon or ended (attack of session 25, F8: a CA whose certificate had ended kept
    // publishing CRLs nobody can validate, and nothing said so). Its holders' certificates cannot outlive it.
    if (relevant(by.role, AgendaKind::CaCertificatesEnding)) {
        const QDateTime now = m_reg.clock().now();
        QList<QPair<QDateTime, QString>> ending;
        for (const CaRecord& ca : *cas) {
            if (ca.terminatedAt.isValid() || ca.certificateDer.isEmpty())
                continue;
            auto cert = pki::Certificate::parse(ca.certificateDer);
            if (cert && cert->notAfter() <= now.addDays(options.caEndingDays))
                ending.append({cert->notAfter(), ca.code});
        }
        std::sort(ending.begin(), ending.end());
        if (!ending.isEmpty()) {
            AgendaItem item;
            item.kind = AgendaKind::CaCertificatesEnding;
            item.count = ending.size();
            item.due = ending.first().first.toTimeZone(Clock::zone()).date();
            QStringList parts;
            for (const auto& [end, code] : std::as_const(ending)) {
                item.caCodes << code;
                parts << (end <= now ? tr("%1 ended on %2").arg(code, displayDate(end))
                                     : tr("%1 ends on %2").arg(code, displayDate(end)));
            }
            item.text = tr("CA certificates ending within %n day(s) or ended: %1", nullptr, options.caEndingDays)
                            .arg(item.count);
            item.detail = parts.join(QStringLiteral("; "));
            out.append(item);
        }
    }

    // Signed audit anchors not yet in the anchor folder (the scheduled job writes one per finished day).
    if (!options.anchorsDir.isEmpty() && relevant(by.role, AgendaKind::AnchorsUnpublished)) {
        const QDate from = AuditLog::firstUnpublishedAnchorDay(options.anchorsDir, today);
        const qint64 days = from.daysTo(today);
        if (days > 0) {
            AgendaItem item;
            item.kind = AgendaKind::AnchorsUnpublished;
            item.count = days;
            item.due = from;
            item.text = tr("Audit anchors not published: %1").arg(days);
            item.detail = tr("from %1, in %2").arg(displayDate(from), options.anchorsDir);
            out.append(item);
        }
    }

    // The operator's own drafts (only theirs: a draft is nobody else's business).
    if (relevant(by.role, AgendaKind::DraftsKept)) {
        auto drafts = Drafts(m_reg).list(by);
        if (!drafts)
            return drafts.error();
        if (!drafts->isEmpty()) {
            QDateTime oldest = drafts->first().updatedAt;
            for (const Draft& d : *drafts)
                oldest = qMin(oldest, d.updatedAt);
            AgendaItem item;
            item.kind = AgendaKind::DraftsKept;
            item.count = drafts->size();
            item.due = oldest.addDays(Drafts::kKeepDays).toTimeZone(Clock::zone()).date();
            item.text = tr("My drafts, not yet registered: %1").arg(item.count);
            item.detail = tr("the oldest is deleted on %1").arg(displayDate(item.due));
            out.append(item);
        }
    }
    return out;
}

} // namespace tirkeu::registry
