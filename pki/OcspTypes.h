#pragma once
// The OCSP answer types the register hands to the responder (registry/OcspStatus.h), without OpenSSL;
// pki/Ocsp.h encodes them.

#include <QDateTime>

namespace tirkeu::pki {

// RFC 6960 OCSPResponseStatus.
enum class OcspStatusCode {
    Successful = 0,
    MalformedRequest = 1,
    InternalError = 2,
    TryLater = 3,
    SigRequired = 5,
    Unauthorized = 6,
};

enum class OcspCertState { Good, Revoked, Unknown };

struct OcspAnswer {
    OcspCertState state = OcspCertState::Unknown;
    QDateTime revokedAt; // UTC, revoked only
    int reason = -1;     // CRLReason; -1 or 0: not included (as in the CRLs)
};

} // namespace tirkeu::pki
