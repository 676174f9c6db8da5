#include "pki/Certificate.h"

#include "pki/CaKey.h"
#include "pki/Der.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"

#include <QCryptographicHash>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <ctime>

namespace tirkeu::pki {

namespace {

using PoliciesPtr = std::unique_ptr<CERTIFICATEPOLICIES, OsslDeleter<CERTIFICATEPOLICIES_free>>;
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, OsslDeleter<EXTENDED_KEY_USAGE_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OsslDeleter<GENERAL_NAMES_free>>;

QString oidText(const ASN1_OBJECT* object) {
    char buf[128] = {};
    const int len = OBJ_obj2txt(buf, sizeof buf, object, 1);
    return len > 0 ? QString::fromLatin1(buf, qMin(len, int(sizeof buf) - 1)) : QString();
}

QByteArray octets(const ASN1_STRING* s) {
    if (!s)
        return {};
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
}

QStringList keyUsageNames(uint32_t ku) {
    struct Bit {
        uint32_t bit;
        const char* name;
    };
    static constexpr Bit kBits[] = {
        {KU_DIGITAL_SIGNATURE, "digitalSignature"},
        {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
        {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},
        {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},
        {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"},
    };
    QStringList out;
    for (const Bit& b : kBits) {
        if (ku & b.bit)
            out << QLatin1String(b.name);
    }
    return out;
}

} // namespace

QDateTime asn1TimeToDateTime(const ASN1_TIME* time) {
    std::tm tm = {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

Result<Certificate> Certificate::parse(const QByteArray& pemOrDer) {
    X509Ptr cert;
    if (pemOrDer.contains("-----BEGIN")) {
        BioPtr bio = memoryBio(pemOrDer);
        cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto* begin = reinterpret_cast<const unsigned char*>(pemOrDer.constData());
        const unsigned char* p = begin;
        cert.reset(d2i_X509(nullptr, &p, long(pemOrDer.size())));
        if (cert && p != begin + pemOrDer.size())
            cert.reset();
    }
    if (!cert) {
        opensslErrors();
        return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
    }
    // The parsed certificate is this call's own: read as it is (fromX509 would encode and parse a copy,
    // a second d2i_X509 — about 100 µs with OpenSSL 3.0, paid by every certificate issued).
    const QByteArray der = pki::toDer(cert.get(), i2d_X509);
    if (der.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The certificate cannot be encoded: %1").arg(opensslErrors()));
    return fromOwned(cert.get(), der);
}

Result<QList<Certificate>> Certificate::parseAll(const QByteArray& pemOrDer) {
    QList<Certificate> out;
    if (!pemOrDer.contains("-----BEGIN")) {
        auto one = parse(pemOrDer);
        if (!one)
            return one.error();
        out << *one;
        return out;
    }
    BioPtr bio = memoryBio(pemOrDer);
    for (;;) {
        X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!x)
            break;
        auto cert = fromX509(x.get());
        if (!cert)
            return cert.error();
        out << *cert;
    }
    ERR_clear_error();
    if (out.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
    return out;
}

Result<Certificate> Certificate::fromX509(const X509* source) {
    const QByteArray der = pki::toDer(source, i2d_X509);
    // A private, re-parsed copy: several getters of fromOwned need a non-const X509.
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr x(der.isEmpty() ? nullptr : d2i_X509(nullptr, &p, long(der.size())));
    if (!x)
        return makeError(ErrorCode::Invalid, tr("The certificate cannot be encoded: %1").arg(opensslErrors()));
    return fromOwned(x.get(), der);
}

Result<Certificate> Certificate::fromOwned(X509* cert, const QByteArray& der, const EVP_PKEY* subjectKey) {
    Certificate c;
    c.m_der = der;
    const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
    c.m_serial = octets(serial);
    c.m_serialHex = QString::fromLatin1(c.m_serial.toHex().toUpper());
    if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
        c.m_serialHex.prepend(u'-');

    c.m_subject = SubjectName::fromX509(X509_get_subject_name(cert));
    c.m_subjectDisplay = SubjectName::display(X509_get_subject_name(cert));
    c.m_issuerDisplay = SubjectName::display(X509_get_issuer_name(cert));
    c.m_subjectDer = pki::toDer(X509_get_subject_name(cert), i2d_X509_NAME);
    c.m_issuerDer = pki::toDer(X509_get_issuer_name(cert), i2d_X509_NAME);
    c.m_notBefore = asn1TimeToDateTime(X509_get0_notBefore(cert));
    c.m_notAfter = asn1TimeToDateTime(X509_get0_notAfter(cert));

    if (const EVP_PKEY* key = subjectKey ? subjectKey : X509_get0_pubkey(cert)) {
        const char* type = EVP_PKEY_get0_type_name(key);
        c.m_keyAlgorithm = type ? QString::fromLatin1(type) : QString();
        c.m_keyBits = EVP_PKEY_get_bits(key);
        c.m_keyDescription = KeyGenerator::describe(key);
        // The same bytes either way for a built certificate (it holds i2d_PUBKEY's encoding of its key); the
        // first costs a plain ASN.1 encoding, the second a round through OpenSSL 3's key encoders.
        const QByteArray spki =
            subjectKey ? pki::toDer(X509_get_X509_PUBKEY(cert), i2d_X509_PUBKEY) : pki::toDer(key, i2d_PUBKEY);
        if (!spki.isEmpty())
            c.m_keyFingerprint =
                QString::fromLatin1(QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toHex());
    }
    c.m_signatureAlgorithm = QString::fromLatin1(OBJ_nid2ln(X509_get_signature_nid(cert)));

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (X509_digest(cert, EVP_sha256(), md, &mdLen) == 1)
        c.m_sha256 = QByteArray(reinterpret_cast<const char*>(md), int(mdLen));

    if (PoliciesPtr policies{
            static_cast<CERTIFICATEPOLICIES*>(X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr))}) {
        for (int i = 0; i < sk_POLICYINFO_num(policies.get()); ++i)
            c.m_policies << oidText(sk_POLICYINFO_value(policies.get(), i)->policyid);
    }
    const uint32_t ku = X509_get_key_usage(cert);
    if (ku != UINT32_MAX)
        c.m_keyUsage = keyUsageNames(ku);
    const int kuIndex = X509_get_ext_by_NID(cert, NID_key_usage, -1);
    c.m_keyUsageCritical = kuIndex >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, kuIndex)) == 1;
    if (EkuPtr eku{static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr))}) {
        for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
            c.m_eku << oidText(sk_ASN1_OBJECT_value(eku.get(), i));
    }
    if (GeneralNamesPtr names{
            static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))}) {
        for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
            if (name->type == GEN_EMAIL)
                c.m_emails << QString::fromLatin1(octets(name->d.rfc822Name));
        }
    }
    c.m_subjectKeyId = octets(X509_get0_subject_key_id(cert));
    c.m_authorityKeyId = octets(X509_get0_authority_key_id(cert));
    c.m_isCa = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
    c.m_selfSigned = X509_self_signed(cert, 1) == 1;
    opensslErrors(); // absent extensions may leave entries in the queue
    return c;
}

