// The CA engine: a self-signed CA, issuance from a holder's CSR for an approved application, refusals
// that write nothing, revocation, full and delta CRLs and the publication lock, with OpenSSL's own
// tools as the independent judge. The tests build on each other in one register (declaration order).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/Pkcs12.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// A CSR whose key is too weak for Csr::create, so it is written with OpenSSL directly.
QByteArray weakCsr() {
    pki::EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024)));
    auto name = pki::SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), {}, kIinAliya).toX509();
    pki::X509ReqPtr req(X509_REQ_new());
    if (!key || !name || !req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
        X509_REQ_set_subject_name(req.get(), name->get()) != 1 || X509_REQ_set_pubkey(req.get(), key.get()) != 1 ||
        X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0)
        return {};
    return pki::toDer(req.get(), i2d_X509_REQ);
}

} // namespace

class CaEngineTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    qint64 m_application = 0;
    QString m_serial;
    QByteArray m_holderDer;

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    QString keyPath() const { return m_out.filePath(QStringLiteral("nca-key.p8")); }
    QString crlDir() const { return m_out.filePath(QStringLiteral("crl")); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kCaPassphrase); }
    qint64 count(const char* table) { return m_fx.count(QString::fromLatin1(table)); }

    QByteArray goodCsr() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return {};
        // The requested subject is ignored: the certificate's subject comes from the application.
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Anyone"), QStringLiteral("Else"), {}, kIinSecond));
        return csr ? *csr : QByteArray();
    }

    qint64 approvedApplication(const forms::Submission& s, const QString& form) {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, form, s);
        if (!id)
            qWarning("%s", qPrintable(id.message()));
        if (!id || !m_fx.reg->applications().approve(m_fx.officerB, *id))
            return 0;
        return *id;
    }

    // openssl verify of the holder certificate against the CA and a CRL, at the register's time.
    ToolRun verifyHolder(const QString& crlFile) {
        auto ca = m_fx.reg->cas().find(kNca);
        auto caCert = pki::Certificate::parse(ca->certificateDer);
        auto holder = pki::Certificate::parse(m_holderDer);
        const QString bundle = m_out.filePath(QStringLiteral("ca-and-crl.pem"));
        const QString leaf = m_out.filePath(QStringLiteral("holder.pem"));
        if (!writeFile(bundle, caCert->pem() + readFile(crlFile)) || !writeFile(leaf, holder->pem()))
            return {};
        return runTool(QStringLiteral("openssl"),
                       {QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-attime"),
                        QString::number(m_fx.clock.now().toSecsSinceEpoch()), QStringLiteral("-CAfile"), bundle, leaf});
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        QVERIFY(QDir().mkpath(crlDir()));
    }

    void caInitWritesEncryptedKeyAndStoresCertificate() {
        TIRKEU_VERIFY_ERROR(
            engine().createRootCa(m_fx.officerA, kNca, pki::KeyAlgorithm::Rsa2048, keyPath(), kCaPassphrase, 10),
            ErrorCode::Forbidden);
        auto init = engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::Rsa2048, keyPath(), kCaPassphrase, 10);
        TIRKEU_VERIFY_OK(init);
        QCOMPARE(init->keyUri, QStringLiteral("file:") + keyPath());
        const QByteArray keyFile = readFile(keyPath());
        QVERIFY(keyFile.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        auto ca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(ca);
        QCOMPARE(ca->keyUri, init->keyUri);
        auto cert = pki::Certificate::parse(ca->certificateDer);
        TIRKEU_VERIFY_OK(cert);
        QVERIFY(cert->isCa());
        QVERIFY(cert->isSelfSigned());
        QCOMPARE(cert->subject().caName, ca->name);
        QCOMPARE(cert->notAfter(), cert->notBefore().addYears(10));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'ca.initialised'"))
                     .toInt(),
                 1);
        // Once is enough: the CA keeps its certificate, and no key file is written for a refusal.
        const QString other = m_out.filePath(QStringLiteral("second.p8"));
        TIRKEU_VERIFY_ERROR(
            engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256, other, kCaPassphrase, 10),
            ErrorCode::Conflict);
        QVERIFY(!QFile::exists(other));
    }

    void registeredApplicationIsNotIssued() {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFourth));
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, *id, goodCsr(), secret()), ErrorCode::Conflict);
        QCOMPARE(count("certificates"), 0);
    }

    void badCsrsAreRefusedAndNothingIsWritten() {
        m_application = approvedApplication(ncaIssueIndividual(), kIssueInd);
        QVERIFY(m_application > 0);
        const qint64 events = count("audit_events");
        const QByteArray weak = weakCsr();
        QVERIFY(!weak.isEmpty());
        auto refused = engine().issueFromCsr(m_fx.officerA, m_application, weak, secret());
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("1024")), qPrintable(refused.message()));
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, m_application, "not a CSR", secret()),
                            ErrorCode::Invalid);
        QByteArray tampered = pki::Csr::parse(goodCsr())->der();
        tampered[tampered.size() - 3] = char(tampered.at(tampered.size() - 3) ^ 0x5A); // inside the signature
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, m_application, tampered, secret()),
                            ErrorCode::Invalid);
        QCOMPARE(count("certificates"), 0);
        QCOMPARE(count("audit_events"), events);
        QCOMPARE(m_fx.reg->applications().get(m_fx.officerA, m_application)->status, ApplicationStatus::Approved);
    }

    void approvedApplicationIsIssuedFromCsr() {
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.operatorA, m_application, goodCsr(), secret()),
                            ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, m_application, goodCsr(),
                                                  pki::SecretSource::literal(QStringLiteral("wrong"))),
                            ErrorCode::Crypto);
        auto issued = engine().issueFromCsr(m_fx.officerA, m_application, goodCsr(), secret());
        TIRKEU_VERIFY_OK(issued);
        m_serial = issued->serialHex;
        m_holderDer = issued->der;
        QCOMPARE(issued->profile, QStringLiteral("individual_sign"));
        QVERIFY(issued->notes.isEmpty());
        QVERIFY(issued->alsoIssued.empty()); // the application asks for signing only

        auto cert = pki::Certificate::parse(issued->der);
        TIRKEU_VERIFY_OK(cert);
        QCOMPARE(cert->serialHex(), m_serial);
        QCOMPARE(m_serial.size(), 40);
        const pki::SubjectName subject = cert->subject();
        QCOMPARE(subject.commonName(), QStringLiteral("ҚАСЫМОВА ӘЛИЯ"));
        QCOMPARE(subject.surname, QStringLiteral("ҚАСЫМОВА"));
        QCOMPARE(subject.patronymic, QStringLiteral("СЕРІКҚЫЗЫ"));
        QCOMPARE(subject.iin, kIinAliya);
        QVERIFY2(cert->subjectDisplay().contains(QStringLiteral("IIN900701300108")),
                 qPrintable(cert->subjectDisplay()));
        QCOMPARE(cert->emails(), QStringList{QStringLiteral("aliya.kassymova@example.kz")});
        QCOMPARE(cert->policyOids(), QStringList{QString::fromLatin1(pki::oid::kPolicyIndividualSign)});
        QCOMPARE(cert->notBefore(), m_fx.clock.now().addMSecs(-m_fx.clock.now().time().msec()));
        QCOMPARE(cert->notAfter(), cert->notBefore().addYears(1));

        // The register row, the finished application and the audit trail.
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {m_serial}).toString(),
                 QStringLiteral("valid"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT application_id FROM certificates WHERE serial = ?"), {m_serial})
                     .toLongLong(),
                 m_application);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT p.iin FROM certificates c JOIN persons p ON p.id = c.person_id "
                                            "WHERE c.serial = ?"),
                             {m_serial})
                     .toString(),
                 kIinAliya);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE serial = ?"), {m_serial})
                     .toString(),
                 toDbTime(cert->notAfter().addYears(5)));
        QCOMPARE(m_fx.reg->applications().get(m_fx.officerA, m_application)->status, ApplicationStatus::Done);
        auto events = m_fx.reg->audit().events(m_serial);
        TIRKEU_VERIFY_OK(events);
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().type, QStringLiteral("certificate.issued"));
        // Seed 001: the holder's IIN is in the details of every holder-related event.
        QCOMPARE(events->first().details.value(QStringLiteral("holder_iin")).toString(), kIinAliya);
        QCOMPARE(events->first().retentionUntil, cert->notAfter().addYears(1));
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);
    }

    void doneApplicationIsNotIssuedAgain() {
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, m_application, goodCsr(), secret()),
                            ErrorCode::Conflict);
        QCOMPARE(count("certificates"), 1);
    }

    void legalEntityGetsOrganisationAndRole() {
        const qint64 id = approvedApplication(ncaIssueLegal(), kIssueLegal);
        QVERIFY(id > 0);
        auto issued = engine().issueFromCsr(m_fx.officerA, id, goodCsr(), secret());
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->profile, QStringLiteral("legal_sign"));
        QCOMPARE(issued->role, QStringLiteral("first_head"));
        auto cert = pki::Certificate::parse(issued->der);
        QCOMPARE(cert->subject().organisation, QStringLiteral("Жарық ЖШС"));
        QCOMPARE(cert->subject().bin, kBin);
        QVERIFY(cert->extendedKeyUsageOids().contains(QStringLiteral("1.2.398.3.3.4.1.2.1")));
    }

    void deltaWithoutFullCrlIsRefused() {
        TIRKEU_VERIFY_ERROR(engine().publishCrl(m_fx.officerA, kNca, crlDir(), true, secret()), ErrorCode::Conflict);
        QCOMPARE(count("crls"), 0);
    }

    void fullCrlBeforeRevocationValidates() {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        auto crl = engine().publishCrl(m_fx.officerA, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(crl);
        QCOMPARE(crl->number, quint64(1));
        QCOMPARE(crl->entries, 0);
        QCOMPARE(QFileInfo(crl->derPath).fileName(), kNca + QStringLiteral(".crl"));
        const ToolRun ok = verifyHolder(crl->pemPath);
        QVERIFY2(ok.code == 0 && ok.output.contains(QStringLiteral("OK")), qPrintable(ok.output));
    }

    void revocationIsRecordedOnce() {
        m_fx.clock.advanceSecs(3600);
        RevokeRequest r{kNca, QString(), 1, QStringLiteral("holder_application"), QStringLiteral("өтініш №17"),
                        0,    {},        {}};
        // Colons and lower case as people type them.
        for (int i = 0; i < m_serial.size(); i += 2)
            r.serial += (i ? QStringLiteral(":") : QString()) + m_serial.mid(i, 2).toLower();
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.operatorA, r), ErrorCode::Forbidden);
        RevokeRequest badReason = r;
        badReason.reasonCode = 7;
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, badReason), ErrorCode::Invalid);
        RevokeRequest unknown = r;
        unknown.serial = QStringLiteral("0BADC0FFEE");
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, unknown), ErrorCode::NotFound);
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, r));
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, r), ErrorCode::Conflict);
        QCOMPARE(count("revocations"), 1);
        auto rec = engine().certificate(m_fx.auditor, {}, m_serial);
        TIRKEU_VERIFY_OK(rec);
        QCOMPARE(rec->status, QStringLiteral("revoked"));
        QCOMPARE(rec->reasonCode, 1);
        QCOMPARE(rec->revokedAt, m_fx.clock.now());
        QCOMPARE(rec->retentionUntil, m_fx.clock.now().addYears(5)); // shortened together with the status
        QCOMPARE(m_fx.reg->audit().events(m_serial)->first().type, QStringLiteral("certificate.revoked"));
        QCOMPARE(m_fx.reg->audit().events(m_serial)->first().details.value(QStringLiteral("holder_iin")).toString(),
                 kIinAliya);
    }

    void deltaThenFullCrlShowTheRevocation() {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        m_fx.clock.advanceSecs(60);
        auto delta = engine().publishCrl(m_fx.officerA, kNca, crlDir(), true, secret());
        TIRKEU_VERIFY_OK(delta);
        QCOMPARE(delta->number, quint64(2));
        QCOMPARE(delta->deltaBase, std::optional<quint64>(1));
        QCOMPARE(delta->entries, 1);
        QCOMPARE(QFileInfo(delta->derPath).fileName(), kNca + QStringLiteral("-delta.crl"));
        QCOMPARE(delta->nextUpdate, delta->thisUpdate.addSecs(8 * 3600));
        const ToolRun text =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     delta->derPath, QStringLiteral("-text"), QStringLiteral("-noout")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.output.contains(QStringLiteral("Delta CRL Indicator: critical")), qPrintable(text.output));
        QVERIFY2(text.output.contains(m_serial), qPrintable(text.output));

        m_fx.clock.advanceSecs(60);
        auto full = engine().publishCrl(m_fx.admin, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(full);
        QCOMPARE(full->number, quint64(3));
        QCOMPARE(full->entries, 1);
        QCOMPARE(full->nextUpdate, full->thisUpdate.addSecs(27 * 3600));
        const ToolRun revoked = verifyHolder(full->pemPath);
        QVERIFY2(revoked.code != 0 && revoked.output.contains(QStringLiteral("error 23")) &&
                     revoked.output.contains(QStringLiteral("certificate revoked")),
                 qPrintable(revoked.output));

        // Recorded with strictly increasing numbers, size and digest of the files.
        auto q = m_fx.reg->db().exec(QStringLiteral("SELECT crl_number, coalesce(delta_base, 0), size_bytes, sha256, "
                                                    "file_name FROM crls ORDER BY id"));
        TIRKEU_VERIFY_OK(q);
        QList<qint64> numbers;
        while (q->next()) {
            numbers << q->value(0).toLongLong();
            const QByteArray bytes = readFile(QDir(crlDir()).filePath(q->value(4).toString()));
            if (numbers.size() == 3) { // files of numbers 1 and 2 were replaced or are the delta
                QCOMPARE(q->value(2).toLongLong(), bytes.size());
                QCOMPARE(q->value(3).toString(),
                         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
            }
        }
        QCOMPARE(numbers, (QList<qint64>{1, 2, 3}));
    }

    void secondPublisherIsBusy() {
        QLockFile held(CaEngine::crlLockPath(crlDir(), kNca));
        QVERIFY(held.tryLock(0));
        const qint64 crls = count("crls");
        auto busy = engine().publishCrl(m_fx.officerA, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_ERROR(busy, ErrorCode::Busy);
        QCOMPARE(count("crls"), crls);
        held.unlock();
        TIRKEU_VERIFY_OK(engine().publishCrl(m_fx.officerA, kNca, crlDir(), false, secret()));
    }

    void listAndAuditChain() {
        CertificateFilter f;
        f.caCode = kNca;
        QCOMPARE(engine().certificates(m_fx.auditor, f)->size(), 2);
        f.status = QStringLiteral("revoked");
        QCOMPARE(engine().certificates(m_fx.auditor, f)->size(), 1);
        TIRKEU_VERIFY_ERROR(engine().certificate(m_fx.auditor, kNca, QStringLiteral("xyz")), ErrorCode::Invalid);
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);
        QVERIFY(!m_fx.scalar(QStringLiteral("SELECT count(*) FROM cas WHERE key_uri LIKE '%PRIVATE%'")).toInt());
    }

    // Issue 13: an application for signing and authentication gets both certificates in one step, each
    // for its own key; one request for both is refused and writes nothing.
    void signAndAuthGiveTwoCertificatesInOneStep() {
        forms::Submission s = ncaIssueLegal(QStringLiteral("Жарық ЖШС"), kBin, kIinFourth);
        s.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        const qint64 id = approvedApplication(s, kIssueLegal);
        QVERIFY(id > 0);
        QCOMPARE(*engine().profilesFor(id), (QStringList{QStringLiteral("legal_sign"), QStringLiteral("legal_auth")}));
        const qint64 certificates = count("certificates");
        const qint64 events = count("audit_events");
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, id, goodCsr(), secret()), ErrorCode::Usage);
        const QByteArray same = goodCsr();
        IssueOptions twice;
        twice.authCsr = same;
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, id, same, secret(), twice), ErrorCode::Conflict);
        QCOMPARE(count("certificates"), certificates);
        QCOMPARE(count("audit_events"), events);
        QCOMPARE(m_fx.reg->applications().get(m_fx.officerA, id)->status, ApplicationStatus::Approved);

        IssueOptions options;
        options.authCsr = goodCsr();
        auto issued = engine().issueFromCsr(m_fx.officerA, id, goodCsr(), secret(), options);
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->profile, QStringLiteral("legal_sign"));
        QCOMPARE(issued->alsoIssued.size(), std::size_t(1));
        const IssueResult& auth = issued->alsoIssued.front();
        QCOMPARE(auth.profile, QStringLiteral("legal_auth"));
        QCOMPARE(auth.role, QStringLiteral("first_head"));
        QVERIFY(auth.serialHex != issued->serialHex);
        QCOMPARE(count("certificates"), certificates + 2);
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE application_id = ?"), {id}).toInt(), 2);
        QCOMPARE(m_fx.reg->applications().get(m_fx.officerA, id)->status, ApplicationStatus::Done);
        auto signCert = pki::Certificate::parse(issued->der);
        auto authCert = pki::Certificate::parse(auth.der);
        TIRKEU_VERIFY_OK(signCert);
        TIRKEU_VERIFY_OK(authCert);
        QVERIFY(authCert->extendedKeyUsageOids().contains(QString::fromLatin1(pki::oid::kClientAuth)));
        QVERIFY(!signCert->extendedKeyUsageOids().contains(QString::fromLatin1(pki::oid::kClientAuth)));
        for (const QString& serial : {issued->serialHex, auth.serialHex}) {
            auto ev = m_fx.reg->audit().events(serial);
            TIRKEU_VERIFY_OK(ev);
            QCOMPARE(ev->size(), 1);
            QCOMPARE(ev->first().type, QStringLiteral("certificate.issued"));
        }
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);

        // Keys generated here: two key pairs, two PKCS#12 files.
        forms::Submission g = ncaIssueIndividual(kIinFifth);
        g.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        const qint64 gid = approvedApplication(g, kIssueInd);
        QVERIFY(gid > 0);
        KeyOnMedia media;
        media.algorithm = pki::KeyAlgorithm::EcP256;
        media.password = QStringLiteral("Ұстаушы-құпия-1");
        auto generated = engine().issueWithGeneratedKey(m_fx.officerA, gid, media, secret());
        TIRKEU_VERIFY_OK(generated);
        QCOMPARE(generated->alsoIssued.size(), std::size_t(1));
        QVERIFY(!generated->pkcs12.isEmpty() && !generated->alsoIssued.front().pkcs12.isEmpty());
        QCOMPARE(generated->alsoIssued.front().profile, QStringLiteral("individual_auth"));
        QVERIFY(pki::Certificate::parse(generated->der)->publicKeyFingerprint() !=
                pki::Certificate::parse(generated->alsoIssued.front().der)->publicKeyFingerprint());
    }

    // Both generated keys reach their own files inside the issuance, before it is recorded (README "Crash
    // safety"): without a file for the authentication key nothing is issued and nothing is written.
    void signAndAuthGeneratedKeysAreWrittenBeforeTheyAreRecorded() {
        forms::Submission g = ncaIssueIndividual(kIinFifth);
        g.data.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        const qint64 gid = approvedApplication(g, kIssueInd);
        QVERIFY(gid > 0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        KeyOnMedia media;
        media.algorithm = pki::KeyAlgorithm::EcP256;
        media.password = QStringLiteral("Ұстаушы-құпия-1");
        media.pkcs12Path = dir.filePath(QStringLiteral("holder.p12"));
        const qint64 certificates = count("certificates");
        const qint64 events = count("audit_events");
        // No file for the authentication key, or the same file twice: refused, nothing written.
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, gid, media, secret()), ErrorCode::Usage);
        media.authPkcs12Path = media.pkcs12Path;
        TIRKEU_VERIFY_ERROR(engine().issueWithGeneratedKey(m_fx.officerA, gid, media, secret()), ErrorCode::Usage);
        QVERIFY(QDir(dir.path()).isEmpty());
        QCOMPARE(count("certificates"), certificates);
        QCOMPARE(count("audit_events"), events);

        media.authPkcs12Path = dir.filePath(QStringLiteral("holder-auth.p12"));
        auto issued = engine().issueWithGeneratedKey(m_fx.officerA, gid, media, secret());
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->alsoIssued.size(), std::size_t(1));
        QVERIFY(issued->pkcs12Written && issued->alsoIssued.front().pkcs12Written);
        const std::pair<QString, const IssueResult*> files[] = {{media.pkcs12Path, &*issued},
                                                                {media.authPkcs12Path, &issued->alsoIssued.front()}};
        for (const auto& [path, result] : files) {
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
            QCOMPARE(f.readAll(), result->pkcs12);
            QCOMPARE(QFileInfo(path).permissions() &
                         (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                     QFileDevice::Permissions());
            auto contents = pki::Pkcs12::read(path, media.password);
            TIRKEU_VERIFY_OK(contents);
        }
        QCOMPARE(count("certificates"), certificates + 2);
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineTest)
#include "tst_caengine.moc"
