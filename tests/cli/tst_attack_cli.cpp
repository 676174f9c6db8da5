// Attacks on the files the programs write, run against the real tirkeu-cli (killed with SIGKILL through the
// test-only fault hook TIRKEU_FAULT_AT, or by the test), on the scene of AttackHarness.h:
//  1. a PDF report killed while it is spooled or copied, and a full disk while it is written: nothing
//     under the requested name but a finished report (the one written before stays as it was), no
//     spool or half report left behind (a spool that had a name would be owner-only), a clear error
//     and a non-zero exit;
//  2. a draft killed while it is saved (the registry's own API in a child process, as the GUI saves
//     it): the previous content or the new one, never half of each, and the register opens and verifies.
// The attacks on the register's tables and clocks: tst_attack_register_cli. docs/wip/attack-tests.md maps each
// attack to its function.
#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "common/Tools.h"
#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"
#include "registry/FaultInjection.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "tests/cli/AttackHarness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStorageInfo>
#include <QTest>
#include <QThread>
#include <QUrl>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

constexpr int kPad = 200 * 1024; // a draft spread over many database pages

// The content a draft writer saves: `marker` and a long field made of it, so that half of one save
// and half of another cannot pass for either.
forms::Submission draftContent(const QString& marker) {
    forms::Submission s = ncaIssueIndividual();
    s.data.insert(QStringLiteral("marker"), marker);
    s.data.insert(QStringLiteral("pad"), QString(kPad, marker.at(0)));
    return s;
}

// The child process: `--draft-writer DB LOGIN PASSWORD ID COUNT`: saves draft ID again and again,
// alternating the contents "A…" and "B…", and prints "saved N" after each commit (COUNT 0: until
// killed).
int draftWriter(const QStringList& args) {
    if (args.size() < 7)
        return 2;
    auto reg = registry::Register::open(args.at(2), registry::Register::OpenMode::Existing);
    if (!reg)
        return 3;
    auto session = (*reg)->operators().signIn(args.at(3), args.at(4));
    if (!session)
        return 4;
    registry::Draft d;
    d.id = args.at(5).toLongLong();
    d.caCode = QStringLiteral("NCA");
    d.formCode = QStringLiteral("NCA-ISSUE-IND");
    const int count = args.at(6).toInt();
    QTextStream out(stdout);
    for (int n = 1; count == 0 || n <= count; ++n) {
        d.submission = draftContent(n % 2 ? QStringLiteral("A") : QStringLiteral("B"));
        if (!registry::Drafts(**reg).save(*session, d))
            return 5;
        out << "saved " << n << Qt::endl;
    }
    return 0;
}

} // namespace

class TestAttackCli : public QObject, public tirkeu::test::AttackHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createPartitionedScene(); }

    // 1. Killed after the whole table is in the spool, and after the report is copied but before it
    // takes its name: nothing under the requested name (or the previous report, unchanged), the spool
    // left behind readable by its owner only; run again, the report is written.
    void reportKilledLeavesNoPartialOutput_data() {
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("previous"); // a report of the same name was written before
        for (const bool previous : {false, true}) {
            QTest::addRow("after spool%s", previous ? ", over a previous report" : "")
                << "report-after-spool" << previous;
            QTest::addRow("before commit%s", previous ? ", over a previous report" : "")
                << "report-before-commit" << previous;
        }
    }
    void reportKilledLeavesNoPartialOutput() {
        if (!registry::faultInjectionBuilt())
            QSKIP("built without TIRKEU_FAULT_INJECTION");
        QFETCH(QString, step);
        QFETCH(bool, previous);
        static int run = 0;
        const QString outDir = path(QStringLiteral("reports%1").arg(++run));
        const QString spoolDir = path(QStringLiteral("spool%1").arg(run));
        QVERIFY(QDir().mkpath(outDir) && QDir().mkpath(spoolDir));
        const QString out = QDir(outDir).filePath(QStringLiteral("extract.pdf"));
        QByteArray before;
        if (previous) {
            const Child first = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
            QVERIFY2(!first.killed && first.code == 0, qPrintable(first.output));
            before = read(out);
            QVERIFY(isFinishedPdf(before));
            QVERIFY(filesIn(spoolDir).isEmpty()); // removed after a normal run
        }
        const Child killed = runChild(
            reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}, {QStringLiteral("TIRKEU_FAULT_AT"), step}});
        QVERIFY2(killed.killed, qPrintable(killed.output));
        // Under the requested name: the previous report byte for byte, or nothing.
        if (previous)
            QCOMPARE(read(out), before);
        else
            QVERIFY2(!QFile::exists(out), qPrintable(filesIn(outDir).join(u' ')));
        // Nothing else is left: Qt writes both the spool (QTemporaryFile, 0600) and the report (QSaveFile)
        // as unnamed files (Linux O_TMPFILE) that take a name only when complete (the report by linkat
        // at commit), so SIGKILL leaves no file behind. Where a file system has no unnamed files, Qt
        // names them: the report's then has another name than the one asked for, the spool is 0600.
        const QStringList leftInOutput = filesIn(outDir, {QStringLiteral("extract.pdf")});
        const QStringList leftInSpool = filesIn(spoolDir);
        for (const QString& name : leftInOutput)
            QVERIFY2(name.startsWith(QLatin1String("extract.pdf.")), qPrintable(name));
        for (const QString& name : leftInSpool) {
            const int mode = fileMode(QDir(spoolDir).filePath(name));
            QVERIFY2(mode >= 0 && (mode & 077) == 0, qPrintable(name + u' ' + QString::number(mode, 8)));
        }
