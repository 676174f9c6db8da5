#include "app/cli/CaKeyCommands.h"

#include "app/cli/CaPassphrase.h"
#include "app/cli/Table.h"
#include "pki/Certificate.h"
#include "registry/CaEngine.h"
#include "registry/OutputFiles.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"
#include "reports/KeyShareHandover.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace tirkeu::cli {

using registry::CaEngine;

namespace {
const char kNewPassphraseEnv[] = "TIRKEU_NEW_CA_PASSPHRASE";

QStringList strings(const po::variables_map& vm, const char* key) {
    QStringList out;
    if (vm.count(key)) {
        for (const std::string& s : vm[key].as<std::vector<std::string>>())
            out << QString::fromStdString(s);
    }
    return out;
}

// The certificate as PEM or DER into a new file (never replaces one), written atomically.
Status exportCertificate(const QString& path, const QByteArray& der, const QString& format) {
    if (format != u"pem" && format != u"der")
        return makeError(ErrorCode::Usage,
                         CertificateExportCommand::tr("The format is pem or der, not %1.").arg(format));
    if (path.isEmpty())
        return makeError(ErrorCode::Usage, CertificateExportCommand::tr("No output file given (--out FILE)."));
    if (Status free = registry::OutputFiles::checkNew(path); !free)
        return free;
    auto cert = pki::Certificate::parse(der);
    if (!cert)
        return cert.error();
    return registry::OutputFiles::writeNew(path, format == u"der" ? cert->der() : cert->pem(),
                                           registry::FileSecrecy::Public);
}

QJsonObject exportJson(const QString& path, const QByteArray& der, const QString& format) {
    auto cert = pki::Certificate::parse(der);
    return QJsonObject{
        {QStringLiteral("file"), QFileInfo(path).absoluteFilePath()},
        {QStringLiteral("format"), format},
        {QStringLiteral("serial"), cert ? cert->serialHex() : QString()},
        {QStringLiteral("subject"), cert ? cert->subjectDisplay() : QString()},
        {QStringLiteral("sha256"), cert ? QString::fromLatin1(cert->sha256Fingerprint().toHex()) : QString()}};
}
} // namespace

void addCaKeyCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CaBackupCommand>());
    all.push_back(std::make_unique<CaBackupsCommand>());
    all.push_back(std::make_unique<CaRestoreCommand>());
    all.push_back(std::make_unique<CaExportCommand>());
    all.push_back(std::make_unique<CertificateExportCommand>());
}

// ---- ca backup ----

QString CaBackupCommand::summary() const {
    return tr("Back up a CA key: encrypted file plus one share file per custodian (administrators)");
}

void CaBackupCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("shares", po::value<int>()->default_value(registry::RulesBook::kFloorKeyBackupShares)->value_name("N"),
         tr("number of custodians (share files); at least %1")
             .arg(registry::RulesBook::kFloorKeyBackupShares)
             .toStdString()
             .c_str()) //
        ("threshold", po::value<int>()->default_value(registry::RulesBook::kFloorKeyBackupThreshold)->value_name("K"),
         tr("shares needed to restore the key; at least %1")
             .arg(registry::RulesBook::kFloorKeyBackupThreshold)
             .toStdString()
             .c_str()) //
        ("custodian", po::value<std::vector<std::string>>()->value_name("NAME;POSITION"),
         tr("the custodian of the next share: full name and position separated by \";\" (once per share, in "
            "share order)")
             .toStdString()
             .c_str()) //
        ("out", po::value<std::string>()->required()->value_name("DIR"),
         tr("folder for the backup and share files (created if missing; nothing is overwritten)")
             .toStdString()
             .c_str());
    addCaPassphraseOption(d);
}

