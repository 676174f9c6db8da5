#include "app/cli/CaCommands.h"

#include "app/cli/Table.h"
#include "registry/CaDirectory.h"
#include "registry/Revocations.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addCaCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CaAddCommand>());
    all.push_back(std::make_unique<CaListCommand>());
    all.push_back(std::make_unique<CaSetCommand>());
    all.push_back(std::make_unique<CaShowCommand>());
}

QString CaAddCommand::summary() const {
    return tr("Register a certification authority in this register (administrators)");
}

void CaAddCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("short code, e.g. NCA-RSA").toStdString().c_str())                                       //
        ("name", po::value<std::string>()->required()->value_name("NAME"), tr("CA name").toStdString().c_str()) //
        ("kind", po::value<std::string>()->required()->value_name("KIND"),
         tr("root, government or national").toStdString().c_str()) //
        ("setting", po::value<std::vector<std::string>>()->value_name("KEY=VALUE"),
         tr("CA setting (repeatable): %1")
             .arg(registry::CaDirectory::settingKeys().join(QStringLiteral(", ")))
             .toStdString()
             .c_str());
}

int CaAddCommand::run(CliContext& ctx, const po::variables_map& vm) {
    forms::CaKind kind;
    if (!forms::caKindFromId(qs(vm, "kind"), &kind))
        return ctx.fail(ErrorCode::Usage,
                        tr("Unknown CA kind %1: use root, government or national.").arg(qs(vm, "kind")));
    QJsonObject settings;
    if (has(vm, "setting")) {
        for (const std::string& kv : vm["setting"].as<std::vector<std::string>>()) {
            const QString text = QString::fromStdString(kv);
            const qsizetype eq = text.indexOf(u'=');
            if (eq <= 0)
                return ctx.fail(ErrorCode::Usage, tr("A setting is KEY=VALUE: %1").arg(text));
            auto value = registry::CaDirectory::parseSettingValue(text.left(eq), text.mid(eq + 1));
            if (!value)
                return ctx.fail(value.error());
            settings.insert(registry::CaDirectory::canonicalSettingKey(text.left(eq)), *value);
        }
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto id = (*ctx.reg())->cas().add(*session, qs(vm, "code"), qs(vm, "name"), kind, settings);
    if (!id)
        return ctx.fail(id.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("code"), qs(vm, "code")}});
    else
        ctx.out() << tr("CA %1 added.").arg(qs(vm, "code")) << Qt::endl;
    return 0;
}

QString CaListCommand::summary() const {
    return tr("List the certification authorities of this register");
}

namespace {

// certificate_state in `ca list --json`.
QString certificateStateId(registry::CaCertificateState::Kind kind) {
    using Kind = registry::CaCertificateState::Kind;
    switch (kind) {
    case Kind::NoKey:
        return QStringLiteral("no_key");
    case Kind::Waiting:
        return QStringLiteral("waiting_for_certificate");
    case Kind::Unreadable:
        return QStringLiteral("unreadable");
    case Kind::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case Kind::Valid:
        return QStringLiteral("valid");
    case Kind::Expired:
        return QStringLiteral("expired");
    case Kind::Revoked:
        return QStringLiteral("revoked");
    }
    return {};
}

} // namespace

int CaListCommand::run(CliContext& ctx, const po::variables_map&) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = (*ctx.reg())->cas().list(*session);
    if (!list)
        return ctx.fail(list.error());
    QList<registry::CaCertificateState> states;
    for (const auto& c : *list) {
        auto state = (*ctx.reg())->cas().certificateState(c);
        if (!state)
            return ctx.fail(state.error());
        states << *state;
    }
    if (ctx.json()) {
        QJsonArray arr;
        for (qsizetype i = 0; i < list->size(); ++i) {
            const registry::CaRecord& c = list->at(i);
            const registry::CaCertificateState& st = states.at(i);
            QJsonObject o{{QStringLiteral("code"), c.code},
                          {QStringLiteral("name"), c.name},
                          {QStringLiteral("kind"), forms::caKindId(c.kind)},
                          {QStringLiteral("settings"), c.settings},
                          {QStringLiteral("has_certificate"), !c.certificateDer.isEmpty()},
                          {QStringLiteral("certificate_state"), certificateStateId(st.kind)}};
            if (st.notAfter.isValid())
                o.insert(QStringLiteral("not_after"), st.notAfter.toUTC().toString(Qt::ISODate));
            if (st.kind == registry::CaCertificateState::Kind::Revoked) {
                o.insert(QStringLiteral("revoked_by"), st.revokedBy);
                o.insert(QStringLiteral("revoked_at"), st.revokedAt.toUTC().toString(Qt::ISODate));
                o.insert(QStringLiteral("revocation_reason"), registry::Revocations::reasonName(st.reason));
            }
            arr.append(o);
        }
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Code"), tr("Kind"), tr("Name"), tr("Certificate")});
    for (qsizetype i = 0; i < list->size(); ++i) {
        const registry::CaRecord& c = list->at(i);
        t.add({c.code, forms::caKindId(c.kind), c.name, registry::CaDirectory::describe(states.at(i))});
    }
    t.print(ctx.out());
    return 0;
}

