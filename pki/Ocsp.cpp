#include "pki/Ocsp.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/SignatureAlgorithm.h"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>

namespace tirkeu::pki {

namespace {

constexpr int kMaxSerialBytes = 64;
constexpr int kCommonNameMax = 64;

using Asn1GenTimePtr = std::unique_ptr<ASN1_GENERALIZEDTIME, OsslDeleter<ASN1_GENERALIZEDTIME_free>>;

const EVP_MD* digestOfNid(int nid) {
    switch (nid) {
    case NID_sha1:
        return EVP_sha1();
    case NID_sha256:
        return EVP_sha256();
    case NID_sha384:
        return EVP_sha384();
    case NID_sha512:
        return EVP_sha512();
    default:
        return nullptr;
    }
}

Asn1GenTimePtr generalizedTime(const QDateTime& t) {
    return Asn1GenTimePtr(ASN1_GENERALIZEDTIME_set(nullptr, time_t(t.toSecsSinceEpoch())));
}

X509Ptr parseX509(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &p, long(der.size())));
}

QString serialHexOf(const ASN1_INTEGER* serial, bool* valid) {
    *valid = false;
    if (!serial)
        return {};
    BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn || BN_is_negative(bn.get()) || BN_num_bytes(bn.get()) > kMaxSerialBytes)
        return {};
    char* hex = BN_bn2hex(bn.get());
    if (!hex)
        return {};
    QString out = QString::fromLatin1(hex);
    OPENSSL_free(hex);
    if (out.size() % 2)
        out.prepend(u'0');
    *valid = true;
    return out;
}

// The first critical extension of a request (or of one of its CertIDs) whose NID is not `understood`
// (NID_undef: none is), as its dotted OID; empty when there is none.
template <typename Owner>
QString criticalNotUnderstood(Owner* owner, int (*count)(Owner*), X509_EXTENSION* (*get)(Owner*, int), int understood) {
    for (int i = 0; i < count(owner); ++i) {
        X509_EXTENSION* ext = get(owner, i);
        if (!ext || X509_EXTENSION_get_critical(ext) <= 0)
            continue;
        const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
        if (understood != NID_undef && OBJ_obj2nid(obj) == understood)
            continue;
        char oid[128] = {0};
        OBJ_obj2txt(oid, sizeof oid, obj, 1);
        return QString::fromLatin1(oid);
    }
    return {};
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
    X509ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

} // namespace

