#include "app/cli/AuditCommands.h"

#include "app/cli/Table.h"
#include "pki/AuditSignature.h"
#include "pki/CaKey.h"
#include "pki/InputFiles.h"
#include "pki/KeyGenerator.h"
#include "registry/OutputFiles.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

namespace tirkeu::cli {

namespace {

constexpr char kAuditPassphraseEnv[] = "TIRKEU_AUDIT_KEY_PASSPHRASE";

void addKeySecretOption(po::options_description& d) {
    d.add_options()("key-passphrase-file", po::value<std::string>()->value_name("FILE"),
                    AuditKeyInitCommand::tr("file whose first line is the audit key's passphrase or PIN (else "
                                            "$TIRKEU_AUDIT_KEY_PASSPHRASE)")
                        .toStdString()
                        .c_str());
}

pki::SecretSource keySecret(const po::variables_map& vm, const char* option) {
    if (has(vm, option))
        return pki::SecretSource::fromFile(qs(vm, option));
    return pki::SecretSource::fromEnv(QLatin1String(kAuditPassphraseEnv));
}

// The register's audit signing key, unlocked.
Result<std::unique_ptr<pki::CaKey>> openAuditKey(registry::Register& reg, const po::variables_map& vm) {
    auto info = reg.audit().auditKey();
    if (!info)
        return info.error();
    return pki::CaKey::open(info->uri, keySecret(vm, "key-passphrase-file"));
}

} // namespace

void addAuditCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<AuditVerifyCommand>());
    all.push_back(std::make_unique<AuditExportAnchorCommand>());
    all.push_back(std::make_unique<AuditListCommand>());
    all.push_back(std::make_unique<AuditKeyInitCommand>());
    all.push_back(std::make_unique<AuditPublishAnchorsCommand>());
    all.push_back(std::make_unique<AuditCheckpointCommand>());
}

QString AuditVerifyCommand::summary() const {
    return tr("Check the event log's hash chain, every protected row, and (with options) the signed anchors, "
              "archives and published CRLs; exit 8 and name the first damage found");
}

void AuditVerifyCommand::addOptions(po::options_description& d) const {
    d.add_options()("anchors", po::value<std::string>()->value_name("DIR"),
                    tr("check the chain against every signed daily anchor in DIR").toStdString().c_str()) //
        ("anchor-key", po::value<std::string>()->value_name("FILE"),
         tr("the audit public key (PEM) to check the anchors with (default: the key recorded in the register)")
             .toStdString()
             .c_str()) //
        ("crl", po::value<std::vector<std::string>>()->multitoken()->value_name("FILE..."),
         tr("published CRLs: every entry must be revoked in the register with the same reason and time")
             .toStdString()
             .c_str()) //
        ("archive", po::value<std::string>()->value_name("DIR"),
         tr("the retention sweep's archive folder: every archive batch must match its manifest").toStdString().c_str());
}

int AuditVerifyCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::AuditVerifyOptions options;
    options.anchorsDir = qs(vm, "anchors");
    options.archiveDir = qs(vm, "archive");
    if (has(vm, "anchor-key")) {
        if (options.anchorsDir.isEmpty())
            return ctx.fail(ErrorCode::Usage, tr("--anchor-key needs --anchors DIR."));
        auto bytes = pki::InputFiles::read(qs(vm, "anchor-key"));
        if (!bytes)
            return ctx.fail(bytes.error());
        auto key = pki::AuditSignature::publicKeyFromFile(*bytes);
        if (!key)
            return ctx.fail(ErrorCode::Usage, tr("%1: %2").arg(qs(vm, "anchor-key"), key.message()));
        options.anchorKey = *key;
    }
    if (has(vm, "crl"))
        for (const std::string& f : vm["crl"].as<std::vector<std::string>>())
            options.crlFiles << QString::fromStdString(f);
    auto report = (*ctx.reg())->audit().verify(*session, options);
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("ok"), report->ok},
                                  {QStringLiteral("events_checked"), report->eventsChecked},
                                  {QStringLiteral("anchors_checked"), report->anchorsChecked},
                                  {QStringLiteral("rows_checked"), report->rowsChecked},
                                  {QStringLiteral("signed_anchors_checked"), report->signedAnchorsChecked},
                                  {QStringLiteral("signed_checkpoints_checked"), report->signedCheckpointsChecked},
                                  {QStringLiteral("warnings"), QJsonArray::fromStringList(report->warnings)},
                                  {QStringLiteral("crl_entries_checked"), report->crlEntriesChecked},
                                  {QStringLiteral("first_bad_seq"), report->firstBadSeq},
                                  {QStringLiteral("bad_table"), report->badTable},
                                  {QStringLiteral("bad_key"), report->badKey},
                                  {QStringLiteral("problem"), report->problem}});
    if (!report->ok) {
        if (!report->badTable.isEmpty())
            return ctx.fail(ErrorCode::Integrity, tr("The register was changed outside Tirkeu (%1 row %2): %3")
                                                      .arg(report->badTable, report->badKey, report->problem));
        if (report->firstBadSeq > 0)
            return ctx.fail(
                ErrorCode::Integrity,
                tr("The event log is broken at event %1: %2").arg(report->firstBadSeq).arg(report->problem));
        return ctx.fail(ErrorCode::Integrity, tr("Verification failed: %1").arg(report->problem));
    }
    if (!ctx.json()) {
        ctx.out() << tr("The event log is intact: %1 events and %2 daily anchors checked.")
                         .arg(report->eventsChecked)
                         .arg(report->anchorsChecked)
                  << Qt::endl;
        ctx.out() << tr("Every protected row matches its event: %1 rows checked.").arg(report->rowsChecked) << Qt::endl;
        if (!options.anchorsDir.isEmpty())
            ctx.out() << tr("The chain matches %1 signed anchors and %2 signed checkpoints.")
                             .arg(report->signedAnchorsChecked)
                             .arg(report->signedCheckpointsChecked)
                      << Qt::endl;
        if (!options.crlFiles.isEmpty())
            ctx.out() << tr("%1 CRL entries are revoked in the register as published.").arg(report->crlEntriesChecked)
                      << Qt::endl;
    }
    for (const QString& warning : report->warnings)
        ctx.err() << tr("Warning: %1").arg(warning) << Qt::endl;
    return 0;
}

QString AuditExportAnchorCommand::summary() const {
    return tr("Write the signed anchor of a finished day (or today's current head, unsigned) as a small file to "
              "publish");
}

void AuditExportAnchorCommand::addOptions(po::options_description& d) const {
    d.add_options()("date", po::value<std::string>()->value_name("YYYY-MM-DD"),
                    tr("the day (default: yesterday)").toStdString().c_str()) //
        ("out", po::value<std::string>()->value_name("FILE"),
         tr("write to FILE instead of standard output").toStdString().c_str());
    addKeySecretOption(d);
}

int AuditExportAnchorCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    QDate day = reg->clock().today().addDays(-1);
    if (has(vm, "date")) {
        day = QDate::fromString(qs(vm, "date"), Qt::ISODate);
        if (!day.isValid())
            return ctx.fail(ErrorCode::Usage, tr("Not a date (YYYY-MM-DD): %1").arg(qs(vm, "date")));
    }
    // A finished day of a register with an audit key: the signed anchor. Otherwise the unsigned text.
    Result<QByteArray> text = makeError(ErrorCode::Failure, QString());
    auto key = reg->audit().auditKey();
    if (day < reg->clock().today() && key) {
        auto opened = openAuditKey(*reg, vm);
        if (!opened)
            return ctx.fail(opened.error());
        text = reg->audit().signedAnchor(*session, day, (*opened)->pkey());
    } else {
        if (!key && key.code() != ErrorCode::NotFound)
            return ctx.fail(key.error());
        text = reg->audit().exportAnchor(*session, day);
    }
    if (!text)
        return ctx.fail(text.error());
    if (!has(vm, "out")) {
        ctx.out() << QString::fromUtf8(*text);
        ctx.out().flush();
        return 0;
    }
    QSaveFile f(qs(vm, "out"));
    if (Status s = registry::OutputFiles::openPublic(f); !s)
        return ctx.fail(s.error());
    if (f.write(*text) != text->size() || !f.commit())
        return ctx.fail(ErrorCode::Io, tr("Cannot write %1.").arg(qs(vm, "out")));
    if (!ctx.json())
        ctx.out() << tr("Anchor written to %1.").arg(qs(vm, "out")) << Qt::endl;
    return 0;
}

