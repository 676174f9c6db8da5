// The CA engine's artefacts judged by GnuTLS (certtool, Debian package gnutls-bin), a second
// implementation next to OpenSSL (whose `openssl verify -crl_check` and `openssl crl -text` checks are
// in tst_caengine): an issued certificate verifies against the CA certificate, our full and delta CRLs
// parse and verify, the revoked certificate is refused with the CRL loaded, and a holder's signed
// revocation request is a PKCS#7 that certtool verifies. The register runs on the current time, since
// certtool judges validity periods at the time it runs.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Certificate.h"
#include "pki/CmsSign.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"

#include <QJsonDocument>
#include <QObject>
#include <QProcess>
#include <QStandardPaths>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// certtool prints serial numbers in lower-case hex, with or without colons.
bool mentionsSerial(const QString& output, const QString& serialHex) {
    QString flat = output;
    flat.remove(u':');
    return flat.contains(serialHex.toLower());
}

} // namespace

class CaEngineInteropTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_serial;
    pki::EvpPkeyPtr m_holderKey;
    QByteArray m_holderDer;

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kCaPassphrase); }
    QString file(const char* name) const { return m_out.filePath(QString::fromLatin1(name)); }
    QString crlDir() const { return m_out.filePath(QStringLiteral("crl")); }
    QString fullCrlPem() const { return QDir(crlDir()).filePath(kNca + QStringLiteral(".crl.pem")); }
    QString deltaCrlPem() const { return QDir(crlDir()).filePath(kNca + QStringLiteral("-delta.crl.pem")); }

    // certtool refuses CRLs issued in its future: the register's clock follows the real one.
    void tick() { m_fx.clock.set(QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC)); }

    ToolRun verifyHolder(bool withCrl) {
        QStringList args{QStringLiteral("--verify"), QStringLiteral("--load-ca-certificate"), file("ca.pem"),
                         QStringLiteral("--infile"), file("holder.pem")};
        if (withCrl)
            args << QStringLiteral("--load-crl") << fullCrlPem();
        return certtool(args);
    }

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("certtool")).isEmpty())
            QSKIP("certtool is not installed (Debian package gnutls-bin, see scripts/install-deps.sh)");
        // Whole seconds: the clock's time goes into certificates and CRLs.
        QVERIFY2(m_fx.create(QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC)),
                 qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        QVERIFY(QDir().mkpath(crlDir()));
        auto init =
            engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::Rsa2048, file("nca-key.p8"), kCaPassphrase, 10);
        TIRKEU_VERIFY_OK(init);
        QVERIFY(writeFile(file("ca.pem"), pki::Certificate::parse(init->certificateDer)->pem()));

        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *id));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), {}, kIinAliya));
        TIRKEU_VERIFY_OK(csr);
        auto issued = engine().issueFromCsr(m_fx.officerA, *id, *csr, secret());
        TIRKEU_VERIFY_OK(issued);
        m_serial = issued->serialHex;
        m_holderDer = issued->der;
        m_holderKey = std::move(key.value());
        QVERIFY(writeFile(file("holder.pem"), pki::Certificate::parse(m_holderDer)->pem()));
    }

    void certtoolVerifiesIssuedCertificate() {
        const ToolRun t = verifyHolder(false);
        QVERIFY2(t.code == 0 && t.output.contains(QStringLiteral("Chain verification output: Verified")),
                 qPrintable(t.output));
        // Kazakh letters survive into the subject GnuTLS prints.
        const ToolRun info =
            certtool({QStringLiteral("--certificate-info"), QStringLiteral("--infile"), file("holder.pem")});
        QVERIFY2(info.code == 0 && info.output.contains(QStringLiteral("ҚАСЫМОВА ӘЛИЯ")) &&
                     mentionsSerial(info.output, m_serial),
                 qPrintable(info.output));
    }

    void certtoolRefusesCertificateOfAnotherCa() {
        // The check is real: the holder's certificate does not verify against an unrelated CA.
        const ToolRun other = certtool({QStringLiteral("--verify"), QStringLiteral("--load-ca-certificate"),
                                        file("holder.pem"), QStringLiteral("--infile"), file("holder.pem")});
        QVERIFY2(other.code != 0 && !other.output.contains(QStringLiteral("Chain verification output: Verified")),
                 qPrintable(other.output));
    }

    void certtoolReadsAndVerifiesEmptyFullCrl() {
        auto crl = engine().publishCrl(m_fx.officerA, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(crl);
        const ToolRun info = certtool({QStringLiteral("--crl-info"), QStringLiteral("--infile"), crl->pemPath});
        QVERIFY2(info.code == 0 && info.output.contains(QStringLiteral("No revoked certificates")),
                 qPrintable(info.output));
        const ToolRun verified = certtool({QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"),
                                           file("ca.pem"), QStringLiteral("--infile"), crl->pemPath});
        QVERIFY2(verified.code == 0 && verified.output.contains(QStringLiteral("Verification output: Verified")),
                 qPrintable(verified.output.right(600)));
        const ToolRun ok = verifyHolder(true);
        QVERIFY2(ok.code == 0 && ok.output.contains(QStringLiteral("Chain verification output: Verified")),
                 qPrintable(ok.output.right(600)));
    }

    void certtoolVerifiesSignedRevocationRequest() {
        QJsonObject data = ncaRevokeIndividual(m_serial, m_fx.issuedOn(m_serial)).data;
        const QByteArray content =
            QJsonDocument(QJsonObject{{QStringLiteral("form"), kRevokeInd}, {QStringLiteral("data"), data}})
                .toJson(QJsonDocument::Compact);
        auto cms = pki::CmsSign::sign(content, pki::Certificate::parse(m_holderDer)->toX509().get(), m_holderKey.get(),
                                      pki::CmsSign::Encoding::Der);
        TIRKEU_VERIFY_OK(cms);
        QVERIFY(writeFile(file("revoke.p7s"), *cms));
        const ToolRun t =
            certtool({QStringLiteral("--p7-verify"), QStringLiteral("--load-ca-certificate"), file("ca.pem"),
                      QStringLiteral("--inder"), QStringLiteral("--infile"), file("revoke.p7s")});
        QVERIFY2(t.code == 0 && t.output.contains(QStringLiteral("Signature status: ok")), qPrintable(t.output));

        auto r = engine().revokeSigned(m_fx.officerA, *cms);
        TIRKEU_VERIFY_OK(r);
        QCOMPARE(r->serialHex, m_serial);
    }

    void certtoolFindsTheRevocationInFullAndDeltaCrl() {
        tick();
        auto delta = engine().publishCrl(m_fx.officerA, kNca, crlDir(), true, secret());
        TIRKEU_VERIFY_OK(delta);
        const ToolRun deltaInfo = certtool({QStringLiteral("--crl-info"), QStringLiteral("--infile"), deltaCrlPem()});
        QVERIFY2(deltaInfo.code == 0 && deltaInfo.output.contains(QStringLiteral("Revoked certificates (1)")) &&
                     mentionsSerial(deltaInfo.output, m_serial) &&
                     // deltaCRLIndicator, critical, naming base CRL number 1 (INTEGER 1 = 02 01 01)
                     deltaInfo.output.contains(QStringLiteral("extension 2.5.29.27 (critical)")) &&
                     deltaInfo.output.contains(QStringLiteral("Hexdump: 020101")),
                 qPrintable(deltaInfo.output));

        tick();
        auto full = engine().publishCrl(m_fx.officerA, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(full);
        const ToolRun info = certtool({QStringLiteral("--crl-info"), QStringLiteral("--infile"), full->pemPath});
        QVERIFY2(info.code == 0 && info.output.contains(QStringLiteral("Revoked certificates (1)")) &&
                     mentionsSerial(info.output, m_serial),
                 qPrintable(info.output));
        const ToolRun verified = certtool({QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"),
                                           file("ca.pem"), QStringLiteral("--infile"), full->pemPath});
        QVERIFY2(verified.code == 0 && verified.output.contains(QStringLiteral("Verification output: Verified")),
                 qPrintable(verified.output.right(600)));
        const ToolRun revoked = verifyHolder(true);
        QVERIFY2(revoked.code != 0 && revoked.output.contains(QStringLiteral("revoked")), qPrintable(revoked.output));

        // A CRL altered after signing does not verify.
        QByteArray der = readFile(full->derPath);
        der[der.size() - 5] = char(der.at(der.size() - 5) ^ 0x01); // inside the signature
        QByteArray pem = "-----BEGIN X509 CRL-----\n";
        const QByteArray b64 = der.toBase64();
        for (qsizetype i = 0; i < b64.size(); i += 64)
            pem += b64.mid(i, 64) + '\n';
        QVERIFY(writeFile(file("altered.crl.pem"), pem + "-----END X509 CRL-----\n"));
        const ToolRun altered = certtool({QStringLiteral("--verify-crl"), QStringLiteral("--load-ca-certificate"),
                                          file("ca.pem"), QStringLiteral("--infile"), file("altered.crl.pem")});
        QVERIFY2(altered.code != 0 && altered.output.contains(QStringLiteral("Not verified")),
                 qPrintable(altered.output.right(600)));
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineInteropTest)
#include "tst_caengine_interop.moc"
