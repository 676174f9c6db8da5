#include "registry/Parties.h"

#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/Register.h"

#include <QRegularExpression>

namespace tirkeu::registry {

namespace {
bool twelveDigits(const QString& s) {
    static const QRegularExpression re(QStringLiteral("^[0-9]{12}$"));
    return re.match(s).hasMatch();
}
} // namespace

QString PersonRecord::fullName() const {
    QStringList parts;
    for (const QString& p : {surname, name, patronymic})
        if (!p.isEmpty())
            parts << p;
    return parts.join(u' ');
}

Result<std::optional<PersonRecord>> Parties::personByIin(const Session& by, const QString& iin) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    const QString key = iin.trimmed();
    if (!twelveDigits(key))
        return std::optional<PersonRecord>();
    auto q = m_reg.db().exec(QStringLiteral("SELECT id, iin, surname, name, coalesce(patronymic, ''), "
                                            "coalesce(id_document, ''), coalesce(address, ''), coalesce(email, ''), "
                                            "coalesce(phone, ''), updated_at FROM persons WHERE iin = ?"),
                             {key});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<PersonRecord>();
    PersonRecord p;
    p.id = q->value(0).toLongLong();
    p.iin = q->value(1).toString();
    p.surname = q->value(2).toString();
    p.name = q->value(3).toString();
    p.patronymic = q->value(4).toString();
    p.idDocument = q->value(5).toString();
    p.address = q->value(6).toString();
    p.email = q->value(7).toString();
    p.phone = q->value(8).toString();
    p.updatedAt = fromDbTime(q->value(9).toString());
    return std::optional<PersonRecord>(p);
}

Result<std::optional<OrganisationRecord>> Parties::organisationByBin(const Session& by, const QString& bin) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    const QString key = bin.trimmed();
    if (!twelveDigits(key))
        return std::optional<OrganisationRecord>();
    auto q = m_reg.db().exec(QStringLiteral("SELECT id, bin, full_name, coalesce(short_name, ''), kind, "
                                            "coalesce(region, ''), coalesce(city, ''), updated_at "
                                            "FROM organisations WHERE bin = ?"),
                             {key});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<OrganisationRecord>();
    OrganisationRecord o;
    o.id = q->value(0).toLongLong();
    o.bin = q->value(1).toString();
    o.fullName = q->value(2).toString();
    o.shortName = q->value(3).toString();
    o.governmentBody = q->value(4).toString() == u"government_body";
    o.region = q->value(5).toString();
    o.city = q->value(6).toString();
    o.updatedAt = fromDbTime(q->value(7).toString());
    return std::optional<OrganisationRecord>(o);
}

} // namespace tirkeu::registry
