// Issue 12, crash safety: the real tirkeu-cli is killed (SIGKILL, through the test-only fault hook
// TIRKEU_FAULT_AT, registry/FaultInjection.h) at every named step of a CRL publication and of a
// key-compromise revocation, and the register and the publish folder are then checked: every CRL file
// there is complete and recorded with exactly its content, no number ever has two contents, the next
// `crl publish` repairs (finishes or abandons the interrupted number, removes temporary files), and
// `audit verify` exits 0. A full disk (RLIMIT_FSIZE) fails the publication cleanly. An issuance killed keeps
// its key file or records nothing; a stale or planted lock file in the CRL folder blocks no publication for
// good. (The CA key and register backups, db migrate and db restore killed: tst_crash_backup_cli.)
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "pki/CrlNumber.h"
#include "pki/Result.h"
#include "registry/FaultInjection.h"
#include "tests/cli/CrashHarness.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestCrashCli : public QObject, public CrashHarness {
    Q_OBJECT

    int m_holders = 0;

    QString issueHolder() {
        const Run issued = issueIndividual(QStringLiteral("h%1").arg(++m_holders));
        return issued.code == 0 ? issued.json().value(QStringLiteral("serial")).toString() : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!registry::faultInjectionBuilt())
            QSKIP("built without TIRKEU_FAULT_INJECTION");
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        createRegisterWithNcaPublished();
    }

    void crashWhilePublishing_data() {
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("delta");
        QTest::addColumn<QString>("pendingState"); // shown by crl status after the crash ("" none)
        for (const bool delta : {false, true}) {
            const char* kind = delta ? "delta " : "full ";
            QTest::addRow("%safter reserve", kind) << "crl-after-reserve" << delta << "reserved";
            QTest::addRow("%safter temporary files", kind) << "crl-after-temp-write" << delta << "reserved";
            QTest::addRow("%safter content recorded", kind) << "crl-after-record" << delta << "written";
            QTest::addRow("%safter DER rename", kind) << "crl-after-der-rename" << delta << "written";
            QTest::addRow("%safter PEM rename", kind) << "crl-after-pem-rename" << delta << "written";
            QTest::addRow("%sbefore marked published", kind) << "crl-before-mark-published" << delta << "written";
        }
    }
    void crashWhilePublishing() {
        QFETCH(QString, step);
        QFETCH(bool, delta);
        QFETCH(QString, pendingState);
        const int crlsBefore = count(QStringLiteral("crls"));
        QString output;
        QVERIFY2(killedAt(step, publish(delta), &output), qPrintable(output));
        QCOMPARE(count(QStringLiteral("crls")), crlsBefore); // not published
        checkFolder();
        const QVariant interrupted = scalar(QStringLiteral("SELECT max(crl_number) FROM crl_pending"));
        // crl status shows the unfinished publication.
        const Run status =
            as(QStringLiteral("off1"), {QStringLiteral("crl"), QStringLiteral("status"), QStringLiteral("--ca"),
                                        QStringLiteral("NCA"), QStringLiteral("--json")});
        QVERIFY2(status.code == 0, qPrintable(status.err));
        const QJsonArray pending = status.json().value(QStringLiteral("pending")).toArray();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().toObject().value(QStringLiteral("state")).toString(), pendingState);
        QCOMPARE(pending.first().toObject().value(QStringLiteral("crl_number")).toInteger(), interrupted.toLongLong());
        // The event log is intact even now, and agrees with what the folder already shows.
        const QString der =
            QDir(crlDir()).filePath(delta ? QStringLiteral("NCA-delta.crl") : QStringLiteral("NCA.crl"));
        QStringList verifyArgs{QStringLiteral("audit"), QStringLiteral("verify")};
        if (QFile::exists(der))
            verifyArgs << QStringLiteral("--crl") << der;
        const Run verify = as(QStringLiteral("admin"), verifyArgs);
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));

        // The next run repairs and publishes a higher number.
        const Run next = as(QStringLiteral("off1"), publish(delta));
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QVERIFY(next.json().value(QStringLiteral("crl_number")).toInteger() > interrupted.toLongLong());
        const QString finished =
            scalar(QStringLiteral("SELECT state FROM crl_pending WHERE crl_number = ?"), {interrupted}).toString();
        // A number whose files were recorded and may have been renamed is finished; one that was only
        // reserved is abandoned and never used again.
        QCOMPARE(finished, pendingState == u"written" ? QStringLiteral("published") : QStringLiteral("abandoned"));
        checkRepaired();
    }

    // A key compromise whose process dies after the revocation's commit, before its delta CRL: owed,
    // shown by crl status, and covered by the next publication.
    void compromiseKilledBeforeItsDeltaIsOwed() {
        const Run set =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                         QStringLiteral("NCA"), QStringLiteral("publish_dir=") + crlDir()});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        const QString serial = issueHolder();
        QVERIFY(!serial.isEmpty());
        const int crlsBefore = count(QStringLiteral("crls"));
        QString output;
        QVERIFY2(
            killedAt(QStringLiteral("revoke-before-crl"),
                     {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"),
                      QStringLiteral("NCA"), QStringLiteral("--serial"), serial, QStringLiteral("--reason"),
                      QStringLiteral("key_compromise"), QStringLiteral("--basis"), QStringLiteral("holder_application"),
                      QStringLiteral("--basis-document"), QStringLiteral("өтініш №12"),
                      QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass"))},
                     &output),
            qPrintable(output));
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {serial}).toString(),
                 QStringLiteral("revoked"));
        QCOMPARE(count(QStringLiteral("crls")), crlsBefore);
        const QStringList status{QStringLiteral("crl"), QStringLiteral("status"), QStringLiteral("--ca"),
                                 QStringLiteral("NCA"), QStringLiteral("--json")};
        const Run owed = as(QStringLiteral("off1"), status);
        QVERIFY2(owed.code == 0, qPrintable(owed.err));
        const QJsonArray list = owed.json().value(QStringLiteral("owed")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value(QStringLiteral("serial")).toString(), serial);

        // The next run (the scheduled delta) publishes it first: the owed revocation is in it.
        const Run next = as(QStringLiteral("off1"), publish(true));
        QVERIFY2(next.code == 0, qPrintable(next.err));
        const Tool text = openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                   QStringLiteral("-in"), next.json().value(QStringLiteral("der")).toString(),
                                   QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.code == 0 && text.output.contains(serial.toUpper()), qPrintable(text.output));
        const Run settled = as(QStringLiteral("off1"), status);
        QVERIFY(settled.json().value(QStringLiteral("owed")).toArray().isEmpty());
        checkRepaired();
    }

    // Issuance with a key generated here (PKCS#12): killed after the key file is written but before
    // the certificate is recorded, nothing is recorded and the next attempt names the orphan file (its
    // certificate was never issued); killed after the commit, the key file is already there.
    void issuanceKilledKeepsTheKeyOrRecordsNothing() {
        const QString holderPw = file(QStringLiteral("holder.pw"), "Ұстаушы-құпия-1\n");
        const QString app =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                             QStringLiteral("identity_document_copy"), {}, QStringLiteral("p12app.json"));
        QVERIFY(!app.isEmpty());
        const QString p12 = path(QStringLiteral("holder.p12"));
        const auto args = [&](const QString& out) {
            return QStringList{QStringLiteral("certificate"),
                               QStringLiteral("issue"),
                               QStringLiteral("--application"),
                               app,
                               QStringLiteral("--out"),
                               path(out),
                               QStringLiteral("--ca-passphrase-file"),
                               path(QStringLiteral("ca.pass")),
                               QStringLiteral("--pkcs12-out"),
                               p12,
                               QStringLiteral("--pkcs12-password-file"),
                               holderPw,
                               QStringLiteral("--key-algorithm"),
                               QStringLiteral("p256"),
                               QStringLiteral("--json")};
        };
        const int certificates = count(QStringLiteral("certificates"));
        QString output;
        QVERIFY2(killedAt(QStringLiteral("issue-after-pkcs12-write"), args(QStringLiteral("c1.pem")), &output),
                 qPrintable(output));
        QCOMPARE(count(QStringLiteral("certificates")), certificates);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {app}).toString(),
                 QStringLiteral("approved"));
        QVERIFY(QFile::exists(p12));
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
        // The retry names the file a crash left (a certificate never recorded), and replaces nothing.
        const QByteArray orphan = read(p12);
        const Run retry = as(QStringLiteral("off1"), args(QStringLiteral("c2.pem")));
        QCOMPARE(retry.code, int(ErrorCode::Conflict));
        QVERIFY2(retry.err.contains(QStringLiteral("never recorded")), qPrintable(retry.err));
        QCOMPARE(read(p12), orphan);
        QCOMPARE(count(QStringLiteral("certificates")), certificates);
        // The documented recovery: destroy it and issue again. Killed after the commit this time: the
        // certificate is recorded valid and its key file is complete.
        QVERIFY(QFile::remove(p12));
        QVERIFY2(killedAt(QStringLiteral("issue-after-commit"), args(QStringLiteral("c3.pem")), &output),
                 qPrintable(output));
        QCOMPARE(count(QStringLiteral("certificates")), certificates + 1);
        const QString serial =
            scalar(QStringLiteral("SELECT serial FROM certificates WHERE application_id = ?"), {app}).toString();
        QVERIFY(!serial.isEmpty());
        const Tool opened = openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), p12, QStringLiteral("-nodes"),
                                     QStringLiteral("-passin"), QStringLiteral("pass:Ұстаушы-құпия-1")});
        QVERIFY2(opened.code == 0 && opened.output.contains(QStringLiteral("PRIVATE KEY")), qPrintable(opened.output));
        const Tool serialOf =
            openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-serial"), QStringLiteral("-in"),
                     file(QStringLiteral("p12cert.pem"), opened.output.toUtf8())});
        QVERIFY2(serialOf.output.contains(serial, Qt::CaseInsensitive), qPrintable(serialOf.output));
        // The certificate file the crash did not write is exported from the register.
        QVERIFY(!QFile::exists(path(QStringLiteral("c3.pem"))));
        const Run show =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("show"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), serial, QStringLiteral("--out"), path(QStringLiteral("c3.pem"))});
        QVERIFY2(show.code == 0, qPrintable(show.err));
        QVERIFY(QFile::exists(path(QStringLiteral("c3.pem"))));
        const Run after = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(after.code == 0, qPrintable(after.out + after.err));
    }

    // A full disk (RLIMIT_FSIZE through the shell's ulimit; SIGXFSZ ignored so writes fail with EFBIG):
    // the publication fails with a clear error and changes nothing in the folder; the reserved number is
    // abandoned (or left for the next run) and the event log verifies.
    void fullDiskFailsCleanly() {
        const QString der = QDir(crlDir()).filePath(QStringLiteral("NCA.crl"));
        const QByteArray before = read(der);
        const QByteArray beforePem = read(der + QStringLiteral(".pem"));
        const int crlsBefore = count(QStringLiteral("crls"));
        QStringList args = login(QStringLiteral("off1")) + publish();
        QString command = QStringLiteral("trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"");
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"),
                QStringList{QStringLiteral("-c"), command, qEnvironmentVariable("TIRKEU_CLI")} + args);
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAll());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() != 0, qPrintable(out));
        // The register's own files hit the limit first here (disk full at commit): a clear error.
        QVERIFY2(out.contains(QStringLiteral("Cannot write")) || out.contains(QStringLiteral("disk I/O error")) ||
                     out.contains(QStringLiteral("Cannot create the lock file")),
                 qPrintable(out));
        QCOMPARE(read(der), before);
        QCOMPARE(read(der + QStringLiteral(".pem")), beforePem);
        QCOMPARE(count(QStringLiteral("crls")), crlsBefore);
        checkFolder();
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
        const Run next = as(QStringLiteral("off1"), publish());
        QVERIFY2(next.code == 0, qPrintable(next.err));
        checkRepaired();
    }

    // The CRL's temporary file cannot be written (its name is taken by a folder): a clear error, the
    // folder unchanged, the reserved number abandoned at once and never used again.
    void unwritableFileFailsCleanly() {
        const qint64 next = qMax(scalar(QStringLiteral("SELECT max(crl_number) FROM crl_pending")).toLongLong(),
                                 scalar(QStringLiteral("SELECT max(crl_number) FROM crls")).toLongLong()) +
                            1;
        const QString blocker = QDir(crlDir()).filePath(QStringLiteral(".NCA.crl.%1.tmp").arg(next));
        QVERIFY(QDir().mkpath(blocker));
        const QString der = QDir(crlDir()).filePath(QStringLiteral("NCA.crl"));
        const QByteArray before = read(der);
        const Run failed = as(QStringLiteral("off1"), publish());
        QVERIFY(failed.code != 0);
        QVERIFY2(failed.err.contains(QStringLiteral("Cannot write")), qPrintable(failed.err));
        QCOMPARE(read(der), before);
        QCOMPARE(scalar(QStringLiteral("SELECT state FROM crl_pending WHERE crl_number = ?"), {next}).toString(),
                 QStringLiteral("abandoned"));
        QVERIFY(QDir(blocker).removeRecursively());
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY(again.json().value(QStringLiteral("crl_number")).toInteger() > next);
        checkRepaired();
    }

    // Attack of session 24 (F8): an empty lock file in the CRL folder (a power loss while the lock was being
    // created) blocked every publication for good. A fresh one still means "busy" (it may be being written);
    // once older than a minute it is removed and the publication runs.
    void emptyLockFileIsRemovedOnceOld() {
        const QString lockPath = QDir(crlDir()).filePath(QStringLiteral("NCA.crl.lock"));
        {
            QFile lock(lockPath);
            QVERIFY(lock.open(QIODevice::WriteOnly));
        }
        const Run fresh = as(QStringLiteral("off1"), publish());
        QCOMPARE(fresh.code, int(ErrorCode::Busy));
        {
            QFile lock(lockPath);
            QVERIFY(lock.open(QIODevice::ReadWrite));
            QVERIFY(lock.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-120), QFileDevice::FileModificationTime));
        }
        const Run old = as(QStringLiteral("off1"), publish());
        QVERIFY2(old.code == 0, qPrintable(old.err));
        QVERIFY(!QFile::exists(lockPath));
        checkRepaired();
    }

    // Attack of session 33, C7: a pipe planted in the CRL folder under a CRL's or the lock's name (whoever can write
    // the web root) blocked `crl publish` for ever inside the register's write transaction. Refused at once now,
    // naming it; the register takes writes meanwhile, and the CA publishes once it is gone.
    void pipesInTheCrlFolderAreRefusedAtOnce() {
        for (const char* name : {"NCA-delta.crl", "NCA.crl.pem", "NCA.crl.lock"}) {
            const QString pipe = QDir(crlDir()).filePath(QString::fromLatin1(name));
            const QString kept = pipe + QStringLiteral(".kept"); // the published file, put back afterwards
            const bool published = QFile::exists(pipe);
            QVERIFY(!published || QFile::rename(pipe, kept));
            QVERIFY(::mkfifo(QFile::encodeName(pipe).constData(), 0600) == 0);
            QElapsedTimer clock;
            clock.start();
            const Run refused = as(QStringLiteral("off1"), publish());
            QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
            QVERIFY2(refused.code != 0, name);
            QVERIFY2(refused.err.contains(QString::fromLatin1(name)) && refused.err.contains(QStringLiteral("regular")),
                     qPrintable(refused.err));
            QVERIFY(QFile::remove(pipe));
            QVERIFY(!published || QFile::rename(kept, pipe));
        }
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 0, qPrintable(published.err));
        checkRepaired();
    }

    // The attacker edits the register with sqlite3: a pending row's state or recorded content changed
    // is refused by the database; with the guards dropped, audit verify names the row.
    void pendingRowsAreEvidence() {
        if (!m_db.endsWith(QLatin1String(".sqlite")))
            QSKIP("SQLite file register only");
        auto db = registry::Database::open(m_db);
        QVERIFY(db.ok());
        QVERIFY(
            !(*db)->exec(QStringLiteral("UPDATE crl_pending SET state = 'reserved' WHERE state = 'published'")).ok());
        QVERIFY(!(*db)->exec(QStringLiteral("DELETE FROM crl_pending")).ok());
        QVERIFY((*db)->exec(QStringLiteral("DROP TRIGGER crl_pending_content_kept")).ok());
        QVERIFY((*db)->exec(QStringLiteral("DROP TRIGGER crl_pending_state_forward")).ok());
        QVERIFY((*db)
                    ->exec(QStringLiteral("UPDATE crl_pending SET der_sha256 = 'x' WHERE id = (SELECT max(id) FROM "
                                          "crl_pending)"))
                    .ok());
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("crl_pending")),
                 qPrintable(verify.out + verify.err));
    }

    // Attack of session 26, F5: anyone who can write into the CRL folder (README: a stranger's file in the web
    // root) planted NCA.crl.lock in QLockFile's format naming a live process of the right name, held it, and
    // every publication of the CA answered "another publication is running" (exit 11) for as long as that
    // process lived. A lock file owned by another user than this program's, root's or the folder owner's is no
    // lock of a publisher: it is not trusted, and the publication runs.
    void lockOfAnotherLiveProcessInTheFolderIsNotTrustedForever() {
        if (::geteuid() != 0)
            QSKIP("needs root: the planted lock belongs to another user (nobody)");
        if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("flock")).isEmpty())
            QSKIP("setpriv and flock are needed");
        const QString lockPath = QDir(crlDir()).filePath(QStringLiteral("NCA.crl.lock"));
        QVERIFY(!QFile::exists(lockPath));
        // What a live publisher's lock holds (this process: alive, with the right name, host and boot).
        QByteArray content;
        {
            QLockFile own(path(QStringLiteral("sample.lock")));
            QVERIFY(own.tryLock(0));
            content = read(path(QStringLiteral("sample.lock")));
            own.unlock();
        }
        QVERIFY(!content.isEmpty());
        // The folder is writable by others (the web root another account can write); the stranger's file is
        // theirs, and their process holds a lock on it all along.
        const QFile::Permissions folderBefore = QFile::permissions(crlDir());
        QVERIFY(QFile::setPermissions(crlDir(), folderBefore | QFileDevice::WriteOther | QFileDevice::ExeOther));
        QVERIFY(QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther));
        {
            QFile planted(lockPath);
            QVERIFY(planted.open(QIODevice::WriteOnly));
            QCOMPARE(planted.write(content), content.size());
        }
        QVERIFY(::chown(QFile::encodeName(lockPath).constData(), 65534, 65534) == 0);
        QProcess holder;
        holder.start(QStringLiteral("setpriv"),
                     {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                      QStringLiteral("--clear-groups"), QStringLiteral("--"), QStringLiteral("flock"),
                      QStringLiteral("-n"), lockPath, QStringLiteral("sleep"), QStringLiteral("60")});
        QVERIFY(holder.waitForStarted());
        const auto cleanup = qScopeGuard([&] {
            holder.kill();
            holder.waitForFinished();
            QFile::setPermissions(crlDir(), folderBefore);
        });
        QTest::qWait(300);
        QCOMPARE(holder.state(), QProcess::Running); // the stranger holds the lock
        const int crlsBefore = count(QStringLiteral("crls"));
        const Run first = as(QStringLiteral("off1"), publish());
        QVERIFY2(first.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(first.code).arg(first.err)));
        QCOMPARE(count(QStringLiteral("crls")), crlsBefore + 1);
        const Run second = as(QStringLiteral("off1"), publish(true));
        QVERIFY2(second.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(second.code).arg(second.err)));
        QCOMPARE(count(QStringLiteral("crls")), crlsBefore + 2);
        checkFolder(); // (the event log was edited on purpose by pendingRowsAreEvidence above)
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCrashCli)
#include "tst_crash_cli.moc"
