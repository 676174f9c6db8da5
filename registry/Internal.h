#pragma once
// Small helpers shared by the registry's own .cpp files (not part of its interface).

#include "pki/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tirkeu::registry {
class Register;
struct CaRecord;
} // namespace tirkeu::registry

namespace tirkeu::registry::detail {

// How many years the records of `ca`'s kind are kept after they end (retention_policies).
Result<int> recordYears(Register& reg, const CaRecord& ca);

// A form field's text, trimmed ("" when absent or not a string).
inline QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().trimmed();
}

// A person's name from a form's fields: "Surname Name Patronymic", the parts given ("" when none).
// The one place that joins them (applications list their applicant by it, drafts their summary).
inline QString personName(const QJsonObject& o) {
    QStringList parts;
    for (const char* k : {"surname", "name", "patronymic"})
        if (const QString part = str(o, k); !part.isEmpty())
            parts << part;
    return parts.join(u' ');
}

// The CN of a one-line subject as the register stores it ("CN=ҚАСЫМОВА ӘЛИЯ,SERIALNUMBER=…"); the whole
// subject when it has none. Journals and holder snapshots name a holder by it when no person is linked.
inline QString commonName(const QString& subject) {
    for (const QString& part : subject.split(u',')) {
        const QString p = part.trimmed();
        if (p.startsWith(u"CN="))
            return p.mid(3);
    }
    return subject;
}

// A moment without its milliseconds, in UTC: what X.509 validity and CRL times can hold.
inline QDateTime wholeSeconds(const QDateTime& t) {
    return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC);
}

} // namespace tirkeu::registry::detail
