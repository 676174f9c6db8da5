#pragma once
// Drafts of applications being typed at the counter (issue 16): what an operator typed is kept while
// the form is open and after it is closed unsaved, so a crash, a closed window or a phone call does not
// lose it. A draft is not part of the register: it is no application, has no number, is not in the
// event log, reports or extracts, and only the operator who typed it sees, opens or deletes it. It holds
// personal data, so it is kept no longer than kKeepDays days after its last change (expired drafts are
// deleted whenever drafts are saved or listed). When its application is registered, what was typed is
// erased and the row only keeps the application's number until it expires: a second window (or the CLI)
// on the same draft is refused with that number instead of registering the application twice.

#include "forms/Validation.h"
#include "pki/Result.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace tirkeu::registry {

class Register;

struct Draft {
    qint64 id = 0; // 0: not saved yet
    QString caCode;
    QString formCode;
    QString replacesSerial; // a re-issue: the certificate of caCode it replaces
    forms::Submission submission;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString summary() const; // who the application is for, as typed ("" when nothing names anyone yet)
};

class Drafts {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Drafts)
public:
    static constexpr int kKeepDays = 30;
    static constexpr int kMaxPerOperator = 50;
    static constexpr int kMaxBytes = 512 * 1024; // the stored JSON of one draft

    explicit Drafts(Register& reg)
        : m_reg(reg) {}

    // Creates (draft.id == 0) or replaces the operator's draft; returns its id. Needs RegisterApplication.
    // Refused: a draft of another operator or one that no longer exists (NotFound), an unknown form, more
    // than kMaxPerOperator drafts, or more than kMaxBytes.
    Result<qint64> save(const Session& by, const Draft& draft);
    // The operator's own drafts, newest change first (expired ones are gone).
    Result<QList<Draft>> list(const Session& by);
    // One of the operator's own drafts (NotFound for another operator's: never says it exists).
    Result<Draft> get(const Session& by, qint64 id);
    Status remove(const Session& by, qint64 id);
    // Registers the application typed in `draft` (Applications::submit, or submitReplacement when it
    // replaces a certificate) and marks the operator's draft draft.id registered (its content erased) in
    // the same transaction: a crash between the two can neither lose the application nor leave its draft
    // behind to be registered twice. A draft already registered is refused (Conflict, naming the
    // application), here and by save/get/remove; a draft gone (deleted, expired) does not stop it.
    Result<qint64> submit(const Session& by, const Draft& draft);
    // Deletes every draft last changed more than kKeepDays days ago; returns how many.
    Result<int> purgeExpired();

private:
    QString expiryCutoff() const; // drafts last changed before it have expired (a stored time)

    Register& m_reg;
};

} // namespace tirkeu::registry
