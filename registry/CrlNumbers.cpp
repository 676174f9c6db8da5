#include "registry/CrlNumbers.h"

#include "pki/CrlNumber.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace tirkeu::registry {

Result<quint64> CrlNumbers::highestRecorded(Database& db, qint64 caId) {
    auto v =
        db.scalar(QStringLiteral("SELECT greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = ?), 0), "
                                 "coalesce((SELECT highest_published FROM crl_number_floors WHERE ca_id = ?), 0), "
                                 "coalesce((SELECT max(crl_number) FROM crl_pending WHERE ca_id = ?), 0))"),
                  {caId, caId, caId});
    if (!v)
        return v.error();
    return v->toULongLong();
}

Result<quint64> CrlNumbers::highestInFolder(const QString& folder, const QString& caCode) {
    if (folder.isEmpty() || caCode.isEmpty())
        return quint64(0);
    const QDir dir(folder);
    quint64 highest = 0;
    for (const QString& base : {caCode, QString(caCode + QStringLiteral("-delta"))})
        for (const QString& ext : {QStringLiteral(".crl"), QStringLiteral(".crl.pem")}) {
            const QString file = dir.filePath(base + ext);
            if (!QFileInfo::exists(file))
                continue;
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io, tr("Cannot read the published CRL %1: %2").arg(file, f.errorString()));
            auto number = pki::CrlNumber::read(f.readAll());
            if (!number)
                return makeError(ErrorCode::Invalid,
                                 tr("%1 in the publish folder is not a readable CRL (%2); its number cannot be "
                                    "known, so no CRL is published over it. Move it away after checking it.")
                                     .arg(file, number.message()));
            if (number->has_value())
                highest = std::max(highest, **number);
        }
    return highest;
}

Result<quint64> CrlNumbers::next(Database& db, qint64 caId, const QString& folder, const QString& caCode) {
    auto recorded = highestRecorded(db, caId);
    if (!recorded)
        return recorded.error();
    auto published = highestInFolder(folder, caCode);
    if (!published)
        return published.error();
    return std::max(*recorded, *published) + 1;
}

} // namespace tirkeu::registry
