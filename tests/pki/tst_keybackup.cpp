// CA key backup: 3-of-5 by default, any three shares restore the same key, fewer or foreign or
// altered shares fail without writing anything.

#include "PkiTestSupport.h"
#include "common/TestMain.h"
#include "pki/KeyBackup.h"

#include "pki/KeyGenerator.h"
#include "pki/SecretSharing.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

namespace {

bool overwrite(const QString& path, const QByteArray& bytes) {
    QFile::remove(path);
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList pick(const QStringList& shares, std::initializer_list<int> indices) {
    QStringList out;
    for (int i : indices)
        out << shares[i - 1];
    return out;
}

} // namespace

class TestKeyBackup : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EvpPkeyPtr m_key;
    KeyBackup::Written m_backup;

    QStringList listing() const {
        return QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto key = KeyGenerator::generate(KeyAlgorithm::Rsa2048);
        QVERIFY2(key.ok(), qPrintable(key.message()));
        m_key = std::move(key.value());
        auto written = KeyBackup::backup(m_key.get(), m_dir.filePath(QStringLiteral("a")), QStringLiteral("KZ-ROOT"));
        QVERIFY2(written.ok(), qPrintable(written.message()));
        m_backup = *written;
    }

    void backupWritesThreeOfFiveFiles() {
        QCOMPARE(QFileInfo(m_backup.backupFile).fileName(), QStringLiteral("KZ-ROOT.backup"));
        QCOMPARE(m_backup.shareFiles.size(), 5);
        for (int i = 1; i <= 5; ++i) {
            const QString share = m_backup.shareFiles[i - 1];
            QCOMPARE(QFileInfo(share).fileName(), QStringLiteral("KZ-ROOT.share-%1-of-5").arg(i));
            QCOMPARE(fileMode(share), 0600);
            const auto parsed = ShareFile::read(share);
            QVERIFY2(parsed.ok(), qPrintable(parsed.message()));
            QCOMPARE(parsed->threshold, 3);
            QCOMPARE(parsed->shares, 5);
            QCOMPARE(parsed->share.index, i);
            QCOMPARE(parsed->backupId, m_backup.backupId);
        }
        QCOMPARE(fileMode(m_backup.backupFile), 0600);
        QCOMPARE(QDir(m_dir.filePath(QStringLiteral("a"))).entryList(QDir::Files | QDir::Hidden).size(), 6);

        const auto info = KeyBackup::inspect(m_backup.backupFile);
        QVERIFY2(info.ok(), qPrintable(info.message()));
        QCOMPARE(info->caCode, QStringLiteral("KZ-ROOT"));
        QCOMPARE(info->threshold, 3);
        QCOMPARE(info->shares, 5);
        QCOMPARE(info->algorithm, QStringLiteral("RSA 2048"));
        QCOMPARE(info->fingerprint, CaKey::fingerprintOf(m_key.get()));
    }

    void backupHoldsNoClearKeyMaterial() {
        Pkcs8PrivKeyInfoPtr info(EVP_PKEY2PKCS8(m_key.get()));
        const QByteArray der = toDer(info.get(), i2d_PKCS8_PRIV_KEY_INFO);
        QVERIFY(der.size() > 1000);
        QByteArray all;
        const QStringList files = QStringList(m_backup.shareFiles) << m_backup.backupFile;
        for (const QString& f : files)
            all += readFile(f);
        // Neither the DER, nor its base64, nor a 32-byte window of the private key appears anywhere.
        QVERIFY(!all.contains(der.mid(100, 32)));
        QVERIFY(!all.contains(der.toBase64().mid(100, 40)));
        QVERIFY(!all.contains("PRIVATE KEY"));
        const QByteArray backupText = readFile(m_backup.backupFile);
        QVERIFY(backupText.startsWith("TIRKEU-BACKUP v1\nca: KZ-ROOT\n"));
        QVERIFY(backupText.contains("\ncipher: AES-256-GCM\n"));
    }

    void anyThreeSharesRestoreTheSameKey_data() {
        QTest::addColumn<QList<int>>("indices");
        QTest::newRow("1,3,5") << QList<int>{1, 3, 5};
        QTest::newRow("2,4,5") << QList<int>{2, 4, 5};
        QTest::newRow("5,4,3,2,1") << QList<int>{5, 4, 3, 2, 1};
    }
    void anyThreeSharesRestoreTheSameKey() {
        QFETCH(QList<int>, indices);
        QStringList shares;
        for (int i : indices)
            shares << m_backup.shareFiles[i - 1];
        const auto restored = KeyBackup::restore(m_backup.backupFile, shares);
        QVERIFY2(restored.ok(), qPrintable(restored.message()));
        QCOMPARE(CaKey::fingerprintOf(restored->get()), m_backup.fingerprint);
        QCOMPARE(EVP_PKEY_eq(restored->get(), m_key.get()), 1);
    }

