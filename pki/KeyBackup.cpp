#include "pki/KeyBackup.h"

#include "pki/KeyGenerator.h"
#include "pki/SecretSharing.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

#include <openssl/x509.h>

namespace tirkeu::pki {

namespace {

constexpr char kBackupMagic[] = "TIRKEU-BACKUP v1";
constexpr char kCipherName[] = "AES-256-GCM";
constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr qint64 kMaxBackupBytes = 1024 * 1024;

// Header fields in file order; the canonical header text up to "cipher" is the GCM associated data.
constexpr const char* kHeaderKeys[] = {"ca", "backup", "key", "algorithm", "threshold", "shares", "created", "cipher"};
constexpr const char* kBodyKeys[] = {"nonce", "ciphertext", "tag"};

struct BackupFile {
    KeyBackup::Info info;
    QByteArray nonce;
    QByteArray ciphertext;
    QByteArray tag;

    QByteArray header() const {
        QByteArray text = QByteArray(kBackupMagic) + '\n';
        text += "ca: " + info.caCode.toUtf8() + '\n';
        text += "backup: " + info.backupId.toLatin1() + '\n';
        text += "key: " + info.fingerprint.toLatin1() + '\n';
        text += "algorithm: " + info.algorithm.toUtf8() + '\n';
        text += "threshold: " + QByteArray::number(info.threshold) + '\n';
        text += "shares: " + QByteArray::number(info.shares) + '\n';
        text += "created: " + info.created.toLatin1() + '\n';
        text += QByteArray("cipher: ") + kCipherName + '\n';
        return text;
    }
    QByteArray toText() const {
        return header() + "nonce: " + nonce.toBase64() + "\nciphertext: " + ciphertext.toBase64() +
               "\ntag: " + tag.toBase64() + '\n';
    }
};

bool validCaCode(const QString& code) {
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(code).hasMatch();
}

QString sharePath(const QString& dir, const QString& caCode, int index, int shares) {
    return QDir(dir).filePath(QStringLiteral("%1.share-%2-of-%3").arg(caCode).arg(index).arg(shares));
}

// AES-256-GCM; `aad` is authenticated but not encrypted.
bool gcm(bool encrypt, const QByteArray& key, const QByteArray& nonce, const QByteArray& aad, const QByteArray& in,
         QByteArray& out, QByteArray& tag) {
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const auto* k = reinterpret_cast<const unsigned char*>(key.constData());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.constData());
    if (!ctx || key.size() != kKeyBytes || nonce.size() != kNonceBytes ||
        EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv, encrypt ? 1 : 0) != 1)
        return false;
    int len = 0;
    if (EVP_CipherUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.constData()),
                         int(aad.size())) != 1)
        return false;
    out = QByteArray(in.size(), '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_CipherUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char*>(in.constData()), int(in.size())) !=
        1)
        return false;
    if (!encrypt &&
        (tag.size() != kTagBytes || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1))
        return false;
    int finalLen = 0;
    if (EVP_CipherFinal_ex(ctx.get(), o + len, &finalLen) != 1) // decrypt: fails when the tag does not match
        return false;
    if (encrypt) {
        tag = QByteArray(kTagBytes, '\0');
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1)
            return false;
    }
    return true;
}

Result<BackupFile> parseBackup(const QByteArray& text) {
    const auto damaged = [](const QString& why) {
        return makeError(ErrorCode::Invalid, KeyBackup::tr("Not a valid Tirkeu key backup: %1").arg(why));
    };
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.isEmpty() || lines.first() != kBackupMagic)
        return damaged(KeyBackup::tr("the first line is not \"%1\".").arg(QLatin1String(kBackupMagic)));
    QList<const char*> keys(std::begin(kHeaderKeys), std::end(kHeaderKeys));
    keys.append(QList<const char*>(std::begin(kBodyKeys), std::end(kBodyKeys)));
    if (lines.size() != keys.size() + 1)
        return damaged(KeyBackup::tr("%1 lines instead of %2.").arg(lines.size()).arg(keys.size() + 1));
    QMap<QByteArray, QByteArray> v;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QByteArray prefix = QByteArray(keys[i]) + ": ";
        if (!lines[i + 1].startsWith(prefix))
            return damaged(KeyBackup::tr("line %1 should start with \"%2\".").arg(i + 2).arg(QLatin1String(prefix)));
        v.insert(keys[i], lines[i + 1].mid(prefix.size()).trimmed());
    }
    BackupFile file;
    file.info.caCode = QString::fromUtf8(v["ca"]);
    file.info.backupId = QString::fromLatin1(v["backup"]);
    file.info.fingerprint = QString::fromLatin1(v["key"]);
    file.info.algorithm = QString::fromUtf8(v["algorithm"]);
    file.info.created = QString::fromLatin1(v["created"]);
    bool thresholdOk = false, sharesOk = false;
    file.info.threshold = v["threshold"].toInt(&thresholdOk);
    file.info.shares = v["shares"].toInt(&sharesOk);
    if (!thresholdOk || !sharesOk || !SecretSharing::checkParameters(file.info.shares, file.info.threshold))
        return damaged(KeyBackup::tr("bad threshold or share count."));
    if (v["cipher"] != kCipherName)
        return damaged(KeyBackup::tr("unknown cipher \"%1\".").arg(QString::fromLatin1(v["cipher"])));
    const auto decode = [](const QByteArray& b64) {
        auto r = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
        return r ? r.decoded : QByteArray();
    };
    file.nonce = decode(v["nonce"]);
    file.ciphertext = decode(v["ciphertext"]);
    file.tag = decode(v["tag"]);
    if (file.nonce.size() != kNonceBytes || file.tag.size() != kTagBytes || file.ciphertext.isEmpty())
        return damaged(KeyBackup::tr("the nonce, ciphertext or tag cannot be read."));
    return file;
}

