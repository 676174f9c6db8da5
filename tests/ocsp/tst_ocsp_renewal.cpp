// The delegated OCSP signing certificate renewed before it expires (issue 17): by the scheduled job
// packaging/tirkeu-crl-job (OCSP_CAS=, run for real with the built tirkeu-cli, which uses the real
// clock), then by `tirkeu-cli ocsp renew-signer` on a FixedClock moved through the renewal window
// (in process: CliApp::run takes the clock). A renewal certifies the same key again, is audited
// (ocsp.signer_renewed, naming the previous certificate), and nothing happens before the window;
// bad input (wrong CA passphrase, a window as long as the validity, an operator) changes nothing.
// Runs on SQLite and, as ocsp.tst_ocsp_renewal.pg, on a throw-away PostgreSQL server.

#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "registry/Clock.h"

#include <QJsonArray>
#include <QLockFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestOcspRenewal : public QObject, public CliHarness {
    Q_OBJECT

    registry::FixedClock m_fixed{QDateTime::currentDateTimeUtc()};

    QString caPass() const { return path(QStringLiteral("ca.pass")); }
    QStringList renew(int withinDays, int days = 30) const {
        return {QStringLiteral("ocsp"),
                QStringLiteral("renew-signer"),
                QStringLiteral("--ca"),
                QStringLiteral("NCA"),
                QStringLiteral("--within-days"),
                QString::number(withinDays),
                QStringLiteral("--days"),
                QString::number(days),
                QStringLiteral("--ca-passphrase-file"),
                caPass(),
                QStringLiteral("--json")};
    }
    // The newest signing certificate as the register has it (serial, not_after).
    QJsonObject newestSigner() {
        const Run r = as(QStringLiteral("off1"), renew(0, 30)); // a window of 0 days: only describes
        return r.code == 0 ? r.json() : QJsonObject{{QStringLiteral("error"), r.err}};
    }
    // The audit events about a subject (newest first).
    QJsonArray events(const QString& subject) {
        const Run r = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("list"),
                                                   QStringLiteral("--subject"), subject, QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).array();
    }
    // The public key of the signer key file, and of a certificate in the register (PEM).
    QString signerKeyPub() {
        return openssl({QStringLiteral("pkey"), QStringLiteral("-in"), path(QStringLiteral("signer.p8")),
                        QStringLiteral("-passin"), QStringLiteral("file:") + path(QStringLiteral("signer.pass")),
                        QStringLiteral("-pubout")})
            .output;
    }
    QString exportedPub(const QString& serial) {
        const QString pem = path(serial + QStringLiteral(".pem"));
        const Run r = as(QStringLiteral("off1"),
                         {QStringLiteral("certificate"), QStringLiteral("show"), QStringLiteral("--ca"),
                          QStringLiteral("NCA"), QStringLiteral("--serial"), serial, QStringLiteral("--out"), pem});
        if (r.code != 0)
            return r.err;
        return openssl({QStringLiteral("x509"), QStringLiteral("-in"), pem, QStringLiteral("-noout"),
                        QStringLiteral("-pubkey")})
            .output;
    }
    // packaging/tirkeu-crl-job full with a configuration in the test folder (cas: CAS=).
    Tool job(const QString& cas = QStringLiteral("NCA"), int withinDays = 7, int signerDays = 30,
             const QString& extraConf = {}, const QString& cli = {}) {
        const QString conf =
            file(QStringLiteral("tirkeu.conf"),
                 QStringLiteral("# test\nTIRKEU_DB=%1\nCAS=%2\nOCSP_CAS=NCA\nOCSP_RENEW_WITHIN_DAYS=%3\n"
                                "OCSP_SIGNER_DAYS=%4\nOUTPUT_DIR=%5\nOPERATOR=off1\nOPERATOR_PASSWORD_FILE=%6\n"
                                "CA_PASSPHRASE_FILE=%7\nSERVICE_USER=%8\nLOCK_FILE=%9\nLOCK_WAIT=30\n")
                     .arg(m_db, cas, QString::number(withinDays), QString::number(signerDays),
                          path(QStringLiteral("crl")), path(QStringLiteral("off1.pw")), caPass(),
                          qEnvironmentVariable("USER", QStringLiteral("root")), path(QStringLiteral("job.lock")))
                     .append(extraConf)
                     .toUtf8());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_CRL_CONF"), conf);
        env.insert(QStringLiteral("TIRKEU_CLI_BIN"), cli.isEmpty() ? cliBinary() : cli);
        env.insert(QStringLiteral("RUNTIME_DIRECTORY"), m_dir.path()); // as root: the secrets' private copy
        ToolOptions options;
        options.mergeChannels = true;
        options.env = env;
        options.timeoutMs = 120000;
        return runTool(QStringLiteral("bash"),
                       {qEnvironmentVariable("TIRKEU_SOURCE_DIR") + QStringLiteral("/packaging/tirkeu-crl-job"),
                        QStringLiteral("full")},
                       options);
    }

