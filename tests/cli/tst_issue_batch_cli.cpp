// Issue 18, `tirkeu-cli certificate issue-batch`: a folder of requests (<application>.csr) issued at once;
// a refused request is named with its reason and the command exits non-zero while the others are issued
// and written; an existing output file or a counter operator changes nothing; and the real binary killed
// (TIRKEU_FAULT_AT, registry/FaultInjection.h) just before the commit of the second group leaves the first
// group recorded with its files, nothing of the second — no certificate, no file — and an event log that
// verifies.
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"

#include <QJsonArray>
#include <QProcess>
#include <QTest>

#include <sys/stat.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestIssueBatchCli : public QObject, public CliHarness {
    Q_OBJECT

    int m_batches = 0;

    // A new folder with `n` approved applications' requests (<application>.csr); their ids in *ids.
    QString requestsFolder(int n, QStringList* ids) {
        const QString dir = path(QStringLiteral("batch%1").arg(++m_batches));
        if (!QDir().mkpath(dir))
            return {};
        for (int i = 0; i < n; ++i) {
            const QString id = submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                                                QStringLiteral("identity_document_copy"));
            if (id.isEmpty())
                return {};
            *ids << id;
            QFile f(QDir(dir).filePath(id + QStringLiteral(".csr")));
            if (!f.open(QIODevice::WriteOnly) || f.write(newCsr()) <= 0)
                return {};
        }
        return dir;
    }
    QStringList batchArgs(const QString& dir, const QString& out, const QStringList& extra = {}) {
        return QStringList{QStringLiteral("certificate"),
                           QStringLiteral("issue-batch"),
                           QStringLiteral("--dir"),
                           dir,
                           QStringLiteral("--out"),
                           out,
                           QStringLiteral("--ca-passphrase-file"),
                           path(QStringLiteral("ca.pass"))} +
               extra;
    }
    QString statusOf(const QString& application) {
        return scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {application.toLongLong()})
            .toString();
    }
    int certificatesOf(const QString& application) {
        return scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE application_id = ?"),
                      {application.toLongLong()})
            .toInt();
    }
    void auditVerifies() {
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
    }

    // Three good requests and one that is not a request: three certificates written, one refusal named,
    // exit code non-zero.
    void issuesAFolderAndNamesTheRefused() {
        QStringList ids;
        const QString dir = requestsFolder(4, &ids);
        QVERIFY(!dir.isEmpty());
        {
            QFile bad(QDir(dir).filePath(ids.at(2) + QStringLiteral(".csr")));
            QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
            bad.write("-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n");
        }
        const QString out = path(QStringLiteral("out-folder"));
        const Run run = as(QStringLiteral("off1"), batchArgs(dir, out, {QStringLiteral("--json")}));
        QVERIFY2(run.code != 0, "a refused request must make the exit code non-zero");
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("issued")).toArray().size(), 3);
        const QJsonArray refused = json.value(QStringLiteral("not_issued")).toArray();
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().toObject().value(QStringLiteral("application")).toInteger(), ids.at(2).toLongLong());
        QCOMPARE(refused.first().toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("refused"));
        QVERIFY(!refused.first().toObject().value(QStringLiteral("error")).toString().isEmpty());
        for (int i = 0; i < ids.size(); ++i) {
            const bool good = i != 2;
            QCOMPARE(QFile::exists(QDir(out).filePath(ids.at(i) + QStringLiteral(".pem"))), good);
            QCOMPARE(certificatesOf(ids.at(i)), good ? 1 : 0);
            QCOMPARE(statusOf(ids.at(i)), good ? QStringLiteral("done") : QStringLiteral("approved"));
        }
        // The file is the recorded certificate.
        const QJsonObject first = json.value(QStringLiteral("issued")).toArray().first().toObject();
        const Tool shown = openssl({QStringLiteral("x509"), QStringLiteral("-in"),
                                    QDir(out).filePath(ids.at(0) + QStringLiteral(".pem")), QStringLiteral("-noout"),
                                    QStringLiteral("-serial")});
        QVERIFY2(shown.output.contains(first.value(QStringLiteral("serial")).toString()), qPrintable(shown.output));
        auditVerifies();

        // The human summary says the same.
        QStringList more;
        const QString second = requestsFolder(1, &more);
        const Run human = as(QStringLiteral("off1"), batchArgs(second, path(QStringLiteral("out-human"))));
        QVERIFY2(human.code == 0, qPrintable(human.err));
        QVERIFY2(human.out.contains(QStringLiteral("Batch: 1 of 1 requests issued")), qPrintable(human.out));
    }

    // A manifest (header line, paths relative to it) works like a folder; a malformed line changes nothing.
    void issuesFromAManifest() {
        QStringList ids;
        const QString dir = requestsFolder(2, &ids);
        QVERIFY(!dir.isEmpty());
        const QString manifest = QDir(dir).filePath(QStringLiteral("manifest.csv"));
        {
            QFile f(manifest);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("application,person,csr,auth_csr,media_serial\n%1,,%1.csr,,\n%2,,%2.csr,,TOKEN-7\n")
                        .arg(ids.at(0), ids.at(1))
                        .toUtf8());
        }
        const QString badManifest = QDir(dir).filePath(QStringLiteral("bad.csv"));
        {
            QFile f(badManifest);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("%1\n").arg(ids.at(0)).toUtf8());
        }
        const int before = count(QStringLiteral("certificates"));
        QStringList badArgs = batchArgs(dir, path(QStringLiteral("out-bad-manifest")));
        badArgs.replace(2, QStringLiteral("--manifest"));
        badArgs.replace(3, badManifest);
        const Run bad = as(QStringLiteral("off1"), badArgs);
        QCOMPARE(bad.code, int(ErrorCode::Usage));
        QCOMPARE(count(QStringLiteral("certificates")), before);
        QStringList args = batchArgs(dir, path(QStringLiteral("out-manifest")), {QStringLiteral("--json")});
        args.replace(2, QStringLiteral("--manifest"));
        args.replace(3, manifest);
        const Run run = as(QStringLiteral("off1"), args);
        QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
        QCOMPARE(run.json().value(QStringLiteral("issued")).toArray().size(), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT key_media_serial FROM certificates WHERE application_id = ?"),
                        {ids.at(1).toLongLong()})
                     .toString(),
                 QStringLiteral("TOKEN-7"));
        QVERIFY(QFile::exists(path(QStringLiteral("out-manifest/")) + ids.at(0) + QStringLiteral(".pem")));
    }

    // A certificate file already in the output folder, or a counter operator: nothing is issued.
    void changesNothingOnBadInput() {
        QStringList ids;
        const QString dir = requestsFolder(2, &ids);
        QVERIFY(!dir.isEmpty());
        const QString out = path(QStringLiteral("out-taken"));
        QVERIFY(QDir().mkpath(out));
        file(QStringLiteral("out-taken/") + ids.at(1) + QStringLiteral(".pem"), "keep me");
        const int before = count(QStringLiteral("certificates"));
        const Run taken = as(QStringLiteral("off1"), batchArgs(dir, out));
        QVERIFY(taken.code != 0);
        QVERIFY2(taken.err.contains(QStringLiteral("already exists")), qPrintable(taken.err));
        const Run operatorRun = as(QStringLiteral("op"), batchArgs(dir, path(QStringLiteral("out-op"))));
        QVERIFY(operatorRun.code != 0);
        QCOMPARE(count(QStringLiteral("certificates")), before);
        QCOMPARE(read(QDir(out).filePath(ids.at(1) + QStringLiteral(".pem"))), QByteArray("keep me"));
        for (const QString& id : ids)
            QCOMPARE(statusOf(id), QStringLiteral("approved"));
    }

    // Hostile output folder: a dangling symbolic link where a certificate's file will go (pointing out of
    // the folder). The link is never followed (nothing is written at its target), and the batch is refused
    // before anything is issued: IssueBatchCommand checks each path with OutputFiles::checkNew, which sees a
    // dangling link (QFileInfo::exists follows it and did not).
    void danglingSymlinkInTheOutputFolder() {
        QStringList ids;
        const QString dir = requestsFolder(1, &ids);
        QVERIFY(!dir.isEmpty());
        const QString out = path(QStringLiteral("out-link"));
        QVERIFY(QDir().mkpath(out));
        const QString victim = path(QStringLiteral("victim.pem"));
        QVERIFY(QFile::link(victim, QDir(out).filePath(ids.first() + QStringLiteral(".pem"))));
        const int before = count(QStringLiteral("certificates"));
        const Run run = as(QStringLiteral("off1"), batchArgs(dir, out));
        QVERIFY(run.code != 0);
        QVERIFY2(!QFile::exists(victim), "the certificate was written through the symbolic link");
        QVERIFY(QFileInfo(QDir(out).filePath(ids.first() + QStringLiteral(".pem"))).isSymLink());
        QCOMPARE(count(QStringLiteral("certificates")), before);
        auditVerifies();
    }

    // Attack of session 27, F7: a manifest that is a pipe nobody writes to blocked the batch for ever; a file name
    // with terminal escapes in a requests folder reached the officer's terminal raw.
    void specialFilesAreRefusedAndNamesPrintedEscaped() {
        QStringList ids;
        const QString dir = requestsFolder(1, &ids);
        QVERIFY(!dir.isEmpty());
        const QString fifo = QDir(dir).filePath(QStringLiteral("manifest.csv"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const int before = count(QStringLiteral("certificates"));
        const Run piped =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("issue-batch"), QStringLiteral("--manifest"), fifo,
                QStringLiteral("--out"), path(QStringLiteral("out-fifo")), QStringLiteral("--ca-passphrase-file"),
                path(QStringLiteral("ca.pass"))});
        QCOMPARE(piped.code, int(ErrorCode::Invalid));
        QVERIFY2(piped.err.contains(u"manifest.csv") && piped.err.contains(u"regular file"), qPrintable(piped.err));
        QVERIFY(QFile::remove(fifo));
        QFile odd(QDir(dir).filePath(QStringLiteral("x\x1b]0;PWNED\x07y.csr")));
        QVERIFY(odd.open(QIODevice::WriteOnly));
        odd.close();
        const Run named = as(QStringLiteral("off1"), batchArgs(dir, path(QStringLiteral("out-odd"))));
        QVERIFY(named.code != 0);
        QVERIFY2(!named.err.contains(QChar(0x1b)) && !named.err.contains(QChar(0x07)), qPrintable(named.err));
        QVERIFY2(named.err.contains(QStringLiteral("x\\x1b]0;PWNED\\x07y.csr")), qPrintable(named.err));
        QCOMPARE(count(QStringLiteral("certificates")), before);
        QCOMPARE(statusOf(ids.first()), QStringLiteral("approved"));
    }

    // A "request" that never ends (/dev/zero in the manifest): read up to its bound, refused, nothing issued.
    void endlessRequestIsRefused() {
        QStringList ids;
        const QString dir = requestsFolder(1, &ids);
        QVERIFY(!dir.isEmpty());
        const QString manifest = QDir(dir).filePath(QStringLiteral("manifest.csv"));
        QFile f(manifest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("application,person,csr\n%1,,/dev/zero\n").arg(ids.first()).toUtf8());
        f.close();
        const int before = count(QStringLiteral("certificates"));
        const Run run = as(QStringLiteral("off1"),
                           {QStringLiteral("certificate"), QStringLiteral("issue-batch"), QStringLiteral("--manifest"),
                            manifest, QStringLiteral("--out"), path(QStringLiteral("out-zero")),
                            QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass"))});
        QVERIFY(run.code != 0);
        QCOMPARE(count(QStringLiteral("certificates")), before);
        QCOMPARE(statusOf(ids.first()), QStringLiteral("approved"));
    }

    // Killed just before the second group's commit: the first group is recorded and written, nothing of
    // the second exists, and the event log verifies. The same command then issues the rest.
    void killedBeforeAGroupCommit() {
        if (!registry::faultInjectionBuilt())
            QSKIP("built without TIRKEU_FAULT_INJECTION");
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        QStringList ids;
        const QString dir = requestsFolder(5, &ids);
        QVERIFY(!dir.isEmpty());
        const QString out = path(QStringLiteral("out-killed"));
        const int before = count(QStringLiteral("certificates"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_FAULT_AT"), QStringLiteral("issue-batch-before-commit-2"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"),
                QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                            QStringLiteral("--as"), QStringLiteral("off1"), QStringLiteral("--password-file"),
                            path(QStringLiteral("off1.pw"))} +
                    batchArgs(dir, out, {QStringLiteral("--group-size"), QStringLiteral("2")}));
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitStatus() == QProcess::CrashExit, p.readAll().constData());
        // Group 1 is at most two requests (--group-size 2), fewer when its 50 ms ran out first.
        const int recorded = count(QStringLiteral("certificates")) - before;
        QVERIFY2(recorded >= 1 && recorded <= 2, qPrintable(QString::number(recorded)));
        // Items are taken in the order of their application numbers: the first ones form group 1.
        QStringList ordered = ids;
        std::sort(ordered.begin(), ordered.end(),
                  [](const QString& a, const QString& b) { return a.toLongLong() < b.toLongLong(); });
        for (int i = 0; i < ordered.size(); ++i) {
            const bool firstGroup = i < recorded;
            QCOMPARE(certificatesOf(ordered.at(i)), firstGroup ? 1 : 0);
            QCOMPARE(QFile::exists(QDir(out).filePath(ordered.at(i) + QStringLiteral(".pem"))), firstGroup);
            QCOMPARE(statusOf(ordered.at(i)), firstGroup ? QStringLiteral("done") : QStringLiteral("approved"));
        }
        auditVerifies();

        // The rest, into another folder: group 1's are refused (already done), the others issued.
        const Run rest =
            as(QStringLiteral("off1"), batchArgs(dir, path(QStringLiteral("out-rest")), {QStringLiteral("--json")}));
        QVERIFY(rest.code != 0);
        QCOMPARE(rest.json().value(QStringLiteral("issued")).toArray().size(), 5 - recorded);
        QCOMPARE(rest.json().value(QStringLiteral("not_issued")).toArray().size(), recorded);
        QCOMPARE(count(QStringLiteral("certificates")), before + 5);
        auditVerifies();
    }

    // The disk fills during the batch (RLIMIT_FSIZE on the process, SIGXFSZ ignored: a write that grows a
    // file past the limit fails as on a full disk; the write-ahead log is emptied first so that it must
    // grow): whatever the register could not record is neither written nor reported as issued, exactly the
    // certificates recorded have their file, the exit code is non-zero with the register's reason, and the
    // event log verifies afterwards.
    void diskFullDuringTheBatch_data() {
        QTest::addColumn<int>("kib");
        QTest::addRow("16 KiB") << 16;
        QTest::addRow("64 KiB") << 64;
        QTest::addRow("160 KiB") << 160;
    }
    void diskFullDuringTheBatch() {
        QFETCH(int, kib);
        if (!m_db.endsWith(QLatin1String(".sqlite")))
            QSKIP("SQLite file register only (file size limit)");
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        QStringList ids;
        const QString dir = requestsFolder(6, &ids);
        QVERIFY(!dir.isEmpty());
        const QString out = path(QStringLiteral("out-full-%1").arg(kib));
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            QVERIFY((*db)->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
        }
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(QStringLiteral("bash"),
                QStringList{QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; ulimit -f %1; exec \"$@\"").arg(kib),
                            QStringLiteral("limited"), qEnvironmentVariable("TIRKEU_CLI"), QStringLiteral("--db"), m_db,
                            QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--as"),
                            QStringLiteral("off1"), QStringLiteral("--password-file"),
                            path(QStringLiteral("off1.pw"))} +
                    batchArgs(dir, out, {QStringLiteral("--group-size"), QStringLiteral("1")}));
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError()) + QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        int issued = 0;
        for (const QString& id : ids) {
            const bool file = QFile::exists(QDir(out).filePath(id + QStringLiteral(".pem")));
            QCOMPARE(certificatesOf(id), file ? 1 : 0);
            QCOMPARE(statusOf(id), file ? QStringLiteral("done") : QStringLiteral("approved"));
            issued += file ? 1 : 0;
        }
        qInfo() << kib << "KiB: exit" << p.exitCode() << "issued" << issued << "of" << ids.size() << err.trimmed();
        if (issued < ids.size()) {
            QVERIFY(p.exitCode() != 0);
            QVERIFY2(err.contains(QStringLiteral("full")) || err.contains(QStringLiteral("disk I/O")), qPrintable(err));
        }
        // A register that cannot be written while a request is recorded (before the commit) is not the
        // request's fault: the batch stops like a failed commit (exit 7), no request is reported refused.
        QVERIFY2(!err.contains(QStringLiteral("refused: Register query failed")), qPrintable(err));
        if (issued < ids.size())
            QCOMPARE(p.exitCode(), int(ErrorCode::Database));
        auditVerifies();
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestIssueBatchCli)
#include "tst_issue_batch_cli.moc"
