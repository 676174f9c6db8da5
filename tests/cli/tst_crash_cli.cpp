// Issue 12, crash safety: the real tirkeu-cli is killed (SIGKILL, through the test-only fault hook
// TIRKEU_FAULT_AT, registry/FaultInjection.h) at every named step of a CRL publication and of a
// key-compromise revocation, and the register and the publish folder are then checked: every CRL file
// there is complete and recorded with exactly its content, no number ever has two contents, the next
// `crl publish` repairs (finishes or abandons the interrupted number, removes temporary files), and
// `audit verify` exits 0. A full disk (RLIMIT_FSIZE) fails the publication cleanly. A CA key backup or
// restore, and a register backup, is recorded before its files are written.
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "pki/CrlNumber.h"
#include "pki/Result.h"
#include "registry/FaultInjection.h"

#include <QCryptographicHash>
#include <QHash>
#include <QLockFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestCrashCli : public QObject, public CliHarness {
    Q_OBJECT

    QHash<quint64, QByteArray> m_seen; // every CRL number ever seen in the folder -> its DER's SHA-256
    int m_holders = 0;
    QString m_restoreBackup;   // makeRestoreBackup()
    QString m_restoreSourceId; // the register id of its register

    QString crlDir() const { return path(QStringLiteral("crl")); }
    QStringList login(const QString& who) const {
        return {QStringLiteral("--db"), m_db, QStringLiteral("--lang"),          QStringLiteral("en"),
                QStringLiteral("--as"), who,  QStringLiteral("--password-file"), path(who + QStringLiteral(".pw"))};
    }
    // The real tirkeu-cli, killed at `step`; true when it died of SIGKILL there.
    bool killedAt(const QString& step, const QStringList& args, QString* output = nullptr,
                  const QString& who = QStringLiteral("off1")) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_FAULT_AT"), step);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"), login(who) + args);
        if (!p.waitForFinished(60000))
            return false;
        if (output)
            *output = QString::fromUtf8(p.readAll());
        return p.exitStatus() == QProcess::CrashExit;
    }
    // The real tirkeu-cli run to its end as `who`: its exit code, its output merged into `output`. (This
    // test program has no QGuiApplication, which `ca backup`'s printed hand-over record needs.)
    int realCli(const QString& who, const QStringList& args, QString* output) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"), login(who) + args);
        if (!p.waitForFinished(60000))
            return -1;
        *output = QString::fromUtf8(p.readAll());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    static quint64 numberOf(const QString& file) {
        auto n = pki::CrlNumber::read(read(file));
        return n && n->has_value() ? **n : 0;
    }
    static QByteArray derOf(const QString& file) {
        const QByteArray bytes = read(file);
        if (!file.endsWith(QLatin1String(".pem")))
            return bytes;
        QByteArray b64;
        for (const QByteArray& line : bytes.split('\n'))
            if (!line.startsWith("-----"))
                b64 += line;
        return QByteArray::fromBase64(b64);
    }
    // Every CRL file in the folder is a complete CRL recorded with exactly this content (crls, or a
    // reserved number whose content was recorded before its rename), and no number has two contents.
    void checkFolder() {
        for (const QString& base : {QStringLiteral("NCA"), QStringLiteral("NCA-delta")})
            for (const QString& ext : {QStringLiteral(".crl"), QStringLiteral(".crl.pem")}) {
                const QString f = QDir(crlDir()).filePath(base + ext);
                if (!QFile::exists(f))
                    continue;
                const quint64 n = numberOf(f);
                QVERIFY2(n > 0, qPrintable(f + QStringLiteral(": not a complete CRL")));
                const QByteArray sha = QCryptographicHash::hash(derOf(f), QCryptographicHash::Sha256).toHex();
                const QVariant recorded = scalar(
                    QStringLiteral("SELECT coalesce((SELECT sha256 FROM crls WHERE crl_number = ?), (SELECT der_sha256 "
                                   "FROM crl_pending WHERE crl_number = ? AND state <> 'reserved'))"),
                    {qint64(n), qint64(n)});
                QVERIFY2(recorded.toString().toLatin1() == sha,
                         qPrintable(QStringLiteral("%1 holds CRL %2, not recorded with this content").arg(f).arg(n)));
                if (m_seen.contains(n))
                    QVERIFY2(m_seen.value(n) == sha, qPrintable(QStringLiteral("CRL %1 has two contents").arg(n)));
                m_seen.insert(n, sha);
            }
    }
    // After a normal run: both files of each kind carry the same number, no temporary file is left, no
    // publication is pending, and the event log verifies.
    void checkRepaired() {
        checkFolder();
        for (const QString& base : {QStringLiteral("NCA"), QStringLiteral("NCA-delta")}) {
            const QString der = QDir(crlDir()).filePath(base + QStringLiteral(".crl"));
            if (QFile::exists(der))
                QCOMPARE(numberOf(der + QStringLiteral(".pem")), numberOf(der));
        }
        const QStringList hidden = QDir(crlDir()).entryList(QDir::Files | QDir::Hidden);
        for (const QString& name : hidden)
            QVERIFY2(!name.endsWith(QLatin1String(".tmp")), qPrintable(name));
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM crl_pending WHERE state IN ('reserved', 'written')")).toInt(),
            0);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }
    int events(const QString& type) const {
        return scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = ?"), {type}).toInt();
    }
    int filesIn(const QString& dir) const {
        return int(QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System).size());
    }
    void checkAuditVerifies() {
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }
    // ca backup of NCA into `dir`, five custodians.
    QStringList keyBackup(const QString& dir) const {
        QStringList args{QStringLiteral("ca"),
                         QStringLiteral("backup"),
                         QStringLiteral("--ca"),
                         QStringLiteral("NCA"),
                         QStringLiteral("--out"),
                         dir,
                         QStringLiteral("--ca-passphrase-file"),
                         path(QStringLiteral("ca.pass"))};
        for (const char16_t* custodian : {u"Ахметов Серік;ЦДИАӨМ, бас сарапшы", u"Бекова Динара;ҰҚК, бөлім басшысы",
                                          u"Жұмабаев Арман;КО, қауіпсіздік әкімшісі", u"Иванова Ольга;КО, бас инженер",
                                          u"Нұрланов Ерлан;КО, директор"})
            args << QStringLiteral("--custodian") << QString::fromUtf16(custodian);
        return args;
    }
    // ca restore of NCA from shares 1, 3 and 5 of the backup in `dir` into `keyOut`, activated, under the
    // same passphrase (ca.pass: the tests after this one sign with it).
    QStringList keyRestore(const QString& dir, const QString& keyOut) const {
        QStringList args{
            QStringLiteral("ca"),         QStringLiteral("restore"),           QStringLiteral("--ca"),
            QStringLiteral("NCA"),        QStringLiteral("--key-out"),         keyOut,
            QStringLiteral("--activate"), QStringLiteral("--passphrase-file"), path(QStringLiteral("ca.pass"))};
        for (int i : {1, 3, 5})
            args << QStringLiteral("--share") << QDir(dir).filePath(QStringLiteral("NCA.share-%1-of-5").arg(i));
        return args;
    }
    // A folder whose path is so long (4,062 characters) that a file in it can be named but the temporary
    // file written before it (its name + 17 characters) cannot: writing fails after the checks.
    QString nearlyTooLongFolder(const QString& name) const {
        QString dir = path(name);
        while (dir.size() < 4062)
            dir += u'/' + QString(qBound(1, int(4062 - dir.size() - 1), 200), u'd');
        return dir;
    }
    QString issueHolder() {
        const Run issued = issueIndividual(QStringLiteral("h%1").arg(++m_holders));
        return issued.code == 0 ? issued.json().value(QStringLiteral("serial")).toString() : QString();
    }
    // The real tirkeu-cli with ARGS (given whole), `env` added to its environment: its exit code, -1 when it was
    // killed (the fault hook) or did not end; its process id in `pid`.
    static int realCliWith(const QStringList& args, const QMap<QString, QString>& env, QString* output,
                           qint64* pid = nullptr) {
        QProcess p;
        QProcessEnvironment all = QProcessEnvironment::systemEnvironment();
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            all.insert(it.key(), it.value());
        p.setProcessEnvironment(all);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"), args);
        if (!p.waitForStarted())
            return -1;
        if (pid)
            *pid = p.processId();
        const bool ended = p.waitForFinished(120000);
        *output = QString::fromUtf8(p.readAll());
        return ended && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    static unsigned modeOf(const QString& file) {
        struct stat st {};
        return ::lstat(QFile::encodeName(file).constData(), &st) == 0 ? unsigned(st.st_mode & 07777) : 0u;
    }
    // The first column of the first row of `sql` in the register at `location` (invalid when none).
    static QVariant scalarIn(const QString& location, const QString& sql) {
        auto db = registry::Database::open(location);
        if (!db)
            return {};
        auto v = (*db)->scalar(sql);
        return v ? *v : QVariant();
    }
    static bool execIn(const QString& location, const QString& sql) {
        auto db = registry::Database::open(location);
        return db && (*db)->execScript(sql).ok();
    }
    // A register of its own (with its administrator) backed up into m_restoreBackup: a pg_dump file on
    // PostgreSQL. Empty when it worked, else why not.
    QString makeRestoreBackup() {
        if (!m_restoreBackup.isEmpty())
            return {};
        const QString source = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("restore-source.sqlite"));
        const Run init = cli({QStringLiteral("--db"), source, QStringLiteral("db"), QStringLiteral("init"),
                              QStringLiteral("--admin"), QStringLiteral("admin"),
                              QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))});
        if (init.code != 0)
            return init.err;
        const QString dir = path(QStringLiteral("restore-backups"));
        if (!QDir().mkpath(dir) || !QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            return QStringLiteral("no backup folder");
        const QString out = QDir(dir).filePath(QStringLiteral("register.backup"));
        const Run backup = runCliAs(source, QStringLiteral("admin"), path(QStringLiteral("admin.pw")),
                                    {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), out});
        if (backup.code != 0)
            return backup.err;
        m_restoreSourceId =
            scalarIn(source, QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString();
        m_restoreBackup = out;
        return {};
    }
    // db restore of m_restoreBackup into `target`, as the backup's administrator (the real program's arguments).
    QStringList restoreInto(const QString& target) const {
        return {QStringLiteral("--db"),
                target,
                QStringLiteral("--lang"),
                QStringLiteral("en"),
                QStringLiteral("--as"),
                QStringLiteral("admin"),
                QStringLiteral("--password-file"),
                path(QStringLiteral("admin.pw")),
                QStringLiteral("db"),
                QStringLiteral("restore"),
                QStringLiteral("--from"),
                m_restoreBackup};
    }
    // A private folder for the restores' temporary files (TMPDIR), empty.
    QString restoreTmp() {
        const QString tmp = path(QStringLiteral("restore-tmp"));
        QDir(tmp).removeRecursively();
        if (!QDir().mkpath(tmp) || !QFile::setPermissions(tmp, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            return {};
        return tmp;
    }
    static QStringList entriesOf(const QString& dir) {
        QStringList names = QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
        names.sort();
        return names;
    }
    static QStringList sorted(QStringList names) {
        names.sort();
        return names;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!registry::faultInjectionBuilt())
            QSKIP("built without TIRKEU_FAULT_INJECTION");
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        QVERIFY(QDir().mkpath(crlDir()));
        const Run first = as(QStringLiteral("off1"), publish());
        QVERIFY2(first.code == 0, qPrintable(first.err));
        checkRepaired();
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

    // A CA key backup is recorded before any of its files exists: killed right after the record, the event
    // log names the backup and the folder holds nothing — never a copy of the CA key the event log does
    // not name (before, the shares were written first, and a run killed or stopped before its commit left
    // a whole unrecorded backup). One whose files cannot be written removes what it wrote and records that.
    void keyBackupIsRecordedBeforeItsFiles() {
        const QString dir = path(QStringLiteral("keybackup"));
        QString output;
        // A folder others can write in (attack of session 24, F10): refused, nothing recorded or written.
        const QString open = path(QStringLiteral("open-keybackup"));
        QVERIFY(QDir().mkpath(open));
        QVERIFY(QFile::setPermissions(open, QFileDevice::Permissions(0x7777)));
        QCOMPARE(realCli(QStringLiteral("admin"), keyBackup(open), &output), int(ErrorCode::Io));
        QVERIFY2(output.contains(QStringLiteral("Other users can write")), qPrintable(output));
        QCOMPARE(events(QStringLiteral("ca.key_backup")), 0);
        QCOMPARE(filesIn(open), 0);
        // A symbolic link at the hand-over record's name: refused before the backup, which would otherwise be
        // made and recorded with its record unprintable (attack of session 24, F4).
        const QString planted = path(QStringLiteral("planted-keybackup"));
        QVERIFY(QDir().mkpath(planted));
        QVERIFY(QFile::link(path(QStringLiteral("elsewhere.pdf")),
                            QDir(planted).filePath(QStringLiteral("NCA-handover.pdf"))));
        QCOMPARE(realCli(QStringLiteral("admin"), keyBackup(planted), &output), int(ErrorCode::Conflict));
        QVERIFY2(output.contains(QStringLiteral("NCA-handover.pdf")), qPrintable(output));
        QCOMPARE(events(QStringLiteral("ca.key_backup")), 0);
        QCOMPARE(filesIn(planted), 1); // the link alone
        QVERIFY(!QFile::exists(path(QStringLiteral("elsewhere.pdf"))));
        QVERIFY2(killedAt(QStringLiteral("key-backup-after-record"), keyBackup(dir), &output, QStringLiteral("admin")),
                 qPrintable(output));
        QCOMPARE(events(QStringLiteral("ca.key_backup")), 1);
        QCOMPARE(filesIn(dir), 0);
        checkAuditVerifies();

        QVERIFY2(realCli(QStringLiteral("admin"), keyBackup(dir), &output) == 0, qPrintable(output));
        QCOMPARE(events(QStringLiteral("ca.key_backup")), 2);
        for (int i = 1; i <= 5; ++i)
            QVERIFY(QFile::exists(QDir(dir).filePath(QStringLiteral("NCA.share-%1-of-5").arg(i))));

        const QString deep = nearlyTooLongFolder(QStringLiteral("deep"));
        QVERIFY(QDir().mkpath(deep));
        QCOMPARE(realCli(QStringLiteral("admin"), keyBackup(deep), &output), int(ErrorCode::Io));
        QVERIFY2(output.contains(QStringLiteral("was recorded but its files could not be written")),
                 qPrintable(output));
        QCOMPARE(filesIn(deep), 0);
        QCOMPARE(events(QStringLiteral("ca.key_backup")), 3);
        QCOMPARE(events(QStringLiteral("ca.key_backup_failed")), 1);
        checkAuditVerifies();
        // Listed newest first with why its files are missing; its hand-over record is not printed again.
        const Run list =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("backups"), QStringLiteral("--ca"),
                                         QStringLiteral("NCA"), QStringLiteral("--json")});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        const QJsonArray backups = list.json().value(QStringLiteral("backups")).toArray();
        QCOMPARE(backups.size(), 3);
        const QJsonObject failed = backups.at(0).toObject();
        QVERIFY2(!failed.value(QStringLiteral("failure")).toString().isEmpty(), qPrintable(list.out));
        QVERIFY(backups.at(1).toObject().value(QStringLiteral("failure")).toString().isEmpty());
        const QString copy = path(QStringLiteral("failed-handover.pdf"));
        const Run print = as(QStringLiteral("admin"),
                             {QStringLiteral("ca"), QStringLiteral("backups"), QStringLiteral("--ca"),
                              QStringLiteral("NCA"), QStringLiteral("--print"),
                              failed.value(QStringLiteral("backup_id")).toString(), QStringLiteral("--out"), copy});
        QCOMPARE(print.code, int(ErrorCode::Conflict));
        QVERIFY2(print.err.contains(QStringLiteral("nothing to hand over")), qPrintable(print.err));
        QVERIFY(!QFile::exists(copy));
    }

    // The same for a restore: recorded first, then the key file written. Killed after the record, the CA
    // names the restored file although it is missing, and running the restore again writes it; one that
    // cannot write the file names the CA's previous key again and records that. The CA signs throughout.
    void keyRestoreIsRecordedBeforeItsFile() {
        const QString dir = path(QStringLiteral("keybackup"));
        const QString out = path(QStringLiteral("nca-restored.p8"));
        QString output;
        QVERIFY2(killedAt(QStringLiteral("key-restore-after-record"), keyRestore(dir, out), &output,
                          QStringLiteral("admin")),
                 qPrintable(output));
        QCOMPARE(events(QStringLiteral("ca.key_restored")), 1);
        QVERIFY(!QFile::exists(out));
        QCOMPARE(scalar(QStringLiteral("SELECT key_uri FROM cas WHERE code = 'NCA'")).toString(),
                 QStringLiteral("file:") + out);
        checkAuditVerifies();

        const Run again = as(QStringLiteral("admin"), keyRestore(dir, out));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY(QFile::exists(out));
        QCOMPARE(events(QStringLiteral("ca.key_restored")), 2);

        const QString deep = nearlyTooLongFolder(QStringLiteral("deep-key"));
        QVERIFY(QDir().mkpath(deep));
        const QString deepKey = deep + QStringLiteral("/NCA-restored-key.p8");
        const Run failed = as(QStringLiteral("admin"), keyRestore(dir, deepKey));
        QCOMPARE(failed.code, int(ErrorCode::Io));
        QVERIFY2(failed.err.contains(QStringLiteral("could not be written")) &&
                     failed.err.contains(QStringLiteral("previous key")),
                 qPrintable(failed.err));
        QCOMPARE(filesIn(deep), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT key_uri FROM cas WHERE code = 'NCA'")).toString(),
                 QStringLiteral("file:") + out);
        QCOMPARE(events(QStringLiteral("ca.key_restore_failed")), 1);
        checkAuditVerifies();
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 0, qPrintable(published.err));
        checkRepaired();
    }

    // A register backup is recorded (register.backup_started) before a byte of its copy exists: killed right
    // after, the event log names it and the folder holds nothing; the next backup completes.
    void registerBackupIsRecordedBeforeItsCopy() {
        const QString dir = path(QStringLiteral("register-backups"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QStringList backup{QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"),
                                 QDir(dir).filePath(QStringLiteral("copy.sqlite"))};
        QString output;
        QVERIFY2(killedAt(QStringLiteral("backup-after-start"), backup, &output, QStringLiteral("admin")),
                 qPrintable(output));
        QCOMPARE(events(QStringLiteral("register.backup_started")), 1);
        QCOMPARE(events(QStringLiteral("register.backed_up")), 0);
        QCOMPARE(filesIn(dir), 0);
        checkAuditVerifies();
        const Run done = as(QStringLiteral("admin"), backup);
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QCOMPARE(events(QStringLiteral("register.backup_started")), 2);
        QCOMPARE(events(QStringLiteral("register.backed_up")), 1);
        QCOMPARE(filesIn(dir), 1);
        checkAuditVerifies();
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

    // db migrate killed between its two commits: the copy committed (with register.migrated), the source not yet
    // retired. Before, the copy was a live register beside the live source, one identity, and a run again was
    // refused ("not empty"). Now the copy refuses every write until the source is retired, the source goes on;
    // run again, the migrate names the copy to remove; removed, a second run killed after the source's commit
    // leaves the copy unconfirmed, and the same migrate run again finishes it. Last: the register stays moved.
    void migrateKilledBetweenItsTwoCommitsLeavesOneLiveRegister() {
        // A register of its own (the one above was edited on purpose by pendingRowsAreEvidence: no copy of it is
        // made).
        m_db = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("migrated.sqlite"));
        QVERIFY(!m_db.isEmpty());
        const Run init =
            cli({QStringLiteral("--db"), m_db, QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                 QStringLiteral("admin"), QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))},
                m_clock);
        QVERIFY2(init.code == 0, qPrintable(init.err));
        const QString target = path(QStringLiteral("moved.sqlite"));
        const QStringList migrate{QStringLiteral("db"),     QStringLiteral("migrate"),
                                  QStringLiteral("--from"), m_db,
                                  QStringLiteral("--to"),   target};
        const QStringList write{QStringLiteral("operator"), QStringLiteral("lockout"), QStringLiteral("--max-failures"),
                                QStringLiteral("6")};
        // The CLI on the copy, as the administrator.
        const auto onCopy = [&](const QStringList& args, QString* output) {
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(qEnvironmentVariable("TIRKEU_CLI"),
                    QStringList{QStringLiteral("--db"), target, QStringLiteral("--lang"), QStringLiteral("en"),
                                QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"),
                                path(QStringLiteral("admin.pw"))} +
                        args);
            if (!p.waitForFinished(60000))
                return -1;
            *output = QString::fromUtf8(p.readAll());
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QString output;
        QVERIFY2(killedAt(QStringLiteral("migrate-before-source-commit"), migrate, &output, QStringLiteral("admin")),
                 qPrintable(output));
        QCOMPARE(events(QStringLiteral("register.migrating")), 1);
        QCOMPARE(events(QStringLiteral("register.migrated_out")), 0);
        QVERIFY(QFile::exists(target));
        QCOMPARE(onCopy(write, &output), int(ErrorCode::Conflict)); // the copy takes no write
        QVERIFY2(output.contains(QStringLiteral("db migrate was making when it stopped")), qPrintable(output));
        const Run live = as(QStringLiteral("admin"), write); // the source is the register in use
        QVERIFY2(live.code == 0, qPrintable(live.err));
        checkAuditVerifies();
        const Run again = as(QStringLiteral("admin"), migrate);
        QCOMPARE(again.code, int(ErrorCode::Conflict));
        QVERIFY2(again.err.contains(QStringLiteral("unfinished copy")) && again.err.contains(target),
                 qPrintable(again.err));
        QCOMPARE(events(QStringLiteral("register.migrating")), 1); // the refusal wrote nothing

        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(target + suffix);
        QVERIFY2(killedAt(QStringLiteral("migrate-before-confirm"), migrate, &output, QStringLiteral("admin")),
                 qPrintable(output));
        QCOMPARE(events(QStringLiteral("register.migrated_out")), 1);
        const Run retired = as(QStringLiteral("admin"), write);
        QCOMPARE(retired.code, int(ErrorCode::Conflict));
        QCOMPARE(onCopy(write, &output), int(ErrorCode::Conflict)); // not confirmed yet
        // Run again with the target spelled another way (through a linked folder): the same copy, the move is
        // finished. Until 2026-12-07 the locations were compared as text, and the copy was called "never used" with
        // advice to remove the only register that could take writes (attack of session 30, A8).
        const QString link = path(QStringLiteral("link"));
        QVERIFY(QFile::link(m_dir.path(), link));
        QStringList otherSpelling = migrate;
        otherSpelling.last() = link + QStringLiteral("/moved.sqlite");
        const Run finished = as(QStringLiteral("admin"), otherSpelling);
        QVERIFY2(finished.code == 0, qPrintable(finished.err));
        QVERIFY2(finished.out.contains(QStringLiteral("is finished")), qPrintable(finished.out));
        QCOMPARE(onCopy(write, &output), 0);
        QCOMPARE(onCopy({QStringLiteral("audit"), QStringLiteral("verify")}, &output), 0);
        QCOMPARE(as(QStringLiteral("admin"), write).code, int(ErrorCode::Conflict));
        QCOMPARE(events(QStringLiteral("register.migrated_out")), 1);
    }

    // Attack of session 29 (F9): db restore killed (a power loss, the OOM killer) left its private copy of the
    // backup — every holder's personal data — in the temporary folder for good (QTemporaryDir's tirkeu-XXXXXX), and
    // no later run removed it. Killed with the copy made, the next restore removes the stopped one's folder and says
    // so (and a stopped run's reference register, without a word); the folder of a restore whose process runs, one
    // whose lock is held, a symbolic link of the same form and another program's folder are left alone, and the
    // finished restore leaves nothing of its own.
    void restoreKilledLeavesNoPrivateCopyBehind() {
        const QString made = makeRestoreBackup();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QString tmp = restoreTmp();
        QVERIFY(!tmp.isEmpty());
        const QString target = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("restored.sqlite"));
        QVERIFY(!target.isEmpty());
        QString output;
        qint64 killed = 0;
        QCOMPARE(realCliWith(restoreInto(target),
                             {{QStringLiteral("TIRKEU_FAULT_AT"), QStringLiteral("restore-after-staging-copy")},
                              {QStringLiteral("TMPDIR"), tmp}},
                             &output, &killed),
                 -1);
        // The killed run left one folder with the backup's copy, closed to others.
        const QStringList left = entriesOf(tmp);
        QCOMPARE(left.size(), 1);
        const QString stale = QDir(tmp).filePath(left.constFirst());
        const QString staleCopy = QDir(stale).filePath(QStringLiteral("source.sqlite"));
        QVERIFY(QFileInfo::exists(staleCopy));
        QCOMPARE(modeOf(stale), 0700u);
        QCOMPARE(modeOf(staleCopy), 0600u);

        // A restore that runs (its process lives; its folder not locked), one whose process id is free but whose lock
        // is held (a restore of another process namespace), a link of the same form to a folder elsewhere, and
        // another program's temporary folder.
        QProcess running;
        running.start(QStringLiteral("sleep"), {QStringLiteral("120")});
        QVERIFY(running.waitForStarted());
        const auto endRunning = [&] {
            running.kill();
            running.waitForFinished();
        };
        const auto stopRunning = qScopeGuard(endRunning);
        const auto plant = [&](const QString& name) {
            const QString dir = QDir(tmp).filePath(name);
            if (!QDir().mkdir(dir) ||
                !QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
                return QString();
            QFile f(QDir(dir).filePath(QStringLiteral("source.sqlite")));
            if (!f.open(QIODevice::WriteOnly) || f.write("personal data") <= 0)
                return QString();
            return dir;
        };
        const QString live = plant(QStringLiteral("tirkeu-restore-%1-Run001").arg(running.processId()));
        QVERIFY(!live.isEmpty());
        const QString locked = plant(QStringLiteral("tirkeu-restore-%1-Lck001").arg(killed));
        QVERIFY(!locked.isEmpty());
        QProcess holder;
        holder.start(QStringLiteral("flock"), {QStringLiteral("--no-fork"), QStringLiteral("-n"), locked,
                                               QStringLiteral("sleep"), QStringLiteral("120")});
        QVERIFY(holder.waitForStarted());
        const auto endHolder = [&] {
            holder.kill();
            holder.waitForFinished();
        };
        const auto stopHolder = qScopeGuard(endHolder);
        // The reference register a stopped audit check built (nothing of a register in it): removed without a word.
        const QString reference = plant(QStringLiteral("tirkeu-schema-%1-Ref001").arg(killed));
        QVERIFY(!reference.isEmpty());
        const QString foreign = plant(QStringLiteral("tirkeu-Xy12Zq"));
        QVERIFY(!foreign.isEmpty());
        const QString elsewhere = plant(QStringLiteral("elsewhere"));
        QVERIFY(!elsewhere.isEmpty());
        const QString moved = path(QStringLiteral("elsewhere"));
        QVERIFY(QDir().rename(elsewhere, moved));
        const QString link = QDir(tmp).filePath(QStringLiteral("tirkeu-restore-%1-Lnk001").arg(killed));
        QVERIFY(QFile::link(moved, link));
        QTest::qWait(200);
        QCOMPARE(holder.state(), QProcess::Running); // the lock is held

        QCOMPARE(realCliWith(restoreInto(target), {{QStringLiteral("TMPDIR"), tmp}}, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("Removed %1").arg(stale)), qPrintable(output));
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(!QFileInfo::exists(reference));
        QVERIFY2(!output.contains(reference), qPrintable(output));
        QVERIFY(QFileInfo::exists(QDir(live).filePath(QStringLiteral("source.sqlite"))));
        QVERIFY(QFileInfo::exists(QDir(locked).filePath(QStringLiteral("source.sqlite"))));
        QVERIFY(QFileInfo::exists(QDir(foreign).filePath(QStringLiteral("source.sqlite"))));
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(QFileInfo::exists(QDir(moved).filePath(QStringLiteral("source.sqlite"))));
        QCOMPARE(entriesOf(tmp), sorted({QFileInfo(locked).fileName(), QFileInfo(link).fileName(),
                                         QFileInfo(live).fileName(), QFileInfo(foreign).fileName()}));
        QCOMPARE(scalarIn(target, QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString(),
                 m_restoreSourceId);

        // Their processes ended, the two restores' folders are removed by the next restore (into a new register).
        endRunning();
        endHolder();
        const QString next = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("restored-again.sqlite"));
        QCOMPARE(realCliWith(restoreInto(next), {{QStringLiteral("TMPDIR"), tmp}}, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("Removed %1").arg(live)) &&
                     output.contains(QStringLiteral("Removed %1").arg(locked)),
                 qPrintable(output));
        QCOMPARE(entriesOf(tmp), sorted({QFileInfo(link).fileName(), QFileInfo(foreign).fileName()}));
        QVERIFY(QFileInfo::exists(QDir(moved).filePath(QStringLiteral("source.sqlite"))));
    }

    // Attack of session 29 (F9): db restore of a pg_dump file killed between creating Tirkeu's schema in the new
    // database and copying the rows left a database every retry refused as "not empty", though no register was in
    // it. A database that holds only Tirkeu's schema, empty, is restored into; one with a row, a table or a trigger
    // that is not Tirkeu's is still refused, and keeps it.
    void restoreIntoPostgresKilledAfterTheSchemaIsRetried() {
        if (!onPostgres())
            QSKIP("a restore into PostgreSQL: its schema and its rows are two steps");
        const QString made = makeRestoreBackup();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QString tmp = restoreTmp();
        QVERIFY(!tmp.isEmpty());
        QString output;
        const auto halfMade = [&]() -> QString {
            auto target = createPgDatabase();
            if (!target)
                return {};
            const int killed =
                realCliWith(restoreInto(*target),
                            {{QStringLiteral("TIRKEU_FAULT_AT"), QStringLiteral("copy-after-target-schema")},
                             {QStringLiteral("TMPDIR"), tmp}},
                            &output);
            return killed == -1 ? *target : QString();
        };
        const QString target = halfMade();
        QVERIFY2(!target.isEmpty(), qPrintable(output));
        QCOMPARE(scalarIn(target, QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 0);
        QVERIFY(scalarIn(target, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() > 0);

        const QString withRow = halfMade();
        QVERIFY(execIn(withRow, QStringLiteral("INSERT INTO meta (key, value) VALUES ('note', 'kept')")));
        const QString withTable = halfMade();
        QVERIFY(execIn(withTable, QStringLiteral("CREATE TABLE notes (line text)")));
        const QString withTrigger = halfMade();
        QVERIFY(execIn(withTrigger,
                       QStringLiteral("CREATE FUNCTION zz_on_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                      "RETURN NEW; END $$; CREATE TRIGGER zz_on_write AFTER INSERT ON audit_events FOR "
                                      "EACH ROW EXECUTE FUNCTION zz_on_write()")));
        for (const QString& refused : {withRow, withTable, withTrigger}) {
            QCOMPARE(realCliWith(restoreInto(refused), {{QStringLiteral("TMPDIR"), tmp}}, &output),
                     int(ErrorCode::Conflict));
            QVERIFY2(output.contains(QStringLiteral("is not empty")), qPrintable(output));
            QCOMPARE(scalarIn(refused, QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 0);
        }
        QCOMPARE(scalarIn(withRow, QStringLiteral("SELECT value FROM meta WHERE key = 'note'")).toString(),
                 QStringLiteral("kept"));
        QCOMPARE(scalarIn(withTable, QStringLiteral("SELECT count(*) FROM notes")).toInt(), 0);
        QCOMPARE(scalarIn(withTrigger, QStringLiteral("SELECT count(*) FROM pg_trigger WHERE tgname = 'zz_on_write'"))
                     .toInt(),
                 1);

        QCOMPARE(realCliWith(restoreInto(target), {{QStringLiteral("TMPDIR"), tmp}}, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("Restored")), qPrintable(output));
        QCOMPARE(scalarIn(target, QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString(),
                 m_restoreSourceId);
        QVERIFY(scalarIn(target, QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = "
                                                "'register.restored'"))
                    .toInt() == 1);
        QStringList verify = restoreInto(target).mid(0, 8);
        verify << QStringLiteral("audit") << QStringLiteral("verify");
        QCOMPARE(realCliWith(verify, {}, &output), 0);
        // A restore again into the restored register is refused: it is a register now.
        QCOMPARE(realCliWith(restoreInto(target), {{QStringLiteral("TMPDIR"), tmp}}, &output),
                 int(ErrorCode::Conflict));
        QVERIFY2(output.contains(QStringLiteral("is not empty")), qPrintable(output));
        QCOMPARE(entriesOf(tmp), QStringList());
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCrashCli)
#include "tst_crash_cli.moc"
