#pragma once
// The HTTP side of tirkeu-ocsp (RFC 6960 appendix A, RFC 5019): libmicrohttpd with its own thread
// pool. POST with Content-Type application/ocsp-request, or GET /<base64 of the DER request>
// (percent-encoded or not). A POST body over the limit gets HTTP 413 (refused from Content-Length
// before it is read, or after it was discarded when chunked); other methods 405; another content
// type 415. Every request writes one line to stderr (the journal under systemd).
//
// Slow clients: one address may hold at most per_address_connection_limit connections (libmicrohttpd
// closes the next ones at once), and a watchdog thread shuts down every connection on which a request
// has not been answered within request_timeout_seconds of the connection's opening or of its previous
// answer (libmicrohttpd's own connection_timeout_seconds counts idleness only, which a client sending a
// byte a second never reaches).

#include "app/ocsp/OcspConfig.h"
#include "registry/OcspResponder.h"

#include <QCoreApplication>

#include <memory>

struct MHD_Daemon;
struct MHD_Connection;

namespace tirkeu::ocsp {

class OcspHttpServer {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::ocsp::OcspHttpServer)
public:
    OcspHttpServer(registry::OcspResponder& responder, const ServerConfig& config);
    ~OcspHttpServer();
    OcspHttpServer(const OcspHttpServer&) = delete;
    OcspHttpServer& operator=(const OcspHttpServer&) = delete;

    Status start();
    void stop();
    int port() const { return m_port; }

    // libmicrohttpd's access handler (MHD_YES / MHD_NO); context holds a Request.
    struct Request;
    int onRequest(MHD_Connection* connection, const char* url, const char* method, const char* uploadData,
                  size_t* uploadDataSize, void** context);
    // The request deadlines of the open connections (socket context: a Deadlines::Connection).
    class Deadlines;
    Deadlines& deadlines() { return *m_deadlines; }

private:
    int reply(MHD_Connection* connection, Request* request, unsigned status, const QByteArray& body,
              const char* contentType, const QString& note);
    int answerOcsp(MHD_Connection* connection, Request* request, const QByteArray& der);

    registry::OcspResponder& m_responder;
    ServerConfig m_config;
    std::unique_ptr<Deadlines> m_deadlines;
    MHD_Daemon* m_daemon = nullptr;
    int m_port = 0;
};

} // namespace tirkeu::ocsp
