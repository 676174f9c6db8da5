#pragma once
// Partitioned CRLs (issue 18). A CA whose full CRL grows past a configured size publishes one CRL per
// partition instead of one for everything: each partition's CRL carries a critical
// issuingDistributionPoint (RFC 5280 5.2.5) naming the partition's URL, and every certificate issued
// into the partition names that same URL in its cRLDistributionPoints, so a relying party fetches
// only the partition that can list it.
//
// Settings of a CA (ca set):
//   crl_partition           none | serial-range:N (the serial space in N equal ranges, 2..4096: random
//                           serials spread evenly) | period:M (by the certificate's notBefore, M months
//                           per partition, 1..120).
//   crl_partition_min_bytes partitioning starts once the CA's largest full CRL published so far reached
//                           this size in bytes (0: at once). Certificates issued before keep the CA's
//                           cdp_url and stay in the CA's own CRL.
// A partition's URL is cdp_url with "-<label>" before ".crl" (http://crl.example.kz/NCA-s07.crl), its
// files <CA>-<label>.crl/.crl.pem beside <CA>.crl. Labels: s<index> (serial range, zero-padded) or
// p<yyyymm> (the first month of the period). Which partition a certificate went into is recorded at
// issuance (crl_partition_members), so changing the setting later never moves a certificate to another
// CRL: old partitions keep being published as long as the CA publishes.
//
// CRL numbers: RFC 5280 5.2.3 requires them to increase monotonically within one scope (a partition's
// IDP is its scope); a CA's partitions here share the CA's one sequence, which is monotonic in every
// scope and keeps the single rule of CrlNumbers (never back, never twice, kept across a restore).
// Delta CRLs are refused for a partitioned CA (each partition is small by design; publish the full set).

#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace tirkeu::pki {
struct CertificateSpec;
}

namespace tirkeu::registry {

class Database;
struct CaRecord;

struct CrlPartitioning {
    enum class Kind { None, SerialRange, Period };
    Kind kind = Kind::None;
    int count = 0; // SerialRange: the number of ranges; Period: months per partition
    static Result<CrlPartitioning> parse(const QString& text);
};

// One CRL scope of a CA: its own CRL, or one partition.
struct CrlScope {
    QString label;    // empty: the CA's own CRL (<CA>.crl)
    QString url;      // the issuingDistributionPoint; empty when the CA has no partitions
    QString fileBase; // <CA> or <CA>-<label>
};

class CrlPartitions {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CrlPartitions)
public:
    // The CA's crl_partition setting.
    static Result<CrlPartitioning> of(const CaRecord& ca);
    // The partition of a certificate with this serial (big-endian bytes) and notBefore.
    static QString labelFor(const CrlPartitioning& p, const QByteArray& serial, const QDateTime& notBefore);
    // cdp_url with "-<label>" before its ".crl" (or appended with ".crl").
    static QString partitionUrl(const QString& cdpUrl, const QString& label);
    static QString fileBase(const QString& caCode, const QString& label);
    // The regular expression (no anchors) of the file bases of a CA's CRLs: <CA>, <CA>-delta, partitions.
    static QString fileBasePattern(const QString& caCode);
    // Whether new certificates of the CA go into partitions now.
    static Result<bool> active(Database& db, const CaRecord& ca);
    // Issuance (spec.serial and spec.notBefore set): when the CA partitions its CRLs, the certificate's
    // cRLDistributionPoints becomes its partition's URL (and no freshestCRL: partitioned CAs publish no
    // delta CRLs), and the partition is recorded for the certificate's serial. Call inside the
    // issuance's transaction: nothing is recorded for a certificate that is not.
    static Status assign(Database& db, const CaRecord& ca, pki::CertificateSpec& spec);
    // The scopes a publication of the CA covers: its own CRL first, then every partition it has used
    // (in label order). One scope without URL when the CA has never partitioned.
    static Result<QList<CrlScope>> scopes(Database& db, const CaRecord& ca);

    // crl_partition_members and crl_partitions are not bound by the event chain; the certificates are
    // (their DER never changes). Which CRL must list a certificate is what its own cRLDistributionPoints
    // names: a member's recorded partition URL must be that URL, a certificate in no partition must not
    // name any partition's URL. The first certificate of the CA (only the revoked ones: revokedOnly)
    // where the tables say otherwise — a membership moved, deleted or added with sqlite3 — is returned
    // as an Integrity error naming it; the CRL publisher refuses to publish then (a revocation would
    // vanish from the CRL its certificate points to) and `audit verify` reports it. A CA with neither
    // partitions nor members costs one query.
    static Status checkMembers(Database& db, const CaRecord& ca, bool revokedOnly);
    // The same for every CA of the register (audit verify): the first mismatch.
    static Status checkAllMembers(Database& db);
};

} // namespace tirkeu::registry
