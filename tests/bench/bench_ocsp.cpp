// Benchmark (issue 17): tirkeu-ocsp against `openssl ocsp -index` serving the same data in the same run.
// A register of N certificates (default 1,000,000; random 20-byte serials, 10% revoked) written straight
// into SQLite (tests/bench/BenchSupport.h), and openssl's index.txt with the same entries; both responders
// sign with the same delegated OCSP signing certificate and key (ECDSA P-256, made by OcspSigning::init).
// A small client in this program (C threads, raw sockets) measures responses/s and the 99th percentile
// latency of each, one TCP connection per request (`openssl ocsp` answers HTTP/1.0 without keep-alive,
// so both are asked the same way), on two workloads:
//   uniform: every request a random serial of the N (the response cache rarely helps);
//   hot:     requests spread over H serials (default 1,000; pre-computed responses served).
// Then, outside the comparison, tirkeu-ocsp alone with one HTTP/1.1 keep-alive connection per client.
// Before timing, the answers of both responders for the same serials (valid, revoked, unknown) are
// compared: same status, revocation time and reason, signatures verified.
//
// openssl ocsp is single-threaded; -multi M (default 2, one per core) runs M processes on the same
// socket, its best on this machine. Two traps of OpenSSL 3.0's responder are avoided: a connection
// closed without a request stalls it for good (so readiness is checked with real requests only), and
// its -multi parent does not end on SIGTERM (so each responder runs in its own process group, stopped
// as a group on every exit path). Every socket operation has a timeout and the whole run a time limit
// (--time-limit), so the benchmark ends by itself whatever the responders do.
//
//   bench_ocsp --ocsp PATH/tirkeu-ocsp [--certs N] [--clients C] [--seconds S] [--hot H] [--threads T]
//              [--openssl-multi M] [--time-limit S] [--dir DIR]
//   (or TIRKEU_OCSP, TIRKEU_BENCH_OCSP_CERTS, TIRKEU_BENCH_OCSP_CLIENTS, TIRKEU_BENCH_OCSP_SECONDS,
//    TIRKEU_BENCH_OCSP_TIME_LIMIT)

#include "BenchSupport.h"

#include "pki/Certificate.h"
#include "pki/Ocsp.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/OcspSigning.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <openssl/err.h>
#include <openssl/ocsp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using namespace tirkeu;
using namespace tirkeu::bench;
using namespace tirkeu::registry;

namespace {

const QString kCa = QStringLiteral("NCA");
const QString kSignerPassphrase = QStringLiteral("bench-ocsp-signer-2026");

// ---- the responders: child processes, each in its own process group ----

std::mutex g_childrenMutex;
std::vector<pid_t> g_children; // process group ids (= the child's pid)

bool running(pid_t pid) {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) == 0;
}

// SIGTERM to every child's group, SIGKILL to what is left after 3 s. Safe to call more than once.
void stopChildren() {
    std::lock_guard<std::mutex> lock(g_childrenMutex);
    for (pid_t pid : g_children)
        ::kill(-pid, SIGTERM);
    const Stopwatch clock;
    for (pid_t pid : g_children) {
        while (running(pid) && clock.seconds() < 3)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ::kill(-pid, SIGKILL); // the group: openssl's -multi workers outlive their parent otherwise
        int status = 0;
        ::waitpid(pid, &status, WNOHANG);
    }
    g_children.clear();
}

