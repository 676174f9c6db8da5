#include "pki/CrlNumber.h"

#include "pki/Der.h"
#include "pki/InputFiles.h"
#include "pki/Ossl.h"

#include <QFile>

#include <cstring>
#include <sys/mman.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tirkeu::pki {

namespace {

using der::readTlv;
using der::Tlv;

constexpr char kPemBegin[] = "-----BEGIN X509 CRL-----";
// How much of a CRL file's DER is kept at each end (CrlNumber::readFile): the CRL's fields before its
// revoked entries, and its extensions, signature algorithm and signature after them.
constexpr qsizetype kWindow = 1 << 20;

Error notACrl() {
    return makeError(ErrorCode::Invalid, CrlNumber::tr("The file is not a CRL."));
}

bool isTime(const Tlv& t) {
    return t.is(V_ASN1_UTCTIME, V_ASN1_UNIVERSAL, false) || t.is(V_ASN1_GENERALIZEDTIME, V_ASN1_UNIVERSAL, false);
}

bool isSequence(const Tlv& t) {
    return t.is(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, true);
}

Result<std::optional<quint64>> numberOf(const ASN1_INTEGER* number) {
    if (!number)
        return std::optional<quint64>();
    uint64_t value = 0;
    if (ASN1_INTEGER_get_uint64(&value, number) != 1 || value > uint64_t(INT64_MAX)) {
        ERR_clear_error();
        return makeError(ErrorCode::Invalid, CrlNumber::tr("The CRL number is too large."));
    }
    return std::optional<quint64>(quint64(value));
}

// CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
// TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer, thisUpdate Time,
//     nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF … OPTIONAL, crlExtensions [0] EXPLICIT
//     Extensions OPTIONAL }                                                          (RFC 5280 §5.1)
// Bytes after the CertificateList are ignored, as d2i_X509_CRL ignores them.
Result<std::optional<quint64>> numberOfDer(const QByteArray& crl) {
    const auto* p = reinterpret_cast<const unsigned char*>(crl.constData());
    const unsigned char* const end = p + crl.size();
    Tlv list, tbs, sigAlg, signature;
    if (!readTlv(p, end, list) || !isSequence(list))
        return notACrl();
    const unsigned char* c = list.content;
    if (!readTlv(c, list.end(), tbs) || !isSequence(tbs) || !readTlv(c, list.end(), sigAlg) || !isSequence(sigAlg) ||
        !readTlv(c, list.end(), signature) || !signature.is(V_ASN1_BIT_STRING, V_ASN1_UNIVERSAL, false) ||
        c != list.end())
        return notACrl();
    const unsigned char* t = tbs.content;
    Tlv field;
    if (!readTlv(t, tbs.end(), field))
        return notACrl();
    if (field.is(V_ASN1_INTEGER, V_ASN1_UNIVERSAL, false) && !readTlv(t, tbs.end(), field))
        return notACrl();
    Tlv issuer, thisUpdate;
    if (!isSequence(field) || !readTlv(t, tbs.end(), issuer) || !isSequence(issuer) ||
        !readTlv(t, tbs.end(), thisUpdate) || !isTime(thisUpdate))
        return notACrl();
    // The optional fields, each at most once and in this order; the revoked list is only stepped over.
    enum { NextUpdate, Revoked, Extensions, Nothing } next = NextUpdate;
    std::optional<Tlv> extensions;
    while (t < tbs.end()) {
        if (!readTlv(t, tbs.end(), field))
            return notACrl();
        if (next == NextUpdate && isTime(field)) {
            next = Revoked;
        } else if (next <= Revoked && isSequence(field)) {
            next = Extensions;
        } else if (next <= Extensions && field.is(0, V_ASN1_CONTEXT_SPECIFIC, true)) {
            extensions = field;
            next = Nothing;
        } else {
            return notACrl();
        }
    }
    if (!extensions)
        return std::optional<quint64>();
    const unsigned char* e = extensions->content;
    Tlv sequence;
    if (!readTlv(e, extensions->end(), sequence) || !isSequence(sequence) || e != extensions->end())
        return notACrl();
    const unsigned char* q = extensions->content;
    STACK_OF(X509_EXTENSION)* parsed = d2i_X509_EXTENSIONS(nullptr, &q, long(extensions->length));
    if (!parsed || q != extensions->end()) {
        sk_X509_EXTENSION_pop_free(parsed, X509_EXTENSION_free);
        ERR_clear_error();
        return notACrl();
    }
    int critical = 0;
    Asn1IntegerPtr number(static_cast<ASN1_INTEGER*>(X509V3_get_d2i(parsed, NID_crl_number, &critical, nullptr)));
    sk_X509_EXTENSION_pop_free(parsed, X509_EXTENSION_free);
    ERR_clear_error();
    return numberOf(number.get());
}

// Another PEM label or layout: OpenSSL's own PEM reader, as before (small files in practice).
Result<std::optional<quint64>> numberOfOtherPem(const QByteArray& crl) {
    BioPtr bio(BIO_new_mem_buf(crl.constData(), int(crl.size())));
    X509CrlPtr parsed(bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!parsed) {
        ERR_clear_error();
        return notACrl();
    }
    int critical = 0;
    Asn1IntegerPtr number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(parsed.get(), NID_crl_number, &critical, nullptr)));
    ERR_clear_error();
    return numberOf(number.get());
}

