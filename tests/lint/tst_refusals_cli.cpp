// The refusals of issue 13 through tirkeu-cli (in-process, a temporary register): crafted keys — an RSA
// CSR with e = 1 (it verifies, and anyone could sign as the holder), e = 3, an EC CSR with explicit
// curve parameters —, a key certified before (another holder's CSR sent again), a key revoked for key
// compromise, a CA's or its OCSP signer's key for a holder and a holder's key for the OCSP signer, an
// invalidity date before the certificate, form data naming a field twice or dated after its receipt or
// before the Law of 2003, and names holding NUL, a bidi override (U+202E) or zero-width characters, in an
// application and in a CA's name. Each is refused with a clear message (exit 3 or 6) and writes
// nothing: no certificate, application, revocation or event row, no output file. The tests build on
// each other in one register (declaration order).

#include "common/TestMain.h"
#include "lint/LintCliSupport.h"
#include "pki/CaKey.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/PkiTestSupport.h"

#include <QTest>

using namespace tirkeu;

class TestRefusalsCli : public QObject, protected test::LintCliHarness {
    Q_OBJECT

    QString m_firstSerial;
    QString m_secondSerial;
    QByteArray m_firstCsr;
    int m_outputs = 0;

    static QByteArray csrFor(EVP_PKEY* key) {
        auto csr = pki::Csr::create(
            key, pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, test::kIinAliya));
        return csr ? *csr : QByteArray();
    }
    QString approvedIndividual(const QString& iin) {
        const forms::Submission s = test::ncaIssueIndividual(iin);
        QJsonObject data = s.data;
        data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")});
        return submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), data, attachmentsOf(s));
    }
    // openssl genpkey KEYARGS + openssl req: a request as a holder's own tool would make it (PEM).
    QByteArray opensslCsr(const QString& stem, const QStringList& keyArgs) {
        const QString key = path(stem + QStringLiteral(".key"));
        const Tool gen =
            openssl(QStringList{QStringLiteral("genpkey")} + keyArgs + QStringList{QStringLiteral("-out"), key});
        const Tool req = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), key,
                                  QStringLiteral("-subj"), QStringLiteral("/CN=X/C=KZ"), QStringLiteral("-out"),
                                  path(stem + QStringLiteral(".csr"))});
        if (gen.code != 0 || req.code != 0)
            qWarning("%s\n%s", qPrintable(gen.output), qPrintable(req.output));
        return read(path(stem + QStringLiteral(".csr")));
    }

    // Issuing `csr` for `application` is refused with `code`, the message holds every `needles`, and
    // nothing is written (rows, events, the output file); the application stays approved.
    void expectIssueRefused(const QString& application, const QByteArray& csr, int code, const QStringList& needles) {
        QVERIFY2(!csr.isEmpty(), "the crafted request could not be made");
        const Counts before = counts();
        const QString out = path(QStringLiteral("refused-%1.pem").arg(++m_outputs));
        const Run r = issue(application,
                            {QStringLiteral("--csr"), file(QStringLiteral("refused-%1.csr").arg(m_outputs), csr)}, out);
        QVERIFY2(r.code == code,
                 qPrintable(QStringLiteral("exit %1 (expected %2): %3%4").arg(r.code).arg(code).arg(r.err, r.out)));
        for (const QString& needle : needles)
            QVERIFY2(r.err.contains(needle), qPrintable(QStringLiteral("message lacks \"%1\": %2").arg(needle, r.err)));
        QVERIFY2(
            counts() == before,
            qPrintable(
                QStringLiteral("refusal wrote rows: before %1, after %2").arg(describe(before), describe(counts()))));
        QVERIFY2(!QFile::exists(out), "a refused issuance wrote its output file");
        const Run show = as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("show"), application,
                                                     QStringLiteral("--json")});
        QCOMPARE(show.json().value(QStringLiteral("status")).toString(), QStringLiteral("approved"));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!test::haveTool(QStringLiteral("openssl")))
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QString step =
            addCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
        step = initRoot(QStringLiteral("NCA"), QStringLiteral("p256"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
    }

    void exponentOneCsrIsRefused() {
        const QString app = approvedIndividual(test::kIinAliya);
        QVERIFY(!app.isEmpty());
        const QByteArray der = pki::test::exponentOneCsrDer();
        // The forgery is a well-formed request whose signature verifies: only the key rule stops it.
        const Tool verifies =
            openssl({QStringLiteral("req"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     file(QStringLiteral("e1.csr"), der), QStringLiteral("-noout"), QStringLiteral("-verify")});
        QVERIFY2(verifies.code == 0, qPrintable(verifies.output));
        expectIssueRefused(app, der, int(ErrorCode::Invalid),
                           {QStringLiteral("exponent is 1"), QStringLiteral("65537")});
    }

    void exponentThreeCsrIsRefused() {
        const QString app = approvedIndividual(test::kIinAliya);
        QVERIFY(!app.isEmpty());
        const QByteArray csr =
            opensslCsr(QStringLiteral("e3"), {QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                              QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"),
                                              QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_pubexp:3")});
        expectIssueRefused(app, csr, int(ErrorCode::Invalid),
                           {QStringLiteral("exponent is 3"), QStringLiteral("65537")});
    }

    void explicitCurveCsrIsRefused() {
        const QString app = approvedIndividual(test::kIinAliya);
        QVERIFY(!app.isEmpty());
        const QByteArray csr = opensslCsr(QStringLiteral("explicit"),
                                          {QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                           QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                                           QStringLiteral("-pkeyopt"), QStringLiteral("ec_param_enc:explicit")});
        const Tool text = openssl({QStringLiteral("req"), QStringLiteral("-in"), path(QStringLiteral("explicit.csr")),
                                   QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.output.contains(QStringLiteral("Field Type: prime-field")), qPrintable(text.output));
        expectIssueRefused(app, csr, int(ErrorCode::Invalid), {QStringLiteral("explicit parameters")});
    }

    void reusedKeyIsRefusedNamingTheEarlierSerial() {
        const QString first = approvedIndividual(test::kIinAliya);
        QVERIFY(!first.isEmpty());
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(key.ok());
        m_firstCsr = csrFor(key->get());
        const Run issued = issue(first, {QStringLiteral("--csr"), file(QStringLiteral("first.csr"), m_firstCsr)},
                                 path(QStringLiteral("first.pem")));
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        m_firstSerial = issued.json().value(QStringLiteral("serial")).toString();
        QVERIFY(!m_firstSerial.isEmpty());
        // The same request again, for another holder: the key is in the register already.
        const QString second = approvedIndividual(test::kIinSecond);
        QVERIFY(!second.isEmpty());
        expectIssueRefused(second, m_firstCsr, int(ErrorCode::Conflict),
                           {m_firstSerial, QStringLiteral("already certified")});
        // A new key is fine (kept for the aACompromise refusal below).
        auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(other.ok());
        const Run ok =
            issue(second, {QStringLiteral("--csr"), file(QStringLiteral("second.csr"), csrFor(other->get()))},
                  path(QStringLiteral("second.pem")));
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        m_secondSerial = ok.json().value(QStringLiteral("serial")).toString();
    }

    void compromisedKeyIsRefused() {
        QVERIFY(!m_firstSerial.isEmpty());
        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), m_firstSerial, QStringLiteral("--reason"), QStringLiteral("key_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("өтініш №3")});
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const QString app = approvedIndividual(test::kIinThird);
        QVERIFY(!app.isEmpty());
        expectIssueRefused(app, m_firstCsr, int(ErrorCode::Conflict),
                           {m_firstSerial, QStringLiteral("key compromise")});
    }

    // Attack of session 24 (F1): the CA's own key, and its OCSP signer's, were certified for a holder, and a
    // holder's key revoked for key compromise became the CA's OCSP signing key — whoever had it could sign
    // "good" for any revoked certificate. Each is refused now, naming why, and writes nothing.
    void caAndOcspSignerKeysAreNeverAHoldersKey() {
        auto caKey = pki::CaKey::open(path(QStringLiteral("NCA.p8")), pki::SecretSource::fromFile(caPass()));
        QVERIFY2(caKey.ok(), qPrintable(caKey.message()));
        const QString app = approvedIndividual(test::kIinThird);
        QVERIFY(!app.isEmpty());
        expectIssueRefused(app, csrFor((*caKey)->pkey()), int(ErrorCode::Conflict),
                           {QStringLiteral("key of a CA or of its OCSP signing certificate")});

        file(QStringLiteral("signer.pass"), "Жауап-қол-қою-2026\n");
        const Run signer =
            as(QStringLiteral("off1"),
               {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--key-out"), path(QStringLiteral("signer.p8")), QStringLiteral("--passphrase-file"),
                path(QStringLiteral("signer.pass")), QStringLiteral("--ca-passphrase-file"), caPass()});
        QVERIFY2(signer.code == 0, qPrintable(signer.err));
        auto signerKey = pki::CaKey::open(path(QStringLiteral("signer.p8")),
                                          pki::SecretSource::fromFile(path(QStringLiteral("signer.pass"))));
        QVERIFY2(signerKey.ok(), qPrintable(signerKey.message()));
        expectIssueRefused(app, csrFor((*signerKey)->pkey()), int(ErrorCode::Conflict),
                           {QStringLiteral("key of a CA or of its OCSP signing certificate")});
    }

    void aHoldersKeyNeverSignsOcspAnswers() {
        const auto initSigner = [this](const QString& keyFile) {
            return as(QStringLiteral("off1"),
                      {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"),
                       QStringLiteral("NCA"), QStringLiteral("--key-uri"), QStringLiteral("file:") + keyFile,
                       QStringLiteral("--pin-file"), path(QStringLiteral("holder.pass")),
                       QStringLiteral("--ca-passphrase-file"), caPass()});
        };
        file(QStringLiteral("holder.pass"), "Ұстаушы-кілті-2026\n");
        // A holder's key, certified and then revoked for key compromise.
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(key.ok());
        const QString keyFile = path(QStringLiteral("holder.p8"));
        QVERIFY(pki::CaKey::writeEncryptedPkcs8(key->get(), keyFile, QStringLiteral("Ұстаушы-кілті-2026")).ok());
        const QString app = approvedIndividual(test::kIinThird);
        const Run issued = issue(app, {QStringLiteral("--csr"), file(QStringLiteral("holder.csr"), csrFor(key->get()))},
                                 path(QStringLiteral("holder.pem")));
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        const QString serial = issued.json().value(QStringLiteral("serial")).toString();
        const Run valid = initSigner(keyFile);
        QCOMPARE(valid.code, int(ErrorCode::Conflict));
        QVERIFY2(valid.err.contains(serial) && valid.err.contains(QStringLiteral("certified for a holder")),
                 qPrintable(valid.err));
        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), serial, QStringLiteral("--reason"), QStringLiteral("key_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("өтініш №7")});
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const Counts afterRevocation = counts();
        const Run compromised = initSigner(keyFile);
        QCOMPARE(compromised.code, int(ErrorCode::Conflict));
        QVERIFY2(compromised.err.contains(QStringLiteral("revoked for key compromise")), qPrintable(compromised.err));
        QVERIFY2(counts() == afterRevocation,
                 qPrintable(describe(afterRevocation) + QStringLiteral(" → ") + describe(counts())));
        // Nor the CA's own key.
        const Run caKey =
            as(QStringLiteral("off1"),
               {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--key-uri"), QStringLiteral("file:") + path(QStringLiteral("NCA.p8")),
                QStringLiteral("--pin-file"), caPass(), QStringLiteral("--ca-passphrase-file"), caPass()});
        QCOMPARE(caKey.code, int(ErrorCode::Conflict));
        QVERIFY2(caKey.err.contains(QStringLiteral("key of the CA NCA")), qPrintable(caKey.err));
        // The counter is refused before anyone asks it for a passphrase, naming the right it lacks (F9).
        const Run counter = as(QStringLiteral("op"),
                               {QStringLiteral("ocsp"), QStringLiteral("init-signer"), QStringLiteral("--ca"),
                                QStringLiteral("NCA"), QStringLiteral("--key-out"), path(QStringLiteral("op.p8"))});
        QCOMPARE(counter.code, int(ErrorCode::Forbidden));
        QVERIFY2(counter.err.contains(QStringLiteral("set up the OCSP signing certificate")), qPrintable(counter.err));
        QVERIFY2(counts() == afterRevocation,
                 qPrintable(describe(afterRevocation) + QStringLiteral(" → ") + describe(counts())));
    }

    // Attack of session 25 (F6, F12): `ca init --key-uri` took another CA's key (a second CA of the same name then
    // issued under NCA's issuer name and key) and a holder's key revoked for key compromise as a root key, and
    // `audit key init` took the CA's own key. Each is refused naming why, and nothing is recorded.
    void noKeyServesTwoUses() {
        const Counts before = counts();
        const Run twin =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("NC2"),
                QStringLiteral("--name"), QStringLiteral("ҰЛТТЫҚ куәландырушы орталық "), QStringLiteral("--kind"),
                QStringLiteral("national")});
        QCOMPARE(twin.code, int(ErrorCode::Conflict));
        QVERIFY2(twin.err.contains(QStringLiteral("The CA NCA already has the name")), qPrintable(twin.err));
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        const QString added = addCa(QStringLiteral("R2"), QStringLiteral("Екінші түбір КО"), QStringLiteral("root"));
        QVERIFY2(added.isEmpty(), qPrintable(added));
        const struct {
            QString key;
            QString secret;
            QString because;
        } refused[] = {
            {path(QStringLiteral("NCA.p8")), caPass(), QStringLiteral("key of the CA NCA")},
            {path(QStringLiteral("holder.p8")), path(QStringLiteral("holder.pass")),
             QStringLiteral("revoked for key compromise")},
            {path(QStringLiteral("signer.p8")), path(QStringLiteral("signer.pass")),
             QStringLiteral("signs the OCSP answers of the CA NCA")},
        };
        for (const auto& r : refused) {
            const Counts now = counts();
            const Run init =
                as(QStringLiteral("admin"),
                   {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("R2"),
                    QStringLiteral("--key-uri"), QStringLiteral("file:") + r.key, QStringLiteral("--pin-file"),
                    r.secret, QStringLiteral("--cert-out"), path(QStringLiteral("R2.pem"))});
            QVERIFY2(init.code == int(ErrorCode::Conflict),
                     qPrintable(QStringLiteral("%1: exit %2: %3").arg(r.key).arg(init.code).arg(init.err)));
            QVERIFY2(init.err.contains(r.because), qPrintable(init.err));
            QVERIFY2(counts() == now, qPrintable(describe(now) + QStringLiteral(" → ") + describe(counts())));
            QVERIFY(!QFile::exists(path(QStringLiteral("R2.pem"))));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM cas WHERE code = 'R2' AND key_uri IS NULL")).toInt(), 1);
        // Nor is the CA's key the event log's signing key.
        const Counts now = counts();
        const Run audit = as(QStringLiteral("admin"),
                             {QStringLiteral("audit"), QStringLiteral("key"), QStringLiteral("init"),
                              QStringLiteral("--key-uri"), QStringLiteral("file:") + path(QStringLiteral("NCA.p8")),
                              QStringLiteral("--key-passphrase-file"), caPass()});
        QVERIFY2(audit.code == int(ErrorCode::Conflict),
                 qPrintable(QStringLiteral("exit %1: %2").arg(audit.code).arg(audit.err)));
        QVERIFY2(audit.err.contains(QStringLiteral("key of the CA NCA")), qPrintable(audit.err));
        QVERIFY2(counts() == now, qPrintable(describe(now) + QStringLiteral(" → ") + describe(counts())));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'audit_key_spki'")).toInt(), 0);
        // A key of its own is fine.
        const Run fresh =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("R2"),
                QStringLiteral("--key-algorithm"), QStringLiteral("p256"), QStringLiteral("--key-out"),
                path(QStringLiteral("R2.p8")), QStringLiteral("--passphrase-file"), caPass()});
        QVERIFY2(fresh.code == 0, qPrintable(fresh.err));
    }

    // A subordinate CA's key waiting for the parent's certificate (`ca init --subordinate`) is a CA's key already:
    // a holder's request for it is refused like one for a CA with its certificate (it was issued: the check knew
    // the keys of CA certificates only).
    void subordinatesPendingKeyIsNeverAHoldersKey() {
        const QString added = addCa(QStringLiteral("S2"), QStringLiteral("Бағынышты КО"), QStringLiteral("national"));
        QVERIFY2(added.isEmpty(), qPrintable(added));
        const Run init =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), QStringLiteral("S2"),
                QStringLiteral("--subordinate"), QStringLiteral("--key-algorithm"), QStringLiteral("p256"),
                QStringLiteral("--key-out"), path(QStringLiteral("S2.p8")), QStringLiteral("--passphrase-file"),
                caPass(), QStringLiteral("--csr-out"), path(QStringLiteral("S2.csr"))});
        QVERIFY2(init.code == 0, qPrintable(init.err));
        const Tool req = openssl(
            {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), path(QStringLiteral("S2.p8")),
             QStringLiteral("-passin"), QStringLiteral("file:") + caPass(), QStringLiteral("-subj"),
             QStringLiteral("/CN=X/C=KZ"), QStringLiteral("-out"), path(QStringLiteral("S2-holder.csr"))});
        QVERIFY2(req.code == 0, qPrintable(req.output));
        const QString app = approvedIndividual(test::kIinAliya);
        QVERIFY(!app.isEmpty());
        expectIssueRefused(app, read(path(QStringLiteral("S2-holder.csr"))), int(ErrorCode::Conflict),
                           {QStringLiteral("key of a CA")});
    }

    void aaCompromiseIsRefusedForAHolder() {
        QVERIFY(!m_secondSerial.isEmpty());
        const Counts before = counts();
        const Run r =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), m_secondSerial, QStringLiteral("--reason"), QStringLiteral("aa_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application")});
        QVERIFY2(r.code == int(ErrorCode::Invalid), qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(QStringLiteral("end-entity")), qPrintable(r.err));
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        // Nor ca_compromise (attack of session 24, F7: accepted, and the CRL said "CA Compromise").
        const Run ca =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), m_secondSerial, QStringLiteral("--reason"), QStringLiteral("ca_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application")});
        QVERIFY2(ca.code == int(ErrorCode::Invalid),
                 qPrintable(QStringLiteral("exit %1: %2").arg(ca.code).arg(ca.err)));
        QVERIFY2(ca.err.contains(QStringLiteral("key_compromise")), qPrintable(ca.err));
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
    }

    // An invalidity date before the certificate was valid (attack of session 24, F11: 0001-01-01 and a day
    // before notBefore reached the CRL as the entry's invalidityDate).
    void invalidityBeforeTheCertificateIsRefused() {
        QVERIFY(!m_secondSerial.isEmpty());
        for (const QString& when : {QStringLiteral("0001-01-01T00:00:00Z"), QStringLiteral("2001-01-01T00:00:00Z")}) {
            const Counts before = counts();
            const Run r = as(QStringLiteral("off1"),
                             {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"),
                              QStringLiteral("NCA"), QStringLiteral("--serial"), m_secondSerial,
                              QStringLiteral("--reason"), QStringLiteral("key_compromise"), QStringLiteral("--basis"),
                              QStringLiteral("holder_application"), QStringLiteral("--invalidity-date"), when});
            QVERIFY2(r.code == int(ErrorCode::Invalid),
                     qPrintable(QStringLiteral("%1: exit %2: %3").arg(when).arg(r.code).arg(r.err)));
            QVERIFY2(r.err.contains(QStringLiteral("before the certificate")), qPrintable(r.err));
            QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        }
    }

    // Form data naming a field twice (attack of session 24, F11: the last "iin" was registered silently,
    // while a reader of the file could take the first). Also when one of the two is written with escapes.
    void formDataNamingAFieldTwiceIsRefused() {
        const forms::Submission s = test::ncaIssueIndividual(test::kIinFourth);
        QJsonObject data = s.data;
        data.insert(QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate));
        data.remove(QStringLiteral("iin"));
        const QByteArray rest = QJsonDocument(data).toJson(QJsonDocument::Compact).mid(1); // after the "{"
        for (const QByteArray& second : {QByteArray("\"iin\""), QByteArray("\"\\u0069in\"")}) {
            const QByteArray json = "{\"iin\": \"" + test::kIinFourth.toLatin1() + "\", " + second + ": \"" +
                                    test::kIinAliya.toLatin1() + "\", " + rest;
            const Counts before = counts();
            const Run r = submitJson(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), json, attachmentsOf(s));
            QVERIFY2(r.code == int(ErrorCode::Invalid),
                     qPrintable(QStringLiteral("exit %1: %2\n%3").arg(r.code).arg(r.err, QString::fromUtf8(json))));
            QVERIFY2(r.err.contains(QStringLiteral("\"iin\" is given twice")), qPrintable(r.err));
            QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        }
        // The same data with the key once is registered (what was refused was the repetition).
        data.insert(QStringLiteral("iin"), test::kIinFourth);
        const Run ok = submitJson(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), QJsonDocument(data).toJson(),
                                  attachmentsOf(s));
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
    }

    // Dates of a form after the day it was received, or an application older than the Law of 7 January 2003
    // (attack of session 24, F11: 2099-01-01 and 1900-01-01 were registered).
    void formDatesOutsideTheirPossibleRangeAreRefused() {
        const forms::Submission s = test::ncaIssueIndividual(test::kIinFourth);
        const QDate today = registry::SystemClock().today();
        const struct {
            QString field;
            QString value;
            QString because;
        } cases[] = {
            {QStringLiteral("application_date"), QStringLiteral("2099-01-01"), QStringLiteral("after the day")},
            {QStringLiteral("application_date"), today.addDays(2).toString(Qt::ISODate),
             QStringLiteral("after the day")},
            {QStringLiteral("application_date"), QStringLiteral("1900-01-01"), QStringLiteral("7 January 2003")},
            {QStringLiteral("application_date"), QStringLiteral("2003-01-06"), QStringLiteral("7 January 2003")},
        };
        for (const auto& c : cases) {
            QJsonObject data = s.data;
            data.insert(QStringLiteral("application_date"), today.toString(Qt::ISODate));
            data.insert(c.field, c.value);
            const Counts before = counts();
            const Run r = submitJson(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"),
                                     QJsonDocument(data).toJson(), attachmentsOf(s));
            QVERIFY2(r.code == int(ErrorCode::Invalid),
                     qPrintable(QStringLiteral("%1 = %2: exit %3: %4").arg(c.field, c.value).arg(r.code).arg(r.err)));
            QVERIFY2(r.err.contains(c.because), qPrintable(c.field + u' ' + c.value + u' ' + r.err));
            QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        }
        // Received on paper two days ago, dated yesterday: after the receipt.
        QJsonObject data = s.data;
        data.insert(QStringLiteral("application_date"), today.addDays(-1).toString(Qt::ISODate));
        const Counts before = counts();
        const Run late =
            as(QStringLiteral("op"),
               {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--form"), QStringLiteral("NCA-ISSUE-IND"), QStringLiteral("--data"),
                file(QStringLiteral("late.json"), QJsonDocument(data).toJson()), QStringLiteral("--attachments"),
                attachmentsOf(s), QStringLiteral("--consent"), QStringLiteral("--received"),
                today.addDays(-2).toString(Qt::ISODate) + QStringLiteral("T10:00:00")});
        QVERIFY2(late.code == int(ErrorCode::Invalid),
                 qPrintable(QStringLiteral("exit %1: %2").arg(late.code).arg(late.err)));
        QVERIFY2(late.err.contains(QStringLiteral("after the day")), qPrintable(late.err));
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        // The first day of the Law, and today, are accepted.
        data.insert(QStringLiteral("application_date"), QStringLiteral("2003-01-07"));
        const Run first = submitJson(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"),
                                     QJsonDocument(data).toJson(), attachmentsOf(s));
        QVERIFY2(first.code == 0, qPrintable(first.err));
    }

    // openssl x509 -ext keyUsage,extendedKeyUsage of a certificate file, one line.
    static QString usages(const QString& certificate) {
        const Tool t = openssl({QStringLiteral("x509"), QStringLiteral("-in"), certificate, QStringLiteral("-noout"),
                                QStringLiteral("-ext"), QStringLiteral("keyUsage,extendedKeyUsage")});
        return t.code == 0 ? t.out.simplified() : QStringLiteral("openssl failed: ") + t.output;
    }
    QString approvedSignAndAuth(const QString& iin) {
        forms::Submission s = test::ncaIssueIndividual(iin);
        s.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        return submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), s.data, attachmentsOf(s));
    }
    // Both certificates of a sign+auth application: recorded against it, one audit event each.
    void expectPair(const QString& app, const QJsonObject& issued) {
        const QJsonArray also = issued.value(QStringLiteral("also_issued")).toArray();
        QCOMPARE(also.size(), 1);
        QCOMPARE(issued.value(QStringLiteral("profile")).toString(), QStringLiteral("individual_sign"));
        QCOMPARE(also.at(0).toObject().value(QStringLiteral("profile")).toString(), QStringLiteral("individual_auth"));
        QCOMPARE(scalar(QStringLiteral("SELECT group_concat(profile, ',') FROM (SELECT profile FROM certificates "
                                       "WHERE application_id = ? ORDER BY profile)"),
                        {app.toLongLong()})
                     .toString(),
                 QStringLiteral("individual_auth,individual_sign"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'certificate.issued' AND "
                                       "subject IN (?, ?)"),
                        {issued.value(QStringLiteral("serial")).toString(),
                         also.at(0).toObject().value(QStringLiteral("serial")).toString()})
                     .toInt(),
                 2);
        const Run show = as(QStringLiteral("off1"),
                            {QStringLiteral("application"), QStringLiteral("show"), app, QStringLiteral("--json")});
        QCOMPARE(show.json().value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    }

    // Issue 13: one application for signing and authentication gives both certificates in one step,
    // each with its own key: two PKCS#12 files (RSA keys generated here) …
    void signAndAuthInOneApplicationGiveTwoCertificates() {
        const QString app = approvedSignAndAuth(test::kIinFifth);
        QVERIFY(!app.isEmpty());
        const int before = count(QStringLiteral("certificates"));
        const Run r =
            issue(app,
                  {QStringLiteral("--pkcs12-out"), path(QStringLiteral("both.p12")),
                   QStringLiteral("--pkcs12-password-file"), file(QStringLiteral("holder.pw"), "Ұстаушы-құпия-1\n")},
                  path(QStringLiteral("both.pem")));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("certificates")) - before, 2);
        expectPair(app, r.json());
        // The default names of the second pair of files: -auth before the extension.
        QVERIFY(QFile::exists(path(QStringLiteral("both.p12"))));
        QVERIFY(QFile::exists(path(QStringLiteral("both-auth.p12"))));
        const QString sign = usages(path(QStringLiteral("both.pem")));
        const QString auth = usages(path(QStringLiteral("both-auth.pem")));
        QVERIFY2(sign.contains(QStringLiteral("Digital Signature, Non Repudiation")) &&
                     !sign.contains(QStringLiteral("Key Encipherment")) &&
                     !sign.contains(QStringLiteral("TLS Web Client Authentication")),
                 qPrintable(sign));
        QVERIFY2(auth.contains(QStringLiteral("Digital Signature, Key Encipherment")) &&
                     !auth.contains(QStringLiteral("Non Repudiation")) &&
                     auth.contains(QStringLiteral("TLS Web Client Authentication")),
                 qPrintable(auth));
        // Two keys: each PKCS#12 opens with the holder's password and holds a different key.
        const auto publicKey = [&](const char* p12) {
            const Tool t = openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), path(QLatin1String(p12)),
                                    QStringLiteral("-nocerts"), QStringLiteral("-nodes"), QStringLiteral("-passin"),
                                    QStringLiteral("file:") + path(QStringLiteral("holder.pw"))});
            return t.code == 0 ? t.out : QString();
        };
        const QString k1 = publicKey("both.p12");
        const QString k2 = publicKey("both-auth.p12");
        QVERIFY(!k1.isEmpty() && !k2.isEmpty());
        QVERIFY(k1 != k2);
    }

    // … or two holder requests (EC keys: the authentication certificate has no keyEncipherment).
    void signAndAuthFromTwoRequests() {
        const QString app = approvedSignAndAuth(test::kIinFourth);
        QVERIFY(!app.isEmpty());
        auto signKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto authKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(signKey.ok() && authKey.ok());
        const QString signCsr = file(QStringLiteral("pair-sign.csr"), csrFor(signKey->get()));
        const QString authCsr = file(QStringLiteral("pair-auth.csr"), csrFor(authKey->get()));

        // One request for two certificates: refused, nothing written.
        Counts before = counts();
        Run r = issue(app, {QStringLiteral("--csr"), signCsr}, path(QStringLiteral("pair.pem")));
        QVERIFY2(r.code == int(ErrorCode::Usage) && r.err.contains(QStringLiteral("--auth-csr")), qPrintable(r.err));
        QVERIFY(counts() == before);
        // The same key twice: refused, nothing written.
        r = issue(app, {QStringLiteral("--csr"), signCsr, QStringLiteral("--auth-csr"), signCsr},
                  path(QStringLiteral("pair.pem")));
        QVERIFY2(r.code == int(ErrorCode::Conflict) && r.err.contains(QStringLiteral("same public key")),
                 qPrintable(r.err));
        QVERIFY(counts() == before);
        QVERIFY(!QFile::exists(path(QStringLiteral("pair.pem"))));

        r = issue(app,
                  {QStringLiteral("--csr"), signCsr, QStringLiteral("--auth-csr"), authCsr,
                   QStringLiteral("--auth-out"), path(QStringLiteral("pair-auth.der"))},
                  path(QStringLiteral("pair.pem")));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        expectPair(app, r.json());
        const QString sign = usages(path(QStringLiteral("pair.pem")));
        const Tool pem = openssl({QStringLiteral("x509"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                  QStringLiteral("-in"), path(QStringLiteral("pair-auth.der")), QStringLiteral("-out"),
                                  path(QStringLiteral("pair-auth.pem"))});
        QVERIFY2(pem.code == 0, qPrintable(pem.output));
        const QString auth = usages(path(QStringLiteral("pair-auth.pem")));
        QVERIFY2(sign.contains(QStringLiteral("Digital Signature, Non Repudiation")), qPrintable(sign));
        QVERIFY2(auth.contains(QStringLiteral("Digital Signature")) &&
                     !auth.contains(QStringLiteral("Key Encipherment")) &&
                     !auth.contains(QStringLiteral("Non Repudiation")) &&
                     auth.contains(QStringLiteral("TLS Web Client Authentication")),
                 qPrintable(auth));
        // A one-certificate application takes no second request.
        const QString single = approvedIndividual(test::kIinFourth);
        auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(other.ok());
        before = counts();
        r = issue(single,
                  {QStringLiteral("--csr"), file(QStringLiteral("single.csr"), csrFor(other->get())),
                   QStringLiteral("--auth-csr"), authCsr},
                  path(QStringLiteral("single.pem")));
        QVERIFY2(r.code == int(ErrorCode::Usage), qPrintable(r.err));
        QVERIFY(counts() == before);
    }

    void aNationalCaWithoutPointersRefusesToIssue() {
        QString step =
            addCa(QStringLiteral("BARE"), QStringLiteral("Ұлттық КО без указателей"), QStringLiteral("national"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
        const Run cleared = as(QStringLiteral("admin"),
                               {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                QStringLiteral("BARE"), QStringLiteral("cdp_url="), QStringLiteral("ocsp_url=")});
        QVERIFY2(cleared.code == 0, qPrintable(cleared.err));
        step = initRoot(QStringLiteral("BARE"), QStringLiteral("p256"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
        forms::Submission s = test::ncaIssueIndividual(test::kIinFifth);
        s.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("auth")});
        const QString app =
            submitAndApprove(QStringLiteral("BARE"), QStringLiteral("NCA-ISSUE-IND"), s.data, attachmentsOf(s));
        QVERIFY(!app.isEmpty());
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        QVERIFY(key.ok());
        const Run r = issue(app, {QStringLiteral("--csr"), file(QStringLiteral("bare.csr"), csrFor(key->get()))},
                            path(QStringLiteral("bare.pem")));
        QVERIFY2(r.code != 0 && r.err.contains(QStringLiteral("cdp_url")) && r.err.contains(QStringLiteral("ocsp_url")),
                 qPrintable(r.err + r.out));
        QVERIFY(!QFile::exists(path(QStringLiteral("bare.pem"))));
    }

    void forbiddenCharactersInNamesAreRefused_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("codePoint");
        QTest::addColumn<QString>("label"); // the message names the field by its label
        QTest::newRow("NUL in the surname")
            << "surname" << QStringLiteral("AB") + QChar(0) + QStringLiteral("CD") << "U+0000"
            << "Surname";
        QTest::newRow("RLO in the surname") << "surname" << QStringLiteral("Қасымова\u202Eвомысақ") << "U+202E"
                                            << "Surname";
        QTest::newRow("ZWSP in the name") << "name" << QStringLiteral("Ә\u200Bлия") << "U+200B"
                                          << "Given name";
        QTest::newRow("ZWJ in the patronymic") << "patronymic" << QStringLiteral("Серік\u200Dқызы") << "U+200D"
                                               << "Patronymic";
        QTest::newRow("BOM in the city") << "city" << QStringLiteral("\uFEFFҚонаев") << "U+FEFF"
                                         << "City";
    }
    void forbiddenCharactersInNamesAreRefused() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, codePoint);
        QFETCH(QString, label);
        const forms::Submission s = test::ncaIssueIndividual(test::kIinFourth);
        QJsonObject data = s.data;
        data.insert(field, value);
        data.insert(QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate));
        // Written with \uXXXX escapes, as a JSON tool would: Qt's parser silently drops a raw U+FEFF.
        QByteArray json = QJsonDocument(data).toJson();
        json.replace(QByteArray("\xEF\xBB\xBF"), QByteArray("\\ufeff"));
        const Counts before = counts();
        const Run r = submitJson(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), json, attachmentsOf(s));
        QVERIFY2(r.code == int(ErrorCode::Invalid), qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(codePoint), qPrintable(r.err));
        QVERIFY2(r.err.contains(u'"' + label + u'"'), qPrintable(r.err)); // names the field
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
    }

    void forbiddenCharactersInACaNameAreRefused() {
        const Counts before = counts();
        const Run r = as(QStringLiteral("admin"),
                         {QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("EVIL"),
                          QStringLiteral("--name"), QStringLiteral("Ұлттық\u202EКО"), QStringLiteral("--kind"),
                          QStringLiteral("national")});
        QVERIFY2(r.code == int(ErrorCode::Invalid), qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(!r.err.isEmpty(), "no message");
        QVERIFY2(counts() == before, qPrintable(describe(before) + QStringLiteral(" → ") + describe(counts())));
        const Run list = as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("list")});
        QVERIFY2(!list.out.contains(QStringLiteral("EVIL")), qPrintable(list.out));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestRefusalsCli)
#include "tst_refusals_cli.moc"
