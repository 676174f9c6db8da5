#include "pki/SecretSharing.h"

#include "pki/Ossl.h"

#include <QCryptographicHash>
#include <QFile>
#include <QList>

#include <iterator>

namespace tirkeu::pki {

namespace {

constexpr char kShareMagic[] = "TIRKEU-SHARE v1";
constexpr int kMaxShareFileBytes = 64 * 1024;

// Horner evaluation of every byte's polynomial at x: coefficients[0] is the secret itself.
QByteArray evaluate(const QList<QByteArray>& coefficients, quint8 x) {
    QByteArray out(coefficients.first().size(), '\0');
    for (qsizetype b = 0; b < out.size(); ++b) {
        quint8 y = 0;
        for (qsizetype j = coefficients.size() - 1; j >= 0; --j)
            y = SecretSharing::multiply(y, x) ^ quint8(coefficients[j][b]);
        out[b] = char(y);
    }
    return out;
}

QString checksumOf(const QByteArray& canonical) {
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

} // namespace

quint8 SecretSharing::multiply(quint8 a, quint8 b) {
    // Russian-peasant multiplication with masks instead of branches.
    unsigned x = a, y = b, product = 0;
    for (int bit = 0; bit < 8; ++bit) {
        product ^= x & (0u - (y & 1u));
        y >>= 1;
        x = (x << 1) ^ (0x11bu & (0u - ((x >> 7) & 1u)));
    }
    return quint8(product);
}

quint8 SecretSharing::inverse(quint8 a) {
    // a^254 == a^-1 in GF(2^8) (and 0 for 0): square-and-multiply over the fixed exponent.
    quint8 result = 1, base = a;
    for (unsigned e = 254; e != 0; e >>= 1) {
        if (e & 1u)
            result = multiply(result, base);
        base = multiply(base, base);
    }
    return result;
}

Status SecretSharing::checkParameters(int shares, int threshold) {
    if (threshold < 2)
        return makeError(ErrorCode::Usage, tr("The threshold must be at least 2 (it is %1).").arg(threshold));
    if (shares < threshold)
        return makeError(ErrorCode::Usage, tr("%1 shares cannot meet a threshold of %2.").arg(shares).arg(threshold));
    if (shares > kMaxShares)
        return makeError(ErrorCode::Usage,
                         tr("At most %1 shares are possible (%2 asked).").arg(kMaxShares).arg(shares));
    return {};
}

Result<QList<Share>> SecretSharing::split(const QByteArray& secret, int shares, int threshold) {
    if (Status s = checkParameters(shares, threshold); !s)
        return s.error();
    QList<QByteArray> coefficients;
    for (int j = 1; j < threshold; ++j) {
        QByteArray c = randomBytes(int(secret.size()));
        if (c.size() != secret.size())
            return makeError(ErrorCode::Crypto, tr("The random generator failed: %1").arg(opensslErrors()));
        coefficients << c;
    }
    Result<QList<Share>> out = split(secret, shares, threshold, coefficients);
    for (QByteArray& c : coefficients)
        cleanse(c);
    return out;
}

Result<QList<Share>> SecretSharing::split(const QByteArray& secret, int shares, int threshold,
                                          const QList<QByteArray>& coefficients) {
    if (Status s = checkParameters(shares, threshold); !s)
        return s.error();
    if (secret.isEmpty())
        return makeError(ErrorCode::Usage, tr("There is no secret to split."));
    if (coefficients.size() != threshold - 1)
        return makeError(ErrorCode::Usage,
                         tr("A threshold of %1 needs %2 coefficient sets.").arg(threshold).arg(threshold - 1));
    QList<QByteArray> polynomial{secret};
    for (const QByteArray& c : coefficients) {
        if (c.size() != secret.size())
            return makeError(ErrorCode::Usage, tr("Each coefficient set must be as long as the secret."));
        polynomial << c;
    }
    QList<Share> out;
    for (int x = 1; x <= shares; ++x)
        out << Share{x, evaluate(polynomial, quint8(x))};
    return out;
}

QByteArray SecretSharing::interpolate(const QList<Share>& shares) {
    if (shares.isEmpty())
        return {};
    const qsizetype length = shares.first().data.size();
    for (qsizetype i = 0; i < shares.size(); ++i) {
        if (shares[i].index < 1 || shares[i].index > kMaxShares || shares[i].data.size() != length)
            return {};
        for (qsizetype j = 0; j < i; ++j) {
            if (shares[j].index == shares[i].index)
                return {};
        }
    }
    // Lagrange basis at 0: l_i = prod_{j != i} x_j / (x_j - x_i); subtraction is XOR here.
    QByteArray secret(length, '\0');
    for (qsizetype i = 0; i < shares.size(); ++i) {
        const quint8 xi = quint8(shares[i].index);
        quint8 numerator = 1, denominator = 1;
        for (qsizetype j = 0; j < shares.size(); ++j) {
            if (j == i)
                continue;
            const quint8 xj = quint8(shares[j].index);
            numerator = multiply(numerator, xj);
            denominator = multiply(denominator, xj ^ xi);
        }
        const quint8 basis = multiply(numerator, inverse(denominator));
        for (qsizetype b = 0; b < length; ++b)
            secret[b] = char(quint8(secret[b]) ^ multiply(quint8(shares[i].data[b]), basis));
    }
    return secret;
}

Result<QByteArray> SecretSharing::combine(const QList<Share>& shares, int threshold) {
    QList<int> seen;
    for (const Share& s : shares) {
        if (s.index < 1 || s.index > kMaxShares)
            return makeError(ErrorCode::Invalid, tr("Share index %1 is out of range (1 to 255).").arg(s.index));
        if (seen.contains(s.index))
            return makeError(ErrorCode::Invalid, tr("Share %1 was given twice.").arg(s.index));
        if (s.data.isEmpty() || s.data.size() != shares.first().data.size())
            return makeError(ErrorCode::Invalid, tr("The shares have different lengths; they are not from one split."));
        seen << s.index;
    }
    if (threshold < 2 || shares.size() < threshold)
        return makeError(
            ErrorCode::Invalid,
            tr("%1 shares are needed to restore the secret; only %2 were given.").arg(threshold).arg(shares.size()));
    return interpolate(shares);
}

QByteArray ShareFile::toText() const {
    QByteArray text;
    text += QByteArray(kShareMagic) + '\n';
    text += "ca: " + caCode.toUtf8() + '\n';
    text += "backup: " + backupId.toLatin1() + '\n';
    text += "key: " + keyFingerprint.toLatin1() + '\n';
    text += "threshold: " + QByteArray::number(threshold) + '\n';
    text += "shares: " + QByteArray::number(shares) + '\n';
    text += "index: " + QByteArray::number(share.index) + '\n';
    text += "share: " + share.data.toBase64() + '\n';
    return text + "checksum: " + checksumOf(text).toLatin1() + '\n';
}

Result<ShareFile> ShareFile::parse(const QByteArray& text) {
    const auto damaged = [](const QString& why) {
        return makeError(ErrorCode::Invalid, tr("The share file is damaged or not a Tirkeu share: %1").arg(why));
    };
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r')) // edited on Windows
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.isEmpty() || lines.first() != kShareMagic)
        return damaged(tr("the first line is not \"%1\".").arg(QLatin1String(kShareMagic)));
    static const char* const keys[] = {"ca", "backup", "key", "threshold", "shares", "index", "share", "checksum"};
    if (lines.size() != 1 + qsizetype(std::size(keys)))
        return damaged(tr("%1 lines instead of %2.").arg(lines.size()).arg(1 + std::size(keys)));
    QList<QByteArray> values;
    for (size_t i = 0; i < std::size(keys); ++i) {
        const QByteArray prefix = QByteArray(keys[i]) + ": ";
        if (!lines[qsizetype(i) + 1].startsWith(prefix))
            return damaged(tr("line %1 should start with \"%2\".").arg(i + 2).arg(QLatin1String(prefix)));
        values << lines[qsizetype(i) + 1].mid(prefix.size()).trimmed();
    }
    ShareFile file;
    file.caCode = QString::fromUtf8(values[0]);
    file.backupId = QString::fromLatin1(values[1]);
    file.keyFingerprint = QString::fromLatin1(values[2]);
    bool thresholdOk = false, sharesOk = false, indexOk = false;
    file.threshold = values[3].toInt(&thresholdOk);
    file.shares = values[4].toInt(&sharesOk);
    file.share.index = values[5].toInt(&indexOk);
    auto decoded = QByteArray::fromBase64Encoding(values[6], QByteArray::AbortOnBase64DecodingErrors);
    if (!thresholdOk || !sharesOk || !indexOk || !decoded || decoded.decoded.isEmpty())
        return damaged(tr("a number or the share value cannot be read."));
    file.share.data = decoded.decoded;
    // Recompute over the canonical form, so the check does not depend on line endings.
    const QByteArray expected = file.toText();
    const QByteArray got = QByteArray("checksum: ") + values[7] + '\n';
    if (!expected.endsWith(got))
        return damaged(tr("the checksum does not match its contents."));
    if (Status s = SecretSharing::checkParameters(file.shares, file.threshold); !s)
        return damaged(s.message());
    if (file.share.index < 1 || file.share.index > file.shares)
        return damaged(tr("share index %1 is outside 1..%2.").arg(file.share.index).arg(file.shares));
    return file;
}

Result<ShareFile> ShareFile::read(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read the share file %1: %2").arg(path, f.errorString()));
    const QByteArray text = f.read(kMaxShareFileBytes);
    Result<ShareFile> parsed = parse(text);
    if (!parsed)
        return makeError(parsed.code(), QStringLiteral("%1: %2").arg(path, parsed.message()));
    return parsed;
}

} // namespace tirkeu::pki