// The DER of a PEM CRL whose first line is kPemBegin, decoded chunk by chunk by OpenSSL's base64
// decoder (EVP_DecodeUpdate skips line breaks and stops at the "-----END" line). From a file, only the
// first and the last `window` bytes of the DER are kept (SparseDer below); from memory, all of it.
class PemDecoder {
public:
    explicit PemDecoder(qsizetype window = 0)
        : m_ctx(EVP_ENCODE_CTX_new())
        , m_window(window) {
        if (m_ctx)
            EVP_DecodeInit(m_ctx);
    }
    ~PemDecoder() { EVP_ENCODE_CTX_free(m_ctx); }
    PemDecoder(const PemDecoder&) = delete;
    PemDecoder& operator=(const PemDecoder&) = delete;

    // Feeds base64 text; false on a character that is not base64.
    bool feed(const char* text, qsizetype size) {
        if (!m_ctx || m_done)
            return m_ctx != nullptr;
        while (size > 0) {
            const int n = int(std::min<qsizetype>(size, 1 << 20));
            m_chunk.resize(n / 4 * 3 + 80);
            int out = 0;
            const int rc = EVP_DecodeUpdate(m_ctx, reinterpret_cast<unsigned char*>(m_chunk.data()), &out,
                                            reinterpret_cast<const unsigned char*>(text), n);
            keep(m_chunk.constData(), out);
            if (rc < 0)
                return false;
            if (rc == 0) { // the "-----END" line: the rest is not base64
                m_done = true;
                return true;
            }
            text += n;
            size -= n;
        }
        return true;
    }
    // Once all text was fed: the DER's first bytes, its last bytes and its size (all of it in `head` when
    // no window was given or it is short); nullopt on a dangling base64 group.
    struct Decoded {
        QByteArray head;
        QByteArray tail;
        qint64 total = 0;
    };
    std::optional<Decoded> finish() {
        if (!m_ctx)
            return std::nullopt;
        m_chunk.resize(80);
        int out = 0;
        if (EVP_DecodeFinal(m_ctx, reinterpret_cast<unsigned char*>(m_chunk.data()), &out) != 1)
            return std::nullopt;
        keep(m_chunk.constData(), out);
        return Decoded{std::move(m_head), std::move(m_tail), m_total};
    }

private:
    void keep(const char* data, qsizetype size) {
        m_total += size;
        if (m_window <= 0) {
            m_head.append(data, size);
            return;
        }
        const qsizetype toHead = std::min(size, m_window - m_head.size());
        m_head.append(data, toHead);
        data += toHead;
        size -= toHead;
        if (size <= 0)
            return;
        m_tail.append(data, size);
        if (m_tail.size() > m_window)
            m_tail.remove(0, m_tail.size() - m_window);
    }

    EVP_ENCODE_CTX* m_ctx;
    qsizetype m_window;
    QByteArray m_head, m_tail, m_chunk;
    qint64 m_total = 0;
    bool m_done = false;
};

