// `certificate issue-batch`: many approved applications from their holders' requests in one call,
// committed in durable groups (registry/IssuanceBatch); files are written only for committed certificates.
#include "app/cli/IssueBatchCommand.h"

#include "app/cli/CaPassphrase.h"
#include "app/cli/Table.h"
#include "registry/BatchRequests.h"
#include "registry/CaEngine.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <map>

namespace tirkeu::cli {

using registry::CaEngine;

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
    auto read = has(vm, "dir") ? registry::BatchRequests::fromDir(qs(vm, "dir"))
                               : registry::BatchRequests::fromManifest(qs(vm, "manifest"));
    if (!read)
        return ctx.fail(read.error());
    std::vector<registry::BatchRequest> inputs = std::move(read.value());
    const QDir outDir(qs(vm, "out"));
    if (Status ready = registry::BatchRequests::prepare(inputs, outDir.path()); !ready)
        return ctx.fail(ready.error());
    const std::vector<registry::BatchItem> items = registry::BatchRequests::items(inputs);
    auto secret = caPassphraseSource(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status folder = registry::BatchRequests::createOutputFolder(outDir.path()); !folder)
        return ctx.fail(folder.error());

    registry::BatchOptions options;
    options.groupSize = groupSize;
    QStringList writeProblems;
    std::map<std::size_t, QStringList> files; // what was written for each issued item
    CaEngine engine(**ctx.reg());
    // The files of a group are written only once the group is committed (the callback).
    auto result =
        engine.issueBatchFromCsrs(*session, items, *secret, options,
                                  [&](const registry::BatchResult& soFar, const std::vector<std::size_t>& committed) {
                                      for (const registry::BatchFileProblem& p :
                                           registry::BatchRequests::writeCommitted(inputs, soFar, committed, files))
                                          writeProblems
                                              << tr("Certificate %1 is issued and recorded, but: %2 Export it with "
                                                    "tirkeu-cli certificate show %1 --out FILE.")
                                                     .arg(p.serialHex, p.message);
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
                printLine(ctx.out(), tr("%1: certificate %2 issued for %3; written to %4.")
                                         .arg(fileOf(i), r.issued.serialHex, r.issued.subject,
                                              files[i].join(QStringLiteral(", "))));
            else if (r.outcome == registry::BatchOutcome::Refused)
                printLine(ctx.out(), tr("%1: refused: %2").arg(fileOf(i), r.error));
            else if (r.outcome == registry::BatchOutcome::Lost)
                printLine(ctx.out(), tr("%1: not issued (its group was not recorded): %2").arg(fileOf(i), r.error));
            ctx.out().flush();
        }
        for (const QString& problem : writeProblems)
            ctx.err() << printable(tr("tirkeu-cli: error: %1").arg(problem)) << Qt::endl; // names files
        if (!result->failure.isEmpty())
            ctx.err() << printable(tr("tirkeu-cli: error: %1").arg(result->failure)) << Qt::endl;
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
