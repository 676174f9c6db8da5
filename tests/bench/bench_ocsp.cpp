// Benchmark (issue 17): tirkeu-ocsp against `openssl ocsp -index` serving the same data in the same run.
// A register of N certificates (default 1,000,000; random 20-byte serials, 10% revoked) written straight
// into SQLite, and openssl's index.txt with the same entries; both responders sign with the same
// delegated OCSP signing certificate and key (ECDSA P-256). A small client in this program (C threads,
// raw sockets, one TCP connection per request as `openssl ocsp` serves them: HTTP/1.0, no keep-alive)
// measures responses/s and the 99th percentile latency of each, on two workloads:
//   uniform: every request a random serial of the N (the response cache rarely helps);
//   hot:     requests spread over H serials (default 1,000; pre-computed responses served).
// Before timing, the answers of both responders for the same serials (valid, revoked, unknown) are
// compared: same status, revocation time and reason.
//
//   bench_ocsp --ocsp PATH/tirkeu-ocsp [--certs N] [--clients C] [--seconds S] [--hot H]
//              [--openssl-multi M] [--dir DIR]
//   (or TIRKEU_OCSP, TIRKEU_BENCH_OCSP_CERTS, TIRKEU_BENCH_OCSP_CLIENTS, TIRKEU_BENCH_OCSP_SECONDS)

#include "BenchSupport.h"

#include "pki/Certificate.h"
#include "pki/Ocsp.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/OcspSigning.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDriver>
#include <QTemporaryDir>
#include <QThread>

#include <sqlite3.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>

using namespace tirkeu;
using namespace tirkeu::bench;
using namespace tirkeu::registry;

namespace {

const QString kCa = QStringLiteral("NCA");
const QString kPassphrase = QStringLiteral("bench-ca-key-passphrase-2026");
const QString kSignerPassphrase = QStringLiteral("bench-ocsp-signer-2026");
const QString kPassword = QStringLiteral("Бенчмарк-құпия-2026");

[[noreturn]] void die(const QString& why) {
    std::fprintf(stderr, "bench_ocsp: %s\n", qPrintable(why));
    std::exit(1);
}

template <typename R> auto need(R&& result, const char* what) {
    if (!result)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.message()));
    return std::move(result.value());
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

