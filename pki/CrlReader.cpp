#include "pki/CrlReader.h"

#include <QTimeZone>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tirkeu::pki {

namespace {

using Asn1EnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, OsslDeleter<ASN1_ENUMERATED_free>>;

Result<X509CrlPtr> parse(const QByteArray& derOrPem) {
    X509CrlPtr crl;
    if (derOrPem.contains("-----BEGIN X509 CRL-----")) {
        BioPtr bio = memoryBio(derOrPem);
        crl.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(derOrPem.constData());
        crl.reset(d2i_X509_CRL(nullptr, &p, long(derOrPem.size())));
    }
    if (!crl) {
        ERR_clear_error();
        return makeError(ErrorCode::Invalid, CrlReader::tr("This is not a CRL (DER or PEM)."));
    }
    return crl;
}

QDateTime timeOf(const ASN1_TIME* t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     QTimeZone::utc());
}

QString serialHex(const ASN1_INTEGER* serial) {
    BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn)
        return {};
    char* hex = BN_bn2hex(bn.get());
    const QString out = CrlReader::normaliseSerial(QString::fromLatin1(hex));
    OPENSSL_free(hex);
    return out;
}

std::optional<quint64> integerExtension(X509_CRL* crl, int nid) {
    int critical = 0;
    Asn1IntegerPtr value(static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, nid, &critical, nullptr)));
    if (!value)
        return std::nullopt;
    uint64_t v = 0;
    if (ASN1_INTEGER_get_uint64(&v, value.get()) != 1)
        return std::nullopt;
    return quint64(v);
}

// The event-log head extension with this OID (CrlSpec::auditHeadOid), when present.
Status auditHead(X509_CRL* crl, const QString& oidText, CrlInfo* info) {
    Asn1ObjectPtr oid(OBJ_txt2obj(oidText.toLatin1().constData(), 1));
    if (!oid)
        return makeError(ErrorCode::Invalid, CrlReader::tr("\"%1\" is not an OID.").arg(oidText));
    const int at = X509_CRL_get_ext_by_OBJ(crl, oid.get(), -1);
    if (at < 0)
        return {};
    const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_CRL_get_ext(crl, at));
    const unsigned char* p = ASN1_STRING_get0_data(value);
    const long size = ASN1_STRING_length(value);
    const unsigned char* end = p + size;
    const auto bad = [] {
        return makeError(ErrorCode::Invalid, CrlReader::tr("The CRL's event-log head is malformed."));
    };
    long length = 0;
    int tag = 0, cls = 0;
    if ((ASN1_get_object(&p, &length, &tag, &cls, size) & 0x80) || tag != V_ASN1_SEQUENCE || p + length != end)
        return bad();
    Asn1IntegerPtr seq(d2i_ASN1_INTEGER(nullptr, &p, end - p));
    int64_t n = 0;
    if (!seq || ASN1_INTEGER_get_int64(&n, seq.get()) != 1 || n <= 0)
        return bad();
    Asn1OctetStringPtr hash(d2i_ASN1_OCTET_STRING(nullptr, &p, end - p));
    if (!hash || ASN1_STRING_length(hash.get()) != 32 || p != end)
        return bad();
    info->auditHeadSeq = n;
    info->auditHeadHash =
        QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(hash.get())), 32).toHex());
    return {};
}

} // namespace

QString CrlReader::normaliseSerial(const QString& hex) {
    QString s = hex.trimmed().toUpper();
    s.remove(u':');
    while (s.size() > 1 && s.startsWith(u'0'))
        s.remove(0, 1);
    return s;
}

Result<CrlInfo> CrlReader::read(const QByteArray& derOrPem, const QString& auditHeadOid) {
    auto crl = parse(derOrPem);
    if (!crl)
        return crl.error();
    X509_CRL* c = crl->get();
    CrlInfo info;
    unsigned char* der = nullptr;
    const int len = i2d_X509_NAME(X509_CRL_get_issuer(c), &der);
    if (len > 0) {
        info.issuerDer = QByteArray(reinterpret_cast<const char*>(der), len);
        OPENSSL_free(der);
    }
    const auto number = integerExtension(c, NID_crl_number);
    if (!number)
        return makeError(ErrorCode::Invalid, tr("The CRL has no CRL number."));
    info.number = *number;
    info.deltaBase = integerExtension(c, NID_delta_crl);
    info.thisUpdate = timeOf(X509_CRL_get0_lastUpdate(c));
    if (!auditHeadOid.isEmpty()) {
        if (Status s = auditHead(c, auditHeadOid, &info); !s)
            return s.error();
    }
    STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(c);
    for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i) {
        X509_REVOKED* r = sk_X509_REVOKED_value(revoked, i);
        CrlEntryInfo e;
        e.serialHex = serialHex(X509_REVOKED_get0_serialNumber(r));
        e.revokedAt = timeOf(X509_REVOKED_get0_revocationDate(r));
        int critical = 0;
        Asn1EnumeratedPtr reason(
            static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(r, NID_crl_reason, &critical, nullptr)));
        e.reason = reason ? int(ASN1_ENUMERATED_get(reason.get())) : 0;
        info.entries << e;
    }
    ERR_clear_error();
    return info;
}

Status CrlReader::verifySignature(const QByteArray& derOrPem, const QByteArray& caCertDer) {
    auto crl = parse(derOrPem);
    if (!crl)
        return crl.error();
    const auto* p = reinterpret_cast<const unsigned char*>(caCertDer.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, long(caCertDer.size())));
    if (!cert)
        return makeError(ErrorCode::Invalid, tr("The CA certificate cannot be read."));
    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    const int ok = key ? X509_CRL_verify(crl->get(), key) : 0;
    ERR_clear_error();
    if (ok != 1)
        return makeError(ErrorCode::Integrity, tr("The CRL's signature does not verify with the CA certificate."));
    return {};
}

Result<QByteArray> CrlReader::subjectDer(const QByteArray& certDer) {
    const auto* p = reinterpret_cast<const unsigned char*>(certDer.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, long(certDer.size())));
    if (!cert)
        return makeError(ErrorCode::Invalid, tr("The CA certificate cannot be read."));
    unsigned char* der = nullptr;
    const int len = i2d_X509_NAME(X509_get_subject_name(cert.get()), &der);
    if (len <= 0)
        return makeError(ErrorCode::Crypto, tr("Cannot encode the certificate's subject."));
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    return out;
}

} // namespace tirkeu::pki
