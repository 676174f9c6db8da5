// CA key backup among custodians and its restore (KeyBackup, SecretSharing).
#include "registry/CaKeyBackup.h"
#include "forms/Validation.h"

#include "pki/Certificate.h"
#include "pki/FileModes.h"
#include "pki/KeyBackup.h"
#include "pki/SecretSharing.h"
#include "registry/CaDirectory.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>

#include <algorithm>

namespace tirkeu::registry {

Result<KeyBackupResult> CaKeyBackup::backupKey(const Session& by, const QString& caCode, const QString& outDir,
                                               int shares, int threshold, const QList<KeyCustodian>& custodians,
                                               const pki::SecretSource& caKeySecret) {
    if (Status s = Roles::require(by, Permission::BackupCaKey); !s)
        return s.error();
    if (Status s = pki::SecretSharing::checkParameters(shares, threshold); !s)
        return makeError(ErrorCode::Usage, s.message());
    auto rules = m_reg.rules().at();
    if (!rules)
        return rules.error();
    if (Status s = Rules::keyBackupScheme(*rules, shares, threshold); !s)
        return s.error();
    if (custodians.size() != shares)
        return makeError(ErrorCode::Usage, tr("Each of the %1 shares needs its custodian (name and position); %2 "
                                              "given.")
                                               .arg(shares)
                                               .arg(custodians.size()));
    QJsonArray custodianJson;
    QStringList seen;
    for (int i = 0; i < custodians.size(); ++i) {
        const QString name = custodians.at(i).name.simplified();
        const QString position = custodians.at(i).position.simplified();
        for (const QString& text : {name, position})
            if (const QString why = forms::Validator::forbiddenCharacterIn(text, tr("Custodian")); !why.isEmpty())
                return makeError(ErrorCode::Invalid, why);
        if (name.isEmpty() || position.isEmpty())
            return makeError(ErrorCode::Usage,
                             tr("The custodian of share %1 needs both a name and a position.").arg(i + 1));
        // A name word in one alphabet, as a person's name on a form (attack of session 32, B12).
        if (const QString mixed = forms::mixedAlphabetProblem(name, tr("Custodian")); !mixed.isEmpty())
            return makeError(ErrorCode::Invalid, mixed);
        // Shares are kept by different custodians: one person holding two would lower the threshold. Names are
        // compared as they read (letters of another alphabet that look alike are one name: B12).
        if (seen.contains(forms::confusableSkeleton(name)))
            return makeError(ErrorCode::Usage,
                             tr("%1 is named as the custodian of two shares; each share goes to a different "
                                "custodian.")
                                 .arg(name));
        seen << forms::confusableSkeleton(name);
        custodianJson.append(QJsonObject{
            {QStringLiteral("share"), i + 1}, {QStringLiteral("name"), name}, {QStringLiteral("position"), position}});
    }
    if (outDir.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("No folder given for the key backup."));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(
            ErrorCode::Conflict,
            tr("The CA %1 has no key and certificate yet: an administrator sets up its key (Settings → CAs → "
               "Set up key…, or the command ca init).")
                .arg(ca->code));
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto key = pki::CaKey::open(ca->keyUri, caKeySecret);
    if (!key)
        return key.error();
    if (key.value()->store() == pki::CaKey::Store::Pkcs11)
        return makeError(ErrorCode::Conflict, tr("The key of the CA %1 is on a token or HSM (%2); back it up with the "
                                                 "token's own tools, it cannot leave the device.")
                                                  .arg(ca->code, ca->keyUri));
    // A backup of the wrong key would only be discovered on the day it is needed.
    if (key.value()->fingerprint() != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("The key %1 does not belong to the certificate of the CA %2.").arg(ca->keyUri, ca->code));

    const QString dir = QFileInfo(outDir).absoluteFilePath();
    // Shares wait there for their custodians: nobody else may delete or replace one meanwhile.
    if (QFileInfo(dir).isDir() && (QFileInfo(dir).permissions() & QFileDevice::WriteOther))
        return makeError(ErrorCode::Io, tr("Other users can write in the folder %1: they could delete or replace "
                                           "the shares before the custodians receive them. Choose a private "
                                           "folder, or close it first (chmod o-w).")
                                            .arg(dir));
    if (!QFileInfo(dir).isDir()) {
        if (!pki::FileModes::makeFolders(dir, pki::FileModes::kPrivateFolder))
            return makeError(ErrorCode::Io, tr("Cannot create the backup folder %1.").arg(dir));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    auto prepared = pki::KeyBackup::prepare(key.value()->pkey(), dir, ca->code, shares, threshold);
    if (!prepared)
        return prepared.error();
    const pki::KeyBackup::Written* written = &prepared->written();

    // Recorded before a single file exists: a run killed at any moment leaves either no files, or files
    // (whole or partly written) of a backup the event log names. Never a copy of the key nobody recorded.
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    QStringList names;
    for (const QString& f : std::as_const(written->shareFiles))
        names << QFileInfo(f).fileName();
    auto ev = m_reg.audit().append(by.login, ca->code, QStringLiteral("ca.key_backup"),
                                   {{QStringLiteral("backup"), written->backupId},
                                    {QStringLiteral("key_fingerprint"), written->fingerprint},
                                    {QStringLiteral("shares"), shares},
                                    {QStringLiteral("threshold"), threshold},
                                    {QStringLiteral("folder"), dir},
                                    {QStringLiteral("backup_file"), QFileInfo(written->backupFile).fileName()},
                                    {QStringLiteral("share_files"), QJsonArray::fromStringList(names)},
                                    {QStringLiteral("custodians"), custodianJson}});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    faultPoint("key-backup-after-record");
    if (Status s = pki::KeyBackup::write(*prepared); !s) {
        // The files written were removed; the event log says so next to the recorded backup.
        (void)recordFailure(by, *ca, QStringLiteral("ca.key_backup_failed"), written->backupId, s.message(), {});
        return makeError(s.error().code, tr("The key backup %1 was recorded but its files could not be written; "
                                            "none of them is left in %2. %3")
                                             .arg(written->backupId, dir, s.message()));
    }
    KeyBackupResult out;
    out.backupFile = written->backupFile;
    out.shareFiles = written->shareFiles;
    out.backupId = written->backupId;
    out.fingerprint = written->fingerprint;
    out.shares = shares;
    out.threshold = threshold;
    for (const QJsonValue& c : std::as_const(custodianJson))
        out.custodians << KeyCustodian{c[QStringLiteral("name")].toString(), c[QStringLiteral("position")].toString()};
    out.caName = ca->name;
    out.madeAt = m_reg.clock().now();
    out.madeBy = by.fullName.isEmpty() ? by.login : by.fullName;
    return out;
}

Result<QList<KeyBackupResult>> CaKeyBackup::backups(const Session& by, const QString& caCode) {
    if (Status s = Roles::require(by, Permission::BackupCaKey); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    auto q = m_reg.db().exec(QStringLiteral("SELECT e.event_type, e.ts, e.operator, e.details, o.full_name FROM "
                                            "audit_events e LEFT JOIN operators o ON o.login = e.operator WHERE "
                                            "e.subject = ? AND e.event_type IN ('ca.key_backup', "
                                            "'ca.key_backup_failed') ORDER BY e.seq DESC"),
                             {ca->code});
    if (!q)
        return q.error();
    QHash<QString, QString> failures; // backup id -> reason (a failure is recorded after its backup)
    QList<KeyBackupResult> out;
    while (q->next()) {
        const QJsonObject d = QJsonDocument::fromJson(q->value(3).toString().toUtf8()).object();
        const QString id = d.value(QStringLiteral("backup")).toString();
        if (q->value(0).toString() == u"ca.key_backup_failed") {
            failures.insert(id, d.value(QStringLiteral("reason")).toString());
            continue;
        }
        KeyBackupResult b;
        b.backupId = id;
        b.fingerprint = d.value(QStringLiteral("key_fingerprint")).toString();
        b.shares = d.value(QStringLiteral("shares")).toInt();
        b.threshold = d.value(QStringLiteral("threshold")).toInt();
        const QDir folder(d.value(QStringLiteral("folder")).toString());
        b.backupFile = folder.filePath(d.value(QStringLiteral("backup_file")).toString());
        for (const QJsonValue& f : d.value(QStringLiteral("share_files")).toArray())
            b.shareFiles << folder.filePath(f.toString());
        for (const QJsonValue& c : d.value(QStringLiteral("custodians")).toArray())
            b.custodians << KeyCustodian{c[QStringLiteral("name")].toString(),
                                         c[QStringLiteral("position")].toString()};
        b.caName = ca->name;
        b.madeAt = fromDbTime(q->value(1).toString());
        b.madeBy = q->value(4).toString().isEmpty() ? q->value(2).toString() : q->value(4).toString();
        b.failure = failures.value(id);
        out << b;
    }
    return out;
}

Result<KeyBackupResult> CaKeyBackup::backup(const Session& by, const QString& caCode, const QString& backupId) {
    auto all = backups(by, caCode);
    if (!all)
        return all.error();
    for (const KeyBackupResult& b : std::as_const(*all)) {
        if (b.backupId != backupId.trimmed())
            continue;
        if (!b.failure.isEmpty())
            return makeError(ErrorCode::Conflict, tr("The key backup %1 failed and its files were removed (%2): there "
                                                     "is nothing to hand over.")
                                                      .arg(b.backupId, b.failure));
        return b;
    }
    return makeError(ErrorCode::NotFound, tr("The CA %1 has no recorded key backup %2.").arg(caCode, backupId));
}

Result<KeyRestoreResult> CaKeyBackup::restoreKey(const Session& by, const QString& caCode, const QString& backupFile,
                                                 const QStringList& shareFiles, const QString& keyOut,
                                                 const pki::SecretSource& newPassphrase, bool activate) {
    if (Status s = Roles::require(by, Permission::BackupCaKey); !s)
        return s.error();
    if (keyOut.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("No file given for the restored key."));
    const QString out = QFileInfo(keyOut).absoluteFilePath();
    if (QFileInfo::exists(out))
        return makeError(ErrorCode::Conflict, tr("%1 already exists; a CA key file is never overwritten.").arg(out));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has no certificate in the register; a restored key "
                                                 "could not be checked against it.")
                                                  .arg(ca->code));
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    if (!caCert)
        return caCert.error();
    auto info = pki::KeyBackup::inspect(backupFile);
    if (!info)
        return info.error();
    if (info->caCode != ca->code)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is a backup of the CA %2, not of %3.").arg(backupFile, info->caCode, ca->code));
    if (info->fingerprint != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("%1 holds a key that does not belong to the certificate of the CA %2 "
                            "in the register (key %3, certificate key %4).")
                             .arg(backupFile, ca->code, info->fingerprint, caCert->publicKeyFingerprint()));
    auto passphrase = newPassphrase.read();
    if (!passphrase)
        return passphrase.error();
    if (Status s = Rules::caPassphrase(*passphrase); !s)
        return s.error();
    QList<int> used;
    for (const QString& path : shareFiles) {
        auto share = pki::ShareFile::read(path);
        if (!share)
            return share.error();
        used << share->share.index;
    }
    std::sort(used.begin(), used.end());

    // restore() refuses too few, foreign or altered shares before anything is written.
    auto key = pki::KeyBackup::restore(backupFile, shareFiles);
    if (!key)
        return key.error();
    if (pki::CaKey::fingerprintOf(key->get()) != caCert->publicKeyFingerprint())
        return makeError(ErrorCode::Integrity,
                         tr("The restored key does not belong to the certificate of the CA %1.").arg(ca->code));

    // Encrypted under the new passphrase in memory, then recorded, then written: a run killed at any moment
    // leaves no key file the event log does not name. (A run killed after the record leaves no file, or
    // with --activate a CA naming a key file that is missing: the restore is simply run again.)
    auto pem = pki::CaKey::encryptPkcs8(key->get(), *passphrase);
    passphrase->fill(u'\0');
    if (!pem)
        return pem.error();
    const auto wipe = qScopeGuard([&pem] { pki::cleanse(pem.value()); });
    const QString uri = QStringLiteral("file:") + out;
    QJsonArray usedJson;
    for (int i : std::as_const(used))
        usedJson.append(i);
    QJsonObject details{{QStringLiteral("backup"), info->backupId},
                        {QStringLiteral("key_fingerprint"), info->fingerprint},
                        {QStringLiteral("shares_used"), usedJson},
                        {QStringLiteral("key_uri"), uri},
                        {QStringLiteral("activated"), activate}};
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    if (activate) {
        details.insert(QStringLiteral("previous_key_uri"), ca->keyUri);
        auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET key_uri = ? WHERE id = ?"), {uri, ca->id});
        if (!up)
            return up.error();
    }
    auto ev = m_reg.audit().append(by.login, ca->code, QStringLiteral("ca.key_restored"), details,
                                   {RowRef::row(QStringLiteral("cas"), ca->id)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    faultPoint("key-restore-after-record");
    if (Status s = pki::CaKey::writePrivateFile(out, *pem); !s) {
        const Status undone = recordFailure(by, *ca, QStringLiteral("ca.key_restore_failed"), info->backupId,
                                            s.message(), activate ? std::optional<QString>(ca->keyUri) : std::nullopt);
        QString message = tr("The restore of the backup %1 was recorded but the key file %2 could not be written. %3")
                              .arg(info->backupId, out, s.message());
        if (activate)
            message += u' ' + (undone ? tr("The register names the CA's previous key %1 again.").arg(ca->keyUri)
                                      : tr("The register still names the missing file as the CA's key and could "
                                           "not be changed back (%1): restore the key again.")
                                            .arg(undone.message()));
        return makeError(s.error().code, message);
    }
    return KeyRestoreResult{out, info->fingerprint, info->backupId, used, activate};
}

Status CaKeyBackup::recordFailure(const Session& by, const CaRecord& ca, const QString& type, const QString& backupId,
                                  const QString& reason, const std::optional<QString>& restoreKeyUri) {
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    QJsonObject details{{QStringLiteral("backup"), backupId}, {QStringLiteral("reason"), reason}};
    QList<RowRef> rows;
    if (restoreKeyUri) {
        auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET key_uri = ? WHERE id = ?"), {*restoreKeyUri, ca.id});
        if (!up)
            return up.error();
        details.insert(QStringLiteral("key_uri"), *restoreKeyUri);
        rows << RowRef::row(QStringLiteral("cas"), ca.id);
    }
    auto ev = m_reg.audit().append(by.login, ca.code, type, details, rows);
    if (!ev)
        return ev.error();
    return tx.commit();
}

} // namespace tirkeu::registry