private Q_SLOTS:
    void initTestCase() {
        if (cliBinary().isEmpty() || qEnvironmentVariable("TIRKEU_SOURCE_DIR").isEmpty())
            QSKIP("TIRKEU_CLI and TIRKEU_SOURCE_DIR are set by ctest");
        for (const char* tool : {"flock", "setpriv"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QLatin1String(tool))));
        }
        if (::geteuid() == 0)
            qputenv("USER", "root"); // the job, started as root, runs tirkeu-cli as SERVICE_USER
        m_clock = &m_fixed;
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        file(QStringLiteral("signer.pass"), "OCSP-қолтаңба-2026-secret\n");
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        Run r;
        // A signer that expires in 5 days: inside the job's 7-day window from the start.
        r = as(QStringLiteral("off1"),
               {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--key-out"), path(QStringLiteral("signer.p8")), QStringLiteral("--passphrase-file"),
                path(QStringLiteral("signer.pass")), QStringLiteral("--ca-passphrase-file"), caPass(),
                QStringLiteral("--days"), QStringLiteral("5"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(newestSigner().value(QStringLiteral("serial")).toString(),
                 r.json().value(QStringLiteral("serial")).toString());
    }

    void scheduledJobRenewsWithinTheWindow() {
        const QString before = newestSigner().value(QStringLiteral("serial")).toString();
        const int certificates = count(QStringLiteral("certificates"));
        const Tool first = job();
        QVERIFY2(first.code == 0, qPrintable(first.output));
        QVERIFY2(first.output.contains(QStringLiteral("OCSP signer of CA NCA renewed")) &&
                     first.output.contains(QStringLiteral("OCSP signers: 1 of 1 renewed")),
                 qPrintable(first.output));
        QVERIFY(QFile::exists(path(QStringLiteral("crl/NCA.crl")))); // the CRL part ran too
        QCOMPARE(count(QStringLiteral("certificates")), certificates + 1);
        m_fixed.set(QDateTime::currentDateTimeUtc()); // the binary ran on the real clock
        const QJsonObject now = newestSigner();
        const QString renewed = now.value(QStringLiteral("serial")).toString();
        QVERIFY(renewed != before);
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(
            QDateTime::fromString(now.value(QStringLiteral("not_after")).toString(), Qt::ISODate));
        QVERIFY2(days >= 29 && days <= 30, qPrintable(QString::number(days)));
        // Audited, naming the certificate it replaces; the same key certified again.
        const QJsonArray audit = events(renewed);
        QVERIFY2(!audit.isEmpty(), "no audit event about the renewed certificate");
        const QJsonObject event = audit.first().toObject();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("ocsp.signer_renewed"));
        QCOMPARE(event.value(QStringLiteral("operator")).toString(), QStringLiteral("off1"));
        QCOMPARE(event.value(QStringLiteral("details")).toObject().value(QStringLiteral("previous_serial")).toString(),
                 before);
        const QString keyPub = signerKeyPub();
        QVERIFY2(keyPub.contains(QStringLiteral("BEGIN PUBLIC KEY")), qPrintable(keyPub));
        QCOMPARE(exportedPub(renewed), keyPub);

        // The next run finds nothing due: nothing issued, nothing audited.
        const Tool second = job();
        QVERIFY2(second.code == 0, qPrintable(second.output));
        QVERIFY2(second.output.contains(QStringLiteral("OCSP signers: 0 of 1 renewed")), qPrintable(second.output));
        QCOMPARE(count(QStringLiteral("certificates")), certificates + 1);
        QCOMPARE(events(renewed).size(), audit.size());
    }

    void jobReportsAFailedRenewal() {
        // A CA passphrase that does not open the CA key, while a renewal is due (a 35-day window for
        // 40-day certificates; no CRL this time): the job fails with tirkeu-cli's exit code and
        // nothing is issued.
        file(QStringLiteral("wrong.pass"), "not-the-passphrase-2026\n");
        file(QStringLiteral("ca.pass.keep"), read(caPass()));
        const int certificates = count(QStringLiteral("certificates"));
        QFile::remove(caPass());
        file(QStringLiteral("ca.pass"), "not-the-passphrase-2026\n");
        const Tool failed = job(QString(), 35, 40);
        QFile::remove(caPass());
        file(QStringLiteral("ca.pass"), read(path(QStringLiteral("ca.pass.keep"))));
        QVERIFY2(failed.code == int(ErrorCode::Crypto) &&
                     failed.output.contains(QStringLiteral("FAILED: OCSP signer of CA NCA")) &&
                     failed.output.contains(QStringLiteral("OCSP signers: 0 of 1 renewed")),
                 qPrintable(failed.output));
        QCOMPARE(count(QStringLiteral("certificates")), certificates);
    }

    void jobSignsTheEventLogIntoTheAnchorFolder() {
        // With ANCHORS_DIR= and the audit key's passphrase file, every run also writes the signed anchors
        // of finished days and a signed checkpoint of the head as it stands after the run's CRL, which
        // `audit verify --anchors` then checks; a rewritten tail is found from it.
        file(QStringLiteral("audit.pass"), "Аудит-кілті-2026-secret\n");
        Run r =
            as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("key"), QStringLiteral("init"),
                                         QStringLiteral("--key-out"), path(QStringLiteral("audit.p8")),
                                         QStringLiteral("--key-passphrase-file"), path(QStringLiteral("audit.pass"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString anchors = path(QStringLiteral("anchors"));
        const QString extra = QStringLiteral("ANCHORS_DIR=%1\nAUDIT_KEY_PASSPHRASE_FILE=%2\n")
                                  .arg(anchors, path(QStringLiteral("audit.pass")));
        const Tool first = job(QStringLiteral("NCA"), 7, 30, extra);
        QVERIFY2(first.code == 0, qPrintable(first.output));
        const QStringList checkpoints =
            QDir(anchors).entryList({QStringLiteral("checkpoint-*.txt")}, QDir::Files, QDir::Name);
        QCOMPARE(checkpoints.size(), 1);
        const qint64 head = scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
        QCOMPARE(checkpoints.first(), QStringLiteral("checkpoint-%1.txt").arg(head, 12, 10, QLatin1Char('0')));
        r = as(QStringLiteral("admin"),
               {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchors"), anchors});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("1 signed checkpoints")), qPrintable(r.out + r.err));

        // A second run publishes another CRL (new events): a second checkpoint; the first stays.
        const Tool second = job(QStringLiteral("NCA"), 7, 30, extra);
        QVERIFY2(second.code == 0, qPrintable(second.output));
        QCOMPARE(QDir(anchors).entryList({QStringLiteral("checkpoint-*.txt")}, QDir::Files).size(), 2);

        // Without the passphrase file the job says so and fails; the CRL part still ran.
        const Tool missing = job(QStringLiteral("NCA"), 7, 30,
                                 QStringLiteral("ANCHORS_DIR=%1\nAUDIT_KEY_PASSPHRASE_FILE=%2\n")
                                     .arg(anchors, path(QStringLiteral("no-such.pass"))));
        QVERIFY2(missing.code == 10 && missing.output.contains(QStringLiteral("FAILED: audit anchors")),
                 qPrintable(missing.output));
    }

    // Attack of session 26, F1: the job's lock was /run/lock/tirkeu-crl-job.lock, in a folder every user may
    // write: any local account created it, held a lock on it, and every run waited, then was skipped (exit
    // 75, "another CRL job still runs") — no CRL, no OCSP renewal, no anchors, for as long as it liked. A
    // lock in a folder others can write is refused now, at once and loudly (exit 10, naming the folder and
    // why), and the packaged default is /run/tirkeu (0750 root, tmpfiles.d).
    void lockFileOfAnotherUserDoesNotStopTheJob() {
        const QString shared = path(QStringLiteral("shared-lock"));
        QVERIFY(QDir().mkpath(shared));
        QVERIFY(::chmod(QFile::encodeName(shared).constData(), 01777) == 0); // like /run/lock
        const QString planted = shared + QStringLiteral("/tirkeu-crl-job.lock");
        // Another user's process holds the lock (as root: user nobody; otherwise a process of this user).
        QStringList holderArgs;
        if (::geteuid() == 0)
            holderArgs << QStringLiteral("setpriv") << QStringLiteral("--reuid=65534")
                       << QStringLiteral("--regid=65534") << QStringLiteral("--clear-groups") << QStringLiteral("--");
        holderArgs << QStringLiteral("flock") << planted << QStringLiteral("sleep") << QStringLiteral("60");
        QVERIFY(QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther));
        QProcess holder;
        holder.start(holderArgs.takeFirst(), holderArgs);
        QVERIFY(holder.waitForStarted());
        const auto stop = qScopeGuard([&] {
            holder.kill();
            holder.waitForFinished();
        });
        for (int i = 0; i < 50 && !QFile::exists(planted); ++i)
            QTest::qWait(100);
        QVERIFY(QFile::exists(planted));
        const int crls = count(QStringLiteral("crls"));
        const Tool refused =
            job(QStringLiteral("NCA"), 7, 30, QStringLiteral("LOCK_FILE=%1\nLOCK_WAIT=2\n").arg(planted));
        QVERIFY2(refused.code == 10 &&
                     refused.output.contains(QStringLiteral("is not in a folder only root or the "
                                                            "job can write")) &&
                     refused.output.contains(shared) && refused.output.contains(QStringLiteral("others can write")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(refused.code).arg(refused.output)));
        QCOMPARE(count(QStringLiteral("crls")), crls);
        // The job's own lock in its private folder: the run publishes while the stranger still holds theirs.
        const Tool published = job();
        QVERIFY2(published.code == 0, qPrintable(published.output));
        QCOMPARE(count(QStringLiteral("crls")), crls + 1);
    }

    // Attack of session 28, F5: the job gave tirkeu-cli the register with --db, so a PostgreSQL address with its
    // password stood in the process list of every run, readable by any local user. Now it never is on a command
    // line (as root a file only the service user reads, --db-file; otherwise the job's environment), and a
    // configuration holding such an address must be closed to other users. A stand-in tirkeu-cli records what it
    // was given.
    void jobKeepsTheRegisterPasswordOffCommandLines() {
        const QString seen = path(QStringLiteral("seen"));
        QVERIFY(QDir().mkpath(seen));
        QVERIFY(QFile::setPermissions(seen, QFileDevice::Permissions(0x7777))); // the service user writes there
        const QString stub = path(QStringLiteral("stub-cli"));
        {
            QFile f(stub);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(
                QStringLiteral(
                    "#!/bin/bash\nprintf '%s\\n' \"$@\" >>%1/argv\nprintf '%s\\n' \"$TIRKEU_DB\" >>%1/env\n"
                    "prev=\nfor a in \"$@\"; do [ \"$prev\" = --db-file ] && cat -- \"$a\" >>%1/dbfile; prev=$a; done\n"
                    "exit 0\n")
                    .arg(seen)
                    .toUtf8());
        }
        QVERIFY(QFile::setPermissions(stub, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                QFileDevice::ExeOther));
        const QString secretUrl = QStringLiteral("postgresql://tirkeu_app:S3cret-Pw-2026@127.0.0.1:1/tirkeu");
        (void)job(QStringLiteral("NCA"), 7, 30, QStringLiteral("TIRKEU_DB=%1\n").arg(secretUrl), stub);
        const QString argv = QString::fromUtf8(readFile(seen + QStringLiteral("/argv")));
        QVERIFY2(argv.contains(QStringLiteral("crl")), qPrintable(argv)); // the stand-in ran
        QVERIFY2(!argv.contains(QStringLiteral("S3cret-Pw-2026")), qPrintable(argv));
        const QString given =
            QString::fromUtf8(readFile(seen + QStringLiteral("/dbfile")) + readFile(seen + QStringLiteral("/env")));
        QVERIFY2(given.contains(secretUrl), qPrintable(given)); // by the file (as root) or the environment
        // The same configuration open to other users: refused before anything runs.
        const QString conf = path(QStringLiteral("tirkeu.conf"));
        QFile::remove(seen + QStringLiteral("/argv"));
        const QString open = path(QStringLiteral("open.conf"));
        QFile::remove(open);
        QVERIFY(QFile::copy(conf, open));
        QVERIFY(QFile::setPermissions(open, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                                QFileDevice::ReadOther));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_CRL_CONF"), open);
        env.insert(QStringLiteral("TIRKEU_CLI_BIN"), stub);
        env.insert(QStringLiteral("RUNTIME_DIRECTORY"), m_dir.path());
        ToolOptions options;
        options.mergeChannels = true;
        options.env = env;
        const Tool refused =
            runTool(QStringLiteral("bash"),
                    {qEnvironmentVariable("TIRKEU_SOURCE_DIR") + QStringLiteral("/packaging/tirkeu-crl-job"),
                     QStringLiteral("full")},
                    options);
        QVERIFY2(refused.code == 4 && refused.output.contains(QStringLiteral("holds the register's password")) &&
                     refused.output.contains(QStringLiteral("644")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(refused.code).arg(refused.output)));
        QVERIFY(!QFile::exists(seen + QStringLiteral("/argv")));
    }

    // Attack of session 26, F5: a CA whose publication lock stayed in the CRL folder was skipped by every run
    // ("another publication of this CA is running") and the job still ended with exit 0 until the CRL expired.
    // A lock older than PUBLISH_LOCK_MAX_MINUTES fails the run (exit 11) with a FAILED line naming its owner.
    void jobFailsWhenACaLockOutlivesAnyPublication() {
        const QString lockPath = path(QStringLiteral("crl/NCA.crl.lock"));
        QLockFile held(lockPath); // a live publisher of this user (this process), stuck
        QVERIFY(held.tryLock(0));
        const int crls = count(QStringLiteral("crls"));
        const Tool fresh = job();
        QVERIFY2(fresh.code == 0 && fresh.output.contains(QStringLiteral("full CRL of CA NCA skipped")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(fresh.code).arg(fresh.output)));
        {
            QFile f(lockPath);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(
                f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3 * 3600), QFileDevice::FileModificationTime));
        }
        const Tool stuck = job();
        QVERIFY2(stuck.code == 11 && stuck.output.contains(QStringLiteral("FAILED: full CRL of CA NCA skipped")) &&
                     stuck.output.contains(QStringLiteral("older than 120 minutes")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(stuck.code).arg(stuck.output)));
        QCOMPARE(count(QStringLiteral("crls")), crls);
        held.unlock();
        const Tool after = job();
        QVERIFY2(after.code == 0, qPrintable(after.output));
        QCOMPARE(count(QStringLiteral("crls")), crls + 1);
    }

    // Last: the clock moves three weeks ahead of the system clock, which the job's tirkeu-cli runs by, and an event
    // dated more than a day after a writer's clock stops its writes (attack of session 30, A6).
    void renewalWindowFollowsTheClock() {
        const QJsonObject current = newestSigner();
        const QString serial = current.value(QStringLiteral("serial")).toString();
        const QDateTime notAfter =
            QDateTime::fromString(current.value(QStringLiteral("not_after")).toString(), Qt::ISODate);
        QVERIFY(notAfter.isValid());
        const int certificates = count(QStringLiteral("certificates"));

        // 8 days before the expiry: outside a 7-day window.
        m_fixed.set(notAfter.addDays(-8));
        Run r = as(QStringLiteral("off1"), renew(7));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("issued")).toBool(), false);
        QCOMPARE(r.json().value(QStringLiteral("serial")).toString(), serial);
        QCOMPARE(count(QStringLiteral("certificates")), certificates);

        // Bad input changes nothing, even when due.
        m_fixed.set(notAfter.addDays(-6));
        QCOMPARE(as(QStringLiteral("op"), renew(7)).code, int(ErrorCode::Forbidden));
        QCOMPARE(as(QStringLiteral("off1"), renew(30, 30)).code, int(ErrorCode::Invalid));
        QStringList wrongPass = renew(7);
        wrongPass[9] = path(QStringLiteral("wrong.pass"));
        QCOMPARE(as(QStringLiteral("off1"), wrongPass).code, int(ErrorCode::Crypto));
        QCOMPARE(count(QStringLiteral("certificates")), certificates);

        // 6 days before the expiry: renewed, from the clock's "now", for 30 days.
        r = as(QStringLiteral("off2"), renew(7));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("issued")).toBool(), true);
        const QString renewed = r.json().value(QStringLiteral("serial")).toString();
        QVERIFY(renewed != serial);
        QCOMPARE(count(QStringLiteral("certificates")), certificates + 1);
        const QDateTime notBefore =
            QDateTime::fromString(r.json().value(QStringLiteral("not_before")).toString(), Qt::ISODate);
        QVERIFY(qAbs(notBefore.secsTo(notAfter.addDays(-6))) <= 1);
        QCOMPARE(notBefore.daysTo(
                     QDateTime::fromString(r.json().value(QStringLiteral("not_after")).toString(), Qt::ISODate)),
                 30);
        const QJsonObject event = events(renewed).first().toObject();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("ocsp.signer_renewed"));
        QCOMPARE(event.value(QStringLiteral("operator")).toString(), QStringLiteral("off2"));
        QCOMPARE(event.value(QStringLiteral("details")).toObject().value(QStringLiteral("previous_serial")).toString(),
                 serial);
        // openssl accepts it as an OCSP signer of the CA at that date, for the same key.
        const QString pem = path(renewed + QStringLiteral(".pem"));
        QCOMPARE(exportedPub(renewed), signerKeyPub());
        const Tool verify =
            openssl({QStringLiteral("verify"), QStringLiteral("-attime"),
                     QString::number(notBefore.addSecs(60).toSecsSinceEpoch()), QStringLiteral("-CAfile"),
                     path(QStringLiteral("nca.pem")), QStringLiteral("-purpose"), QStringLiteral("ocsphelper"), pem});
        QVERIFY2(verify.code == 0, qPrintable(verify.output));

        // Asked again the same day: nothing more.
        r = as(QStringLiteral("off1"), renew(7));
        QCOMPARE(r.json().value(QStringLiteral("issued")).toBool(), false);
        QCOMPARE(r.json().value(QStringLiteral("serial")).toString(), renewed);
        QCOMPARE(count(QStringLiteral("certificates")), certificates + 1);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestOcspRenewal)
#include "tst_ocsp_renewal.moc"
