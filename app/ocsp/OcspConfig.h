#pragma once
// /etc/tirkeu/ocsp.conf of tirkeu-ocsp: a [responder] section (register, listen address and port,
// threads, limits, cache) and one [ca CODE] section per CA answered for (its delegated signer's key,
// secret file and, optionally, certificate file). "key = value" lines, '#' or ';' comments; unknown
// sections and keys are refused with their line number.

#include "registry/OcspResponder.h"

#include <QCoreApplication>
#include <QString>

namespace tirkeu::ocsp {

struct ServerConfig {
    registry::OcspResponderConfig responder;
    QString listen = QStringLiteral("127.0.0.1");
    int port = 8080;             // 0: any free port (printed on start)
    int threads = 2;             // libmicrohttpd thread pool
    qint64 maxBodyBytes = 65536; // larger POST bodies: HTTP 413
    int pollMs = 1000;           // SQLite change polling (PostgreSQL is pushed)
    int connectionLimit = 1024;
    int connectionTimeoutSeconds = 10; // idle: nothing sent or received
    // Slow clients: open connections of one client address (0: no limit), and the longest one request
    // may take, from its connection's opening (or the previous answer) until it is answered.
    int perAddressConnectionLimit = 64;
    int requestTimeoutSeconds = 5;
    bool logRequests = true; // one line per request on stderr (the journal)
};

class OcspConfig {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::ocsp::OcspConfig)
public:
    static constexpr const char* kDefaultPath = "/etc/tirkeu/ocsp.conf";
    static Result<ServerConfig> parse(const QByteArray& text, const QString& fileName);
    static Result<ServerConfig> load(const QString& path);
};

} // namespace tirkeu::ocsp
