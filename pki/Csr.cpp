#include "pki/Csr.h"

#include "pki/InputFiles.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "pki/SignatureAlgorithm.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace tirkeu::pki {

namespace {

bool weakDigest(int mdNid) {
    return mdNid == NID_md5 || mdNid == NID_sha1 || mdNid == NID_md4 || mdNid == NID_md2;
}

using RsaPssParamsPtr = std::unique_ptr<RSA_PSS_PARAMS, OsslDeleter<RSA_PSS_PARAMS_free>>;

// The digest an AlgorithmIdentifier of RSASSA-PSS parameters names; `absent` (an omitted field) is SHA-1, the
// default of RFC 4055.
int digestNidOf(const X509_ALGOR* algorithm) {
    if (!algorithm)
        return NID_sha1;
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
    return OBJ_obj2nid(oid);
}

// The two digests of an RSASSA-PSS signature (RFC 4055 3.1): the message's and the MGF1 mask generation's,
// read from the signature AlgorithmIdentifier's parameters; parameters left out mean SHA-1 for both. False
// when the parameters cannot be read or name another mask generation than MGF1.
bool pssDigests(const X509_ALGOR* signature, int* mdNid, int* mgf1MdNid) {
    int type = V_ASN1_UNDEF;
    const void* value = nullptr;
    X509_ALGOR_get0(nullptr, &type, &value, signature);
    if (type == V_ASN1_UNDEF) {
        *mdNid = *mgf1MdNid = NID_sha1;
        return true;
    }
    if (type != V_ASN1_SEQUENCE)
        return false;
    ASN1_TYPE parameter;
    parameter.type = type;
    parameter.value.sequence = static_cast<ASN1_STRING*>(const_cast<void*>(value));
    RsaPssParamsPtr pss(
        static_cast<RSA_PSS_PARAMS*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), &parameter)));
    if (!pss)
        return false;
    *mdNid = digestNidOf(pss->hashAlgorithm);
    if (!pss->maskGenAlgorithm) {
        *mgf1MdNid = NID_sha1;
        return true;
    }
    const ASN1_OBJECT* mgf = nullptr;
    int mgfType = V_ASN1_UNDEF;
    const void* mgfValue = nullptr;
    X509_ALGOR_get0(&mgf, &mgfType, &mgfValue, pss->maskGenAlgorithm);
    if (OBJ_obj2nid(mgf) != NID_mgf1 || mgfType != V_ASN1_SEQUENCE)
        return false;
    ASN1_TYPE mgfParameter;
    mgfParameter.type = mgfType;
    mgfParameter.value.sequence = static_cast<ASN1_STRING*>(const_cast<void*>(mgfValue));
    X509AlgorPtr mgfDigest(
        static_cast<X509_ALGOR*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR), &mgfParameter)));
    if (!mgfDigest)
        return false;
    *mgf1MdNid = digestNidOf(mgfDigest.get());
    return true;
}

} // namespace

Result<QByteArray> Csr::readFile(const QString& path) {
    return InputFiles::read(path, kMaxFileBytes);
}

QByteArray Csr::subjectDerOf(const QByteArray& pem) {
    if (pem.isEmpty())
        return {};
    BioPtr bio = memoryBio(pem);
    X509ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    return req ? toDer(X509_REQ_get_subject_name(req.get()), i2d_X509_NAME) : QByteArray();
}

