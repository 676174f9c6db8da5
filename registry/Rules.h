#pragma once
// The legal and safety rules of issuance, each in exactly one place (SPEC.md), called by the CA engine
// and — for early feedback — by the GUI and the CLI, so every path obeys the same rule and message.
// The database backs the one-key rule with a trigger (schema migration 4).

#include "forms/FormDefinition.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace tirkeu::registry {

class Database;
struct RulesEdition;

class Rules {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Rules)
public:
    // The holder's password for a PKCS#12 made here (typed twice by the holder).
    static constexpr int kMinHolderPassword = 8;
    static Status holderPassword(const QString& password);

    // A CA key passphrase (new CA keys, restored keys).
    static constexpr int kMinCaPassphrase = 12;
    static Status caPassphrase(const QString& passphrase);

    // Only approved applications are issued: `statusId` is the application's stored status.
    static Status onlyApprovedIsIssued(qint64 applicationId, const QString& statusId);

    // Government Bodies CA: one valid private key per holder. Refuses when the person already holds a
    // certificate of that CA that is valid and not expired at `now`. Runs inside the issuing write
    // transaction, so the answer stays true until the commit.
    static Status oneKeyPerHolder(Database& db, qint64 caId, qint64 personId, const QString& holder,
                                  const QDateTime& now);

    // Retention: a policy below the legal minimum of the rules edition in force (RulesBook: records N years
    // after termination per CA kind, the event log N years after the certificate's expiry) is refused
    // with a message naming the minimum and the legal act it comes from.
    static Status retentionAtLeastLegalMinimum(forms::CaKind kind, int recordYears, int eventLogYears,
                                               const RulesEdition& rules);
};

} // namespace tirkeu::registry
