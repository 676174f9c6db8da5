#pragma once
// The HTTP side of tirkeu-ocsp (RFC 6960 appendix A, RFC 5019): libmicrohttpd with its own thread
// pool. POST with Content-Type application/ocsp-request, or GET /<base64 of the DER request>
// (percent-encoded or not). A POST body over the limit gets HTTP 413 (refused from Content-Length
// before it is read, or after it was discarded when chunked); other methods 405; another content
// type 415. Every request writes one line to stderr (the journal under systemd).

#include "app/ocsp/OcspConfig.h"
#include "registry/OcspResponder.h"

#include <QCoreApplication>

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

private:
    int reply(MHD_Connection* connection, Request* request, unsigned status, const QByteArray& body,
              const char* contentType, const QString& note);
    int answerOcsp(MHD_Connection* connection, Request* request, const QByteArray& der);

    registry::OcspResponder& m_responder;
    ServerConfig m_config;
    MHD_Daemon* m_daemon = nullptr;
    int m_port = 0;
};

} // namespace tirkeu::ocsp
