#pragma once
// RAII for OpenSSL objects: std::unique_ptr with the matching free function. No raw frees anywhere
// else in pki. Also the one place that turns OpenSSL's error queue into a message.

#include <QByteArray>
#include <QString>

// pem.h first, in a block of its own: cms.h declares PEM_read/write_bio_CMS only when pem.h is already in.
#include <openssl/pem.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace tirkeu::pki {

template <auto FreeFn> struct OsslDeleter {
    template <typename T> void operator()(T* p) const { FreeFn(p); }
};

using BioPtr = std::unique_ptr<BIO, OsslDeleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, OsslDeleter<BN_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OsslDeleter<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OsslDeleter<EVP_MD_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OsslDeleter<EVP_CIPHER_CTX_free>>;
using EvpKdfPtr = std::unique_ptr<EVP_KDF, OsslDeleter<EVP_KDF_free>>;
using EvpKdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, OsslDeleter<EVP_KDF_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OsslDeleter<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, OsslDeleter<X509_REQ_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, OsslDeleter<X509_CRL_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OsslDeleter<X509_NAME_free>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OsslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OsslDeleter<X509_STORE_CTX_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OsslDeleter<ASN1_INTEGER_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OsslDeleter<ASN1_OBJECT_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OsslDeleter<ASN1_TIME_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OsslDeleter<ASN1_OCTET_STRING_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OsslDeleter<CMS_ContentInfo_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OsslDeleter<PKCS12_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, OsslDeleter<X509_SIG_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, OsslDeleter<X509_ALGOR_free>>;
using Pkcs8PrivKeyInfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, OsslDeleter<PKCS8_PRIV_KEY_INFO_free>>;

// A stack that owns its certificates (sk_X509_pop_free): chains from PKCS12_parse, or built with
// X509_up_ref'd entries. sk_X509_* are inline functions, hence a deleter type rather than OsslDeleter.
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// The most recent OpenSSL error(s) as one line, and clears the queue. Empty when none.
QString opensslErrors();

// An independent copy of a certificate (its own cached extensions: safe to use on another thread while the
// original is used); null on failure.
X509Ptr copyOf(const X509* cert);

// DER of an object via its i2d function; empty on failure.
template <typename T, typename F> QByteArray toDer(const T* obj, F i2d) {
    const int len = i2d(const_cast<T*>(obj), nullptr);
    if (len <= 0)
        return {};
    QByteArray out(len, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    i2d(const_cast<T*>(obj), &p);
    return out;
}

// A memory BIO reading the given bytes (the bytes must outlive the BIO).
BioPtr memoryBio(const QByteArray& bytes);
QByteArray bioContents(BIO* bio);

// Cryptographically secure random bytes (RAND_bytes); empty on failure.
QByteArray randomBytes(int count);
// Overwrites the array with zeros before it is released (OPENSSL_cleanse).
void cleanse(QByteArray& secret);

} // namespace tirkeu::pki
