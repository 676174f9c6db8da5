// Progress and cancel of a register backup (registry::Backup::backup with a RunControl, the GUI's
// Settings → Back up): the SQLite copy goes in steps with a page count; a cancel before or between the
// steps leaves no backup and no partial file and records nothing; a backup not cancelled is whole,
// readable and recorded. A restore is cancelled up to the moment the register file is written, and
// then nothing exists or changed; not cancelled, it names its five steps.

#include "CaEngineTestSupport.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/Backup.h"
#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QRegularExpression>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class BackupControlTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

    qint64 backupEvents() {
        return m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'register.backed_up'"))
            .toLongLong();
    }
    QStringList files() const { return QDir(m_out.path()).entryList(QDir::Files | QDir::Hidden); }

    // A new register whose National CA certified Aliya, was backed up into `stem`.sqlite, then revoked her
    // certificate for key compromise a minute later: the backup is older than the revocation.
    struct RevokedAfterBackup {
        QString serial;
        QString backup;
        RevokeRequest revoke;
    };
    RevokedAfterBackup revokedAfterBackup(RegistryFixture& fx, const QString& stem) {
        RevokedAfterBackup out;
        if (!fx.create(almaty(2026, 3, 2)) ||
            !CaEngine(*fx.reg).createRootCa(fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                            m_out.filePath(stem + QStringLiteral("-nca.p8")), kCaPassphrase, 10))
            return out;
        out.serial = issueToHolder(fx, kIinAliya);
        out.backup = m_out.filePath(stem + QStringLiteral("-before-revocation.sqlite"));
        if (out.serial.isEmpty() || !Backup::backup(*fx.reg, fx.admin, out.backup))
            return {};
        fx.clock.set(fx.clock.now().addSecs(60));
        out.revoke.caCode = kNca;
        out.revoke.serial = out.serial;
        out.revoke.reasonCode = Revocations::kKeyCompromise;
        out.revoke.basisKind = QStringLiteral("holder_application");
        if (!CaEngine(*fx.reg).revoke(fx.officerA, out.revoke))
            return {};
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        if (onPostgres())
            QSKIP("a PostgreSQL register is backed up by pg_dump, which has no steps to cancel between (the "
                  "cancel before it starts is the same code as on SQLite)");
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        // Some 8 MiB more, so the copy takes several steps of 1,024 pages: in a table of Tirkeu's own schema (a
        // restore refuses a backup with a table Tirkeu does not create), one the audit chain does not bind.
        for (int i = 0; i < 8; ++i)
            TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('test_filler_%1', "
                                                      "hex(zeroblob(524288)))")
                                           .arg(i)));
    }

    void cancelledBeforeTheCopyLeavesNothing() {
        RunControl control;
        control.cancelled = [] { return true; };
        const qint64 before = backupEvents();
        auto r = Backup::backup(*m_fx.reg, m_fx.admin, m_out.filePath(QStringLiteral("a.sqlite")), &control);
        TIRKEU_VERIFY_ERROR(r, ErrorCode::Failure);
        QVERIFY2(r.message().contains(QStringLiteral("cancelled")), qPrintable(r.message()));
        QCOMPARE(files(), QStringList());
        QCOMPARE(backupEvents(), before);
    }

    void cancelledBetweenStepsLeavesNothing() {
        RunControl control;
        QList<qint64> done;
        qint64 total = 0;
        control.progress = [&](qint64 d, qint64 t, const QString&) {
            if (t > 0) {
                done << d;
                total = t;
            }
        };
        control.cancelled = [&] { return !done.isEmpty(); }; // pressed once the first step is reported
        const qint64 before = backupEvents();
        auto r = Backup::backup(*m_fx.reg, m_fx.admin, m_out.filePath(QStringLiteral("b.sqlite")), &control);
        TIRKEU_VERIFY_ERROR(r, ErrorCode::Failure);
        QCOMPARE(done.size(), 1);
        QVERIFY2(total > 2048 && done.first() < total,
                 qPrintable(QStringLiteral("%1 of %2").arg(done.first()).arg(total)));
        QCOMPARE(files(), QStringList()); // no b.sqlite, no b.sqlite.part
        QCOMPARE(backupEvents(), before);
    }

    void notCancelledItIsWholeAndRecorded() {
        RunControl control;
        qint64 lastDone = 0, lastTotal = 0;
        int steps = 0;
        control.progress = [&](qint64 d, qint64 t, const QString&) {
            if (t > 0) {
                ++steps;
                lastDone = d;
                lastTotal = t;
            }
        };
        control.cancelled = [] { return false; };
        const QString file = m_out.filePath(QStringLiteral("c.sqlite"));
        auto r = Backup::backup(*m_fx.reg, m_fx.admin, file, &control);
        TIRKEU_VERIFY_OK(r);
        QVERIFY(steps >= 3);
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(files(), QStringList{QStringLiteral("c.sqlite")});
        QVERIFY(QFileInfo(file).size() > 8 * 1048576);
        QVERIFY(!(QFileInfo(file).permissions() & (QFile::ReadOther | QFile::ReadGroup)));
        QCOMPARE(backupEvents(), qint64(1));
        auto copy = Register::open(file, Register::OpenMode::Existing);
        TIRKEU_VERIFY_OK(copy);
        auto verified = (*copy)->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        TIRKEU_VERIFY_INTACT(verified);
    }

    void restoreIsCancelledUntilTheRegisterIsWritten() {
        const QString backup = m_out.filePath(QStringLiteral("c.sqlite")); // the previous test's
        QVERIFY(QFileInfo::exists(backup));
        RestoreOptions options;
        options.login = m_fx.admin.login;
        options.password = kPassword;
        options.clock = &m_fx.clock; // the register's: it dates the restore's event
        RunControl control;
        QStringList steps;
        control.progress = [&](qint64 done, qint64 total, const QString& text) {
            steps << QStringLiteral("%1/%2 %3").arg(done).arg(total).arg(text);
        };
        // Pressed while the backup is checked, and while the restore is recorded in the copy (the last step
        // before the register is written: once writing starts it is finished).
        for (const QString& at : {QStringLiteral("Checking every table"), QStringLiteral("Recording the restore")}) {
            steps.clear();
            control.cancelled = [&] { return !steps.isEmpty() && steps.last().contains(at); };
            options.control = &control;
            const QString target = m_out.filePath(QStringLiteral("restored-%1.sqlite").arg(at.size()));
            auto r = Backup::restore(backup, target, options);
            TIRKEU_VERIFY_ERROR(r, ErrorCode::Failure);
            QVERIFY2(r.message().contains(QStringLiteral("nothing changed")), qPrintable(r.message()));
            QVERIFY2(!QFileInfo::exists(target), qPrintable(target));
        }
        // Not cancelled: restored, every step named.
        steps.clear();
        control.cancelled = [] { return false; };
        const QString target = m_out.filePath(QStringLiteral("restored.sqlite"));
        auto r = Backup::restore(backup, target, options);
        TIRKEU_VERIFY_OK(r);
        QCOMPARE(steps.size(), 6);
        QVERIFY2(steps.last().startsWith(QStringLiteral("5/5")), qPrintable(steps.join(u'|')));
        auto opened = Register::open(target, Register::OpenMode::Existing);
        TIRKEU_VERIFY_OK(opened);
        auto verified = (*opened)->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        TIRKEU_VERIFY_INTACT(verified);
    }
    // Attack of session 26 (F9, the anchors' half): the rollback check compared the register's newest audit
    // anchor with the backup's own max(day) — an anchor row added to an old backup (bound to nothing) hid the
    // rollback. The register's newest anchor must name an event of the backup's chain.
    void anchorAddedToAnOldBackupDoesNotHideTheRollback() {
        RegistryFixture fx;
        QVERIFY2(fx.create(almaty(2026, 3, 2)), qPrintable(fx.error));
        const QString old = m_out.filePath(QStringLiteral("anchors-old.sqlite"));
        TIRKEU_VERIFY_OK(Backup::backup(*fx.reg, fx.admin, old));
        // The next day's first event anchors 2 March, whose last event (register.backed_up) the backup lacks.
        fx.clock.set(almaty(2026, 3, 3));
        TIRKEU_VERIFY_OK(Backup::backup(*fx.reg, fx.admin, m_out.filePath(QStringLiteral("anchors-new.sqlite"))));
        QCOMPARE(fx.scalar(QStringLiteral("SELECT max(day) FROM audit_anchors")).toString(),
                 QStringLiteral("2026-03-02"));
        const qint64 events = fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong();

        RestoreOptions options;
        options.login = fx.admin.login;
        options.password = kPassword;
        options.clock = &fx.clock; // the register's: it dates the restore's event
        options.replace = true;
        // The untouched old backup: a rollback of the anchors, refused.
        auto plain = Backup::restore(old, fx.path(), options);
        TIRKEU_VERIFY_ERROR(plain, ErrorCode::Conflict);
        QVERIFY2(plain.message().contains(QStringLiteral("audit anchors up to 2026-03-02")),
                 qPrintable(plain.message()));
        // The attacker adds an anchor of 2 March to the old backup, on its own newest event (consistent with its
        // chain, so the backup still verifies).
        const QString forged = m_out.filePath(QStringLiteral("anchors-forged.sqlite"));
        QVERIFY(QFile::copy(old, forged));
        {
            auto db = Database::open(forged);
            TIRKEU_VERIFY_OK(db);
            TIRKEU_VERIFY_OK((*db)->exec(
                QStringLiteral("INSERT INTO audit_anchors (day, last_seq, head_hash, events, created_at) SELECT "
                               "'2026-03-02', seq, hash, seq, '2026-03-02T19:00:00.000Z' FROM audit_events ORDER BY "
                               "seq DESC LIMIT 1")));
        }
        fx.reg.reset();
        auto r = Backup::restore(forged, fx.path(), options);
        TIRKEU_VERIFY_ERROR(r, ErrorCode::Conflict);
        QVERIFY2(r.message().contains(QStringLiteral("--accept-rollback")), qPrintable(r.message()));
        QVERIFY(fx.open());
        QCOMPARE(fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong(), events);
    }
    // Attack of session 28 (F4): a restore took back, without a word, a revocation the OCSP responder had already
    // signed ("revoked" within seconds, long before the next CRL); the responder then signed "good" for the same
    // certificate. A revocation the replaced register has and the backup lacks (or has otherwise), and a
    // certificate issued after the backup, are a rollback like a CRL number: refused, changing nothing, unless
    // accepted with a reason; then the restore's event and report name every serial taken back.
    void restoreDoesNotSilentlyTakeBackRevocations() {
        RegistryFixture fx;
        const RevokedAfterBackup made = revokedAfterBackup(fx, QStringLiteral("f4"));
        QVERIFY2(!made.serial.isEmpty(), qPrintable(fx.error));
        const QString a = made.serial;
        const QString old = made.backup;
        const RevokeRequest revoke = made.revoke;
        // Issued after the backup: OCSP answered "good" for it, after the restore it would say "unknown".
        const QString b = issueToHolder(fx, kIinSecond);
        QVERIFY(!b.isEmpty());
        // No CRL was published since, no anchor: only the revocation and the issuance are newer than the backup.
        QCOMPARE(fx.count(QStringLiteral("crls")), qint64(0));
        QCOMPARE(fx.count(QStringLiteral("audit_anchors")), qint64(0));
        const qint64 events = fx.count(QStringLiteral("audit_events"));
        fx.reg.reset();
        const auto fileSha = [](const QString& f) {
            QFile in(f);
            return in.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(in.readAll(), QCryptographicHash::Sha256)
                                                : QByteArray();
        };
        const QByteArray before = fileSha(fx.path());

        RestoreOptions options;
        options.login = fx.admin.login;
        options.password = kPassword;
        options.clock = &fx.clock; // the register's: it dates the restore's event
        options.replace = true;
        auto refused = Backup::restore(old, fx.path(), options);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(QStringLiteral("1 revocation")) && refused.message().contains(a) &&
                     refused.message().contains(kNca) && refused.message().contains(QStringLiteral("1 certificate")) &&
                     refused.message().contains(b) && refused.message().contains(QStringLiteral("--accept-rollback")),
                 qPrintable(refused.message()));
        // Nothing changed, nothing kept beside it.
        QCOMPARE(fileSha(fx.path()), before);
        QCOMPARE(QDir(QFileInfo(fx.path()).path())
                     .entryList({QFileInfo(fx.path()).fileName() + QStringLiteral(".replaced-*")})
                     .size(),
                 0);
        QVERIFY(fx.open());
        QCOMPARE(fx.count(QStringLiteral("audit_events")), events);
        QCOMPARE(fx.scalar(QStringLiteral("SELECT reason_code FROM revocations WHERE serial = ?"), {a}).toInt(),
                 Revocations::kKeyCompromise);
        fx.reg.reset();

        // Accepted: the serials taken back are in the report and in register.restored.
        options.acceptRollback = true;
        options.reason = QStringLiteral("the register disk failed");
        auto accepted = Backup::restore(old, fx.path(), options);
        TIRKEU_VERIFY_OK(accepted);
        QVERIFY(accepted->rollback);
        QCOMPARE(accepted->revocationsTakenBack.size(), 1);
        QCOMPARE(accepted->revocationsTakenBack.first().ca, kNca);
        QCOMPARE(accepted->revocationsTakenBack.first().serial, a);
        QCOMPARE(accepted->revocationsTakenBack.first().reasonCode, Revocations::kKeyCompromise);
        QCOMPARE(accepted->certificatesNotInBackup.size(), 1);
        QCOMPARE(accepted->certificatesNotInBackup.first().serial, b);
        QVERIFY(fx.open());
        QCOMPARE(fx.count(QStringLiteral("revocations")), qint64(0));
        const QJsonObject d =
            QJsonDocument::fromJson(fx.scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = "
                                                             "'register.restored' ORDER BY seq DESC LIMIT 1"))
                                        .toString()
                                        .toUtf8())
                .object();
        // Dated by the register's clock, as every other event (not by the system clock: a register whose clock
        // is behind the system's would then refuse every later write as after an event from the future).
        QCOMPARE(fromDbTime(fx.scalar(QStringLiteral("SELECT ts FROM audit_events WHERE event_type = "
                                                     "'register.restored' ORDER BY seq DESC LIMIT 1"))
                                .toString()),
                 fx.clock.now());
        const QJsonArray taken = d.value(QStringLiteral("revocations_taken_back")).toArray();
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().toObject().value(QStringLiteral("serial")).toString(), a);
        QCOMPARE(taken.first().toObject().value(QStringLiteral("ca")).toString(), kNca);
        QCOMPARE(taken.first().toObject().value(QStringLiteral("reason_code")).toInt(), Revocations::kKeyCompromise);
        const QJsonArray unknown = d.value(QStringLiteral("certificates_not_in_backup")).toArray();
        QCOMPARE(unknown.size(), 1);
        QCOMPARE(unknown.first().toObject().value(QStringLiteral("serial")).toString(), b);
        auto verified = fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        TIRKEU_VERIFY_INTACT(verified);
        // The officer revokes it again at once (the certificate is in the backup, valid).
        fx.clock.set(fx.clock.now().addSecs(60));
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).revoke(fx.officerA, revoke));
    }

    // Attack of session 29 (F4): a backup older than a revocation, restored into a new file (as on PostgreSQL,
    // where every restore is into a new database), said nothing, and its next CRL into the live folder — numbered
    // above the published one, which relying parties therefore replace — left out the key-compromised
    // certificate. The publisher now refuses while the folder's newer CRL of the CA lists a certificate the
    // register does not have as revoked, naming it; revoked again, the CRL is published with it.
    void restoredOldRegisterPublishesNoRevocationAway() {
        RegistryFixture fx;
        const RevokedAfterBackup made = revokedAfterBackup(fx, QStringLiteral("s29f4"));
        QVERIFY2(!made.serial.isEmpty(), qPrintable(fx.error));
        const QString old = made.backup;
        RevokeRequest revoke = made.revoke;
        const QString a = QString(made.serial).remove(QRegularExpression(QStringLiteral("^0+"))); // as a CRL reads it
        const pki::SecretSource secret = pki::SecretSource::literal(kCaPassphrase);
        const QString folder = m_out.filePath(QStringLiteral("s29f4-crl"));
        QVERIFY(QDir().mkpath(folder));
        auto first = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(first);
        QCOMPARE(first->entries, qint64(1));
        const QByteArray published = readFile(first->derPath);

        // Restored into a new file: no rollback is refused there (nothing is replaced).
        const QString restoredPath = m_out.filePath(QStringLiteral("s29f4-restored.sqlite"));
        RestoreOptions options;
        options.login = fx.admin.login;
        options.password = kPassword;
        options.clock = &fx.clock; // the register's: it dates the restore's event
        TIRKEU_VERIFY_OK(Backup::restore(old, restoredPath, options));
        auto restored = Register::open(restoredPath, Register::OpenMode::Existing);
        TIRKEU_VERIFY_OK(restored);
        auto refused = CaEngine(**restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(a) &&
                     refused.message().contains(QStringLiteral("does not have as revoked")),
                 qPrintable(refused.message()));
        QCOMPARE(readFile(first->derPath), published); // the published CRL stands
        QCOMPARE((*restored)->db().scalar(QStringLiteral("SELECT count(*) FROM crls"))->toLongLong(), qint64(0));
        // Revoked again in the restored register: published, with it.
        TIRKEU_VERIFY_OK(CaEngine(**restored).revoke(fx.officerA, revoke));
        auto second = CaEngine(**restored).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_OK(second);
        QCOMPARE(second->number, first->number + 1);
        QCOMPARE(second->entries, qint64(1));
    }

    // Attack of session 29 (F12): one crl_number_floors row written outside Tirkeu (the PostgreSQL application
    // role, an edited backup) made the CA sign CRL 2^63 - 1 and never publish again, audit verify intact. A floor
    // counts only as far as a restore recorded it: above that, no CRL is published and audit verify names it.
    void crlNumberFloorNoRestoreRecordedStopsPublication() {
        RegistryFixture fx;
        QVERIFY2(fx.create(almaty(2026, 3, 2)), qPrintable(fx.error));
        const pki::SecretSource secret = pki::SecretSource::literal(kCaPassphrase);
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).createRootCa(fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                                        m_out.filePath(QStringLiteral("s29f12-nca.p8")), kCaPassphrase,
                                                        10));
        const QString folder = m_out.filePath(QStringLiteral("s29f12-crl"));
        QVERIFY(QDir().mkpath(folder));
        TIRKEU_VERIFY_OK(CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret));
        TIRKEU_VERIFY_OK(fx.exec(QStringLiteral("INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) "
                                                "SELECT id, 9223372036854775806, '2026-03-02T00:00:00.000Z' FROM cas "
                                                "WHERE code = ?"),
                                 {kNca}));
        const qint64 crls = fx.count(QStringLiteral("crls"));
        auto refused = CaEngine(*fx.reg).publishCrl(fx.officerA, kNca, folder, false, secret);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Integrity);
        QVERIFY2(refused.message().contains(QStringLiteral("written outside Tirkeu")), qPrintable(refused.message()));
        QCOMPARE(fx.count(QStringLiteral("crls")), crls);
        QCOMPARE(fx.count(QStringLiteral("crl_pending")), fx.count(QStringLiteral("crls")));
        auto verified = fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->badTable, QStringLiteral("crl_number_floors"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(BackupControlTest)
#include "tst_backup_control.moc"
