#include "app/cli/ReissueCommands.h"

#include "registry/Applications.h"
#include "registry/OutputFiles.h"

#include <QFileInfo>

namespace tirkeu::cli {

void addReissueCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<ApplicationPrefillCommand>());
}

QString ApplicationPrefillCommand::summary() const {
    return tr("Write the form data of the application a certificate came from, to edit and submit as its re-issue "
              "(application submit --replaces)");
}

void ApplicationPrefillCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("serial", po::value<std::string>()->required()->value_name("HEX"),
         tr("serial of the certificate to re-issue").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE.json"),
         tr("new file for the form data").toStdString().c_str());
}

int ApplicationPrefillCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const QString out = qs(vm, "out");
    if (Status free = registry::OutputFiles::checkNew(out); !free)
        return ctx.fail(free.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto t = (*ctx.reg())->applications().reissueTemplate(*session, qs(vm, "ca"), qs(vm, "serial"));
    if (!t)
        return ctx.fail(t.error());
    const QByteArray json = QJsonDocument(t->data).toJson(QJsonDocument::Indented);
    if (Status written = registry::OutputFiles::writeNew(out, json, registry::FileSecrecy::Personal); !written)
        return ctx.fail(written.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("ca"), t->caCode},
                                  {QStringLiteral("form"), t->formCode},
                                  {QStringLiteral("serial"), t->serial},
                                  {QStringLiteral("file"), out}});
        return 0;
    }
    ctx.out() << tr("Form %1 data of certificate %2 written to %3. Check it, then: tirkeu-cli application submit --ca "
                    "%4 --form %1 --data %3 --replaces %2 …")
                     .arg(t->formCode, t->serial, out, t->caCode)
              << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
