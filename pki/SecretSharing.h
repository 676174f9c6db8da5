#pragma once
// Shamir secret sharing over GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11b): each
// secret byte is the constant term of its own random polynomial of degree threshold-1, and share i
// holds the polynomials' values at x = i (1..255). Any `threshold` shares give the secret back by
// Lagrange interpolation at 0; fewer reveal nothing about it. Field arithmetic is branch-free and
// table-free, so timing does not depend on secret bytes.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tirkeu::pki {

struct Share {
    int index = 0; // x coordinate, 1..255
    QByteArray data;
};

class SecretSharing {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::SecretSharing)
public:
    static constexpr int kMaxShares = 255;

    // threshold >= 2, shares >= threshold, shares <= 255.
    static Status checkParameters(int shares, int threshold);
    // Coefficients from RAND_bytes; shares are numbered 1..shares.
    static Result<QList<Share>> split(const QByteArray& secret, int shares, int threshold);
    // For known-answer tests: coefficients[j] holds the degree-(j+1) coefficient of every byte's
    // polynomial (threshold-1 arrays, each as long as the secret).
    static Result<QList<Share>> split(const QByteArray& secret, int shares, int threshold,
                                      const QList<QByteArray>& coefficients);
    // Needs at least `threshold` distinct shares of equal length; extra shares are used too.
    static Result<QByteArray> combine(const QList<Share>& shares, int threshold);
    // Raw Lagrange interpolation at 0 of whatever is given (no count check): with fewer than
    // threshold shares the result is unrelated to the secret. Empty when indices are bad.
    static QByteArray interpolate(const QList<Share>& shares);

    // GF(2^8) arithmetic, exposed for the known-answer tests.
    static quint8 multiply(quint8 a, quint8 b);
    static quint8 inverse(quint8 a); // inverse(0) == 0
};

// The text file a custodian keeps for one share:
//   TIRKEU-SHARE v1 / ca / backup / key / threshold / shares / index / share (base64) / checksum
// The checksum (SHA-256 over the canonical lines above it) catches a damaged or mistyped share
// early; deliberate tampering is caught later by the backup's authenticated encryption.
struct ShareFile {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::ShareFile)
public:
    QString caCode;
    QString backupId;       // random hex id of the backup the share belongs to
    QString keyFingerprint; // SHA-256 of the CA public key (hex)
    int threshold = 0;
    int shares = 0;
    Share share;

    QByteArray toText() const;
    static Result<ShareFile> parse(const QByteArray& text);
    static Result<ShareFile> read(const QString& path);
};

} // namespace tirkeu::pki
