#pragma once
// Reading the certificates a register's CAs issued (list, one by serial, a CA's own certificate for
// export) and the canonical text of a serial number.

#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace tirkeu::registry {

class Register;

struct CertificateRecord {
    qint64 id = 0;
    QString caCode;
    QString serialHex;
    QString subject;
    QString profile;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray der;
    QString status; // "valid" or "revoked"
    qint64 applicationId = 0;
    QString issuedBy; // login
    QDateTime issuedAt;
    QDateTime retentionUntil;
    // Revoked certificates only.
    QDateTime revokedAt;
    int reasonCode = -1;
    QString basisKind;
    QString basisDocument;
    // certificate() only, from the certificate.issued event: the Government Bodies CA's employee who received
    // the key media (MediaRecipient::toJson; empty otherwise) and the reason for issuing from an outside request.
    QJsonObject mediaRecipient;
    QString outsideCsrReason;
};

struct CertificateFilter {
    QString caCode;
    QString status; // "valid", "revoked" or empty for both
    int limit = 200;
    int offset = 0;
};

class CertificateQueries {
    // Messages keep the CA engine's translation context (translations/kk_ru).
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaEngine)
public:
    explicit CertificateQueries(Register& reg)
        : m_reg(reg) {}

    // Canonical serial text: upper-case hex without separators or leading zero bytes.
    static Result<QString> normaliseSerial(const QString& text);

    Result<QList<CertificateRecord>> certificates(const Session& by, const CertificateFilter& filter);
    // caCode may be empty when the serial is unique across the register's CAs.
    Result<CertificateRecord> certificate(const Session& by, const QString& caCode, const QString& serial);
    // The certificate of a CA (DER), for export.
    Result<QByteArray> caCertificate(const Session& by, const QString& caCode);

private:
    Result<QList<CertificateRecord>> query(const QString& where, const QVariantList& binds);
    Register& m_reg;
};

} // namespace tirkeu::registry
