// Attacks on the files the programs write and on the register's unguarded tables, run against the real
// tirkeu-cli (killed with SIGKILL through the test-only fault hook TIRKEU_FAULT_AT, or by the test):
//  1. a PDF report killed while it is spooled or copied, and a full disk while it is written: nothing
//     under the requested name but a finished report (the one written before stays as it was), no
//     spool or half report left behind (a spool that had a name would be owner-only), a clear error
//     and a non-zero exit;
//  2. a draft killed while it is saved (the registry's own API in a child process, as the GUI saves
//     it): the previous content or the new one, never half of each, and the register opens and verifies;
//  3. PostgreSQL: the register set up as in production (the schema owner runs db init --app-role, the
//     programs connect as the application role): the application role's own edits of crl_partitions
//     and crl_partition_members are refused by crl publish and found by audit verify;
//  4. two partitions' URLs swapped together with their members (every member still agrees with its
//     certificate): each partition's CRL file would carry the other's issuingDistributionPoint;
//  5. one hash-correct event dated 31.12.2099 appended by the programs' own access (the application role on
//     PostgreSQL): it dated every later revocation and CRL 2099 (attack of session 30, A6); now refused, named.
// docs/wip/attack-tests.md maps each attack to its function here.
#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "common/Tools.h"
#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"
#include "registry/FaultInjection.h"
#include "registry/Operators.h"
#include "registry/Register.h"

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

class TestAttackCli : public QObject, public CliHarness {
    Q_OBJECT

    struct Holder {
        QString serial;
        QString pem;
        QString cdp;
    };
    QList<Holder> m_holders;

