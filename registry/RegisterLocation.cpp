#include "registry/RegisterLocation.h"

#include "registry/Database.h"

namespace tirkeu::registry {

bool RegisterLocation::isPostgresUrl(const QString& location) {
    return Database::isPostgresUrl(location);
}

QString RegisterLocation::redacted(const QString& location) {
    return Database::redactedLocation(location);
}

bool RegisterLocation::holdsPassword(const QString& location) {
    return Database::holdsPassword(location);
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
