// tirkeu-cli crl …: publishing a CA's CRLs.
#include "app/cli/CrlCommands.h"

#include "app/cli/CaPassphrase.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"

namespace tirkeu::cli {

void addCrlCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CrlPublishCommand>());
}

QString CrlPublishCommand::summary() const {
    return tr("Publish a CA's full or delta CRL into a folder (unattended: passphrase from a file)");
}

void CrlPublishCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("DIR"),
         tr("folder the web server publishes from").toStdString().c_str()) //
        ("delta", tr("a delta CRL against the last full CRL").toStdString().c_str());
    addCaPassphraseOption(d);
}

int CrlPublishCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto secret = caPassphraseSource(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::CaEngine engine(**ctx.reg());
    auto crl = engine.publishCrl(*session, qs(vm, "ca"), qs(vm, "out"), has(vm, "delta"), *secret);
    if (!crl)
        return ctx.fail(crl.error());
    if (ctx.json()) {
        QJsonObject o{{QStringLiteral("ca"), qs(vm, "ca")},
                      {QStringLiteral("crl_number"), qint64(crl->number)},
                      {QStringLiteral("this_update"), registry::toDbTime(crl->thisUpdate)},
                      {QStringLiteral("next_update"), registry::toDbTime(crl->nextUpdate)},
                      {QStringLiteral("entries"), crl->entries},
                      {QStringLiteral("size"), crl->size},
                      {QStringLiteral("sha256"), crl->sha256},
                      {QStringLiteral("der"), crl->derPath},
                      {QStringLiteral("pem"), crl->pemPath}};
        if (crl->deltaBase)
            o.insert(QStringLiteral("delta_base"), qint64(*crl->deltaBase));
        ctx.printJson(o);
        return 0;
    }
    ctx.out() << (crl->deltaBase
                      ? tr("Delta CRL %1 (base %2) of %3: %4 entries, %5 bytes, next update %6.")
                            .arg(crl->number)
                            .arg(*crl->deltaBase)
                            .arg(qs(vm, "ca"))
                      : tr("CRL %1 of %2: %3 entries, %4 bytes, next update %5.").arg(crl->number).arg(qs(vm, "ca")))
                     .arg(crl->entries)
                     .arg(crl->size)
                     .arg(crl->nextUpdate.toString(Qt::ISODate))
              << '\n'
              << crl->derPath << '\n'
              << crl->pemPath << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
