// tirkeu-cli crl …: publishing a CA's CRLs.
#include "app/cli/CrlCommands.h"

#include "app/cli/CaPassphrase.h"
#include "app/cli/Table.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/CrlPublisher.h"
#include "registry/Revocations.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addCrlCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CrlPublishCommand>());
    all.push_back(std::make_unique<CrlStatusCommand>());
}

QString CrlPublishCommand::summary() const {
    return tr("Publish a CA's full or delta CRL into a folder (unattended: passphrase from a file)");
}

void CrlPublishCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("DIR"),
         tr("folder the web server publishes from").toStdString().c_str()) //
        ("delta",
         tr("a delta CRL against the last full CRL (refused for a CA with partitioned CRLs)").toStdString().c_str()) //
        ("new-folder", tr("confirm that DIR is new to a CA that has published its CRLs elsewhere (recorded); without "
                          "it such a folder is refused, so a register put back from an older copy cannot repeat a "
                          "CRL number")
                           .toStdString()
                           .c_str());
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
    auto crl =
        engine.publishCrl(*session, qs(vm, "ca"), qs(vm, "out"), has(vm, "delta"), *secret, has(vm, "new-folder"));
    if (!crl)
        return ctx.fail(crl.error());
    // Revocations dated after the CRL's time (a clock that was ahead): said on stderr, also with --json.
    if (!crl->warning.isEmpty())
        ctx.err() << tr("Warning: %1").arg(crl->warning) << Qt::endl;
    for (const registry::CrlPublication& part : crl->partitions)
        if (!part.warning.isEmpty())
            ctx.err() << tr("Warning: %1").arg(part.warning) << Qt::endl;
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
        if (!crl->distribution.isEmpty()) {
            // A partitioned CA: its own CRL (above) and every partition's.
            o.insert(QStringLiteral("distribution_point"), crl->distribution);
            QJsonArray parts;
            for (const registry::CrlPublication& p : crl->partitions)
                parts.append(QJsonObject{{QStringLiteral("partition"), p.partition},
                                         {QStringLiteral("distribution_point"), p.distribution},
                                         {QStringLiteral("crl_number"), qint64(p.number)},
                                         {QStringLiteral("entries"), p.entries},
                                         {QStringLiteral("size"), p.size},
                                         {QStringLiteral("sha256"), p.sha256},
                                         {QStringLiteral("der"), p.derPath},
                                         {QStringLiteral("pem"), p.pemPath}});
            o.insert(QStringLiteral("partitions"), parts);
        }
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
    for (const registry::CrlPublication& p : crl->partitions)
        ctx.out() << tr("Partition %1 (%2): CRL %3, %4 entries, %5 bytes: %6")
                         .arg(p.partition, p.distribution)
                         .arg(p.number)
                         .arg(p.entries)
                         .arg(p.size)
                         .arg(p.derPath)
                  << Qt::endl;
    return 0;
}

QString CrlStatusCommand::summary() const {
    return tr("Show a CA's last full and delta CRL and the publications it owes (key compromises not yet in a "
              "published CRL)");
}

void CrlStatusCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str());
}

namespace {
QJsonValue crlJson(const std::optional<registry::CrlPublication>& c) {
    if (!c)
        return QJsonValue::Null;
    QJsonObject o{{QStringLiteral("crl_number"), qint64(c->number)},
                  {QStringLiteral("this_update"), registry::toDbTime(c->thisUpdate)},
                  {QStringLiteral("next_update"), registry::toDbTime(c->nextUpdate)},
                  {QStringLiteral("entries"), c->entries},
                  {QStringLiteral("sha256"), c->sha256},
                  {QStringLiteral("file"), c->derPath}};
    if (c->deltaBase)
        o.insert(QStringLiteral("delta_base"), qint64(*c->deltaBase));
    return o;
}
} // namespace

int CrlStatusCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto st = registry::CrlPublisher(**ctx.reg()).status(*session, qs(vm, "ca"));
    if (!st)
        return ctx.fail(st.error());
    if (ctx.json()) {
        QJsonArray owed;
        for (const registry::OwedPublication& o : st->owed)
            owed.append(QJsonObject{{QStringLiteral("serial"), o.serial},
                                    {QStringLiteral("reason"), registry::Revocations::reasonName(o.reasonCode)},
                                    {QStringLiteral("recorded_at"), registry::toDbTime(o.recordedAt)}});
        QJsonArray pending;
        for (const registry::PendingPublication& p : st->pending) {
            QJsonObject o{{QStringLiteral("crl_number"), qint64(p.number)},
                          {QStringLiteral("state"), p.state},
                          {QStringLiteral("folder"), p.folder},
                          {QStringLiteral("reserved_at"), registry::toDbTime(p.reservedAt)}};
            if (p.deltaBase)
                o.insert(QStringLiteral("delta_base"), qint64(*p.deltaBase));
            pending.append(o);
        }
        ctx.printJson(QJsonObject{{QStringLiteral("ca"), st->caCode},
                                  {QStringLiteral("publish_dir"), st->publishDir},
                                  {QStringLiteral("full"), crlJson(st->lastFull)},
                                  {QStringLiteral("delta"), crlJson(st->lastDelta)},
                                  {QStringLiteral("owed"), owed},
                                  {QStringLiteral("pending"), pending}});
        return 0;
    }
    const auto line = [&](const QString& what, const std::optional<registry::CrlPublication>& c) {
        if (!c) {
            printLine(ctx.out(), tr("%1: none published").arg(what));
            return;
        }
        printLine(ctx.out(),
                  tr("%1: number %2, %3 entries, this update %4, next update %5 (%6)")
                      .arg(what)
                      .arg(c->number)
                      .arg(c->entries)
                      .arg(c->thisUpdate.toString(Qt::ISODate), c->nextUpdate.toString(Qt::ISODate), c->derPath));
    };
    line(tr("Full CRL"), st->lastFull);
    line(tr("Delta CRL"), st->lastDelta);
    // Unfinished publications (a crash or a failure): the next crl publish into that folder finishes
    // or abandons each one.
    for (const registry::PendingPublication& p : st->pending)
        printLine(ctx.out(),
                  (p.state == u"written"
                       ? tr("Pending: CRL number %1 was written but not marked published (%2, since %3); the "
                            "next crl publish --out %2 finishes it.")
                       : tr("Pending: CRL number %1 was reserved but not written (%2, since %3); the next crl "
                            "publish --out %2 abandons it."))
                      .arg(p.number)
                      .arg(p.folder, p.reservedAt.toString(Qt::ISODate)));
    if (st->owed.isEmpty()) {
        printLine(ctx.out(), tr("Nothing owed: every key compromise is in a published CRL."));
        ctx.out().flush();
        return 0;
    }
    if (st->publishDir.isEmpty())
        // Nothing publishes at once at a CA without a publish folder (attack of session 30, A9).
        printLine(ctx.out(), tr("Owed: %1 key compromise(s) not yet in a published CRL. The CA %2 has no publish "
                                "folder (publish_dir), so no CRL is published after a key compromise: publish now "
                                "(tirkeu-cli crl publish --ca %2 --out FOLDER), or set one (tirkeu-cli ca set --code "
                                "%2 publish_dir=FOLDER):")
                                 .arg(st->owed.size())
                                 .arg(st->caCode));
    else
        printLine(ctx.out(),
                  tr("Owed: %1 key compromise(s) not yet in a published CRL; publish now (tirkeu-cli crl publish "
                     "--ca %2 --delta --out %3):")
                      .arg(st->owed.size())
                      .arg(st->caCode, st->publishDir));
    for (const registry::OwedPublication& o : st->owed)
        printLine(ctx.out(), QStringLiteral("  %1  %2  %3")
                                 .arg(o.serial, registry::Revocations::reasonName(o.reasonCode),
                                      registry::toDbTime(o.recordedAt)));
    ctx.out().flush();
    return 0;
}

} // namespace tirkeu::cli
