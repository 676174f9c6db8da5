// `certificate issue-batch`: many approved applications from their holders' requests in one call,
// committed in durable groups (registry/IssuanceBatch); files are written only for committed certificates.
#include "app/cli/IssueBatchCommand.h"

#include "app/cli/CaPassphrase.h"
#include "app/cli/Table.h"
#include "registry/CaEngine.h"
#include "registry/OutputFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <map>
#include <set>

namespace tirkeu::cli {

using registry::CaEngine;

namespace {

// One request of the batch as found on disk: what it is for and where its files go.
struct BatchInput {
    registry::BatchItem item;
    QString csrFile;
    QString authCsrFile;
    QString out;     // the certificate's file
    QString authOut; // signing and authentication: the authentication certificate's file
};

Result<QByteArray> readRequest(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         CertificateIssueBatchCommand::tr("Cannot read the CSR %1: %2").arg(path, file.errorString()));
    return file.read(1 << 20);
}

// "12" or "12-3" (application 12, person 3 of its letter) → the item's application and person.
bool parseLabel(const QString& label, registry::BatchItem& item) {
    static const QRegularExpression re(QStringLiteral("^([1-9][0-9]{0,17})(?:-([1-9][0-9]{0,4}))?$"));
    const auto m = re.match(label);
    if (!m.hasMatch())
        return false;
    item.applicationId = m.captured(1).toLongLong();
    item.personIndex = m.hasCaptured(2) ? m.captured(2).toInt() - 1 : -1;
    item.label = label;
    return true;
}

// --dir: <application>.csr or <application>-<person>.csr, with <label>-auth.csr beside it for signing and
// authentication; nothing else may be there but other files are ignored.
Result<std::vector<BatchInput>> inputsFromDir(const QString& dir) {
    const QDir d(dir);
    if (!d.exists())
        return makeError(ErrorCode::Io, CertificateIssueBatchCommand::tr("There is no folder %1.").arg(dir));
    static const QRegularExpression name(QStringLiteral("^([0-9-]+?)(-auth)?\\.csr$"));
    std::map<std::pair<qint64, int>, BatchInput> found;
    QStringList ignored;
    for (const QString& file : d.entryList({QStringLiteral("*.csr")}, QDir::Files, QDir::Name)) {
        const auto m = name.match(file);
        registry::BatchItem item;
        if (!m.hasMatch() || !parseLabel(m.captured(1), item)) {
            ignored << file;
            continue;
        }
        BatchInput& in = found[{item.applicationId, item.personIndex}];
        in.item.applicationId = item.applicationId;
        in.item.personIndex = item.personIndex;
        in.item.label = item.label;
        (m.hasCaptured(2) ? in.authCsrFile : in.csrFile) = d.filePath(file);
    }
    if (!ignored.isEmpty())
        return makeError(ErrorCode::Usage,
                         CertificateIssueBatchCommand::tr("%1 holds requests whose names are not <application>.csr "
                                                          "or <application>-<person>.csr (-auth.csr for the "
                                                          "authentication key): %2")
                             .arg(dir, ignored.join(QStringLiteral(", "))));
    std::vector<BatchInput> inputs;
    for (auto& [key, in] : found) {
        if (in.csrFile.isEmpty())
            return makeError(ErrorCode::Usage, CertificateIssueBatchCommand::tr("%1 has no %2.csr beside %3.")
                                                   .arg(dir, in.item.label, QFileInfo(in.authCsrFile).fileName()));
        inputs.push_back(std::move(in));
    }
    return inputs;
}

// --manifest: CSV lines "application,person,csr[,auth_csr[,media_serial]]" (person empty unless a letter;
// paths relative to the manifest's folder; a first line starting with "application" is a header).
Result<std::vector<BatchInput>> inputsFromManifest(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return makeError(
            ErrorCode::Io,
            CertificateIssueBatchCommand::tr("Cannot read the manifest %1: %2").arg(path, file.errorString()));
    const QDir base = QFileInfo(path).absoluteDir();
    std::vector<BatchInput> inputs;
    int lineNo = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNo;
        if (line.isEmpty() || (lineNo == 1 && line.startsWith(QStringLiteral("application"))))
            continue;
        const QStringList f = line.split(u',');
        BatchInput in;
        const QString label = f.value(1).trimmed().isEmpty()
                                  ? f.value(0).trimmed()
                                  : f.value(0).trimmed() + QStringLiteral("-") + f.value(1).trimmed();
        if (f.size() < 3 || f.value(2).trimmed().isEmpty() || !parseLabel(label, in.item))
            return makeError(ErrorCode::Usage,
                             CertificateIssueBatchCommand::tr("%1, line %2: expected application,person,csr[,auth_csr"
                                                              "[,media_serial]] (person empty unless a letter).")
                                 .arg(path)
                                 .arg(lineNo));
        in.csrFile = base.filePath(f.value(2).trimmed());
        if (!f.value(3).trimmed().isEmpty())
            in.authCsrFile = base.filePath(f.value(3).trimmed());
        in.item.mediaSerial = f.value(4).trimmed();
        inputs.push_back(std::move(in));
    }
    return inputs;
}

} // namespace

