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

Result<std::optional<quint64>> CrlNumbers::publishedElsewhere(Database& db, qint64 caId, const QString& folder,
                                                              const QString& caCode) {
    auto recorded = highestRecorded(db, caId);
    if (!recorded)
        return recorded.error();
    if (*recorded == 0)
        return std::optional<quint64>(); // the CA's first CRL: any folder
    const QDir dir(folder);
    for (const QString& base : {caCode, QString(caCode + QStringLiteral("-delta"))})
        for (const QString& ext : {QStringLiteral(".crl"), QStringLiteral(".crl.pem")})
            if (QFileInfo::exists(dir.filePath(base + ext)))
                return std::optional<quint64>();
    return std::optional<quint64>(*recorded);
}

Result<bool> CrlNumbers::requireFolderContinues(Database& db, qint64 caId, const QString& folder, const QString& caCode,
                                                bool newFolder) {
    auto elsewhere = publishedElsewhere(db, caId, folder, caCode);
    if (!elsewhere)
        return elsewhere.error();
    if (!*elsewhere)
        return false;
    if (newFolder)
        return true;
    return makeError(ErrorCode::Conflict,
                     tr("The CA %1 has published CRLs up to number %2, but the folder %3 holds none of them. "
                        "Publishing here could repeat a number that relying parties have already seen (if the register "
                        "was put back from an older copy). Publish into the folder that holds the CA's CRLs, or copy "
                        "its current CRL (%1.crl) here first; if this folder really is new to the CA, confirm it as a "
                        "new folder.")
                         .arg(caCode)
                         .arg(**elsewhere)
                         .arg(QDir::toNativeSeparators(folder)));
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
