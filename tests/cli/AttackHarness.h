#pragma once
// The scene of the attacks on files and on the register through the real tirkeu-cli (tst_attack_cli,
// tst_attack_register_cli): a register set up as in production (on PostgreSQL the schema owner runs db init
// --app-role, the programs connect as the application role), a National CA publishing partitioned CRLs
// (serial-range:2) with revoked holders in both partitions, and the helpers the attacks share. A test class
// derives from it (after QObject) and calls createPartitionedScene() in initTestCase.
#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "common/Tools.h"
#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace tirkeu::test {

class AttackHarness : public CliHarness {
protected:
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

    // initTestCase: the register, the National CA with two partitions, each holding revoked holders, a publication,
    // and a clean audit verify.
    void createPartitionedScene() {
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
};

} // namespace tirkeu::test