QString CertificateIssueBatchCommand::summary() const {
    return tr("Issue the certificates of many approved applications (or persons of letters) from the holders' CSRs "
              "at once, recorded in groups; each file is written once its certificate is recorded (officers)");
}

void CertificateIssueBatchCommand::addOptions(po::options_description& d) const {
    d.add_options()("dir", po::value<std::string>()->value_name("DIR"),
                    tr("folder of requests named <application>.csr or <application>-<person>.csr (letters), with "
                       "<…>-auth.csr for the authentication key of a signing-and-authentication application")
                        .toStdString()
                        .c_str()) //
        ("manifest", po::value<std::string>()->value_name("CSV"),
         tr("instead of --dir: lines application,person,csr[,auth_csr[,media_serial]] (paths relative to the "
            "manifest)")
             .toStdString()
             .c_str()) //
        ("out", po::value<std::string>()->required()->value_name("DIR"),
         tr("folder for the certificates (<application>[-<person>].pem, -auth.pem; created if missing; no file "
            "is overwritten)")
             .toStdString()
             .c_str()) //
        ("group-size", po::value<int>()->default_value(64)->value_name("N"),
         tr("certificates recorded per durable transaction at most (1 to 10000)").toStdString().c_str());
    addCaPassphraseOption(d);
}

int CertificateIssueBatchCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (has(vm, "dir") == has(vm, "manifest"))
        return ctx.fail(ErrorCode::Usage, tr("Give either --dir DIR or --manifest CSV, not both."));
    const int groupSize = vm["group-size"].as<int>();
    if (groupSize < 1 || groupSize > 10000)
        return ctx.fail(ErrorCode::Usage, tr("--group-size is from 1 to 10000."));
    auto read = has(vm, "dir") ? inputsFromDir(qs(vm, "dir")) : inputsFromManifest(qs(vm, "manifest"));
    if (!read)
        return ctx.fail(read.error());
    std::vector<BatchInput> inputs = std::move(read.value());
    if (inputs.empty())
        return ctx.fail(ErrorCode::Usage, tr("No certificate request found."));
    // Every file the batch may write must be free before anything is issued.
    const QDir outDir(qs(vm, "out"));
    for (BatchInput& in : inputs) {
        in.out = outDir.filePath(in.item.label + QStringLiteral(".pem"));
        in.authOut = outDir.filePath(in.item.label + QStringLiteral("-auth.pem"));
        for (const QString& path : {in.out, in.authOut}) {
            // OutputFiles::checkNew also refuses a dangling symbolic link (QFileInfo::exists follows it).
            if (Status free = registry::OutputFiles::checkNew(path); !free)
                return ctx.fail(ErrorCode::Conflict,
                                tr("%1 already exists: no certificate file is overwritten. Choose another --out "
                                   "folder.")
                                    .arg(path));
        }
    }
    std::set<std::pair<qint64, int>> seen;
    for (const BatchInput& in : inputs) {
        if (!seen.insert({in.item.applicationId, in.item.personIndex}).second)
            return ctx.fail(ErrorCode::Usage, tr("Application %1 is listed twice.").arg(in.item.label));
    }
    std::vector<registry::BatchItem> items;
    for (BatchInput& in : inputs) {
        auto csr = readRequest(in.csrFile);
        if (!csr)
            return ctx.fail(csr.error());
        in.item.csr = *csr;
        if (!in.authCsrFile.isEmpty()) {
            auto authCsr = readRequest(in.authCsrFile);
            if (!authCsr)
                return ctx.fail(authCsr.error());
            in.item.authCsr = *authCsr;
        }
        items.push_back(in.item);
    }
    auto secret = caPassphraseSource(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (!outDir.exists() && !QDir().mkpath(outDir.path()))
        return ctx.fail(ErrorCode::Io, tr("Cannot create the folder %1.").arg(outDir.path()));

    registry::BatchOptions options;
    options.groupSize = groupSize;
    QStringList writeProblems;
    std::map<std::size_t, QStringList> files; // what was written for each issued item
    CaEngine engine(**ctx.reg());
    // The files of a group are written only once the group is committed (the callback).
    auto result = engine.issueBatchFromCsrs(
        *session, items, *secret, options,
        [&](const registry::BatchResult& soFar, const std::vector<std::size_t>& committed) {
            for (std::size_t i : committed) {
                const registry::IssueResult& issued = soFar.items[i].issued;
                std::vector<std::pair<const registry::IssueResult*, QString>> all{{&issued, inputs[i].out}};
                for (const registry::IssueResult& also : issued.alsoIssued)
                    all.push_back({&also, inputs[i].authOut});
                for (const auto& [cert, path] : all) {
                    if (Status written = registry::OutputFiles::writeCertificate(path, cert->der); !written)
                        writeProblems << tr("Certificate %1 is issued and recorded, but: %2 Export it with "
                                            "tirkeu-cli certificate show %1 --out FILE.")
                                             .arg(cert->serialHex, written.message());
                    else
                        files[i] << path;
                }
            }
            return true;
        });
    if (!result)
        return ctx.fail(result.error());
    const auto fileOf = [&](std::size_t i) { return QFileInfo(inputs[i].csrFile).fileName(); };
    if (ctx.json()) {
        QJsonArray issued, refused;
        for (std::size_t i = 0; i < result->items.size(); ++i) {
            const registry::BatchItemResult& r = result->items[i];
            QJsonObject o{{QStringLiteral("application"), items[i].applicationId},
                          {QStringLiteral("csr"), inputs[i].csrFile}};
            if (items[i].personIndex >= 0)
                o.insert(QStringLiteral("person"), items[i].personIndex + 1);
            if (r.outcome == registry::BatchOutcome::Issued) {
                o.insert(QStringLiteral("serial"), r.issued.serialHex);
                o.insert(QStringLiteral("subject"), r.issued.subject);
                o.insert(QStringLiteral("not_after"), isoTime(r.issued.notAfter));
                QJsonArray serials{r.issued.serialHex};
                for (const registry::IssueResult& also : r.issued.alsoIssued)
                    serials.append(also.serialHex);
                o.insert(QStringLiteral("serials"), serials);
                o.insert(QStringLiteral("files"), QJsonArray::fromStringList(files[i]));
                o.insert(QStringLiteral("group"), r.group);
                issued.append(o);
            } else {
                o.insert(QStringLiteral("outcome"),
                         r.outcome == registry::BatchOutcome::Refused ? QStringLiteral("refused")
                         : r.outcome == registry::BatchOutcome::Lost  ? QStringLiteral("lost")
                                                                      : QStringLiteral("not_issued"));
                o.insert(QStringLiteral("error"), r.error);
                refused.append(o);
            }
        }
        ctx.printJson(QJsonObject{{QStringLiteral("issued"), issued},
                                  {QStringLiteral("not_issued"), refused},
                                  {QStringLiteral("groups"), result->groups},
                                  {QStringLiteral("failure"), result->failure},
                                  {QStringLiteral("file_problems"), QJsonArray::fromStringList(writeProblems)}});
    } else {
        for (std::size_t i = 0; i < result->items.size(); ++i) {
            const registry::BatchItemResult& r = result->items[i];
            if (r.outcome == registry::BatchOutcome::Issued)
                ctx.out() << tr("%1: certificate %2 issued for %3; written to %4.")
                                 .arg(fileOf(i), r.issued.serialHex, r.issued.subject,
                                      files[i].join(QStringLiteral(", ")))
                          << Qt::endl;
            else if (r.outcome == registry::BatchOutcome::Refused)
                ctx.out() << tr("%1: refused: %2").arg(fileOf(i), r.error) << Qt::endl;
            else if (r.outcome == registry::BatchOutcome::Lost)
                ctx.out() << tr("%1: not issued (its group was not recorded): %2").arg(fileOf(i), r.error) << Qt::endl;
        }
        for (const QString& problem : writeProblems)
            ctx.err() << tr("tirkeu-cli: error: %1").arg(problem) << Qt::endl;
        if (!result->failure.isEmpty())
            ctx.err() << tr("tirkeu-cli: error: %1").arg(result->failure) << Qt::endl;
        ctx.out() << tr("Batch: %1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.")
                         .arg(result->issued)
                         .arg(result->items.size())
                         .arg(result->groups)
                         .arg(result->refused)
                         .arg(result->lost + result->notIssued)
                  << Qt::endl;
    }
    if (!result->failure.isEmpty() || result->lost > 0)
        return int(ErrorCode::Database);
    if (result->refused > 0 || result->notIssued > 0)
        return int(ErrorCode::Invalid);
    if (!writeProblems.isEmpty())
        return int(ErrorCode::Io);
    return 0;
}

} // namespace tirkeu::cli
