// A register older than the CRLs in its CA's publish folder (a backup restored into a new file or database)
// publishes no CRL that takes a revocation back, whatever the folder holds (attack of session 30, A1): the
// newest file there may be a delta CRL or another partition's, and the register may have the certificate
// only on hold. Every CRL of the CA in the folder numbered above what the register recorded is read, and each
// of its entries must be revoked in the register at least as firmly (a hold counts only for a hold).

#include "CaEngineTestSupport.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/AuditLog.h"
#include "registry/Backup.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/CrlNumbers.h"
#include "registry/Database.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QDir>
#include <QObject>
#include <QRegularExpression>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class StaleRegisterTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_out;

    static RevokeRequest revocation(const QString& serial, int reason) {
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = serial;
        r.reasonCode = reason;
        r.basisKind = QStringLiteral("holder_application");
        return r;
    }
    static QString asCrlReadsIt(const QString& serial) {
        return QString(serial).remove(QRegularExpression(QStringLiteral("^0+")));
    }
    // A new register with the National CA; `stem` names its files.
    bool start(RegistryFixture& fx, const QString& stem) {
        return fx.create(almaty(2026, 3, 2)) &&
               CaEngine(*fx.reg).createRootCa(fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                              m_out.filePath(stem + QStringLiteral("-nca.p8")), kCaPassphrase, 10);
    }
    bool backupTo(RegistryFixture& fx, const QString& file) { return bool(Backup::backup(*fx.reg, fx.admin, file)); }
    std::unique_ptr<Register> restoreAs(RegistryFixture& fx, const QString& backup, const QString& stem) {
        RestoreOptions options;
        options.login = fx.admin.login;
        options.password = kPassword;
        options.clock = &fx.clock;
        const QString path = newRegisterLocation(QDir(m_out.path()), stem + QStringLiteral("-restored.sqlite"));
        if (!Backup::restore(backup, path, options))
            return {};
        auto opened = Register::open(path, Register::OpenMode::Existing, &fx.clock);
        return opened ? std::move(opened.value()) : nullptr;
    }
    static QStringList folderFiles(const QString& folder) {
        QStringList out;
        for (const QFileInfo& f : QDir(folder).entryInfoList(QDir::Files, QDir::Name))
            out << f.fileName() + QLatin1Char(':') + QString::fromLatin1(readFile(f.filePath()).toHex().left(64));
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_out.isValid()); }

    // (a) The folder's newest CRL is a delta with no entries; the full CRL before it lists the key compromise.
    void newestDeltaDoesNotHideTheFullCrl() {
        RegistryFixture fx;
        QVERIFY2(start(fx, QStringLiteral("delta")), qPrintable(fx.error));
        const QString a = issueToHolder(fx, kIinAliya);
        QVERIFY(!a.isEmpty());
        const QString backup = m_out.filePath(QStringLiteral("delta-backup.sqlite"));
        QVERIFY(backupTo(fx, backup));
        fx.clock.set(fx.clock.now().addSecs(60));
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).revoke(fx.officerA, revocation(a, Revocations::kKeyCompromise)));
        const pki::SecretSource secret = pki::SecretSource::literal(kCaPassphrase);
        const QString folder = m_out.filePath(QStringLiteral("delta-crl"));
        QVERIFY(QDir().mkpath(folder));
        auto full = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(full);
        QCOMPARE(full->entries, qint64(1));
        fx.clock.set(fx.clock.now().addSecs(60));
        auto delta = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, true, secret);
        TIRKEU_VERIFY_OK(delta);
        QCOMPARE(delta->entries, qint64(0));
        QCOMPARE(delta->number, full->number + 1);

        auto restored = restoreAs(fx, backup, QStringLiteral("delta"));
        QVERIFY(restored);
        const QStringList before = folderFiles(folder);
        auto refused = CaEngine(*restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(asCrlReadsIt(a)) &&
                     refused.message().contains(QStringLiteral("does not have as revoked")),
                 qPrintable(refused.message()));
        QCOMPARE(folderFiles(folder), before);
        QCOMPARE(restored->db().scalar(QStringLiteral("SELECT count(*) FROM crls"))->toLongLong(), qint64(0));
        // Nor a delta over it.
        QVERIFY(!CaEngine(*restored).publishCrl(fx.officerA, kNca, folder, true, secret));
        QCOMPARE(folderFiles(folder), before);
        // The one check, which the OCSP responder asks too.
        const qint64 ncaId =
            restored->db().scalar(QStringLiteral("SELECT id FROM cas WHERE code = ?"), {kNca})->toLongLong();
        TIRKEU_VERIFY_ERROR(CrlNumbers::checkFolderCovered(restored->db(), ncaId, folder, kNca), ErrorCode::Conflict);

        // audit verify says it, naming the certificate (once the CA's publish folder is that folder).
        TIRKEU_VERIFY_OK(
            CaDirectory(*restored).updateSettings(fx.admin, kNca, {{QStringLiteral("publish_dir"), folder}}));
        auto verified = restored->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->warnings.join(u'\n').contains(asCrlReadsIt(a)), qPrintable(verified->warnings.join(u'\n')));

        // Revoked again: the CRL follows both numbers, with the entry.
        TIRKEU_VERIFY_OK(CaEngine(*restored).revoke(fx.officerA, revocation(a, Revocations::kKeyCompromise)));
        TIRKEU_VERIFY_OK(CrlNumbers::checkFolderCovered(restored->db(), ncaId, folder, kNca));
        auto clean = restored->audit().verify();
        TIRKEU_VERIFY_OK(clean);
        QVERIFY2(!clean->warnings.join(u'\n').contains(asCrlReadsIt(a)), qPrintable(clean->warnings.join(u'\n')));
        auto again = CaEngine(*restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(again);
        QCOMPARE(again->number, delta->number + 1);
        QCOMPARE(again->entries, qint64(1));
    }

    // (c) The backup had the certificate on hold; the live register released it and revoked it for key
    // compromise, and the CRL says so. The restored register "has" the serial — as a hold, which a CRL may take
    // back: publishing it would downgrade the key compromise, and a release would then remove it.
    void aHoldDoesNotCoverAKeyCompromise() {
        RegistryFixture fx;
        QVERIFY2(start(fx, QStringLiteral("hold")), qPrintable(fx.error));
        const QString a = issueToHolder(fx, kIinAliya);
        QVERIFY(!a.isEmpty());
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).revoke(fx.officerA, revocation(a, Revocations::kCertificateHold)));
        const QString backup = m_out.filePath(QStringLiteral("hold-backup.sqlite"));
        QVERIFY(backupTo(fx, backup));
        fx.clock.set(fx.clock.now().addSecs(60));
        ReleaseRequest release;
        release.caCode = kNca;
        release.serial = a;
        release.basisKind = QStringLiteral("holder_application");
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).release(fx.officerA, release));
        fx.clock.set(fx.clock.now().addSecs(60));
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).revoke(fx.officerA, revocation(a, Revocations::kKeyCompromise)));
        const pki::SecretSource secret = pki::SecretSource::literal(kCaPassphrase);
        const QString folder = m_out.filePath(QStringLiteral("hold-crl"));
        QVERIFY(QDir().mkpath(folder));
        auto published = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(published);
        QCOMPARE(published->entries, qint64(1));

        auto restored = restoreAs(fx, backup, QStringLiteral("hold"));
        QVERIFY(restored);
        QCOMPARE(
            restored->db().scalar(QStringLiteral("SELECT reason_code FROM revocations WHERE serial = ?"), {a})->toInt(),
            Revocations::kCertificateHold);
        const QStringList before = folderFiles(folder);
        auto refused = CaEngine(*restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(asCrlReadsIt(a)) && refused.message().contains(QStringLiteral("hold")),
                 qPrintable(refused.message()));
        QCOMPARE(folderFiles(folder), before);
        QCOMPARE(restored->db().scalar(QStringLiteral("SELECT count(*) FROM crls"))->toLongLong(), qint64(0));
    }

    // A stranger's file numbered above the register, beside the CA's own newest CRL, is refused as before —
    // whichever of them is newest.
    void everyNewerFileMustBeTheCas() {
        RegistryFixture fx;
        QVERIFY2(start(fx, QStringLiteral("stranger")), qPrintable(fx.error));
        const pki::SecretSource secret = pki::SecretSource::literal(kCaPassphrase);
        const QString folder = m_out.filePath(QStringLiteral("stranger-crl"));
        QVERIFY(QDir().mkpath(folder));
        const QString backup = m_out.filePath(QStringLiteral("stranger-backup.sqlite"));
        QVERIFY(backupTo(fx, backup));
        auto full = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(full);
        fx.clock.set(fx.clock.now().addSecs(60));
        auto delta = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, true, secret);
        TIRKEU_VERIFY_OK(delta);
        // The full CRL (number 1, below the delta's 2) replaced by another CA's CRL of the same number.
        RegistryFixture other;
        QVERIFY2(start(other, QStringLiteral("stranger-other")), qPrintable(other.error));
        const QString otherFolder = m_out.filePath(QStringLiteral("stranger-other-crl"));
        QVERIFY(QDir().mkpath(otherFolder));
        auto foreign = CaEngine(*other.reg).publishCrl(other.officerA, kNca, otherFolder, false, secret);
        TIRKEU_VERIFY_OK(foreign);
        QCOMPARE(foreign->number, full->number);
        QFile::remove(full->derPath);
        QVERIFY(QFile::copy(foreign->derPath, full->derPath));

        auto restored = restoreAs(fx, backup, QStringLiteral("stranger"));
        QVERIFY(restored);
        auto refused = CaEngine(*restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QFileInfo(full->derPath).fileName()) &&
                     refused.message().contains(QStringLiteral("not issued and signed by it")),
                 qPrintable(refused.message()));
    }
};

TIRKEU_TEST_GUILESS_MAIN(StaleRegisterTest)
#include "tst_stale_register.moc"
