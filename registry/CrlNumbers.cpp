#include "registry/CrlNumbers.h"

#include "pki/CrlNumber.h"
#include "pki/CrlReader.h"
#include "pki/InputFiles.h"
#include "registry/CrlPartitions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
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

Result<std::optional<quint64>> CrlNumbers::numberOfFile(const QString& file) {
    auto number = pki::CrlNumber::readFile(file);
    if (number.code() == ErrorCode::Io)
        return makeError(ErrorCode::Io, tr("Cannot read the published CRL %1: %2").arg(file, number.message()));
    if (!number)
        return makeError(ErrorCode::Invalid,
                         tr("%1 in the publish folder is not a readable CRL (%2); its number cannot be "
                            "known, so no CRL is published over it. Move it away after checking it.")
                             .arg(file, number.message()));
    return *number;
}

Result<quint64> CrlNumbers::highestInFolder(const QString& folder, const QString& caCode) {
    QString file;
    return highestInFolder(folder, caCode, &file);
}

Result<quint64> CrlNumbers::highestInFolder(const QString& folder, const QString& caCode, QString* highestFile) {
    if (folder.isEmpty() || caCode.isEmpty())
        return quint64(0);
    quint64 highest = 0;
    for (const QString& file : crlFiles(folder, caCode)) {
        auto number = numberOfFile(file);
        if (!number)
            return number.error();
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

Result<QMap<QString, qint64>> CrlNumbers::restoredNumbers(Database& db) {
    auto restored =
        db.exec(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'register.restored' ORDER BY seq"));
    if (!restored)
        return restored.error();
    QMap<QString, qint64> out;
    while (restored->next()) {
        const QJsonObject lost = QJsonDocument::fromJson(restored->value(0).toString().toUtf8())
                                     .object()
                                     .value(QStringLiteral("crl_numbers_lost"))
                                     .toObject();
        for (auto it = lost.constBegin(); it != lost.constEnd(); ++it)
            out[it.key()] = std::max(out.value(it.key(), 0), it.value().toInteger());
    }
    return out;
}

Status CrlNumbers::checkFloorProven(Database& db, qint64 caId, const QString& caCode) {
    auto floor = db.row(QStringLiteral("SELECT coalesce((SELECT highest_published FROM crl_number_floors WHERE ca_id = "
                                       "?), 0), greatest(coalesce((SELECT max(crl_number) FROM crls WHERE ca_id = ?), "
                                       "0), coalesce((SELECT max(crl_number) FROM crl_pending WHERE ca_id = ?), 0))"),
                        {caId, caId, caId});
    if (!floor)
        return floor.error();
    const qint64 value = floor->value(0).toLongLong();
    if (value <= floor->value(1).toLongLong())
        return {}; // no floor, or one that changes nothing (the CA's own CRLs are above it)
    // Only here (a register restored, before its first CRL above the floor) are the restores' events read.
    auto restored = restoredNumbers(db);
    if (!restored)
        return restored.error();
    const qint64 proven = restored->value(caCode, 0);
    if (value <= proven)
        return {};
    return makeError(ErrorCode::Integrity,
                     tr("The register raises the CRL numbers of the CA %1 to above %2, but no restore recorded a "
                        "number above %3 (register.restored events): the floor was written outside Tirkeu. No CRL "
                        "is published; check the register with audit verify.")
                         .arg(caCode)
                         .arg(value)
                         .arg(proven));
}

namespace {
// CRLReason codes (RFC 5280) the checks below name.
constexpr int kReasonKeyCompromise = 1;
constexpr int kReasonCaCompromise = 2;
constexpr int kReasonHold = 6;
constexpr int kReasonRemoveFromCrl = 8;
constexpr int kReasonAaCompromise = 10;
bool isCompromise(int reason) {
    return reason == kReasonKeyCompromise || reason == kReasonCaCompromise || reason == kReasonAaCompromise;
}
} // namespace

Status CrlNumbers::checkFolderCovered(Database& db, qint64 caId, const QString& folder, const QString& caCode) {
    if (folder.isEmpty() || caCode.isEmpty())
        return {};
    auto recorded = highestRecorded(db, caId);
    if (!recorded)
        return recorded.error();
    std::optional<QByteArray> caCert;
    std::optional<QHash<QString, int>> revoked; // serial as a CRL reads it -> the register's reason
    QStringList uncovered;
    QString uncoveredFile;
    quint64 uncoveredNumber = 0;
    for (const QString& file : crlFiles(folder, caCode)) {
        auto number = numberOfFile(file);
        if (!number)
            return number.error();
        if (!number->has_value() || **number <= *recorded)
            continue; // the register knows this CRL or a later one: it is at least as new as the file
        // A number above every CRL the register knows counts only for the CA's own CRL (a register put back from
        // an older copy): anyone who can write one file into the publish folder could otherwise push the CA's
        // numbers up to the end of their range (F20: a stranger's CRL numbered 2^63 - 1). Every such file is read,
        // not only the newest: that may be a delta or another partition's CRL (attack of session 30, A1).
        if (!caCert) {
            auto cert = db.scalar(QStringLiteral("SELECT certificate_der FROM cas WHERE id = ?"), {caId});
            if (!cert)
                return cert.error();
            caCert = cert->toByteArray();
        }
        QFile f; // a regular file only (C7: a pipe blocked the reader)
        const bool readable = pki::InputFiles::openRegular(f, file).ok();
        const QByteArray crl = readable ? f.readAll() : QByteArray();
        auto info = pki::CrlReader::read(crl);
        auto issuer = pki::CrlReader::subjectDer(*caCert);
        if (!readable || !info || !issuer || info->issuerDer != *issuer ||
            !pki::CrlReader::verifySignature(crl, *caCert))
            return makeError(ErrorCode::Invalid,
                             tr("%1 in the publish folder has CRL number %2, above every CRL the register knows, but "
                                "it is not a CRL of the CA %3 (not issued and signed by it): someone else wrote it "
                                "there. No CRL is published; move it away, check who may write in the folder, and "
                                "publish again.")
                                 .arg(QDir::toNativeSeparators(file))
                                 .arg(**number)
                                 .arg(caCode));
        // The CA's own CRL, newer than anything the register recorded: the register is older than it (a backup
        // restored into a new database or file). A CRL numbered above it that left out one of its entries would
        // take that revocation back for every relying party (RFC 5280 lets only a hold be removed): each entry
        // must be revoked in this register (attack of session 29, F4), and as firmly — a hold in the register
        // does not cover an entry revoked for good, nor another reason a compromise (attack of session 30, A1).
        if (!revoked) {
            auto rows = db.exec(QStringLiteral("SELECT serial, reason_code FROM revocations WHERE ca_id = ?"), {caId});
            if (!rows)
                return rows.error();
            revoked.emplace();
            while (rows->next())
                revoked->insert(pki::CrlReader::normaliseSerial(rows->value(0).toString()), rows->value(1).toInt());
        }
        for (const pki::CrlEntryInfo& entry : std::as_const(info->entries)) {
            if (entry.reason == kReasonRemoveFromCrl) // a delta's release
                continue;
            const auto it = revoked->constFind(entry.serialHex);
            QString why;
            if (it == revoked->constEnd())
                why = entry.serialHex;
            else if (entry.reason != kReasonHold && *it == kReasonHold)
                why = tr("%1 (only on hold here)").arg(entry.serialHex);
            else if (isCompromise(entry.reason) && !isCompromise(*it))
                why = tr("%1 (here for a reason other than a compromise)").arg(entry.serialHex);
            if (why.isEmpty())
                continue;
            if (uncovered.isEmpty()) {
                uncoveredFile = file;
                uncoveredNumber = **number;
            }
            if (!uncovered.contains(why))
                uncovered << why;
        }
    }
    if (uncovered.isEmpty())
        return {};
    return makeError(ErrorCode::Conflict,
                     tr("The CRL %1 of the CA %2 in the publish folder (number %3, newer than every CRL this register "
                        "recorded) lists %4 certificate(s) as revoked that this register does not have as revoked "
                        "(%5): the register is older than that CRL (a backup restored?). No CRL is published: one "
                        "that left them out would take their revocation back. Revoke them again in this register (a "
                        "certificate it does not know: restore a newer backup), then publish.")
                         .arg(QDir::toNativeSeparators(uncoveredFile), caCode)
                         .arg(uncoveredNumber)
                         .arg(uncovered.size())
                         .arg(uncovered.mid(0, 5).join(QStringLiteral(", ")) +
                              (uncovered.size() > 5 ? QStringLiteral(", …") : QString())));
}

Result<QString> CrlNumbers::folderCoverState(Database& db, qint64 caId, const QString& folder, const QString& caCode) {
    auto recorded = highestRecorded(db, caId);
    if (!recorded)
        return recorded.error();
    auto newest = db.row(QStringLiteral("SELECT coalesce((SELECT max(id) FROM revocations), 0), coalesce((SELECT "
                                        "max(id) FROM hold_releases), 0)"));
    if (!newest)
        return newest.error();
    QStringList state{QString::number(*recorded), newest->value(0).toString(), newest->value(1).toString()};
    if (!folder.isEmpty() && !caCode.isEmpty())
        for (const QString& file : crlFiles(folder, caCode)) {
            const QFileInfo info(file);
            state << file << QString::number(info.size()) << QString::number(info.lastModified().toMSecsSinceEpoch());
        }
    return state.join(QLatin1Char('|'));
}

Result<quint64> CrlNumbers::next(Database& db, qint64 caId, const QString& folder, const QString& caCode) {
    if (Status s = checkFloorProven(db, caId, caCode); !s)
        return s.error();
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
    if (Status s = checkFolderCovered(db, caId, folder, caCode); !s)
        return s.error();
    auto published = highestInFolder(folder, caCode);
    if (!published)
        return published.error();
    if (*published >= kHighest)
        return makeError(
            ErrorCode::Invalid,
            tr("The CA %1 has used every CRL number up to %2: no CRL can follow it.").arg(caCode).arg(*published));
    return std::max(*recorded, *published) + 1;
}

} // namespace tirkeu::registry
