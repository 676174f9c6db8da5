#pragma once
// What the end-to-end tests of tirkeu-ocsp share (tst_ocsp, tst_ocsp_abuse): plain HTTP/1.0 over a socket from
// any loopback address, the responseStatus of an answer, and the set-up: a register with a CA and a holder
// certificate, the delegated signer's arguments, the responder's configuration (small limits) and its start on
// a free loopback port. A test class derives from it (after QObject).

#include "common/CliHarness.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace tirkeu::test {

struct HttpReply {
    int status = -1; // -1: no HTTP answer (connection refused or closed)
    QByteArray body;
};

// A TCP connection to 127.0.0.1:port from the loopback address `from` (any address of 127/8 is this
// machine's: several clients without several machines); -1 on failure.
inline int connectFrom(int port, const char* from, int timeoutSeconds) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    timeval tv{timeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (inet_pton(AF_INET, from, &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// One HTTP/1.0 exchange over a plain socket (no client library between the test and the server).
inline HttpReply httpExchange(int port, const QByteArray& request, const char* from = "127.0.0.1",
                              int timeoutSeconds = 10) {
    HttpReply r;
    const int fd = connectFrom(port, from, timeoutSeconds);
    if (fd < 0)
        return r;
    qsizetype sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(fd, request.constData() + sent, size_t(request.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            break; // the server may refuse and close before the whole body is sent
        sent += n;
    }
    QByteArray all;
    char buf[16384];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        all.append(buf, qsizetype(n));
    }
    ::close(fd);
    const qsizetype headerEnd = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/1.") || headerEnd < 0)
        return r;
    r.status = all.mid(9, 3).toInt();
    r.body = all.mid(headerEnd + 4);
    return r;
}

inline HttpReply post(int port, const QByteArray& body, const QByteArray& type = "application/ocsp-request",
                      const char* from = "127.0.0.1", int timeoutSeconds = 10) {
    return httpExchange(port,
                        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
                            "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body,
                        from, timeoutSeconds);
}

inline HttpReply get(int port, const QByteArray& path) {
    return httpExchange(port, "GET /" + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
}

// The responseStatus of an OCSPResponse DER (SEQUENCE { ENUMERATED status, ... }); -1 when not one.
inline int responseStatus(const QByteArray& der) {
    if (der.size() < 5 || uchar(der.at(0)) != 0x30)
        return -1;
    int i = 1;
    const uchar len = uchar(der.at(i++));
    if (len & 0x80)
        i += len & 0x7F;
    if (i + 2 >= der.size() || uchar(der.at(i)) != 0x0A || der.at(i + 1) != 1)
        return -1;
    return uchar(der.at(i + 2));
}

class OcspHarness : public CliHarness {
protected:
    // Small limits, so that a few dozen slow connections fill them.
    static constexpr int kConnectionLimit = 40;
    static constexpr int kPerAddressLimit = 10;
    static constexpr int kRequestTimeoutSeconds = 3;

    QProcess m_server;
    int m_port = 0;
    QString m_serial;
    QByteArray m_goodRequest; // DER, one CertID, no nonce (of the holder certificate)

    QString caPass() const { return path(QStringLiteral("ca.pass")); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString serverLog() { return QString::fromUtf8(read(path(QStringLiteral("server.log")))); }

    static Tool run(const QString& program, const QStringList& args) { return merged(program, args, 60000); }
    // openssl ocsp against the responder; the response is verified against the CA (-CAfile).
    Tool ask(const QStringList& what, bool nonce = true) {
        QStringList args{QStringLiteral("ocsp"),
                         QStringLiteral("-issuer"),
                         path(QStringLiteral("nca.pem")),
                         QStringLiteral("-url"),
                         url(),
                         QStringLiteral("-CAfile"),
                         path(QStringLiteral("nca.pem")),
                         QStringLiteral("-resp_text")};
        if (!nonce)
            args << QStringLiteral("-no_nonce");
        return openssl(args + what);
    }
    bool serverAlive() { return m_server.state() == QProcess::Running; }
    // The judges' tools; why not when one is missing, else empty.
    static QString missingJudge() {
        for (const char* tool : {"openssl", "ocsptool"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                return QStringLiteral("%1 is not installed").arg(QLatin1String(tool));
        }
        return {};
    }
    // A register with its staff, the CA NCA and a holder certificate issued through the ordinary workflow (m_serial).
    void createRegisterWithHolder() {
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        file(QStringLiteral("signer.pass"), "OCSP-қолтаңба-2026-secret\n");
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        Run r;

        // A holder certificate through the ordinary workflow.
        const QString application = submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"),
                                                     holderData(), QStringLiteral("identity_document_copy"));
        QVERIFY(!application.isEmpty());
        const Tool key = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                                  QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                                  path(QStringLiteral("holder.key")), QStringLiteral("-subj"), QStringLiteral("/CN=X"),
                                  QStringLiteral("-out"), path(QStringLiteral("holder.csr"))});
        QVERIFY2(key.code == 0, qPrintable(key.output));
        r = as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"), application,
                QStringLiteral("--csr"), path(QStringLiteral("holder.csr")), QStringLiteral("--out"),
                path(QStringLiteral("holder.pem")), QStringLiteral("--ca-passphrase-file"), caPass(),
                QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_serial = r.json().value(QStringLiteral("serial")).toString();
        QCOMPARE(m_serial.size(), 40);
    }
    // ocsp init-signer of NCA: signer.p8 under signer.pass, its certificate in signer.pem.
    QStringList initSignerArgs() const {
        return {QStringLiteral("ocsp"),
                QStringLiteral("init-signer"),
                QStringLiteral("--ca"),
                QStringLiteral("NCA"),
                QStringLiteral("--key-out"),
                path(QStringLiteral("signer.p8")),
                QStringLiteral("--passphrase-file"),
                path(QStringLiteral("signer.pass")),
                QStringLiteral("--ca-passphrase-file"),
                caPass(),
                QStringLiteral("--cert-out"),
                path(QStringLiteral("signer.pem")),
                QStringLiteral("--json")};
    }
    // ocsp.conf: the register, the signer of NCA, and small limits (kConnectionLimit, ...).
    QString writeConfig() {
        return file(QStringLiteral("ocsp.conf"),
                    QStringLiteral("# test configuration\n[responder]\nregister = %1\nlisten = 127.0.0.1\nport = 0\n"
                                   "threads = 2\npoll_ms = 200\nmax_certificates = 4\nmax_body_bytes = 4096\n"
                                   "cache_seconds = 300\nconnection_limit = %4\nper_address_connection_limit = %5\n"
                                   "request_timeout_seconds = %6\n\n[ca NCA]\nkey = file:%2\nsecret_file = %3\n")
                        .arg(m_db, path(QStringLiteral("signer.p8")), path(QStringLiteral("signer.pass")))
                        .arg(kConnectionLimit)
                        .arg(kPerAddressLimit)
                        .arg(kRequestTimeoutSeconds)
                        .toUtf8());
    }
    // tirkeu-ocsp `binary` started with `conf`, listening on the port it chose (m_port).
    void startResponder(const QString& binary, const QString& conf) {
        m_server.setStandardErrorFile(path(QStringLiteral("server.log")));
        m_server.start(binary, {QStringLiteral("--config"), conf, QStringLiteral("--port-file"),
                                path(QStringLiteral("port.txt"))});
        QVERIFY(m_server.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path(QStringLiteral("port.txt"))) || !serverAlive(), 30000);
        QVERIFY2(serverAlive(), qPrintable(serverLog()));
        m_port = read(path(QStringLiteral("port.txt"))).trimmed().toInt();
        QVERIFY(m_port > 0);
        // Revocations reach it by push on PostgreSQL (LISTEN/NOTIFY), by polling on SQLite.
        QTRY_VERIFY2(serverLog().contains(QStringLiteral("listening on")), qPrintable(serverLog()));
        QVERIFY2(
            serverLog().contains(onPostgres() ? QStringLiteral("changes pushed") : QStringLiteral("changes polled")),
            qPrintable(serverLog()));
    }
    void stopResponder() {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            QVERIFY(m_server.waitForFinished(10000));
            QCOMPARE(m_server.exitCode(), 0);
        }
    }
};

} // namespace tirkeu::test
