// Attack of session 28 (F6): `db migrate` left the source register live and unaware — no event in it named the
// copy, both kept one register_id, a revocation made in the old register afterwards was missing from the new
// one (whose OCSP said good) and the two chains forked. Now the source records register.migrating before a byte
// of the copy exists; the copy is made with the source's writer lock held and, in that same transaction, the
// source records register.migrated_out and a mark (meta moved_to) that refuses every later write on it, naming
// the new location; reads go on. The new register's chain continues the source's (register.migrated follows
// register.migrated_out): no fork. audit verify names a moved register, and fails one whose chain says it was
// moved but whose mark was deleted (sqlite3 on the file). Runs on both engines as the source; the target is a
// SQLite file.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Backup.h"
#include "registry/Database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class RegisterMoveTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

    QStringList eventTypes(Database& db, qint64 fromSeq) {
        QStringList out;
        auto q = db.exec(QStringLiteral("SELECT event_type FROM audit_events WHERE seq >= ? ORDER BY seq"), {fromSeq});
        if (q)
            while (q->next())
                out << q->value(0).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya)));
    }

    void migratedSourceRecordsTheMoveAndRefusesWrites() {
        const QString target = m_out.filePath(QStringLiteral("moved.sqlite"));
        const qint64 head = m_fx.scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
        const QString registerId =
            m_fx.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'")).toString();
        auto moved = Backup::migrate(*m_fx.reg, m_fx.admin, target);
        TIRKEU_VERIFY_OK(moved);

        // The source names the copy: register.migrating (before the copy), then register.migrated_out with the
        // mark, in the copy's transaction.
        QCOMPARE(eventTypes(m_fx.reg->db(), head + 1),
                 (QStringList{QStringLiteral("register.migrating"), QStringLiteral("register.migrated_out")}));
        const QJsonObject started =
            QJsonDocument::fromJson(m_fx.scalar(QStringLiteral("SELECT details FROM audit_events WHERE "
                                                               "event_type = 'register.migrating'"))
                                        .toString()
                                        .toUtf8())
                .object();
        QCOMPARE(started.value(QStringLiteral("to")).toString(), target);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'moved_to'")).toString(), target);

        // The new register continues the source's chain (no fork), without the mark, and takes writes.
        {
            auto copy = Register::open(target, Register::OpenMode::Existing, &m_fx.clock);
            TIRKEU_VERIFY_OK(copy);
            QCOMPARE(eventTypes((*copy)->db(), head + 1),
                     (QStringList{QStringLiteral("register.migrating"), QStringLiteral("register.migrated_out"),
                                  QStringLiteral("register.migrated")}));
            QCOMPARE((*copy)
                         ->db()
                         .scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {head + 2})
                         ->toString(),
                     m_fx.scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {head + 2}).toString());
            QCOMPARE((*copy)->db().scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'moved_to'"))->toInt(),
                     0);
            QCOMPARE(
                (*copy)->db().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'register_id'"))->toString(),
                registerId);
            TIRKEU_VERIFY_OK(
                (*copy)->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)));
            auto verified = (*copy)->audit().verify();
            TIRKEU_VERIFY_OK(verified);
            TIRKEU_VERIFY_INTACT(verified);
        }

        // Every write on the source is refused, naming the new location; nothing is recorded.
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        const qint64 applications = m_fx.count(QStringLiteral("applications"));
        auto refused = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond));
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(target), qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        QCOMPARE(m_fx.count(QStringLiteral("applications")), applications);
        // A second move of the retired register is refused too.
        auto again = Backup::migrate(*m_fx.reg, m_fx.admin, m_out.filePath(QStringLiteral("again.sqlite")));
        TIRKEU_VERIFY_ERROR(again, ErrorCode::Conflict);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);

        // Reads go on: signing in, reading, verifying (which names the move).
        TIRKEU_VERIFY_OK(m_fx.reg->operators().signIn(m_fx.officerA.login, kPassword));
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        TIRKEU_VERIFY_INTACT(verified);
        QVERIFY2(verified->warnings.join(u'|').contains(target), qPrintable(verified->warnings.join(u'|')));
        // A new connection (another workstation, the CLI, the responder) is refused at its first write as well.
        m_fx.close();
        QVERIFY(m_fx.open());
        TIRKEU_VERIFY_ERROR(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)),
            ErrorCode::Conflict);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
    }

    // A retired register is not written over by a restore either (it would live on beside the register in use,
    // under the same identity): refused, nothing changed.
    void restoreOverTheMovedRegisterIsRefused() {
        if (onPostgres())
            QSKIP("db restore --replace overwrites SQLite registers only (PostgreSQL restores into an empty database)");
        const QString target = m_out.filePath(QStringLiteral("moved.sqlite"));
        const QString backup = m_out.filePath(QStringLiteral("of-the-new.sqlite"));
        {
            auto copy = Register::open(target, Register::OpenMode::Existing, &m_fx.clock);
            TIRKEU_VERIFY_OK(copy);
            TIRKEU_VERIFY_OK(Backup::backup(**copy, m_fx.admin, backup));
        }
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        m_fx.close();
        const auto reopen = qScopeGuard([this] {
            if (!m_fx.reg)
                (void)m_fx.open();
        });
        RestoreOptions options;
        options.login = m_fx.admin.login;
        options.password = kPassword;
        options.clock = &m_fx.clock; // the register's: it dates the restore's event
        options.replace = true;
        options.acceptRollback = true;
        options.reason = QStringLiteral("сынақ");
        auto refused = Backup::restore(backup, m_fx.path(), options);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Conflict);
        QVERIFY2(refused.message().contains(target), qPrintable(refused.message()));
        QVERIFY(m_fx.open());
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'moved_to'")).toString(), target);
    }

    // Whoever deletes the mark (sqlite3 or psql on the source) cannot delete what the chain says: audit verify
    // fails the register whose event log records its move while it takes writes again.
    void deletedMarkIsFoundByAuditVerify() {
        const qint64 movedOut =
            m_fx.scalar(QStringLiteral("SELECT seq FROM audit_events WHERE event_type = 'register.migrated_out'"))
                .toLongLong();
        QVERIFY(movedOut > 0);
        TIRKEU_VERIFY_OK(m_fx.reg->db().exec(QStringLiteral("DELETE FROM meta WHERE key = 'moved_to'")));
        // Writes go through again…
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinSecond)));
        // …and the register's own verification names the move the chain recorded.
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(!verified->ok);
        QCOMPARE(verified->firstBadSeq, movedOut);
        QVERIFY2(verified->problem.contains(m_out.filePath(QStringLiteral("moved.sqlite"))),
                 qPrintable(verified->problem));
    }
};

TIRKEU_TEST_GUILESS_MAIN(RegisterMoveTest)
#include "tst_register_move.moc"
