#pragma once
// CRL (v2) encoding that scales to millions of revoked entries. No X509_CRL with an X509_REVOKED per
// entry: every revokedCertificate is DER-encoded straight into one buffer as the entries arrive from
// the caller's source (a database cursor), in the caller's order. The TBSCertList headers are written
// into room left at the front of that buffer, the TBS bytes are signed in place with EVP_DigestSign
// (file or engine key), and the files are written from that same buffer. Memory is the encoded CRL
// plus a constant: about 50 bytes per entry, no per-entry heap objects. Give expectedEntries (e.g. a
// COUNT(*)) so the buffer is reserved once; otherwise a growth step may briefly hold two copies.
//
// Header parts come from OpenSSL: the issuer name (the CA certificate's subject DER), the
// AlgorithmIdentifier (SignatureAlgorithm), freshestCRL. Extensions: authorityKeyIdentifier (keyid),
// cRLNumber, a critical deltaCRLIndicator for delta CRLs, optionally freshestCRL on full CRLs and a
// critical issuingDistributionPoint on a partition's CRL. Entry
// extensions: reasonCode and invalidityDate; a delta may carry removeFromCRL (8) to lift a hold.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QDateTime>

#include <functional>
#include <optional>

namespace tirkeu::pki {

struct RevokedEntry {
    QByteArrayView serial;     // big-endian magnitude (leading zeros ignored), at most 20 bytes; the bytes
                               // must stay valid until the source is called again
    qint64 revokedAt = 0;      // UTC, seconds since the epoch
    int reason = -1;           // CRLReason 0..10 except 7; -1 for none. 0 (unspecified) is written as no
                               // reasonCode, as RFC 5280 recommends; 8 (removeFromCRL) only in delta CRLs
    qint64 invalidityDate = 0; // UTC seconds since the epoch when the key is known or suspected to have
                               // been compromised (invalidityDate entry extension); 0: none
};

// Fills `entry` with the next revoked certificate and returns true, or returns false at the end.
using RevokedSource = std::function<bool(RevokedEntry& entry)>;

// What a publisher may settle only once every entry of the CRL is read and encoded (CrlSpec::afterEntries):
// its number and the event-log head it attests. Filled with the CrlSpec's own values before the call.
struct CrlLateFields {
    quint64 number = 0;
    QString auditHeadOid;
    qint64 auditHeadSeq = 0;
    QByteArray auditHeadHash;
};

struct CrlSpec {
    quint64 number = 0;               // cRLNumber
    std::optional<quint64> deltaBase; // set: a delta CRL whose deltaCRLIndicator is this base CRL number
    QDateTime thisUpdate;             // UTC
    QDateTime nextUpdate;             // UTC
    QString freshestCrlUrl;           // optional, full CRLs only: where the delta CRL is published
    // Optional: a partitioned CRL's scope, a critical issuingDistributionPoint (RFC 5280 5.2.5) whose
    // distributionPoint is this URL (the cRLDistributionPoints of the certificates it covers).
    QString issuingDistributionPointUrl;
    qint64 expectedEntries = 0; // optional hint: reserves the buffer once
    // Optional: the register's event-log head when the CRL was made (sequence number and SHA-256 of that
    // event), written as a non-critical extension with the OID auditHeadOid (the CA's own arc) so that
    // every published CRL attests the chain up to that event (`audit verify --crl`).
    QString auditHeadOid;
    qint64 auditHeadSeq = 0;
    QByteArray auditHeadHash; // 32 bytes
    // Optional: called once, after the last entry is encoded and before anything is signed; it may set the
    // late fields (a publisher that reserves the CRL's number only once the entries are read, so that the
    // register's check runs meanwhile). Its failure is returned as it is, and nothing is signed or written.
    std::function<Status(CrlLateFields& late)> afterEntries;
};

struct CrlOutput {
    qint64 entries = 0;
    qint64 size = 0;   // bytes of DER
    QByteArray sha256; // of the DER
    QString derPath;   // <dir>/<basename>.crl
    QString pemPath;   // <dir>/<basename>.crl.pem
};

// Both files of a CRL written and fsync'ed under temporary names beside their final ones; nothing
// renamed yet (CrlWriter::stage).
struct CrlStaged {
    CrlOutput out;   // the final paths
    QString derTemp; // CrlWriter::stagedPath(out.derPath, number)
    QString pemTemp; // CrlWriter::stagedPath(out.pemPath, number)
    QByteArray pemSha256;
};

class CrlWriter {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CrlWriter)
public:
    // The CA certificate (issuer name, key identifier) and its key; both must outlive the writer.
    CrlWriter(const X509* caCert, EVP_PKEY* caKey);
    // The key is only needed for the signature, after every entry is encoded: a provider lets the
    // (deliberately slow) key unlock run meanwhile. Called once; the key must outlive the writer.
    using KeyProvider = std::function<Result<EVP_PKEY*>()>;
    CrlWriter(const X509* caCert, KeyProvider caKey);

    // The signed CRL as DER.
    Result<QByteArray> encode(const CrlSpec& spec, const RevokedSource& source) const;

    // Encodes, signs and publishes <dir>/<basename>.crl (DER) and <dir>/<basename>.crl.pem atomically:
    // temporary files in the same directory, fsync, rename, fsync of the directory.
    Result<CrlOutput> write(const CrlSpec& spec, const RevokedSource& source, const QString& dir,
                            const QString& basename) const;

    // The first half of write() for a publisher that records the CRL between writing and renaming:
    // encodes, signs, writes <dir>/.<basename>.crl.<number>.tmp and .crl.pem.<number>.tmp (an old file
    // of that name is replaced) and fsyncs both. Nothing is renamed; the caller calls install().
    Result<CrlStaged> stage(const CrlSpec& spec, const RevokedSource& source, const QString& dir,
                            const QString& basename) const;
    // The temporary name of `finalPath` while the CRL `number` is staged.
    static QString stagedPath(const QString& finalPath, quint64 number);
    // Renames `from` over `to` (same folder) and fsyncs the folder.
    static Status install(const QString& from, const QString& to);
    // SHA-256 of a file's content; empty when it cannot be read.
    static QByteArray fileSha256(const QString& path);

private:
    struct Encoded;
    Result<Encoded> encodeInPlace(const CrlSpec& spec, const RevokedSource& source) const;

    const X509* m_caCert;
    KeyProvider m_caKey;
};

} // namespace tirkeu::pki
