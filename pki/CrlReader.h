#pragma once
// Reads a published CRL back (DER or PEM) to compare it with the register (`audit verify --crl`):
// issuer, cRLNumber, delta base, and every entry's serial, revocation time and reason. The signature
// is checked against the issuing CA's certificate when one is given.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <optional>

namespace tirkeu::pki {

struct CrlEntryInfo {
    QString serialHex; // upper-case hex, no leading zeros (at least one digit)
    QDateTime revokedAt;
    int reason = 0; // CRLReason; 0 (unspecified) when the entry has no reasonCode
};

struct CrlInfo {
    QByteArray issuerDer;
    quint64 number = 0;
    std::optional<quint64> deltaBase;
    QDateTime thisUpdate;
    QList<CrlEntryInfo> entries;
    qint64 auditHeadSeq = 0; // the event-log head the CRL attests (CrlSpec::auditHeadSeq); 0: none
    QString auditHeadHash;   // lower-case hex
};

class CrlReader {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CrlReader)
public:
    // With auditHeadOid: the event-log head extension of that OID (CrlSpec::auditHeadOid), SEQUENCE
    // { INTEGER seq, OCTET STRING sha256 }, into CrlInfo::auditHeadSeq/auditHeadHash.
    static Result<CrlInfo> read(const QByteArray& derOrPem, const QString& auditHeadOid = {});
    // Ok when the CRL `derOrPem` is signed by the key of `caCertDer`.
    static Status verifySignature(const QByteArray& derOrPem, const QByteArray& caCertDer);
    // The subject name (DER) of a certificate, to match a CRL's issuer.
    static Result<QByteArray> subjectDer(const QByteArray& certDer);
    // Upper-case hex without leading zeros, as serials are compared.
    static QString normaliseSerial(const QString& hex);
};

} // namespace tirkeu::pki