// Starts program (searched in PATH) in a new process group, standard output and error to logFile.
pid_t spawnServer(const QString& program, const QStringList& args, const QString& logFile) {
    SpawnArgs argv({}, program, args);
    const std::string log = QFile::encodeName(logFile).toStdString();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = -1;
    std::unique_lock<std::mutex> lock(g_childrenMutex); // no stop while a child is being started
    const int rc = posix_spawnp(&pid, argv.file(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc == 0)
        g_children.push_back(pid);
    lock.unlock();
    if (rc != 0)
        die(QStringLiteral("cannot start %1: %2").arg(program, QString::fromLocal8Bit(std::strerror(rc))));
    return pid;
}

// Ends the whole run after `seconds`, whatever it is waiting for.
void startWatchdog(double seconds) {
    std::thread([seconds] {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        std::fprintf(stderr, "bench_ocsp: time limit of %.0f s reached; responders stopped\n", seconds);
        std::fflush(stdout);
        stopChildren();
        std::_Exit(1);
    }).detach();
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

// A successful OCSPResponse: 30 len 0A 01 00.
bool successful(const QByteArray& body) {
    const uchar len = body.size() > 1 ? uchar(body.at(1)) : 0;
    const int at = (len & 0x80) ? 2 + (len & 0x7F) : 2;
    return body.size() > at + 2 && body.at(at) == 0x0A && body.at(at + 2) == 0;
}

// A TCP connection to 127.0.0.1:port (connect and every send within 2 s, every receive within
// receiveSeconds); -1 when refused or timed out.
int connectLoopback(int port, int receiveSeconds) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const timeval sendTimeout{2, 0}; // Linux applies it to connect() too
    const timeval receiveTimeout{receiveSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, sizeof sendTimeout);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receiveTimeout, sizeof receiveTimeout);
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// One POST on a new connection: connect and send within 2 s, the answer within 5 s, else failed.
Exchange postOnce(int port, const QByteArray& request, int receiveSeconds = 5) {
    Exchange ex;
    const int fd = connectLoopback(port, receiveSeconds);
    if (fd < 0)
        return ex;
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
    ex.ok = successful(ex.body);
    return ex;
}

// tirkeu-ocsp alone, the way a client that keeps its connection asks (HTTP/1.1 keep-alive; openssl
// ocsp closes after every answer): one connection per client thread, reopened when it fails.
class KeptConnection {
public:
    explicit KeptConnection(int port)
        : m_port(port) {}
    ~KeptConnection() { drop(); }
    KeptConnection(const KeptConnection&) = delete;
    KeptConnection& operator=(const KeptConnection&) = delete;

    bool exchange(const QByteArray& request) {
        if (m_fd < 0 && !connectTo())
            return false;
        if (::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) != ssize_t(request.size()))
            return drop();
        char buf[8192];
        for (;;) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const qsizetype at = m_buffer.indexOf("Content-Length:");
                if (at < 0 || at > headerEnd)
                    return drop();
                const qsizetype eol = m_buffer.indexOf("\r\n", at);
                const qsizetype length = m_buffer.mid(at + 15, eol - at - 15).trimmed().toLongLong();
                if (m_buffer.size() >= headerEnd + 4 + length) {
                    const bool ok =
                        m_buffer.startsWith("HTTP/1.1 200") && successful(m_buffer.mid(headerEnd + 4, length));
                    m_buffer.remove(0, headerEnd + 4 + length);
                    return ok;
                }
            }
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                return drop();
            m_buffer.append(buf, qsizetype(n));
        }
    }

private:
    bool connectTo() {
        m_fd = connectLoopback(m_port, 5);
        return m_fd >= 0;
    }
    bool drop() { // always false: the exchange failed
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        m_buffer.clear();
        return false;
    }
    int m_port;
    int m_fd = -1;
    QByteArray m_buffer;
};

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

