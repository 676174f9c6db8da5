#include "registry/Revocation.h"

#include "registry/CaDirectory.h"
#include "registry/Register.h"

#include <QFileInfo>

namespace tirkeu::registry {

QString Revocation::publishDir(const CaRecord& ca) {
    return ca.settings.value(QStringLiteral("publish_dir")).toString().trimmed();
}

bool Revocation::publishesAtOnce(const CaRecord& ca, int reasonCode) {
    return reasonCode == kKeyCompromise && !publishDir(ca).isEmpty();
}

Result<RevocationOutcome> Revocation::revoke(const Session& by, const RevokeRequest& request,
                                             const pki::SecretSource& caKeySecret) {
    auto ca = m_reg.cas().find(request.caCode);
    if (!ca)
        return ca.error();
    const bool publish = publishesAtOnce(*ca, request.reasonCode);
    if (publish) {
        // Checked before the revocation is written: the publication must be possible.
        if (Status s = Roles::require(by, Permission::PublishCrl); !s)
            return s.error();
        if (!QFileInfo(publishDir(*ca)).isDir())
            return makeError(ErrorCode::Io, tr("The CA %1 publishes its CRLs into %2, which does not exist; nothing "
                                               "was revoked.")
                                                .arg(ca->code, publishDir(*ca)));
        auto key = pki::CaKey::open(ca->keyUri, caKeySecret);
        if (!key)
            return makeError(key.code(),
                             tr("The CA key could not be unlocked, so nothing was revoked: %1").arg(key.message()));
    }
    CaEngine engine(m_reg);
    if (Status s = engine.revoke(by, request); !s)
        return s.error();
    RevocationOutcome outcome;
    if (!publish)
        return outcome;
    auto fulls =
        m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM crls WHERE ca_id = ? AND delta_base IS NULL"), {ca->id});
    if (!fulls) {
        outcome.publishProblem = fulls.message();
        return outcome;
    }
    auto crl = engine.publishCrl(by, ca->code, publishDir(*ca), fulls->toLongLong() > 0, caKeySecret);
    if (crl)
        outcome.crl = *crl;
    else
        outcome.publishProblem = crl.message();
    return outcome;
}

} // namespace tirkeu::registry
