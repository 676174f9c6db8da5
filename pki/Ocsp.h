#pragma once
// OCSP (RFC 6960) for the responder tirkeu-ocsp: parsing requests, building signed responses, and
// the delegated OCSP signing certificate a CA issues to itself. OpenSSL's OCSP_* API only; no
// database here (registry/OcspStatus.h looks the answers up). Responses are always signed by the
// delegated signer (id-kp-OCSPSigning, id-pkix-ocsp-nocheck), never by the CA key.

#include "pki/OcspTypes.h"
#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMutex>

#include <openssl/ocsp.h>

#include <array>
#include <memory>

namespace tirkeu::pki {

using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, OsslDeleter<OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, OsslDeleter<OCSP_RESPONSE_free>>;
using OcspBasicRespPtr = std::unique_ptr<OCSP_BASICRESP, OsslDeleter<OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, OsslDeleter<OCSP_CERTID_free>>;

// One CertID of a request.
struct OcspCertRef {
    int hashNid = 0; // NID_sha1, NID_sha256, ...
    QByteArray issuerNameHash;
    QByteArray issuerKeyHash;
    QString serialHex;        // upper-case hex, no leading zero bytes (as the register stores serials)
    bool serialValid = false; // false for a negative or absurd serial: always "unknown"
    QByteArray certIdDer;     // the CertID as asked, DER: the response echoes it unchanged (RFC 6960 4.2.1)
};

struct OcspRequestInfo {
    QList<OcspCertRef> certs;
    bool hasNonce = false;
    std::shared_ptr<OCSP_REQUEST> raw; // kept for echoing the nonce
};

// Outcome of parsing: a request, or the OCSP error status to answer with.
struct OcspParsed {
    OcspStatusCode status = OcspStatusCode::MalformedRequest;
    OcspRequestInfo request;
    QString problem; // why it is malformed (for the log line; not translated)
};

class Ocsp {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Ocsp)
public:
    // DER request → its CertIDs. More than maxCerts CertIDs: malformedRequest (RFC 6960 has no
    // "too many" status; a responder may refuse such a request as malformed). A signed request is
    // accepted (the signature is not required and not checked). A critical extension not understood
    // (RFC 5280 4.2, which RFC 6960 4.4 follows) is malformedRequest too: of requestExtensions only the
    // nonce is understood, of singleRequestExtensions none; non-critical ones are ignored.
    // The nonce (RFC 8954 2.1) is an OCTET STRING of kMinNonceOctets to kMaxNonceOctets, given once: any other
    // is malformedRequest; a good one is echoed.
    static OcspParsed parseRequest(const QByteArray& der, int maxCerts);
    static constexpr int kMinNonceOctets = 1;
    static constexpr int kMaxNonceOctets = 128;
    // An unsigned OCSPResponse carrying only an error status (never Successful).
    static QByteArray errorResponse(OcspStatusCode status);
    // The CertID digests answered for (SHA-1, SHA-256, SHA-384, SHA-512), as OpenSSL NIDs.
    static QList<int> supportedHashNids();
    // CertID hashes of an issuer certificate for one digest (SHA-1 of the DER subject and of the
    // subjectPublicKey BIT STRING contents, RFC 6960 4.1.1).
    static bool issuerHashes(const X509* issuer, const EVP_MD* md, QByteArray* nameHash, QByteArray* keyHash);
};

// The delegated signer of one CA: the CA certificate (issuer of the certificates asked about),
// the OCSP signing certificate and its key. Immutable once made; sign() may run in several threads
// at once (a token key is serialised with a mutex).
class OcspSigner {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::OcspSigner)
    struct Token {
        explicit Token() = default;
    };

public:
    // Checks that the signing certificate was issued by the CA, carries id-kp-OCSPSigning, matches
    // the key, and is not the CA certificate itself.
    static Result<std::shared_ptr<OcspSigner>> create(const QByteArray& caCertificateDer,
                                                      const QByteArray& signerCertificateDer,
                                                      std::shared_ptr<EVP_PKEY> signerKey, bool serialiseSigning);
    explicit OcspSigner(Token) {}

    // True when the CertID names this CA (name hash and key hash for the CertID's digest).
    bool issued(const OcspCertRef& ref) const;
    // The SHA-1 key hash of the CA (what most clients send), for indexing.
    QByteArray sha1KeyHash() const { return m_hashes[0].key; }

    // A signed BasicOCSPResponse wrapped as a successful OCSPResponse. answers[i] answers refs[i].
    // nonceFrom: the request whose nonce is echoed (nullptr: none).
    Result<QByteArray> respond(const QList<OcspCertRef>& refs, const QList<OcspAnswer>& answers,
                               OCSP_REQUEST* nonceFrom, const QDateTime& thisUpdate, const QDateTime& nextUpdate) const;

    QDateTime signerNotBefore() const { return m_signerNotBefore; }
    QDateTime signerNotAfter() const { return m_signerNotAfter; }
    QString signerSerialHex() const { return m_signerSerialHex; }

private:
    struct Hashes {
        int nid = 0;
        QByteArray name;
        QByteArray key;
    };
    std::array<Hashes, 4> m_hashes; // sha1, sha256, sha384, sha512
    X509Ptr m_ca;
    X509Ptr m_signer;
    std::shared_ptr<EVP_PKEY> m_key;
    const EVP_MD* m_md = nullptr;
    QDateTime m_signerNotBefore;
    QDateTime m_signerNotAfter;
    QString m_signerSerialHex;
    bool m_serialise = false;
    mutable QMutex m_mutex;
};

// The delegated OCSP signing certificate: issued by the CA to itself (subject: the CA's name with
// "OCSP" appended to its CN), keyUsage digitalSignature (critical), extendedKeyUsage
// id-kp-OCSPSigning, id-pkix-ocsp-nocheck, no basicConstraints CA, AKI/SKI.
struct OcspSignerSpec {
    QByteArray serial; // big-endian, positive; empty: a new random one
    QDateTime notBefore;
    QDateTime notAfter;
    // AIA caIssuers (the issuing CA's certificate), for relying parties that build the path from the
    // responder's certificate. No CDP or OCSP pointer: id-pkix-ocsp-nocheck says it is not checked.
    QString caIssuersUrl;
};

class OcspSignerCertificate {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::OcspSignerCertificate)
public:
    static constexpr int kDefaultDays = 30;
    static Result<QByteArray> build(const OcspSignerSpec& spec, EVP_PKEY* signerPublicKey, const X509* caCert,
                                    EVP_PKEY* caKey);
    // A new certificate for the key of an earlier OCSP signing certificate of the same CA.
    static Result<QByteArray> renew(const OcspSignerSpec& spec, const QByteArray& previousDer, const X509* caCert,
                                    EVP_PKEY* caKey);
    // True when the certificate carries id-kp-OCSPSigning.
    static bool isOcspSigner(const X509* cert);
};

} // namespace tirkeu::pki
