#include "registry/SmtpSender.h"

#include <QUrl>

#include "registry/Notifications.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace tirkeu::registry {

namespace {

struct Upload {
    QByteArray data;
    qsizetype pos = 0;
};

size_t readBody(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const size_t room = size * count;
    const size_t left = size_t(upload->data.size() - upload->pos);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data.constData() + upload->pos, n);
    upload->pos += qsizetype(n);
    return n;
}

// A header value in UTF-8 (RFC 2047, base64): Kazakh and Russian subjects survive every relay.
QByteArray encodedWord(const QString& text) {
    return "=?UTF-8?B?" + text.toUtf8().toBase64() + "?=";
}

// An address that can go into MAIL FROM / RCPT TO and a header as is: no spaces, controls, angle
// brackets or separators (a register edited by hand must not inject headers or recipients).
bool plainAddress(const QString& address) {
    static const QRegularExpression re(QStringLiteral("^[^\\s<>,;:\"()\\[\\]\\\\@]+@[^\\s<>,;:\"()\\[\\]\\\\@]+$"));
    return address.size() <= 254 && re.match(address).hasMatch();
}

} // namespace

QByteArray SmtpSender::compose(const QString& from, const QString& to, const QString& subject, const QString& body,
                               const QString& messageId) {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QByteArray m;
    m += "Date: " + QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000\r\n";
    m += "From: <" + from.toUtf8() + ">\r\n";
    m += "To: <" + to.toUtf8() + ">\r\n";
    m += "Message-ID: <" + messageId.toUtf8() + ">\r\n";
    m += "Subject: " + encodedWord(subject) + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "\r\n";
    const QByteArray encoded = body.toUtf8().toBase64();
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        m += encoded.mid(i, 76) + "\r\n";
    return m;
}

Status SmtpSender::checkSettings(const SmtpSettings& smtp) {
    if (!smtp.url.startsWith(QLatin1String("smtp://")) && !smtp.url.startsWith(QLatin1String("smtps://")))
        return makeError(ErrorCode::Usage, tr("The SMTP server must be given as smtp://HOST:PORT or smtps://HOST:PORT, "
                                              "not %1.")
                                               .arg(smtp.url));
    // A login inside the address (smtp://user:password@host) would be on the command line, where every user of
    // the machine can read it, and curl would send it even without TLS (attack of session 25, F4).
    const QUrl url(smtp.url);
    if (!url.userInfo().isEmpty()) {
        QUrl shown = url;
        shown.setUserInfo(QString());
        return makeError(ErrorCode::Usage, tr("Give the mail server's login separately (a user and a password file), "
                                              "not in its address %1: an address can be read by every user of the "
                                              "machine, and a login is only sent over TLS.")
                                               .arg(shown.toString()));
    }
    if (!plainAddress(smtp.from))
        return makeError(ErrorCode::Usage, tr("%1 is not a usable sender address.").arg(smtp.from));
    return {};
}

Status SmtpSender::send(const SmtpSettings& smtp, const QString& to, const QString& subject, const QString& body,
                        const QString& messageId) {
    if (Status s = checkSettings(smtp); !s)
        return s;
    if (!plainAddress(to))
        return makeError(ErrorCode::Invalid, tr("%1 is not a usable e-mail address.").arg(to));
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL* curl = curl_easy_init();
    if (!curl)
        return makeError(ErrorCode::Failure, tr("The SMTP client could not be started."));
    Upload upload{compose(smtp.from, to, subject, body, messageId)};
    const QByteArray url = smtp.url.toUtf8();
    const QByteArray mailFrom = "<" + smtp.from.toUtf8() + ">";
    const QByteArray rcpt = "<" + to.toUtf8() + ">";
    const QByteArray user = smtp.user.toUtf8();
    const QByteArray password = smtp.password.toUtf8();
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.constData());
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mailFrom.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(qMax(1, smtp.timeoutSeconds)));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(qMax(1, qMin(smtp.timeoutSeconds, 15))));
    if (!smtp.user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
        // A password never crosses the network in clear: STARTTLS is required on smtp://.
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    } else {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_TRY));
    }
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
        return makeError(ErrorCode::Io,
                         tr("The e-mail to %1 was not sent: %2")
                             .arg(to, QString::fromUtf8(error[0] ? error : curl_easy_strerror(rc)).trimmed()));
    return {};
}

} // namespace tirkeu::registry