QString CaSetCommand::summary() const {
    return tr("Change settings of a CA: publication pointers, CRL periods, policies, name layout, hold "
              "(administrators)");
}

void CaSetCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("the CA's code").toStdString().c_str()) //
        ("assignment", po::value<std::vector<std::string>>()->value_name("KEY=VALUE"),
         tr("settings to change: %1 (aliases crl_url, delta_crl_url, ca_issuers_url); an empty value clears a "
            "text")
             .arg(registry::CaDirectory::settingKeys().join(QStringLiteral(", ")))
             .toStdString()
             .c_str());
}

int CaSetCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (!has(vm, "assignment"))
        return ctx.fail(ErrorCode::Usage, tr("Give at least one KEY=VALUE; known settings: %1.")
                                              .arg(registry::CaDirectory::settingKeys().join(QStringLiteral(", "))));
    QJsonObject changes;
    for (const std::string& kv : vm["assignment"].as<std::vector<std::string>>()) {
        const QString text = QString::fromStdString(kv);
        const qsizetype eq = text.indexOf(u'=');
        if (eq <= 0)
            return ctx.fail(ErrorCode::Usage, tr("A setting is KEY=VALUE: %1").arg(text));
        auto value = registry::CaDirectory::parseSettingValue(text.left(eq), text.mid(eq + 1));
        if (!value)
            return ctx.fail(value.error());
        changes.insert(registry::CaDirectory::canonicalSettingKey(text.left(eq)), *value);
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = (*ctx.reg())->cas().updateSettings(*session, qs(vm, "code"), changes); !s)
        return ctx.fail(s.error());
    auto ca = (*ctx.reg())->cas().find(qs(vm, "code"));
    if (!ca)
        return ctx.fail(ca.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("code"), ca->code}, {QStringLiteral("settings"), ca->settings}});
        return 0;
    }
    ctx.out() << tr("CA %1: settings saved.").arg(ca->code) << Qt::endl;
    const QStringList missing = registry::CaDirectory::missingPointers(*ca);
    if (!missing.isEmpty())
        ctx.out() << tr("Still to set before this CA issues: %1").arg(missing.join(QStringLiteral(", "))) << Qt::endl;
    return 0;
}

QString CaShowCommand::summary() const {
    return tr("Show a CA and all its settings");
}

void CaShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("the CA's code").toStdString().c_str());
}

int CaShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    // Reading a CA needs the same right as listing them.
    auto all = (*ctx.reg())->cas().list(*session);
    if (!all)
        return ctx.fail(all.error());
    auto ca = (*ctx.reg())->cas().find(qs(vm, "code"));
    if (!ca)
        return ctx.fail(ca.error());
    const QStringList missing = registry::CaDirectory::missingPointers(*ca);
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("code"), ca->code},
                                  {QStringLiteral("name"), ca->name},
                                  {QStringLiteral("kind"), forms::caKindId(ca->kind)},
                                  {QStringLiteral("has_certificate"), !ca->certificateDer.isEmpty()},
                                  {QStringLiteral("settings"), ca->settings},
                                  {QStringLiteral("missing_pointers"), QJsonArray::fromStringList(missing)}});
        return 0;
    }
    printLine(ctx.out(), tr("CA %1 (%2): %3").arg(ca->code, forms::caKindId(ca->kind), ca->name));
    Table t({tr("Setting"), tr("Value")});
    for (const QString& key : registry::CaDirectory::settingKeys()) {
        const QJsonValue v = ca->settings.value(key);
        t.add({key, v.isBool()     ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                    : v.isDouble() ? QString::number(v.toInt())
                                   : v.toString()});
    }
    t.print(ctx.out());
    if (!missing.isEmpty())
        printLine(ctx.out(), tr("Not set yet (a %1 CA refuses to issue without them): %2")
                                 .arg(forms::caKindId(ca->kind), missing.join(QStringLiteral(", "))));
    ctx.out().flush();
    return 0;
}

} // namespace tirkeu::cli