QByteArray Certificate::pem() const {
    X509Ptr x = toX509();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!x || !bio || PEM_write_bio_X509(bio.get(), x.get()) != 1)
        return {};
    return bioContents(bio.get());
}

QString Certificate::spkiSha256Hex() const {
    const X509Ptr x = toX509();
    return x ? KeyPolicy::spkiSha256Hex(X509_get0_pubkey(x.get())) : QString();
}

X509Ptr Certificate::toX509() const {
    if (m_der.isEmpty())
        return nullptr;
    const auto* p = reinterpret_cast<const unsigned char*>(m_der.constData());
    return X509Ptr(d2i_X509(nullptr, &p, long(m_der.size())));
}

bool Certificate::isSignedBy(const Certificate& issuer) const {
    X509Ptr self = toX509();
    X509Ptr parent = issuer.toX509();
    if (!self || !parent || m_issuerDer != issuer.m_subjectDer)
        return false;
    EVP_PKEY* key = X509_get0_pubkey(parent.get());
    const bool ok = key && X509_verify(self.get(), key) == 1;
    ERR_clear_error();
    return ok;
}

QString Certificate::sha256FingerprintHex() const {
    return QString::fromLatin1(m_sha256.toHex(':').toUpper());
}

std::optional<Profile> Certificate::profile() const {
    return Profile::detect(m_policies, m_eku, m_isCa, m_selfSigned);
}

using der::readTlv;
using der::Tlv;

QString Certificate::firstDistributionPointUri(const QByteArray& extensionValue) {
    const auto* q = reinterpret_cast<const unsigned char*>(extensionValue.constData());
    auto* points = d2i_CRL_DIST_POINTS(nullptr, &q, long(extensionValue.size()));
    if (!points)
        return QString();
    QString url;
    for (int i = 0; url.isEmpty() && i < sk_DIST_POINT_num(points); ++i) {
        const DIST_POINT* dp = sk_DIST_POINT_value(points, i);
        if (!dp->distpoint || dp->distpoint->type != 0)
            continue;
        const GENERAL_NAMES* names = dp->distpoint->name.fullname;
        for (int j = 0; url.isEmpty() && j < sk_GENERAL_NAME_num(names); ++j) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
            if (name->type == GEN_URI)
                url = QString::fromLatin1(
                    reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.uniformResourceIdentifier)),
                    ASN1_STRING_length(name->d.uniformResourceIdentifier));
        }
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    return url;
}

