// tirkeu-cli ca backup / ca restore (any 3 of 5 shares; 2 or altered shares restore nothing), ca export,
// certificate export, certificate revoke --signed-request and ocsp init-signer with token keys, in-process, with
// openssl as the judge of the files written. The tests build on each other in one register (declaration order), on the
// real clock.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestDb.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/CmsSign.h"
#include "pki/SecretSharing.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "reports/ReportTestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tirkeu;

class TestCaKeyCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    QString m_serial;
    pki::EvpPkeyPtr m_holderKey;
    QByteArray m_holderDer;

    QString share(int i) const { return path(QStringLiteral("backup/NCA.share-%1-of-5").arg(i)); }

    int scalarInt(const QString& sql) const {
        const QVariant v = scalar(sql);
        return v.isValid() ? v.toInt() : -1;
    }
    // The new passphrase from --passphrase-file, or (fromEnv) from $TIRKEU_NEW_CA_PASSPHRASE.
    Run restore(const QList<int>& shares, const QString& out, const QStringList& extra = {}, bool fromEnv = false) {
        QStringList args{QStringLiteral("ca"), QStringLiteral("restore"), QStringLiteral("--ca"),
                         QStringLiteral("NCA")};
        for (int i : shares)
            args << QStringLiteral("--share") << share(i);
        args << QStringLiteral("--key-out") << out << QStringLiteral("--json") << extra;
        if (fromEnv) {
            qputenv("TIRKEU_NEW_CA_PASSPHRASE", read(path(QStringLiteral("new.pass"))).trimmed());
        } else {
            args << QStringLiteral("--passphrase-file") << path(QStringLiteral("new.pass"));
        }
        const Run r = as(QStringLiteral("admin"), args);
        qunsetenv("TIRKEU_NEW_CA_PASSPHRASE");
        return r;
    }

    // A new certificate of Aliya issued through the CLI, with the key only she has.
    struct Holder {
        QString serial;
        QByteArray der;
        pki::EvpPkeyPtr key;
    };
    Holder issueHolder(const QString& tag) {
        Holder h;
        const QString application =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                             QStringLiteral("identity_document_copy"), {}, tag + QStringLiteral(".json"));
        if (application.isEmpty())
            return h;
        pki::EvpPkeyPtr key;
        const QByteArray csr = newCsr(&key);
        if (csr.isEmpty())
            return h;
        const QString out = path(tag + QStringLiteral(".pem"));
        const Run issued = as(QStringLiteral("off1"),
                              issueArgs(application, tag + QStringLiteral(".csr"), csr, tag + QStringLiteral(".pem")));
        if (issued.code != 0)
            return h;
        h.serial = issued.json().value(QStringLiteral("serial")).toString();
        h.der = pki::Certificate::parse(read(out))->der();
        h.key = std::move(key);
        return h;
    }
    // The day a certificate was issued, as a revocation form gives it: its notBefore as an Almaty date (B23).
    static QString issueDateOf(const QByteArray& der) {
        auto cert = pki::Certificate::parse(der);
        return cert ? cert->notBefore().toTimeZone(registry::Clock::zone()).date().toString(Qt::ISODate) : QString();
    }
    // The holder's signed revocation application (key compromise) for its own certificate.
    QString signedCompromise(const Holder& h, const QString& tag) {
        const QString today = registry::SystemClock().today().toString(Qt::ISODate);
        const QString issuedOn = issueDateOf(h.der);
        const QJsonObject data{{QStringLiteral("iin"), QStringLiteral("900701300108")},
                               {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                               {QStringLiteral("name"), QStringLiteral("Әлия")},
                               {QStringLiteral("email"), QStringLiteral("aliya@example.kz")},
                               {QStringLiteral("phone"), QStringLiteral("+77011234567")},
                               {QStringLiteral("cert_serial"), h.serial},
                               {QStringLiteral("cert_issue_date"), issuedOn},
                               {QStringLiteral("reason"), QStringLiteral("key_compromise")},
                               {QStringLiteral("application_date"), today}};
        const QByteArray content = QJsonDocument(QJsonObject{{QStringLiteral("form"), QStringLiteral("NCA-REVOKE-IND")},
                                                             {QStringLiteral("data"), data}})
                                       .toJson();
        auto cms = pki::CmsSign::sign(content, pki::Certificate::parse(h.der)->toX509().get(), h.key.get());
        return cms ? file(tag + QStringLiteral(".p7s"), *cms) : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        file(QStringLiteral("new.pass"), "Жаңа-кілт-құпиясөзі-2026\n");
        const QString ca = addNationalCa();
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        const QString key = initCa(QStringLiteral("NCA"), QStringLiteral("p256"), QStringLiteral("nca.p8"));
        QVERIFY2(key.isEmpty(), qPrintable(key));
    }

    void backupWritesOneShareFilePerCustodian() {
        QStringList args{QStringLiteral("ca"),
                         QStringLiteral("backup"),
                         QStringLiteral("--ca"),
                         QStringLiteral("NCA"),
                         QStringLiteral("--shares"),
                         QStringLiteral("5"),
                         QStringLiteral("--threshold"),
                         QStringLiteral("3"),
                         QStringLiteral("--out"),
                         path(QStringLiteral("backup")),
                         QStringLiteral("--ca-passphrase-file"),
                         path(QStringLiteral("ca.pass")),
                         QStringLiteral("--json"),
                         QStringLiteral("--custodian"),
                         QStringLiteral("Ахметов Серік;ЦДИАӨМ, бас сарапшы"),
                         QStringLiteral("--custodian"),
                         QStringLiteral("Бекова Динара;ҰҚК, бөлім басшысы"),
                         QStringLiteral("--custodian"),
                         QStringLiteral("Жұмабаев Арман;КО, қауіпсіздік әкімшісі"),
                         QStringLiteral("--custodian"),
                         QStringLiteral("Иванова Ольга;КО, бас инженер")};
        // Four custodians for five shares; then 2 of 2 (seed 001 §5: not less than 3 of 5): refused.
        QCOMPARE(as(QStringLiteral("admin"), args).code, int(ErrorCode::Usage));
        QStringList twoOfTwo = args;
        twoOfTwo[5] = QStringLiteral("2");
        twoOfTwo[7] = QStringLiteral("2");
        const Run weak = as(QStringLiteral("admin"), twoOfTwo.mid(0, twoOfTwo.size() - 4));
        QCOMPARE(weak.code, int(ErrorCode::Invalid));
        QVERIFY2(weak.err.contains(u"3") && weak.err.contains(u"5"), qPrintable(weak.err));
        QCOMPARE(as(QStringLiteral("admin"), QStringList(args)
                                                 << QStringLiteral("--custodian") << QStringLiteral("Нұрланов Ерлан"))
                     .code,
                 int(ErrorCode::Usage)); // no position
        args << QStringLiteral("--custodian") << QStringLiteral("Нұрланов Ерлан;КО, директор");
        QCOMPARE(as(QStringLiteral("off1"), args).code, int(ErrorCode::Forbidden));
        QVERIFY(!QFile::exists(path(QStringLiteral("backup/NCA.backup"))));
        const Run r = as(QStringLiteral("admin"), args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray shares = r.json().value(QStringLiteral("share_files")).toArray();
        QCOMPARE(shares.size(), 5);
        QCOMPARE(r.json().value(QStringLiteral("threshold")).toInt(), 3);
        for (int i = 1; i <= 5; ++i) {
            QCOMPARE(shares.at(i - 1).toString(), share(i));
            QCOMPARE(int(QFile::permissions(share(i)) & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther |
                                                         QFile::WriteOther | QFile::ExeOther | QFile::ExeGroup)),
                     0);
            QVERIFY(read(share(i)).startsWith("TIRKEU-SHARE v1"));
        }
        QVERIFY(!read(path(QStringLiteral("backup/NCA.backup"))).contains("PRIVATE KEY"));
        // The printed hand-over record: Kazakh and Russian, every custodian, the scheme; no English, no ids.
        const QString handover = r.json().value(QStringLiteral("handover_record")).toString();
        QCOMPARE(handover, path(QStringLiteral("backup/NCA-handover.pdf")));
        const QString text = tirkeu::test::pdfText(handover).simplified();
        QVERIFY2(text.contains(u"Акт передачи на хранение частей резервной копии"), qPrintable(text));
        QVERIFY2(text.contains(u"бөліктерін сақтауға беру актісі"), qPrintable(text));
        for (const char16_t* who : {u"Ахметов Серік", u"Бекова Динара", u"Жұмабаев Арман", u"Иванова Ольга",
                                    u"Нұрланов Ерлан", u"ҰҚК, бөлім басшысы"})
            QVERIFY2(text.contains(QStringView(who)), qPrintable(text));
        QVERIFY2(QString(text).remove(u' ').contains(u"всего3/5"), qPrintable(text.mid(text.indexOf(u"Схема:"))));
        QVERIFY2(!text.contains(r.json().value(QStringLiteral("backup_id")).toString()), qPrintable(text));
        for (const char* english : {"Share", "custodian", "Backup", "Position"})
            QVERIFY2(!text.contains(QLatin1String(english)), english);
        // The custodians are in the audit event.
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.key_backup' AND "
                                          "details LIKE '%Бекова Динара%'")),
                 1);
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.key_backup'")), 1);
        // Never over an earlier backup.
        QCOMPARE(as(QStringLiteral("admin"), args).code, int(ErrorCode::Conflict));
    }

    // The hand-over record printed again when the first print was lost: the backup as the event log records it
    // (custodians, scheme, fingerprint, date), marked as a copy; administrators only; unknown ids refused.
    void backupsAreListedAndTheirRecordPrintedAgain() {
        const Run list =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("backups"), QStringLiteral("--ca"),
                                         QStringLiteral("NCA"), QStringLiteral("--json")});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        const QJsonArray backups = list.json().value(QStringLiteral("backups")).toArray();
        QCOMPARE(backups.size(), 1);
        const QJsonObject b = backups.at(0).toObject();
        QCOMPARE(b.value(QStringLiteral("threshold")).toInt(), 3);
        QCOMPARE(b.value(QStringLiteral("shares")).toInt(), 5);
        QCOMPARE(b.value(QStringLiteral("share_files")).toArray().at(0).toString(), share(1));
        QCOMPARE(
            b.value(QStringLiteral("custodians")).toArray().at(1).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Бекова Динара"));
        QVERIFY(b.value(QStringLiteral("failure")).toString().isEmpty());
        const QString id = b.value(QStringLiteral("backup_id")).toString();
        QVERIFY(!id.isEmpty());

        const QStringList print{QStringLiteral("ca"),      QStringLiteral("backups"),
                                QStringLiteral("--ca"),    QStringLiteral("NCA"),
                                QStringLiteral("--print"), id,
                                QStringLiteral("--out"),   path(QStringLiteral("handover-copy.pdf"))};
        const int events = scalarInt(QStringLiteral("SELECT count(*) FROM audit_events"));
        QCOMPARE(as(QStringLiteral("off1"), print).code, int(ErrorCode::Forbidden));
        QVERIFY(!QFile::exists(path(QStringLiteral("handover-copy.pdf"))));
        QStringList unknown = print;
        unknown[5] = QStringLiteral("no-such-backup");
        QCOMPARE(as(QStringLiteral("admin"), unknown).code, int(ErrorCode::NotFound));
        QVERIFY(!QFile::exists(path(QStringLiteral("handover-copy.pdf"))));
        const Run copy = as(QStringLiteral("admin"), print);
        QVERIFY2(copy.code == 0, qPrintable(copy.err));
        const QString text = tirkeu::test::pdfText(path(QStringLiteral("handover-copy.pdf"))).simplified();
        QVERIFY2(text.contains(u"Копия, напечатана повторно"), qPrintable(text));
        QVERIFY2(text.contains(u"Акт передачи на хранение частей резервной копии"), qPrintable(text));
        for (const char16_t* who : {u"Ахметов Серік", u"Бекова Динара", u"Жұмабаев Арман", u"Иванова Ольга",
                                    u"Нұрланов Ерлан", u"ҰҚК, бөлім басшысы"})
            QVERIFY2(text.contains(QStringView(who)), qPrintable(text));
        QVERIFY2(QString(text).remove(u' ').contains(u"всего3/5"), qPrintable(text));
        QVERIFY2(text.contains(b.value(QStringLiteral("key_fingerprint")).toString().left(16)), qPrintable(text));
        QVERIFY2(!text.contains(id), qPrintable(text));
        // The original's date of creation, not today's printing, in the body.
        QCOMPARE(tirkeu::test::pdfText(path(QStringLiteral("backup/NCA-handover.pdf")))
                     .simplified()
                     .section(QStringLiteral("Дата и время создания"), 1)
                     .left(20),
                 text.section(QStringLiteral("Дата и время создания"), 1).left(20));
        // Printing is not a change of the register.
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM audit_events")), events);
    }

    void restoreWithAnyThreeShares() {
        const QString nca = read(path(QStringLiteral("nca.p8"))).isEmpty() ? QString() : path(QStringLiteral("nca.p8"));
        QVERIFY(!nca.isEmpty());
        for (const QList<int>& set : {QList<int>{1, 3, 5}, QList<int>{2, 4, 5}}) {
            const QString out = path(QStringLiteral("restored-%1%2%3.p8").arg(set[0]).arg(set[1]).arg(set[2]));
            const Run r = restore(set, out, {}, set[0] == 2);
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QJsonArray used;
            for (int i : set)
                used.append(i);
            QCOMPARE(r.json().value(QStringLiteral("shares_used")).toArray(), used);
            // openssl opens it with the new passphrase, and it is the CA's key.
            const Tool pub =
                openssl({QStringLiteral("pkey"), QStringLiteral("-in"), out, QStringLiteral("-passin"),
                         QStringLiteral("file:") + path(QStringLiteral("new.pass")), QStringLiteral("-pubout")});
            QVERIFY2(pub.code == 0, qPrintable(pub.output));
            const Tool orig =
                openssl({QStringLiteral("pkey"), QStringLiteral("-in"), nca, QStringLiteral("-passin"),
                         QStringLiteral("file:") + path(QStringLiteral("ca.pass")), QStringLiteral("-pubout")});
            QCOMPARE(pub.output, orig.output);
        }
    }

    void twoSharesOrAlteredShareRestoreNothing() {
        const QString out = path(QStringLiteral("refused.p8"));
        const Run two = restore({2, 4}, out);
        QCOMPARE(two.code, int(ErrorCode::Invalid));
        QVERIFY2(two.err.contains(QStringLiteral("needs 3")), qPrintable(two.err));
        QVERIFY(!QFile::exists(out));

        auto forged = pki::ShareFile::read(share(4));
        QVERIFY(forged.ok());
        forged->share.data[1] = char(forged->share.data.at(1) ^ 0x40);
        QVERIFY(QFile::rename(share(4), share(4) + QStringLiteral(".orig")));
        file(QStringLiteral("backup/NCA.share-4-of-5"), forged->toText());
        const Run altered = restore({1, 4, 5}, out);
        QFile::remove(share(4));
        QVERIFY(QFile::rename(share(4) + QStringLiteral(".orig"), share(4)));
        QCOMPARE(altered.code, int(ErrorCode::Integrity));
        QVERIFY2(altered.err.contains(QStringLiteral("altered")), qPrintable(altered.err));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.key_restored'")),
                 2);

        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("restore"), QStringLiteral("--ca"),
                                              QStringLiteral("NCA"), QStringLiteral("--key-out"), out})
                     .code,
                 int(ErrorCode::Usage)); // no shares at all
    }

    void caExportWritesPemAndDer() {
        const Run pem =
            as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--ca"),
                                      QStringLiteral("NCA"), QStringLiteral("--out"), path(QStringLiteral("nca.pem"))});
        QVERIFY2(pem.code == 0, qPrintable(pem.err));
        QVERIFY(read(path(QStringLiteral("nca.pem"))).startsWith("-----BEGIN CERTIFICATE-----"));
        const Run der =
            as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--ca"),
                                      QStringLiteral("NCA"), QStringLiteral("--format"), QStringLiteral("der"),
                                      QStringLiteral("--out"), path(QStringLiteral("nca.der"))});
        QVERIFY2(der.code == 0, qPrintable(der.err));
        const Tool text =
            openssl({QStringLiteral("x509"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     path(QStringLiteral("nca.der")), QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.code == 0 && text.output.contains(QStringLiteral("CA:TRUE")), qPrintable(text.output));
        QCOMPARE(pki::Certificate::parse(read(path(QStringLiteral("nca.pem"))))->der(),
                 read(path(QStringLiteral("nca.der"))));
        // Never over an existing file; pem or der only.
        QCOMPARE(
            as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--ca"),
                                      QStringLiteral("NCA"), QStringLiteral("--out"), path(QStringLiteral("nca.pem"))})
                .code,
            int(ErrorCode::Conflict));
        QCOMPARE(as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--ca"),
                                           QStringLiteral("NCA"), QStringLiteral("--format"), QStringLiteral("p7b"),
                                           QStringLiteral("--out"), path(QStringLiteral("nca.p7b"))})
                     .code,
                 int(ErrorCode::Usage));
        QVERIFY(!QFile::exists(path(QStringLiteral("nca.p7b"))));
    }

    void certificateExportWritesTheIssuedCertificate() {
        // An issued certificate whose key the holder keeps (for the signed request below).
        const QString application =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                             QStringLiteral("identity_document_copy"), {}, QStringLiteral("app.json"));
        QVERIFY(!application.isEmpty());
        const QByteArray csr = newCsr(&m_holderKey);
        QVERIFY(!csr.isEmpty());
        const Run issued = as(QStringLiteral("off1"),
                              issueArgs(application, QStringLiteral("holder.csr"), csr, QStringLiteral("holder.pem")));
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        m_serial = issued.json().value(QStringLiteral("serial")).toString();

        const QString der = path(QStringLiteral("exported.der"));
        const Run r = as(QStringLiteral("op"),
                         {QStringLiteral("certificate"), QStringLiteral("export"), QStringLiteral("--serial"),
                          m_serial.toLower(), QStringLiteral("--ca"), QStringLiteral("NCA"), QStringLiteral("--format"),
                          QStringLiteral("der"), QStringLiteral("--out"), der, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("serial")).toString(), m_serial);
        m_holderDer = read(der);
        QCOMPARE(m_holderDer, pki::Certificate::parse(read(path(QStringLiteral("holder.pem"))))->der());
        const Tool serial = openssl({QStringLiteral("x509"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                     QStringLiteral("-in"), der, QStringLiteral("-noout"), QStringLiteral("-serial")});
        QCOMPARE(serial.output.trimmed(), QStringLiteral("serial=") + m_serial);
        const Tool chain = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                    path(QStringLiteral("nca.pem")), path(QStringLiteral("holder.pem"))});
        QVERIFY2(chain.code == 0, qPrintable(chain.output));

        const Run pem = as(QStringLiteral("op"),
                           {QStringLiteral("certificate"), QStringLiteral("export"), QStringLiteral("--serial"),
                            m_serial, QStringLiteral("--out"), path(QStringLiteral("exported.pem"))});
        QVERIFY2(pem.code == 0, qPrintable(pem.err));
        QCOMPARE(read(path(QStringLiteral("exported.pem"))), read(path(QStringLiteral("holder.pem"))));
        QCOMPARE(as(QStringLiteral("op"),
                    {QStringLiteral("certificate"), QStringLiteral("export"), QStringLiteral("--serial"),
                     QStringLiteral("ABCDEF"), QStringLiteral("--out"), path(QStringLiteral("none.pem"))})
                     .code,
                 int(ErrorCode::NotFound));
        QVERIFY(!QFile::exists(path(QStringLiteral("none.pem"))));
    }

    void signedRequestRevokes() {
        QVERIFY(m_holderKey && !m_holderDer.isEmpty());
        QJsonObject data{{QStringLiteral("iin"), QStringLiteral("900701300108")},
                         {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                         {QStringLiteral("name"), QStringLiteral("Әлия")},
                         {QStringLiteral("email"), QStringLiteral("aliya@example.kz")},
                         {QStringLiteral("phone"), QStringLiteral("+77011234567")},
                         {QStringLiteral("cert_serial"), m_serial},
                         {QStringLiteral("cert_issue_date"), issueDateOf(m_holderDer)},
                         {QStringLiteral("reason"), QStringLiteral("key_compromise")},
                         {QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate)}};
        const QByteArray content = QJsonDocument(QJsonObject{{QStringLiteral("form"), QStringLiteral("NCA-REVOKE-IND")},
                                                             {QStringLiteral("data"), data}})
                                       .toJson();
        auto holder = pki::Certificate::parse(m_holderDer);
        QVERIFY(holder.ok());
        auto cms = pki::CmsSign::sign(content, holder->toX509().get(), m_holderKey.get(), pki::CmsSign::Encoding::Pem);
        QVERIFY(cms.ok());
        const QString request = file(QStringLiteral("revoke.p7s"), *cms);

        // A tampered copy: refused, nothing revoked.
        QByteArray der = *pki::CmsSign::sign(content, holder->toX509().get(), m_holderKey.get());
        der.replace(der.indexOf("key_compromise"), 14, "unspecified\"  ");
        const Run tampered =
            as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                        QStringLiteral("--signed-request"), file(QStringLiteral("tampered.p7s"), der)});
        QCOMPARE(tampered.code, int(ErrorCode::Invalid));
        QVERIFY2(tampered.err.contains(QStringLiteral("signature")), qPrintable(tampered.err));
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM revocations")), 0);
        // What to revoke comes from the signed application only.
        QCOMPARE(as(QStringLiteral("off1"),
                    {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--signed-request"),
                     request, QStringLiteral("--serial"), m_serial})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                             QStringLiteral("--ca"), QStringLiteral("NCA")})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("op"), {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                           QStringLiteral("--signed-request"), request})
                     .code,
                 int(ErrorCode::Forbidden));

        const Run r =
            as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                        QStringLiteral("--signed-request"), request, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("serial")).toString(), m_serial);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("key_compromise"));
        QCOMPARE(r.json().value(QStringLiteral("basis")).toString(), QStringLiteral("holder_application"));
        QCOMPARE(r.json().value(QStringLiteral("holder")).toString(), QStringLiteral("900701300108"));
        QVERIFY(r.json().value(QStringLiteral("application")).toInteger() > 0);
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM applications WHERE form_code = 'NCA-REVOKE-IND' AND "
                                          "status = 'done'")),
                 1);
        // Sent twice: the signer's certificate is revoked now.
        const Run again = as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                                      QStringLiteral("--signed-request"), request});
        QCOMPARE(again.code, int(ErrorCode::Forbidden));
        QVERIFY2(again.err.contains(QStringLiteral("revoked")), qPrintable(again.err));
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM revocations")), 1);
    }

    // Attack of session 30 (A9): at a CA without publish_dir nothing was recorded as owed after a key compromise, and
    // crl status said "Nothing owed: every key compromise is in a published CRL" while no CRL listed it; a crl_owed
    // row marked settled by hand hid an owed one. What a CA owes is derived from its revocations and the CRLs it
    // published, never from crl_owed: the compromise revoked above (NCA has no publish folder and no CRL yet) is owed.
    void keyCompromiseWithoutAPublishFolderIsOwed() {
        const QStringList status{QStringLiteral("crl"), QStringLiteral("status"), QStringLiteral("--ca"),
                                 QStringLiteral("NCA")};
        const Run plain = as(QStringLiteral("off1"), status);
        QVERIFY2(plain.code == 0, qPrintable(plain.err));
        QVERIFY2(!plain.out.contains(QStringLiteral("Nothing owed")), qPrintable(plain.out));
        QVERIFY2(plain.out.contains(QStringLiteral("Owed: 1")) &&
                     plain.out.contains(QStringLiteral("no publish folder")) && plain.out.contains(m_serial),
                 qPrintable(plain.out));
        // Rows written by the application's database role: the compromise "settled", one never revoked owed.
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            const QString now = registry::toDbTime(QDateTime::currentDateTimeUtc());
            QVERIFY((*db)
                        ->exec(QStringLiteral("INSERT INTO crl_owed (ca_id, serial, reason_code, recorded_at, "
                                              "settled_crl, settled_at) SELECT id, ?, 1, ?, 1, ? FROM cas WHERE code = "
                                              "'NCA'"),
                               {m_serial, now, now})
                        .ok());
            QVERIFY((*db)
                        ->exec(QStringLiteral("INSERT INTO crl_owed (ca_id, serial, reason_code, recorded_at) SELECT "
                                              "id, '0BADC0DE', 1, ? FROM cas WHERE code = 'NCA'"),
                               {now})
                        .ok());
        }
        const Run json = as(QStringLiteral("off1"), status + QStringList{QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        const QJsonArray owed = json.json().value(QStringLiteral("owed")).toArray();
        QCOMPARE(owed.size(), 1);
        QCOMPARE(owed.first().toObject().value(QStringLiteral("serial")).toString(), m_serial);
    }

    // Issue 11: the holder's signed key-compromise request at a CA with a publish folder publishes the
    // delta CRL at once when the CA key passphrase is given, and says clearly that it is owed when not.
    void signedKeyCompromiseAtAPublishingCaPublishesTheDelta() {
        const QString publishDir = path(QStringLiteral("publish"));
        QVERIFY(QDir().mkpath(publishDir));
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            auto settings = (*db)->scalar(QStringLiteral("SELECT settings FROM cas WHERE code = 'NCA'"));
            QVERIFY(settings.ok());
            QJsonObject o = QJsonDocument::fromJson(settings->toString().toUtf8()).object();
            o.insert(QStringLiteral("publish_dir"), publishDir);
            QVERIFY((*db)
                        ->exec(QStringLiteral("UPDATE cas SET settings = ? WHERE code = 'NCA'"),
                               {QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))})
                        .ok());
        }
        const Run base =
            as(QStringLiteral("off1"), {QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"),
                                        QStringLiteral("NCA"), QStringLiteral("--out"), publishDir,
                                        QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass"))});
        QVERIFY2(base.code == 0, qPrintable(base.err));
        const Holder owed = issueHolder(QStringLiteral("owed"));
        const Holder published = issueHolder(QStringLiteral("published"));
        QVERIFY(!owed.serial.isEmpty() && !published.serial.isEmpty());
        const int crlsBefore = scalarInt(QStringLiteral("SELECT count(*) FROM crls"));

        // No CA key: revoked, and a warning says the delta CRL is still due.
        const Run pending = as(QStringLiteral("off1"),
                               {QStringLiteral("certificate"), QStringLiteral("revoke"),
                                QStringLiteral("--signed-request"), signedCompromise(owed, QStringLiteral("owed"))});
        QVERIFY2(pending.code == 0, qPrintable(pending.err));
        QVERIFY2(pending.err.contains(QStringLiteral("Warning")) &&
                     pending.err.contains(QStringLiteral("crl publish --delta")),
                 qPrintable(pending.err));
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM crls")), crlsBefore);
        QVERIFY(!QFile::exists(QDir(publishDir).filePath(QStringLiteral("NCA-delta.crl"))));
        // crl status shows what is owed.
        const QStringList status{QStringLiteral("crl"), QStringLiteral("status"), QStringLiteral("--ca"),
                                 QStringLiteral("NCA"), QStringLiteral("--json")};
        const Run owedNow = as(QStringLiteral("off1"), status);
        QVERIFY2(owedNow.code == 0, qPrintable(owedNow.err));
        const QJsonArray owedList = owedNow.json().value(QStringLiteral("owed")).toArray();
        QCOMPARE(owedList.size(), 1);
        QCOMPARE(owedList.first().toObject().value(QStringLiteral("serial")).toString(), owed.serial);
        QCOMPARE(owedList.first().toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("key_compromise"));

        // With the CA key: the delta CRL is in the publish folder at once and lists the certificate.
        const Run r =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--signed-request"),
                signedCompromise(published, QStringLiteral("published")), QStringLiteral("--ca-passphrase-file"),
                path(QStringLiteral("ca.pass")), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        QVERIFY(r.json().value(QStringLiteral("delta_crl")).toInteger() > 0);
        QVERIFY2(r.err.contains(QStringLiteral("Delta CRL number")), qPrintable(r.err));
        const QString delta = QDir(publishDir).filePath(QStringLiteral("NCA-delta.crl"));
        QVERIFY(QFile::exists(delta));
        const Tool text = openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                   QStringLiteral("-in"), delta, QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.code == 0 && text.output.contains(QStringLiteral("Delta CRL Indicator")),
                 qPrintable(text.output));
        QVERIFY2(text.output.contains(published.serial) && text.output.contains(owed.serial), qPrintable(text.output));
        QCOMPARE(scalarInt(QStringLiteral("SELECT count(*) FROM crls")), crlsBefore + 1);
        // That publication covered the owed one too.
        const Run settled = as(QStringLiteral("off1"), status);
        QVERIFY2(settled.code == 0, qPrintable(settled.err));
        QVERIFY(settled.json().value(QStringLiteral("owed")).toArray().isEmpty());
        const Run plain = as(QStringLiteral("off1"), {QStringLiteral("crl"), QStringLiteral("status"),
                                                      QStringLiteral("--ca"), QStringLiteral("NCA")});
        QVERIFY2(plain.out.contains(QStringLiteral("Nothing owed")), qPrintable(plain.out));
    }

    void restoredKeySignsACrlThatVerifies() {
        // The original key file is lost; shares 1, 2 and 3 restore it and the register switches to it.
        QVERIFY(QFile::remove(path(QStringLiteral("nca.p8"))));
        const Run r = restore({1, 2, 3}, path(QStringLiteral("nca-restored.p8")), {QStringLiteral("--activate")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("activated")).toBool());
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        const Run crl =
            as(QStringLiteral("off1"),
               {QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--out"), path(QStringLiteral("crl")), QStringLiteral("--ca-passphrase-file"),
                path(QStringLiteral("new.pass")), QStringLiteral("--json"),
                // The earlier CRLs went to the CA's publish folder: this one is new to the CA.
                QStringLiteral("--new-folder")});
        QVERIFY2(crl.code == 0, qPrintable(crl.err));
        // The signed request's certificate and the two key compromises of the publishing test.
        QCOMPARE(crl.json().value(QStringLiteral("entries")).toInteger(), 3);
        const Tool verified =
            openssl({QStringLiteral("crl"), QStringLiteral("-in"), path(QStringLiteral("crl/NCA.crl.pem")),
                     QStringLiteral("-CAfile"), path(QStringLiteral("nca.pem")), QStringLiteral("-noout")});
        QVERIFY2(verified.code == 0 && verified.output.contains(QStringLiteral("verify OK")),
                 qPrintable(verified.output));
        // And openssl finds the holder's certificate revoked in it (error 23).
        const QString bundle = file(QStringLiteral("bundle.pem"), read(path(QStringLiteral("nca.pem"))) +
                                                                      read(path(QStringLiteral("crl/NCA.crl.pem"))));
        const Tool revoked = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                      bundle, path(QStringLiteral("holder.pem"))});
        QVERIFY2(revoked.code != 0 && revoked.output.contains(QStringLiteral("error 23")), qPrintable(revoked.output));
    }

    // Attack F11: `ocsp init-signer --key-uri pkcs11:…` died with SIGSEGV after recording the signer and
    // before writing its certificate (an EVP_PKEY_dup of the token key made libp11's ENGINE_finish crash),
    // and with the CA's own token key instead of the refusal. A SoftHSM2 token with a CA key and two
    // signer keys: a file CA's signer on the token, a token CA's signer on the same token, the refusal.
    void ocspSignerOnAToken() {
        if (QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool")).isEmpty())
            QSKIP("softhsm2-util / pkcs11-tool missing");
        const QString tokens = path(QStringLiteral("tokens"));
        QVERIFY(QDir().mkpath(tokens));
        file(QStringLiteral("softhsm2.conf"), "directories.tokendir = " + QFile::encodeName(tokens) +
                                                  "\nobjectstore.backend = file\nlog.level = ERROR\n");
        qputenv("SOFTHSM2_CONF", QFile::encodeName(path(QStringLiteral("softhsm2.conf"))));
        qunsetenv("TIRKEU_PKCS11_MODULE");
        const test::ToolRun init =
            test::runTool(QStringLiteral("softhsm2-util"),
                          {QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"),
                           QStringLiteral("catok"), QStringLiteral("--pin"), QStringLiteral("739164"),
                           QStringLiteral("--so-pin"), QStringLiteral("654321")});
        QVERIFY2(init.code == 0, qPrintable(init.output));
        for (const auto& [label, id] : {std::pair{"ca-key", "01"}, {"ocsp-key", "02"}, {"ocsp-key2", "03"}}) {
            const test::ToolRun gen =
                test::runTool(QStringLiteral("pkcs11-tool"),
                              {QStringLiteral("--module"), QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"),
                               QStringLiteral("--token-label"), QStringLiteral("catok"), QStringLiteral("--login"),
                               QStringLiteral("--pin"), QStringLiteral("739164"), QStringLiteral("--keypairgen"),
                               QStringLiteral("--key-type"), QStringLiteral("EC:prime256v1"), QStringLiteral("--label"),
                               QString::fromLatin1(label), QStringLiteral("--id"), QString::fromLatin1(id)});
            QVERIFY2(gen.code == 0, qPrintable(gen.output));
        }
        const QString pin = file(QStringLiteral("token.pin"), "739164\n");
        const auto initSigner = [&](const QString& ca, const QString& uri, const QString& caSecret,
                                    const QString& certOut) {
            QStringList args{QStringLiteral("ocsp"),
                             QStringLiteral("init-signer"),
                             QStringLiteral("--ca"),
                             ca,
                             QStringLiteral("--key-uri"),
                             uri,
                             QStringLiteral("--pin-file"),
                             pin,
                             QStringLiteral("--ca-passphrase-file"),
                             caSecret};
            if (!certOut.isEmpty())
                args << QStringLiteral("--cert-out") << path(certOut);
            return as(QStringLiteral("off1"), args);
        };
        const auto signers = [this] {
            return scalarInt(
                QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ocsp.signer_issued'"));
        };

        // A CA whose key is a file, its OCSP signer's key on the token.
        QString failed = addCa(QStringLiteral("FILECA"), QStringLiteral("Файл кілті"), QStringLiteral("national"));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        failed = initCa(QStringLiteral("FILECA"), QStringLiteral("p256"), QStringLiteral("fileca.p8"));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const int before = signers();
        const Run fileCa = initSigner(QStringLiteral("FILECA"), QStringLiteral("pkcs11:token=catok;object=ocsp-key"),
                                      path(QStringLiteral("ca.pass")), QStringLiteral("ocsp-fileca.pem"));
        QVERIFY2(fileCa.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(fileCa.code).arg(fileCa.err)));
        QVERIFY2(pki::Certificate::parse(read(path(QStringLiteral("ocsp-fileca.pem")))).ok(),
                 "the OCSP signing certificate was not written");
        QCOMPARE(signers(), before + 1);

        // A CA whose key is on the same token: its own key is refused as its signer's (by label and by id),
        // a key of its own is certified.
        failed = addCa(QStringLiteral("TOKCA"), QStringLiteral("Токен кілті"), QStringLiteral("national"));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const Run caInit =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("TOKCA"),
                QStringLiteral("--key-uri"), QStringLiteral("pkcs11:token=catok;object=ca-key"),
                QStringLiteral("--pin-file"), pin, QStringLiteral("--cert-out"), path(QStringLiteral("tokca.pem"))});
        QVERIFY2(caInit.code == 0, qPrintable(caInit.err));
        for (const QString& own :
             {QStringLiteral("pkcs11:token=catok;object=ca-key"), QStringLiteral("pkcs11:token=catok;id=%01")}) {
            const Run refused = initSigner(QStringLiteral("TOKCA"), own, pin, {});
            QVERIFY2(refused.code > 0 && refused.code < 128,
                     qPrintable(QStringLiteral("exit %1: %2").arg(refused.code).arg(refused.err)));
            QVERIFY2(refused.err.contains(QStringLiteral("key of the CA TOKCA")), qPrintable(refused.err));
        }
        QCOMPARE(signers(), before + 1);
        const Run tokenCa = initSigner(QStringLiteral("TOKCA"), QStringLiteral("pkcs11:token=catok;object=ocsp-key2"),
                                       pin, QStringLiteral("ocsp-tokca.pem"));
        QVERIFY2(tokenCa.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(tokenCa.code).arg(tokenCa.err)));
        QVERIFY(pki::Certificate::parse(read(path(QStringLiteral("ocsp-tokca.pem")))).ok());
        QCOMPARE(signers(), before + 2);
        qunsetenv("SOFTHSM2_CONF");
    }

    // Attack of session 26, F10: under umask 000 every folder Tirkeu created for an output was 0777 (others
    // could delete or swap the files in it: a holder's PKCS#12, a report before it is sent, the kept audit
    // public key), and the audit public key, anchors and checkpoints and a form template were 0666.
    // Whatever the umask: no created folder is writable by others (those made for secrets and personal data
    // are their owner's alone), public files are 0644 at most, secrets and personal data 0600.
    void createdFoldersAreNeverWorldWritable() {
        const mode_t previous = ::umask(0);
        const auto restore = qScopeGuard([previous] { ::umask(previous); });
        const auto modeOf = [](const QString& p) {
            struct stat st {};
            return ::lstat(QFile::encodeName(p).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
        };
        const auto octal = [](int mode) { return QString::number(mode, 8); };
        const QString pass = path(QStringLiteral("new.pass"));
        const Run key =
            as(QStringLiteral("admin"),
               {QStringLiteral("audit"), QStringLiteral("key"), QStringLiteral("init"), QStringLiteral("--key-out"),
                path(QStringLiteral("f10/keys/audit.p8")), QStringLiteral("--key-passphrase-file"), pass,
                QStringLiteral("--public-out"), path(QStringLiteral("f10/audit-pub.pem"))});
        QVERIFY2(key.code == 0, qPrintable(key.err));
        const Run checkpoint = as(QStringLiteral("admin"),
                                  {QStringLiteral("audit"), QStringLiteral("checkpoint"), QStringLiteral("--out"),
                                   path(QStringLiteral("f10/anchors")), QStringLiteral("--key-passphrase-file"), pass});
        QVERIFY2(checkpoint.code == 0, qPrintable(checkpoint.err));
        const Run exported =
            as(QStringLiteral("op"),
               {QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--out"), path(QStringLiteral("f10/certs/nca.pem"))});
        QVERIFY2(exported.code == 0, qPrintable(exported.err));
        const Run form =
            cli({QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("form"),
                 QStringLiteral("template"), QStringLiteral("--form"), QStringLiteral("NCA-ISSUE-IND"),
                 QStringLiteral("--out"), path(QStringLiteral("f10/template.pdf"))},
                m_clock);
        QVERIFY2(form.code == 0, qPrintable(form.err));
        const Run report = as(QStringLiteral("admin"),
                              {QStringLiteral("report"), QStringLiteral("register-extract"), QStringLiteral("--ca"),
                               QStringLiteral("NCA"), QStringLiteral("--format"), QStringLiteral("csv"),
                               QStringLiteral("--out"), path(QStringLiteral("f10/rep/x.csv"))});
        QVERIFY2(report.code == 0, qPrintable(report.err));

        for (const QString& folder :
             QStringList{QStringLiteral("f10"), QStringLiteral("f10/keys"), QStringLiteral("f10/anchors"),
                         QStringLiteral("f10/certs"), QStringLiteral("f10/rep")}) {
            const int mode = modeOf(path(folder));
            QVERIFY2(mode >= 0 && (mode & 0022) == 0, qPrintable(folder + QStringLiteral(" is ") + octal(mode)));
        }
        for (const QString& folder : QStringList{QStringLiteral("f10/keys"), QStringLiteral("f10/rep")})
            QVERIFY2((modeOf(path(folder)) & 0077) == 0,
                     qPrintable(folder + QStringLiteral(" is ") + octal(modeOf(path(folder)))));
        QStringList publicFiles{QStringLiteral("f10/audit-pub.pem"), QStringLiteral("f10/certs/nca.pem"),
                                QStringLiteral("f10/template.pdf")};
        for (const QString& name : QDir(path(QStringLiteral("f10/anchors"))).entryList(QDir::Files))
            publicFiles << QStringLiteral("f10/anchors/") + name;
        QVERIFY(publicFiles.size() >= 4);
        for (const QString& name : publicFiles) {
            const int mode = modeOf(path(name));
            QVERIFY2(mode >= 0 && (mode & ~0644) == 0, qPrintable(name + QStringLiteral(" is ") + octal(mode)));
        }
        for (const QString& name : QStringList{QStringLiteral("f10/keys/audit.p8"), QStringLiteral("f10/rep/x.csv")})
            QCOMPARE(octal(modeOf(path(name))), QStringLiteral("600"));
    }
};

TIRKEU_TEST_MAIN(TestCaKeyCli)
#include "tst_cakey_cli.moc"
