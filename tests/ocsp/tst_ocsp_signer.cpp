// The delegated OCSP signer the responder signs with, whatever its source (attack of session 30, A14 and A15):
// registry::OcspResponder in process on a FixedClock, asked with requests built by OpenSSL. A signer certificate
// given as a file ([ca X] cert = FILE) signs only while the register records it as an OCSP signing certificate
// of that CA, neither revoked nor on hold, within its validity: revoked or held while the responder runs, every
// answer is refused (unauthorized) at once, after a reload (SIGHUP) and after a restart, which is refused; an
// expired or not yet valid one, or one the register never issued, is refused at start. Every answer's
// nextUpdate ends by the signer's notAfter, and nothing is signed after it, even before the next reload. Runs
// on SQLite and, as ocsp.tst_ocsp_signer.pg, on a throw-away PostgreSQL server.

#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/Ocsp.h"
#include "registry/Clock.h"
#include "registry/OcspResponder.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>

#include <openssl/ocsp.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestOcspSigner : public QObject, public CliHarness {
    Q_OBJECT

    // The responder's clock (the CLI runs on the system clock).
    registry::FixedClock m_at{QDateTime::currentDateTimeUtc()};
    pki::Certificate m_ca;
    pki::Certificate m_good; // a signer of NCA nobody revokes (key good.p8)

    // What a response says: its status, and for a signed one the first answer and who signed it.
    struct Signed {
        int status = -1; // OCSP_RESPONSE_STATUS_*
        int certStatus = -1;
        QDateTime thisUpdate;
        QDateTime nextUpdate;
        QByteArray responderKeyHash; // ResponderID byKey
    };

    QString caPass() const { return path(QStringLiteral("ca.pass")); }

    // A new OCSP signer of NCA (key NAME.p8, certificate NAME.pem), valid `days` from now.
    pki::Certificate initSigner(const QString& name, int days) {
        const Run r = as(QStringLiteral("off1"),
                         {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"),
                          QStringLiteral("NCA"), QStringLiteral("--key-out"), path(name + QStringLiteral(".p8")),
                          QStringLiteral("--passphrase-file"), path(QStringLiteral("signer.pass")),
                          QStringLiteral("--ca-passphrase-file"), caPass(), QStringLiteral("--days"),
                          QString::number(days), QStringLiteral("--cert-out"), path(name + QStringLiteral(".pem"))});
        if (r.code != 0)
            qWarning("init-signer: %s", qPrintable(r.err));
        auto cert = pki::Certificate::parse(read(path(name + QStringLiteral(".pem"))));
        return cert ? *cert : pki::Certificate();
    }
    // The responder for NCA with the key NAME.p8, and the certificate NAME.pem (fromFile) or the register's.
    registry::OcspResponderConfig config(const QString& name, bool fromFile) {
        registry::OcspResponderConfig c;
        c.location = m_db;
        c.cas.append({QStringLiteral("NCA"), path(name + QStringLiteral(".p8")), path(QStringLiteral("signer.pass")),
                      fromFile ? path(name + QStringLiteral(".pem")) : QString()});
        c.clock = &m_at;
        return c;
    }
    // A request about the certificate `cert` of NCA (SHA-1 CertID), with a nonce when asked.
    QByteArray request(const pki::Certificate& cert, bool nonce = false) const {
        const pki::X509Ptr subject = cert.toX509();
        const pki::X509Ptr issuer = m_ca.toX509();
        const pki::OcspRequestPtr req(OCSP_REQUEST_new());
        OCSP_CERTID* id = subject && issuer ? OCSP_cert_to_id(EVP_sha1(), subject.get(), issuer.get()) : nullptr;
        if (!req || !id || !OCSP_request_add0_id(req.get(), id))
            return {};
        if (nonce && OCSP_request_add1_nonce(req.get(), nullptr, -1) != 1)
            return {};
        return pki::toDer(req.get(), i2d_OCSP_REQUEST);
    }
    static Signed parse(const QByteArray& der) {
        Signed s;
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        const pki::OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, long(der.size())));
        if (!response)
            return s;
        s.status = OCSP_response_status(response.get());
        const pki::OcspBasicRespPtr basic(OCSP_response_get1_basic(response.get()));
        OCSP_SINGLERESP* single = basic ? OCSP_resp_get0(basic.get(), 0) : nullptr;
        if (!single)
            return s;
        ASN1_GENERALIZEDTIME* thisUpdate = nullptr;
        ASN1_GENERALIZEDTIME* nextUpdate = nullptr;
        s.certStatus = OCSP_single_get0_status(single, nullptr, nullptr, &thisUpdate, &nextUpdate);
        s.thisUpdate = thisUpdate ? pki::asn1TimeToDateTime(thisUpdate) : QDateTime();
        s.nextUpdate = nextUpdate ? pki::asn1TimeToDateTime(nextUpdate) : QDateTime();
        const ASN1_OCTET_STRING* keyHash = nullptr;
        const X509_NAME* name = nullptr; // written either way
        if (OCSP_resp_get0_id(basic.get(), &keyHash, &name) == 1 && keyHash)
            s.responderKeyHash =
                QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(keyHash)), ASN1_STRING_length(keyHash));
        return s;
    }
    // The SHA-1 hash of a certificate's public key (what ResponderID byKey holds).
    static QByteArray keyHash(const pki::Certificate& cert) {
        const pki::X509Ptr x = cert.toX509();
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!x || X509_pubkey_digest(x.get(), EVP_sha1(), md, &length) != 1)
            return {};
        return QByteArray(reinterpret_cast<const char*>(md), int(length));
    }
    Signed ask(registry::OcspResponder& responder, const pki::Certificate& about, bool nonce = false) {
        return parse(responder.answer(request(about, nonce)).der);
    }

