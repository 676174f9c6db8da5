// The CA engine through tirkeu-cli, in-process: ca init, certificate issue / list / show / revoke and
// crl publish (full, delta, lock), with openssl verify and openssl crl as the independent judges.
// The tests build on each other in one register (declaration order), on the real clock.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "tests/common/TestDb.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;

class TestCertificateCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    QString m_serial;
    qint64 m_application = 0;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        const QString ca = addNationalCa();
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
    }

    void caInitCreatesKeyAndCertificate() {
        QStringList args{QStringLiteral("ca"),
                         QStringLiteral("init"),
                         QStringLiteral("--code"),
                         QStringLiteral("NCA"),
                         QStringLiteral("--key-algorithm"),
                         QStringLiteral("p256"),
                         QStringLiteral("--key-out"),
                         path(QStringLiteral("nca.p8")),
                         QStringLiteral("--passphrase-file"),
                         path(QStringLiteral("ca.pass")),
                         QStringLiteral("--cert-out"),
                         path(QStringLiteral("nca.pem")),
                         QStringLiteral("--json")};
        QCOMPARE(as(QStringLiteral("off1"), args).code, int(ErrorCode::Forbidden));
        QVERIFY(!QFile::exists(path(QStringLiteral("nca.p8"))));
        const Run r = as(QStringLiteral("admin"), args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("key_uri")).toString(),
                 QStringLiteral("file:") + path(QStringLiteral("nca.p8")));
        QVERIFY(read(path(QStringLiteral("nca.p8"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const Tool text = openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("nca.pem")),
                                   QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.output.contains(QStringLiteral("CA:TRUE")), qPrintable(text.output));
        QCOMPARE(as(QStringLiteral("admin"), args).code, int(ErrorCode::Conflict)); // the key file exists
    }

    void issueFromCsrForApprovedApplicationOnly() {
        const Run submitted = submit(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                                     QStringLiteral("identity_document_copy"), {}, QStringLiteral("app.json"));
        QVERIFY2(submitted.code == 0, qPrintable(submitted.err));
        m_application = submitted.json().value(QStringLiteral("id")).toInteger();

        const QByteArray csr = newCsr(nullptr, pki::KeyAlgorithm::Rsa2048);
        QVERIFY(!csr.isEmpty());
        const QStringList issue =
            issueArgs(QString::number(m_application), QStringLiteral("holder.csr"), csr, QStringLiteral("holder.pem"));
        const Run early = as(QStringLiteral("off1"), issue);
        QCOMPARE(early.code, int(ErrorCode::Conflict));
        QVERIFY2(early.err.contains(QStringLiteral("approved")), qPrintable(early.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("holder.pem"))));

        QCOMPARE(as(QStringLiteral("off2"),
                    {QStringLiteral("application"), QStringLiteral("approve"), QString::number(m_application)})
                     .code,
                 0);
        // A weak key (too weak for pki::Csr::create, so written with OpenSSL here) is refused; nothing is written.
        pki::EvpPkeyPtr weakKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024)));
        auto weakName =
            pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, QStringLiteral("900701300108"))
                .toX509();
        pki::X509ReqPtr weakReq(X509_REQ_new());
        QVERIFY(weakKey && weakName && weakReq);
        QVERIFY(X509_REQ_set_subject_name(weakReq.get(), weakName->get()) == 1 &&
                X509_REQ_set_pubkey(weakReq.get(), weakKey.get()) == 1 &&
                X509_REQ_sign(weakReq.get(), weakKey.get(), EVP_sha256()) > 0);
        QStringList weakIssue = issue;
        weakIssue[5] = file(QStringLiteral("weak.csr"), pki::toDer(weakReq.get(), i2d_X509_REQ));
        const Run weak = as(QStringLiteral("off1"), weakIssue);
        QCOMPARE(weak.code, int(ErrorCode::Invalid));
        QVERIFY2(weak.err.contains(QStringLiteral("1024")), qPrintable(weak.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("holder.pem"))));
        QCOMPARE(count(QStringLiteral("certificates")), 0);
        // A device (/dev/zero: endless) is no request file: refused at once, not read.
        weakIssue[5] = QStringLiteral("/dev/zero");
        const Run endless = as(QStringLiteral("off1"), weakIssue);
        QCOMPARE(endless.code, int(ErrorCode::Invalid));
        QVERIFY2(endless.err.contains(u"/dev/zero") && endless.err.contains(u"regular file"), qPrintable(endless.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("holder.pem"))));
        QCOMPARE(count(QStringLiteral("certificates")), 0);

        const Run r = as(QStringLiteral("off1"), issue);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_serial = r.json().value(QStringLiteral("serial")).toString();
        QCOMPARE(m_serial.size(), 40);
        QCOMPARE(r.json().value(QStringLiteral("profile")).toString(), QStringLiteral("individual_sign"));
        const Tool subject = openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("holder.pem")),
                                      QStringLiteral("-noout"), QStringLiteral("-subject"), QStringLiteral("-nameopt"),
                                      QStringLiteral("RFC2253,-esc_msb,utf8")});
        QVERIFY2(subject.output.contains(QStringLiteral("CN=ҚАСЫМОВА ӘЛИЯ")) &&
                     subject.output.contains(QStringLiteral("serialNumber=IIN900701300108")),
                 qPrintable(subject.output));
        QCOMPARE(count(QStringLiteral("certificates")), 1);
        const Run again = as(QStringLiteral("off1"), issue);
        QVERIFY(again.code != 0); // the application is done (and the output file exists)
        QCOMPARE(count(QStringLiteral("certificates")), 1);
    }

    void listAndShow() {
        const Run list =
            as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("list"), QStringLiteral("--ca"),
                                        QStringLiteral("NCA"), QStringLiteral("--status"), QStringLiteral("valid")});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains(m_serial), qPrintable(list.out));
        QString colons;
        for (int i = 0; i < m_serial.size(); i += 2)
            colons += (i ? QStringLiteral(":") : QString()) + m_serial.mid(i, 2).toLower();
        const Run show = as(QStringLiteral("off1"),
                            {QStringLiteral("certificate"), QStringLiteral("show"), colons, QStringLiteral("--json")});
        QVERIFY2(show.code == 0, qPrintable(show.err));
        QCOMPARE(show.json().value(QStringLiteral("serial")).toString(), m_serial);
        QCOMPARE(show.json().value(QStringLiteral("application")).toInteger(), m_application);
        QCOMPARE(as(QStringLiteral("off1"),
                    {QStringLiteral("certificate"), QStringLiteral("show"), QStringLiteral("ABCDEF")})
                     .code,
                 int(ErrorCode::NotFound));
    }

    void fullCrlThenRevokeThenDeltaAndFull() {
        const Run first = as(QStringLiteral("off1"), publish(false));
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QCOMPARE(first.json().value(QStringLiteral("crl_number")).toInteger(), 1);
        const Tool ok = verifyHolder();
        QVERIFY2(ok.code == 0 && ok.output.contains(QStringLiteral("OK")), qPrintable(ok.output));

        const QStringList revoke{QStringLiteral("certificate"),
                                 QStringLiteral("revoke"),
                                 QStringLiteral("--ca"),
                                 QStringLiteral("NCA"),
                                 QStringLiteral("--serial"),
                                 m_serial,
                                 QStringLiteral("--reason"),
                                 QStringLiteral("key_compromise"),
                                 QStringLiteral("--basis"),
                                 QStringLiteral("holder_application"),
                                 QStringLiteral("--basis-document"),
                                 QStringLiteral("өтініш №17")};
        QCOMPARE(as(QStringLiteral("op"), revoke).code, int(ErrorCode::Forbidden));
        QStringList badReason = revoke;
        badReason[7] = QStringLiteral("bored");
        QCOMPARE(as(QStringLiteral("off1"), badReason).code, int(ErrorCode::Usage));
        const Run revoked = as(QStringLiteral("off1"), revoke);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const Run twice = as(QStringLiteral("off1"), revoke);
        QCOMPARE(twice.code, int(ErrorCode::Conflict));
        QCOMPARE(count(QStringLiteral("revocations")), 1);

        // The passphrase from the environment this time, as a cron job may give it.
        QStringList deltaArgs = publish(false);
        deltaArgs = deltaArgs.mid(0, deltaArgs.size() - 2) << QStringLiteral("--delta");
        qputenv("TIRKEU_CA_PASSPHRASE", "Орталық-кілт-2026-secret");
        const Run delta = as(QStringLiteral("off1"), deltaArgs);
        qunsetenv("TIRKEU_CA_PASSPHRASE");
        QVERIFY2(delta.code == 0, qPrintable(delta.err));
        QCOMPARE(delta.json().value(QStringLiteral("crl_number")).toInteger(), 2);
        QCOMPARE(delta.json().value(QStringLiteral("delta_base")).toInteger(), 1);
        QCOMPARE(delta.json().value(QStringLiteral("entries")).toInteger(), 1);
        const Tool text =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     path(QStringLiteral("crl/NCA-delta.crl")), QStringLiteral("-text"), QStringLiteral("-noout")});
        QVERIFY2(text.output.contains(QStringLiteral("Delta CRL Indicator")) &&
                     text.output.contains(QStringLiteral("critical")),
                 qPrintable(text.output));

        const Run full = as(QStringLiteral("admin"), publish(false));
        QVERIFY2(full.code == 0, qPrintable(full.err));
        QCOMPARE(full.json().value(QStringLiteral("crl_number")).toInteger(), 3);
        const Tool bad = verifyHolder();
        QVERIFY2(bad.code != 0 && bad.output.contains(QStringLiteral("error 23")) &&
                     bad.output.contains(QStringLiteral("certificate revoked")),
                 qPrintable(bad.output));
    }

    void secondPublisherGetsBusy() {
        QLockFile held(registry::CaEngine::crlLockPath(path(QStringLiteral("crl")), QStringLiteral("NCA")));
        QVERIFY(held.tryLock(0));
        const Run r = as(QStringLiteral("off1"), publish(false));
        QCOMPARE(r.code, int(ErrorCode::Busy));
        QVERIFY2(r.err.contains(QStringLiteral("Another publication")), qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("crls")), 3);
    }

    // Issue 11 item 7: whether tirkeu-cli starts QtGui is each command's own flag, not a scan of argv
    // for words ("db backup --out report" prints nothing).
    void needsGuiIsTheCommandsOwnFlag() {
        const auto needs = [](const QStringList& args) {
            std::vector<QByteArray> bytes{QByteArray("tirkeu-cli")};
            for (const QString& a : args)
                bytes.push_back(a.toLocal8Bit());
            std::vector<char*> argv;
            for (QByteArray& b : bytes)
                argv.push_back(b.data());
            return cli::CliApp::needsGui(int(argv.size()), argv.data());
        };
        QVERIFY(
            !needs({QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"), QStringLiteral("NCA")}));
        QVERIFY(!needs(
            {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), QStringLiteral("report")}));
        QVERIFY(!needs({QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--data"),
                        QStringLiteral("print")}));
        QVERIFY(needs({QStringLiteral("--db"), QStringLiteral("x.sqlite"), QStringLiteral("report"),
                       QStringLiteral("--kind"), QStringLiteral("issued")}));
        QVERIFY(
            needs({QStringLiteral("form"), QStringLiteral("print"), QStringLiteral("--form"), QStringLiteral("X")}));
        QVERIFY(needs({QStringLiteral("form"), QStringLiteral("template")}));
        QVERIFY(needs({QStringLiteral("certificate"), QStringLiteral("print")}));
        QVERIFY(needs({QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--pdf=f.pdf")}));
        QVERIFY(needs({QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--pdf"),
                       QStringLiteral("f.pdf")}));
        QVERIFY(!needs({QStringLiteral("no-such-command")}));
    }

    void noPassphraseIsAUsageError() {
        QStringList args = publish(false);
        args = args.mid(0, args.size() - 2);
        QCOMPARE(as(QStringLiteral("off1"), args).code, int(ErrorCode::Usage));
    }

    // Issue 12: the published CRLs agree with the register; a revocation deleted behind Tirkeu's back
    // (triggers dropped first, as the owner of the tables can) is exit 8 naming the row.
    void auditVerifyChecksPublishedCrlsAndFindsADeletedRevocation() {
        const QStringList verify{QStringLiteral("audit"),
                                 QStringLiteral("verify"),
                                 QStringLiteral("--json"),
                                 QStringLiteral("--crl"),
                                 path(QStringLiteral("crl/NCA.crl")),
                                 path(QStringLiteral("crl/NCA-delta.crl"))};
        const Run ok = as(QStringLiteral("admin"), verify);
        QVERIFY2(ok.code == 0, qPrintable(ok.err + ok.out));
        QCOMPARE(ok.json().value(QStringLiteral("crl_entries_checked")).toInteger(), 2);
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db);
            const bool sqlite = (*db)->engine() == registry::Engine::Sqlite;
            auto q = (*db)->exec(sqlite ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                                         "tbl_name = 'revocations'")
                                        : QStringLiteral("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = "
                                                         "t.tgrelid WHERE NOT t.tgisinternal AND c.relname = "
                                                         "'revocations'"));
            QVERIFY(q);
            QStringList triggers;
            while (q->next())
                triggers << q->value(0).toString();
            for (const QString& t : std::as_const(triggers))
                QVERIFY((*db)->execScript(test::dropTriggerSql(**db, t, QStringLiteral("revocations"))));
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM revocations")));
        }
        const Run bad = as(QStringLiteral("admin"), verify);
        QCOMPARE(bad.code, int(ErrorCode::Integrity));
        QCOMPARE(bad.json().value(QStringLiteral("bad_table")).toString(), QStringLiteral("revocations"));
        QVERIFY2(bad.err.contains(QStringLiteral("revocations")), qPrintable(bad.err));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCertificateCli)
#include "tst_certificate_cli.moc"
