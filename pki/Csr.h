#pragma once
// PKCS#10 certificate requests: parsing and checking a holder's CSR (format, proof of possession, key
// strength, digest), and writing a CSR for a subordinate CA.

#include "pki/KeyPolicy.h"
#include "pki/Ossl.h"
#include "pki/Result.h"
#include "pki/SubjectName.h"

#include <QCoreApplication>

namespace tirkeu::pki {

class Csr {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Csr)
public:
    // PEM ("CERTIFICATE REQUEST" / "NEW CERTIFICATE REQUEST") or DER. Refuses (ErrorCode::Invalid, with a
    // translated reason) data that is not a CSR, a self-signature that does not verify (no proof of
    // possession), an MD5/SHA-1 signature, and keys outside RSA >= 2048 / ECDSA P-256 / P-384.
    static Result<Csr> parse(const QByteArray& pemOrDer);

    // A certificate request file as the programs and a batch read it before parse() (InputFiles::read): refused
    // (ErrorCode::Io) when it cannot be read, and (ErrorCode::Invalid) when it holds more than kMaxFileBytes — a
    // request is a few kilobytes, and a file chosen by mistake (an image, /dev/zero) is not read into memory.
    static constexpr qint64 kMaxFileBytes = 1 << 20;
    static Result<QByteArray> readFile(const QString& path);

    // The subject (DER) a request (PEM) carries, read without judging the request (e.g. a subordinate CA's own
    // waiting request); empty when the data is not a request.
    static QByteArray subjectDerOf(const QByteArray& pem);

    // A CSR signed by `key` (a file or engine key) for `subject`, as PEM.
    static Result<QByteArray> create(EVP_PKEY* key, const SubjectName& subject);

    EVP_PKEY* publicKey() const { return m_publicKey.get(); } // owned by this Csr
    EvpPkeyPtr publicKeyCopy() const;                         // an extra reference for the caller
    // publicKey() with its DER SubjectPublicKeyInfo (i2d_PUBKEY's), taken from the request when it is in
    // that form already (EncodedKey::of); valid while this Csr lives.
    Result<EncodedKey> encodedKey() const;
    QString keyDescription() const; // "RSA 2048", "ECDSA P-256"
    SubjectName subject() const;    // the requested subject, read leniently
    QString subjectDisplay() const; // one line, Kazakh letters kept
    QByteArray der() const { return m_der; }
    QByteArray pem() const;

private:
    QByteArray m_der;
    X509ReqPtr m_request;
    EvpPkeyPtr m_publicKey;
};

} // namespace tirkeu::pki
