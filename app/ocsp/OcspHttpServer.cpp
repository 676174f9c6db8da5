#include "app/ocsp/OcspHttpServer.h"

#include "pki/Ocsp.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace tirkeu::ocsp {

namespace {

constexpr char kRequestType[] = "application/ocsp-request";
constexpr char kResponseType[] = "application/ocsp-response";

const char* statusName(pki::OcspStatusCode s) {
    switch (s) {
    case pki::OcspStatusCode::Successful:
        return "successful";
    case pki::OcspStatusCode::MalformedRequest:
        return "malformedRequest";
    case pki::OcspStatusCode::InternalError:
        return "internalError";
    case pki::OcspStatusCode::TryLater:
        return "tryLater";
    case pki::OcspStatusCode::SigRequired:
        return "sigRequired";
    case pki::OcspStatusCode::Unauthorized:
        return "unauthorized";
    }
    return "?";
}

QString clientAddress(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return QStringLiteral("-");
    char text[INET6_ADDRSTRLEN] = {0};
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
    return QString::fromLatin1(text);
}

} // namespace

// The watchdog of slow requests: one thread over all open connections. A connection's deadline is set
// when it opens and again each time a request on it is completed; once it passes, the watchdog shuts
// the socket down and libmicrohttpd closes the connection as one the client closed. A socket is shut
// down only while its connection is in the set: libmicrohttpd reports the close
// (MHD_CONNECTION_NOTIFY_CLOSED, which takes it out under the same mutex) before it closes the
// socket, so the descriptor is never one already reused by a newer connection.
class OcspHttpServer::Deadlines {
public:
    struct Connection {
        int fd = -1;
        QString address;                 // the client, for the log line
        std::atomic<qint64> deadline{0}; // steady clock, ns; 0: already shut down
    };

    Deadlines(int timeoutSeconds, bool log)
        : m_timeoutNs(qint64(timeoutSeconds) * 1000000000)
        , m_seconds(timeoutSeconds)
        , m_log(log) {}
    ~Deadlines() {
        stop();
        for (Connection* c : m_open)
            delete c;
    }

    void start() {
        m_stopping = false;
        m_thread = std::thread([this] { run(); });
    }
    void stop() {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    Connection* opened(int fd, const QString& address) {
        auto* c = new Connection;
        c->fd = fd;
        c->address = address;
        rearm(c);
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_open.insert(c);
        return c;
    }
    void closed(Connection* c) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_open.erase(c);
        }
        delete c;
    }
    void rearm(Connection* c) { c->deadline.store(now() + m_timeoutNs); }

private:
    static qint64 now() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    void run() {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, std::chrono::milliseconds(200));
            const qint64 t = now();
            QStringList cut;
            for (Connection* c : m_open) {
                const qint64 d = c->deadline.load();
                if (d == 0 || d > t)
                    continue;
                ::shutdown(c->fd, SHUT_RDWR);
                c->deadline.store(0);
                cut << c->address;
            }
            if (!m_log || cut.isEmpty())
                continue;
            lock.unlock();
            for (const QString& address : std::as_const(cut)) {
                const QByteArray line = QStringLiteral("tirkeu-ocsp: %1 - closed: no complete request within %2 s\n")
                                            .arg(address)
                                            .arg(m_seconds)
                                            .toUtf8();
                [[maybe_unused]] const ssize_t w = ::write(STDERR_FILENO, line.constData(), size_t(line.size()));
            }
            lock.lock();
        }
    }

    const qint64 m_timeoutNs;
    const int m_seconds;
    const bool m_log;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::unordered_set<Connection*> m_open;
    bool m_stopping = false;
    std::thread m_thread;
};

struct OcspHttpServer::Request {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    QByteArray body;
    QByteArray method;
    bool post = false;
    bool tooLarge = false;
    bool answered = false;
};

namespace {
void completed(void* cls, MHD_Connection* connection, void** context, MHD_RequestTerminationCode) {
    delete static_cast<OcspHttpServer::Request*>(*context);
    *context = nullptr;
    // The next request on a kept connection gets its own time.
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info && info->socket_context)
        static_cast<OcspHttpServer*>(cls)->deadlines().rearm(
            static_cast<OcspHttpServer::Deadlines::Connection*>(info->socket_context));
}