    QString crlDir() const { return path(QStringLiteral("crl")); }
    QStringList login(const QString& who) const {
        return {QStringLiteral("--db"), m_db, QStringLiteral("--lang"),          QStringLiteral("en"),
                QStringLiteral("--as"), who,  QStringLiteral("--password-file"), path(who + QStringLiteral(".pw"))};
    }
    // The real tirkeu-cli with `args` as off1, with extra environment; stdout and stderr merged.
    struct Child {
        bool killed = false; // died of SIGKILL
        int code = -1;
        QString output;
    };
    Child runChild(const QStringList& args, const QHash<QString, QString>& env, const QString& shellPrefix = {}) {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (auto it = env.begin(); it != env.end(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.setProcessChannelMode(QProcess::MergedChannels);
        const QStringList full = login(QStringLiteral("off1")) + args;
        if (shellPrefix.isEmpty())
            p.start(qEnvironmentVariable("TIRKEU_CLI"), full);
        else
            p.start(QStringLiteral("bash"),
                    QStringList{QStringLiteral("-c"), shellPrefix + QStringLiteral(" exec \"$0\" \"$@\""),
                                qEnvironmentVariable("TIRKEU_CLI")} +
                        full);
        Child c;
        if (!p.waitForFinished(120000))
            return c;
        c.output = QString::fromUtf8(p.readAll());
        c.killed = p.exitStatus() == QProcess::CrashExit;
        c.code = p.exitCode();
        return c;
    }
    QStringList reportArgs(const QString& out) const {
        return {QStringLiteral("report"),   QStringLiteral("register-extract"),
                QStringLiteral("--ca"),     QStringLiteral("NCA"),
                QStringLiteral("--format"), QStringLiteral("pdf"),
                QStringLiteral("--out"),    out};
    }
    static bool isFinishedPdf(const QByteArray& bytes) {
        return bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF");
    }
    // The files of `dir` other than `keep`.
    static QStringList filesIn(const QString& dir, const QStringList& keep = {}) {
        QStringList out;
        for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System))
            if (!keep.contains(name))
                out << name;
        return out;
    }
    Holder issueHolder(int n) {
        const QString tag = QStringLiteral("h%1").arg(n);
        const Run issued = issueIndividual(tag);
        if (issued.code != 0) {
            qWarning("%s", qPrintable(issued.err));
            return {};
        }
        Holder h;
        h.serial = issued.json().value(QStringLiteral("serial")).toString();
        h.pem = path(tag + QStringLiteral(".pem"));
        const Tool ext = openssl({QStringLiteral("x509"), QStringLiteral("-in"), h.pem, QStringLiteral("-noout"),
                                  QStringLiteral("-ext"), QStringLiteral("crlDistributionPoints")});
        h.cdp = QRegularExpression(QStringLiteral("URI:(\\S+)")).match(ext.output).captured(1);
        return h;
    }
    Run revoke(const QString& serial) { return revokeSuperseded(serial, QStringLiteral("өтініш №7")); }
    Run auditVerify() { return as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}); }
    // SQL on the register with the programs' own access: the file (SQLite) or the application role.
    Status attackSql(const QString& sql, const QVariantList& binds = {}) {
        auto db = registry::Database::open(m_db);
        if (!db)
            return db.error();
        auto done = (*db)->exec(sql, binds);
        if (!done)
            return done.error();
        return {};
    }
    // The register as production sets it up on PostgreSQL: a database owned by tirkeu_owner, db init
    // run by the owner with --app-role tirkeu_app, every later command as tirkeu_app. Empty when done.
    QString createRegisterAsApplicationRole() {
        const QString ownerUrl = qEnvironmentVariable("TIRKEU_TEST_PG_OWNER");
        const QString appUrl = qEnvironmentVariable("TIRKEU_TEST_PG_APP");
        if (ownerUrl.isEmpty() || appUrl.isEmpty())
            return QStringLiteral("tests/pg/pg_server.sh creates tirkeu_owner and tirkeu_app");
        const QString name = QStringLiteral("attack_%1").arg(QCoreApplication::applicationPid());
        if (Status s = pgAdmin(QStringLiteral("CREATE DATABASE %1 OWNER tirkeu_owner STRATEGY FILE_COPY").arg(name));
            !s)
            return s.message();
        auto withName = [&name](const QString& url) {
            QUrl u(url);
            u.setPath(u'/' + name);
            return u.toString();
        };
        for (const char* who : {"admin", "op", "off1", "off2"})
            file(QString::fromLatin1(who) + QStringLiteral(".pw"), QByteArray(who) + "-password-123\n");
        file(QStringLiteral("ca.pass"), "Орталық-кілт-2026-secret\n");
        const Run init =
            cli({QStringLiteral("--db"), withName(ownerUrl), QStringLiteral("db"), QStringLiteral("init"),
                 QStringLiteral("--app-role"), QStringLiteral("tirkeu_app"), QStringLiteral("--admin"),
                 QStringLiteral("admin"), QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))});
        if (init.code != 0)
            return init.err;
        m_db = withName(appUrl);
        return addStaff();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        const QString setUp = onPostgres() ? createRegisterAsApplicationRole() : createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        QVERIFY(QDir().mkpath(crlDir()));
        // A partitioned CA (serial-range:2): certificates until both partitions hold one, all revoked
        // and published.
        const Run set =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"), QStringLiteral("NCA"),
                QStringLiteral("crl_partition=serial-range:2"), QStringLiteral("crl_partition_min_bytes=0")});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        QSet<QString> cdps;
        for (int i = 1; i <= 16 && (cdps.size() < 2 || m_holders.size() < 4); ++i) {
            const Holder h = issueHolder(i);
            QVERIFY(!h.serial.isEmpty());
            QVERIFY2(h.cdp.contains(QStringLiteral("/ca-s")), qPrintable(h.cdp));
            cdps.insert(h.cdp);
            m_holders << h;
            const Run r = revoke(h.serial);
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        QCOMPARE(cdps.size(), 2);
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 0, qPrintable(published.err));
        const Run verify = auditVerify();
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

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

    // 3. PostgreSQL: what the application role (the programs' own login) can do to the partition tables
    // is either refused by the database or refused by crl publish (exit 8, nothing reserved) and found
    // by audit verify (exit 8); put back, both work again.
    void applicationRolePartitionEditsAreFound_data() {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<QString>("named"); // what the refusal names
        QTest::addRow("membership moved") << "moved"
                                          << "serial";
        QTest::addRow("membership deleted") << "deleted"
                                            << "serial";
        QTest::addRow("partition URL changed") << "url"
                                               << "elsewhere.crl";
        QTest::addRow("every partition deleted") << "all"
                                                 << "crl_partitions";
    }
    void applicationRolePartitionEditsAreFound() {
        if (!onPostgres())
            QSKIP(
                "PostgreSQL roles (on SQLite whoever writes the file can change anything: cli.tst_crl_partition_cli)");
        QFETCH(QString, attack);
        QFETCH(QString, named);
        QVERIFY2(QUrl(m_db).userName() == u"tirkeu_app", qPrintable(m_db));
        // TRUNCATE is not granted at all.
        QVERIFY(!attackSql(QStringLiteral("TRUNCATE crl_partition_members")).ok());
        QVERIFY(!attackSql(QStringLiteral("TRUNCATE crl_partitions CASCADE")).ok());
        const Holder& h = m_holders.first();
        const QString label =
            scalar(QStringLiteral("SELECT label FROM crl_partition_members WHERE serial = ?"), {h.serial}).toString();
        QVERIFY(!label.isEmpty());
        QList<QVariantList> partitions;
        QList<QVariantList> members;
        {
            auto db = registry::Database::open(m_db);
            TIRKEU_VERIFY_OK(db);
            auto p = (*db)->exec(QStringLiteral("SELECT ca_id, label, url, created_at FROM crl_partitions"));
            TIRKEU_VERIFY_OK(p);
            while (p->next())
                partitions << QVariantList{p->value(0), p->value(1), p->value(2), p->value(3)};
            auto m = (*db)->exec(QStringLiteral("SELECT ca_id, serial, label FROM crl_partition_members"));
            TIRKEU_VERIFY_OK(m);
            while (m->next())
                members << QVariantList{m->value(0), m->value(1), m->value(2)};
        }
        bool done = false;
        if (attack == u"moved")
            done = attackSql(QStringLiteral("UPDATE crl_partition_members SET label = (SELECT min(label) FROM "
                                            "crl_partitions WHERE label <> ?) WHERE serial = ?"),
                             {label, h.serial})
                       .ok();
        else if (attack == u"deleted")
            done = attackSql(QStringLiteral("DELETE FROM crl_partition_members WHERE serial = ?"), {h.serial}).ok();
        else if (attack == u"url")
            done = attackSql(QStringLiteral(
                                 "UPDATE crl_partitions SET url = 'http://crl.test.kz/elsewhere.crl' WHERE label = ?"),
                             {label})
                       .ok();
        else
            done = attackSql(QStringLiteral("DELETE FROM crl_partition_members")).ok() &&
                   attackSql(QStringLiteral("DELETE FROM crl_partitions")).ok();
        qInfo("the application role's %s: %s by the database", qPrintable(attack), done ? "allowed" : "refused");
        if (!done) {
            // Refused by the database: nothing else to show.
            QCOMPARE(count(QStringLiteral("crl_partition_members")), members.size());
            return;
        }
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 8, qPrintable(QStringLiteral("crl publish after the application role's %1: %2 %3")
                                                     .arg(attack)
                                                     .arg(published.code)
                                                     .arg(published.out + published.err)));
        const QString expected = named == u"serial" ? h.serial : named;
        QVERIFY2(published.err.contains(expected), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(expected), qPrintable(verify.out + verify.err));
        // Put back (the application role can): both work again.
        QVERIFY(attackSql(QStringLiteral("DELETE FROM crl_partition_members")).ok());
        QVERIFY(attackSql(QStringLiteral("DELETE FROM crl_partitions")).ok());
        for (const QVariantList& row : std::as_const(partitions))
            QVERIFY(attackSql(QStringLiteral("INSERT INTO crl_partitions (ca_id, label, url, created_at) VALUES "
                                             "(?, ?, ?, ?)"),
                              row)
                        .ok());
        for (const QVariantList& row : std::as_const(members))
            QVERIFY(attackSql(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) VALUES (?, "
                                             "?, ?)"),
                              row)
                        .ok());
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = auditVerify();
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // 4. The two partitions' URLs swapped, and their members moved with them: every member still agrees
    // with its certificate's cRLDistributionPoints, but the file <CA>-<label>.crl that a partition's URL
    // is served from would carry the other partition's issuingDistributionPoint and revocations — a
    // relying party fetching a revoked certificate's CRL gets one that does not cover it (soft-fail:
    // accepted). Refused by crl publish and found by audit verify; put back, both work again.
    void swappedPartitionUrlsAreRefusedAndFound() {
        QList<QVariantList> partitions;
        {
            auto db = registry::Database::open(m_db);
            TIRKEU_VERIFY_OK(db);
            auto p = (*db)->exec(QStringLiteral("SELECT label, url FROM crl_partitions ORDER BY label"));
            TIRKEU_VERIFY_OK(p);
            while (p->next())
                partitions << QVariantList{p->value(0), p->value(1)};
        }
        QCOMPARE(partitions.size(), 2);
        const QString a = partitions.at(0).at(0).toString();
        const QString b = partitions.at(1).at(0).toString();
        const QString urlA = partitions.at(0).at(1).toString();
        const QString urlB = partitions.at(1).at(1).toString();
        // Partition a gets URL forA, b gets forB, and the members of a and b change places.
        auto exchange = [&](const QString& forA, const QString& forB) -> bool {
            return attackSql(QStringLiteral("UPDATE crl_partitions SET url = 'swap' WHERE label = ?"), {a}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partitions SET url = ? WHERE label = ?"), {forB, b}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partitions SET url = ? WHERE label = ?"), {forA, a}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partition_members SET label = CASE WHEN label = ? THEN ? ELSE "
                                            "? END WHERE label IN (?, ?)"),
                             {a, b, a, a, b})
                       .ok();
        };
        auto swap = [&] { return exchange(urlB, urlA); };
        auto swapBack = [&] { return exchange(urlA, urlB); };
        QVERIFY(swap());
        // A holder of partition a, revoked: the CRL file of partition a is what its URL serves.
        Holder victim;
        for (const Holder& h : std::as_const(m_holders))
            if (h.cdp == urlA)
                victim = h;
        QVERIFY(!victim.serial.isEmpty());
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        if (published.code == 0) {
            const QString served = QDir(crlDir()).filePath(QStringLiteral("NCA-%1.crl.pem").arg(a));
            const Tool v = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                    path(QStringLiteral("nca.pem")), QStringLiteral("-CRLfile"), served, victim.pem});
            (void)swapBack(); // put back for the next tests
            QFAIL(qPrintable(QStringLiteral("published after the swap; openssl verify -crl_check of revoked %1 with "
                                            "%2 (the file its URL %3 is served from): %4")
                                 .arg(victim.serial, served, victim.cdp, v.output.trimmed())));
        }
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(QStringLiteral("crl_partitions")), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("crl_partitions")),
                 qPrintable(verify.out + verify.err));
        QVERIFY(swapBack());
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = auditVerify();
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // The price left by the fix of A6 (session 31): a workstation whose clock runs more than a day ahead wrote events
    // dated then, and every other workstation's writes stopped until a restore; one behind backdated its revocations.
    // On PostgreSQL each write transaction now compares this computer's clock with the server's (libfaketime moves
    // the CLI's clock only): two days ahead or an hour behind is refused, changing nothing; two minutes is
    // tolerated. SQLite has no second clock.
    void writerWithAClockFarFromTheServersIsRefused() {
        if (!onPostgres())
            QSKIP("SQLite has no server clock to compare with (README: Limits)");
        const QString faketime = QStringLiteral("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
        QVERIFY2(QFile::exists(faketime), "scripts/install-deps.sh installs faketime");
        const Holder h = issueHolder(80);
        QVERIFY(!h.serial.isEmpty());
        const QStringList revokeArgs{QStringLiteral("certificate"),
                                     QStringLiteral("revoke"),
                                     QStringLiteral("--ca"),
                                     QStringLiteral("NCA"),
                                     QStringLiteral("--serial"),
                                     h.serial,
                                     QStringLiteral("--reason"),
                                     QStringLiteral("key_compromise"),
                                     QStringLiteral("--basis"),
                                     QStringLiteral("holder_application"),
                                     QStringLiteral("--basis-document"),
                                     QStringLiteral("өтініш №9"),
                                     QStringLiteral("--ca-passphrase-file"),
                                     path(QStringLiteral("ca.pass"))};
        const int events = count(QStringLiteral("audit_events"));
        const int revocations = count(QStringLiteral("revocations"));
        const QString newest = scalar(QStringLiteral("SELECT max(ts) FROM audit_events")).toString();
        for (const char* shift : {"+2d", "-1h"}) {
            const Child c = runChild(revokeArgs, {{QStringLiteral("LD_PRELOAD"), faketime},
                                                  {QStringLiteral("FAKETIME"), QString::fromLatin1(shift)}});
            QVERIFY2(!c.killed && c.code == 7, qPrintable(QString::number(c.code) + u' ' + c.output));
            QVERIFY2(c.output.contains(QStringLiteral("database server's")) &&
                         c.output.contains(QStringLiteral("nothing is recorded")),
                     qPrintable(c.output));
            QCOMPARE(count(QStringLiteral("audit_events")), events);
            QCOMPARE(count(QStringLiteral("revocations")), revocations);
            QCOMPARE(scalar(QStringLiteral("SELECT max(ts) FROM audit_events")).toString(), newest);
        }
        const Child near = runChild(revokeArgs, {{QStringLiteral("LD_PRELOAD"), faketime},
                                                 {QStringLiteral("FAKETIME"), QStringLiteral("+2m")}});
        QVERIFY2(near.code == 0, qPrintable(near.output));
        QCOMPARE(count(QStringLiteral("revocations")), revocations + 1);
        const Run verify = auditVerify();
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

    // 5. Attack of session 30 (A6), its script 25: one register.backed_up event dated 31.12.2099, linked and hashed
    // right, appended with the programs' own access (the application role on PostgreSQL). Every later event
    // (a key compromise, the CRL after it) was dated 2099 and audit verify passed, blaming the workstations'
    // clocks. Now the revocation and the CRL are refused (exit 8) naming the event, nothing is revoked or
    // reserved, and audit verify fails naming it. Last: the event stays (the log is append-only).
    void eventDatedInTheFutureStopsWritesAndIsFound() {
        const Holder h = issueHolder(90);
        QVERIFY(!h.serial.isEmpty());
        registry::AuditEvent e;
        e.seq = scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong() + 1;
        e.ts = QDateTime(QDate(2099, 12, 31), QTime(12, 0), Qt::UTC);
        e.operatorLogin = QStringLiteral("admin");
        e.subject = QStringLiteral("/srv/backup/x.dump");
        e.type = QStringLiteral("register.backed_up");
        e.details =
            QJsonObject{{QStringLiteral("file"), e.subject}, {QStringLiteral("method"), QStringLiteral("pg_dump")}};
        e.retentionUntil = e.ts.addYears(10);
        e.prevHash = scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {e.seq - 1}).toString();
        QVERIFY(!e.prevHash.isEmpty());
        e.hash = registry::AuditLog::computeHash(e);
        QVERIFY(attackSql(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, "
                                         "retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {e.seq, registry::toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                           QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                           registry::toDbTime(e.retentionUntil), e.prevHash, e.hash})
                    .ok());
        const QString seq = QString::number(e.seq);
        const QString when = registry::displayDateTime(e.ts);
        const int events = count(QStringLiteral("audit_events"));
        const int revocations = count(QStringLiteral("revocations"));
        const int reserved = count(QStringLiteral("crl_pending"));

        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), h.serial, QStringLiteral("--reason"), QStringLiteral("key_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("өтініш №8"), QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass"))});
        QCOMPARE(revoked.code, 8);
        QVERIFY2(revoked.err.contains(QStringLiteral("Event ") + seq) && revoked.err.contains(when),
                 qPrintable(revoked.err));
        const Run published = as(QStringLiteral("off1"), publish());
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(QStringLiteral("Event ") + seq) && published.err.contains(when),
                 qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("audit_events")), events);
        QCOMPARE(count(QStringLiteral("revocations")), revocations);
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE ts > ?"),
                        {registry::toDbTime(QDateTime::currentDateTimeUtc().addDays(1))})
                     .toInt(),
                 1);

        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("Event ") + seq) &&
                     QString(verify.out + verify.err).contains(when),
                 qPrintable(verify.out + verify.err));
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
