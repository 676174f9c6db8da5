#include "pki/CrlWriter.h"

#include "pki/CertificateBuilder.h"
#include "pki/FileModes.h"
#include "pki/InputFiles.h"
#include "pki/SignatureAlgorithm.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tirkeu::pki {

namespace {

constexpr int kMaxHeader = 6;          // tag, 0x84, four length bytes
constexpr int kMaxSerialBytes = 20;    // RFC 5280 4.1.2.2
constexpr int kMaxEntry = 96;          // 2 + (2+21) + 17 + 2 + 12 + 26 = 82 at most
constexpr int kTypicalEntry = 52;      // 20-byte serial, UTCTime, reasonCode
constexpr qint64 kMaxDer = 0xF0000000; // four length octets

constexpr unsigned char kOidAki[] = {0x06, 0x03, 0x55, 0x1D, 0x23};
constexpr unsigned char kOidCrlNumber[] = {0x06, 0x03, 0x55, 0x1D, 0x14};
constexpr unsigned char kOidDeltaIndicator[] = {0x06, 0x03, 0x55, 0x1D, 0x1B};
constexpr unsigned char kOidIssuingDp[] = {0x06, 0x03, 0x55, 0x1D, 0x1C};
constexpr unsigned char kCriticalTrue[] = {0x01, 0x01, 0xFF};
// Extension { id-ce-cRLReasons, OCTET STRING { ENUMERATED <reason> } }
constexpr unsigned char kReasonPrefix[] = {0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01};
// Extension { id-ce-invalidityDate, OCTET STRING { GeneralizedTime (15 characters) } }
constexpr unsigned char kInvalidityPrefix[] = {0x30, 0x18, 0x06, 0x03, 0x55, 0x1D, 0x18, 0x04, 0x11};

int headerSize(qint64 len) {
    return len < 0x80 ? 2 : len <= 0xFF ? 3 : len <= 0xFFFF ? 4 : len <= 0xFFFFFF ? 5 : 6;
}

int writeHeader(char* dst, unsigned char tag, qint64 len) {
    const int size = headerSize(len);
    dst[0] = char(tag);
    if (size == 2) {
        dst[1] = char(len);
        return 2;
    }
    const int n = size - 2;
    dst[1] = char(0x80 | n);
    for (int i = 0; i < n; ++i)
        dst[2 + i] = char((quint64(len) >> (8 * (n - 1 - i))) & 0xFF);
    return size;
}

QByteArray bytes(const unsigned char* data, qsizetype size) {
    return QByteArray(reinterpret_cast<const char*>(data), size);
}

QByteArray tlv(unsigned char tag, const QByteArray& content) {
    QByteArray out(headerSize(content.size()), Qt::Uninitialized);
    writeHeader(out.data(), tag, content.size());
    out.append(content);
    return out;
}

QByteArray derInteger(quint64 value) {
    QByteArray content;
    do {
        content.prepend(char(value & 0xFF));
        value >>= 8;
    } while (value != 0);
    if (uchar(content.at(0)) & 0x80)
        content.prepend('\0');
    return tlv(0x02, content);
}

QByteArray extension(const unsigned char* oid, qsizetype oidSize, bool critical, const QByteArray& value) {
    QByteArray content = bytes(oid, oidSize);
    if (critical)
        content.append(bytes(kCriticalTrue, sizeof kCriticalTrue));
    content.append(tlv(0x04, value));
    return tlv(0x30, content);
}

struct Civil {
    qint64 year;
    unsigned month;
    unsigned day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
Civil civilFromDays(qint64 z) {
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {qint64(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 5.1.2.4), or always GeneralizedTime
// (invalidityDate, RFC 5280 5.3.2); 0 when out of range.
int writeTime(char* dst, qint64 secs, bool generalized = false) {
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const Civil c = civilFromDays(days);
    if (c.year < 0 || c.year > 9999)
        return 0;
    auto two = [](char* p, unsigned v) {
        p[0] = char('0' + v / 10);
        p[1] = char('0' + v % 10);
    };
    char* p = dst;
    const unsigned year = unsigned(c.year);
    if (!generalized && year >= 1950 && year <= 2049) {
        *p++ = 0x17;
        *p++ = 13;
    } else {
        *p++ = 0x18;
        *p++ = 15;
        two(p, year / 100);
        p += 2;
    }
    two(p, year % 100);
    two(p + 2, c.month);
    two(p + 4, c.day);
    two(p + 6, unsigned(rem / 3600));
    two(p + 8, unsigned(rem / 60 % 60));
    two(p + 10, unsigned(rem % 60));
    p[12] = 'Z';
    return int(p + 13 - dst);
}

QByteArray timeDer(const QDateTime& when) {
    char buf[kMaxHeader + 15];
    const int n = writeTime(buf, when.toSecsSinceEpoch());
    return QByteArray(buf, n);
}

enum class EntryError { None, Serial, Time, Reason };

// One revokedCertificate SEQUENCE into dst (kMaxEntry bytes); returns its size or 0 with `error` set.
int encodeEntry(char* dst, const RevokedEntry& entry, bool delta, EntryError& error) {
    const auto* serial = reinterpret_cast<const unsigned char*>(entry.serial.data());
    qsizetype serialSize = entry.serial.size();
    while (serialSize > 0 && *serial == 0) {
        ++serial;
        --serialSize;
    }
    if (serialSize > kMaxSerialBytes) {
        error = EntryError::Serial;
        return 0;
    }
    char* p = dst + 2;
    *p++ = 0x02;
    if (serialSize == 0) {
        *p++ = 1;
        *p++ = 0;
    } else {
        const bool pad = (serial[0] & 0x80) != 0;
        *p++ = char(serialSize + (pad ? 1 : 0));
        if (pad)
            *p++ = 0;
        std::memcpy(p, serial, size_t(serialSize));
        p += serialSize;
    }
    const int timeSize = writeTime(p, entry.revokedAt);
    if (timeSize == 0) {
        error = EntryError::Time;
        return 0;
    }
    p += timeSize;
    const int reason = entry.reason;
    if (reason < -1 || reason > 10 || reason == 7 || (reason == 8 && !delta)) {
        error = EntryError::Reason;
        return 0;
    }
    // crlEntryExtensions: reasonCode, invalidityDate (not on removeFromCRL: it undoes, it states nothing).
    char* extensions = p;
    p += 2;
    if (reason > 0) {
        std::memcpy(p, kReasonPrefix, sizeof kReasonPrefix);
        p += sizeof kReasonPrefix;
        *p++ = char(reason);
    }
    if (entry.invalidityDate != 0 && reason != 8) {
        std::memcpy(p, kInvalidityPrefix, sizeof kInvalidityPrefix);
        p += sizeof kInvalidityPrefix;
        if (writeTime(p, entry.invalidityDate, true) != 17) {
            error = EntryError::Time;
            return 0;
        }
        p += 17;
    }
    if (p == extensions + 2) {
        p = extensions; // none: the field is absent
    } else {
        extensions[0] = 0x30;
        extensions[1] = char(p - extensions - 2);
    }
    dst[0] = 0x30;
    dst[1] = char(p - dst - 2);
    return int(p - dst);
}

// A file descriptor closed on scope exit.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

// A named temporary file beside its final name (CrlWriter::stagedPath): written, fsync'ed, and removed
// unless the caller keeps it (it is renamed later, maybe by the next run).
class TempFile {
public:
    ~TempFile() {
        if (m_created && !m_renamed)
            ::unlink(m_path.constData());
    }
    bool isOpen() const { return m_fd.fd >= 0; }
    bool write(const char* data, qint64 size) {
        while (size > 0) {
            const ssize_t n = ::write(m_fd.fd, data, size_t(size));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            data += n;
            size -= n;
        }
        return true;
    }
    bool sync() {
        const bool ok = ::fsync(m_fd.fd) == 0 && ::close(m_fd.fd) == 0;
        m_fd.fd = -1;
        return ok;
    }
    // Replaces a stale file of that name and refuses to follow a link.
    static TempFile named(const QString& path) {
        TempFile t;
        t.m_path = QFile::encodeName(path);
        ::unlink(t.m_path.constData());
        t.m_fd.fd = ::open(t.m_path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        t.m_created = t.m_fd.fd >= 0;
        if (t.m_created)
            ::fchmod(t.m_fd.fd, 0644);
        return t;
    }
    void keep() { m_renamed = true; }
    TempFile(TempFile&& o) noexcept
        : m_path(std::move(o.m_path))
        , m_created(o.m_created)
        , m_renamed(o.m_renamed) {
        m_fd.fd = o.m_fd.fd;
        o.m_fd.fd = -1;
        o.m_created = false;
    }

private:
    TempFile() = default;
    QByteArray m_path;
    Fd m_fd;
    bool m_created = false;
    bool m_renamed = false;
};

// Writes the PEM text of `der` and feeds the same bytes to `sha256` (the staged file's hash, without
// reading the file back).
bool writePem(TempFile& file, QByteArrayView der, EVP_MD_CTX* sha256) {
    const auto put = [&](const char* data, qsizetype size) {
        return EVP_DigestUpdate(sha256, data, size_t(size)) == 1 && file.write(data, size);
    };
    static constexpr char kBegin[] = "-----BEGIN X509 CRL-----\n";
    static constexpr char kEnd[] = "-----END X509 CRL-----\n";
    constexpr qsizetype kLine = 48; // 64 base64 characters per line
    constexpr qsizetype kLinesPerBlock = 1024;
    QByteArray block(kLinesPerBlock * 65, Qt::Uninitialized);
    if (!put(kBegin, sizeof kBegin - 1))
        return false;
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    qsizetype remaining = der.size();
    while (remaining > 0) {
        auto* out = reinterpret_cast<unsigned char*>(block.data());
        qsizetype used = 0;
        for (qsizetype line = 0; line < kLinesPerBlock && remaining > 0; ++line) {
            const int n = int(qMin(kLine, remaining));
            used += EVP_EncodeBlock(out + used, in, n);
            out[used++] = '\n';
            in += n;
            remaining -= n;
        }
        if (!put(block.constData(), used))
            return false;
    }
    return put(kEnd, sizeof kEnd - 1);
}

} // namespace

struct CrlWriter::Encoded {
    QByteArray buffer; // the DER starts at `offset`
    qsizetype offset = 0;
    qint64 entries = 0;
    quint64 number = 0; // the cRLNumber written (CrlSpec::afterEntries may have set it)
    QByteArrayView der() const { return QByteArrayView(buffer).sliced(offset); }
};

CrlWriter::CrlWriter(const X509* caCert, EVP_PKEY* caKey)
    : m_caCert(caCert) {
    if (caKey)
        m_caKey = [caKey]() -> Result<EVP_PKEY*> { return caKey; };
}

CrlWriter::CrlWriter(const X509* caCert, KeyProvider caKey)
    : m_caCert(caCert)
    , m_caKey(std::move(caKey)) {}

namespace {
// The crlExtensions [0] of a CRL: authorityKeyIdentifier, cRLNumber, deltaCRLIndicator, issuingDistributionPoint,
// the event-log head, freshestCRL.
Result<QByteArray> crlExtensions(const CrlSpec& spec, const QByteArray& keyId) {
    const bool delta = spec.deltaBase.has_value();
    if (delta && *spec.deltaBase >= spec.number)
        return makeError(ErrorCode::Invalid,
                         CrlWriter::tr("A delta CRL's number must be greater than its base CRL's number."));
    QByteArray extensions = extension(kOidAki, sizeof kOidAki, false, tlv(0x30, tlv(0x80, keyId)));
    extensions.append(extension(kOidCrlNumber, sizeof kOidCrlNumber, false, derInteger(spec.number)));
    if (delta)
        extensions.append(extension(kOidDeltaIndicator, sizeof kOidDeltaIndicator, true, derInteger(*spec.deltaBase)));
    if (!spec.issuingDistributionPointUrl.isEmpty()) {
        // IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName } with
        // DistributionPointName fullName [0] GeneralNames { uniformResourceIdentifier [6] IA5String }.
        const QByteArray uri = tlv(0x86, spec.issuingDistributionPointUrl.toLatin1());
        extensions.append(extension(kOidIssuingDp, sizeof kOidIssuingDp, true, tlv(0x30, tlv(0xA0, tlv(0xA0, uri)))));
    }
    if (spec.auditHeadSeq > 0 && !spec.auditHeadOid.isEmpty()) {
        if (spec.auditHeadHash.size() != 32)
            return makeError(ErrorCode::Invalid, CrlWriter::tr("The event-log head of a CRL needs a SHA-256 hash."));
        Asn1ObjectPtr oid(OBJ_txt2obj(spec.auditHeadOid.toLatin1().constData(), 1));
        unsigned char* oidDer = nullptr;
        const int oidSize = oid ? i2d_ASN1_OBJECT(oid.get(), &oidDer) : 0;
        if (oidSize <= 0)
            return makeError(ErrorCode::Invalid, CrlWriter::tr("\"%1\" is not an OID.").arg(spec.auditHeadOid));
        const QByteArray oidBytes(reinterpret_cast<const char*>(oidDer), oidSize);
        OPENSSL_free(oidDer);
        // Non-critical: relying parties ignore it; `audit verify --crl` checks the register's chain.
        extensions.append(extension(reinterpret_cast<const unsigned char*>(oidBytes.constData()), oidBytes.size(),
                                    false,
                                    tlv(0x30, derInteger(quint64(spec.auditHeadSeq)) + tlv(0x04, spec.auditHeadHash))));
    }
    if (!spec.freshestCrlUrl.isEmpty()) {
        const QByteArray value = QByteArray("URI:") + spec.freshestCrlUrl.toUtf8();
        X509ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, nullptr, NID_freshest_crl, value.constData()));
        const QByteArray der = ext ? toDer(ext.get(), i2d_X509_EXTENSION) : QByteArray();
        if (der.isEmpty())
            return makeError(ErrorCode::Invalid, CrlWriter::tr("Cannot encode the freshest-CRL URL \"%1\": %2")
                                                     .arg(spec.freshestCrlUrl, opensslErrors()));
        extensions.append(der);
    }
    return tlv(0xA0, tlv(0x30, extensions));
}
} // namespace

Result<CrlWriter::Encoded> CrlWriter::encodeInPlace(const CrlSpec& given, const RevokedSource& source) const {
    if (!m_caCert || !m_caKey)
        return makeError(ErrorCode::Crypto, tr("No CA certificate or CA key to sign the CRL with."));
    CrlSpec spec = given;
    X509* ca = const_cast<X509*>(m_caCert); // OpenSSL 3.0 getters below take a non-const X509
    const uint32_t keyUsage = X509_get_key_usage(ca);
    if (keyUsage != UINT32_MAX && !(keyUsage & KU_CRL_SIGN))
        return makeError(ErrorCode::Invalid, tr("The CA certificate does not allow signing CRLs (no cRLSign)."));
    EVP_PKEY* caPublic = X509_get0_pubkey(ca);
    if (!caPublic)
        return makeError(ErrorCode::Crypto, tr("The CA certificate has no usable public key."));
    if (!spec.thisUpdate.isValid() || !spec.nextUpdate.isValid() || spec.nextUpdate <= spec.thisUpdate)
        return makeError(ErrorCode::Invalid, tr("The CRL's next update must come after its this-update time."));
    const bool delta = spec.deltaBase.has_value();
    if (delta && !spec.freshestCrlUrl.isEmpty())
        return makeError(ErrorCode::Invalid, tr("A delta CRL must not carry a freshest-CRL pointer."));
    if (Status url = CertificateBuilder::checkUrl(spec.freshestCrlUrl); !url)
        return url.error();
    if (Status url = CertificateBuilder::checkUrl(spec.issuingDistributionPointUrl); !url)
        return url.error();

    Result<QByteArray> algorithm = SignatureAlgorithm::algorithmIdentifierDer(caPublic); // same type as the key
    if (!algorithm)
        return algorithm.error();

    // version v2, signature, issuer, thisUpdate, nextUpdate
    QByteArray prefix = bytes(reinterpret_cast<const unsigned char*>("\x02\x01\x01"), 3);
    prefix.append(*algorithm);
    prefix.append(toDer(X509_get_subject_name(ca), i2d_X509_NAME));
    prefix.append(timeDer(spec.thisUpdate));
    prefix.append(timeDer(spec.nextUpdate));

    QByteArray keyId;
    if (const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(ca)) {
        keyId = bytes(ASN1_STRING_get0_data(ski), ASN1_STRING_length(ski));
    } else {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdLen = 0;
        if (X509_pubkey_digest(ca, EVP_sha1(), md, &mdLen) == 1)
            keyId = bytes(md, mdLen);
    }
    if (keyId.isEmpty() || prefix.size() < 20)
        return makeError(ErrorCode::Crypto, tr("Cannot encode the CRL header: %1").arg(opensslErrors()));
    // Without a late number, what the extensions refuse is refused before any entry is read.
    Result<QByteArray> extensions = spec.afterEntries ? Result<QByteArray>(QByteArray()) : crlExtensions(spec, keyId);
    if (!extensions)
        return extensions.error();

    // Room for the outer, TBS and revokedCertificates headers and the TBS prefix, then the entries.
    const qsizetype gap = kMaxHeader + kMaxHeader + prefix.size() + kMaxHeader;
    Encoded enc;
    enc.buffer.reserve(gap + qMax<qint64>(spec.expectedEntries, 0) * kTypicalEntry + 2048);
    enc.buffer.resize(gap);
    RevokedEntry entry;
    char encoded[kMaxEntry];
    while (source(entry)) {
        EntryError error = EntryError::None;
        const int size = encodeEntry(encoded, entry, delta, error);
        if (size == 0) {
            const qint64 index = enc.entries + 1;
            switch (error) {
            case EntryError::Serial:
                return makeError(ErrorCode::Invalid,
                                 tr("Revoked entry %1: the serial number is longer than 20 bytes.").arg(index));
            case EntryError::Time:
                return makeError(ErrorCode::Invalid,
                                 tr("Revoked entry %1: the revocation time is out of range.").arg(index));
            default:
                return makeError(ErrorCode::Invalid,
                                 tr("Revoked entry %1: the reason code %2 is not allowed in this CRL.")
                                     .arg(index)
                                     .arg(entry.reason));
            }
        }
        enc.buffer.append(encoded, size);
        ++enc.entries;
        if (enc.buffer.size() > kMaxDer)
            return makeError(ErrorCode::Invalid, tr("The CRL would exceed 4 GB."));
        entry = RevokedEntry();
    }

    if (spec.afterEntries) {
        CrlLateFields late{spec.number, spec.auditHeadOid, spec.auditHeadSeq, spec.auditHeadHash};
        if (Status s = spec.afterEntries(late); !s)
            return s.error();
        spec.number = late.number;
        spec.auditHeadOid = late.auditHeadOid;
        spec.auditHeadSeq = late.auditHeadSeq;
        spec.auditHeadHash = late.auditHeadHash;
        extensions = crlExtensions(spec, keyId);
        if (!extensions)
            return extensions.error();
    }
    enc.number = spec.number;
    const qint64 entriesSize = enc.buffer.size() - gap;
    enc.buffer.append(*extensions);
    // RFC 5280: revokedCertificates is absent, not empty, when nothing is revoked.
    const int revokedHeader = entriesSize > 0 ? headerSize(entriesSize) : 0;
    const qint64 tbsContent = prefix.size() + revokedHeader + entriesSize + extensions->size();
    const qsizetype tbsStart = gap - revokedHeader - prefix.size() - headerSize(tbsContent);
    char* p = enc.buffer.data() + tbsStart;
    p += writeHeader(p, 0x30, tbsContent);
    std::memcpy(p, prefix.constData(), size_t(prefix.size()));
    p += prefix.size();
    if (revokedHeader > 0)
        writeHeader(p, 0x30, entriesSize);

    Result<EVP_PKEY*> key = m_caKey();
    if (!key)
        return key.error();
    if (!*key || EVP_PKEY_eq(caPublic, *key) != 1)
        return makeError(ErrorCode::Crypto, tr("The CA key does not belong to the CA certificate."));
    Result<QByteArray> signature =
        SignatureAlgorithm::sign(*key, reinterpret_cast<const unsigned char*>(enc.buffer.constData()) + tbsStart,
                                 size_t(enc.buffer.size() - tbsStart));
    if (!signature)
        return signature.error();
    enc.buffer.append(*algorithm);
    QByteArray bitString(1, '\0'); // no unused bits
    bitString.append(*signature);
    enc.buffer.append(tlv(0x03, bitString));
    const qint64 outerContent = enc.buffer.size() - tbsStart;
    enc.offset = tbsStart - headerSize(outerContent);
    writeHeader(enc.buffer.data() + enc.offset, 0x30, outerContent);
    return enc;
}

Result<QByteArray> CrlWriter::encode(const CrlSpec& spec, const RevokedSource& source) const {
    Result<Encoded> enc = encodeInPlace(spec, source);
    if (!enc)
        return enc.error();
    QByteArray der = std::move(enc->buffer);
    der.remove(0, enc->offset); // in place: no second copy of a large CRL
    return der;
}

Result<CrlOutput> CrlWriter::write(const CrlSpec& spec, const RevokedSource& source, const QString& dir,
                                   const QString& basename) const {
    // Staged (written and fsync'ed beside the final names), then renamed over the old files.
    auto staged = stage(spec, source, dir, basename);
    if (!staged)
        return staged.error();
    Status installed = install(staged->derTemp, staged->out.derPath);
    if (installed)
        installed = install(staged->pemTemp, staged->out.pemPath);
    if (!installed) {
        QFile::remove(staged->derTemp);
        QFile::remove(staged->pemTemp);
        return installed.error();
    }
    return staged->out;
}

QString CrlWriter::stagedPath(const QString& finalPath, quint64 number) {
    const QFileInfo info(finalPath);
    return info.absolutePath() + u"/." + info.fileName() + u'.' + QString::number(number) + QStringLiteral(".tmp");
}

Result<CrlStaged> CrlWriter::stage(const CrlSpec& spec, const RevokedSource& source, const QString& dir,
                                   const QString& basename) const {
    if (basename.isEmpty() || basename.startsWith(u'.') || basename.contains(u'/'))
        return makeError(ErrorCode::Usage, tr("\"%1\" is not a usable CRL file name.").arg(basename));
    if (!FileModes::makeFolders(dir, FileModes::kPublicFolder)) // a web root: others read, never write
        return makeError(ErrorCode::Io, tr("Cannot create the directory %1.").arg(dir));
    Result<Encoded> enc = encodeInPlace(spec, source);
    if (!enc)
        return enc.error();
    const QByteArrayView der = enc->der();

    CrlStaged staged;
    CrlOutput& out = staged.out;
    out.entries = enc->entries;
    out.size = der.size();
    out.sha256 = QByteArray(32, Qt::Uninitialized);
    if (EVP_Digest(der.data(), size_t(der.size()), reinterpret_cast<unsigned char*>(out.sha256.data()), nullptr,
                   EVP_sha256(), nullptr) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot hash the CRL: %1").arg(opensslErrors()));
    const QString base = QDir(dir).absoluteFilePath(basename);
    out.derPath = base + u".crl";
    out.pemPath = base + u".crl.pem";
    staged.derTemp = stagedPath(out.derPath, enc->number);
    staged.pemTemp = stagedPath(out.pemPath, enc->number);
    TempFile derFile = TempFile::named(staged.derTemp);
    TempFile pemFile = TempFile::named(staged.pemTemp);
    const auto ioError = [&](const QString& path) {
        return makeError(ErrorCode::Io,
                         tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    };
    if (!derFile.isOpen() || !derFile.write(der.data(), der.size()) || !derFile.sync())
        return ioError(staged.derTemp);
    EvpMdCtxPtr pemSha(EVP_MD_CTX_new());
    if (!pemSha || EVP_DigestInit_ex(pemSha.get(), EVP_sha256(), nullptr) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot hash the CRL: %1").arg(opensslErrors()));
    if (!pemFile.isOpen() || !writePem(pemFile, der, pemSha.get()) || !pemFile.sync())
        return ioError(staged.pemTemp);
    staged.pemSha256 = QByteArray(32, Qt::Uninitialized);
    if (EVP_DigestFinal_ex(pemSha.get(), reinterpret_cast<unsigned char*>(staged.pemSha256.data()), nullptr) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot hash the CRL: %1").arg(opensslErrors()));
    Fd dirFd{::open(QFile::encodeName(QDir(dir).absolutePath()).constData(), O_RDONLY | O_DIRECTORY)};
    if (dirFd.fd < 0 || ::fsync(dirFd.fd) != 0)
        return ioError(dir);
    derFile.keep();
    pemFile.keep();
    return staged;
}

Status CrlWriter::install(const QString& from, const QString& to) {
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot rename %1 to %2: %3").arg(from, to, QString::fromLocal8Bit(std::strerror(errno))));
    const QString dir = QFileInfo(to).absolutePath();
    Fd dirFd{::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY)};
    if (dirFd.fd < 0 || ::fsync(dirFd.fd) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot write %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    return {};
}

QByteArray CrlWriter::fileSha256(const QString& path) {
    QFile f; // a regular file only, never a pipe that blocks the reader (attack of session 33, C7)
    if (!InputFiles::openRegular(f, path))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        return {};
    return h.result();
}

} // namespace tirkeu::pki
