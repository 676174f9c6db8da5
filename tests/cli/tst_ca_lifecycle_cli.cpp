// The CA engine's set-up and issuance variants through tirkeu-cli, in-process: a Root CA and a
// subordinate National CA of the same register (ca init --subordinate, ROOT-ISSUE, ca import-cert),
// a holder key generated onto media as PKCS#12, and a re-issue that revokes the replaced certificate.
// The tests build on each other in one register (declaration order), on the real clock.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestDb.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace tirkeu;

class TestCaLifecycleCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    QString m_serial;
    qint64 m_application = 0;

    QString m_holderSerial;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        for (const auto& [code, name, kind] : {std::tuple{"ROOT", "Түбір куәландырушы орталық", "root"},
                                               std::tuple{"NCA", "Ұлттық куәландырушы орталық", "national"}}) {
            const QString ca = addCa(QString::fromLatin1(code), QString::fromUtf8(name), QString::fromLatin1(kind));
            QVERIFY2(ca.isEmpty(), qPrintable(ca));
        }
    }

    void subordinateNationalCaUnderTheRootCa() {
        const QString pass = path(QStringLiteral("ca.pass"));
        const QString root = initCa(QStringLiteral("ROOT"), QStringLiteral("rsa2048"), QStringLiteral("root.p8"),
                                    QStringLiteral("root.pem"));
        QVERIFY2(root.isEmpty(), qPrintable(root));

        const QStringList sub{QStringLiteral("ca"),
                              QStringLiteral("init"),
                              QStringLiteral("--code"),
                              QStringLiteral("NCA"),
                              QStringLiteral("--key-algorithm"),
                              QStringLiteral("rsa2048"),
                              QStringLiteral("--key-out"),
                              path(QStringLiteral("nca.p8")),
                              QStringLiteral("--passphrase-file"),
                              pass,
                              QStringLiteral("--subordinate")};
        const Run noCsrOut = as(QStringLiteral("admin"), sub);
        QCOMPARE(noCsrOut.code, int(ErrorCode::Usage));
        QVERIFY(!QFile::exists(path(QStringLiteral("nca.p8"))));
        const Run both = as(QStringLiteral("admin"),
                            sub + QStringList{QStringLiteral("--key-uri"), QStringLiteral("pkcs11:token=x;object=y"),
                                              QStringLiteral("--csr-out"), path(QStringLiteral("nca.csr"))});
        QCOMPARE(both.code, int(ErrorCode::Usage));
        const Run made = as(QStringLiteral("admin"),
                            sub + QStringList{QStringLiteral("--csr-out"), path(QStringLiteral("nca.csr"))});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        QVERIFY(read(path(QStringLiteral("nca.csr"))).startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        const Tool req = openssl({QStringLiteral("req"), QStringLiteral("-in"), path(QStringLiteral("nca.csr")),
                                  QStringLiteral("-noout"), QStringLiteral("-verify")});
        QVERIFY2(req.code == 0, qPrintable(req.output));

        const QJsonObject rootForm{
            {QStringLiteral("country"), QStringLiteral("Қазақстан")},
            {QStringLiteral("region"), QStringLiteral("Астана")},
            {QStringLiteral("city"), QStringLiteral("Астана")},
            {QStringLiteral("org_name"), QStringLiteral("«ҰАТ» АҚ")},
            {QStringLiteral("ca_name"), QStringLiteral("Ұлттық куәландырушы орталық")},
            {QStringLiteral("email"), QStringLiteral("pki@example.kz")},
            {QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")}},
            {QStringLiteral("validity"), QStringLiteral("5y")},
            {QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate)},
            {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Мұрат")}};
        const QString app = submitAndApprove(QStringLiteral("ROOT"), QStringLiteral("ROOT-ISSUE"), rootForm,
                                             QStringLiteral("accreditation_certificate_copy"));
        QVERIFY(!app.isEmpty());
        const Run issued = as(QStringLiteral("off1"),
                              {QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"),
                               app, QStringLiteral("--csr"), path(QStringLiteral("nca.csr")), QStringLiteral("--out"),
                               path(QStringLiteral("nca.pem")), QStringLiteral("--ca-passphrase-file"), pass,
                               QStringLiteral("--json")});
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        QCOMPARE(issued.json().value(QStringLiteral("profile")).toString(), QStringLiteral("subordinate_ca"));

        const QStringList import{
            QStringLiteral("ca"),     QStringLiteral("import-cert"),   QStringLiteral("--code"), QStringLiteral("NCA"),
            QStringLiteral("--cert"), path(QStringLiteral("nca.pem")), QStringLiteral("--json")};
        const Run wrong = as(QStringLiteral("admin"),
                             {QStringLiteral("ca"), QStringLiteral("import-cert"), QStringLiteral("--code"),
                              QStringLiteral("NCA"), QStringLiteral("--cert"), path(QStringLiteral("root.pem"))});
        QCOMPARE(wrong.code, int(ErrorCode::Invalid));
        const Run imported = as(QStringLiteral("admin"), import);
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QCOMPARE(imported.json().value(QStringLiteral("parent")).toString(), QStringLiteral("ROOT"));
        QCOMPARE(as(QStringLiteral("admin"), import).code, int(ErrorCode::Conflict));
    }

    // Attack of session 28, F8 and F9 through the CLI. A second subordinate whose certificate the administrator
    // signs with the National CA's key (openssl x509 -req, the CA's own request) is refused: ROOT-ISSUE gave the
    // National CA pathlen:0, so every certificate of the second one would fail validation ("path length constraint
    // exceeded"). Before, it was linked under NCA (exit 0). And `ca add` refuses the National CA's name with its
    // spaces doubled: another name to the old comparison, the same issuer name once composed. Nothing recorded.
    void noCaUnderTheNationalCaNorUnderItsName() {
        const QString pass = path(QStringLiteral("ca.pass"));
        const QString added =
            addCa(QStringLiteral("SUB2"), QStringLiteral("Екінші куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(added.isEmpty(), qPrintable(added));
        const Run made =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("SUB2"),
                QStringLiteral("--key-algorithm"), QStringLiteral("p256"), QStringLiteral("--key-out"),
                path(QStringLiteral("sub2.p8")), QStringLiteral("--passphrase-file"), pass,
                QStringLiteral("--subordinate"), QStringLiteral("--csr-out"), path(QStringLiteral("sub2.csr"))});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const QString ext =
            file(QStringLiteral("sub2.cnf"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                                             "keyUsage=critical,keyCertSign,cRLSign\n"
                                             "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        const Tool signedByNca =
            openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                     path(QStringLiteral("sub2.csr")), QStringLiteral("-CA"), path(QStringLiteral("nca.pem")),
                     QStringLiteral("-CAkey"), path(QStringLiteral("nca.p8")), QStringLiteral("-passin"),
                     QStringLiteral("file:") + pass, QStringLiteral("-set_serial"), QStringLiteral("0x5ab1"),
                     QStringLiteral("-days"), QStringLiteral("365"), QStringLiteral("-sha256"),
                     QStringLiteral("-extfile"), ext, QStringLiteral("-out"), path(QStringLiteral("sub2.pem"))});
        QVERIFY2(signedByNca.code == 0, qPrintable(signedByNca.output));
        const qint64 events = scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong();
        const Run refused = as(QStringLiteral("admin"),
                               {QStringLiteral("ca"), QStringLiteral("import-cert"), QStringLiteral("--code"),
                                QStringLiteral("SUB2"), QStringLiteral("--cert"), path(QStringLiteral("sub2.pem"))});
        QCOMPARE(refused.code, int(ErrorCode::Invalid));
        QVERIFY2(refused.err.contains(u"NCA") && refused.err.contains(u"pathlen:0"), qPrintable(refused.err));
        QVERIFY(scalar(QStringLiteral("SELECT certificate_der FROM cas WHERE code = 'SUB2'")).isNull());
        QCOMPARE(scalar(QStringLiteral("SELECT coalesce(parent_id, 0) FROM cas WHERE code = 'SUB2'")).toLongLong(),
                 qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong(), events);

        const Run twin =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("TWIN"),
                QStringLiteral("--name"), QStringLiteral("Ұлттық  куәландырушы  орталық"), QStringLiteral("--kind"),
                QStringLiteral("national")});
        QCOMPARE(twin.code, int(ErrorCode::Conflict));
        QVERIFY2(twin.err.contains(u"NCA"), qPrintable(twin.err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM cas WHERE code = 'TWIN'")).toLongLong(), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong(), events);
    }

    void holderKeyGeneratedOntoMediaAsPkcs12() {
        const QString app = submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                                             QStringLiteral("identity_document_copy"));
        QVERIFY(!app.isEmpty());
        const QString pass = path(QStringLiteral("ca.pass"));
        const QString holderPw = file(QStringLiteral("holder.pw"), "Ұстаушы-құпия-1\n");
        const QStringList base{QStringLiteral("certificate"),
                               QStringLiteral("issue"),
                               QStringLiteral("--application"),
                               app,
                               QStringLiteral("--out"),
                               path(QStringLiteral("holder.pem")),
                               QStringLiteral("--ca-passphrase-file"),
                               pass};
        const Run both = as(QStringLiteral("off1"),
                            base + QStringList{QStringLiteral("--csr"), file(QStringLiteral("h.csr"), newCsr()),
                                               QStringLiteral("--pkcs12-out"), path(QStringLiteral("holder.p12"))});
        QCOMPARE(both.code, int(ErrorCode::Usage));
        const Run noPassword = as(QStringLiteral("off1"), base + QStringList{QStringLiteral("--pkcs12-out"),
                                                                             path(QStringLiteral("holder.p12"))});
        QCOMPARE(noPassword.code, int(ErrorCode::Usage));
        QCOMPARE(count(QStringLiteral("certificates")), 1); // the National CA's own certificate only
        const Run r =
            as(QStringLiteral("off1"),
               base + QStringList{QStringLiteral("--pkcs12-out"), path(QStringLiteral("holder.p12")),
                                  QStringLiteral("--pkcs12-password-file"), holderPw, QStringLiteral("--media-serial"),
                                  QStringLiteral("USB-7781"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_holderSerial = r.json().value(QStringLiteral("serial")).toString();
        QCOMPARE(r.json().value(QStringLiteral("key_media_serial")).toString(), QStringLiteral("USB-7781"));
        QCOMPARE(QFile(path(QStringLiteral("holder.p12"))).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const Tool p12 =
            openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), path(QStringLiteral("holder.p12")),
                     QStringLiteral("-nodes"), QStringLiteral("-passin"), QStringLiteral("pass:Ұстаушы-құпия-1")});
        QVERIFY2(p12.code == 0 && p12.output.contains(QStringLiteral("PRIVATE KEY")), qPrintable(p12.output));
        // The chain verifies: holder → National CA → Root CA.
        const Tool verify = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                     path(QStringLiteral("root.pem")), QStringLiteral("-untrusted"),
                                     path(QStringLiteral("nca.pem")), path(QStringLiteral("holder.pem"))});
        QVERIFY2(verify.code == 0, qPrintable(verify.output));
    }

    void reissueRevokesTheReplacedCertificate() {
        QVERIFY(!m_holderSerial.isEmpty());
        const Run prefill =
            as(QStringLiteral("op"),
               {QStringLiteral("application"), QStringLiteral("prefill"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), m_holderSerial, QStringLiteral("--out"),
                path(QStringLiteral("reissue.json")), QStringLiteral("--json")});
        QVERIFY2(prefill.code == 0, qPrintable(prefill.err));
        QCOMPARE(prefill.json().value(QStringLiteral("form")).toString(), QStringLiteral("NCA-ISSUE-IND"));
        QCOMPARE(test::fileMode(path(QStringLiteral("reissue.json"))), 0600); // the holder's form data: owner only
        QJsonObject data = QJsonDocument::fromJson(read(path(QStringLiteral("reissue.json")))).object();
        QCOMPARE(data.value(QStringLiteral("surname")).toString(), QStringLiteral("Қасымова"));
        data.insert(QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate));
        const QString app =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), data,
                             QStringLiteral("identity_document_copy"), {QStringLiteral("--replaces"), m_holderSerial});
        QVERIFY(!app.isEmpty());
        // The approving officer sees what it replaces (attack of session 33, C1: `application show` did not say).
        const Run shown = as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("show"),
                                                      QStringLiteral("--id"), app, QStringLiteral("--json")});
        QVERIFY2(shown.code == 0, qPrintable(shown.err));
        QCOMPARE(shown.json().value(QStringLiteral("replaces_certificate")).toString(), m_holderSerial);
        const Run r =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"), app,
                QStringLiteral("--csr"), file(QStringLiteral("re.csr"), newCsr()), QStringLiteral("--out"),
                path(QStringLiteral("re.pem")), QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass")),
                QStringLiteral("--revoke-replaced"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("replaced")).toString(), m_holderSerial);
        const Run old =
            as(QStringLiteral("off1"), {QStringLiteral("certificate"), QStringLiteral("show"),
                                        QStringLiteral("--serial"), m_holderSerial, QStringLiteral("--json")});
        QVERIFY2(old.code == 0, qPrintable(old.err));
        QCOMPARE(old.json().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        QCOMPARE(old.json().value(QStringLiteral("reason")).toString(), QStringLiteral("superseded"));
    }

    // Attack of session 30, A7 through the CLI, as its script ran it: a subordinate's certificate signed with the
    // Root CA's key outside Tirkeu (openssl x509 -req -CA root.pem -CAkey root.p8 -set_serial 0x5ab1) was taken
    // ("Issued by the CA ROOT of this register") though the Root CA had no record of it and could never revoke it.
    // Refused now, naming the Root CA and the serial, nothing written; so is one with the serial of the certificate
    // the Root CA issued through ROOT-ISSUE but other bytes. That one is taken, and the Root CA revokes it.
    void aSubordinateCertificateTheRootNeverIssuedIsRefused() {
        const QString pass = path(QStringLiteral("ca.pass"));
        const QString name = QStringLiteral("Үшінші куәландырушы орталық");
        const QString added = addCa(QStringLiteral("SUB3"), name, QStringLiteral("national"));
        QVERIFY2(added.isEmpty(), qPrintable(added));
        const Run made =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("SUB3"),
                QStringLiteral("--key-algorithm"), QStringLiteral("p256"), QStringLiteral("--key-out"),
                path(QStringLiteral("sub3.p8")), QStringLiteral("--passphrase-file"), pass,
                QStringLiteral("--subordinate"), QStringLiteral("--csr-out"), path(QStringLiteral("sub3.csr"))});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const QString ext =
            file(QStringLiteral("sub3.cnf"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                                             "keyUsage=critical,keyCertSign,cRLSign\n"
                                             "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        // The CA's own request signed with the Root CA's key by openssl, serial `serial`, into `out`.
        const auto signedOutside = [&](const QString& serial, const QString& days, const QString& out) {
            return openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                            path(QStringLiteral("sub3.csr")), QStringLiteral("-CA"), path(QStringLiteral("root.pem")),
                            QStringLiteral("-CAkey"), path(QStringLiteral("root.p8")), QStringLiteral("-passin"),
                            QStringLiteral("file:") + pass, QStringLiteral("-set_serial"),
                            QStringLiteral("0x") + serial, QStringLiteral("-days"), days, QStringLiteral("-sha256"),
                            QStringLiteral("-extfile"), ext, QStringLiteral("-out"), path(out)});
        };
        const auto import = [&](const QString& certFile) {
            return as(QStringLiteral("admin"),
                      {QStringLiteral("ca"), QStringLiteral("import-cert"), QStringLiteral("--code"),
                       QStringLiteral("SUB3"), QStringLiteral("--cert"), path(certFile), QStringLiteral("--json")});
        };
        const auto revoke = [&](const QString& serial) {
            return as(QStringLiteral("off1"),
                      {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"),
                       QStringLiteral("ROOT"), QStringLiteral("--serial"), serial, QStringLiteral("--reason"),
                       QStringLiteral("ca_compromise"), QStringLiteral("--basis"), QStringLiteral("holder_application"),
                       QStringLiteral("--ca-passphrase-file"), pass});
        };
        // Refused (Invalid) naming the Root CA and `serial`; SUB3 still waits, no row, no event.
        const auto refused = [&](const QString& certFile, const QString& serial) -> QString {
            const qint64 events = scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong();
            const qint64 cas = scalar(QStringLiteral("SELECT count(*) FROM cas")).toLongLong();
            const qint64 certificates = scalar(QStringLiteral("SELECT count(*) FROM certificates")).toLongLong();
            const Run r = import(certFile);
            if (r.code != int(ErrorCode::Invalid))
                return QStringLiteral("exit %1: %2 %3").arg(r.code).arg(r.out, r.err);
            for (const QString& w : {QStringLiteral("ROOT"), serial, QStringLiteral("has no record of issuing")})
                if (!r.err.contains(w))
                    return QStringLiteral("%1 (without \"%2\")").arg(r.err, w);
            if (!scalar(QStringLiteral("SELECT certificate_der FROM cas WHERE code = 'SUB3'")).isNull() ||
                scalar(QStringLiteral("SELECT coalesce(parent_id, 0) FROM cas WHERE code = 'SUB3'")).toLongLong() !=
                    0 ||
                scalar(QStringLiteral("SELECT count(*) FROM audit_events")).toLongLong() != events ||
                scalar(QStringLiteral("SELECT count(*) FROM cas")).toLongLong() != cas ||
                scalar(QStringLiteral("SELECT count(*) FROM certificates")).toLongLong() != certificates)
                return QStringLiteral("the refusal changed the register");
            return QString();
        };

        const Tool outside =
            signedOutside(QStringLiteral("5ab1"), QStringLiteral("800"), QStringLiteral("sub3-outside.pem"));
        QVERIFY2(outside.code == 0, qPrintable(outside.output));
        const QString outsideRefused = refused(QStringLiteral("sub3-outside.pem"), QStringLiteral("5AB1"));
        QVERIFY2(outsideRefused.isEmpty(), qPrintable(outsideRefused));
        QCOMPARE(revoke(QStringLiteral("5AB1")).code, int(ErrorCode::NotFound));

        // Through the register: ROOT-ISSUE, issued from SUB3's request.
        const QJsonObject rootForm{
            {QStringLiteral("country"), QStringLiteral("Қазақстан")},
            {QStringLiteral("region"), QStringLiteral("Астана")},
            {QStringLiteral("city"), QStringLiteral("Астана")},
            {QStringLiteral("org_name"), QStringLiteral("«ҰАТ» АҚ")},
            {QStringLiteral("ca_name"), name},
            {QStringLiteral("email"), QStringLiteral("pki@example.kz")},
            {QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")}},
            {QStringLiteral("validity"), QStringLiteral("3y")},
            {QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate)},
            {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Мұрат")}};
        const QString app = submitAndApprove(QStringLiteral("ROOT"), QStringLiteral("ROOT-ISSUE"), rootForm,
                                             QStringLiteral("accreditation_certificate_copy"));
        QVERIFY(!app.isEmpty());
        const Run issued = as(QStringLiteral("off1"),
                              {QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"),
                               app, QStringLiteral("--csr"), path(QStringLiteral("sub3.csr")), QStringLiteral("--out"),
                               path(QStringLiteral("sub3.pem")), QStringLiteral("--ca-passphrase-file"), pass,
                               QStringLiteral("--json")});
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        const QString serial = issued.json().value(QStringLiteral("serial")).toString();
        QVERIFY(!serial.isEmpty());
        // The same serial, other bytes (openssl, the Root CA's key, another validity): refused.
        const Tool twin = signedOutside(serial, QStringLiteral("400"), QStringLiteral("sub3-twin.pem"));
        QVERIFY2(twin.code == 0, qPrintable(twin.output));
        QVERIFY(read(path(QStringLiteral("sub3-twin.pem"))) != read(path(QStringLiteral("sub3.pem"))));
        const QString twinRefused = refused(QStringLiteral("sub3-twin.pem"), serial);
        QVERIFY2(twinRefused.isEmpty(), qPrintable(twinRefused));

        // The recorded one: taken under ROOT; and ROOT revokes it.
        const Run imported = import(QStringLiteral("sub3.pem"));
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QCOMPARE(imported.json().value(QStringLiteral("parent")).toString(), QStringLiteral("ROOT"));
        const Run revoked = revoke(serial);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const Run shown = as(QStringLiteral("off1"),
                             {QStringLiteral("certificate"), QStringLiteral("show"), QStringLiteral("--ca"),
                              QStringLiteral("ROOT"), QStringLiteral("--serial"), serial, QStringLiteral("--json")});
        QVERIFY2(shown.code == 0, qPrintable(shown.err));
        QCOMPARE(shown.json().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        QCOMPARE(shown.json().value(QStringLiteral("reason")).toString(), QStringLiteral("ca_compromise"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCaLifecycleCli)
#include "tst_ca_lifecycle_cli.moc"