    void twoSharesFailAndWriteNothing() {
        const QStringList before = listing();
        const QString out = m_dir.filePath(QStringLiteral("restored-two.p8"));
        const Status s = KeyBackup::restoreToFile(m_backup.backupFile, pick(m_backup.shareFiles, {1, 4}), out,
                                                  QStringLiteral("new pass"), kFastCost);
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"needs 3 of its 5 shares") && s.message().contains(u"only 2"),
                 qPrintable(s.message()));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(listing(), before);
        // The same share twice does not count twice.
        const auto twice = KeyBackup::restore(m_backup.backupFile, pick(m_backup.shareFiles, {1, 4, 1}));
        QVERIFY(!twice.ok());
        QVERIFY2(twice.message().contains(u"twice"), qPrintable(twice.message()));
    }

    // prepare() makes the backup in memory only, so that the register can record it first; write() then
    // writes exactly those files. A name already taken, also by a dangling symbolic link, is refused before.
    void prepareWritesNothingUntilWrite() {
        const QString dir = m_dir.filePath(QStringLiteral("prepared"));
        QVERIFY(QDir().mkpath(dir));
        auto prepared = KeyBackup::prepare(m_key.get(), dir, QStringLiteral("KZ-ROOT"));
        QVERIFY2(prepared.ok(), qPrintable(prepared.message()));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 0);
        QCOMPARE(prepared->written().shareFiles.size(), 5);
        QVERIFY(KeyBackup::write(*prepared).ok());
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 6);
        for (const QString& share : prepared->written().shareFiles)
            QCOMPARE(ShareFile::read(share)->backupId, prepared->written().backupId);
        const auto restored = KeyBackup::restore(prepared->written().backupFile, prepared->written().shareFiles);
        QVERIFY2(restored.ok(), qPrintable(restored.message()));
        QCOMPARE(CaKey::fingerprintOf(restored->get()), CaKey::fingerprintOf(m_key.get()));
        // Written twice: the second write finds the files and writes nothing.
        QCOMPARE(KeyBackup::write(*prepared).error().code, ErrorCode::Conflict);

        const QString planted = m_dir.filePath(QStringLiteral("planted"));
        QVERIFY(QDir().mkpath(planted));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("nowhere")),
                            QDir(planted).filePath(QStringLiteral("KZ-ROOT.share-4-of-5"))));
        const auto refused = KeyBackup::prepare(m_key.get(), planted, QStringLiteral("KZ-ROOT"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nowhere"))));
    }

    void shareOfAnotherBackupIsRefused() {
        // A second backup of the same key, same CA code: its shares are of no use for the first.
        const auto other =
            KeyBackup::backup(m_key.get(), m_dir.filePath(QStringLiteral("b")), QStringLiteral("KZ-ROOT"));
        QVERIFY2(other.ok(), qPrintable(other.message()));
        QVERIFY(other->backupId != m_backup.backupId);
        const QString out = m_dir.filePath(QStringLiteral("restored-mixed.p8"));
        const Status s = KeyBackup::restoreToFile(
            m_backup.backupFile, QStringList{m_backup.shareFiles[0], m_backup.shareFiles[1], other->shareFiles[2]}, out,
            QStringLiteral("new pass"), kFastCost);
        QVERIFY(!s.ok());
        QVERIFY2(s.message().contains(u"another backup"), qPrintable(s.message()));
        QVERIFY(!QFile::exists(out));
    }

    void alteredShareFailsTheAuthentication() {
        // Someone changes a share and recomputes its checksum: the checksum cannot tell, GCM can.
        const QString forged = m_dir.filePath(QStringLiteral("forged-share"));
        auto share = ShareFile::read(m_backup.shareFiles[1]);
        QVERIFY(share.ok());
        share->share.data[0] = char(share->share.data[0] ^ 0x01);
        QVERIFY(overwrite(forged, share->toText()));
        const auto restored = KeyBackup::restore(m_backup.backupFile,
                                                 QStringList{m_backup.shareFiles[0], forged, m_backup.shareFiles[2]});
        QVERIFY(!restored.ok());
        QCOMPARE(restored.code(), ErrorCode::Integrity);

        // A damaged share (checksum left alone) is caught before any decryption.
        QByteArray text = readFile(m_backup.shareFiles[3]);
        text.replace("index: 4", "index: 5");
        QVERIFY(overwrite(forged, text));
        const auto damaged = KeyBackup::restore(m_backup.backupFile,
                                                QStringList{m_backup.shareFiles[0], m_backup.shareFiles[1], forged});
        QCOMPARE(damaged.code(), ErrorCode::Invalid);
        QVERIFY2(damaged.message().contains(u"checksum"), qPrintable(damaged.message()));
    }

    void alteredBackupFileFails_data() {
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("ciphertext") << QByteArray("ciphertext: ");
        QTest::newRow("tag") << QByteArray("tag: ");
        QTest::newRow("created (authenticated header)") << QByteArray("created: ");
        QTest::newRow("algorithm (authenticated header)") << QByteArray("algorithm: ");
    }
    void alteredBackupFileFails() {
        QFETCH(QByteArray, field);
        QByteArray text = readFile(m_backup.backupFile);
        const qsizetype at = text.indexOf(QByteArray(QByteArray("\n") + field)) + 1 + field.size() + 2;
        text[at] = text[at] == '1' ? '2' : '1';
        const QString altered = m_dir.filePath(QStringLiteral("altered.backup"));
        QVERIFY(overwrite(altered, text));
        const QString out = m_dir.filePath(QStringLiteral("restored-altered.p8"));
        const Status s = KeyBackup::restoreToFile(altered, pick(m_backup.shareFiles, {1, 2, 3}), out,
                                                  QStringLiteral("x"), kFastCost);
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Integrity);
        QVERIFY2(s.message().contains(u"altered"), qPrintable(s.message()));
        QVERIFY(!QFile::exists(out));
    }

    void restoreToFileWritesAnEncryptedKey() {
        const QString out = m_dir.filePath(QStringLiteral("restored.p8"));
        const Status s = KeyBackup::restoreToFile(m_backup.backupFile, pick(m_backup.shareFiles, {2, 3, 5}), out,
                                                  QStringLiteral("new custodian pass"), kFastCost);
        QVERIFY2(s.ok(), qPrintable(s.message()));
        QVERIFY(readFile(out).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const auto opened = CaKey::open(out, SecretSource::literal(QStringLiteral("new custodian pass")));
        QVERIFY2(opened.ok(), qPrintable(opened.message()));
        QCOMPARE((*opened)->fingerprint(), m_backup.fingerprint);
        // Restoring again never replaces the file.
        QCOMPARE(KeyBackup::restoreToFile(m_backup.backupFile, pick(m_backup.shareFiles, {1, 2, 3}), out,
                                          QStringLiteral("other"), kFastCost)
                     .code(),
                 ErrorCode::Conflict);
    }

    void backupFromAnEncryptedKeyFile() {
        auto pem = CaKey::encryptPkcs8(m_key.get(), QStringLiteral("file pass"), kFastCost);
        QVERIFY(pem.ok());
        const QString dir = m_dir.filePath(QStringLiteral("from-pem"));
        QVERIFY(!KeyBackup::backup(*pem, QStringLiteral("bad pass"), dir, QStringLiteral("KZ-SUB")).ok());
        QVERIFY(!QDir(dir).exists() || QDir(dir).isEmpty());
        const auto written = KeyBackup::backup(*pem, QStringLiteral("file pass"), dir, QStringLiteral("KZ-SUB"), 4, 2);
        QVERIFY2(written.ok(), qPrintable(written.message()));
        QCOMPARE(written->shareFiles.size(), 4);
        const auto restored = KeyBackup::restore(written->backupFile, pick(written->shareFiles, {4, 2}));
        QVERIFY2(restored.ok(), qPrintable(restored.message()));
        QCOMPARE(EVP_PKEY_eq(restored->get(), m_key.get()), 1);
    }

    void parametersAreEnforced_data() {
        QTest::addColumn<int>("shares");
        QTest::addColumn<int>("threshold");
        QTest::newRow("threshold 1") << 5 << 1;
        QTest::newRow("fewer shares than threshold") << 2 << 3;
        QTest::newRow("256 shares") << 256 << 3;
    }
    void parametersAreEnforced() {
        QFETCH(int, shares);
        QFETCH(int, threshold);
        const QString dir = m_dir.filePath(QStringLiteral("params"));
        const auto written = KeyBackup::backup(m_key.get(), dir, QStringLiteral("KZ-ROOT"), shares, threshold);
        QVERIFY(!written.ok());
        QCOMPARE(written.code(), ErrorCode::Usage);
        QVERIFY(!QDir(dir).exists());
    }

    void earlierBackupIsNeverOverwritten() {
        const QByteArray before = readFile(m_backup.backupFile);
        const auto again =
            KeyBackup::backup(m_key.get(), m_dir.filePath(QStringLiteral("a")), QStringLiteral("KZ-ROOT"));
        QCOMPARE(again.code(), ErrorCode::Conflict);
        QCOMPARE(readFile(m_backup.backupFile), before);
        QCOMPARE(KeyBackup::backup(m_key.get(), m_dir.filePath(QStringLiteral("c")), QStringLiteral("../evil")).code(),
                 ErrorCode::Usage);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestKeyBackup)
#include "tst_keybackup.moc"
