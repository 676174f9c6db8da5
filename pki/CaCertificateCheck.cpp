#include "pki/CaCertificateCheck.h"

#include "pki/KeyPolicy.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

namespace tirkeu::pki {

namespace {

// SHA-256 or stronger as the digest of a signature algorithm; the algorithm's name otherwise.
Status strongSignature(const X509* x) {
    const int sigNid = X509_get_signature_nid(x);
    int mdNid = NID_undef;
    int pkNid = NID_undef;
    const bool known = OBJ_find_sigid_algs(sigNid, &mdNid, &pkNid) == 1;
    const bool strong = known && (mdNid == NID_sha256 || mdNid == NID_sha384 || mdNid == NID_sha512 ||
                                  mdNid == NID_sha3_256 || mdNid == NID_sha3_384 || mdNid == NID_sha3_512);
    if (strong)
        return {};
    const char* name = OBJ_nid2ln(sigNid);
    return makeError(ErrorCode::Invalid,
                     CaCertificateCheck::tr("The certificate is signed with %1: a CA certificate is signed with "
                                            "SHA-256 or stronger (SHA-1 and MD5 signatures can be forged).")
                         .arg(QString::fromLatin1(name ? name : "an unknown algorithm")));
}

} // namespace

Status CaCertificateCheck::check(const Certificate& cert) {
    X509Ptr x = cert.toX509();
    if (!x)
        return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
    X509* c = x.get();
    const uint32_t flags = X509_get_extension_flags(c); // also caches the extensions
    ERR_clear_error();
    if (flags & EXFLAG_INVALID)
        return makeError(ErrorCode::Invalid, tr("The certificate's extensions cannot be decoded."));
    if (!(flags & EXFLAG_CA))
        return makeError(ErrorCode::Invalid, tr("The certificate is not a CA certificate (basicConstraints CA:TRUE)."));
    const int bc = X509_get_ext_by_NID(c, NID_basic_constraints, -1);
    if (bc < 0 || X509_EXTENSION_get_critical(X509_get_ext(c, bc)) != 1)
        return makeError(ErrorCode::Invalid, tr("The certificate's basicConstraints (CA:TRUE) is not marked critical "
                                                "(RFC 5280, 4.2.1.9)."));
    const uint32_t usage = X509_get_key_usage(c);
    if (!(flags & EXFLAG_KUSAGE) || !(usage & KU_KEY_CERT_SIGN) || !(usage & KU_CRL_SIGN))
        return makeError(ErrorCode::Invalid,
                         tr("The certificate's keyUsage does not allow keyCertSign and cRLSign: the "
                            "CA could sign neither certificates nor CRLs (RFC 5280, 4.2.1.3)."));
    for (int i = 0; i < X509_get_ext_count(c); ++i) {
        X509_EXTENSION* ext = X509_get_ext(c, i);
        const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
        if (nid == NID_name_constraints)
            return makeError(ErrorCode::Invalid,
                             tr("The certificate carries name constraints: the register's CAs issue without them."));
        if (X509_EXTENSION_get_critical(ext) == 1 && X509_supported_extension(ext) != 1) {
            char oid[128] = {0};
            OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(ext), 1);
            return makeError(ErrorCode::Invalid,
                             tr("The certificate carries the critical extension %1, which is not processed here: no "
                                "certificate this CA issued would verify.")
                                 .arg(QString::fromLatin1(oid)));
        }
    }
    const ASN1_INTEGER* serial = X509_get0_serialNumber(c);
    BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn || BN_is_negative(bn.get()) || BN_is_zero(bn.get()) || BN_num_bytes(bn.get()) > 20 ||
        ASN1_STRING_length(serial) > 20)
        return makeError(ErrorCode::Invalid, tr("The certificate's serial number is not a positive number of at most "
                                                "20 octets (RFC 5280, 4.1.2.2)."));
    if (Status s = strongSignature(c); !s)
        return s;
    return {};
}

bool CaCertificateCheck::signedBy(const Certificate& cert, const Certificate& issuer) {
    if (!sameName(cert.issuerDer(), issuer.subjectDer()))
        return false;
    X509Ptr self = cert.toX509();
    X509Ptr parent = issuer.toX509();
    if (!self || !parent)
        return false;
    EVP_PKEY* key = X509_get0_pubkey(parent.get());
    const bool ok = key && X509_verify(self.get(), key) == 1;
    ERR_clear_error();
    return ok;
}

Status CaCertificateCheck::withinIssuerValidity(const Certificate& cert, const Certificate& issuer) {
    // Only the end: a CA certificate may begin a little before its issuer's (parents backdate for clocks).
    if (cert.notAfter() <= issuer.notAfter())
        return {};
    return makeError(ErrorCode::Invalid,
                     tr("The certificate is valid from %1 to %2, beyond its issuer's certificate (%3 to %4): a CA "
                        "certificate never outlives its issuer's.")
                         .arg(cert.notBefore().toString(Qt::ISODate), cert.notAfter().toString(Qt::ISODate),
                              issuer.notBefore().toString(Qt::ISODate), issuer.notAfter().toString(Qt::ISODate)));
}