// The DER of a large CRL file rebuilt from its first and last bytes (read from a DER file, or kept by
// PemDecoder from a PEM one) in memory that
// is only reserved: the pages between the two windows are never touched, so they cost no memory. The
// number's reader steps over the revoked entries by their length without reading them; in a CRL whose
// other fields are not in the windows (never one of ours) it meets zero bytes there and refuses the CRL
// as not readable — nothing is then published over it.
class SparseDer {
public:
    SparseDer(const QByteArray& head, const QByteArray& tail, qint64 total) {
        void* p =
            ::mmap(nullptr, size_t(total), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return;
        m_data = static_cast<char*>(p);
        m_size = total;
        std::memcpy(m_data, head.constData(), size_t(head.size()));
        std::memcpy(m_data + total - tail.size(), tail.constData(), size_t(tail.size()));
    }
    ~SparseDer() {
        if (m_data)
            ::munmap(m_data, size_t(m_size));
    }
    SparseDer(const SparseDer&) = delete;
    SparseDer& operator=(const SparseDer&) = delete;
    // Valid while this object lives; empty when the memory could not be reserved.
    QByteArray bytes() const { return m_data ? QByteArray::fromRawData(m_data, m_size) : QByteArray(); }

private:
    char* m_data = nullptr;
    qint64 m_size = 0;
};

// The text after the kPemBegin line (the line itself checked), or nullopt when `head` does not start so.
std::optional<qsizetype> pemBodyStart(const QByteArray& head) {
    if (!head.startsWith(kPemBegin))
        return std::nullopt;
    qsizetype at = qsizetype(sizeof kPemBegin) - 1;
    if (at < head.size() && head.at(at) == '\r')
        ++at;
    if (at >= head.size() || head.at(at) != '\n')
        return std::nullopt;
    return at + 1;
}

// The number of a DER CRL of `total` bytes known by its first bytes `head` and its last bytes `tail` (both
// of it when they meet; `tail` empty: `head` is all of it).
Result<std::optional<quint64>> numberOfEnds(const QByteArray& head, const QByteArray& tail, qint64 total,
                                            const QString& path) {
    if (tail.isEmpty())
        return numberOfDer(head);
    if (head.size() + tail.size() == total)
        return numberOfDer(head + tail);
    const SparseDer sparse(head, tail, total);
    const QByteArray bytes = sparse.bytes();
    if (bytes.isEmpty())
        return makeError(ErrorCode::Io, CrlNumber::tr("Not enough memory to read %1.").arg(path));
    return numberOfDer(bytes);
}

} // namespace

Result<std::optional<quint64>> CrlNumber::read(const QByteArray& crl) {
    if (const auto body = pemBodyStart(crl.left(64))) {
        PemDecoder decoder;
        auto der = decoder.feed(crl.constData() + *body, crl.size() - *body) ? decoder.finish() : std::nullopt;
        if (!der)
            return notACrl();
        return numberOfDer(der->head);
    }
    if (crl.startsWith("-----BEGIN"))
        return numberOfOtherPem(crl);
    return numberOfDer(crl);
}

Result<std::optional<quint64>> CrlNumber::readFile(const QString& path) {
    // A regular file only, opened without blocking (attack of session 33, C7: a pipe planted in the publish folder
    // under a CRL's name blocked the publisher for ever inside the register's write transaction).
    QFile f;
    if (Status s = InputFiles::openRegular(f, path); !s)
        return s.error();
    const QByteArray head = f.peek(64);
    const auto body = pemBodyStart(head);
    if (!body) {
        // DER: its first and last bytes only (SparseDer); another PEM layout, or a short file, whole.
        const qint64 size = f.size();
        if (size > 2 * kWindow && !head.startsWith("-----BEGIN")) {
            const QByteArray first = f.read(kWindow);
            QByteArray last;
            if (f.seek(size - kWindow))
                last = f.read(kWindow);
            if (f.error() != QFileDevice::NoError)
                return makeError(ErrorCode::Io, f.errorString());
            if (first.size() != kWindow || last.size() != kWindow)
                return makeError(ErrorCode::Io, tr("%1 changed while it was read.").arg(path));
            return numberOfEnds(first, last, size, path);
        }
        const QByteArray all = f.readAll();
        if (f.error() != QFileDevice::NoError)
            return makeError(ErrorCode::Io, f.errorString());
        return read(all);
    }
    f.skip(*body);
    PemDecoder decoder(kWindow);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = f.read(chunk.data(), chunk.size());
        if (n < 0)
            return makeError(ErrorCode::Io, f.errorString());
        if (n == 0)
            break;
        if (!decoder.feed(chunk.constData(), n))
            return notACrl();
    }
    auto der = decoder.finish();
    if (!der)
        return notACrl();
    return numberOfEnds(der->head, der->tail, der->total, path);
}

} // namespace tirkeu::pki