Result<Csr> Csr::parse(const QByteArray& pemOrDer) {
    Csr csr;
    if (pemOrDer.contains("-----BEGIN")) {
        BioPtr bio = memoryBio(pemOrDer);
        csr.m_request.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto* begin = reinterpret_cast<const unsigned char*>(pemOrDer.constData());
        const unsigned char* p = begin;
        csr.m_request.reset(d2i_X509_REQ(nullptr, &p, long(pemOrDer.size())));
        if (csr.m_request && p != begin + pemOrDer.size())
            csr.m_request.reset(); // trailing bytes: not one well-formed request
    }
    if (!csr.m_request) {
        opensslErrors();
        return makeError(ErrorCode::Invalid,
                         tr("The data is not a CSR (PKCS#10 certificate request) in PEM or DER form."));
    }
    csr.m_der = toDer(csr.m_request.get(), i2d_X509_REQ);
    csr.m_publicKey.reset(X509_REQ_get_pubkey(csr.m_request.get()));
    if (!csr.m_publicKey || csr.m_der.isEmpty()) {
        opensslErrors();
        return makeError(ErrorCode::Invalid,
                         tr("The public key of the CSR cannot be read (malformed or of an unsupported algorithm)."));
    }

    EVP_PKEY* key = csr.m_publicKey.get();
    // Judged on the SubjectPublicKeyInfo as sent: explicit EC parameters show there even when OpenSSL
    // matches them to a named curve on decoding.
    // (The request's own decoded SubjectPublicKeyInfo: encoding it and decoding it again cost a quarter of a
    // bulk issuance's request checks with OpenSSL 3.0, and found the same.)
    if (Status accepted = KeyPolicy::checkSubjectPublicKeyInfo(X509_REQ_get_X509_PUBKEY(csr.m_request.get()));
        !accepted) {
        if (EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) < KeyPolicy::kMinRsaBits)
            return makeError(ErrorCode::Invalid, tr("The key in the CSR is too weak: %1").arg(accepted.message()));
        return makeError(ErrorCode::Invalid, tr("The key in the CSR is not accepted: %1").arg(accepted.message()));
    }

    int mdNid = NID_undef;
    int keyNid = NID_undef;
    const int sigNid = X509_REQ_get_signature_nid(csr.m_request.get());
    if (OBJ_find_sigid_algs(sigNid, &mdNid, &keyNid) != 1)
        return makeError(ErrorCode::Invalid, tr("The CSR is signed with an unknown algorithm."));
    // RSASSA-PSS names its digests in the parameters, not in the OID (attack of session 32, B7): both are judged.
    int mgf1MdNid = NID_undef;
    if (sigNid == NID_rsassaPss) {
        const X509_ALGOR* signature = nullptr;
        X509_REQ_get0_signature(csr.m_request.get(), nullptr, &signature);
        if (!signature || !pssDigests(signature, &mdNid, &mgf1MdNid)) {
            ERR_clear_error();
            return makeError(ErrorCode::Invalid, tr("The CSR is signed with an unknown algorithm."));
        }
    }
    if (weakDigest(mdNid))
        return makeError(ErrorCode::Invalid, tr("The CSR is signed with the weak digest %1; use SHA-256 or stronger.")
                                                 .arg(QString::fromLatin1(OBJ_nid2sn(mdNid))));
    if (weakDigest(mgf1MdNid))
        return makeError(ErrorCode::Invalid,
                         tr("The CSR is signed with the weak digest %1; use SHA-256 or stronger.")
                             .arg(QStringLiteral("MGF1-") + QString::fromLatin1(OBJ_nid2sn(mgf1MdNid))));

    if (X509_REQ_verify(csr.m_request.get(), key) != 1) {
        opensslErrors();
        return makeError(ErrorCode::Invalid,
                         tr("The signature of the CSR does not verify: no proof of possession of the private key."));
    }
    return csr;
}

Result<EncodedKey> Csr::encodedKey() const {
    return EncodedKey::of(m_publicKey.get(), m_request ? X509_REQ_get_X509_PUBKEY(m_request.get()) : nullptr);
}

Result<QByteArray> Csr::create(EVP_PKEY* key, const SubjectName& subject) {
    const EVP_MD* md = SignatureAlgorithm::digestFor(key);
    if (!md)
        return makeError(ErrorCode::Crypto, tr("The key must be an RSA or EC key."));
    if (Status strong = KeyGenerator::checkStrength(key); !strong)
        return strong.error();
    Result<X509NamePtr> name = subject.toX509();
    if (!name)
        return name.error();
    X509ReqPtr request(X509_REQ_new());
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!request || !bio || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
        X509_REQ_set_subject_name(request.get(), name->get()) != 1 || X509_REQ_set_pubkey(request.get(), key) != 1 ||
        X509_REQ_sign(request.get(), key, md) <= 0 || PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot write the CSR: %1").arg(opensslErrors()));
    return bioContents(bio.get());
}

EvpPkeyPtr Csr::publicKeyCopy() const {
    if (!m_publicKey || EVP_PKEY_up_ref(m_publicKey.get()) != 1)
        return nullptr;
    return EvpPkeyPtr(m_publicKey.get());
}

QString Csr::keyDescription() const {
    return KeyGenerator::describe(m_publicKey.get());
}

SubjectName Csr::subject() const {
    return m_request ? SubjectName::fromX509(X509_REQ_get_subject_name(m_request.get())) : SubjectName();
}

QString Csr::subjectDisplay() const {
    return m_request ? SubjectName::display(X509_REQ_get_subject_name(m_request.get())) : QString();
}

QByteArray Csr::pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!m_request || !bio || PEM_write_bio_X509_REQ(bio.get(), m_request.get()) != 1)
        return {};
    return bioContents(bio.get());
}

} // namespace tirkeu::pki