OcspParsed Ocsp::parseRequest(const QByteArray& der, int maxCerts) {
    OcspParsed out;
    out.status = OcspStatusCode::MalformedRequest;
    if (der.isEmpty())
        return out;
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    const unsigned char* end = p + der.size();
    std::shared_ptr<OCSP_REQUEST> req(d2i_OCSP_REQUEST(nullptr, &p, long(der.size())), OCSP_REQUEST_free);
    if (!req || p != end) {
        ERR_clear_error();
        out.problem = QStringLiteral("not a DER OCSPRequest");
        return out;
    }
    const int count = OCSP_request_onereq_count(req.get());
    if (count <= 0 || count > maxCerts) {
        out.problem = QStringLiteral("%1 certificates (1 to %2)").arg(count).arg(maxCerts);
        return out;
    }
    if (const QString oid = criticalNotUnderstood(req.get(), &OCSP_REQUEST_get_ext_count, &OCSP_REQUEST_get_ext,
                                                  NID_id_pkix_OCSP_Nonce);
        !oid.isEmpty()) {
        out.problem = QStringLiteral("critical request extension %1 not understood").arg(oid);
        return out;
    }
    for (int i = 0; i < count; ++i) {
        OCSP_ONEREQ* one = OCSP_request_onereq_get0(req.get(), i);
        OCSP_CERTID* id = one ? OCSP_onereq_get0_id(one) : nullptr;
        ASN1_OCTET_STRING* nameHash = nullptr;
        ASN1_OCTET_STRING* keyHash = nullptr;
        ASN1_OBJECT* md = nullptr;
        ASN1_INTEGER* serial = nullptr;
        if (!id || OCSP_id_get0_info(&nameHash, &md, &keyHash, &serial, id) != 1 || !nameHash || !keyHash || !md) {
            out.problem = QStringLiteral("CertID %1 unreadable").arg(i + 1);
            return out;
        }
        if (const QString oid = criticalNotUnderstood(one, &OCSP_ONEREQ_get_ext_count, &OCSP_ONEREQ_get_ext, NID_undef);
            !oid.isEmpty()) {
            out.problem = QStringLiteral("critical extension %1 of CertID %2 not understood").arg(oid).arg(i + 1);
            return out;
        }
        OcspCertRef ref;
        ref.hashNid = OBJ_obj2nid(md);
        ref.issuerNameHash =
            QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(nameHash)), ASN1_STRING_length(nameHash));
        ref.issuerKeyHash =
            QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(keyHash)), ASN1_STRING_length(keyHash));
        ref.serialHex = serialHexOf(serial, &ref.serialValid);
        ref.certIdDer = toDer(id, i2d_OCSP_CERTID);
        if (ref.certIdDer.isEmpty()) {
            ERR_clear_error();
            out.problem = QStringLiteral("CertID %1 unreadable").arg(i + 1);
            return out;
        }
        out.request.certs.append(ref);
    }
    // RFC 8954 2.1: the nonce is an OCTET STRING of 1 to 128 octets, else malformedRequest (attack of session 32,
    // B5: nonces of 0 and 1000 octets were echoed). Only such a nonce is echoed (OcspSigner::respond).
    const int nonceAt = OCSP_REQUEST_get_ext_by_NID(req.get(), NID_id_pkix_OCSP_Nonce, -1);
    if (nonceAt >= 0) {
        if (OCSP_REQUEST_get_ext_by_NID(req.get(), NID_id_pkix_OCSP_Nonce, nonceAt) >= 0) {
            out.problem = QStringLiteral("nonce extension given twice");
            return out;
        }
        const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(OCSP_REQUEST_get_ext(req.get(), nonceAt));
        const unsigned char* n = value ? ASN1_STRING_get0_data(value) : nullptr;
        const unsigned char* nonceEnd = n ? n + ASN1_STRING_length(value) : nullptr;
        Asn1OctetStringPtr nonce(n ? d2i_ASN1_OCTET_STRING(nullptr, &n, long(nonceEnd - n)) : nullptr);
        if (!nonce || n != nonceEnd) {
            ERR_clear_error();
            out.problem = QStringLiteral("nonce not an OCTET STRING");
            return out;
        }
        const int length = ASN1_STRING_length(nonce.get());
        if (length < kMinNonceOctets || length > kMaxNonceOctets) {
            out.problem =
                QStringLiteral("nonce of %1 octets (%2 to %3)").arg(length).arg(kMinNonceOctets).arg(kMaxNonceOctets);
            return out;
        }
        out.request.hasNonce = true;
    }
    out.request.raw = std::move(req);
    out.status = OcspStatusCode::Successful;
    ERR_clear_error();
    return out;
}

QByteArray Ocsp::errorResponse(OcspStatusCode status) {
    if (status == OcspStatusCode::Successful)
        status = OcspStatusCode::InternalError;
    OcspResponsePtr resp(OCSP_response_create(int(status), nullptr));
    return resp ? toDer(resp.get(), i2d_OCSP_RESPONSE) : QByteArray();
}

QList<int> Ocsp::supportedHashNids() {
    return {NID_sha1, NID_sha256, NID_sha384, NID_sha512};
}

bool Ocsp::issuerHashes(const X509* issuer, const EVP_MD* md, QByteArray* nameHash, QByteArray* keyHash) {
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!issuer || !md || X509_NAME_digest(X509_get_subject_name(issuer), md, buf, &len) != 1)
        return false;
    *nameHash = QByteArray(reinterpret_cast<const char*>(buf), int(len));
    if (X509_pubkey_digest(issuer, md, buf, &len) != 1)
        return false;
    *keyHash = QByteArray(reinterpret_cast<const char*>(buf), int(len));
    return true;
}

// ---- OcspSigner ----

