#pragma once
// The certification authorities kept in this register (several per register: e.g. Root CA, National
// CA, Government Bodies CA). Their kind decides forms, deadlines and retention.

#include "forms/FormDefinition.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace tirkeu::registry {

class Register;

struct CaRecord {
    qint64 id = 0;
    QString code; // short stable code used on the command line, e.g. NCA-RSA, GOV, ROOT
    QString name;
    forms::CaKind kind = forms::CaKind::National;
    qint64 parentId = 0;
    QJsonObject settings; // crl_period_hours, delta_period_hours, cdp_url, freshest_url, aia_url, publish_dir
    QString keyUri;
    QByteArray certificateDer;
    QDateTime createdAt;
    QDateTime terminatedAt;
};

class CaDirectory {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaDirectory)
public:
    explicit CaDirectory(Register& reg)
        : m_reg(reg) {}

    static QJsonObject defaultSettings();
    // Registers a CA record (its key and certificate are set up by the CA engine).
    Result<qint64> add(const Session& by, const QString& code, const QString& name, forms::CaKind kind,
                       const QJsonObject& settings = {});
    // Changes some of a CA's settings (keys of defaultSettings(); others are refused): periods are whole
    // hours (CRL 1..720, delta 1..the CRL period), URLs http(s) or ldap, the publish folder an absolute
    // path; an empty text clears a URL or the folder. Needs ManageCas; audited with old and new values.
    Status updateSettings(const Session& by, const QString& code, const QJsonObject& changes);
    Result<CaRecord> find(const QString& code);
    Result<CaRecord> find(qint64 id);
    Result<QList<CaRecord>> list();
    Result<QList<CaRecord>> list(const Session& by); // needs ViewRegister

private:
    Result<CaRecord> findWhere(const QString& column, const QVariant& value);
    Register& m_reg;
};

} // namespace tirkeu::registry
