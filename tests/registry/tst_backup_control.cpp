// Progress and cancel of a register backup (registry::Backup::backup with a RunControl, the GUI's
// Settings → Back up): the SQLite copy goes in steps with a page count; a cancel before or between the
// steps leaves no backup and no partial file and records nothing; a backup not cancelled is whole,
// readable and recorded. A restore is cancelled up to the moment the register file is written, and
// then nothing exists or changed; not cancelled, it names its five steps.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Backup.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>

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
};

TIRKEU_TEST_GUILESS_MAIN(BackupControlTest)
#include "tst_backup_control.moc"