struct Random { // splitmix64
    quint64 state;
    quint64 next() {
        quint64 z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

using Serial = std::array<unsigned char, 20>;

// 20 bytes, positive, first byte non-zero; the last 8 bytes are the row number, so serials are unique.
Serial makeSerial(Random& rnd, quint64 index) {
    Serial s{};
    const quint64 a = rnd.next();
    const quint64 b = rnd.next();
    for (int i = 0; i < 8; ++i)
        s[size_t(i)] = (unsigned char)(a >> (8 * i));
    s[0] = (unsigned char)(0x10 | (s[0] & 0x6F));
    for (int i = 0; i < 4; ++i)
        s[size_t(8 + i)] = (unsigned char)(b >> (8 * i));
    for (int i = 0; i < 8; ++i)
        s[size_t(12 + i)] = (unsigned char)(index >> (8 * (7 - i)));
    return s;
}

QByteArray hexUpper(const Serial& s) {
    return QByteArray(reinterpret_cast<const char*>(s.data()), int(s.size())).toHex().toUpper();
}

QByteArray dbTime(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.000")).toLatin1() +
           'Z';
}
QByteArray indexTime(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyMMddHHmmss")).toLatin1() + 'Z';
}

// openssl ca's index.txt reason names.
const char* indexReason(int code) {
    switch (code) {
    case 1:
        return "keyCompromise";
    case 3:
        return "affiliationChanged";
    case 4:
        return "superseded";
    case 5:
        return "cessationOfOperation";
    default:
        return nullptr;
    }
}

sqlite3* sqliteHandle(Database& db) {
    const QVariant v = db.handle().driver()->handle();
    if (qstrcmp(v.typeName(), "sqlite3*") != 0)
        die(QStringLiteral("the register is not an SQLite file"));
    return *static_cast<sqlite3* const*>(v.data());
}

void execSql(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const QString msg = QString::fromUtf8(err ? err : "?");
        sqlite3_free(err);
        die(QStringLiteral("%1: %2").arg(QLatin1String(sql), msg));
    }
}

struct Entry {
    Serial serial;
    bool revoked = false;
};

// N synthetic certificate rows (every tenth revoked, with its revocation row) and index.txt lines
// with the same serials, dates and reasons.
std::vector<Entry> fill(sqlite3* db, qint64 caId, qint64 operatorId, qint64 count, QFile& index) {
    sqlite3_stmt* cert = nullptr;
    sqlite3_stmt* rev = nullptr;
    if (sqlite3_prepare_v2(
            db,
            "INSERT INTO certificates (id, ca_id, serial, subject, profile, not_before, not_after, der, "
            "status, issued_by, issued_at, retention_until) VALUES (?, ?, ?, ?, 'individual_sign', ?, ?, "
            "x'3003020100', ?, ?, ?, ?)",
            -1, &cert, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, "
                           "revoked_at, recorded_at, recorded_by) VALUES (?, ?, ?, ?, 'holder_application', ?, ?, ?)",
                           -1, &rev, nullptr) != SQLITE_OK)
        die(QStringLiteral("prepare: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    static const int reasons[] = {0, 1, 3, 4, 5, 4, 4, 0};
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 year = 365LL * 86400;
    Random rnd{20261203};
    std::vector<Entry> entries;
    entries.reserve(size_t(count));
    QByteArray lines;
    execSql(db, "BEGIN IMMEDIATE");
    for (qint64 i = 0; i < count; ++i) {
        const qint64 id = 1000 + i;
        Entry e{makeSerial(rnd, quint64(id)), i % 10 == 3};
        const QByteArray serial = hexUpper(e.serial);
        const qint64 notBefore = now - 86400 - qint64(rnd.next() % quint64(300 * 86400));
        const qint64 notAfter = notBefore + year;
        const qint64 revokedAt = notBefore + 3600 + qint64(rnd.next() % quint64(80000));
        const int reason = reasons[rnd.next() % 8];
        const QByteArray nb = dbTime(notBefore), na = dbTime(notAfter), ra = dbTime(revokedAt),
                         ret = dbTime(notAfter + 5 * year);
        const QByteArray subject = "CN=BENCH HOLDER " + QByteArray::number(id) + ",C=KZ";
        sqlite3_bind_int64(cert, 1, id);
        sqlite3_bind_int64(cert, 2, caId);
        sqlite3_bind_text(cert, 3, serial.constData(), 40, SQLITE_TRANSIENT);
        sqlite3_bind_text(cert, 4, subject.constData(), int(subject.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(cert, 5, nb.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(cert, 6, na.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(cert, 7, e.revoked ? "revoked" : "valid", -1, SQLITE_STATIC);
        sqlite3_bind_int64(cert, 8, operatorId);
        sqlite3_bind_text(cert, 9, nb.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(cert, 10, ret.constData(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(cert) != SQLITE_DONE)
            die(QStringLiteral("insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
        sqlite3_reset(cert);
        lines += e.revoked ? "R\t" : "V\t";
        lines += indexTime(notAfter);
        lines += '\t';
        if (e.revoked) {
            sqlite3_bind_int64(rev, 1, id);
            sqlite3_bind_int64(rev, 2, caId);
            sqlite3_bind_text(rev, 3, serial.constData(), 40, SQLITE_TRANSIENT);
            sqlite3_bind_int(rev, 4, reason);
            sqlite3_bind_text(rev, 5, ra.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(rev, 6, ra.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(rev, 7, operatorId);
            if (sqlite3_step(rev) != SQLITE_DONE)
                die(QStringLiteral("insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
            sqlite3_reset(rev);
            lines += indexTime(revokedAt);
            if (const char* name = indexReason(reason)) {
                lines += ',';
                lines += name;
            }
        }
        lines += '\t';
        lines += serial;
        lines += "\tunknown\t/CN=BENCH HOLDER " + QByteArray::number(id) + "/C=KZ\n";
        entries.push_back(e);
        if ((i + 1) % 100000 == 0) {
            execSql(db, "COMMIT");
            execSql(db, "BEGIN IMMEDIATE");
            index.write(lines);
            lines.clear();
        }
    }
    execSql(db, "COMMIT");
    index.write(lines);
    sqlite3_finalize(cert);
    sqlite3_finalize(rev);
    return entries;
}

// ---- requests and their answers (OpenSSL straight: this is the test side, not the product) ----

QByteArray ocspRequest(const X509* issuer, const Serial& serial) {
    BIGNUM* bn = BN_bin2bn(serial.data(), int(serial.size()), nullptr);
    ASN1_INTEGER* integer = BN_to_ASN1_INTEGER(bn, nullptr);
    BN_free(bn);
    OCSP_CERTID* id =
        OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer), X509_get0_pubkey_bitstr(issuer), integer);
    ASN1_INTEGER_free(integer);
    OCSP_REQUEST* req = OCSP_REQUEST_new();
    if (!id || !req || !OCSP_request_add0_id(req, id))
        die(QStringLiteral("cannot build an OCSP request"));
    const QByteArray der = pki::toDer(req, i2d_OCSP_REQUEST);
    OCSP_REQUEST_free(req);
    return der;
}

// "good", "revoked <time> <reason>", "unknown", or why the response is unusable; the response signature
// is checked against the signer certificate it carries, and that against the CA.
QString describeResponse(const QByteArray& der, X509* issuer, const Serial& serial) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    OCSP_RESPONSE* resp = d2i_OCSP_RESPONSE(nullptr, &p, long(der.size()));
    if (!resp)
        return QStringLiteral("not an OCSP response");
    QString out;
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        out = QStringLiteral("status %1").arg(OCSP_response_status(resp));
    } else if (OCSP_BASICRESP* basic = OCSP_response_get1_basic(resp)) {
        X509_STORE* store = X509_STORE_new();
        X509_STORE_add_cert(store, issuer);
        const bool verified = OCSP_basic_verify(basic, nullptr, store, 0) == 1;
        BIGNUM* bn = BN_bin2bn(serial.data(), int(serial.size()), nullptr);
        ASN1_INTEGER* integer = BN_to_ASN1_INTEGER(bn, nullptr);
        BN_free(bn);
        OCSP_CERTID* id =
            OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer), X509_get0_pubkey_bitstr(issuer), integer);
        ASN1_INTEGER_free(integer);
        int status = -1, reason = -1;
        ASN1_GENERALIZEDTIME *revoked = nullptr, *thisUpd = nullptr, *nextUpd = nullptr;
        if (!verified)
            out = QStringLiteral("signature not verified");
        else if (OCSP_resp_find_status(basic, id, &status, &reason, &revoked, &thisUpd, &nextUpd) != 1)
            out = QStringLiteral("no answer for the serial");
        else if (status == V_OCSP_CERTSTATUS_GOOD)
            out = QStringLiteral("good");
        else if (status == V_OCSP_CERTSTATUS_UNKNOWN)
            out = QStringLiteral("unknown");
        else
            out = QStringLiteral("revoked %1 %2")
                      .arg(QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(revoked)),
                                               ASN1_STRING_length(revoked)))
                      .arg(reason <= 0 ? 0 : reason); // unspecified (0) and absent are the same in both
        OCSP_CERTID_free(id);
        X509_STORE_free(store);
        OCSP_BASICRESP_free(basic);
    } else {
        out = QStringLiteral("no basic response");
    }
    OCSP_RESPONSE_free(resp);
    ERR_clear_error();
    return out;
}

// ---- the HTTP client ----

struct Exchange {
    bool ok = false;
    QByteArray body;
};

Exchange postOnce(int port, const QByteArray& request) {
    Exchange ex;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return ex;
    timeval tv{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return ex;
    }
    if (::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) != ssize_t(request.size())) {
        ::close(fd);
        return ex;
    }
    QByteArray all;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        all.append(buf, qsizetype(n));
    }
    ::close(fd);
    const qsizetype headerEnd = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/1.") || all.mid(9, 3) != "200" || headerEnd < 0)
        return ex;
    ex.body = all.mid(headerEnd + 4);
    // A successful OCSPResponse: 30 len 0A 01 00.
    const uchar len = ex.body.size() > 1 ? uchar(ex.body.at(1)) : 0;
    const int at = (len & 0x80) ? 2 + (len & 0x7F) : 2;
    ex.ok = ex.body.size() > at + 2 && ex.body.at(at) == 0x0A && ex.body.at(at + 2) == 0;
    return ex;
}

QByteArray httpPost(const QByteArray& der) {
    return "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/ocsp-request\r\nContent-Length: " +
           QByteArray::number(der.size()) + "\r\n\r\n" + der;
}

struct LoadResult {
    qint64 ok = 0;
    qint64 failed = 0;
    double seconds = 0;
    double p50ms = 0;
    double p99ms = 0;
    double rps() const { return seconds > 0 ? double(ok) / seconds : 0; }
};

// `clients` threads, each posting requests[random] one connection at a time, for `seconds`.
LoadResult load(int port, const std::vector<QByteArray>& requests, int clients, double seconds) {
    std::atomic<bool> stop{false};
    const size_t n = size_t(clients);
    std::vector<std::vector<float>> latencies(n);
    std::vector<qint64> failures(n, 0);
    std::vector<std::thread> threads;
    const Stopwatch clock;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            Random rnd{quint64(c) * 7919 + 17};
            auto& mine = latencies[size_t(c)];
            mine.reserve(1 << 20);
            while (!stop.load(std::memory_order_relaxed)) {
                const QByteArray& req = requests[size_t(rnd.next() % requests.size())];
                const auto t0 = std::chrono::steady_clock::now();
                const Exchange ex = postOnce(port, req);
                const auto t1 = std::chrono::steady_clock::now();
                if (ex.ok)
                    mine.push_back(float(std::chrono::duration<double, std::milli>(t1 - t0).count()));
                else
                    ++failures[size_t(c)];
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (std::thread& t : threads)
        t.join();
    LoadResult r;
    r.seconds = clock.seconds();
    std::vector<float> all;
    for (size_t c = 0; c < latencies.size(); ++c) {
        all.insert(all.end(), latencies[c].begin(), latencies[c].end());
        r.failed += failures[c];
    }
    r.ok = qint64(all.size());
    if (!all.empty()) {
        std::sort(all.begin(), all.end());
        r.p50ms = all[all.size() / 2];
        r.p99ms = all[std::min(all.size() - 1, size_t(double(all.size()) * 0.99))];
    }
    return r;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        die(QStringLiteral("no free port"));
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool accepting(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    if (fd >= 0)
        ::close(fd);
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 certs = countOption(args, QStringLiteral("--certs"), "TIRKEU_BENCH_OCSP_CERTS", 1000000);
    const int clients = int(countOption(args, QStringLiteral("--clients"), "TIRKEU_BENCH_OCSP_CLIENTS", 16));
    const double seconds = double(countOption(args, QStringLiteral("--seconds"), "TIRKEU_BENCH_OCSP_SECONDS", 10));
    const qint64 hot = countOption(args, QStringLiteral("--hot"), nullptr, 1000);
    const int threads = int(countOption(args, QStringLiteral("--threads"), nullptr, 2));
    const QString multiText = option(args, QStringLiteral("--openssl-multi"), nullptr, QStringLiteral("0"));
    const int multi = multiText.toInt();
    const QString ocspBin = option(args, QStringLiteral("--ocsp"), "TIRKEU_OCSP", {});
    if (ocspBin.isEmpty() || !QFileInfo(ocspBin).isExecutable())
        die(QStringLiteral("give the tirkeu-ocsp binary with --ocsp PATH (or TIRKEU_OCSP)"));
    QTemporaryDir temp;
    const QString dirOption = option(args, QStringLiteral("--dir"), nullptr, {});
    const QString work = dirOption.isEmpty() ? temp.path() : QDir(dirOption).absolutePath();
    if (!QDir().mkpath(work) || !QDir(work).isEmpty())
        die(QStringLiteral("the work folder %1 must be new or empty").arg(work));
    const QString dbPath = work + u"/register.sqlite";

    std::printf("bench_ocsp: %lld certificates (10%% revoked), %d clients, %.0f s per run, hot set %lld; "
                "work folder %s\n",
                (long long)certs, clients, seconds, (long long)hot, qPrintable(work));
    std::printf("load average at the start: %s (2 cores, shared with the client threads of this program)\n",
                qPrintable(loadAverage()));
    std::fflush(stdout);

    // ---- the register, its CA and the delegated signer, through the real API ----
    Stopwatch setup;
    auto reg = need(Register::open(dbPath, Register::OpenMode::CreateOrUpgrade), "open the register");
    const Session admin = need(reg->operators().createFirstAdministrator(QStringLiteral("admin"),
                                                                         QStringLiteral("Жұмабаева Гүлнар"), kPassword),
                               "first administrator");
    const qint64 officerId = need(reg->operators().add(admin, QStringLiteral("officer"),
                                                       QStringLiteral("Төлеуов Бауыржан"), Role::Officer, kPassword),
                                  "officer");
    const Session officer{officerId, QStringLiteral("officer"), QStringLiteral("Төлеуов Бауыржан"), Role::Officer};
    const qint64 caId =
        need(reg->cas().add(admin, kCa, QStringLiteral("Ұлттық куәландырушы орталығы"), forms::CaKind::National), "CA");
    const CaInitResult init =
        need(CaEngine(*reg).createRootCa(admin, kCa, pki::KeyAlgorithm::EcP256, work + u"/ca-key.p8", kPassphrase, 10),
             "CA key and certificate");
    const auto caCert = need(pki::Certificate::parse(init.certificateDer), "CA certificate");
    writeFile(work + u"/ca.pem", caCert.pem());
    OcspSignerRequest signerRequest;
    signerRequest.caCode = kCa;
    signerRequest.keyOut = work + u"/signer.p8";
    signerRequest.passphrase = kSignerPassphrase;
    signerRequest.caKeySecret = pki::SecretSource::literal(kPassphrase);
    const OcspSignerResult signer = need(OcspSigning(*reg).init(officer, signerRequest), "OCSP signer");
    writeFile(work + u"/signer.pem", need(pki::Certificate::parse(signer.der), "signer certificate").pem());
    writeFile(work + u"/signer.pass", kSignerPassphrase.toUtf8() + '\n');

    QFile index(work + u"/index.txt");
    if (!index.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(index.fileName()));
    Stopwatch fillClock;
    const std::vector<Entry> entries = fill(sqliteHandle(reg->db()), caId, officerId, certs, index);
    index.close();
    execSql(sqliteHandle(reg->db()), "PRAGMA wal_checkpoint(TRUNCATE)");
    const double fillSeconds = fillClock.seconds();
    reg.reset();
    std::printf("set-up: register, CA and OCSP signer (ECDSA P-256) %.1f s; %lld certificate rows + index.txt "
                "%.1f s; register %.0f MiB, index.txt %.0f MiB\n",
                setup.seconds() - fillSeconds, (long long)certs, fillSeconds, mib(QFileInfo(dbPath).size()),
                mib(index.size()));
    std::fflush(stdout);

    // ---- both responders ----
    const int ourPort = freePort();
    writeFile(work + u"/ocsp.conf", QStringLiteral("[responder]\nregister = %1\nlisten = 127.0.0.1\nport = %2\n"
                                                   "threads = %3\nconnection_limit = 4096\n\n"
                                                   "[ca NCA]\nkey = file:%4/signer.p8\nsecret_file = %4/signer.pass\n")
                                        .arg(dbPath)
                                        .arg(ourPort)
                                        .arg(threads)
                                        .arg(work)
                                        .toUtf8());
    QProcess ours;
    ours.setStandardErrorFile(work + u"/tirkeu-ocsp.log"); // one line per request, as in the journal
    ours.start(ocspBin, {QStringLiteral("--config"), work + u"/ocsp.conf"});
    const int theirPort = freePort();
    QProcess theirs;
    theirs.setProcessChannelMode(QProcess::MergedChannels);
    theirs.setStandardOutputFile(work + u"/openssl-ocsp.log");
    QStringList opensslArgs{QStringLiteral("ocsp"),
                            QStringLiteral("-index"),
                            work + u"/index.txt",
                            QStringLiteral("-port"),
                            QString::number(theirPort),
                            QStringLiteral("-rsigner"),
                            work + u"/signer.pem",
                            QStringLiteral("-rkey"),
                            work + u"/signer.p8",
                            QStringLiteral("-passin"),
                            u"file:" + work + u"/signer.pass",
                            QStringLiteral("-CA"),
                            work + u"/ca.pem",
                            QStringLiteral("-nmin"),
                            QStringLiteral("60"),
                            QStringLiteral("-ignore_err")};
    if (multi > 1)
        opensslArgs << QStringLiteral("-multi") << QString::number(multi);
    Stopwatch startClock;
    theirs.start(QStringLiteral("openssl"), opensslArgs);
    if (!ours.waitForStarted(10000) || !theirs.waitForStarted(10000))
        die(QStringLiteral("a responder did not start"));
    while (!(accepting(ourPort) && accepting(theirPort))) {
        if (ours.state() != QProcess::Running || theirs.state() != QProcess::Running)
            die(QStringLiteral("a responder stopped; see %1/tirkeu-ocsp.log and openssl-ocsp.log").arg(work));
        if (startClock.seconds() > 300)
            die(QStringLiteral("the responders did not listen within 300 s"));
        QThread::msleep(50);
    }
    std::printf("both responders listening after %.1f s: tirkeu-ocsp on port %d (%d threads), openssl ocsp -index "
                "on port %d (%s)\n",
                startClock.seconds(), ourPort, threads, theirPort,
                multi > 1 ? qPrintable(QStringLiteral("-multi %1").arg(multi)) : "one process");
    std::fflush(stdout);

    // ---- the same answers from both ----
    pki::X509Ptr issuer = caCert.toX509();
    Random pick{42};
    int checks = 0;
    int agree = 0;
    int failedChecks = 0;
    auto compare = [&](const Serial& serial, const char* expect) {
        const QByteArray req = httpPost(ocspRequest(issuer.get(), serial));
        const QString a = describeResponse(postOnce(ourPort, req).body, issuer.get(), serial);
        const QString b = describeResponse(postOnce(theirPort, req).body, issuer.get(), serial);
        ++checks;
        if (a == b && a.startsWith(QLatin1String(expect)))
            ++agree;
        else if (failedChecks++ < 5)
            std::printf("  differs for %s: tirkeu-ocsp \"%s\", openssl \"%s\" (expected %s)\n",
                        hexUpper(serial).constData(), qPrintable(a), qPrintable(b), expect);
    };
    for (int i = 0; i < 300; ++i) {
        const Entry& e = entries[size_t(pick.next() % entries.size())];
        compare(e.serial, e.revoked ? "revoked" : "good");
    }
    for (int i = 0; i < 50; ++i) {
        Serial s = makeSerial(pick, quint64(certs) + 5000 + quint64(i));
        compare(s, "unknown");
    }
    std::printf("same answers (status, revocation time, reason; signatures verified): %d of %d %s\n", agree, checks,
                agree == checks ? "ok" : "DIFFER");
    std::fflush(stdout);

    // ---- load ----
    std::vector<QByteArray> uniform;
    const size_t uniformCount = size_t(std::min<qint64>(certs, 100000));
    uniform.reserve(uniformCount);
    Random choose{7};
    for (size_t i = 0; i < uniformCount; ++i)
        uniform.push_back(httpPost(ocspRequest(issuer.get(), entries[size_t(choose.next() % entries.size())].serial)));
    std::vector<QByteArray> hotSet(uniform.begin(), uniform.begin() + std::min<qint64>(hot, qint64(uniform.size())));

    struct Workload {
        const char* name;
        const std::vector<QByteArray>* requests;
    };
    double ratioUniform = 0, ratioHot = 0;
    int loadFailures = 0;
    for (const Workload& w : {Workload{"uniform", &uniform}, Workload{"hot", &hotSet}}) {
        const LoadResult a = load(ourPort, *w.requests, clients, seconds);
        const LoadResult b = load(theirPort, *w.requests, clients, seconds);
        const double ratio = b.rps() > 0 ? a.rps() / b.rps() : 0;
        std::printf("%-8s tirkeu-ocsp %9.0f responses/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld failed)\n"
                    "%-8s openssl     %9.0f responses/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld failed)\n"
                    "%-8s ratio %.1fx responses/s, p99 %.1fx lower\n",
                    w.name, a.rps(), a.p50ms, a.p99ms, (long long)a.ok, (long long)a.failed, w.name, b.rps(), b.p50ms,
                    b.p99ms, (long long)b.ok, (long long)b.failed, w.name, ratio, a.p99ms > 0 ? b.p99ms / a.p99ms : 0);
        std::fflush(stdout);
        auto named = [&w](const char* key, double value) {
            const QByteArray full = QByteArray(w.name) + '.' + QByteArray(key);
            figure(full.constData(), value);
        };
        named("tirkeu.rps", a.rps());
        named("tirkeu.p99_ms", a.p99ms);
        named("tirkeu.failed", double(a.failed));
        named("openssl.rps", b.rps());
        named("openssl.p99_ms", b.p99ms);
        named("openssl.failed", double(b.failed));
        named("ratio", ratio);
        (w.requests == &uniform ? ratioUniform : ratioHot) = ratio;
        if (a.ok == 0 || b.ok == 0)
            ++loadFailures;
    }
    figure("certificates", double(certs));
    figure("clients", double(clients));
    figure("answers_agree", double(agree));
    figure("answers_checked", double(checks));
    figure("checks_failed", double((agree == checks ? 0 : 1) + loadFailures));
    std::printf("goal: >= 20x the responses/s of openssl ocsp and p99 < 5 ms: uniform %.1fx, hot %.1fx\n", ratioUniform,
                ratioHot);

    ours.terminate();
    theirs.terminate();
    ours.waitForFinished(10000);
    theirs.waitForFinished(10000);
    return agree == checks && loadFailures == 0 ? 0 : 1;
}
