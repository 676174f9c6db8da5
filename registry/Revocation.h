#pragma once
// Revocation as the counter's dialog calls it (a thin wrapper over Revocations, the one revocation
// path): the revocation, and — when a holder's key is compromised
// and the CA has a publish folder — a CRL published at once (SPEC.md §3: compromise is published
// immediately): a delta against the last full CRL, or a full CRL when there is none yet. The CA key
// is unlocked before anything is written, so a wrong passphrase changes nothing.

#include "pki/SecretSource.h"
#include "registry/Revocations.h"

#include <QCoreApplication>

#include <optional>

namespace tirkeu::registry {

class Register;
struct CaRecord;

struct RevocationOutcome {
    std::optional<CrlPublication> crl; // the CRL published at once, if any
    QString publishProblem;            // translated; set when the revocation stands but publishing failed
};

class Revocation {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Revocation)
public:
    explicit Revocation(Register& reg)
        : m_reg(reg) {}

    static constexpr int kKeyCompromise = Revocations::kKeyCompromise;

    // Whether revoking a certificate of `ca` for `reasonCode` publishes a CRL at once (and so needs
    // the CA key).
    static bool publishesAtOnce(const CaRecord& ca, int reasonCode);
    // The folder publishesAtOnce() publishes into (the CA's publish_dir setting).
    static QString publishDir(const CaRecord& ca);

    // caKeySecret is read only when publishesAtOnce(); otherwise it may be empty.
    Result<RevocationOutcome> revoke(const Session& by, const RevokeRequest& request,
                                     const pki::SecretSource& caKeySecret);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry
