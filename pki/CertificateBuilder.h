#pragma once
// Builds and signs an X.509 v3 certificate under a profile (pki/Profile.h). The CA key is a plain
// EVP_PKEY* (file key or PKCS#11 engine key alike); the digest follows the key (SignatureAlgorithm).
// The subject key must pass KeyPolicy. Publication pointers (CRL distribution point, freshestCRL, AIA
// caIssuers and OCSP) and the CPS qualifier go into every certificate that has them set — except a
// self-signed root, which relying parties trust directly: it carries none of them.

#include "pki/Ossl.h"
#include "pki/Profile.h"
#include "pki/Result.h"
#include "pki/SubjectName.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tirkeu::pki {

class EncodedKey; // pki/KeyPolicy.h

struct CertificateSpec {
    SubjectName subject;
    Profile profile;
    QByteArray serial;      // big-endian, positive, at most 20 bytes; empty: CertificateBuilder::newSerial()
    QDateTime notBefore;    // UTC
    QDateTime notAfter;     // UTC
    QString email;          // subjectAltName rfc822Name, optional
    QString caIssuersUrl;   // AIA caIssuers, optional
    QString ocspUrl;        // AIA OCSP, optional
    QString crlUrl;         // CRL distribution point, optional
    QString freshestCrlUrl; // freshestCRL (delta CRL), optional
    QString cpsUri;         // CPS qualifier on every certificate policy, optional
    QStringList policyOids; // certificatePolicies instead of the profile's (e.g. a sub-CA's configured list)
};

class Certificate;

class CertificateBuilder {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CertificateBuilder)
public:
    // 20 CSPRNG bytes, top bit cleared (positive) and a non-zero first byte (exactly 20 octets in DER).
    static QByteArray newSerial();

    // Issues a certificate and returns its DER. issuerCert is the CA certificate whose key caKey is;
    // for a self-signed root pass issuerCert = nullptr (subjectKey may then be nullptr: caKey's public
    // part is used). The result is verified against the issuer's public key before it is returned.
    static Result<QByteArray> build(const CertificateSpec& spec, EVP_PKEY* subjectKey, const X509* issuerCert,
                                    EVP_PKEY* caKey);
    // The same, returned as a Certificate (its der() is what build() returns), read from the certificate
    // just signed instead of parsed back from its DER: an issuance pays no second decoding.
    static Result<Certificate> buildCertificate(const CertificateSpec& spec, EVP_PKEY* subjectKey,
                                                const X509* issuerCert, EVP_PKEY* caKey);
    // The same for a key encoded already (KeyPolicy's never-twice digest used the same encoding).
    static Result<Certificate> buildCertificate(const CertificateSpec& spec, const EncodedKey& subjectKey,
                                                const X509* issuerCert, EVP_PKEY* caKey);

    // Checks an optional URL for AIA / CRL distribution points (http, https or ldap; no commas).
    static Status checkUrl(const QString& url);
    // A dotted-decimal OID ("1.2.398.3.3.2.1").
    static bool isOid(const QString& text);

private:
    struct Made {
        X509Ptr cert; // as signed
        QByteArray der;
    };
    // encoded: subjectKey's i2d_PUBKEY encoding when the caller has it (EncodedKey), else encoded here.
    static Result<Made> sign(const CertificateSpec& spec, EVP_PKEY* subjectKey, const X509* issuerCert, EVP_PKEY* caKey,
                             const QByteArray* encoded = nullptr);
};

} // namespace tirkeu::pki