#ifdef Q_OS_LINUX
        QCOMPARE(leftInOutput, QStringList());
        QCOMPARE(leftInSpool, QStringList());
#endif
        // The register is untouched by a report, and the next run writes it.
        const Run verify = auditVerify();
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
        const Child again = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
        QVERIFY2(!again.killed && again.code == 0, qPrintable(again.output));
        QVERIFY(isFinishedPdf(read(out)));
        const Tool info = merged(QStringLiteral("pdfinfo"), {out});
        QVERIFY2(info.code == 0 && info.output.contains(QStringLiteral("Pages:")), qPrintable(info.output));
    }

    // 1. Killed (SIGKILL from outside) at random moments of a report over a previous one: the name
    // holds the previous report or the new one, each a finished PDF, and nothing else is left.
    void reportKilledAtRandomMomentsIsWholeOrAbsent() {
        const QString outDir = path(QStringLiteral("random"));
        const QString spoolDir = path(QStringLiteral("randomspool"));
        QVERIFY(QDir().mkpath(outDir) && QDir().mkpath(spoolDir));
        const QString out = QDir(outDir).filePath(QStringLiteral("extract.pdf"));
        const Child first = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
        QVERIFY2(first.code == 0, qPrintable(first.output));
        QVERIFY(isFinishedPdf(read(out)));
        // How long a whole run takes here, to kill inside it.
        QElapsedTimer timer;
        timer.start();
        const Child timed = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
        QVERIFY2(timed.code == 0, qPrintable(timed.output));
        const qint64 span = qMax<qint64>(timer.elapsed(), 50);
        int killed = 0;
        for (int round = 0; round < 8; ++round) {
            const QByteArray before = read(out);
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TMPDIR"), spoolDir);
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(qEnvironmentVariable("TIRKEU_CLI"), login(QStringLiteral("off1")) + reportArgs(out));
            QVERIFY(p.waitForStarted());
            QThread::msleep(QRandomGenerator::global()->bounded(quint32(span)));
            p.kill(); // SIGKILL; a run that finished first is not killed
            QVERIFY(p.waitForFinished(60000));
            killed += p.exitStatus() == QProcess::CrashExit ? 1 : 0;
            const QByteArray after = read(out);
            QVERIFY2(isFinishedPdf(after),
                     qPrintable(QStringLiteral("round %1: %2 bytes, not a finished PDF").arg(round).arg(after.size())));
            if (p.exitStatus() == QProcess::CrashExit && after != before)
                QVERIFY2(merged(QStringLiteral("pdfinfo"), {out}).code == 0, "the new report does not open");
            // Nothing but the report under its name; a file beside it (a kill between QSaveFile's link
            // to a temporary name and its rename over the previous report) is a finished copy, never
            // half of one. The spool (tirkeu-pdf-*; SQLite and others also use TMPDIR) is never left.
            for (const QString& name : filesIn(outDir, {QStringLiteral("extract.pdf")})) {
                qInfo("round %d: left beside the report: %s", round, qPrintable(name));
                QVERIFY2(isFinishedPdf(read(QDir(outDir).filePath(name))), qPrintable(name));
                QVERIFY(QFile::remove(QDir(outDir).filePath(name)));
            }
            QCOMPARE(QDir(spoolDir).entryList({QStringLiteral("tirkeu-pdf-*")}, QDir::Files | QDir::Hidden),
                     QStringList());
            for (const QString& name : filesIn(spoolDir))
                qInfo("round %d: another program's file left in TMPDIR: %s", round, qPrintable(name));
        }
        qInfo("%d of 8 runs killed before they finished", killed);
        QVERIFY2(killed > 0, "no run was killed before it finished");
    }

    // 1. A full disk (RLIMIT_FSIZE: every file of the process, the spool first): a clear error, a
    // non-zero exit, nothing under the requested name (a previous report unchanged), nothing left.
    void reportOnAFullDiskFailsCleanly_data() {
        QTest::addColumn<int>("kib"); // ulimit -f
        QTest::addColumn<bool>("previous");
        for (const int kib : {0, 16})
            for (const bool previous : {false, true})
                QTest::addRow("%d KiB%s", kib, previous ? ", over a previous report" : "") << kib << previous;
    }
    void reportOnAFullDiskFailsCleanly() {
        QFETCH(int, kib);
        QFETCH(bool, previous);
        static int run = 0;
        const QString outDir = path(QStringLiteral("full%1").arg(++run));
        const QString spoolDir = path(QStringLiteral("fullspool%1").arg(run));
        QVERIFY(QDir().mkpath(outDir) && QDir().mkpath(spoolDir));
        const QString out = QDir(outDir).filePath(QStringLiteral("extract.pdf"));
        QByteArray before;
        if (previous) {
            const Child first = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
            QVERIFY2(first.code == 0, qPrintable(first.output));
            before = read(out);
            QVERIFY(before.size() > kib * 1024); // the limit is below the report's size
        }
        const Child full = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}},
                                    QStringLiteral("trap '' XFSZ; ulimit -f %1;").arg(kib));
        QVERIFY2(!full.killed, qPrintable(full.output));
        QVERIFY2(full.code != 0, qPrintable(full.output));
        // On PostgreSQL the report's files are the only ones: the spool hits the limit. A SQLite register
        // needs its 32 KiB shared-memory file first (and the report is 25 KiB): that refusal, then.
        const bool pdfFailed = full.output.contains(QStringLiteral("Cannot write the PDF document"));
        QVERIFY2(pdfFailed || (!onPostgres() && full.output.contains(QStringLiteral("disk I/O error"))),
                 qPrintable(full.output));
        if (previous)
            QCOMPARE(read(out), before);
        else
            QVERIFY(!QFile::exists(out));
        QCOMPARE(filesIn(outDir, {QStringLiteral("extract.pdf")}), QStringList());
        QCOMPARE(filesIn(spoolDir), QStringList());
    }

    // 1. A full file system (a small tmpfs; root only) for the output folder while the spool has room,
    // and for the spool while the output folder has room.
    void reportOnAFullFileSystemFailsCleanly_data() {
        QTest::addColumn<bool>("spoolFull");
        QTest::addColumn<bool>("previous"); // a report of the same name was written there before
        QTest::addRow("output folder full") << false << false;
        QTest::addRow("output folder full, over a previous report") << false << true;
        QTest::addRow("spool folder full") << true << false;
    }
    void reportOnAFullFileSystemFailsCleanly() {
        QFETCH(bool, spoolFull);
        QFETCH(bool, previous);
        static int run = 0;
        const QString tiny = path(QStringLiteral("tiny%1").arg(++run));
        const QString roomy = path(QStringLiteral("roomy%1").arg(run));
        QVERIFY(QDir().mkpath(tiny) && QDir().mkpath(roomy));
        const Tool mounted =
            merged(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                             QStringLiteral("size=256k,mode=0700"), QStringLiteral("tmpfs"), tiny});
        if (mounted.code != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs here (root only): ") + mounted.output));
        auto unmount = qScopeGuard([&] { (void)merged(QStringLiteral("umount"), {tiny}); });
        const QString outDir = spoolFull ? roomy : tiny;
        const QString spoolDir = spoolFull ? tiny : roomy;
        const QString out = QDir(outDir).filePath(QStringLiteral("extract.pdf"));
        QByteArray before;
        if (previous) {
            const Child first = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), roomy}});
            QVERIFY2(first.code == 0, qPrintable(first.output));
            before = read(out);
            QVERIFY(isFinishedPdf(before));
        }
        // Fill it but for 4 KiB.
        {
            QFile filler(QDir(tiny).filePath(QStringLiteral("filler")));
            QVERIFY(filler.open(QIODevice::WriteOnly));
            const QByteArray block(4096, 'x');
            while (QStorageInfo(tiny).bytesAvailable() > 4096 && filler.write(block) == block.size() && filler.flush())
                QStorageInfo(tiny).refresh();
        }
        QVERIFY(QStorageInfo(tiny).bytesAvailable() <= 8192);
        const Child full = runChild(reportArgs(out), {{QStringLiteral("TMPDIR"), spoolDir}});
        QVERIFY2(!full.killed, qPrintable(full.output));
        QVERIFY2(full.code != 0, qPrintable(full.output));
        QVERIFY2(full.output.contains(QStringLiteral("Cannot write")), qPrintable(full.output));
        if (previous)
            QCOMPARE(read(out), before);
        else
            QVERIFY(!QFile::exists(out));
        QCOMPARE(filesIn(tiny, {QStringLiteral("filler"), QStringLiteral("extract.pdf")}), QStringList());
        QCOMPARE(filesIn(roomy, {QStringLiteral("extract.pdf")}), QStringList());
    }

    // 2. A draft saved by the registry's API in another process (as the GUI saves it), killed inside
    // the save's transaction (fault hook) and at random moments of a stream of saves: afterwards the
    // draft is whole (the content of one save), the register opens, lists and verifies.
    void draftKilledWhileSavedIsWhole() {
        const QString self = QCoreApplication::applicationFilePath();
        qint64 draftId = 0;
        {
            auto reg = registry::Register::open(m_db, registry::Register::OpenMode::Existing);
            TIRKEU_VERIFY_OK(reg);
            auto session = (*reg)->operators().signIn(QStringLiteral("op"), QStringLiteral("op-password-123"));
            TIRKEU_VERIFY_OK(session);
            registry::Draft d;
            d.caCode = QStringLiteral("NCA");
            d.formCode = QStringLiteral("NCA-ISSUE-IND");
            d.submission = draftContent(QStringLiteral("B"));
            auto id = registry::Drafts(**reg).save(*session, d);
            TIRKEU_VERIFY_OK(id);
            draftId = *id;
        } // closed: the child writes alone
        auto check = [&](const QString& expected) -> QString {
            auto r = registry::Register::open(m_db, registry::Register::OpenMode::Existing);
            if (!r)
                return QStringLiteral("the register does not open: ") + r.message();
            auto s = (*r)->operators().signIn(QStringLiteral("op"), QStringLiteral("op-password-123"));
            if (!s)
                return s.message();
            auto list = registry::Drafts(**r).list(*s);
            if (!list || list->size() != 1)
                return QStringLiteral("the drafts cannot be listed");
            auto got = registry::Drafts(**r).get(*s, draftId);
            if (!got)
                return got.message();
            const QString marker = got->submission.data.value(QStringLiteral("marker")).toString();
            const QString pad = got->submission.data.value(QStringLiteral("pad")).toString();
            if ((marker != u"A" && marker != u"B") || pad != QString(kPad, marker.at(0)))
                return QStringLiteral("a torn draft: marker %1, pad of %2 characters").arg(marker).arg(pad.size());
            if (!expected.isEmpty() && marker != expected)
                return QStringLiteral("the draft holds %1, not %2").arg(marker, expected);
            return {};
        };
        const QStringList writerArgs{QStringLiteral("--draft-writer"), m_db, QStringLiteral("op"),
                                     QStringLiteral("op-password-123"), QString::number(draftId)};
        // Killed inside the transaction, the new content written: the previous one ("B") stays.
        if (registry::faultInjectionBuilt()) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TIRKEU_FAULT_AT"), QStringLiteral("draft-save-before-commit"));
            p.setProcessEnvironment(env);
            p.start(self, writerArgs + QStringList{QStringLiteral("1")});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            QVERIFY(!p.readAllStandardOutput().contains("saved"));
            const QString whole = check(QStringLiteral("B"));
            QVERIFY2(whole.isEmpty(), qPrintable(whole));
        }
        // Killed (SIGKILL) at a random moment while it saves again and again.
        for (int round = 0; round < 6; ++round) {
            QProcess p;
            p.start(self, writerArgs + QStringList{QStringLiteral("0")});
            QVERIFY(p.waitForStarted());
            QByteArray seen;
            while (!seen.contains("saved 3") && p.state() == QProcess::Running) {
                p.waitForReadyRead(1000);
                seen += p.readAllStandardOutput();
            }
            QVERIFY2(p.state() == QProcess::Running, qPrintable(QString::fromUtf8(seen + p.readAllStandardError())));
            QThread::usleep(QRandomGenerator::global()->bounded(1, 40000));
            p.kill(); // SIGKILL
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            const QString whole = check({});
            QVERIFY2(whole.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(whole)));
        }
        // The register verifies, and the CLI lists the draft.
        const Run verify = auditVerify();
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
        const Run drafts = as(QStringLiteral("op"),
                              {QStringLiteral("application"), QStringLiteral("drafts"), QStringLiteral("--json")});
        QVERIFY2(drafts.code == 0, qPrintable(drafts.err));
        QCOMPARE(QJsonDocument::fromJson(drafts.out.toUtf8()).array().size(), 1);
        const Run removed = as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("draft-delete"),
                                                      QString::number(draftId)});
        QVERIFY2(removed.code == 0, qPrintable(removed.err));
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "--draft-writer") == 0)
        return draftWriter(app.arguments());
    TestAttackCli test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_attack_cli.moc"
