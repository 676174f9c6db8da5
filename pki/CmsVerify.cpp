#include "pki/CmsVerify.h"

#include "pki/Certificate.h"

namespace tirkeu::pki {

namespace {

// CMS_get0_signers returns a stack whose certificates belong to the CMS: free the stack only.
struct SignerStackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using SignerStackPtr = std::unique_ptr<STACK_OF(X509), SignerStackDeleter>;

QDateTime signingTime(CMS_SignerInfo* signer) {
    const int index = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
    if (index < 0)
        return {};
    X509_ATTRIBUTE* attribute = CMS_signed_get_attr(signer, index);
    const ASN1_TYPE* value = attribute ? X509_ATTRIBUTE_get0_type(attribute, 0) : nullptr;
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
        return {};
    return asn1TimeToDateTime(value->value.asn1_string);
}

} // namespace

Result<SignedContent> CmsVerify::verify(const QByteArray& pemOrDer) {
    CmsPtr cms;
    BioPtr in = memoryBio(pemOrDer);
    if (pemOrDer.contains("-----BEGIN"))
        cms.reset(PEM_read_bio_CMS(in.get(), nullptr, nullptr, nullptr));
    else
        cms.reset(d2i_CMS_bio(in.get(), nullptr));
    if (!cms) {
        opensslErrors();
        return makeError(ErrorCode::Invalid, tr("The data is not a CMS/PKCS#7 signed message in DER or PEM form."));
    }
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return makeError(ErrorCode::Invalid, tr("The CMS message is not signed data."));
    if (CMS_is_detached(cms.get()))
        return makeError(ErrorCode::Invalid, tr("The signed message does not contain the signed content."));
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(signers) != 1)
        return makeError(ErrorCode::Invalid,
                         tr("The message must have exactly one signer, not %1.").arg(sk_CMS_SignerInfo_num(signers)));

    // The message digest of the signature: a collision of a weak one makes another application with the same
    // signature (attack of session 32, B14: SHA-1 was accepted where a CSR signed with it is refused).
    X509_ALGOR* digest = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(signers, 0), nullptr, nullptr, &digest, nullptr);
    const int digestNid = digest ? OBJ_obj2nid(digest->algorithm) : NID_undef;
    if (digestNid == NID_sha1 || digestNid == NID_md5 || digestNid == NID_md4 || digestNid == NID_md2 ||
        digestNid == NID_mdc2 || digestNid == NID_undef)
        return makeError(
            ErrorCode::Invalid,
            tr("The message is signed with the weak digest %1; sign it with SHA-256 "
               "or stronger.")
                .arg(digestNid == NID_undef ? tr("(unknown)") : QString::fromLatin1(OBJ_nid2sn(digestNid))));
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!out ||
        CMS_verify(cms.get(), nullptr, nullptr, nullptr, out.get(), CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
        const QString detail = opensslErrors();
        return makeError(ErrorCode::Invalid, tr("The signature of the message does not verify: %1").arg(detail));
    }
    SignerStackPtr certs(CMS_get0_signers(cms.get()));
    if (!certs || sk_X509_num(certs.get()) != 1)
        return makeError(ErrorCode::Invalid, tr("The signer's certificate is not in the message."));

    SignedContent result;
    result.content = bioContents(out.get());
    result.signerCertDer = toDer(sk_X509_value(certs.get(), 0), i2d_X509);
    result.signingTime = signingTime(sk_CMS_SignerInfo_value(signers, 0));
    return result;
}

Status CmsVerify::verifyIssuedBy(const QByteArray& signerCert, const QByteArray& caCert, const QDateTime& atTime) {
    Result<Certificate> signer = Certificate::parse(signerCert);
    if (!signer)
        return signer.error();
    Result<Certificate> ca = Certificate::parse(caCert);
    if (!ca)
        return ca.error();
    X509Ptr signerX = signer->toX509();
    X509Ptr caX = ca->toX509();
    if (!signerX || !caX)
        return makeError(ErrorCode::Invalid, tr("The certificates cannot be read: %1").arg(opensslErrors()));
    if (X509_check_issued(caX.get(), signerX.get()) != X509_V_OK)
        return makeError(ErrorCode::Invalid,
                         tr("The signer's certificate was not issued by the CA \"%1\".").arg(ca->subjectDisplay()));
    if (X509_verify(signerX.get(), X509_get0_pubkey(caX.get())) != 1) {
        opensslErrors();
        return makeError(ErrorCode::Invalid,
                         tr("The signature of the signer's certificate does not verify with the CA \"%1\".")
                             .arg(ca->subjectDisplay()));
    }
    const QDateTime at = atTime.toUTC();
    if (at < signer->notBefore() || at > signer->notAfter())
        return makeError(ErrorCode::Invalid,
                         tr("The signer's certificate is not valid at %1 (valid from %2 to %3).")
                             .arg(at.toString(Qt::ISODate), signer->notBefore().toString(Qt::ISODate),
                                  signer->notAfter().toString(Qt::ISODate)));
    return {};
}

} // namespace tirkeu::pki
