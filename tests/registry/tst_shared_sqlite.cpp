// Attack replay (issue 12, item 8): one SQLite register shared by a long-lived process (the GUI at the
// counter) and short-lived writers (the cron CRL job, tirkeu-cli). POSIX locks belong to the process:
// when the long-lived process opens and closes one of the register's files by another path (here
// QFile, as a file dialog's MIME sniffing does), SQLite's locks on it are gone, the next writer's exit
// takes the register for its own and deletes the -wal and -shm files the first process still uses, and
// what that process writes afterwards goes into a deleted file: invisible to everyone, written back
// over newer pages when it exits. The register must survive this (persistent WAL), and a damaged
// register is refused for writing at once (PRAGMA quick_check at open).

#include "common/TestDb.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "registry/AuditLog.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tirkeu;
using namespace tirkeu::registry;

class TestSharedSqlite : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cli;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    // tirkeu-cli in its own process (another program on the same register).
    struct Run {
        int code = -1;
        QString out;
        QString err;
    };
    Run cli(const QString& db, const QString& as, const QStringList& args) {
        QProcess p;
        QStringList all{QStringLiteral("--db"), db, QStringLiteral("--lang"), QStringLiteral("en")};
        if (!as.isEmpty())
            all << QStringLiteral("--as") << as << QStringLiteral("--password-file")
                << path(as + QStringLiteral(".pw"));
        p.start(m_cli, all + args);
        Run r;
        if (p.waitForStarted(10000) && p.waitForFinished(60000)) {
            r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
            r.out = QString::fromUtf8(p.readAllStandardOutput());
            r.err = QString::fromUtf8(p.readAllStandardError());
        }
        return r;
    }
    void writeFile(const QString& name, const QByteArray& content) {
        QVERIFY(test::writeFile(path(name), content)); // owner only (a secret file)
    }

