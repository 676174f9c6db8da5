// Attack of session 29 (F2): the application forms refused bidirectional controls and invisible characters, but
// free texts outside a form took them — a revocation's basis document, an operator's name, a decision's note, a
// calendar note — and the printed revocation journal showed letter No 125-43 where the register held 1234-5 (an
// U+202E inside it). Every one of them now obeys the forms' rule (forms::Validator::forbiddenCharacterIn): refused
// with the character named, nothing recorded.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/Backup.h"
#include "registry/CaEngine.h"
#include "registry/CalendarService.h"
#include "registry/Revocations.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QObject>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class FreeTextsTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    const QString m_rlo = QStringLiteral("\u202E");

    void expectRefused(const Status& s, qint64 eventsBefore) {
        QCOMPARE(s.code(), ErrorCode::Invalid);
        QVERIFY2(s.message().contains(u"U+202E"), qPrintable(s.message()));
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), eventsBefore);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.create(almaty(2026, 3, 2, 10)), qPrintable(m_fx.error)); }

    void basisDocumentOfARevocation() {
        CaEngine engine(*m_fx.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                             m_fx.dir.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya));
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *id));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto csr = pki::Csr::create(key->get(),
                                    pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinAliya));
        auto cert = engine.issueFromCsr(m_fx.officerA, *id, *csr, pki::SecretSource::literal(kCaPassphrase));
        TIRKEU_VERIFY_OK(cert);
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = cert->serialHex;
        r.reasonCode = Revocations::kKeyCompromise;
        r.basisKind = QStringLiteral("holder_application");
        r.basisDocument = QStringLiteral("Өтініш № 12") + m_rlo + QStringLiteral("34-5");
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        expectRefused(engine.revoke(m_fx.officerA, r), events);
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), qint64(0));
        r.basisDocument = QStringLiteral("Өтініш № 1234-5");
        TIRKEU_VERIFY_OK(engine.revoke(m_fx.officerA, r));

        // Lifting a hold records its basis document too (attack of session 30, A11).
        auto held = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond));
        TIRKEU_VERIFY_OK(held);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *held));
        auto heldKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto heldCsr = pki::Csr::create(
            heldKey->get(), pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinSecond));
        auto heldCert = engine.issueFromCsr(m_fx.officerA, *held, *heldCsr, pki::SecretSource::literal(kCaPassphrase));
        TIRKEU_VERIFY_OK(heldCert);
        r.serial = heldCert->serialHex;
        r.reasonCode = Revocations::kCertificateHold;
        TIRKEU_VERIFY_OK(engine.revoke(m_fx.officerA, r));
        ReleaseRequest release;
        release.caCode = kNca;
        release.serial = heldCert->serialHex;
        release.basisKind = QStringLiteral("holder_application");
        release.basisDocument = QStringLiteral("Өтініш № 12") + m_rlo + QStringLiteral("34-5");
        const qint64 beforeRelease = m_fx.count(QStringLiteral("audit_events"));
        expectRefused(engine.release(m_fx.officerA, release), beforeRelease);
        QCOMPARE(m_fx.count(QStringLiteral("hold_releases")), qint64(0));
        release.basisDocument = QStringLiteral("Өтініш № 1234-5");
        TIRKEU_VERIFY_OK(engine.release(m_fx.officerA, release));
    }

    // The employee who receives a Government Bodies CA's key media, the reason for a request made outside the CA
    // and a restore's rollback reason are recorded and shown (attack of session 30, A11: the certificate details
    // showed the order No 17-ө of 07.12.2026 as "ө-71" and "6202.21.70").
    void recipientOutsideReasonAndRestoreReason() {
        MediaRecipient recipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"),
                                 QStringLiteral("№ 17-ө"), QDate(2026, 12, 7)};
        TIRKEU_VERIFY_OK(Rules::mediaRecipient(recipient));
        for (QString* text : {&recipient.name, &recipient.position, &recipient.orderNumber}) {
            const QString kept = *text;
            text->insert(2, m_rlo);
            const Status refused = Rules::mediaRecipient(recipient);
            QCOMPARE(refused.code(), ErrorCode::Invalid);
            QVERIFY2(refused.message().contains(u"U+202E"), qPrintable(refused.message()));
            *text = kept;
        }
        RulesEdition rules;
        rules.govKeys.outsideCsrAllowed = true;
        TIRKEU_VERIFY_OK(Rules::governmentIssuance(rules, true, false, QStringLiteral("TK-1"),
                                                   QStringLiteral("токен бұзылған"), recipient, QDate()));
        const Status outside = Rules::governmentIssuance(rules, true, false, QStringLiteral("TK-1"),
                                                         QStringLiteral("токен ") + m_rlo + QStringLiteral("бұзылған"),
                                                         recipient, QDate());
        QCOMPARE(outside.code(), ErrorCode::Invalid);
        QVERIFY2(outside.message().contains(u"U+202E"), qPrintable(outside.message()));

        RestoreOptions options;
        options.replace = true;
        options.acceptRollback = true;
        options.reason = QStringLiteral("Бұйрық № 1") + m_rlo + QStringLiteral("23");
        auto restored = Backup::restore(m_fx.dir.filePath(QStringLiteral("no-such.backup")),
                                        m_fx.dir.filePath(QStringLiteral("other.sqlite")), options);
        TIRKEU_VERIFY_ERROR(restored, ErrorCode::Invalid);
        QVERIFY2(restored.message().contains(u"U+202E"), qPrintable(restored.message()));
    }

    void operatorsName() {
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        auto added = m_fx.reg->operators().add(m_fx.admin, QStringLiteral("off3"),
                                               QStringLiteral("Серікова ") + m_rlo + QStringLiteral("Айгүл"),
                                               Role::Officer, kPassword);
        expectRefused(added.ok() ? Status() : Status(added.error()), events);
        auto filler = m_fx.reg->operators().add(m_fx.admin, QStringLiteral("off4"), QStringLiteral("\u3164"),
                                                Role::Officer, kPassword);
        QCOMPARE(filler.code(), ErrorCode::Invalid);
        QVERIFY2(filler.message().contains(u"U+3164"), qPrintable(filler.message()));
    }

    void notesOfADecisionAndOfTheCalendar() {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond));
        TIRKEU_VERIFY_OK(id);
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        expectRefused(m_fx.reg->applications().reject(m_fx.officerB, *id, QStringLiteral("NCA-DOCS-MISSING"),
                                                      QStringLiteral("№ 12") + m_rlo + QStringLiteral("34")),
                      events);
        expectRefused(CalendarService(*m_fx.reg).set(m_fx.admin, QDate(2026, 3, 23), false,
                                                     QStringLiteral("Наурыз ") + m_rlo + QStringLiteral("мейрамы")),
                      events);
    }
};

TIRKEU_TEST_GUILESS_MAIN(FreeTextsTest)
#include "tst_free_texts.moc"
