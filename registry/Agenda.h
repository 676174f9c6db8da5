#pragma once
// "Today": what is due for the signed-in operator's role, one line per kind with a count, read from
// the rules that already decide each of them — the application deadlines recorded at registration
// (working-day calendar and rules book), the CRLs' nextUpdate and the publications owed after a key
// compromise (CrlPublisher::status), the certificates expiring soon (Journals::expiring) and the
// signed audit anchors not yet in the anchor folder (AuditLog::firstUnpublishedAnchorDay).
// Lines the role cannot act on are left out, and so are lines with nothing due. The GUI's Today page
// and `tirkeu-cli today` show the same list.

#include "registry/Applications.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace tirkeu::registry {

class Register;

enum class AgendaKind {
    ApplicationsOverdue,  // open applications past their legal deadline
    ApplicationsDueToday, // open applications whose deadline is today
    RevocationsDue,       // open revocation applications due later, within their working days
    CrlDue,               // CAs whose CRL's nextUpdate is passed or near
    CrlOwed,              // revocations whose CRL is due at once (key compromise) and not yet published
    CertificatesExpiring, // valid certificates expiring within the window
    CaCertificatesEnding, // CAs whose own certificate ends within the CA window, or has ended
    AnchorsUnpublished,   // finished days whose signed audit anchor is not in the anchor folder
    DraftsKept,           // the operator's own drafts: applications typed and not registered (registry/Drafts.h)
};

struct AgendaItem {
    AgendaKind kind = AgendaKind::ApplicationsOverdue;
    qint64 count = 0;
    QString text;             // translated line, e.g. "Applications overdue: 3"
    QString detail;           // translated detail (earliest deadline, the CAs concerned), may be empty
    QStringList caCodes;      // the CAs concerned (CRL lines: most urgent first)
    QDate due;                // earliest deadline / next update / first unpublished day, when one applies
    ApplicationFilter filter; // application lines: the queue filter that lists exactly these applications
    int days = 0;             // CertificatesExpiring: the window in days
};

struct AgendaOptions {
    int expiringDays = 30;   // certificates expiring within this many days
    int crlWithinHours = 24; // a CRL whose nextUpdate is within this many hours (or passed) is due
    QString anchorsDir;      // the signed anchor folder; empty: the anchors line is not computed
    int caEndingDays = 180;  // a CA certificate ending within this many days (or ended) is due
};

class Agenda {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Agenda)
public:
    explicit Agenda(Register& reg)
        : m_reg(reg) {}

    // The lines due for `by`'s role, in the order of AgendaKind; empty when nothing is due. Needs ViewRegister.
    Result<QList<AgendaItem>> today(const Session& by, const AgendaOptions& options = {});
    // Whether the role sees lines of this kind (it may act on them).
    static bool relevant(Role role, AgendaKind kind);
    // Stable id for scripts (`tirkeu-cli today --json`): "applications_overdue", "crl_due", ...
    static QString kindId(AgendaKind kind);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
