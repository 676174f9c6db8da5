#include "app/cli/Command.h"
#include "app/cli/Table.h"

#include "pki/SecretSource.h"
#include "registry/Operators.h"
#include "registry/RegisterLocation.h"

#include <QJsonArray>

namespace tirkeu::cli {

QString CliContext::dbLocation() const {
    if (!m_options.db.isEmpty())
        return m_options.db;
    const QString env = qEnvironmentVariable("TIRKEU_DB");
    return env.isEmpty() ? registry::RegisterLocation::defaultLocation() : env;
}

Result<registry::Register*> CliContext::reg(bool create) {
    if (!m_reg) {
        auto r = registry::Register::open(
            dbLocation(),
            create ? registry::Register::OpenMode::CreateOrUpgrade : registry::Register::OpenMode::Existing, m_clock);
        if (!r)
            return r.error();
        m_reg = std::move(r.value());
    }
    return m_reg.get();
}

Result<QString> CliContext::readSecret(const QString& file, const char* envVar, const QString& what) {
    if (!file.isEmpty())
        return pki::SecretSource::readFile(file); // refused when others can read or change it
    if (envVar && qEnvironmentVariableIsSet(envVar))
        return qEnvironmentVariable(envVar);
    return makeError(ErrorCode::Usage,
                     tr("No %1 given: use a file option or set %2.").arg(what, QLatin1String(envVar)));
}

Result<registry::Session> CliContext::session() {
    if (m_session)
        return *m_session;
    if (m_options.as.isEmpty())
        return makeError(ErrorCode::Usage, tr("This command needs an operator: add --as LOGIN and --password-file "
                                              "FILE (or set TIRKEU_PASSWORD)."));
    auto password = readSecret(m_options.passwordFile, "TIRKEU_PASSWORD", tr("password"));
    if (!password)
        return password.error();
    auto r = reg();
    if (!r)
        return r.error();
    auto s = (*r)->operators().signIn(m_options.as, *password);
    if (!s)
        return s.error();
    m_session = *s;
    return *s;
}

int CliContext::fail(const Error& e) {
    // A message may name register text (a login, a holder's name, a file's contents): its control characters
    // are written visibly, like every table and field (printable); its own line breaks stay.
    QStringList lines = e.message.split(u'\n');
    for (QString& line : lines)
        line = printable(line);
    m_err << tr("tirkeu-cli: error: %1").arg(lines.join(u'\n')) << Qt::endl;
    return int(e.code == ErrorCode::Ok ? ErrorCode::Failure : e.code);
}

void CliContext::printJson(const QJsonValue& v) {
    QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    m_out.flush();
}

} // namespace tirkeu::cli
