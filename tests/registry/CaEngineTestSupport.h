#pragma once
// What the CA engine tests beyond a single root CA share (tst_caengine_import, tst_caengine_holders; a holder's
// certificate through an approved application, issueToHolder, also tst_backup_control and tst_stale_register): one
// register for the whole program (initTestCase, 2 March 2026; the tests build on each other in declaration order) and a
// folder for the keys and files they write; an application submitted by the operator and approved by the second
// officer in one step; a holder's request; a National CA whose key waits for its certificate; and the National CA
// of the register certified by its Root CA, as `ca init --parent` and `ca import-cert` leave it.

#include "common/RegistryFixture.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace tirkeu::test {

// A certificate of the National CA (its key readable with kCaPassphrase) for the holder `iin`, through an application
// the operator submits and the second officer approves; its serial, empty on failure.
inline QString issueToHolder(RegistryFixture& fx, const QString& iin) {
    auto id = fx.reg->applications().submit(fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(iin));
    if (!id || !fx.reg->applications().approve(fx.officerB, *id))
        return {};
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    auto csr =
        pki::Csr::create(key->get(), pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, iin));
    auto cert =
        registry::CaEngine(*fx.reg).issueFromCsr(fx.officerA, *id, *csr, pki::SecretSource::literal(kCaPassphrase));
    return cert ? cert->serialHex : QString();
}

class CaEngineHarness {
protected:
    static inline const QString kRootPassphrase = QStringLiteral("Түбір-кілт-2026-құпия");
    static inline const QString kHolderPassword = QStringLiteral("Ұстаушы-2026");

    // A ROOT-ISSUE application: the Root CA certifies the subordinate CA named `caName`.
    static forms::Submission rootIssue(const QString& caName) {
        forms::Submission s;
        s.data = QJsonObject{{QStringLiteral("country"), QStringLiteral("Қазақстан")},
                             {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
                             {QStringLiteral("city"), QStringLiteral("Астана")},
                             {QStringLiteral("org_name"), QStringLiteral("«Ұлттық ақпараттық технологиялар» АҚ")},
                             {QStringLiteral("ca_name"), caName},
                             {QStringLiteral("email"), QStringLiteral("pki@nitec.kz")},
                             {QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")}},
                             {QStringLiteral("validity"), QStringLiteral("5y")},
                             {QStringLiteral("application_date"), QStringLiteral("2026-03-02")},
                             {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Мұрат")}};
        s.attachments = {QStringLiteral("accreditation_certificate_copy")};
        s.consent = true;
        return s;
    }

    registry::CaEngine engine() { return registry::CaEngine(*m_fx.reg); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kRootPassphrase); }
    QString path(const char* name) const { return m_out.filePath(QString::fromLatin1(name)); }
    qint64 count(const char* table) { return m_fx.count(QString::fromLatin1(table)); }

    // initTestCase: the register (staff and three CAs, none with a key yet) and the output folder.
    void createRegister() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
    }

    // The application `form` of CA `ca`, submitted and approved; 0 on failure.
    qint64 approved(const QString& ca, const QString& form, const forms::Submission& s) {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, ca, form, s);
        if (!id) {
            qWarning("%s", qPrintable(id.message()));
            return 0;
        }
        if (!m_fx.reg->applications().approve(m_fx.officerB, *id))
            return 0;
        return *id;
    }

    // A holder's request for a new P-256 key (empty on failure: the issuance fails).
    QByteArray holderCsr() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return {};
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinSecond));
        return csr ? *csr : QByteArray();
    }

    QString applicationStatus(qint64 id) {
        return m_fx.scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {id}).toString();
    }

    // A column of CA `code`'s row in the register.
    QVariant caColumn(const char* column, const QString& code) {
        return m_fx.scalar(QStringLiteral("SELECT %1 FROM cas WHERE code = ?").arg(QString::fromLatin1(column)),
                           {code});
    }
    QByteArray caSettings(const QString& code) { return caColumn("settings", code).toByteArray(); }

    // A new CA key in the file `fileName` of the output folder, under the Root CA's passphrase.
    registry::CaKeySpec keyFile(const QString& fileName,
                                pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::EcP256) const {
        registry::CaKeySpec key;
        key.algorithm = algorithm;
        key.keyPath = m_out.filePath(fileName);
        key.passphrase = kRootPassphrase;
        return key;
    }

    // A National CA (or one of `kind`) `code` named `name`, added to the register, whose P-256 key (file
    // `code`.p8) waits for its certificate: its request.
    Result<pki::Csr> waitingCa(const QString& code, const QString& name, forms::CaKind kind = forms::CaKind::National) {
        auto added = m_fx.reg->cas().add(m_fx.admin, code, name, kind, {});
        if (!added)
            return added.error();
        auto sub = engine().createSubordinateCa(m_fx.admin, code, keyFile(code + QStringLiteral(".p8")));
        if (!sub)
            return sub.error();
        return pki::Csr::parse(sub->csrPem);
    }

    // initTestCase: the register, with the Root CA's key (root.p8, RSA-2048, 20 years) and the National CA's
    // (nca.p8, RSA-2048), certified by the Root CA through a ROOT-ISSUE application and imported (what
    // tst_caengine_subordinate's first test checks step by step).
    void createRegisterWithNationalCa() {
        createRegister();
        if (QTest::currentTestFailed())
            return;
        TIRKEU_VERIFY_OK(
            engine().createRootCa(m_fx.admin, kRoot, pki::KeyAlgorithm::Rsa2048, path("root.p8"), kRootPassphrase, 20));
        auto sub = engine().createSubordinateCa(m_fx.admin, kNca,
                                                keyFile(QStringLiteral("nca.p8"), pki::KeyAlgorithm::Rsa2048));
        TIRKEU_VERIFY_OK(sub);
        auto nca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(nca);
        const qint64 app = approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(nca->name));
        QVERIFY(app > 0);
        auto issued = engine().issueFromCsr(m_fx.officerA, app, sub->csrPem, secret());
        TIRKEU_VERIFY_OK(issued);
        TIRKEU_VERIFY_OK(engine().importCaCertificate(m_fx.admin, kNca, issued->der));
    }

    RegistryFixture m_fx;
    QTemporaryDir m_out;
};

} // namespace tirkeu::test
