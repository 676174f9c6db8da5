#pragma once
// One e-mail over SMTP through libcurl (the well-kept client the project uses for SMTP; no hand-made
// protocol code): a UTF-8 plain-text message, base64 body, RFC 2047 subject. Registry-internal.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

namespace tirkeu::registry {

struct SmtpSettings;

class SmtpSender {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::SmtpSender)
public:
    // The whole message as sent (headers and body), for tests and for the record.
    static QByteArray compose(const QString& from, const QString& to, const QString& subject, const QString& body,
                              const QString& messageId);
    // The server address and the sender, checked before any notice is touched.
    static Status checkSettings(const SmtpSettings& smtp);
    static Status send(const SmtpSettings& smtp, const QString& to, const QString& subject, const QString& body,
                       const QString& messageId);
};

} // namespace tirkeu::registry