void connectionNotice(void* cls, MHD_Connection* connection, void** socketContext,
                      MHD_ConnectionNotificationCode code) {
    OcspHttpServer::Deadlines& deadlines = static_cast<OcspHttpServer*>(cls)->deadlines();
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socketContext = info ? deadlines.opened(info->connect_fd, clientAddress(connection)) : nullptr;
    } else if (*socketContext) {
        deadlines.closed(static_cast<OcspHttpServer::Deadlines::Connection*>(*socketContext));
        *socketContext = nullptr;
    }
}

MHD_Result accessHandler(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                         const char* uploadData, size_t* uploadDataSize, void** context) {
    return static_cast<OcspHttpServer*>(cls)->onRequest(connection, url, method, uploadData, uploadDataSize, context) ==
                   MHD_YES
               ? MHD_YES
               : MHD_NO;
}
} // namespace

OcspHttpServer::OcspHttpServer(registry::OcspResponder& responder, const ServerConfig& config)
    : m_responder(responder)
    , m_config(config)
    , m_deadlines(std::make_unique<Deadlines>(config.requestTimeoutSeconds, config.logRequests)) {}

OcspHttpServer::~OcspHttpServer() {
    stop();
}

Status OcspHttpServer::start() {
    sockaddr_storage addr{};
    socklen_t addrLen = 0;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    const QByteArray host = m_config.listen.toLatin1();
    auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (inet_pton(AF_INET, host.constData(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(quint16(m_config.port));
        addrLen = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, host.constData(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(quint16(m_config.port));
        addrLen = sizeof(sockaddr_in6);
        flags |= MHD_USE_IPv6;
    } else {
        return makeError(ErrorCode::Usage, tr("listen = %1 is not an IPv4 or IPv6 address.").arg(m_config.listen));
    }
    Q_UNUSED(addrLen);
    m_daemon = MHD_start_daemon(
        flags, quint16(m_config.port), nullptr, nullptr, &accessHandler, this, MHD_OPTION_SOCK_ADDR,
        reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_THREAD_POOL_SIZE, unsigned(m_config.threads),
        MHD_OPTION_CONNECTION_LIMIT, unsigned(m_config.connectionLimit), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        unsigned(m_config.perAddressConnectionLimit), MHD_OPTION_CONNECTION_TIMEOUT,
        unsigned(m_config.connectionTimeoutSeconds), MHD_OPTION_NOTIFY_COMPLETED, &completed, this,
        MHD_OPTION_NOTIFY_CONNECTION, &connectionNotice, this, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!m_daemon)
        return makeError(
            ErrorCode::Io,
            tr("Cannot listen on %1 port %2 (in use, or no permission).").arg(m_config.listen).arg(m_config.port));
    const MHD_DaemonInfo* info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    m_port = info ? int(info->port) : m_config.port;
    m_deadlines->start();
    return {};
}

void OcspHttpServer::stop() {
    if (m_daemon) {
        m_deadlines->stop();
        MHD_stop_daemon(m_daemon);
        m_daemon = nullptr;
    }
}

int OcspHttpServer::reply(MHD_Connection* connection, Request* request, unsigned status, const QByteArray& body,
                          const char* contentType, const QString& note) {
    request->answered = true;
    MHD_Response* response = MHD_create_response_from_buffer(size_t(body.size()), const_cast<char*>(body.constData()),
                                                             MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, contentType);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, POST");
    const int queued = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    if (m_config.logRequests) {
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request->start)
                .count();
        const QByteArray line = QStringLiteral("tirkeu-ocsp: %1 %2 %3 %4 %5us\n")
                                    .arg(clientAddress(connection), QString::fromLatin1(request->method))
                                    .arg(status)
                                    .arg(note)
                                    .arg(us)
                                    .toUtf8();
        // One write per line: lines of several threads never interleave.
        [[maybe_unused]] const ssize_t w = ::write(STDERR_FILENO, line.constData(), size_t(line.size()));
    }
    return queued;
}

int OcspHttpServer::answerOcsp(MHD_Connection* connection, Request* request, const QByteArray& der) {
    const registry::OcspOutcome out = m_responder.answer(der);
    QString note = QString::fromLatin1(statusName(out.status));
    if (!out.ca.isEmpty())
        note += u' ' + out.ca;
    if (!out.detail.isEmpty())
        note += u' ' + out.detail;
    if (out.nonce)
        note += QStringLiteral(" nonce");
    if (out.cached)
        note += QStringLiteral(" cached");
    if (out.der.isEmpty())
        return reply(connection, request, MHD_HTTP_INTERNAL_SERVER_ERROR, {}, "text/plain", note);
    return reply(connection, request, MHD_HTTP_OK, out.der, kResponseType, note);
}

int OcspHttpServer::onRequest(MHD_Connection* connection, const char* url, const char* method, const char* uploadData,
                              size_t* uploadDataSize, void** context) {
    OcspHttpServer* self = this;
    auto* request = static_cast<Request*>(*context);
    if (!request) {
        request = new Request;
        *context = request;
        request->method = QByteArray(method ? method : "?").left(16);
        if (std::strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
            request->post = true;
            const char* type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
            if (!type || std::strncmp(type, kRequestType, sizeof kRequestType - 1) != 0)
                return self->reply(connection, request, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, {}, "text/plain",
                                   QStringLiteral("content type is not application/ocsp-request"));
            const char* length =
                MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (length && std::strtoull(length, nullptr, 10) > quint64(self->m_config.maxBodyBytes)) {
                request->tooLarge = true;
                return self->reply(connection, request, MHD_HTTP_CONTENT_TOO_LARGE, {}, "text/plain",
                                   QStringLiteral("body of %1 bytes refused").arg(QLatin1String(length)));
            }
            return MHD_YES;
        }
        if (std::strcmp(method, MHD_HTTP_METHOD_GET) == 0) {
            // GET {url}/{url-encoding of base-64 encoding of the DER request} (RFC 6960 A.1).
            QByteArray path = QByteArray(url ? url : "");
            if (path.size() > self->m_config.maxBodyBytes * 2)
                return self->reply(connection, request, MHD_HTTP_URI_TOO_LONG, {}, "text/plain",
                                   QStringLiteral("request line too long"));
            while (path.startsWith('/'))
                path.remove(0, 1);
            path = QByteArray::fromPercentEncoding(path);
            const auto decoded = QByteArray::fromBase64Encoding(path, QByteArray::Base64Encoding |
                                                                          QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.isEmpty())
                return self->reply(connection, request, MHD_HTTP_OK,
                                   pki::Ocsp::errorResponse(pki::OcspStatusCode::MalformedRequest), kResponseType,
                                   QStringLiteral("malformedRequest bad base64 in GET"));
            return self->answerOcsp(connection, request, decoded.decoded);
        }
        return self->reply(connection, request, MHD_HTTP_METHOD_NOT_ALLOWED, {}, "text/plain",
                           QStringLiteral("method not allowed"));
    }
    if (request->answered) { // refused early: discard whatever body still comes
        *uploadDataSize = 0;
        return MHD_YES;
    }
    if (*uploadDataSize > 0) {
        if (!request->tooLarge) {
            if (request->body.size() + qint64(*uploadDataSize) > self->m_config.maxBodyBytes) {
                request->tooLarge = true;
                request->body.clear();
            } else {
                request->body.append(uploadData, qsizetype(*uploadDataSize));
            }
        }
        *uploadDataSize = 0;
        return MHD_YES;
    }
    if (request->tooLarge)
        return self->reply(connection, request, MHD_HTTP_CONTENT_TOO_LARGE, {}, "text/plain",
                           QStringLiteral("body over %1 bytes refused").arg(self->m_config.maxBodyBytes));
    return self->answerOcsp(connection, request, request->body);
}

} // namespace tirkeu::ocsp
