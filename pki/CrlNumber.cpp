#include "pki/CrlNumber.h"

#include "pki/Ossl.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tirkeu::pki {

Result<std::optional<quint64>> CrlNumber::read(const QByteArray& crl) {
    X509CrlPtr parsed;
    if (crl.startsWith("-----BEGIN")) {
        BioPtr bio(BIO_new_mem_buf(crl.constData(), int(crl.size())));
        if (bio)
            parsed.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(crl.constData());
        parsed.reset(d2i_X509_CRL(nullptr, &p, long(crl.size())));
    }
    if (!parsed)
        return makeError(ErrorCode::Invalid, tr("The file is not a CRL."));
    int critical = 0;
    Asn1IntegerPtr number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(parsed.get(), NID_crl_number, &critical, nullptr)));
    if (!number)
        return std::optional<quint64>();
    uint64_t value = 0;
    if (ASN1_INTEGER_get_uint64(&value, number.get()) != 1 || value > uint64_t(INT64_MAX))
        return makeError(ErrorCode::Invalid, tr("The CRL number is too large."));
    return std::optional<quint64>(quint64(value));
}

} // namespace tirkeu::pki