QString AuditKeyInitCommand::summary() const {
    return tr("Set up the audit signing key that signs the daily anchors (administrators; never a CA key)");
}

void AuditKeyInitCommand::addOptions(po::options_description& d) const {
    d.add_options()("key-out", po::value<std::string>()->value_name("FILE"),
                    tr("generate a new key into FILE (encrypted PKCS#8)").toStdString().c_str()) //
        ("key-uri", po::value<std::string>()->value_name("pkcs11:..."),
         tr("use an existing key on a PKCS#11 token instead").toStdString().c_str()) //
        ("algorithm", po::value<std::string>()->default_value("p256")->value_name("p256|p384|rsa3072"),
         tr("algorithm of a generated key").toStdString().c_str()) //
        ("public-out", po::value<std::string>()->value_name("FILE"),
         tr("also write the public key (PEM) to FILE, to keep apart from the register").toStdString().c_str()) //
        ("replace", tr("replace the audit key already set up").toStdString().c_str());
    addKeySecretOption(d);
}

int AuditKeyInitCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (has(vm, "key-out") == has(vm, "key-uri"))
        return ctx.fail(ErrorCode::Usage, tr("Give either --key-out FILE (a new key file) or --key-uri pkcs11:... ."));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = registry::Roles::require(*session, registry::Permission::ManageAuditKey); !s)
        return ctx.fail(s.error());
    auto reg = *ctx.reg();
    // The public key's file is opened first: a name it cannot take (a symbolic link: C5) sets up nothing.
    QSaveFile publicOut(has(vm, "public-out") ? qs(vm, "public-out") : QString());
    if (has(vm, "public-out")) {
        if (Status s = registry::OutputFiles::openPublic(publicOut); !s)
            return ctx.fail(s.error());
    }
    QString uri;
    QByteArray publicKey;
    if (has(vm, "key-out")) {
        auto algorithm = pki::KeyGenerator::parse(qs(vm, "algorithm"));
        if (!algorithm)
            return ctx.fail(ErrorCode::Usage, algorithm.message());
        auto passphrase = keySecret(vm, "key-passphrase-file").read();
        if (!passphrase)
            return ctx.fail(ErrorCode::Usage, passphrase.message());
        auto key = pki::KeyGenerator::generate(*algorithm);
        if (!key)
            return ctx.fail(key.error());
        const QString path = QFileInfo(qs(vm, "key-out")).absoluteFilePath();
        if (Status s = pki::CaKey::writeEncryptedPkcs8(key->get(), path, *passphrase); !s)
            return ctx.fail(s.error());
        uri = QStringLiteral("file:") + path;
        auto opened = pki::CaKey::open(uri, pki::SecretSource::literal(*passphrase));
        if (!opened)
            return ctx.fail(opened.error());
        publicKey = (*opened)->publicKeyDer();
    } else {
        uri = qs(vm, "key-uri");
        auto opened = pki::CaKey::open(uri, keySecret(vm, "key-passphrase-file"));
        if (!opened)
            return ctx.fail(opened.error());
        publicKey = (*opened)->publicKeyDer();
    }
    if (Status s = reg->audit().setAuditKey(*session, uri, publicKey, has(vm, "replace")); !s)
        return ctx.fail(s.error());
    if (has(vm, "public-out")) {
        // The key verify trusts (--anchor-key): no one else may replace it, whatever the umask.
        const QByteArray pem = pki::AuditSignature::publicKeyPem(publicKey);
        if (publicOut.write(pem) != pem.size() || !publicOut.commit())
            return ctx.fail(ErrorCode::Io, tr("Cannot write %1.").arg(qs(vm, "public-out")));
    }
    const QString fp = pki::AuditSignature::fingerprint(publicKey);
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("uri"), uri}, {QStringLiteral("key_sha256"), fp}});
    else
        ctx.out() << tr("The audit signing key is set up: %1 (SHA-256 %2). Keep its public key apart from the "
                        "register.")
                         .arg(uri, fp)
                  << Qt::endl;
    return 0;
}

