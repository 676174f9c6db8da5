// Issue 13 at the issuance and revocation paths: a public key is certified once in this register (SPKI SHA-256 index,
// migration 8), a key revoked for key compromise never again, crafted keys (e = 3, explicit curve) are
// refused; aACompromise is refused for a holder's certificate and certificateHold where the CA's
// hold_allowed setting is off, and a national CA without its publication pointers does not issue — each with a clear
// message and nothing written. The tests build on each other in one register (declaration order).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "registry/CaEngine.h"
#include "registry/CertifiedKeys.h"
#include "registry/Retention.h"

#include <QObject>
#include <QTemporaryDir>

#include <openssl/core_names.h>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

QByteArray keyCsrFor(EVP_PKEY* key) {
    auto csr = pki::Csr::create(
        key, pki::SubjectName::person(QStringLiteral("Anyone"), QStringLiteral("Else"), {}, kIinSecond));
    return csr ? *csr : QByteArray();
}

// The same key's CSR with its EC point compressed: another SPKI encoding of the very same key.
QByteArray compressedCsrFor(EVP_PKEY* key) {
    pki::EvpPkeyPtr copy(EVP_PKEY_dup(key));
    if (!copy || EVP_PKEY_set_utf8_string_param(copy.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                                OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED) != 1)
        return {};
    pki::X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("X"), -1, -1, 0);
    if (X509_REQ_set_pubkey(req.get(), copy.get()) != 1 || X509_REQ_sign(req.get(), copy.get(), EVP_sha256()) <= 0)
        return {};
    return pki::toDer(req.get(), i2d_X509_REQ);
}

QByteArray keyExponentThreeCsr() {
    pki::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    pki::BnPtr e(BN_new());
    BN_set_word(e.get(), 3);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return {};
    pki::EvpPkeyPtr key(raw);
    pki::X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("X"), -1, -1, 0);
    if (X509_REQ_set_pubkey(req.get(), key.get()) != 1 || X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0)
        return {};
    return pki::toDer(req.get(), i2d_X509_REQ);
}

} // namespace

class KeyReuseTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    pki::EvpPkeyPtr m_key; // the holder key of the first certificate
    QString m_firstSerial;
    QString m_secondSerial;

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kCaPassphrase); }
    qint64 approved(const QString& iin) {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(iin));
        if (!id || !m_fx.reg->applications().approve(m_fx.officerB, *id))
            return 0;
        return *id;
    }
    // Issuing `csr` for `application` is refused (Conflict or Invalid), says `needle`, writes nothing.
    void expectRefusal(qint64 application, const QByteArray& csr, ErrorCode code, const QString& needle) {
        const qint64 certificates = m_fx.count(QStringLiteral("certificates"));
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        auto refused = engine().issueFromCsr(m_fx.officerA, application, csr, secret());
        TIRKEU_VERIFY_ERROR(refused, code);
        QVERIFY2(refused.message().contains(needle), qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificates);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        QCOMPARE(m_fx.reg->applications().get(m_fx.officerA, application)->status, ApplicationStatus::Approved);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                               m_out.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
    }

    void firstCertificateRecordsItsKey() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        m_key = std::move(key.value());
        const qint64 app = approved(kIinAliya);
        QVERIFY(app > 0);
        auto issued = engine().issueFromCsr(m_fx.officerA, app, keyCsrFor(m_key.get()), secret());
        TIRKEU_VERIFY_OK(issued);
        m_firstSerial = issued->serialHex;
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT spki_sha256 FROM certificates WHERE serial = '%1'").arg(m_firstSerial))
                .toString(),
            pki::KeyPolicy::spkiSha256Hex(m_key.get()));
    }

    // A national CA without its publication pointers does not issue (the message names the missing
    // setting); nothing is written, and it issues again once the pointer is set.
    void caWithoutPointersDoesNotIssue() {
        const QString cdp = m_fx.reg->cas().find(kNca)->settings.value(QStringLiteral("cdp_url")).toString();
        QVERIFY(!cdp.isEmpty());
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(m_fx.admin, kNca, {{QStringLiteral("cdp_url"), QString()}}));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        const qint64 app = approved(kIinSecond);
        QVERIFY(app > 0);
        expectRefusal(app, keyCsrFor(key->get()), ErrorCode::Conflict, QStringLiteral("cdp_url"));
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(m_fx.admin, kNca, {{QStringLiteral("cdp_url"), cdp}}));
        auto issued = engine().issueFromCsr(m_fx.officerA, app, keyCsrFor(key->get()), secret());
        TIRKEU_VERIFY_OK(issued);
        QVERIFY(issued->der.contains(cdp.toLatin1())); // the CRL distribution point is in the certificate
    }

    void theSameKeyIsNotCertifiedAgain() {
        const qint64 app = approved(kIinThird);
        QVERIFY(app > 0);
        expectRefusal(app, keyCsrFor(m_key.get()), ErrorCode::Conflict, m_firstSerial);
        // Sent with a compressed point, it is still the same key.
        const QByteArray compressed = compressedCsrFor(m_key.get());
        QVERIFY(!compressed.isEmpty());
        expectRefusal(app, compressed, ErrorCode::Conflict, QStringLiteral("already certified"));
        // A new key is fine.
        auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto issued = engine().issueFromCsr(m_fx.officerA, app, keyCsrFor(other->get()), secret());
        TIRKEU_VERIFY_OK(issued);
        m_secondSerial = issued->serialHex;
    }

    void aCompromisedKeyIsNeverCertifiedAgain() {
        RevokeRequest request;
        request.caCode = kNca;
        request.serial = m_firstSerial;
        request.reasonCode = 1; // keyCompromise
        request.basisKind = QStringLiteral("holder_application");
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, request));
        const qint64 app = approved(kIinFourth);
        QVERIFY(app > 0);
        expectRefusal(app, keyCsrFor(m_key.get()), ErrorCode::Conflict, QStringLiteral("key compromise"));
    }

    void craftedKeysAreRefused() {
        const qint64 app = approved(kIinFifth);
        QVERIFY(app > 0);
        const QByteArray e3 = keyExponentThreeCsr();
        QVERIFY(!e3.isEmpty());
        expectRefusal(app, e3, ErrorCode::Invalid, QStringLiteral("exponent is 3"));
    }

    void aaCompromiseIsRefusedForHolders() {
        RevokeRequest request;
        request.caCode = kNca;
        request.serial = m_secondSerial;
        request.reasonCode = 10; // aACompromise
        request.basisKind = QStringLiteral("holder_application");
        const qint64 revocations = m_fx.count(QStringLiteral("revocations"));
        const Status refused = engine().revoke(m_fx.officerA, request);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("aa_compromise")) &&
                     refused.message().contains(QStringLiteral("end-entity")),
                 qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), revocations);
    }

    void holdOnlyWhereTheCaAllowsIt() {
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(m_fx.admin, kNca, {{QStringLiteral("hold_allowed"), false}}));
        RevokeRequest request;
        request.caCode = kNca;
        request.serial = m_secondSerial;
        request.reasonCode = 6; // certificateHold
        request.basisKind = QStringLiteral("holder_application");
        const qint64 revocations = m_fx.count(QStringLiteral("revocations"));
        const Status refused = engine().revoke(m_fx.officerA, request);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("hold_allowed")), qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), revocations);
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(m_fx.admin, kNca, {{QStringLiteral("hold_allowed"), true}}));
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, request));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), revocations + 1);
    }

    // Attack of session 32, B17: once the retention sweep had deleted the certificate revoked for key compromise,
    // the stolen key was certified again. The sweep keeps each deleted certificate's key in retired_keys (migration
    // 28), which the issuance check reads and the database guards. A register of 2012, so that the database's own
    // clock (its retention guards) agrees that the certificate's period has ended.
    void aSweptKeyIsNeverCertifiedAgain() {
        RegistryFixture fx;
        QVERIFY2(fx.create(almaty(2012, 3, 5, 9)), qPrintable(fx.error));
        CaEngine ca(*fx.reg);
        TIRKEU_VERIFY_OK(ca.createRootCa(fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                         m_out.filePath(QStringLiteral("nca2012.p8")), kCaPassphrase, 10));
        const auto approvedOn = [&fx](const QString& iin, const QDate& day) {
            auto id = fx.reg->applications().submit(
                fx.operatorA, kNca, kIssueInd,
                ncaIssueIndividual(iin, QStringLiteral("Сейітова"), QStringLiteral("Ләззат"), day));
            return id && fx.reg->applications().approve(fx.officerB, *id) ? *id : qint64(0);
        };
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        const QString spki = pki::KeyPolicy::spkiSha256Hex(key->get());
        fx.clock.set(almaty(2012, 3, 5, 10));
        const qint64 first = approvedOn(kIinAliya, QDate(2012, 3, 5));
        QVERIFY(first > 0);
        auto issued = ca.issueFromCsr(fx.officerA, first, keyCsrFor(key->get()), secret());
        TIRKEU_VERIFY_OK(issued);
        const QString serial = issued->serialHex;
        fx.clock.set(almaty(2012, 9, 3, 10));
        RevokeRequest compromise;
        compromise.caCode = kNca;
        compromise.serial = serial;
        compromise.reasonCode = 1; // keyCompromise
        compromise.basisKind = QStringLiteral("holder_application");
        TIRKEU_VERIFY_OK(ca.revoke(fx.officerA, compromise));

        // In 2019 its retention has ended; an event of that day lets the sweep run there.
        fx.clock.set(almaty(2019, 6, 3, 10));
        const qint64 app = approvedOn(kIinThird, QDate(2019, 6, 3));
        QVERIFY(app > 0);
        auto swept = fx.reg->retention().sweep(fx.admin, m_out.filePath(QStringLiteral("archive")), false);
        TIRKEU_VERIFY_OK(swept);
        QCOMPARE(fx.count(QStringLiteral("certificates WHERE serial = '%1'").arg(serial)), qint64(0));
        auto verified = fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));

        // The compromised key is refused, named as such, compressed or not, and nothing is written.
        const qint64 events = fx.count(QStringLiteral("audit_events"));
        const qint64 certificates = fx.count(QStringLiteral("certificates"));
        for (const QByteArray& csr : {keyCsrFor(key->get()), compressedCsrFor(key->get())}) {
            auto refused = ca.issueFromCsr(fx.officerA, app, csr, secret());
            TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
            QVERIFY2(refused.message().contains(QStringLiteral("key compromise")) && refused.message().contains(serial),
                     qPrintable(refused.message()));
        }
        QCOMPARE(fx.count(QStringLiteral("certificates")), certificates);
        QCOMPARE(fx.count(QStringLiteral("audit_events")), events);
        // It is kept with its reason.
        QCOMPARE(fx.scalar(QStringLiteral("SELECT reason_code FROM retired_keys WHERE spki_sha256 = '%1'").arg(spki))
                     .toInt(),
                 1);
        // Nor does it become a CA's key.
        const Status asCaKey = CertifiedKeys::checkCaKey(fx.reg->db(), 0, spki, QString());
        TIRKEU_VERIFY_ERROR(asCaKey, ErrorCode::Conflict);
        QVERIFY2(asCaKey.message().contains(serial), qPrintable(asCaKey.message()));
        // A new key is fine.
        auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(ca.issueFromCsr(fx.officerA, app, keyCsrFor(other->get()), secret()));

        // The database keeps the list: no change, no deletion, no certificate row of a retired key.
        QVERIFY(!fx.exec(QStringLiteral("DELETE FROM retired_keys")).ok());
        QVERIFY(!fx.exec(QStringLiteral("UPDATE retired_keys SET spki_sha256 = 'x'")).ok());
        const Status planted = fx.exec(
            QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, "
                           "status, issued_by, issued_at, retention_until, spki_sha256) VALUES (?, '0B17', 'CN=X', "
                           "'individual', '2019-06-01T04:00:00.000Z', '2020-06-01T04:00:00.000Z', ?, 'valid', ?, "
                           "'2019-06-01T04:00:00.000Z', '2025-06-01T04:00:00.000Z', ?)"),
            {fx.ncaId, QByteArray::fromHex("3003020100"), fx.officerA.operatorId, spki});
        QVERIFY(!planted.ok());
        QVERIFY2(planted.message().contains(QStringLiteral("retired_keys")), qPrintable(planted.message()));
        QCOMPARE(fx.count(QStringLiteral("retired_keys WHERE spki_sha256 = '%1'").arg(spki)), qint64(1));

        // A row added by hand (refusing a key nobody retired) is bound to no event: the event log finds it.
        TIRKEU_VERIFY_OK(fx.exec(QStringLiteral("INSERT INTO retired_keys (spki_sha256, serial, ca_code, retired_at) "
                                                "VALUES ('00', '0B17', 'NCA', '2019-06-03T04:00:00.000Z')")));
        verified = fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->badTable, QStringLiteral("retired_keys"));

        // Deleted past its guard, as someone with the database file could, the event log finds the row the sweep
        // recorded (before it notices the missing guard).
        const QString retiredId =
            fx.scalar(QStringLiteral("SELECT id FROM retired_keys WHERE spki_sha256 = ?"), {spki}).toString();
        TIRKEU_VERIFY_OK(fx.dropTrigger(QStringLiteral("retired_keys_kept"), QStringLiteral("retired_keys")));
        TIRKEU_VERIFY_OK(fx.exec(QStringLiteral("DELETE FROM retired_keys")));
        verified = fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->badTable, QStringLiteral("retired_keys"));
        QCOMPARE(verified->badKey, retiredId);
    }
};

TIRKEU_TEST_GUILESS_MAIN(KeyReuseTest)
#include "tst_key_reuse.moc"
