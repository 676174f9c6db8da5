#include "pki/CmsSign.h"

namespace tirkeu::pki {

Result<QByteArray> CmsSign::sign(const QByteArray& content, X509* cert, EVP_PKEY* key, Encoding encoding) {
    if (!cert || !key)
        return makeError(ErrorCode::Crypto, tr("A certificate and its key are needed to sign."));
    BioPtr in = memoryBio(content);
    CmsPtr cms(in ? CMS_sign(cert, key, nullptr, in.get(), CMS_BINARY) : nullptr);
    if (!cms)
        return makeError(ErrorCode::Crypto, tr("Cannot sign the content: %1").arg(opensslErrors()));
    if (encoding == Encoding::Der) {
        QByteArray der = toDer(cms.get(), i2d_CMS_ContentInfo);
        if (der.isEmpty())
            return makeError(ErrorCode::Crypto, tr("Cannot encode the signed content: %1").arg(opensslErrors()));
        return der;
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!out || PEM_write_bio_CMS(out.get(), cms.get()) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot encode the signed content: %1").arg(opensslErrors()));
    return bioContents(out.get());
}

} // namespace tirkeu::pki
