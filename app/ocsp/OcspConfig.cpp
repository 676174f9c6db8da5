#include "app/ocsp/OcspConfig.h"

#include "pki/InputFiles.h"
#include "registry/RegisterLocation.h"

#include <QFile>

#include <QRegularExpression>

namespace tirkeu::ocsp {

namespace {

bool toInt(const QString& v, qint64 min, qint64 max, qint64* out) {
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    if (!ok || n < min || n > max)
        return false;
    *out = n;
    return true;
}

} // namespace

Result<ServerConfig> OcspConfig::load(const QString& path) {
    auto text = pki::InputFiles::read(path);
    if (!text)
        return text.error();
    auto config = parse(*text, path);
    if (!config)
        return config;
    // A register address with its password makes the file a secret file: closed to other users, as tirkeu-cli
    // requires of every secret file (until 2026-12-07 it was read whatever its mode; attack of session 28, F5).
    const QFileDevice::Permissions open = QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (registry::RegisterLocation::holdsPassword(config->responder.location) && (QFile::permissions(path) & open))
        return makeError(ErrorCode::Forbidden,
                         tr("%1 holds the register's password (register =) but other users can read or change it: "
                            "make it readable by root and the service group only (chmod 0640 %1), or keep the "
                            "password in the service user's ~/.pgpass.")
                             .arg(path));
    return config;
}

Result<ServerConfig> OcspConfig::parse(const QByteArray& text, const QString& fileName) {
    static const QRegularExpression section(QStringLiteral("^\\[\\s*(responder|ca\\s+([A-Za-z0-9_.-]+))\\s*\\]$"));
    static const QRegularExpression pair(QStringLiteral("^([a-z_]+)\\s*=\\s*(.*)$"));
    ServerConfig c;
    registry::OcspCaConfig* ca = nullptr;
    bool inResponder = false;
    int lineNo = 0;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray& raw : lines) {
        ++lineNo;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        auto bad = [&](const QString& why) {
            return makeError(ErrorCode::Usage, tr("%1:%2: %3").arg(fileName).arg(lineNo).arg(why));
        };
        if (auto m = section.match(line); m.hasMatch()) {
            inResponder = m.captured(1) == u"responder";
            ca = nullptr;
            if (!inResponder) {
                for (const registry::OcspCaConfig& other : std::as_const(c.responder.cas)) {
                    if (other.code == m.captured(2))
                        return bad(tr("the CA %1 has a second section").arg(other.code));
                }
                c.responder.cas.append(registry::OcspCaConfig{m.captured(2), {}, {}, {}});
                ca = &c.responder.cas.last();
            }
            continue;
        }
        const auto m = pair.match(line);
        if (!m.hasMatch())
            return bad(tr("not a [section] or key = value: %1").arg(line));
        const QString key = m.captured(1);
        QString value = m.captured(2).trimmed();
        if (value.size() >= 2 &&
            ((value.startsWith(u'"') && value.endsWith(u'"')) || (value.startsWith(u'\'') && value.endsWith(u'\''))))
            value = value.mid(1, value.size() - 2);
        qint64 n = 0;
        if (inResponder) {
            if (key == u"register") {
                c.responder.location = value;
            } else if (key == u"listen") {
                c.listen = value;
            } else if (key == u"port") {
                if (!toInt(value, 0, 65535, &n))
                    return bad(tr("port is 0 to 65535"));
                c.port = int(n);
            } else if (key == u"threads") {
                if (!toInt(value, 1, 256, &n))
                    return bad(tr("threads is 1 to 256"));
                c.threads = int(n);
            } else if (key == u"max_body_bytes") {
                if (!toInt(value, 64, 16 * 1024 * 1024, &n))
                    return bad(tr("max_body_bytes is 64 to 16777216"));
                c.maxBodyBytes = n;
            } else if (key == u"max_certificates") {
                if (!toInt(value, 1, 1000, &n))
                    return bad(tr("max_certificates is 1 to 1000"));
                c.responder.maxCertificates = int(n);
            } else if (key == u"next_update_minutes") {
                if (!toInt(value, 1, 7 * 24 * 60, &n))
                    return bad(tr("next_update_minutes is 1 to 10080"));
                c.responder.nextUpdateMinutes = int(n);
            } else if (key == u"cache_seconds") {
                if (!toInt(value, 0, 86400, &n))
                    return bad(tr("cache_seconds is 0 to 86400"));
                c.responder.cacheSeconds = int(n);
            } else if (key == u"cache_entries") {
                if (!toInt(value, 0, 100000000, &n))
                    return bad(tr("cache_entries is 0 to 100000000"));
                c.responder.cacheEntries = n;
            } else if (key == u"poll_ms") {
                if (!toInt(value, 100, 60000, &n))
                    return bad(tr("poll_ms is 100 to 60000"));
                c.pollMs = int(n);
            } else if (key == u"connection_limit") {
                if (!toInt(value, 1, 100000, &n))
                    return bad(tr("connection_limit is 1 to 100000"));
                c.connectionLimit = int(n);
            } else if (key == u"per_address_connection_limit") {
                if (!toInt(value, 0, 100000, &n))
                    return bad(tr("per_address_connection_limit is 0 to 100000"));
                c.perAddressConnectionLimit = int(n);
            } else if (key == u"request_timeout_seconds") {
                if (!toInt(value, 1, 3600, &n))
                    return bad(tr("request_timeout_seconds is 1 to 3600"));
                c.requestTimeoutSeconds = int(n);
            } else if (key == u"connection_timeout_seconds") {
                if (!toInt(value, 1, 3600, &n))
                    return bad(tr("connection_timeout_seconds is 1 to 3600"));
                c.connectionTimeoutSeconds = int(n);
            } else if (key == u"log_requests") {
                if (value != u"true" && value != u"false" && value != u"yes" && value != u"no")
                    return bad(tr("log_requests is true or false"));
                c.logRequests = value == u"true" || value == u"yes";
            } else {
                return bad(tr("unknown setting %1 in [responder]").arg(key));
            }
        } else if (ca) {
            if (key == u"key")
                ca->keyUri = value;
            else if (key == u"secret_file")
                ca->secretFile = value;
            else if (key == u"cert")
                ca->certificateFile = value;
            else
                return bad(tr("unknown setting %1 in [ca %2]").arg(key, ca->code));
        } else {
            return bad(tr("%1 outside a section ([responder] or [ca CODE])").arg(key));
        }
    }
    for (const registry::OcspCaConfig& one : std::as_const(c.responder.cas)) {
        if (one.keyUri.isEmpty() || one.secretFile.isEmpty())
            return makeError(ErrorCode::Usage,
                             tr("%1: [ca %2] needs key = … and secret_file = ….").arg(fileName, one.code));
    }
    return c;
}

} // namespace tirkeu::ocsp