// `clients` threads, each posting requests[random] one connection at a time, for `seconds`. Every
// exchange is bounded (postOnce), so the threads end within a few seconds of the stop.
LoadResult load(int port, const std::vector<QByteArray>& requests, int clients, double seconds,
                bool keepAlive = false) {
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
            KeptConnection kept(port);
            mine.reserve(1 << 18);
            while (!stop.load(std::memory_order_relaxed)) {
                const QByteArray& req = requests[size_t(rnd.next() % requests.size())];
                const auto t0 = std::chrono::steady_clock::now();
                const bool ok = keepAlive ? kept.exchange(req) : postOnce(port, req).ok;
                const auto t1 = std::chrono::steady_clock::now();
                if (ok)
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
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

QByteArray readText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(1 << 20) : QByteArray();
}

// Waits until the responder answers a real request (never an empty connection: see the top). port()
// is 0 while the responder does not listen yet; the child must keep running. The one request may wait
// long in the listen queue (openssl binds before it reads index.txt): it is given the whole time left.
void waitUntilAnswering(const char* name, pid_t pid, const std::function<int()>& port, const QByteArray& request,
                        const QString& log, double limitSeconds) {
    const Stopwatch clock;
    for (;;) {
        if (!running(pid))
            die(QStringLiteral("%1 stopped: %2")
                    .arg(QLatin1String(name), QString::fromUtf8(readText(log).right(2000))));
        if (clock.seconds() > limitSeconds)
            die(QStringLiteral("%1 did not answer within %2 s: %3")
                    .arg(QLatin1String(name))
                    .arg(limitSeconds)
                    .arg(QString::fromUtf8(readText(log).right(2000))));
        const int p = port();
        if (p > 0 && postOnce(p, request, int(limitSeconds - clock.seconds()) + 1).ok)
            return;
        QThread::msleep(100);
    }
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 certs = countOption(args, QStringLiteral("--certs"), "TIRKEU_BENCH_OCSP_CERTS", 1000000);
    const int clients = int(countOption(args, QStringLiteral("--clients"), "TIRKEU_BENCH_OCSP_CLIENTS", 16));
    const double seconds = double(countOption(args, QStringLiteral("--seconds"), "TIRKEU_BENCH_OCSP_SECONDS", 10));
    const double timeLimit =
        double(countOption(args, QStringLiteral("--time-limit"), "TIRKEU_BENCH_OCSP_TIME_LIMIT", 3600));
    const qint64 hot = countOption(args, QStringLiteral("--hot"), nullptr, 1000);
    const int threads = int(countOption(args, QStringLiteral("--threads"), nullptr, 2));
    const int multi = int(countOption(args, QStringLiteral("--openssl-multi"), nullptr, 2));
    const QString ocspBin = option(args, QStringLiteral("--ocsp"), "TIRKEU_OCSP", {});
    if (ocspBin.isEmpty() || !QFileInfo(ocspBin).isExecutable())
        die(QStringLiteral("give the tirkeu-ocsp binary with --ocsp PATH (or TIRKEU_OCSP)"));
    std::atexit(stopChildren);
    startWatchdog(timeLimit);
    QTemporaryDir temp;
    const QString dirOption = option(args, QStringLiteral("--dir"), nullptr, {});
    const QString work = dirOption.isEmpty() ? temp.path() : QDir(dirOption).absolutePath();
    if (!QDir().mkpath(work) || !QDir(work).isEmpty())
        die(QStringLiteral("the work folder %1 must be new or empty").arg(work));
    const QString dbPath = work + u"/register.sqlite";

    std::printf("bench_ocsp: %lld certificates (10%% revoked), %d clients, %.0f s per run, hot set %lld, "
                "time limit %.0f s; work folder %s\n",
                (long long)certs, clients, seconds, (long long)hot, timeLimit, qPrintable(work));
    std::printf("machine: %d cores (shared with the client threads of this program); load average at the start: %s\n",
                QThread::idealThreadCount(), qPrintable(loadAverage()));
    std::fflush(stdout);

    // ---- the register, its CA and the delegated signer, through the real API ----
    Stopwatch setup;
    BenchRegister bench = createBenchRegister(dbPath, kCa, QStringLiteral("Ұлттық куәландырушы орталығы"),
                                              forms::CaKind::National, pki::KeyAlgorithm::EcP256, work + u"/ca-key.p8");
    const pki::Certificate& caCert = bench.caCertificate;
    writeFile(work + u"/ca.pem", caCert.pem());
    OcspSignerRequest signerRequest;
    signerRequest.caCode = kCa;
    signerRequest.keyOut = work + u"/signer.p8";
    signerRequest.passphrase = kSignerPassphrase;
    signerRequest.caKeySecret = pki::SecretSource::literal(kBenchCaPassphrase);
    const OcspSignerResult signer = need(OcspSigning(*bench.reg).init(bench.officer, signerRequest), "OCSP signer");
    writeFile(work + u"/signer.pem", need(pki::Certificate::parse(signer.der), "signer certificate").pem());
    writeFile(work + u"/signer.pass", kSignerPassphrase.toUtf8() + '\n');

    QFile index(work + u"/index.txt");
    if (!index.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(index.fileName()));
    Stopwatch fillClock;
    sqlite3* sql = sqliteHandle(bench.reg->db());
    FillSpec rows;
    rows.caId = bench.caId;
    rows.operatorId = bench.officer.operatorId;
    rows.count = certs;
    rows.revokedEvery = 10;
    rows.now = QDateTime::currentSecsSinceEpoch();
    rows.index = &index;
    struct Entry {
        Serial serial;
        bool revoked = false;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(certs));
    Random rnd{20261203};
    fillCertificates(sql, rows, rnd, [&entries](const SyntheticCertificate& c) {
        entries.push_back({c.serial, c.revoked});
    });
    index.close();
    execSql(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
    const double fillSeconds = fillClock.seconds();
    bench.reg.reset();
    std::printf("set-up: register, CA and OCSP signer (ECDSA P-256) %.1f s; %lld certificate rows + index.txt "
                "%.1f s; register %.0f MiB, index.txt %.0f MiB\n",
                setup.seconds() - fillSeconds, (long long)certs, fillSeconds, mib(QFileInfo(dbPath).size()),
                mib(index.size()));
    std::fflush(stdout);

    // ---- both responders ----
    writeFile(work + u"/ocsp.conf", QStringLiteral("[responder]\nregister = %1\nlisten = 127.0.0.1\nport = 0\n"
                                                   "threads = %2\nconnection_limit = 4096\n"
                                                   "per_address_connection_limit = 0\n\n" // all clients: 127.0.0.1
                                                   "[ca NCA]\nkey = file:%3/signer.p8\nsecret_file = %3/signer.pass\n")
                                        .arg(dbPath)
                                        .arg(threads)
                                        .arg(work)
                                        .toUtf8());
    const QString portFile = work + u"/tirkeu-ocsp.port";
    const QString ourLog = work + u"/tirkeu-ocsp.log"; // one line per request, as in the journal
    const QString theirLog = work + u"/openssl-ocsp.log";
    const int theirPort = freePort();
    Stopwatch startClock;
    const pid_t ours = spawnServer(
        ocspBin, {QStringLiteral("--config"), work + u"/ocsp.conf", QStringLiteral("--port-file"), portFile}, ourLog);
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
                            QStringLiteral("-timeout"),
                            QStringLiteral("5"),
                            QStringLiteral("-ignore_err")};
    if (multi > 1)
        opensslArgs << QStringLiteral("-multi") << QString::number(multi);
    const pid_t theirs = spawnServer(QStringLiteral("openssl"), opensslArgs, theirLog);

    pki::X509Ptr issuer = caCert.toX509();
    const QByteArray firstRequest = httpPost(ocspRequest(issuer.get(), entries.front().serial));
    int ourPort = 0;
    waitUntilAnswering(
        "tirkeu-ocsp", ours, [&] { return ourPort = readText(portFile).trimmed().toInt(); }, firstRequest, ourLog,
        timeLimit);
    // openssl prints "ACCEPT" once bound (its later lines are buffered).
    waitUntilAnswering(
        "openssl ocsp", theirs, [&] { return readText(theirLog).contains("ACCEPT") ? theirPort : 0; }, firstRequest,
        theirLog, timeLimit);
    std::printf("both responders answering after %.1f s: tirkeu-ocsp on port %d (%d threads), openssl ocsp -index "
                "on port %d (%s)\n",
                startClock.seconds(), ourPort, threads, theirPort,
                multi > 1 ? qPrintable(QStringLiteral("-multi %1: %1 processes").arg(multi)) : "one process");
    std::fflush(stdout);

    // ---- the same answers from both ----
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
    for (int i = 0; i < 50; ++i)
        compare(makeSerial(pick, quint64(certs) + 5000 + quint64(i)), "unknown");
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
    int loadFailures = 0;
    bool goalMet = true;
    for (const Workload& w : {Workload{"uniform", &uniform}, Workload{"hot", &hotSet}}) {
        const LoadResult a = load(ourPort, *w.requests, clients, seconds);
        const LoadResult b = load(theirPort, *w.requests, clients, seconds);
        const double ratio = b.rps() > 0 ? a.rps() / b.rps() : 0;
        const bool met = ratio >= 20 && a.p99ms > 0 && a.p99ms < 5;
        goalMet = goalMet && met;
        std::printf("%-8s tirkeu-ocsp %9.0f responses/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld failed)\n"
                    "%-8s openssl     %9.0f responses/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld failed)\n"
                    "%-8s ratio %.1fx responses/s, p99 %.1fx lower; goal (>= 20x, p99 < 5 ms) %s\n",
                    w.name, a.rps(), a.p50ms, a.p99ms, (long long)a.ok, (long long)a.failed, w.name, b.rps(), b.p50ms,
                    b.p99ms, (long long)b.ok, (long long)b.failed, w.name, ratio, a.p99ms > 0 ? b.p99ms / a.p99ms : 0,
                    met ? "met" : "MISSED");
        std::fflush(stdout);
        auto named = [&w](const char* key, double value) {
            const QByteArray full = QByteArray(w.name) + '.' + QByteArray(key);
            figure(full.constData(), value);
        };
        named("tirkeu.rps", a.rps());
        named("tirkeu.p50_ms", a.p50ms);
        named("tirkeu.p99_ms", a.p99ms);
        named("tirkeu.failed", double(a.failed));
        named("openssl.rps", b.rps());
        named("openssl.p50_ms", b.p50ms);
        named("openssl.p99_ms", b.p99ms);
        named("openssl.failed", double(b.failed));
        named("ratio", ratio);
        // Not part of the comparison (openssl cannot keep a connection): what tirkeu-ocsp answers
        // when the TCP handshake is not paid per request.
        std::vector<QByteArray> kept;
        for (const QByteArray& r : *w.requests)
            kept.push_back(QByteArray(r).replace(0, 15, "POST / HTTP/1.1"));
        const LoadResult k = load(ourPort, kept, clients, seconds, true);
        std::printf("%-8s tirkeu-ocsp %9.0f responses/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld failed) with "
                    "HTTP/1.1 keep-alive (alone: openssl ocsp closes every connection)\n",
                    w.name, k.rps(), k.p50ms, k.p99ms, (long long)k.ok, (long long)k.failed);
        std::fflush(stdout);
        named("tirkeu_keepalive.rps", k.rps());
        named("tirkeu_keepalive.p99_ms", k.p99ms);
        if (a.ok == 0 || b.ok == 0 || k.ok == 0)
            ++loadFailures;
    }
    stopChildren();
    figure("certificates", double(certs));
    figure("clients", double(clients));
    figure("openssl_processes", double(multi));
    figure("answers_agree", double(agree));
    figure("answers_checked", double(checks));
    figure("goal_met", goalMet ? 1 : 0);
    figure("checks_failed", double((agree == checks ? 0 : 1) + loadFailures));
    std::printf("load average at the end: %s\n", qPrintable(loadAverage()));
    std::printf("bench_ocsp: %s; goal (>= 20x the responses/s of openssl ocsp, p99 < 5 ms) %s\n",
                agree == checks && loadFailures == 0 ? "all checks passed" : "SOME CHECKS FAILED",
                goalMet ? "met" : "MISSED");
    return agree == checks && loadFailures == 0 ? 0 : 1;
}
