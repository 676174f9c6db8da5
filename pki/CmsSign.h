#pragma once
// Signs content as CMS SignedData (attached, binary): the counterpart of CmsVerify, used by tests
// and by the CLI to prepare signed requests. Not a general-purpose signing service.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>

namespace tirkeu::pki {

class CmsSign {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CmsSign)
public:
    enum class Encoding { Der, Pem };
    // CMS_sign(cert, key, content, CMS_BINARY): the signer certificate is included, content attached.
    static Result<QByteArray> sign(const QByteArray& content, X509* cert, EVP_PKEY* key,
                                   Encoding encoding = Encoding::Der);
};

} // namespace tirkeu::pki