Status CaCertificateCheck::issuerKey(const Certificate& issuer) {
    X509Ptr x = issuer.toX509();
    if (!x)
        return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
    if (!issuer.isCa())
        return makeError(ErrorCode::Invalid,
                         tr("The issuer's certificate is not a CA certificate (basicConstraints CA:TRUE)."));
    if (Status s = KeyPolicy::check(X509_get0_pubkey(x.get())); !s)
        return makeError(ErrorCode::Invalid, tr("The issuer's key is refused: %1").arg(s.message()));
    if (Status s = strongSignature(x.get()); !s)
        return makeError(ErrorCode::Invalid, tr("The issuer's certificate is refused: %1").arg(s.message()));
    return {};
}

Status CaCertificateCheck::outsideIssuer(const Certificate& issuer, const QDateTime& now) {
    if (Status s = issuerKey(issuer); !s)
        return s;
    // It certifies a CA of this register as that CA's own certificate must be able to: the same rules.
    if (Status s = check(issuer); !s)
        return makeError(ErrorCode::Invalid, tr("The issuer's certificate is refused: %1").arg(s.message()));
    const QString from = issuer.notBefore().toString(Qt::ISODate);
    const QString to = issuer.notAfter().toString(Qt::ISODate);
    if (!issuer.notBefore().isValid() || !issuer.notAfter().isValid() || issuer.notBefore() > issuer.notAfter())
        return makeError(ErrorCode::Invalid, tr("The issuer's certificate is not valid now: its validity ends before "
                                                "it begins (%1 to %2).")
                                                 .arg(from, to));
    if (issuer.notBefore() > now || issuer.notAfter() < now)
        return makeError(ErrorCode::Invalid, tr("The issuer's certificate is not valid now (%1 to %2): every "
                                                "certificate this CA issued would fail validation.")
                                                 .arg(from, to));
    return {};
}

Status CaCertificateCheck::pathLengths(const Certificate& cert, const QList<Certificate>& above,
                                       const QStringList& labels) {
    X509Ptr self = cert.toX509();
    if (!self)
        return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
    const long own = X509_get_pathlen(self.get()); // -1: no pathLenConstraint
    ERR_clear_error();
    // The CA certificates from an ancestor down to `cert`: `cert` itself, then each ancestor passed on the way up
    // that is not self-issued (a self-issued one does not count in a path, RFC 5280 6.1.4 (l)).
    long below = 1;
    for (qsizetype i = 0; i < above.size(); ++i) {
        X509Ptr x = above.at(i).toX509();
        if (!x)
            return makeError(ErrorCode::Invalid, tr("The data is not an X.509 certificate in PEM or DER form."));
        const uint32_t flags = X509_get_extension_flags(x.get());
        const long pathLen = X509_get_pathlen(x.get());
        ERR_clear_error();
        const long needed = below + (own > 0 ? own : 0);
        if (pathLen >= 0 && pathLen < needed) {
            const QString who = i < labels.size() && !labels.at(i).isEmpty()
                                    ? labels.at(i)
                                    : tr("the certificate of %1").arg(above.at(i).subjectDisplay());
            if (own > 0)
                return makeError(ErrorCode::Invalid,
                                 tr("%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this "
                                    "CA's certificate would be number %3 below it and its own pathlen:%4 asks room "
                                    "for %4 more. Every certificate this CA issued would fail validation (\"path "
                                    "length constraint exceeded\").")
                                     .arg(who, QString::number(pathLen), QString::number(below), QString::number(own)));
            return makeError(ErrorCode::Invalid,
                             tr("%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this CA's "
                                "certificate would be number %3 below it. Every certificate this CA issued would fail "
                                "validation (\"path length constraint exceeded\").")
                                 .arg(who, QString::number(pathLen), QString::number(below)));
        }
        if (!(flags & EXFLAG_SI))
            ++below;
    }
    return {};
}

bool CaCertificateCheck::sameName(const QByteArray& derA, const QByteArray& derB) {
    if (derA.isEmpty() || derB.isEmpty())
        return false;
    if (derA == derB)
        return true;
    const auto* pa = reinterpret_cast<const unsigned char*>(derA.constData());
    const auto* pb = reinterpret_cast<const unsigned char*>(derB.constData());
    X509NamePtr a(d2i_X509_NAME(nullptr, &pa, long(derA.size())));
    X509NamePtr b(d2i_X509_NAME(nullptr, &pb, long(derB.size())));
    const bool same = a && b && X509_NAME_cmp(a.get(), b.get()) == 0;
    ERR_clear_error();
    return same;
}

} // namespace tirkeu::pki