Result<BackupFile> readBackup(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, KeyBackup::tr("Cannot read the backup %1: %2").arg(path, f.errorString()));
    Result<BackupFile> parsed = parseBackup(f.read(kMaxBackupBytes));
    if (!parsed)
        return makeError(parsed.code(), QStringLiteral("%1: %2").arg(path, parsed.message()));
    return parsed;
}

void removeAll(const QStringList& paths) {
    for (const QString& p : paths)
        QFile::remove(p);
}

} // namespace

KeyBackup::Prepared::~Prepared() {
    for (auto& file : m_files)
        cleanse(file.second);
}

Result<KeyBackup::Prepared> KeyBackup::prepare(const EVP_PKEY* key, const QString& outDir, const QString& caCode,
                                               int shares, int threshold) {
    if (Status s = SecretSharing::checkParameters(shares, threshold); !s)
        return s.error();
    if (!validCaCode(caCode))
        return makeError(
            ErrorCode::Usage,
            tr("\"%1\" cannot name backup files; use letters, digits, dots, dashes and underscores.").arg(caCode));
    Result<KeyAlgorithm> algorithm = KeyGenerator::algorithmOf(key);
    if (!algorithm)
        return algorithm.error();

    Written written;
    written.backupFile = QDir(outDir).filePath(caCode + u".backup");
    for (int i = 1; i <= shares; ++i)
        written.shareFiles << sharePath(outDir, caCode, i, shares);
    const QStringList targets = QStringList(written.shareFiles) << written.backupFile;
    for (const QString& path : targets) {
        if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
            return makeError(ErrorCode::Conflict,
                             tr("%1 already exists; an earlier backup is never overwritten.").arg(path));
    }

    Result<Pkcs8PrivKeyInfoPtr> info = CaKey::exportPkcs8(key);
    if (!info)
        return info.error();
    QByteArray plain = toDer(info->get(), i2d_PKCS8_PRIV_KEY_INFO);
    info->reset();
    if (plain.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Cannot serialise the private key: %1").arg(opensslErrors()));

    BackupFile file;
    file.info.caCode = caCode;
    file.info.backupId = QString::fromLatin1(randomBytes(16).toHex());
    file.info.fingerprint = CaKey::fingerprintOf(key);
    file.info.algorithm = KeyGenerator::describe(*algorithm);
    file.info.threshold = threshold;
    file.info.shares = shares;
    file.info.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    file.nonce = randomBytes(kNonceBytes);
    QByteArray dataKey = randomBytes(kKeyBytes);
    const bool encrypted = file.info.backupId.size() == 32 && file.nonce.size() == kNonceBytes &&
                           dataKey.size() == kKeyBytes &&
                           gcm(true, dataKey, file.nonce, file.header(), plain, file.ciphertext, file.tag);
    cleanse(plain);
    if (!encrypted) {
        cleanse(dataKey);
        return makeError(ErrorCode::Crypto, tr("Cannot encrypt the key backup: %1").arg(opensslErrors()));
    }
    // From here on the data key exists only as shares.
    Result<QList<Share>> split = SecretSharing::split(dataKey, shares, threshold);
    cleanse(dataKey);
    if (!split)
        return split.error();

    Prepared prepared;
    for (const Share& share : *split) {
        ShareFile shareFile{file.info.caCode, file.info.backupId, file.info.fingerprint, threshold, shares, share};
        prepared.m_files.append({written.shareFiles[share.index - 1], shareFile.toText()});
    }
    prepared.m_files.append({written.backupFile, file.toText()});
    written.backupId = file.info.backupId;
    written.fingerprint = file.info.fingerprint;
    prepared.m_written = written;
    return prepared;
}

Status KeyBackup::write(const Prepared& prepared) {
    QStringList done;
    for (const auto& [path, text] : prepared.m_files) {
        if (Status s = CaKey::writePrivateFile(path, text); !s) {
            removeAll(done);
            return s;
        }
        done << path;
    }
    return {};
}

Result<KeyBackup::Written> KeyBackup::backup(const EVP_PKEY* key, const QString& outDir, const QString& caCode,
                                             int shares, int threshold) {
    Result<Prepared> prepared = prepare(key, outDir, caCode, shares, threshold);
    if (!prepared)
        return prepared.error();
    if (Status s = write(*prepared); !s)
        return s.error();
    return prepared->written();
}

Result<KeyBackup::Written> KeyBackup::backup(const QByteArray& encryptedPkcs8Pem, const QString& passphrase,
                                             const QString& outDir, const QString& caCode, int shares, int threshold) {
    Result<EvpPkeyPtr> key = CaKey::decryptPkcs8(encryptedPkcs8Pem, passphrase);
    if (!key)
        return key.error();
    return backup(key->get(), outDir, caCode, shares, threshold);
}

Result<KeyBackup::Info> KeyBackup::inspect(const QString& backupFile) {
    Result<BackupFile> file = readBackup(backupFile);
    if (!file)
        return file.error();
    return file->info;
}

Result<EvpPkeyPtr> KeyBackup::restore(const QString& backupFile, const QStringList& shareFiles) {
    Result<BackupFile> file = readBackup(backupFile);
    if (!file)
        return file.error();
    const Info& info = file->info;

    QList<Share> shares;
    for (const QString& path : shareFiles) {
        Result<ShareFile> share = ShareFile::read(path);
        if (!share)
            return share.error();
        if (share->backupId != info.backupId || share->keyFingerprint != info.fingerprint ||
            share->caCode != info.caCode || share->threshold != info.threshold || share->shares != info.shares)
            return makeError(ErrorCode::Invalid, tr("%1 is a share of another backup (%2, backup %3), not of %4.")
                                                     .arg(path, share->caCode, share->backupId, backupFile));
        for (const Share& s : std::as_const(shares)) {
            if (s.index == share->share.index)
                return makeError(ErrorCode::Invalid, tr("Share %1 was given twice (%2).").arg(s.index).arg(path));
        }
        shares << share->share;
    }
    if (shares.size() < info.threshold)
        return makeError(ErrorCode::Invalid, tr("This backup needs %1 of its %2 shares; only %3 were given. Nothing "
                                                "was restored.")
                                                 .arg(info.threshold)
                                                 .arg(info.shares)
                                                 .arg(shares.size()));

    Result<QByteArray> combined = SecretSharing::combine(shares, info.threshold);
    if (!combined)
        return combined.error();
    QByteArray dataKey = std::move(combined.value());
    QByteArray plain;
    QByteArray tag = file->tag;
    const bool opened = gcm(false, dataKey, file->nonce, file->header(), file->ciphertext, plain, tag);
    cleanse(dataKey);
    if (!opened) {
        cleanse(plain);
        opensslErrors();
        return makeError(ErrorCode::Integrity, tr("The shares do not open %1: a share or the backup file has been "
                                                  "altered. Nothing was restored.")
                                                   .arg(backupFile));
    }
    const auto* p = reinterpret_cast<const unsigned char*>(plain.constData());
    Pkcs8PrivKeyInfoPtr pkcs8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, long(plain.size())));
    cleanse(plain);
    EvpPkeyPtr key(pkcs8 ? EVP_PKCS82PKEY(pkcs8.get()) : nullptr);
    if (!key)
        return makeError(ErrorCode::Crypto, tr("The restored private key cannot be read: %1").arg(opensslErrors()));
    if (CaKey::fingerprintOf(key.get()) != info.fingerprint)
        return makeError(ErrorCode::Integrity,
                         tr("The restored key does not match the fingerprint in %1.").arg(backupFile));
    return key;
}

Status KeyBackup::restoreToFile(const QString& backupFile, const QStringList& shareFiles, const QString& outPath,
                                const QString& newPassphrase, KdfCost cost) {
    if (QFileInfo::exists(outPath))
        return makeError(ErrorCode::Conflict, tr("%1 already exists; it is not overwritten.").arg(outPath));
    Result<EvpPkeyPtr> key = restore(backupFile, shareFiles);
    if (!key)
        return key.error();
    return CaKey::writeEncryptedPkcs8(key->get(), outPath, newPassphrase, cost);
}

} // namespace tirkeu::pki
