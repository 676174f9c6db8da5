// Attack of session 29 (F5): the register's `meta` rows are bound to nothing (no guard trigger, not in the event
// chain), and the PostgreSQL application role (or an edited backup) wrote three marks Tirkeu trusted:
//  - moved_to: every write stopped and Tirkeu told the staff to point every workstation, the OCSP responder and
//    the CRL job at the address the attacker chose; now a mark no register.migrated_out event explains stops
//    writes without naming any address, and audit verify fails on it;
//  - audit_key_spki/audit_key_uri: honest anchors read as forged and checkpoints were signed with the stranger's
//    key; now the key must be the one the newest audit.key_set event set up, or nothing is signed with it;
//  - audit_signed_through: every later event was dated the day after the mark (the year 2100); now a mark after
//    the clock's today dates nothing, audit verify fails on it and no anchor is signed over it. (A mark up to
//    today is taken: a signing clock one day ahead is tolerated, so dates can still be pushed by under a day.)

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/CaKey.h"
#include "pki/KeyGenerator.h"
#include "registry/AuditLog.h"
#include "registry/Database.h"

#include <QObject>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class MetaMarksTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;

    QByteArray newPublicKey() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return {};
        auto held = pki::CaKey::fromPrivateKey(std::move(key.value()));
        return held ? (*held)->publicKeyDer() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.create(almaty(2026, 3, 2, 10)), qPrintable(m_fx.error)); }

    void plantedMovedMarkNamesNoAddress() {
        const QString evil = QStringLiteral("postgresql://app@ca-backup.evil.example/register");
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moved_to', ?)"), {evil}));
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        auto refused = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond));
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Integrity);
        QVERIFY2(!refused.message().contains(u"evil") && refused.message().contains(u"outside Tirkeu"),
                 qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        QVERIFY2(!m_fx.reg->movedTo().contains(u"evil"), qPrintable(m_fx.reg->movedTo()));
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QVERIFY2(verified->problem.contains(u"no event"), qPrintable(verified->problem));
        // Taken away again, the register takes writes.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("DELETE FROM meta WHERE key = 'moved_to'")));
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)));
    }

    // Attack of session 30 (A3): a planted moving_from (the mark of db migrate's copy until the source is retired)
    // made the register in use refuse every write as "the copy db migrate was making" while audit verify said it was
    // intact. A moving_from its event log does not explain — the log of a copy ends in the copy's register.migrated
    // naming that source — is an unexplained mark: writes refused naming no register, audit verify fails on meta.
    void plantedMovingFromMarkIsUnexplained() {
        const QString other = QStringLiteral("/srv/tirkeu/other-register.sqlite");
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moving_from', ?)"), {other}));
        QCOMPARE(int(m_fx.reg->db().moveState().kind), int(Database::MoveState::Kind::UnexplainedMark));
        QVERIFY(m_fx.reg->unconfirmedMoveFrom().isEmpty());
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        auto refused = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinThird));
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Integrity);
        QVERIFY2(!refused.message().contains(u"other-register") && refused.message().contains(u"outside Tirkeu") &&
                     !refused.message().contains(u"db migrate again"),
                 qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->badTable, QStringLiteral("meta"));
        QCOMPARE(verified->badKey, QStringLiteral("moving_from"));
        QVERIFY2(verified->problem.contains(u"moving_from"), qPrintable(verified->problem));
        // Nor does a register.migrated naming another source explain it.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("DELETE FROM meta WHERE key = 'moving_from'")));
        const QString source = QStringLiteral("/srv/tirkeu/source.sqlite");
        TIRKEU_VERIFY_OK(m_fx.reg->db().transact([&]() -> Status {
            auto ev = m_fx.reg->audit().append(QStringLiteral("admin"), QStringLiteral("here"),
                                               QStringLiteral("register.migrated"), {{QStringLiteral("from"), source}});
            return ev ? Status() : Status(ev.error());
        }));
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moving_from', ?)"), {other}));
        QCOMPARE(int(m_fx.reg->db().moveState().kind), int(Database::MoveState::Kind::UnexplainedMark));
        // Naming the source of the log's last event, a register.migrated, it is the copy's own mark.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'moving_from'"), {source}));
        QCOMPARE(int(m_fx.reg->db().moveState().kind), int(Database::MoveState::Kind::UnconfirmedCopy));
        // Not once the register has recorded anything after that event.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("DELETE FROM meta WHERE key = 'moving_from'")));
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinThird)));
        TIRKEU_VERIFY_OK(
            m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moving_from', ?)"), {source}));
        QCOMPARE(int(m_fx.reg->db().moveState().kind), int(Database::MoveState::Kind::UnexplainedMark));
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("DELETE FROM meta WHERE key = 'moving_from'")));
    }

    void auditKeyChangedOutsideTirkeuSignsNothing() {
        const QByteArray honest = newPublicKey();
        QVERIFY(!honest.isEmpty());
        TIRKEU_VERIFY_OK(
            m_fx.reg->audit().setAuditKey(m_fx.admin, QStringLiteral("file:/etc/tirkeu/audit.p8"), honest, false));
        TIRKEU_VERIFY_OK(m_fx.reg->audit().auditKey());
        const QByteArray stranger = newPublicKey();
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'audit_key_spki'"),
                                   {QString::fromLatin1(stranger.toBase64())}));
        TIRKEU_VERIFY_ERROR(m_fx.reg->audit().auditKey(), ErrorCode::Integrity);
        // The location alone changed is refused as well.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'audit_key_spki'"),
                                   {QString::fromLatin1(honest.toBase64())}));
        TIRKEU_VERIFY_OK(m_fx.reg->audit().auditKey());
        TIRKEU_VERIFY_OK(
            m_fx.exec(QStringLiteral("UPDATE meta SET value = 'file:/tmp/evil.p8' WHERE key = 'audit_key_uri'")));
        TIRKEU_VERIFY_ERROR(m_fx.reg->audit().auditKey(), ErrorCode::Integrity);
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("UPDATE meta SET value = 'file:/etc/tirkeu/audit.p8' WHERE key = 'audit_key_uri'")));
        // Replaced through Tirkeu (an event), the new key is the register's.
        TIRKEU_VERIFY_OK(
            m_fx.reg->audit().setAuditKey(m_fx.admin, QStringLiteral("file:/etc/tirkeu/audit2.p8"), stranger, true));
        auto now = m_fx.reg->audit().auditKey();
        TIRKEU_VERIFY_OK(now);
        QCOMPARE(now->publicKey, stranger);
    }

    void plantedClosedDayMarkDatesNothing() {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        auto held = pki::CaKey::fromPrivateKey(pki::EvpPkeyPtr(EVP_PKEY_dup(key->get())));
        TIRKEU_VERIFY_OK(held);
        TIRKEU_VERIFY_OK(m_fx.reg->audit().setAuditKey(m_fx.admin, QStringLiteral("file:/etc/tirkeu/audit3.p8"),
                                                       (*held)->publicKeyDer(), true));
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('audit_signed_through', "
                                                  "'2100-01-01') ON CONFLICT (key) DO UPDATE SET value = "
                                                  "excluded.value")));
        const qint64 before = m_fx.count(QStringLiteral("audit_events"));
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinThird)));
        auto rows = m_fx.reg->db().rows(QStringLiteral("SELECT ts FROM audit_events WHERE seq > ?"), {before});
        TIRKEU_VERIFY_OK(rows);
        QVERIFY(!rows->empty());
        for (const QVariantList& row : *rows)
            QCOMPARE(fromDbTime(row.at(0).toString()), m_fx.clock.now());
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->badTable, QStringLiteral("meta"));
        QVERIFY2(verified->problem.contains(u"outside Tirkeu"), qPrintable(verified->problem));
        TIRKEU_VERIFY_ERROR(m_fx.reg->audit().signedAnchor(m_fx.clock.today().addDays(-1), key->get()),
                            ErrorCode::Integrity);
        // Yesterday's mark (a finished day) is taken as before: the job signs again.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'audit_signed_through'"),
                                   {toDbDate(m_fx.clock.today().addDays(-1))}));
        TIRKEU_VERIFY_OK(m_fx.reg->audit().signedAnchor(m_fx.clock.today().addDays(-1), key->get()));
    }
};

TIRKEU_TEST_GUILESS_MAIN(MetaMarksTest)
#include "tst_meta_marks.moc"