Result<std::shared_ptr<OcspSigner>> OcspSigner::create(const QByteArray& caCertificateDer,
                                                       const QByteArray& signerCertificateDer,
                                                       std::shared_ptr<EVP_PKEY> signerKey, bool serialiseSigning) {
    auto signer = std::make_shared<OcspSigner>(Token{});
    signer->m_ca = parseX509(caCertificateDer);
    signer->m_signer = parseX509(signerCertificateDer);
    if (!signer->m_ca || !signer->m_signer) {
        ERR_clear_error();
        return makeError(ErrorCode::Crypto, tr("The CA or OCSP signing certificate cannot be read."));
    }
    if (!signerKey)
        return makeError(ErrorCode::Crypto, tr("No OCSP signing key."));
    X509* ca = signer->m_ca.get();
    X509* cert = signer->m_signer.get();
    if (EVP_PKEY_eq(X509_get0_pubkey(ca), signerKey.get()) == 1)
        return makeError(ErrorCode::Crypto,
                         tr("The OCSP signing key is the CA key: responses are signed only by a delegated key."));
    if (X509_check_issued(ca, cert) != X509_V_OK || X509_verify(cert, X509_get0_pubkey(ca)) != 1) {
        ERR_clear_error();
        return makeError(ErrorCode::Crypto, tr("The OCSP signing certificate was not issued by this CA."));
    }
    if (!OcspSignerCertificate::isOcspSigner(cert))
        return makeError(ErrorCode::Crypto, tr("The certificate is not an OCSP signing certificate "
                                               "(extendedKeyUsage id-kp-OCSPSigning is missing)."));
    if (X509_check_private_key(cert, signerKey.get()) != 1) {
        ERR_clear_error();
        return makeError(ErrorCode::Crypto, tr("The OCSP signing key does not match its certificate."));
    }
    const int nids[4] = {NID_sha1, NID_sha256, NID_sha384, NID_sha512};
    for (int i = 0; i < 4; ++i) {
        signer->m_hashes[size_t(i)].nid = nids[i];
        if (!Ocsp::issuerHashes(ca, digestOfNid(nids[i]), &signer->m_hashes[size_t(i)].name,
                                &signer->m_hashes[size_t(i)].key))
            return makeError(ErrorCode::Crypto, tr("Cannot hash the CA certificate: %1").arg(opensslErrors()));
    }
    signer->m_md = SignatureAlgorithm::digestFor(signerKey.get());
    if (!signer->m_md)
        return makeError(ErrorCode::Crypto, tr("The OCSP signing key is neither RSA nor EC."));
    signer->m_key = std::move(signerKey);
    signer->m_serialise = serialiseSigning;
    signer->m_signerNotBefore = asn1TimeToDateTime(X509_get0_notBefore(cert));
    signer->m_signerNotAfter = asn1TimeToDateTime(X509_get0_notAfter(cert));
    bool valid = false;
    signer->m_signerSerialHex = serialHexOf(X509_get0_serialNumber(cert), &valid);
    return signer;
}

bool OcspSigner::issued(const OcspCertRef& ref) const {
    for (const Hashes& h : m_hashes) {
        if (h.nid == ref.hashNid)
            return h.key == ref.issuerKeyHash && h.name == ref.issuerNameHash;
    }
    return false;
}

