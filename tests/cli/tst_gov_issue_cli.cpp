// tirkeu-cli certificate issue for the Government Bodies CA (issue 14, Rules::governmentIssuance), in-process on a
// fixture register: the key generated onto the media with its serial and the employee named in the body's internal
// order (--recipient-*), refused without them; an outside request refused under the built-in rules; the recipient
// shown by certificate show (--json and text).
#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"

#include <QJsonDocument>

using namespace tirkeu;
using namespace tirkeu::test;

class TestGovIssueCli : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_password;
    qint64 m_letter = 0;

    using Run = CliRun;
    Run as(const QString& login, const QStringList& args) {
        return runCliAs(m_fx.location(), login, m_password, args, &m_fx.clock);
    }
    QString out(const QString& name) const { return m_out.filePath(name); }

    QStringList recipient(const QString& date = QStringLiteral("2026-01-12")) const {
        return {QStringLiteral("--recipient-name"),       QStringLiteral("Жұмабаев Ержан"),
                QStringLiteral("--recipient-position"),   QStringLiteral("бас маман"),
                QStringLiteral("--recipient-order"),      QStringLiteral("№ 17-ө"),
                QStringLiteral("--recipient-order-date"), date};
    }
    QStringList generated(const QString& name) const {
        return {QStringLiteral("certificate"),
                QStringLiteral("issue"),
                QStringLiteral("--application"),
                QString::number(m_letter),
                QStringLiteral("--pkcs12-out"),
                out(name + QStringLiteral(".p12")),
                QStringLiteral("--pkcs12-password-file"),
                m_password,
                QStringLiteral("--out"),
                out(name + QStringLiteral(".pem")),
                QStringLiteral("--ca-passphrase-file"),
                m_password,
                QStringLiteral("--json")};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 10)), qPrintable(m_fx.error));
        m_password = out(QStringLiteral("pw"));
        QVERIFY(writePasswordFile(m_password, kPassword));
        TIRKEU_VERIFY_OK(registry::CaEngine(*m_fx.reg).createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256,
                                                                    out(QStringLiteral("gov.p8")), kPassword, 10));
        auto app =
            m_fx.reg->applications().submit(m_fx.operatorA, kGov, QStringLiteral("GOV-ISSUE"), govIssue(kIinFifth));
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        m_letter = *app;
    }

    // The rule is data of the edition in force, shown by rules show.
    void rulesShowTheOutsideRequestRule() {
        const Run json = as(QStringLiteral("officer.a"),
                            {QStringLiteral("rules"), QStringLiteral("show"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        QVERIFY2(json.out.contains(QStringLiteral("\"gov.outside_csr_allowed\": false")), qPrintable(json.out));
        const Run text = as(QStringLiteral("officer.a"), {QStringLiteral("rules"), QStringLiteral("show")});
        QVERIFY2(text.out.contains(QStringLiteral("gov.outside_csr_allowed: no")), qPrintable(text.out));
    }

    void refusedWithoutSerialRecipientOrAllowedRequest() {
        const qint64 before = m_fx.count(QStringLiteral("certificates"));
        // No media serial.
        Run r = as(QStringLiteral("officer.a"), generated(QStringLiteral("a")) + recipient());
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(QStringLiteral("serial number of the key media")), qPrintable(r.err));
        // No recipient.
        r = as(QStringLiteral("officer.a"),
               generated(QStringLiteral("b")) + QStringList{QStringLiteral("--media-serial"), QStringLiteral("ТК-1")});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(QStringLiteral("internal order")), qPrintable(r.err));
        // Not a date.
        r = as(QStringLiteral("officer.a"), generated(QStringLiteral("c")) + recipient(QStringLiteral("12.01.2026")) +
                                                QStringList{QStringLiteral("--media-serial"), QStringLiteral("ТК-1")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        // An outside request, even with a reason: the built-in rules do not allow it.
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        auto csr = pki::Csr::create(key->get(),
                                    pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinFifth));
        TIRKEU_VERIFY_OK(csr);
        QFile csrFile(out(QStringLiteral("holder.csr")));
        QVERIFY(csrFile.open(QIODevice::WriteOnly));
        csrFile.write(*csr);
        csrFile.close();
        r = as(QStringLiteral("officer.a"),
               QStringList{QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"),
                           QString::number(m_letter), QStringLiteral("--csr"), out(QStringLiteral("holder.csr")),
                           QStringLiteral("--out"), out(QStringLiteral("d.pem")),
                           QStringLiteral("--ca-passphrase-file"), m_password, QStringLiteral("--media-serial"),
                           QStringLiteral("ТК-1"), QStringLiteral("--outside-csr-reason"),
                           QStringLiteral("the body's own token")} +
                   recipient());
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(QStringLiteral("do not allow issuing from a request")), qPrintable(r.err));
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), before);
    }

    void issuedWithTheRecipientShownByCertificateShow() {
        const Run r = as(QStringLiteral("officer.a"),
                         generated(QStringLiteral("holder")) + recipient() +
                             QStringList{QStringLiteral("--media-serial"), QStringLiteral("ТК-000123")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString serial = r.json().value(QStringLiteral("serial")).toString();
        QCOMPARE(r.json().value(QStringLiteral("key_media_serial")).toString(), QStringLiteral("ТК-000123"));
        const Run show = as(QStringLiteral("officer.b"),
                            {QStringLiteral("certificate"), QStringLiteral("show"), serial, QStringLiteral("--json")});
        QVERIFY2(show.code == 0, qPrintable(show.err));
        const QJsonObject recipient = show.json().value(QStringLiteral("media_recipient")).toObject();
        QCOMPARE(recipient.value(QStringLiteral("name")).toString(), QStringLiteral("Жұмабаев Ержан"));
        QCOMPARE(recipient.value(QStringLiteral("position")).toString(), QStringLiteral("бас маман"));
        QCOMPARE(recipient.value(QStringLiteral("order_number")).toString(), QStringLiteral("№ 17-ө"));
        QCOMPARE(recipient.value(QStringLiteral("order_date")).toString(), QStringLiteral("2026-01-12"));
        QVERIFY(!show.json().contains(QStringLiteral("outside_csr_reason")));
        const Run text =
            as(QStringLiteral("officer.b"), {QStringLiteral("certificate"), QStringLiteral("show"), serial});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QStringLiteral("Жұмабаев Ержан, бас маман (internal order № 17-ө of 2026-01-12)")),
                 qPrintable(text.out));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestGovIssueCli)
#include "tst_gov_issue_cli.moc"
