#include "registry/CrlNumbers.h"

#include "pki/CrlNumber.h"
#include "pki/CrlReader.h"
#include "registry/CrlPartitions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

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

namespace {
// The CA's CRL files in a folder: <CA>.crl, <CA>-delta.crl, its partitions' <CA>-<label>.crl
// (registry/CrlPartitions.h), each with its .pem twin.
QStringList crlFiles(const QString& folder, const QString& caCode) {
    const QRegularExpression name(QStringLiteral("^") + CrlPartitions::fileBasePattern(caCode) +
                                  QStringLiteral("\\.crl(\\.pem)?$"));
    QStringList out;
    const QDir dir(folder);
    for (const QString& file : dir.entryList(QDir::Files | QDir::System))
        if (name.match(file).hasMatch())
            out << dir.filePath(file);
    return out;
}
} // namespace

Result<quint64> CrlNumbers::highestInFolder(const QString& folder, const QString& caCode) {
    QString file;
    return highestInFolder(folder, caCode, &file);
}

Result<quint64> CrlNumbers::highestInFolder(const QString& folder, const QString& caCode, QString* highestFile) {
    if (folder.isEmpty() || caCode.isEmpty())
        return quint64(0);
    quint64 highest = 0;
    for (const QString& file : crlFiles(folder, caCode)) {
        auto number = pki::CrlNumber::readFile(file);
        if (number.code() == ErrorCode::Io)
            return makeError(ErrorCode::Io, tr("Cannot read the published CRL %1: %2").arg(file, number.message()));
        if (!number)
            return makeError(ErrorCode::Invalid,
                             tr("%1 in the publish folder is not a readable CRL (%2); its number cannot be "
                                "known, so no CRL is published over it. Move it away after checking it.")
                                 .arg(file, number.message()));
        if (number->has_value() && **number > highest) {
            highest = **number;
            *highestFile = file;
        }
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
    if (!crlFiles(folder, caCode).isEmpty())
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
    // The register stores numbers as signed 64-bit integers: a number it cannot have written (a row inserted
    // outside Tirkeu) stops publication instead of wrapping round (attack of session 25, F20).
    if (*recorded >= kHighest)
        return makeError(ErrorCode::Integrity,
                         tr("The register records CRL number %1 for the CA %2, which Tirkeu never writes: the "
                            "register was changed outside Tirkeu. No CRL is published; check it with audit verify.")
                             .arg(*recorded)
                             .arg(caCode));
    QString file;
    auto published = highestInFolder(folder, caCode, &file);
    if (!published)
        return published.error();
    if (*published > *recorded) {
        // A number above every CRL the register knows counts only when the CRL is the CA's own (a register put
        // back from an older copy): anyone who can write one file into the publish folder could otherwise push the
        // CA's numbers up to the end of their range (F20: a stranger's CRL numbered 2^63 - 1).
        auto cert = db.scalar(QStringLiteral("SELECT certificate_der FROM cas WHERE id = ?"), {caId});
        if (!cert)
            return cert.error();
        QFile f(file);
        const bool readable = f.open(QIODevice::ReadOnly);
        const QByteArray crl = readable ? f.readAll() : QByteArray();
        auto info = pki::CrlReader::read(crl);
        auto issuer = pki::CrlReader::subjectDer(cert->toByteArray());
        if (!readable || !info || !issuer || info->issuerDer != *issuer ||
            !pki::CrlReader::verifySignature(crl, cert->toByteArray()))
            return makeError(ErrorCode::Invalid,
                             tr("%1 in the publish folder has CRL number %2, above every CRL the register knows, but "
                                "it is not a CRL of the CA %3 (not issued and signed by it): someone else wrote it "
                                "there. No CRL is published; move it away, check who may write in the folder, and "
                                "publish again.")
                                 .arg(QDir::toNativeSeparators(file))
                                 .arg(*published)
                                 .arg(caCode));
    }
    if (*published >= kHighest)
        return makeError(
            ErrorCode::Invalid,
            tr("The CA %1 has used every CRL number up to %2: no CRL can follow it.").arg(caCode).arg(*published));
    return std::max(*recorded, *published) + 1;
}

} // namespace tirkeu::registry
