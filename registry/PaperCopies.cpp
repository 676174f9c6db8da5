#include "registry/PaperCopies.h"

#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/Register.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

namespace tirkeu::registry {

Status PaperCopies::recordBlankNumbers(const Session& by, const QString& caCode, const QString& serial,
                                       const QString& numbers) {
    if (Status s = Roles::require(by, Permission::IssueCertificate); !s)
        return s;
    const QString text = numbers.simplified();
    if (text.isEmpty())
        return makeError(ErrorCode::Invalid, tr("Give the numbers of the blank forms."));
    if (text.size() > kMaxBlankNumbers)
        return makeError(ErrorCode::Invalid,
                         tr("The blank numbers are longer than %1 characters.").arg(kMaxBlankNumbers));
    static const QRegularExpression allowed(QStringLiteral("^[\\p{L}\\p{N} ,/№-]+$"));
    if (!allowed.match(text).hasMatch())
        return makeError(ErrorCode::Invalid, tr("Blank numbers hold digits, letters, spaces, \",\", \"-\", \"/\" and "
                                                "\"№\" only: %1")
                                                 .arg(text));
    auto hex = CaEngine::normaliseSerial(serial);
    if (!hex)
        return hex.error();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto q = m_reg.db().exec(QStringLiteral("SELECT c.id, c.blank_numbers, c.not_after FROM certificates c JOIN cas a "
                                            "ON a.id = c.ca_id WHERE a.code = ? AND c.serial = ?"),
                             {caCode.trimmed(), *hex});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound,
                         tr("The CA %1 has no certificate with the serial number %2.").arg(caCode, *hex));
    const qint64 id = q->value(0).toLongLong();
    const QString recorded = q->value(1).toString();
    const QDateTime notAfter = fromDbTime(q->value(2).toString());
    if (recorded == text)
        return {};
    if (!recorded.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The paper copy of %1 was already printed on the blanks %2.").arg(*hex, recorded));
    auto up = m_reg.db().exec(QStringLiteral("UPDATE certificates SET blank_numbers = ? WHERE id = ?"), {text, id});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(
        by.login, *hex, QStringLiteral("certificate.blank_numbers"),
        QJsonObject{{QStringLiteral("ca"), caCode.trimmed()}, {QStringLiteral("blank_numbers"), text}},
        {RowRef::row(QStringLiteral("certificates"), id)}, notAfter);
    if (!ev)
        return ev.error();
    return tx.commit();
}

} // namespace tirkeu::registry