private Q_SLOTS:
    void initTestCase() {
        if (test::onPostgres())
            QSKIP("the shared-file hazard is SQLite's; PostgreSQL has no register file");
        QVERIFY(m_dir.isValid());
        m_cli = qEnvironmentVariable("TIRKEU_CLI");
        if (m_cli.isEmpty() || !QFile::exists(m_cli))
            QSKIP("TIRKEU_CLI does not name the tirkeu-cli binary");
        writeFile(QStringLiteral("admin.pw"), "admin-password-123\n");
    }

    void otherPathOpenDoesNotLoseWrites() {
        const QString db = path(QStringLiteral("shared.sqlite"));
        const Run init =
            cli(db, QString(),
                {QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin"),
                 QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))});
        QVERIFY2(init.code == 0, qPrintable(init.err));

        // The long-lived process: the register open, an operator signed in, something read.
        auto reg = Register::open(db, Register::OpenMode::Existing);
        QVERIFY2(reg.ok(), qPrintable(reg.message()));
        auto admin = (*reg)->operators().signIn(QStringLiteral("admin"), QStringLiteral("admin-password-123"));
        QVERIFY2(admin.ok(), qPrintable(admin.message()));
        QVERIFY((*reg)->operators().list(*admin).ok());

        // The same process opens and closes the register file by another path (a dialog's sniffing).
        {
            QFile sniff(db);
            QVERIFY(sniff.open(QIODevice::ReadOnly));
            QCOMPARE(sniff.read(15), QByteArray("SQLite format 3"));
        }

        // Another program writes and exits.
        const Run policy = cli(db, QStringLiteral("admin"),
                               {QStringLiteral("operator"), QStringLiteral("lockout"), QStringLiteral("--max-failures"),
                                QStringLiteral("7")});
        QVERIFY2(policy.code == 0, qPrintable(policy.err));
        QVERIFY2(QFile::exists(db + QStringLiteral("-wal")) && QFile::exists(db + QStringLiteral("-shm")),
                 "the other program's exit deleted the WAL and index the first process still uses");

        // The long-lived process writes; everyone else must see it at once.
        auto clerk = (*reg)->operators().add(*admin, QStringLiteral("clerk"), QStringLiteral("Тест Кассир"),
                                             Role::Operator, QStringLiteral("clerk-password-123"));
        QVERIFY2(clerk.ok(), qPrintable(clerk.message()));
        auto seen = (*reg)->operators().maxFailures();
        QVERIFY(seen.ok());
        QCOMPARE(*seen, 7);
        const Run list = cli(db, QStringLiteral("admin"),
                             {QStringLiteral("operator"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        QVERIFY2(list.out.contains(QStringLiteral("\"clerk\"")), qPrintable(list.out));

        // After the long-lived process exits, the register is whole and holds both writes.
        reg->reset();
        auto check = Database::open(db);
        QVERIFY(check.ok());
        QCOMPARE((*check)->damage(), QString());
        QCOMPARE((*check)->scalar(QStringLiteral("PRAGMA integrity_check"))->toString(), QStringLiteral("ok"));
        QCOMPARE((*check)->scalar(QStringLiteral("SELECT count(*) FROM operators WHERE login = 'clerk'"))->toInt(), 1);
        QCOMPARE(
            (*check)->scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'signin_max_failures'"))->toString(),
            QStringLiteral("7"));
        SystemClock clock;
        AuditLog audit(**check, clock);
        auto verified = audit.verify();
        QVERIFY(verified.ok());
        QVERIFY2(verified->ok, qPrintable(verified->problem));
    }

    void damagedRegisterIsNotWrittenTo() {
        const QString db = path(QStringLiteral("damaged.sqlite"));
        {
            auto reg = Register::open(db, Register::OpenMode::CreateOrUpgrade);
            QVERIFY(reg.ok());
            auto admin = (*reg)->operators().createFirstAdministrator(QStringLiteral("admin"), QStringLiteral("Әкімші"),
                                                                      QStringLiteral("admin-password-123"));
            QVERIFY(admin.ok());
            QVERIFY((*reg)->db().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
        }
        // Damage one page of the event log's hash index in place (what stale pages written back do).
        {
            auto db0 = Database::open(db);
            QVERIFY(db0.ok());
            auto page = (*db0)->scalar(
                QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_audit_events_1'"));
            QVERIFY(page.ok() && page->toInt() > 1);
            auto size = (*db0)->scalar(QStringLiteral("PRAGMA page_size"));
            db0->reset();
            QFile f(db);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(qint64(page->toInt() - 1) * size->toInt() + 8));
            f.write(QByteArray(64, '\x5a'));
        }
        // Reading needs no check of the whole file (seconds at millions of certificates): a connection
        // that only reads never runs it; the first write does.
        {
            auto reader = Database::open(db);
            QVERIFY(reader.ok());
            auto logins = (*reader)->scalar(QStringLiteral("SELECT count(*) FROM operators"));
            QVERIFY(logins.ok());
            QCOMPARE(logins->toInt(), 1);
            QVERIFY(!(*reader)->integrityChecked());
            QCOMPARE((*reader)->begin().code(), ErrorCode::Database);
            QVERIFY((*reader)->integrityChecked());
        }
        // The same verdict from the check run in the background (startDamageCheck); a transaction begun before
        // that verdict is known (beginCheckedAtCommit, a full CRL's) takes the lock, but its commit awaits the
        // verdict and records nothing.
        QString verdict;
        {
            auto early = Database::open(db);
            QVERIFY(early.ok());
            (*early)->startDamageCheck();
            QVERIFY((*early)->beginCheckedAtCommit().ok());
            QVERIFY((*early)->exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('damage-probe', 'x')")).ok());
            const Status commit = (*early)->commit();
            QCOMPARE(commit.code(), ErrorCode::Database);
            QVERIFY2(commit.message().contains(QStringLiteral("damaged")), qPrintable(commit.message()));
            QVERIFY(!(*early)->inTransaction());
            QVERIFY((*early)->integrityChecked());
            verdict = (*early)->damage();
            QVERIFY(!verdict.isEmpty());
            // Once the damage is known, such a transaction is refused at once.
            QCOMPARE((*early)->beginCheckedAtCommit().code(), ErrorCode::Database);
            QCOMPARE((*early)->scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'damage-probe'"))->toInt(),
                     0);
        }
        auto damaged = Register::open(db, Register::OpenMode::Existing);
        QVERIFY2(damaged.ok(), qPrintable(damaged.message()));
        QCOMPARE((*damaged)->db().damage(), verdict);
        QVERIFY2(!(*damaged)->db().damage().isEmpty(), "quick_check did not notice the damage");
        const Status write = (*damaged)->db().begin();
        QCOMPARE(write.code(), ErrorCode::Database);
        QVERIFY2(write.message().contains(QStringLiteral("damaged")), qPrintable(write.message()));
        damaged->reset();
        // The CLI refuses with exit code 7 and says why.
        const Run cliWrite = cli(db, QStringLiteral("admin"),
                                 {QStringLiteral("operator"), QStringLiteral("lockout"),
                                  QStringLiteral("--max-failures"), QStringLiteral("9")});
        QCOMPARE(cliWrite.code, int(ErrorCode::Database));
        QVERIFY2(cliWrite.err.contains(QStringLiteral("damaged")), qPrintable(cliWrite.err));
    }

    // The register holds every holder's personal data (IIN, names, addresses): a new SQLite register, its
    // -wal and -shm files are never readable by other users of the machine, whatever the umask; the group
    // keeps what the umask gives it (operators and the CRL job share a register through a group, README
    // "Sharing one SQLite register"). Also through `tirkeu-cli db init`.
    void newRegisterIsNotReadableByOthers() {
        const mode_t previous = ::umask(0002); // the most open umask in common use
        auto restore = qScopeGuard([previous] { ::umask(previous); });
        const QString db = path(QStringLiteral("private.sqlite"));
        {
            auto reg = Register::open(db, Register::OpenMode::CreateOrUpgrade);
            QVERIFY2(reg.ok(), qPrintable(reg.message()));
            auto admin = (*reg)->operators().createFirstAdministrator(QStringLiteral("admin"), QStringLiteral("Admin"),
                                                                      QStringLiteral("admin-password-123"));
            QVERIFY2(admin.ok(), qPrintable(admin.message()));
        }
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            struct stat st {};
            QVERIFY2(::stat(QFile::encodeName(db + suffix).constData(), &st) == 0, qPrintable(db + suffix));
            QVERIFY2((st.st_mode & 0007) == 0,
                     qPrintable(QStringLiteral("%1 has mode %2").arg(db + suffix).arg(st.st_mode & 0777, 0, 8)));
            QCOMPARE(st.st_mode & 0770, mode_t(0660)); // owner and group as the umask allows
        }
        // An existing register keeps the mode its administrator gave it.
        QVERIFY(::chmod(QFile::encodeName(db).constData(), 0640) == 0);
        {
            auto reg = Register::open(db, Register::OpenMode::Existing);
            QVERIFY2(reg.ok(), qPrintable(reg.message()));
        }
        struct stat kept {};
        QVERIFY(::stat(QFile::encodeName(db).constData(), &kept) == 0);
        QCOMPARE(kept.st_mode & 0777, mode_t(0640));
        // tirkeu-cli db init, run with a umask of 022 (others may read by default).
        ::umask(0022);
        const QString cliDb = path(QStringLiteral("cli-init.sqlite"));
        const Run init = cli(cliDb, QString(),
                             {QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                              QStringLiteral("admin"), QStringLiteral("--admin-name"), QStringLiteral("Әкімші"),
                              QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))});
        QVERIFY2(init.code == 0, qPrintable(init.err));
        struct stat made {};
        QVERIFY(::stat(QFile::encodeName(cliDb).constData(), &made) == 0);
        QCOMPARE(made.st_mode & 0777, mode_t(0640));
    }

    // Attack of session 27: the folders on the way to a new register were made with the umask's mode (0777
    // under umask 000: any local user could delete or swap the register of every holder's personal data).
    // Whatever the umask, a folder Tirkeu makes for a register is its owner's alone (0700, pki/FileModes.h),
    // through Register::open and through tirkeu-cli db init; an existing folder is left as its administrator
    // made it.
    void registerFoldersAreMadeForTheirOwnerOnly() {
        const mode_t previous = ::umask(0);
        auto restore = qScopeGuard([previous] { ::umask(previous); });
        const auto modeOf = [](const QString& p) {
            struct stat st {};
            return ::lstat(QFile::encodeName(p).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
        };
        {
            auto reg =
                Register::open(path(QStringLiteral("new/deeper/register.sqlite")), Register::OpenMode::CreateOrUpgrade);
            QVERIFY2(reg.ok(), qPrintable(reg.message()));
        }
        QCOMPARE(modeOf(path(QStringLiteral("new"))), 0700);
        QCOMPARE(modeOf(path(QStringLiteral("new/deeper"))), 0700);
        const Run init =
            cli(path(QStringLiteral("cli-new/register.sqlite")), QString(),
                {QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin"),
                 QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))});
        QVERIFY2(init.code == 0, qPrintable(init.err));
        QCOMPARE(modeOf(path(QStringLiteral("cli-new"))), 0700);
        // An existing folder keeps its mode (a register shared through a group lives in a folder its
        // administrator made for that group).
        QVERIFY(QDir().mkpath(path(QStringLiteral("shared-by-group"))));
        QVERIFY(::chmod(QFile::encodeName(path(QStringLiteral("shared-by-group"))).constData(), 02770) == 0);
        {
            auto reg = Register::open(path(QStringLiteral("shared-by-group/register.sqlite")),
                                      Register::OpenMode::CreateOrUpgrade);
            QVERIFY2(reg.ok(), qPrintable(reg.message()));
        }
        QCOMPARE(modeOf(path(QStringLiteral("shared-by-group"))), 02770);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestSharedSqlite)
#include "tst_shared_sqlite.moc"
