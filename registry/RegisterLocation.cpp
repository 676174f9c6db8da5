#include "registry/RegisterLocation.h"

#include "registry/Database.h"

#include <QUrl>
#include <QUrlQuery>

namespace tirkeu::registry {

bool RegisterLocation::isPostgresUrl(const QString& location) {
    return Database::isPostgresUrl(location);
}

QString RegisterLocation::redacted(const QString& location) {
    return Database::redactedLocation(location);
}

bool RegisterLocation::holdsPassword(const QString& location) {
    if (!isPostgresUrl(location))
        return false;
    const QUrl url(location);
    const QUrlQuery query(url);
    return !url.password().isEmpty() || query.hasQueryItem(QStringLiteral("password")) ||
           query.hasQueryItem(QStringLiteral("sslpassword"));
}

QString RegisterLocation::defaultLocation() {
    return Database::defaultLocation();
}

Status RegisterLocation::probe(const QString& location) {
    auto db = Database::open(location);
    if (!db)
        return db.error();
    return {};
}

} // namespace tirkeu::registry