QString AuditPublishAnchorsCommand::summary() const {
    return tr("Write the signed anchor of every finished day not yet in a folder (the daily scheduled job)");
}

void AuditPublishAnchorsCommand::addOptions(po::options_description& d) const {
    d.add_options()("out", po::value<std::string>()->required()->value_name("DIR"),
                    tr("the anchor folder (kept outside the database)").toStdString().c_str());
    addKeySecretOption(d);
}

int AuditPublishAnchorsCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    auto key = openAuditKey(*reg, vm);
    if (!key)
        return ctx.fail(key.error());
    auto written = reg->audit().publishSignedAnchors(*session, qs(vm, "out"), (*key)->pkey());
    if (!written)
        return ctx.fail(written.error());
    if (ctx.json()) {
        ctx.printJson(QJsonArray::fromStringList(*written));
        return 0;
    }
    ctx.out() << tr("%n signed anchor(s) written to %1.", nullptr, int(written->size())).arg(qs(vm, "out")) << Qt::endl;
    return 0;
}

QString AuditCheckpointCommand::summary() const {
    return tr("Write a signed checkpoint of the event log's current head into the anchor folder (after every CRL "
              "run: pins today's events before the day's anchor)");
}

void AuditCheckpointCommand::addOptions(po::options_description& d) const {
    d.add_options()("out", po::value<std::string>()->required()->value_name("DIR"),
                    tr("the anchor folder (kept outside the database)").toStdString().c_str());
    addKeySecretOption(d);
}

int AuditCheckpointCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    auto key = openAuditKey(*reg, vm);
    if (!key)
        return ctx.fail(key.error());
    auto written = reg->audit().publishSignedCheckpoint(*session, qs(vm, "out"), (*key)->pkey());
    if (!written)
        return ctx.fail(written.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("written"), *written}});
        return 0;
    }
    if (written->isEmpty())
        ctx.out() << tr("The event log's head is already signed in %1; nothing written.").arg(qs(vm, "out"))
                  << Qt::endl;
    else
        ctx.out() << tr("Signed checkpoint written: %1").arg(*written) << Qt::endl;
    return 0;
}

QString AuditListCommand::summary() const {
    return tr("List event-log entries, newest first");
}

void AuditListCommand::addOptions(po::options_description& d) const {
    d.add_options()("subject", po::value<std::string>()->value_name("IIN|BIN|SERIAL"),
                    tr("only events about this subject").toStdString().c_str()) //
        ("limit", po::value<int>()->default_value(50), tr("at most this many events").toStdString().c_str());
}

int AuditListCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto events = (*ctx.reg())->audit().events(*session, qs(vm, "subject"), qBound(1, vm["limit"].as<int>(), 100000));
    if (!events)
        return ctx.fail(events.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& e : *events)
            arr.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                   {QStringLiteral("ts"), registry::toDbTime(e.ts)},
                                   {QStringLiteral("operator"), e.operatorLogin},
                                   {QStringLiteral("subject"), e.subject},
                                   {QStringLiteral("type"), e.type},
                                   {QStringLiteral("details"), e.details},
                                   {QStringLiteral("hash"), e.hash}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("No."), tr("Time"), tr("Operator"), tr("Event"), tr("Subject")});
    for (const auto& e : *events)
        t.add({QString::number(e.seq), registry::displayDateTime(e.ts, true), e.operatorLogin, e.type, e.subject});
    t.print(ctx.out());
    return 0;
}

} // namespace tirkeu::cli
