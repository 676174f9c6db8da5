#include "registry/BatchRequests.h"

#include "pki/Csr.h"
#include "pki/FileModes.h"
#include "pki/InputFiles.h"
#include "registry/OutputFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <set>

namespace tirkeu::registry {

namespace {

// "12" or "12-3" (application 12, person 3 of its letter) → the item's application and person.
bool parseLabel(const QString& label, BatchItem& item) {
    static const QRegularExpression re(QStringLiteral("^([1-9][0-9]{0,17})(?:-([1-9][0-9]{0,4}))?$"));
    const auto m = re.match(label);
    if (!m.hasMatch())
        return false;
    item.applicationId = m.captured(1).toLongLong();
    item.personIndex = m.hasCaptured(2) ? m.captured(2).toInt() - 1 : -1;
    item.label = label;
    return true;
}

} // namespace

Result<std::vector<BatchRequest>> BatchRequests::fromDir(const QString& dir) {
    const QDir d(dir);
    if (dir.trimmed().isEmpty() || !d.exists())
        return makeError(ErrorCode::Io, tr("There is no folder %1.").arg(dir));
    static const QRegularExpression name(QStringLiteral("^([0-9-]+?)(-auth)?\\.csr$"));
    std::map<std::pair<qint64, int>, BatchRequest> found;
    QStringList ignored;
    for (const QString& file : d.entryList({QStringLiteral("*.csr")}, QDir::Files, QDir::Name)) {
        const auto m = name.match(file);
        BatchItem item;
        if (!m.hasMatch() || !parseLabel(m.captured(1), item)) {
            ignored << file;
            continue;
        }
        BatchRequest& in = found[{item.applicationId, item.personIndex}];
        in.item.applicationId = item.applicationId;
        in.item.personIndex = item.personIndex;
        in.item.label = item.label;
        (m.hasCaptured(2) ? in.authCsrFile : in.csrFile) = d.filePath(file);
    }
    if (!ignored.isEmpty())
        return makeError(ErrorCode::Usage, tr("%1 holds requests whose names are not <application>.csr or "
                                              "<application>-<person>.csr (-auth.csr for the authentication key): %2")
                                               .arg(dir, ignored.join(QStringLiteral(", "))));
    std::vector<BatchRequest> requests;
    for (auto& [key, in] : found) {
        if (in.csrFile.isEmpty())
            return makeError(
                ErrorCode::Usage,
                tr("%1 has no %2.csr beside %3.").arg(dir, in.item.label, QFileInfo(in.authCsrFile).fileName()));
        requests.push_back(std::move(in));
    }
    return requests;
}

Result<std::vector<BatchRequest>> BatchRequests::fromManifest(const QString& path) {
    QFile file;
    if (Status opened = pki::InputFiles::openRegular(file, path); !opened)
        return opened.error();
    const QDir base = QFileInfo(path).absoluteDir();
    std::vector<BatchRequest> requests;
    int lineNo = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNo;
        if (line.isEmpty() || (lineNo == 1 && line.startsWith(QStringLiteral("application"))))
            continue;
        const QStringList f = line.split(u',');
        BatchRequest in;
        const QString label = f.value(1).trimmed().isEmpty()
                                  ? f.value(0).trimmed()
                                  : f.value(0).trimmed() + QStringLiteral("-") + f.value(1).trimmed();
        if (f.size() < 3 || f.value(2).trimmed().isEmpty() || !parseLabel(label, in.item))
            return makeError(ErrorCode::Usage, tr("%1, line %2: expected application,person,csr[,auth_csr"
                                                  "[,media_serial]] (person empty unless a letter).")
                                                   .arg(path)
                                                   .arg(lineNo));
        in.csrFile = base.filePath(f.value(2).trimmed());
        if (!f.value(3).trimmed().isEmpty())
            in.authCsrFile = base.filePath(f.value(3).trimmed());
        in.item.mediaSerial = f.value(4).trimmed();
        requests.push_back(std::move(in));
    }
    return requests;
}

Status BatchRequests::prepare(std::vector<BatchRequest>& requests, const QString& outDir) {
    if (requests.empty())
        return makeError(ErrorCode::Usage, tr("No certificate request found."));
    if (outDir.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose the folder for the certificates."));
    // Every file the batch may write must be free before anything is issued.
    const QDir out(outDir);
    for (BatchRequest& in : requests) {
        in.out = out.filePath(in.item.label + QStringLiteral(".pem"));
        in.authOut = out.filePath(in.item.label + QStringLiteral("-auth.pem"));
        for (const QString& path : {in.out, in.authOut}) {
            // OutputFiles::checkNew also refuses a dangling symbolic link (QFileInfo::exists follows it).
            if (Status free = OutputFiles::checkNew(path); !free)
                return makeError(ErrorCode::Conflict, tr("%1 already exists: no certificate file is overwritten. "
                                                         "Choose another folder for the certificates.")
                                                          .arg(path));
        }
    }
    std::set<std::pair<qint64, int>> seen;
    for (const BatchRequest& in : requests)
        if (!seen.insert({in.item.applicationId, in.item.personIndex}).second)
            return makeError(ErrorCode::Usage, tr("Application %1 is listed twice.").arg(in.item.label));
    for (BatchRequest& in : requests) {
        auto csr = pki::Csr::readFile(in.csrFile);
        if (!csr)
            return csr.error();
        in.item.csr = *csr;
        if (!in.authCsrFile.isEmpty()) {
            auto authCsr = pki::Csr::readFile(in.authCsrFile);
            if (!authCsr)
                return authCsr.error();
            in.item.authCsr = *authCsr;
        }
    }
    return {};
}

std::vector<BatchItem> BatchRequests::items(const std::vector<BatchRequest>& requests) {
    std::vector<BatchItem> out;
    out.reserve(requests.size());
    for (const BatchRequest& in : requests)
        out.push_back(in.item);
    return out;
}

Status BatchRequests::createOutputFolder(const QString& outDir) {
    if (!QDir(outDir).exists() && !pki::FileModes::makeFolders(outDir, pki::FileModes::kPrivateFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(outDir)));
    return {};
}

std::vector<BatchFileProblem> BatchRequests::writeCommitted(const std::vector<BatchRequest>& requests,
                                                            const BatchResult& soFar,
                                                            const std::vector<std::size_t>& committed,
                                                            std::map<std::size_t, QStringList>& files) {
    std::vector<BatchFileProblem> problems;
    for (std::size_t i : committed) {
        const IssueResult& issued = soFar.items[i].issued;
        std::vector<std::pair<const IssueResult*, QString>> all{{&issued, requests[i].out}};
        for (const IssueResult& also : issued.alsoIssued)
            all.push_back({&also, requests[i].authOut});
        for (const auto& [cert, path] : all) {
            if (Status written = OutputFiles::writeCertificate(path, cert->der); !written)
                problems.push_back({cert->serialHex, written.message()});
            else
                files[i] << path;
        }
    }
    return problems;
}

} // namespace tirkeu::registry
