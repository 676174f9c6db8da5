#pragma once
// A parsed X.509 certificate as a small value type: what `certificate show`, the register and the
// printed certificate forms need. Holds the DER; everything else is read once at parse time.

#include "pki/Ossl.h"
#include "pki/Profile.h"
#include "pki/Result.h"
#include "pki/SubjectName.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include <optional>

namespace tirkeu::pki {

class Certificate {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Certificate)
public:
    Certificate() = default;

    // PEM ("-----BEGIN CERTIFICATE-----") or DER, detected from the bytes.
    static Result<Certificate> parse(const QByteArray& pemOrDer);
    // The certificates of a file: one DER certificate, or each PEM certificate in the order given.
    static Result<QList<Certificate>> parseAll(const QByteArray& pemOrDer);
    static Result<Certificate> fromX509(const X509* cert);
    // The first URI of the certificate's cRLDistributionPoints ("" when it names none); nullopt when `der` is
    // not a certificate. Cheaper than parse(): no names or dates are decoded.
    static std::optional<QString> crlDistributionPointOf(const QByteArray& der);
    // The first URI of a cRLDistributionPoints extension's value (the DER inside its OCTET STRING): ""
    // when it names none or cannot be decoded.
    static QString firstDistributionPointUri(const QByteArray& extensionValue);

    bool isNull() const { return m_der.isEmpty(); }
    QByteArray der() const { return m_der; }
    QByteArray pem() const;
    X509Ptr toX509() const; // a fresh OpenSSL object (null when isNull())

    QString serialHex() const { return m_serialHex; } // upper-case hex, no separators
    QByteArray serial() const { return m_serial; }    // big-endian magnitude bytes
    SubjectName subject() const { return m_subject; }
    QString subjectDisplay() const { return m_subjectDisplay; }
    QString issuerDisplay() const { return m_issuerDisplay; }
    QByteArray subjectDer() const { return m_subjectDer; }
    QByteArray issuerDer() const { return m_issuerDer; }
    QDateTime notBefore() const { return m_notBefore; }         // UTC
    QDateTime notAfter() const { return m_notAfter; }           // UTC
    QString keyAlgorithm() const { return m_keyAlgorithm; }     // "RSA", "EC"
    QString keyDescription() const { return m_keyDescription; } // "RSA 2048", "ECDSA P-256"
    int keyBits() const { return m_keyBits; }
    // SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex: the same value as CaKey::fingerprintOf
    // of the matching private key, so a key (or a key backup) can be matched to its certificate.
    QString publicKeyFingerprint() const { return m_keyFingerprint; }
    // SHA-256 (hex) of the public key as KeyPolicy::spkiSha256 encodes it (EC points uncompressed): the form
    // the register compares keys in (a key certified once).
    QString spkiSha256Hex() const;
    QString signatureAlgorithm() const { return m_signatureAlgorithm; } // "sha256WithRSAEncryption"
    QByteArray sha256Fingerprint() const { return m_sha256; }
    QString sha256FingerprintHex() const; // "AB:CD:..."
    QStringList policyOids() const { return m_policies; }
    QStringList keyUsage() const { return m_keyUsage; } // "digitalSignature", "nonRepudiation", ...
    bool keyUsageCritical() const { return m_keyUsageCritical; }
    QStringList extendedKeyUsageOids() const { return m_eku; }
    QStringList emails() const { return m_emails; } // subjectAltName rfc822Name
    QByteArray subjectKeyId() const { return m_subjectKeyId; }
    QByteArray authorityKeyId() const { return m_authorityKeyId; }
    bool isCa() const { return m_isCa; }
    bool isSelfSigned() const { return m_selfSigned; }
    std::optional<Profile> profile() const; // guessed from policies and EKU
    // True when `issuer`'s key verifies this certificate's signature and the issuer names match.
    bool isSignedBy(const Certificate& issuer) const;

private:
    friend class CertificateBuilder; // buildCertificate() reads the certificate it signed, without parsing it back
    // The fields of `cert` (owned by the caller, read as it is) whose encoding is `der`. subjectKey: a certificate
    // just built for that key, whose SubjectPublicKeyInfo is OpenSSL's own encoding of it (i2d_PUBKEY) and
    // which may hold no decoded key (CertificateBuilder): the key's facts are read from subjectKey and its
    // fingerprint hashes the certificate's SubjectPublicKeyInfo as it stands, instead of encoding it again.
    static Result<Certificate> fromOwned(X509* cert, const QByteArray& der, const EVP_PKEY* subjectKey = nullptr);

    QByteArray m_der;
    QByteArray m_serial;
    QString m_serialHex;
    SubjectName m_subject;
    QString m_subjectDisplay;
    QString m_issuerDisplay;
    QByteArray m_subjectDer;
    QByteArray m_issuerDer;
    QDateTime m_notBefore;
    QDateTime m_notAfter;
    QString m_keyAlgorithm;
    QString m_keyDescription;
    int m_keyBits = 0;
    QString m_keyFingerprint;
    QString m_signatureAlgorithm;
    QByteArray m_sha256;
    QStringList m_policies;
    QStringList m_keyUsage;
    bool m_keyUsageCritical = false;
    QStringList m_eku;
    QStringList m_emails;
    QByteArray m_subjectKeyId;
    QByteArray m_authorityKeyId;
    bool m_isCa = false;
    bool m_selfSigned = false;
};

// ASN1_TIME → UTC QDateTime (invalid on failure); shared by the certificate and CMS code.
QDateTime asn1TimeToDateTime(const ASN1_TIME* time);

} // namespace tirkeu::pki
