#pragma once
// Reading back the cRLNumber of a CRL that is already published (DER or PEM), so a register that was
// put back to an older state never signs a number the world has already seen (issue 12).

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>

#include <optional>

namespace tirkeu::pki {

class CrlNumber {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CrlNumber)
public:
    // The cRLNumber extension of `crl` (DER or PEM); std::nullopt when the CRL carries none; an error
    // (ErrorCode::Invalid) when `crl` is not a CRL or the number does not fit 63 bits.
    static Result<std::optional<quint64>> read(const QByteArray& crl);
};

} // namespace tirkeu::pki