int CaBackupCommand::run(CliContext& ctx, const po::variables_map& vm) {
    // Signed in first: nobody is asked for the CA key's passphrase who may not back it up anyway.
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = registry::Roles::require(*session, registry::Permission::BackupCaKey); !s)
        return ctx.fail(s.error());
    auto secret = caPassphraseSource(vm);
    if (!secret)
        return ctx.fail(secret.error());
    QList<registry::KeyCustodian> custodians;
    for (const QString& c : strings(vm, "custodian")) {
        const qsizetype sep = c.indexOf(u';');
        if (sep < 0)
            return ctx.fail(ErrorCode::Usage,
                            tr("--custodian takes \"full name;position\": %1 has no position.").arg(c));
        custodians << registry::KeyCustodian{c.left(sep).trimmed(), c.mid(sep + 1).trimmed()};
    }
    // The hand-over record's name must be free before the backup is made (it is printed after it).
    const QString handover = reports::KeyShareHandover::pathIn(qs(vm, "out"), qs(vm, "ca"));
    if (Status s = registry::OutputFiles::checkNew(handover); !s)
        return ctx.fail(s.error());
    auto backup = CaEngine(**ctx.reg())
                      .backupKey(*session, qs(vm, "ca"), qs(vm, "out"), vm["shares"].as<int>(),
                                 vm["threshold"].as<int>(), custodians, *secret);
    if (!backup)
        return ctx.fail(backup.error());
    // The printed hand-over record, signed by each custodian on receipt of the share.
    if (Status s = reports::KeyShareHandover::save(*backup, handover); !s)
        return ctx.fail(s.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("ca"), qs(vm, "ca")},
                                  {QStringLiteral("backup_id"), backup->backupId},
                                  {QStringLiteral("key_fingerprint"), backup->fingerprint},
                                  {QStringLiteral("shares"), backup->shares},
                                  {QStringLiteral("threshold"), backup->threshold},
                                  {QStringLiteral("backup_file"), backup->backupFile},
                                  {QStringLiteral("share_files"), QJsonArray::fromStringList(backup->shareFiles)},
                                  {QStringLiteral("handover_record"), handover}});
        return 0;
    }
    ctx.out() << tr("Key of CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give each "
                    "custodian one share file and delete it here:")
                     .arg(qs(vm, "ca"), backup->fingerprint, backup->backupFile)
                     .arg(backup->threshold)
                     .arg(backup->shares)
              << '\n';
    for (int i = 0; i < backup->shareFiles.size(); ++i)
        printLine(ctx.out(), QStringLiteral("  ") + backup->shareFiles.at(i) + QStringLiteral("  ") +
                                 backup->custodians.value(i).name);
    ctx.out() << tr("Hand-over record to print and sign: %1").arg(handover) << '\n';
    ctx.out().flush();
    return 0;
}

// ---- ca backups ----

QString CaBackupsCommand::summary() const {
    return tr("List a CA's key backups; print a backup's hand-over record again (administrators)");
}

void CaBackupsCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("print", po::value<std::string>()->value_name("BACKUP"),
         tr("print the hand-over record of this backup again (marked as a copy)").toStdString().c_str()) //
        ("out", po::value<std::string>()->value_name("FILE.pdf"),
         tr("where --print writes the record").toStdString().c_str());
}

int CaBackupsCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (has(vm, "print") != has(vm, "out"))
        return ctx.fail(ErrorCode::Usage, tr("--print BACKUP and --out FILE.pdf go together."));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    CaEngine engine(**ctx.reg());
    if (has(vm, "print")) {
        auto backup = engine.keyBackup(*session, qs(vm, "ca"), qs(vm, "print"));
        if (!backup)
            return ctx.fail(backup.error());
        const QString out = QFileInfo(qs(vm, "out")).absoluteFilePath();
        const QString by = session->fullName.isEmpty() ? session->login : session->fullName;
        if (Status s = reports::KeyShareHandover::saveCopy(*backup, by, (*ctx.reg())->clock().now(), out); !s)
            return ctx.fail(s.error());
        if (ctx.json()) {
            ctx.printJson(
                QJsonObject{{QStringLiteral("backup_id"), backup->backupId}, {QStringLiteral("handover_record"), out}});
            return 0;
        }
        ctx.out()
            << tr("The hand-over record of the key backup %1 printed again (a copy): %2").arg(backup->backupId, out)
            << '\n';
        ctx.out().flush();
        return 0;
    }
    auto backups = engine.keyBackups(*session, qs(vm, "ca"));
    if (!backups)
        return ctx.fail(backups.error());
    if (ctx.json()) {
        QJsonArray rows;
        for (const registry::KeyBackupResult& b : std::as_const(*backups)) {
            QJsonArray custodians;
            for (const registry::KeyCustodian& c : b.custodians)
                custodians.append(
                    QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("position"), c.position}});
            rows.append(QJsonObject{{QStringLiteral("backup_id"), b.backupId},
                                    {QStringLiteral("made_at"), b.madeAt.toString(Qt::ISODate)},
                                    {QStringLiteral("made_by"), b.madeBy},
                                    {QStringLiteral("key_fingerprint"), b.fingerprint},
                                    {QStringLiteral("shares"), b.shares},
                                    {QStringLiteral("threshold"), b.threshold},
                                    {QStringLiteral("backup_file"), b.backupFile},
                                    {QStringLiteral("share_files"), QJsonArray::fromStringList(b.shareFiles)},
                                    {QStringLiteral("custodians"), custodians},
                                    {QStringLiteral("failure"), b.failure}});
        }
        ctx.printJson(QJsonObject{{QStringLiteral("ca"), qs(vm, "ca")}, {QStringLiteral("backups"), rows}});
        return 0;
    }
    if (backups->isEmpty()) {
        ctx.out() << tr("The CA %1 has no recorded key backup.").arg(qs(vm, "ca")) << '\n';
        ctx.out().flush();
        return 0;
    }
    Table t({tr("Made"), tr("Backup"), tr("Scheme"), tr("By"), tr("Custodians"), tr("Files")});
    for (const registry::KeyBackupResult& b : std::as_const(*backups)) {
        QStringList names;
        for (const registry::KeyCustodian& c : b.custodians)
            names << c.name;
        t.add({registry::displayDateTime(b.madeAt), b.backupId, tr("%1 of %2").arg(b.threshold).arg(b.shares), b.madeBy,
               names.join(QStringLiteral(", ")),
               b.failure.isEmpty() ? QFileInfo(b.backupFile).absolutePath()
                                   : tr("not written, removed: %1").arg(b.failure)});
    }
    t.print(ctx.out());
    return 0;
}

// ---- ca restore ----

QString CaRestoreCommand::summary() const {
    return tr("Restore a CA key from its backup and enough custodian shares (administrators)");
}

void CaRestoreCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("share", po::value<std::vector<std::string>>()->composing()->value_name("FILE"),
         tr("a custodian's share file (repeat for each share)").toStdString().c_str()) //
        ("backup", po::value<std::string>()->value_name("FILE"),
         tr("the encrypted backup (default: CODE.backup next to the first share)").toStdString().c_str()) //
        ("key-out", po::value<std::string>()->required()->value_name("FILE"),
         tr("new file for the restored key (encrypted PKCS#8, never overwritten)").toStdString().c_str()) //
        ("passphrase-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the restored key's new passphrase (else $TIRKEU_NEW_CA_PASSPHRASE)")
             .toStdString()
             .c_str()) //
        ("activate", tr("record the restored file as the CA's key in the register").toStdString().c_str());
}

int CaRestoreCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const QStringList shares = strings(vm, "share");
    if (shares.isEmpty())
        return ctx.fail(ErrorCode::Usage, tr("Give the custodians' share files with --share FILE (one per share)."));
    QString backup = qs(vm, "backup");
    if (backup.isEmpty())
        backup = QFileInfo(shares.first()).dir().filePath(qs(vm, "ca") + QStringLiteral(".backup"));
    pki::SecretSource passphrase;
    if (has(vm, "passphrase-file"))
        passphrase = pki::SecretSource::fromFile(qs(vm, "passphrase-file"));
    else if (qEnvironmentVariableIsSet(kNewPassphraseEnv))
        passphrase = pki::SecretSource::fromEnv(QLatin1String(kNewPassphraseEnv));
    else
        return ctx.fail(ErrorCode::Usage, tr("No passphrase for the restored key: use --passphrase-file FILE or set "
                                             "TIRKEU_NEW_CA_PASSPHRASE."));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto restored =
        CaEngine(**ctx.reg())
            .restoreKey(*session, qs(vm, "ca"), backup, shares, qs(vm, "key-out"), passphrase, has(vm, "activate"));
    if (!restored)
        return ctx.fail(restored.error());
    QStringList used;
    QJsonArray usedJson;
    for (int i : std::as_const(restored->sharesUsed)) {
        used << QString::number(i);
        usedJson.append(i);
    }
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("ca"), qs(vm, "ca")},
                                  {QStringLiteral("backup_id"), restored->backupId},
                                  {QStringLiteral("key_fingerprint"), restored->fingerprint},
                                  {QStringLiteral("key_file"), restored->keyFile},
                                  {QStringLiteral("shares_used"), usedJson},
                                  {QStringLiteral("activated"), restored->activated}});
        return 0;
    }
    ctx.out() << tr("Key of CA %1 (SHA-256 %2) restored with shares %3 into %4.")
                     .arg(qs(vm, "ca"), restored->fingerprint, used.join(QStringLiteral(", ")), restored->keyFile)
              << '\n';
    if (restored->activated)
        ctx.out() << tr("The register now uses this file as the CA's key.") << '\n';
    ctx.out().flush();
    return 0;
}

// ---- ca export ----

QString CaExportCommand::summary() const {
    return tr("Write a CA's certificate to a file (PEM or DER)");
}

void CaExportCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("format", po::value<std::string>()->default_value("pem")->value_name("pem|der"),
         tr("file format").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE"),
         tr("new file for the certificate").toStdString().c_str());
}

int CaExportCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const QString format = qs(vm, "format").toLower();
    if (format != u"pem" && format != u"der")
        return ctx.fail(ErrorCode::Usage, tr("The format is pem or der, not %1.").arg(format));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto der = CaEngine(**ctx.reg()).caCertificate(*session, qs(vm, "ca"));
    if (!der)
        return ctx.fail(der.error());
    if (Status s = exportCertificate(qs(vm, "out"), *der, format); !s)
        return ctx.fail(s.error());
    if (ctx.json()) {
        ctx.printJson(exportJson(qs(vm, "out"), *der, format));
        return 0;
    }
    ctx.out() << tr("Certificate of CA %1 written to %2 (%3).").arg(qs(vm, "ca"), qs(vm, "out"), format.toUpper())
              << Qt::endl;
    return 0;
}

// ---- certificate export ----

QString CertificateExportCommand::summary() const {
    return tr("Write an issued certificate to a file (PEM or DER)");
}

void CertificateExportCommand::addOptions(po::options_description& d) const {
    d.add_options()("serial", po::value<std::string>()->required()->value_name("HEX"),
                    tr("serial number in hex (colons allowed)").toStdString().c_str()) //
        ("ca", po::value<std::string>()->value_name("CODE"),
         tr("CA code (needed when two CAs used the same serial)").toStdString().c_str()) //
        ("format", po::value<std::string>()->default_value("pem")->value_name("pem|der"),
         tr("file format").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE"),
         tr("new file for the certificate").toStdString().c_str());
}

int CertificateExportCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const QString format = qs(vm, "format").toLower();
    if (format != u"pem" && format != u"der")
        return ctx.fail(ErrorCode::Usage, tr("The format is pem or der, not %1.").arg(format));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto c = CaEngine(**ctx.reg()).certificate(*session, qs(vm, "ca"), qs(vm, "serial"));
    if (!c)
        return ctx.fail(c.error());
    if (Status s = exportCertificate(qs(vm, "out"), c->der, format); !s)
        return ctx.fail(s.error());
    if (ctx.json()) {
        ctx.printJson(exportJson(qs(vm, "out"), c->der, format));
        return 0;
    }
    ctx.out()
        << tr("Certificate %1 of %2 written to %3 (%4).").arg(c->serialHex, c->caCode, qs(vm, "out"), format.toUpper())
        << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