private Q_SLOTS:
    void initTestCase() {
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        file(QStringLiteral("signer.pass"), "OCSP-қолтаңба-2026-secret\n");
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        auto caCert = pki::Certificate::parse(read(path(QStringLiteral("nca.pem"))));
        QVERIFY2(caCert, qPrintable(caCert.message()));
        m_ca = *caCert;
        m_good = initSigner(QStringLiteral("good"), 20);
        QVERIFY(!m_good.isNull());
    }

    // A15: the file's signer revoked (key compromise) or put on hold in the register while the responder runs.
    void revokedFileSignerSignsNothing_data() {
        QTest::addColumn<QString>("reason");
        QTest::newRow("key compromise") << QStringLiteral("key_compromise");
        QTest::newRow("on hold") << QStringLiteral("certificate_hold");
    }
    void revokedFileSignerSignsNothing() {
        QFETCH(QString, reason);
        const QString name = QStringLiteral("signer-") + reason;
        const pki::Certificate signer = initSigner(name, 30);
        QVERIFY(!signer.isNull());
        m_at.set(QDateTime::currentDateTimeUtc());
        registry::OcspResponder responder(config(name, true));
        const Status started = responder.start();
        QVERIFY2(started, qPrintable(started.message()));
        const Signed before = ask(responder, m_good);
        QCOMPARE(before.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
        QCOMPARE(before.certStatus, V_OCSP_CERTSTATUS_GOOD);
        QCOMPARE(before.responderKeyHash, keyHash(signer));

        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), signer.serialHex(), QStringLiteral("--reason"), reason,
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("хат №30")});
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        // The change notification: the CA is dropped, said with the signer's serial.
        const Result<int> refreshed = responder.refresh();
        QVERIFY(!refreshed);
        QVERIFY2(refreshed.message().contains(signer.serialHex()), qPrintable(refreshed.message()));
        QCOMPARE(ask(responder, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        QCOMPARE(ask(responder, signer).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        // SIGHUP (reload the signers) changes nothing.
        QVERIFY(!responder.refresh(true));
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        // Nor does a restart: refused.
        registry::OcspResponder restarted(config(name, true));
        const Status again = restarted.start();
        QVERIFY2(!again, "started with a revoked signer");
        QVERIFY2(again.message().contains(signer.serialHex()), qPrintable(again.message()));
        QCOMPARE(ask(restarted, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    }

    // A15: a certificate for a signer key, issued by the CA's key but not recorded by the register (made with
    // openssl from the CA's key file): never a signer.
    void fileSignerTheRegisterNeverIssuedIsRefused() {
        file(QStringLiteral("stray.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                                          "extendedKeyUsage=OCSPSigning\n");
        Tool t = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"),
                          path(QStringLiteral("good.p8")), QStringLiteral("-passin"),
                          QStringLiteral("file:") + path(QStringLiteral("signer.pass")), QStringLiteral("-subj"),
                          QStringLiteral("/CN=Stray OCSP"), QStringLiteral("-out"), path(QStringLiteral("stray.csr"))});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        t = openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                     path(QStringLiteral("stray.csr")), QStringLiteral("-CA"), path(QStringLiteral("nca.pem")),
                     QStringLiteral("-CAkey"), path(QStringLiteral("nca.p8")), QStringLiteral("-passin"),
                     QStringLiteral("file:") + caPass(), QStringLiteral("-days"), QStringLiteral("5"),
                     QStringLiteral("-extfile"), path(QStringLiteral("stray.ext")), QStringLiteral("-set_serial"),
                     QStringLiteral("0x5EC0DE"), QStringLiteral("-out"), path(QStringLiteral("stray.pem"))});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        QVERIFY(QFile::copy(path(QStringLiteral("good.p8")), path(QStringLiteral("stray.p8"))));
        m_at.set(QDateTime::currentDateTimeUtc());
        registry::OcspResponder responder(config(QStringLiteral("stray"), true));
        const Status started = responder.start();
        QVERIFY2(!started, "started with a signer the register never issued");
        QVERIFY2(started.message().contains(QStringLiteral("5EC0DE")), qPrintable(started.message()));
        QCOMPARE(ask(responder, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    }

    // A15: a file signer that has ended, or not begun, is refused at start (as the register's is).
    void expiredFileSignerIsRefusedAtStart_data() {
        QTest::addColumn<bool>("fromFile");
        QTest::newRow("cert = FILE") << true;
        QTest::newRow("register") << false;
    }
    void expiredFileSignerIsRefusedAtStart() {
        QFETCH(bool, fromFile);
        m_at.set(m_good.notAfter().addSecs(60));
        registry::OcspResponder ended(config(QStringLiteral("good"), fromFile));
        QVERIFY2(!ended.start(), "started with an expired signer");
        QCOMPARE(ask(ended, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        m_at.set(m_good.notBefore().addSecs(-60));
        registry::OcspResponder early(config(QStringLiteral("good"), fromFile));
        QVERIFY2(!early.start(), "started with a signer not valid yet");
        QCOMPARE(ask(early, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    }

    // A14: nextUpdate never runs past the signer's end (60 minutes asked, 10 left).
    void nextUpdateEndsByTheSignerEnd_data() { expiredFileSignerIsRefusedAtStart_data(); }
    void nextUpdateEndsByTheSignerEnd() {
        QFETCH(bool, fromFile);
        m_at.set(m_good.notAfter().addSecs(-600));
        registry::OcspResponderConfig c = config(QStringLiteral("good"), fromFile);
        c.nextUpdateMinutes = 60;
        registry::OcspResponder responder(c);
        const Status started = responder.start();
        QVERIFY2(started, qPrintable(started.message()));
        for (bool nonce : {false, true}) {
            const Signed s = ask(responder, m_good, nonce);
            QCOMPARE(s.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
            QCOMPARE(s.responderKeyHash, keyHash(m_good));
            QCOMPARE(s.thisUpdate, m_at.now());
            QVERIFY2(s.nextUpdate.isValid() && s.nextUpdate <= m_good.notAfter(),
                     qPrintable(s.nextUpdate.toString(Qt::ISODate) + QStringLiteral(" after the signer's end ") +
                                m_good.notAfter().toString(Qt::ISODate)));
            QCOMPARE(s.nextUpdate, m_good.notAfter());
        }
        // Far from the end: the configured hour.
        m_at.set(m_good.notAfter().addDays(-5));
        QCOMPARE(ask(responder, m_good, true).nextUpdate, m_at.now().addSecs(3600));
    }

    // A14: a signer not renewed when due is said (the log's warning line), one outside the window is not.
    void signerNotRenewedIsSaid() {
        m_at.set(m_good.notAfter().addDays(-7));
        registry::OcspResponder responder(config(QStringLiteral("good"), false));
        const Status started = responder.start();
        QVERIFY2(started, qPrintable(started.message()));
        QVERIFY(responder.signersEndingWithin(6).isEmpty());
        m_at.set(m_good.notAfter().addDays(-5));
        const QStringList lines = responder.signersEndingWithin(6);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(m_good.serialHex()) && lines.first().contains(QStringLiteral("NCA")),
                 qPrintable(lines.first()));
    }

    // A14: the signer ends while the responder runs: nothing signed (nor served from the cache) after its end,
    // before any reload.
    void nothingIsSignedAfterTheSignerEnd_data() { expiredFileSignerIsRefusedAtStart_data(); }
    void nothingIsSignedAfterTheSignerEnd() {
        QFETCH(bool, fromFile);
        m_at.set(m_good.notAfter().addSecs(-20));
        registry::OcspResponder responder(config(QStringLiteral("good"), fromFile));
        const Status started = responder.start();
        QVERIFY2(started, qPrintable(started.message()));
        QCOMPARE(ask(responder, m_good).status, OCSP_RESPONSE_STATUS_SUCCESSFUL); // cached
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
        m_at.set(m_good.notAfter().addSecs(5));
        QCOMPARE(ask(responder, m_good).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        // The next reload drops the CA, saying why.
        const Result<int> reloaded = responder.refresh(true);
        QVERIFY(!reloaded);
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    }

    // Attack of session 30, A2: a backup older than a key-compromise revocation, restored into a new register,
    // answered "good" for the certificate the CA's published CRL lists as revoked. The responder gives no answer
    // for a CA whose register is older than the CRLs in its publish folder (CrlNumbers::checkFolderCovered): at
    // its next reload while running, and at start; once the certificate is revoked again there, that change
    // brings the CA back, answering "revoked". Last: it sets the shared register's publish folder.
    void staleRestoredRegisterAnswersNothingForItsCa() {
        m_at.set(QDateTime::currentDateTimeUtc());
        const pki::Certificate victim = initSigner(QStringLiteral("victim"), 20); // any certificate of NCA
        QVERIFY(!victim.isNull());
        const QString pub = path(QStringLiteral("pub"));
        QVERIFY(QDir().mkpath(pub));
        const Run set =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                         QStringLiteral("NCA"), QStringLiteral("publish_dir=") + pub});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        const QString backup = path(QStringLiteral("before-revocation.backup"));
        const Run saved = as(QStringLiteral("admin"),
                             {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), backup});
        QVERIFY2(saved.code == 0, qPrintable(saved.err));
        const QString restored = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("restored.sqlite"));
        QVERIFY(!restored.isEmpty());
        const Run put = runCliAs(restored, QStringLiteral("admin"), path(QStringLiteral("admin.pw")),
                                 {QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), backup});
        QVERIFY2(put.code == 0, qPrintable(put.err));
        registry::OcspResponderConfig c = config(QStringLiteral("good"), false);
        c.location = restored;
        registry::OcspResponder responder(c);
        const Status started = responder.start();
        QVERIFY2(started, qPrintable(started.message()));
        QCOMPARE(ask(responder, victim).certStatus, V_OCSP_CERTSTATUS_GOOD);

        // The live register revokes it and publishes the CRL into the folder both registers name.
        const QStringList revoke{QStringLiteral("certificate"),
                                 QStringLiteral("revoke"),
                                 QStringLiteral("--ca"),
                                 QStringLiteral("NCA"),
                                 QStringLiteral("--serial"),
                                 victim.serialHex(),
                                 QStringLiteral("--reason"),
                                 QStringLiteral("key_compromise"),
                                 QStringLiteral("--basis"),
                                 QStringLiteral("holder_application"),
                                 QStringLiteral("--basis-document"),
                                 QStringLiteral("хат №31")};
        const Run revoked = as(QStringLiteral("off1"), revoke);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const Run published =
            as(QStringLiteral("off1"),
               {QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--out"), pub, QStringLiteral("--ca-passphrase-file"), caPass()});
        QVERIFY2(published.code == 0, qPrintable(published.err));
        const QString serial = QString(victim.serialHex()).remove(QRegularExpression(QStringLiteral("^0+")));

        // The next reload (every minute) drops the CA, saying why.
        const Result<int> reloaded = responder.refresh(true);
        QVERIFY(!reloaded);
        QVERIFY2(reloaded.message().contains(QStringLiteral("NCA")) && reloaded.message().contains(serial),
                 qPrintable(reloaded.message()));
        QCOMPARE(ask(responder, victim).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        QCOMPARE(ask(responder, m_good, true).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        // Started now, it refuses.
        {
            registry::OcspResponder fresh(c);
            const Status refused = fresh.start();
            QVERIFY(!refused);
            QVERIFY2(refused.message().contains(serial), qPrintable(refused.message()));
            QCOMPARE(ask(fresh, victim).status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
        }

        // Revoked again in the restored register: the change brings the CA back.
        const Run again = runCliAs(restored, QStringLiteral("off1"), path(QStringLiteral("off1.pw")), revoke);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Result<int> refreshed = responder.refresh();
        QVERIFY2(refreshed, qPrintable(refreshed.message()));
        const Signed answer = ask(responder, victim, true);
        QCOMPARE(answer.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
        QCOMPARE(answer.certStatus, V_OCSP_CERTSTATUS_REVOKED);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestOcspSigner)
#include "tst_ocsp_signer.moc"
