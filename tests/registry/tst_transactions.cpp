// Transactions that cannot lie (registry/Database.h): an inner failure makes the whole outer
// transaction roll back and its commit() report the failure; a joined commit says it did not commit;
// work queued with afterCommit() runs only after the outermost commit succeeds and is discarded on a
// rollback. Each case writes rows into the register's meta table and checks what is really recorded
// (SQLite here, PostgreSQL in the .pg rerun).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Database.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TransactionsTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    int m_key = 0;

    Database& db() { return m_fx.reg->db(); }
    // A new meta row (a fresh key each time); true when the statement ran.
    QString put() {
        const QString key = QStringLiteral("tx-test-%1").arg(++m_key);
        auto q = db().exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, 'x')"), {key});
        return q ? key : QString();
    }
    bool recorded(const QString& key) {
        return m_fx.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = ?"), {key}).toInt() == 1;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.create(almaty(2026, 3, 2), false), qPrintable(m_fx.error)); }

    void init() { QVERIFY(!db().inTransaction()); }
    void cleanup() {
        // A failed case must not leave a transaction open for the next one.
        if (db().inTransaction())
            db().rollback();
    }

    void plainCommitRecordsAndSaysSo() {
        QString key;
        {
            Transaction tx(db());
            QVERIFY(tx.ok());
            QVERIFY(!tx.joined());
            key = put();
            QVERIFY(!key.isEmpty());
            CommitStatus c = tx.commit();
            QVERIFY(c.ok());
            QVERIFY(c.committed());
            QVERIFY(tx.committed());
        }
        QVERIFY(recorded(key));
    }

    // A transaction begun before the register's check has answered (Database::beginCheckedAtCommit, as a
    // full CRL's is) records its work at commit on a sound register; a transaction joined inside it is
    // decided by that commit like any other.
    void checkedAtCommitRecordsOnASoundRegister() {
        std::unique_ptr<Database> fresh; // SQLite: a connection of its own whose check has not run yet
        Database* d = &db();
        if (!onPostgres()) {
            auto opened = Database::open(m_fx.path());
            QVERIFY2(opened.ok(), qPrintable(opened.message()));
            fresh = std::move(opened.value());
            d = fresh.get();
            QVERIFY(!d->integrityChecked());
            d->startDamageCheck();
        }
        const QString key = QStringLiteral("tx-test-checked-%1").arg(++m_key);
        {
            Transaction tx(*d, Transaction::CheckedAtCommit{});
            QVERIFY2(tx.ok(), qPrintable(tx.status().message()));
            QVERIFY(!tx.joined());
            {
                Transaction inner(*d);
                QVERIFY(inner.joined());
                QVERIFY(d->exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, 'x')"), {key}).ok());
                QVERIFY(inner.commit().ok());
            }
            if (fresh) // another connection: the fixture's sees nothing before the outer commit
                QVERIFY(!recorded(key));
            CommitStatus c = tx.commit();
            QVERIFY2(c.ok(), qPrintable(c.message()));
            QVERIFY(c.committed());
        }
        QVERIFY(d->damageKnown());
        QCOMPARE(d->damage(), QString());
        if (fresh)
            QVERIFY(fresh->integrityChecked());
        QVERIFY(recorded(key));
    }

    void destroyedWithoutCommitRollsBack() {
        QString key;
        {
            Transaction tx(db());
            key = put();
        }
        QVERIFY(!db().inTransaction());
        QVERIFY(!recorded(key));
    }

    void joinedCommitDoesNotPretend() {
        QString outerKey, innerKey;
        Transaction outer(db());
        QVERIFY(outer.ok());
        outerKey = put();
        {
            Transaction inner(db());
            QVERIFY(inner.joined());
            innerKey = put();
            CommitStatus c = inner.commit();
            QVERIFY(c.ok());         // nothing failed so far
            QVERIFY(!c.committed()); // but nothing is recorded yet either
            QVERIFY(!inner.committed());
        }
        QVERIFY(db().inTransaction());
        QVERIFY(!db().rollbackOnly());
        CommitStatus c = outer.commit();
        QVERIFY2(c.ok(), qPrintable(c.message()));
        QVERIFY(c.committed());
        QVERIFY(recorded(outerKey));
        QVERIFY(recorded(innerKey));
    }

    void innerDestroyedWithoutCommitRollsBackTheOuter() {
        QString outerKey, innerKey;
        Transaction outer(db());
        outerKey = put();
        {
            Transaction inner(db());
            innerKey = put();
            // leaves without commit(): its work failed
        }
        QVERIFY(db().rollbackOnly());
        // The outer code ignores the failure and commits anyway: it must not record anything.
        CommitStatus c = outer.commit();
        QVERIFY(!c.ok());
        QVERIFY(!c.committed());
        QCOMPARE(c.code(), ErrorCode::Database);
        QVERIFY(!db().inTransaction());
        QVERIFY(!recorded(outerKey));
        QVERIFY(!recorded(innerKey));
    }

    void innerFailureReasonReachesTheOuterCommit() {
        Transaction outer(db());
        const QString key = put();
        {
            Transaction inner(db());
            inner.fail(makeError(ErrorCode::Conflict, QStringLiteral("the certificate is already revoked")));
            // A later joined transaction of the same outer one cannot commit either.
            Transaction sibling(db());
            CommitStatus s = sibling.commit();
            QVERIFY(!s.ok());
            QCOMPARE(s.code(), ErrorCode::Conflict);
        }
        CommitStatus c = outer.commit();
        QCOMPARE(c.code(), ErrorCode::Conflict);
        QCOMPARE(c.message(), QStringLiteral("the certificate is already revoked"));
        QVERIFY(!recorded(key));
    }

    void failedTransactWorkInsideAnOuterTransactionRollsBackTheOuter() {
        Transaction outer(db());
        const QString key = put();
        Status inner = db().transact([&]() -> Status {
            put();
            return makeError(ErrorCode::Invalid, QStringLiteral("inner work refused"));
        });
        QCOMPARE(inner.code(), ErrorCode::Invalid);
        QVERIFY(db().inTransaction()); // the outer transaction decides
        CommitStatus c = outer.commit();
        QCOMPARE(c.code(), ErrorCode::Invalid);
        QVERIFY(!recorded(key));
    }

    void rollbackOnlyDoesNotLeakIntoTheNextTransaction() {
        {
            Transaction outer(db());
            Transaction inner(db());
            inner.fail(makeError(ErrorCode::Invalid, QStringLiteral("x")));
        }
        QVERIFY(!db().rollbackOnly());
        Transaction next(db());
        const QString key = put();
        QVERIFY(next.commit().committed());
        QVERIFY(recorded(key));
    }

    void afterCommitRunsOnlyAfterTheOutermostCommit() {
        QStringList ran;
        Transaction outer(db());
        const QString key = put();
        {
            Transaction inner(db());
            db().afterCommit([&] { ran << QStringLiteral("first"); });
            QVERIFY(inner.commit().ok());
        }
        db().afterCommit([&] {
            // The data it depends on is already durable and no transaction is open.
            ran << (recorded(key) && !db().inTransaction() ? QStringLiteral("second") : QStringLiteral("too early"));
        });
        QVERIFY(ran.isEmpty());
        QVERIFY(outer.commit().committed());
        QCOMPARE(ran, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
        // Run once: a later transaction does not repeat it.
        Transaction later(db());
        put();
        QVERIFY(later.commit().committed());
        QCOMPARE(ran.size(), 2);
    }

    void afterCommitIsDiscardedOnRollback() {
        int ran = 0;
        {
            Transaction tx(db());
            put();
            db().afterCommit([&] { ++ran; });
        } // rolled back
        {
            Transaction outer(db());
            db().afterCommit([&] { ++ran; });
            {
                Transaction inner(db()); // fails
            }
            QVERIFY(!outer.commit().ok());
        }
        Transaction next(db());
        put();
        QVERIFY(next.commit().committed());
        QCOMPARE(ran, 0);
    }

    void afterCommitWithoutTransactionRunsAtOnce() {
        int ran = 0;
        db().afterCommit([&] { ++ran; });
        QCOMPARE(ran, 1);
    }

    void afterCommitWorkMayRecordInItsOwnTransaction() {
        QString followUp;
        {
            Transaction tx(db());
            put();
            db().afterCommit([&] {
                Transaction own(db());
                QVERIFY(!own.joined());
                followUp = put();
                QVERIFY(own.commit().committed());
            });
            QVERIFY(tx.commit().committed());
        }
        QVERIFY(!followUp.isEmpty());
        QVERIFY(recorded(followUp));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TransactionsTest)
#include "tst_transactions.moc"
