#include "pki/CertificateBuilder.h"

#include "pki/Certificate.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "pki/SignatureAlgorithm.h"

#include <QRegularExpression>
#include <QUrl>

#include <openssl/err.h>

namespace tirkeu::pki {

namespace {

constexpr int kSerialBytes = 20;

using Asn1BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, OsslDeleter<ASN1_BIT_STRING_free>>;

// X509_set_pubkey with an EC point in uncompressed form (a copy of a key that encodes it otherwise).
bool setPubkeyUncompressed(X509* x, EVP_PKEY* key) {
    if (!KeyPolicy::encodesCompressedPoint(key))
        return X509_set_pubkey(x, key) == 1;
    EvpPkeyPtr copy = KeyPolicy::uncompressedPublicCopy(key);
    return copy && X509_set_pubkey(x, copy.get()) == 1;
}

// The subject's key into a certificate its CA signs. X509_set_pubkey encodes the key and, with OpenSSL 3.0,
// decodes that encoding again into the certificate's X509_PUBKEY: a third of a certificate's signing time
// in a bulk issuance. Here the key's own encoding (i2d_PUBKEY: the same encoder, so the same bytes) is
// stored as plain ASN.1, its algorithm identifier and key bits, without decoding the key; the result is
// compared byte for byte with that encoding, and anything unexpected takes X509_set_pubkey's way. The
// certificate then holds no decoded key (X509_get0_pubkey gives nullptr): its reader is given the key
// (Certificate::fromOwned), and a self-signed certificate, whose signature is checked with its own key,
// always takes X509_set_pubkey's way. An EC point is always stored uncompressed (EncodedKey), whatever form
// the key encodes it in.
bool setSubjectKey(X509* x, EVP_PKEY* key, const QByteArray* encoded) {
    QByteArray own;
    if (!encoded) {
        auto encodedHere = EncodedKey::of(key);
        own = encodedHere ? encodedHere->der() : QByteArray();
    }
    const QByteArray spki = encoded ? *encoded : own;
    const auto* begin = reinterpret_cast<const unsigned char*>(spki.constData());
    const unsigned char* end = begin + spki.size();
    const unsigned char* p = begin;
    long length = 0;
    int tag = 0;
    int cls = 0;
    X509AlgorPtr algorithm;
    Asn1BitStringPtr bits;
    if (!spki.isEmpty() && !(ASN1_get_object(&p, &length, &tag, &cls, long(spki.size())) & 0x80) &&
        tag == V_ASN1_SEQUENCE && p + length == end) {
        algorithm.reset(d2i_X509_ALGOR(nullptr, &p, long(end - p)));
        bits.reset(algorithm ? d2i_ASN1_BIT_STRING(nullptr, &p, long(end - p)) : nullptr);
    }
    X509_PUBKEY* pub = X509_get_X509_PUBKEY(x);
    const bool wholeOctets = bits && !((bits->flags & ASN1_STRING_FLAG_BITS_LEFT) && (bits->flags & 0x07));
    if (pub && algorithm && bits && p == end && bits->length > 0 && wholeOctets) {
        const ASN1_OBJECT* oid = nullptr;
        int type = V_ASN1_UNDEF;
        const void* value = nullptr;
        X509_ALGOR_get0(&oid, &type, &value, algorithm.get());
        // X509_PUBKEY_set0_param takes ownership of copies; only the parameter kinds of RSA and EC keys.
        void* valueCopy = nullptr;
        bool known = true;
        if (type == V_ASN1_OBJECT)
            known = (valueCopy = OBJ_dup(static_cast<const ASN1_OBJECT*>(value))) != nullptr;
        else if (type != V_ASN1_NULL && type != V_ASN1_UNDEF)
            known = false;
        ASN1_OBJECT* oidCopy = known ? OBJ_dup(oid) : nullptr;
        auto* keyBits =
            oidCopy ? static_cast<unsigned char*>(OPENSSL_memdup(bits->data, std::size_t(bits->length))) : nullptr;
        if (keyBits && X509_PUBKEY_set0_param(pub, oidCopy, type, valueCopy, keyBits, bits->length) == 1) {
            if (toDer(pub, i2d_X509_PUBKEY) == spki)
                return true;
        } else { // nothing was taken over
            ASN1_OBJECT_free(oidCopy);
            if (type == V_ASN1_OBJECT)
                ASN1_OBJECT_free(static_cast<ASN1_OBJECT*>(valueCopy));
            OPENSSL_free(keyBits);
        }
    }
    ERR_clear_error();
    return setPubkeyUncompressed(x, key);
}

Result<void> checkSpec(const CertificateSpec& spec, const X509* issuerCert) {
    if (Status valid = spec.profile.validate(); !valid)
        return valid;
    if (Status valid = spec.subject.validate(); !valid)
        return valid;
    const bool caSubject = spec.subject.kind == SubjectName::Kind::Ca;
    if (spec.profile.hasServiceSubject() != caSubject)
        return makeError(ErrorCode::Invalid,
                         spec.profile.hasServiceSubject()
                             ? CertificateBuilder::tr("A CA or OCSP responder profile needs a CA subject name.")
                             : CertificateBuilder::tr("A holder profile needs a person's subject name."));
    if (!caSubject && spec.profile.isLegal() && spec.subject.organisation.simplified().isEmpty())
        return makeError(
            ErrorCode::Invalid,
            CertificateBuilder::tr("The profile \"%1\" needs the organisation and its BIN.").arg(spec.profile.id()));
    if (!caSubject && !spec.profile.isLegal() && !spec.subject.organisation.simplified().isEmpty())
        return makeError(
            ErrorCode::Invalid,
            CertificateBuilder::tr("The profile \"%1\" is for individuals; the subject must not name an organisation.")
                .arg(spec.profile.id()));
    if ((spec.profile.kind() == ProfileKind::RootCa) != (issuerCert == nullptr))
        return makeError(ErrorCode::Invalid,
                         issuerCert ? CertificateBuilder::tr("A root CA certificate is self-signed: no issuer.")
                                    : CertificateBuilder::tr("The issuing CA certificate is missing."));
    if (!spec.notBefore.isValid() || !spec.notAfter.isValid() || spec.notAfter <= spec.notBefore)
        return makeError(ErrorCode::Invalid, CertificateBuilder::tr("The validity period is empty or invalid."));
    if (!spec.email.isEmpty()) {
        const QString& e = spec.email;
        // An rfc822Name is an RFC 5321 mailbox in ASCII: a dot-atom, @, a domain of LDH labels (its A-labels; the
        // form's rule, forms::certificateEmail, gives that form; attack of session 32, B16: "a@-x.kz" was certified).
        static const QRegularExpression mailbox(QStringLiteral(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]"
            "{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
        if (e.size() > 254 || !mailbox.match(e).hasMatch())
            return makeError(ErrorCode::Invalid,
                             CertificateBuilder::tr("\"%1\" is not a usable e-mail address.").arg(e));
    }
    for (const QString& url : {spec.caIssuersUrl, spec.ocspUrl, spec.crlUrl, spec.freshestCrlUrl, spec.cpsUri}) {
        if (Status ok = CertificateBuilder::checkUrl(url); !ok)
            return ok;
    }
    for (const QString& policy : spec.policyOids) {
        if (!CertificateBuilder::isOid(policy))
            return makeError(ErrorCode::Invalid,
                             CertificateBuilder::tr("\"%1\" is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).")
                                 .arg(policy));
    }
    if (!spec.policyOids.isEmpty() && spec.profile.kind() != ProfileKind::SubordinateCa)
        return makeError(ErrorCode::Invalid,
                         CertificateBuilder::tr("Only a subordinate CA's certificate takes configured policies; "
                                                "the profile \"%1\" has its own.")
                             .arg(spec.profile.id()));
    if (!spec.serial.isEmpty() && (spec.serial.size() > kSerialBytes || (spec.serial.at(0) & 0x80) != 0 ||
                                   spec.serial.count('\0') == spec.serial.size()))
        return makeError(
            ErrorCode::Invalid,
            CertificateBuilder::tr("The serial number must be positive, non-zero and at most 20 bytes long."));
    return {};
}

using PoliciesPtr = std::unique_ptr<CERTIFICATEPOLICIES, OsslDeleter<CERTIFICATEPOLICIES_free>>;
using PolicyInfoPtr = std::unique_ptr<POLICYINFO, OsslDeleter<POLICYINFO_free>>;
using QualifierPtr = std::unique_ptr<POLICYQUALINFO, OsslDeleter<POLICYQUALINFO_free>>;
using Asn1NullPtr = std::unique_ptr<ASN1_NULL, OsslDeleter<ASN1_NULL_free>>;

// certificatePolicies (non-critical): each OID, each with the CPS qualifier when one is given.
bool addPolicies(X509* cert, const QStringList& oids, const QString& cpsUri) {
    PoliciesPtr policies(sk_POLICYINFO_new_null());
    if (!policies)
        return false;
    for (const QString& oid : oids) {
        PolicyInfoPtr info(POLICYINFO_new());
        if (!info)
            return false;
        ASN1_OBJECT_free(info->policyid);
        info->policyid = OBJ_txt2obj(oid.toLatin1().constData(), 1);
        if (!info->policyid)
            return false;
        if (!cpsUri.isEmpty()) {
            QualifierPtr qualifier(POLICYQUALINFO_new());
            const QByteArray uri = cpsUri.toLatin1();
            if (!qualifier)
                return false;
            qualifier->pqualid = OBJ_nid2obj(NID_id_qt_cps);
            qualifier->d.cpsuri = ASN1_IA5STRING_new();
            if (!qualifier->d.cpsuri || ASN1_STRING_set(qualifier->d.cpsuri, uri.constData(), int(uri.size())) != 1)
                return false;
            info->qualifiers = sk_POLICYQUALINFO_new_null();
            if (!info->qualifiers || sk_POLICYQUALINFO_push(info->qualifiers, qualifier.get()) <= 0)
                return false;
            qualifier.release();
        }
        if (sk_POLICYINFO_push(policies.get(), info.get()) <= 0)
            return false;
        info.release();
    }
    return X509_add1_ext_i2d(cert, NID_certificate_policies, policies.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

// Adds one extension from its OpenSSL configuration-string form ("critical,CA:TRUE").
bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const QString& value) {
    const QByteArray text = value.toUtf8();
    X509ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, text.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool setSerial(X509* cert, const QByteArray& serial) {
    BnPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.constData()), int(serial.size()), nullptr));
    Asn1IntegerPtr integer(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
    return integer && X509_set_serialNumber(cert, integer.get()) == 1;
}

bool setTime(ASN1_TIME* field, const QDateTime& when) {
    // ASN1_TIME_set picks UTCTime through 2049 and GeneralizedTime after, as RFC 5280 requires.
    return ASN1_TIME_set(field, time_t(when.toSecsSinceEpoch())) != nullptr;
}

} // namespace

QByteArray CertificateBuilder::newSerial() {
    for (;;) {
        QByteArray serial = randomBytes(kSerialBytes);
        if (serial.isEmpty())
            return {};
        serial[0] = char(serial.at(0) & 0x7F);
        if (serial.at(0) != 0)
            return serial;
    }
}

bool CertificateBuilder::isOid(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^[0-2](\\.(0|[1-9][0-9]{0,8})){1,30}$"));
    return re.match(text).hasMatch();
}

Status CertificateBuilder::checkUrl(const QString& url) {
    if (url.isEmpty())
        return {};
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    bool plain = true;
    for (QChar c : url)
        plain = plain && c.unicode() > 0x20 && c.unicode() < 0x7F && c != u',';
    if (!parsed.isValid() || !plain || parsed.host().isEmpty() ||
        (scheme != u"http" && scheme != u"https" && scheme != u"ldap"))
        return makeError(ErrorCode::Invalid,
                         tr("\"%1\" is not a usable URL (http, https or ldap; ASCII, no spaces or commas).").arg(url));
    return {};
}

Result<QByteArray> CertificateBuilder::build(const CertificateSpec& spec, EVP_PKEY* subjectKey, const X509* issuerCert,
                                             EVP_PKEY* caKey) {
    auto made = sign(spec, subjectKey, issuerCert, caKey);
    if (!made)
        return made.error();
    return made->der;
}

Result<Certificate> CertificateBuilder::buildCertificate(const CertificateSpec& spec, EVP_PKEY* subjectKey,
                                                         const X509* issuerCert, EVP_PKEY* caKey) {
    auto made = sign(spec, subjectKey, issuerCert, caKey);
    if (!made)
        return made.error();
    return Certificate::fromOwned(made->cert.get(), made->der, issuerCert ? subjectKey : nullptr);
}

Result<Certificate> CertificateBuilder::buildCertificate(const CertificateSpec& spec, const EncodedKey& subjectKey,
                                                         const X509* issuerCert, EVP_PKEY* caKey) {
    auto made = sign(spec, subjectKey.key(), issuerCert, caKey, &subjectKey.der());
    if (!made)
        return made.error();
    return Certificate::fromOwned(made->cert.get(), made->der, issuerCert ? subjectKey.key() : nullptr);
}

Result<CertificateBuilder::Made> CertificateBuilder::sign(const CertificateSpec& spec, EVP_PKEY* subjectKey,
                                                          const X509* issuerCert, EVP_PKEY* caKey,
                                                          const QByteArray* encoded) {
    if (Status ok = checkSpec(spec, issuerCert); !ok)
        return ok.error();
    if (!caKey || !SignatureAlgorithm::digestFor(caKey))
        return makeError(ErrorCode::Crypto, tr("The CA key must be an RSA or EC key."));
    if (!subjectKey && !issuerCert)
        subjectKey = caKey;
    if (Status accepted = KeyPolicy::check(subjectKey); !accepted)
        return accepted.error();
    if (issuerCert) {
        if (X509_check_ca(const_cast<X509*>(issuerCert)) < 1)
            return makeError(ErrorCode::Invalid, tr("The issuer certificate is not a CA certificate."));
        const QDateTime issuerEnd = asn1TimeToDateTime(X509_get0_notAfter(issuerCert));
        if (spec.notAfter > issuerEnd)
            return makeError(ErrorCode::Invalid,
                             tr("The certificate would outlive its CA certificate (valid until %1).")
                                 .arg(issuerEnd.toString(Qt::ISODate)));
        // Nor start before it (attack of session 25, F16: a register used with a clock a year ahead, then put
        // right, issued for a year under a CA certificate not yet valid: every relying party refuses the chain).
        const QDateTime issuerStart = asn1TimeToDateTime(X509_get0_notBefore(issuerCert));
        if (spec.notBefore < issuerStart)
            return makeError(ErrorCode::Invalid, tr("The certificate would begin before its CA certificate (valid from "
                                                    "%1): check the clock of this machine.")
                                                     .arg(issuerStart.toString(Qt::ISODate)));
    }

    Result<X509NamePtr> subject = spec.subject.toX509();
    if (!subject)
        return subject.error();
    const QByteArray serial = spec.serial.isEmpty() ? newSerial() : spec.serial;
    X509Ptr cert(X509_new());
    if (!cert || serial.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Out of memory or no random numbers."));
    X509* x = cert.get();
    bool ok = X509_set_version(x, X509_VERSION_3) == 1 && setSerial(x, serial) &&
              X509_set_subject_name(x, subject->get()) == 1 &&
              X509_set_issuer_name(x, issuerCert ? X509_get_subject_name(issuerCert) : subject->get()) == 1 &&
              setTime(X509_getm_notBefore(x), spec.notBefore) && setTime(X509_getm_notAfter(x), spec.notAfter) &&
              (issuerCert ? setSubjectKey(x, subjectKey, encoded) : setPubkeyUncompressed(x, subjectKey));
    if (!ok)
        return makeError(ErrorCode::Crypto, tr("Cannot fill in the certificate: %1").arg(opensslErrors()));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerCert ? const_cast<X509*>(issuerCert) : x, x, nullptr, nullptr, 0);
    const Profile& profile = spec.profile;
    if (profile.isCa()) {
        ok = ok && addExtension(x, &ctx, NID_basic_constraints,
                                profile.pathLength() >= 0
                                    ? QStringLiteral("critical,CA:TRUE,pathlen:%1").arg(profile.pathLength())
                                    : QStringLiteral("critical,CA:TRUE"));
    }
    const bool ecKey = EVP_PKEY_is_a(subjectKey, "EC") == 1;
    ok = ok && addExtension(x, &ctx, NID_key_usage,
                            u"critical," + Profile::keyUsageNames(profile.keyUsage(ecKey)).join(u','));
    if (!profile.extendedKeyUsageOids().isEmpty())
        ok = ok && addExtension(x, &ctx, NID_ext_key_usage, profile.extendedKeyUsageOids().join(u','));
    const QStringList policies = spec.policyOids.isEmpty() ? profile.policyOids() : spec.policyOids;
    if (!policies.isEmpty())
        ok = ok && addPolicies(x, policies, spec.cpsUri);
    // SKI before AKI: for a self-signed root the AKI keyid is taken from the certificate's own SKI.
    ok = ok && addExtension(x, &ctx, NID_subject_key_identifier, QStringLiteral("hash"));
    ok = ok && addExtension(x, &ctx, NID_authority_key_identifier, QStringLiteral("keyid:always"));
    if (!spec.email.isEmpty())
        ok = ok && addExtension(x, &ctx, NID_subject_alt_name, u"email:" + spec.email);
    if (profile.isOcspSigning()) {
        Asn1NullPtr null(ASN1_NULL_new());
        ok = ok && null && X509_add1_ext_i2d(x, NID_id_pkix_OCSP_noCheck, null.get(), 0, X509V3_ADD_DEFAULT) == 1;
    }
    // A self-signed root is trusted as it is: no pointers to CRLs or to an issuer it does not have.
    if (profile.kind() != ProfileKind::RootCa) {
        QStringList access;
        if (!spec.ocspUrl.isEmpty())
            access << u"OCSP;URI:" + spec.ocspUrl;
        if (!spec.caIssuersUrl.isEmpty())
            access << u"caIssuers;URI:" + spec.caIssuersUrl;
        if (!access.isEmpty())
            ok = ok && addExtension(x, &ctx, NID_info_access, access.join(u','));
        if (!spec.crlUrl.isEmpty())
            ok = ok && addExtension(x, &ctx, NID_crl_distribution_points, u"URI:" + spec.crlUrl);
        if (!spec.freshestCrlUrl.isEmpty())
            ok = ok && addExtension(x, &ctx, NID_freshest_crl, u"URI:" + spec.freshestCrlUrl);
    }
    if (!ok)
        return makeError(ErrorCode::Crypto, tr("Cannot add the certificate extensions: %1").arg(opensslErrors()));

    if (X509_sign(x, caKey, SignatureAlgorithm::digestFor(caKey)) <= 0)
        return makeError(ErrorCode::Crypto, tr("Signing the certificate failed: %1").arg(opensslErrors()));
    EVP_PKEY* issuerKey = issuerCert ? X509_get0_pubkey(issuerCert) : X509_get0_pubkey(x);
    if (!issuerKey || X509_verify(x, issuerKey) != 1) {
        opensslErrors();
        return makeError(ErrorCode::Crypto, tr("The CA key does not belong to the issuing CA certificate."));
    }
    Made out;
    out.der = toDer(x, i2d_X509);
    if (out.der.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Cannot encode the certificate: %1").arg(opensslErrors()));
    out.cert = std::move(cert);
    return out;
}

} // namespace tirkeu::pki