Result<QByteArray> OcspSigner::respond(const QList<OcspCertRef>& refs, const QList<OcspAnswer>& answers,
                                       OCSP_REQUEST* nonceFrom, const QDateTime& thisUpdate,
                                       const QDateTime& nextUpdate) const {
    if (refs.size() != answers.size() || refs.isEmpty())
        return makeError(ErrorCode::Failure, tr("Internal error: no answer for a certificate."));
    OcspBasicRespPtr basic(OCSP_BASICRESP_new());
    Asn1GenTimePtr thisUpd = generalizedTime(thisUpdate);
    Asn1GenTimePtr nextUpd = nextUpdate.isValid() ? generalizedTime(nextUpdate) : nullptr;
    if (!basic || !thisUpd || (nextUpdate.isValid() && !nextUpd))
        return makeError(ErrorCode::Crypto, tr("Cannot build the OCSP response: %1").arg(opensslErrors()));
    for (qsizetype i = 0; i < refs.size(); ++i) {
        const OcspCertRef& ref = refs.at(i);
        const OcspAnswer& a = answers.at(i);
        // The CertID exactly as asked (a negative or overlong serial too: "unknown" for that serial).
        const auto* p = reinterpret_cast<const unsigned char*>(ref.certIdDer.constData());
        OcspCertIdPtr id(d2i_OCSP_CERTID(nullptr, &p, long(ref.certIdDer.size())));
        if (!id)
            return makeError(ErrorCode::Crypto, tr("Cannot build the OCSP response: %1").arg(opensslErrors()));
        int status = V_OCSP_CERTSTATUS_UNKNOWN;
        Asn1GenTimePtr revoked;
        int reason = OCSP_REVOKED_STATUS_NOSTATUS;
        if (a.state == OcspCertState::Good) {
            status = V_OCSP_CERTSTATUS_GOOD;
        } else if (a.state == OcspCertState::Revoked) {
            status = V_OCSP_CERTSTATUS_REVOKED;
            revoked = generalizedTime(a.revokedAt);
            if (a.reason > 0 && a.reason <= 10)
                reason = a.reason;
            if (!revoked)
                return makeError(ErrorCode::Crypto, tr("Cannot build the OCSP response: %1").arg(opensslErrors()));
        }
        if (!OCSP_basic_add1_status(basic.get(), id.get(), status, reason, revoked.get(), thisUpd.get(), nextUpd.get()))
            return makeError(ErrorCode::Crypto, tr("Cannot build the OCSP response: %1").arg(opensslErrors()));
    }
    if (nonceFrom && OCSP_copy_nonce(basic.get(), nonceFrom) == 0)
        return makeError(ErrorCode::Crypto, tr("Cannot echo the request nonce: %1").arg(opensslErrors()));
    int signedOk = 0;
    if (m_serialise) {
        QMutexLocker lock(&m_mutex);
        signedOk = OCSP_basic_sign(basic.get(), m_signer.get(), m_key.get(), m_md, nullptr, OCSP_RESPID_KEY);
    } else {
        signedOk = OCSP_basic_sign(basic.get(), m_signer.get(), m_key.get(), m_md, nullptr, OCSP_RESPID_KEY);
    }
    if (signedOk != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot sign the OCSP response: %1").arg(opensslErrors()));
    OcspResponsePtr resp(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
    if (!resp)
        return makeError(ErrorCode::Crypto, tr("Cannot build the OCSP response: %1").arg(opensslErrors()));
    return toDer(resp.get(), i2d_OCSP_RESPONSE);
}

// ---- OcspSignerCertificate ----

bool OcspSignerCertificate::isOcspSigner(const X509* cert) {
    if (!cert)
        return false;
    auto* c = const_cast<X509*>(cert);
    const uint32_t flags = X509_get_extension_flags(c);
    return (flags & EXFLAG_XKUSAGE) && (X509_get_extended_key_usage(c) & XKU_OCSP_SIGN);
}

Result<QByteArray> OcspSignerCertificate::build(const OcspSignerSpec& spec, EVP_PKEY* signerPublicKey,
                                                const X509* caCert, EVP_PKEY* caKey) {
    if (!signerPublicKey || !caCert || !caKey)
        return makeError(ErrorCode::Invalid, tr("The CA certificate, CA key or signer key is missing."));
    if (EVP_PKEY_eq(signerPublicKey, X509_get0_pubkey(caCert)) == 1)
        return makeError(ErrorCode::Invalid, tr("The OCSP signing key must not be the CA key."));
    if (X509_check_private_key(caCert, caKey) != 1) {
        ERR_clear_error();
        return makeError(ErrorCode::Crypto, tr("The CA key does not match the CA certificate."));
    }
    if (!spec.notBefore.isValid() || !spec.notAfter.isValid() || spec.notAfter <= spec.notBefore)
        return makeError(ErrorCode::Invalid, tr("The validity period is empty or invalid."));
    // Within the CA certificate's validity, like every certificate the CA signs: a signer valid after its issuer's
    // end cannot be validated then (attack of session 29, F8: a 30-day signer under a CA certificate ending in 10
    // days, and a new signer certified after the CA certificate had ended). Cut at the CA certificate's end; a CA
    // certificate that has ended, or not begun, certifies no signer.
    const QDateTime caStart = asn1TimeToDateTime(X509_get0_notBefore(caCert));
    const QDateTime caEnd = asn1TimeToDateTime(X509_get0_notAfter(caCert));
    if (!caEnd.isValid() || spec.notBefore >= caEnd)
        return makeError(
            ErrorCode::Conflict,
            tr("The CA certificate ended on %1: it certifies no OCSP signer.").arg(caEnd.toString(Qt::ISODate)));
    if (!caStart.isValid() || spec.notBefore < caStart)
        return makeError(ErrorCode::Conflict,
                         tr("The CA certificate is valid from %1 only: it certifies no OCSP signer "
                            "before then.")
                             .arg(caStart.toString(Qt::ISODate)));
    const QDateTime notAfter = std::min(spec.notAfter, caEnd);
    if (Status url = CertificateBuilder::checkUrl(spec.caIssuersUrl); !url)
        return url.error();
    QByteArray serial = spec.serial.isEmpty() ? CertificateBuilder::newSerial() : spec.serial;
    const EVP_MD* md = SignatureAlgorithm::digestFor(caKey);
    if (serial.isEmpty() || !md)
        return makeError(ErrorCode::Crypto, tr("Cannot prepare the OCSP signing certificate."));

    X509Ptr cert(X509_new());
    X509NamePtr subject(X509_NAME_dup(X509_get_subject_name(caCert)));
    BnPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.constData()), int(serial.size()), nullptr));
    Asn1IntegerPtr integer(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
    if (!cert || !subject || !integer)
        return makeError(ErrorCode::Crypto, tr("Cannot prepare the OCSP signing certificate: %1").arg(opensslErrors()));
    // Subject: the CA's name, its CN followed by " OCSP".
    const int cnAt = X509_NAME_get_index_by_NID(subject.get(), NID_commonName, -1);
    QString cn = QStringLiteral("OCSP");
    if (cnAt >= 0) {
        X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject.get(), cnAt);
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
        if (len >= 0) {
            cn = QString::fromUtf8(reinterpret_cast<const char*>(utf8), len).left(kCommonNameMax - 5) +
                 QStringLiteral(" OCSP");
            OPENSSL_free(utf8);
        }
        X509_NAME_ENTRY_free(X509_NAME_delete_entry(subject.get(), cnAt));
    }
    const QByteArray cnUtf8 = cn.toUtf8();
    if (X509_NAME_add_entry_by_NID(subject.get(), NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cnUtf8.constData()), int(cnUtf8.size()), cnAt,
                                   0) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot prepare the OCSP signing certificate: %1").arg(opensslErrors()));
    bool ok =
        X509_set_version(cert.get(), X509_VERSION_3) == 1 && X509_set_serialNumber(cert.get(), integer.get()) == 1 &&
        X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert)) == 1 &&
        X509_set_subject_name(cert.get(), subject.get()) == 1 && X509_set_pubkey(cert.get(), signerPublicKey) == 1 &&
        ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(spec.notBefore.toSecsSinceEpoch())) &&
        ASN1_TIME_set(X509_getm_notAfter(cert.get()), time_t(notAfter.toSecsSinceEpoch()));
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, const_cast<X509*>(caCert), cert.get(), nullptr, nullptr, 0);
    ok = ok && addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
         addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
         addExtension(cert.get(), &ctx, NID_ext_key_usage, "OCSPSigning") &&
         addExtension(cert.get(), &ctx, NID_id_pkix_OCSP_noCheck, "ignored") &&
         addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash") &&
         addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    if (!spec.caIssuersUrl.isEmpty())
        ok = ok && addExtension(cert.get(), &ctx, NID_info_access,
                                QByteArray(QByteArray("caIssuers;URI:") + spec.caIssuersUrl.toLatin1()).constData());
    if (!ok || X509_sign(cert.get(), caKey, md) <= 0)
        return makeError(ErrorCode::Crypto, tr("Cannot sign the OCSP signing certificate: %1").arg(opensslErrors()));
    if (X509_verify(cert.get(), X509_get0_pubkey(caCert)) != 1)
        return makeError(ErrorCode::Crypto,
                         tr("The new OCSP signing certificate does not verify: %1").arg(opensslErrors()));
    return toDer(cert.get(), i2d_X509);
}

Result<QByteArray> OcspSignerCertificate::renew(const OcspSignerSpec& spec, const QByteArray& previousDer,
                                                const X509* caCert, EVP_PKEY* caKey) {
    X509Ptr previous = parseX509(previousDer);
    if (!previous || !isOcspSigner(previous.get())) {
        ERR_clear_error();
        return makeError(ErrorCode::Invalid, tr("The previous certificate is not an OCSP signing certificate."));
    }
    if (!caCert || X509_check_issued(const_cast<X509*>(caCert), previous.get()) != X509_V_OK)
        return makeError(ErrorCode::Invalid, tr("The previous OCSP signing certificate was not issued by this CA."));
    return build(spec, X509_get0_pubkey(previous.get()), caCert, caKey);
}

} // namespace tirkeu::pki