// crl publish reads this for every revoked certificate of a partitioned CA (a million and more):
// d2i_X509 costs about 100 µs a certificate with OpenSSL 3.0, so the certificate's structure is walked
// with OpenSSL's DER reader instead (Certificate, TBSCertificate and its fields by tag, the extensions)
// and only the cRLDistributionPoints value is decoded, by d2i_CRL_DIST_POINTS. A certificate whose
// outer structure is not that of a certificate, or with the extension twice (RFC 5280 §4.2), is treated
// as parse() would: not a certificate / no distribution point. pki tst_certificatebuilder compares it
// with OpenSSL's full decoding.
std::optional<QString> Certificate::crlDistributionPointOf(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    const unsigned char* const end = p + der.size();
    Tlv cert, tbs, sigAlg, signature;
    if (!readTlv(p, end, cert) || !cert.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true))
        return std::nullopt;
    const unsigned char* c = cert.content;
    const unsigned char* const certEnd = cert.content + cert.length;
    if (!readTlv(c, certEnd, tbs) || !tbs.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true) || !readTlv(c, certEnd, sigAlg) ||
        !sigAlg.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true) || !readTlv(c, certEnd, signature) ||
        !signature.is(V_ASN1_BIT_STRING, V_ASN1_UNIVERSAL, false) || c != certEnd)
        return std::nullopt;
    // TBSCertificate: [0] version?, serialNumber, signature, issuer, validity, subject,
    // subjectPublicKeyInfo, [1] issuerUniqueID?, [2] subjectUniqueID?, [3] extensions?
    const unsigned char* t = tbs.content;
    const unsigned char* const tbsEnd = tbs.content + tbs.length;
    Tlv field;
    if (!readTlv(t, tbsEnd, field))
        return std::nullopt;
    if (field.is(0, V_ASN1_CONTEXT_SPECIFIC, true) && !readTlv(t, tbsEnd, field))
        return std::nullopt;
    if (!field.is(V_ASN1_INTEGER, V_ASN1_UNIVERSAL, false))
        return std::nullopt;
    for (int i = 0; i < 5; ++i) // signature, issuer, validity, subject, subjectPublicKeyInfo
        if (!readTlv(t, tbsEnd, field) || !field.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true))
            return std::nullopt;
    std::optional<Tlv> extensions;
    while (t < tbsEnd) {
        if (!readTlv(t, tbsEnd, field) || field.cls != V_ASN1_CONTEXT_SPECIFIC || field.tag < 1 || field.tag > 3)
            return std::nullopt;
        if (field.tag == 3) {
            if (!field.constructed || extensions)
                return std::nullopt;
            extensions = field;
        }
    }
    if (!extensions)
        return QString();
    const unsigned char* e = extensions->content;
    const unsigned char* const extEnd = extensions->content + extensions->length;
    Tlv list;
    if (!readTlv(e, extEnd, list) || !list.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true) || e != extEnd)
        return std::nullopt;
    static const unsigned char cdpOid[] = {0x55, 0x1D, 0x1F}; // 2.5.29.31
    const unsigned char* x = list.content;
    const unsigned char* const listEnd = list.content + list.length;
    std::optional<Tlv> cdp;
    while (x < listEnd) {
        Tlv ext, oid, item;
        if (!readTlv(x, listEnd, ext) || !ext.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true))
            return std::nullopt;
        const unsigned char* f = ext.content;
        const unsigned char* const extItemEnd = ext.content + ext.length;
        if (!readTlv(f, extItemEnd, oid) || !oid.is(V_ASN1_OBJECT, V_ASN1_UNIVERSAL, false) ||
            !readTlv(f, extItemEnd, item))
            return std::nullopt;
        if (item.is(V_ASN1_BOOLEAN, V_ASN1_UNIVERSAL, false) && !readTlv(f, extItemEnd, item))
            return std::nullopt;
        if (!item.is(V_ASN1_OCTET_STRING, V_ASN1_UNIVERSAL, false) || f != extItemEnd)
            return std::nullopt;
        if (oid.length == long(sizeof cdpOid) && std::memcmp(oid.content, cdpOid, sizeof cdpOid) == 0) {
            if (cdp) // twice: OpenSSL's X509_get_ext_d2i gives no value either
                return QString();
            cdp = item;
        }
    }
    if (!cdp)
        return QString();
    // An undecodable value names no URL (as X509_get_ext_d2i gives none).
    return firstDistributionPointUri(
        QByteArray::fromRawData(reinterpret_cast<const char*>(cdp->content), qsizetype(cdp->length)));
}

} // namespace tirkeu::pki
