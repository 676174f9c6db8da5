#include "registry/Revocation.h"

#include "registry/CaDirectory.h"
#include "registry/Register.h"

namespace tirkeu::registry {

QString Revocation::publishDir(const CaRecord& ca) {
    return Revocations::publishDir(ca);
}

bool Revocation::publishesAtOnce(const CaRecord& ca, int reasonCode) {
    return Revocations::publishesAtOnce(ca, reasonCode);
}

Result<RevocationOutcome> Revocation::revoke(const Session& by, const RevokeRequest& request,
                                             const pki::SecretSource& caKeySecret) {
    auto ca = m_reg.cas().find(request.caCode);
    if (!ca)
        return ca.error();
    RevokeRequest withKey = request;
    if (publishesAtOnce(*ca, request.reasonCode))
        withKey.caKeySecret = caKeySecret;
    RevokeOutcome done;
    if (Status s = Revocations(m_reg).revoke(by, withKey, &done); !s)
        return s.error();
    RevocationOutcome outcome;
    outcome.crl = done.delta;
    outcome.publishProblem = done.deltaProblem;
    return outcome;
}

} // namespace tirkeu::registry
