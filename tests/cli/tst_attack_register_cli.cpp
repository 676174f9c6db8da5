// Attacks on the register's unguarded tables and on its clocks, run against the real tirkeu-cli on the scene of
// AttackHarness.h:
//  3. PostgreSQL: the application role's own edits of crl_partitions and crl_partition_members are refused by
//     crl publish and found by audit verify;
//  4. two partitions' URLs swapped together with their members (every member still agrees with its
//     certificate): each partition's CRL file would carry the other's issuingDistributionPoint;
//  5. a writer's clock far from the PostgreSQL server's (session 32), and one hash-correct event dated 31.12.2099
//     appended by the programs' own access (the application role on PostgreSQL): it dated every later revocation
//     and CRL 2099 (attack of session 30, A6); now refused, named.
// The attacks on the files the programs write: tst_attack_cli. docs/wip/attack-tests.md maps each attack to its
// function.
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "tests/cli/AttackHarness.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>

using namespace tirkeu;
using namespace tirkeu::test;

class TestAttackRegisterCli : public QObject, public tirkeu::test::AttackHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createPartitionedScene(); }

    // 3. PostgreSQL: what the application role (the programs' own login) can do to the partition tables
    // is either refused by the database or refused by crl publish (exit 8, nothing reserved) and found
    // by audit verify (exit 8); put back, both work again.
    void applicationRolePartitionEditsAreFound_data() {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<QString>("named"); // what the refusal names
        QTest::addRow("membership moved") << "moved"
                                          << "serial";
        QTest::addRow("membership deleted") << "deleted"
                                            << "serial";
        QTest::addRow("partition URL changed") << "url"
                                               << "elsewhere.crl";
        QTest::addRow("every partition deleted") << "all"
                                                 << "crl_partitions";
    }
    void applicationRolePartitionEditsAreFound() {
        if (!onPostgres())
            QSKIP(
                "PostgreSQL roles (on SQLite whoever writes the file can change anything: cli.tst_crl_partition_cli)");
        QFETCH(QString, attack);
        QFETCH(QString, named);
        QVERIFY2(QUrl(m_db).userName() == u"tirkeu_app", qPrintable(m_db));
        // TRUNCATE is not granted at all.
        QVERIFY(!attackSql(QStringLiteral("TRUNCATE crl_partition_members")).ok());
        QVERIFY(!attackSql(QStringLiteral("TRUNCATE crl_partitions CASCADE")).ok());
        const Holder& h = m_holders.first();
        const QString label =
            scalar(QStringLiteral("SELECT label FROM crl_partition_members WHERE serial = ?"), {h.serial}).toString();
        QVERIFY(!label.isEmpty());
        QList<QVariantList> partitions;
        QList<QVariantList> members;
        {
            auto db = registry::Database::open(m_db);
            TIRKEU_VERIFY_OK(db);
            auto p = (*db)->exec(QStringLiteral("SELECT ca_id, label, url, created_at FROM crl_partitions"));
            TIRKEU_VERIFY_OK(p);
            while (p->next())
                partitions << QVariantList{p->value(0), p->value(1), p->value(2), p->value(3)};
            auto m = (*db)->exec(QStringLiteral("SELECT ca_id, serial, label FROM crl_partition_members"));
            TIRKEU_VERIFY_OK(m);
            while (m->next())
                members << QVariantList{m->value(0), m->value(1), m->value(2)};
        }
        bool done = false;
        if (attack == u"moved")
            done = attackSql(QStringLiteral("UPDATE crl_partition_members SET label = (SELECT min(label) FROM "
                                            "crl_partitions WHERE label <> ?) WHERE serial = ?"),
                             {label, h.serial})
                       .ok();
        else if (attack == u"deleted")
            done = attackSql(QStringLiteral("DELETE FROM crl_partition_members WHERE serial = ?"), {h.serial}).ok();
        else if (attack == u"url")
            done = attackSql(QStringLiteral(
                                 "UPDATE crl_partitions SET url = 'http://crl.test.kz/elsewhere.crl' WHERE label = ?"),
                             {label})
                       .ok();
        else
            done = attackSql(QStringLiteral("DELETE FROM crl_partition_members")).ok() &&
                   attackSql(QStringLiteral("DELETE FROM crl_partitions")).ok();
        qInfo("the application role's %s: %s by the database", qPrintable(attack), done ? "allowed" : "refused");
        if (!done) {
            // Refused by the database: nothing else to show.
            QCOMPARE(count(QStringLiteral("crl_partition_members")), members.size());
            return;
        }
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 8, qPrintable(QStringLiteral("crl publish after the application role's %1: %2 %3")
                                                     .arg(attack)
                                                     .arg(published.code)
                                                     .arg(published.out + published.err)));
        const QString expected = named == u"serial" ? h.serial : named;
        QVERIFY2(published.err.contains(expected), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(expected), qPrintable(verify.out + verify.err));
        // Put back (the application role can): both work again.
        QVERIFY(attackSql(QStringLiteral("DELETE FROM crl_partition_members")).ok());
        QVERIFY(attackSql(QStringLiteral("DELETE FROM crl_partitions")).ok());
        for (const QVariantList& row : std::as_const(partitions))
            QVERIFY(attackSql(QStringLiteral("INSERT INTO crl_partitions (ca_id, label, url, created_at) VALUES "
                                             "(?, ?, ?, ?)"),
                              row)
                        .ok());
        for (const QVariantList& row : std::as_const(members))
            QVERIFY(attackSql(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) VALUES (?, "
                                             "?, ?)"),
                              row)
                        .ok());
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = auditVerify();
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // 4. The two partitions' URLs swapped, and their members moved with them: every member still agrees
    // with its certificate's cRLDistributionPoints, but the file <CA>-<label>.crl that a partition's URL
    // is served from would carry the other partition's issuingDistributionPoint and revocations — a
    // relying party fetching a revoked certificate's CRL gets one that does not cover it (soft-fail:
    // accepted). Refused by crl publish and found by audit verify; put back, both work again.
    void swappedPartitionUrlsAreRefusedAndFound() {
        QList<QVariantList> partitions;
        {
            auto db = registry::Database::open(m_db);
            TIRKEU_VERIFY_OK(db);
            auto p = (*db)->exec(QStringLiteral("SELECT label, url FROM crl_partitions ORDER BY label"));
            TIRKEU_VERIFY_OK(p);
            while (p->next())
                partitions << QVariantList{p->value(0), p->value(1)};
        }
        QCOMPARE(partitions.size(), 2);
        const QString a = partitions.at(0).at(0).toString();
        const QString b = partitions.at(1).at(0).toString();
        const QString urlA = partitions.at(0).at(1).toString();
        const QString urlB = partitions.at(1).at(1).toString();
        // Partition a gets URL forA, b gets forB, and the members of a and b change places.
        auto exchange = [&](const QString& forA, const QString& forB) -> bool {
            return attackSql(QStringLiteral("UPDATE crl_partitions SET url = 'swap' WHERE label = ?"), {a}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partitions SET url = ? WHERE label = ?"), {forB, b}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partitions SET url = ? WHERE label = ?"), {forA, a}).ok() &&
                   attackSql(QStringLiteral("UPDATE crl_partition_members SET label = CASE WHEN label = ? THEN ? ELSE "
                                            "? END WHERE label IN (?, ?)"),
                             {a, b, a, a, b})
                       .ok();
        };
        auto swap = [&] { return exchange(urlB, urlA); };
        auto swapBack = [&] { return exchange(urlA, urlB); };
        QVERIFY(swap());
        // A holder of partition a, revoked: the CRL file of partition a is what its URL serves.
        Holder victim;
        for (const Holder& h : std::as_const(m_holders))
            if (h.cdp == urlA)
                victim = h;
        QVERIFY(!victim.serial.isEmpty());
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        if (published.code == 0) {
            const QString served = QDir(crlDir()).filePath(QStringLiteral("NCA-%1.crl.pem").arg(a));
            const Tool v = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                    path(QStringLiteral("nca.pem")), QStringLiteral("-CRLfile"), served, victim.pem});
            (void)swapBack(); // put back for the next tests
            QFAIL(qPrintable(QStringLiteral("published after the swap; openssl verify -crl_check of revoked %1 with "
                                            "%2 (the file its URL %3 is served from): %4")
                                 .arg(victim.serial, served, victim.cdp, v.output.trimmed())));
        }
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(QStringLiteral("crl_partitions")), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("crl_partitions")),
                 qPrintable(verify.out + verify.err));
        QVERIFY(swapBack());
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = auditVerify();
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // The price left by the fix of A6 (session 31): a workstation whose clock runs more than a day ahead wrote events
    // dated then, and every other workstation's writes stopped until a restore; one behind backdated its revocations.
    // On PostgreSQL each write transaction now compares this computer's clock with the server's (libfaketime moves
    // the CLI's clock only): two days ahead or an hour behind is refused, changing nothing; two minutes is
    // tolerated. SQLite has no second clock.
    void writerWithAClockFarFromTheServersIsRefused() {
        if (!onPostgres())
            QSKIP("SQLite has no server clock to compare with (README: Limits)");
        const QString faketime = QStringLiteral("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
        QVERIFY2(QFile::exists(faketime), "scripts/install-deps.sh installs faketime");
        const Holder h = issueHolder(80);
        QVERIFY(!h.serial.isEmpty());
        const QStringList revokeArgs{QStringLiteral("certificate"),
                                     QStringLiteral("revoke"),
                                     QStringLiteral("--ca"),
                                     QStringLiteral("NCA"),
                                     QStringLiteral("--serial"),
                                     h.serial,
                                     QStringLiteral("--reason"),
                                     QStringLiteral("key_compromise"),
                                     QStringLiteral("--basis"),
                                     QStringLiteral("holder_application"),
                                     QStringLiteral("--basis-document"),
                                     QStringLiteral("өтініш №9"),
                                     QStringLiteral("--ca-passphrase-file"),
                                     path(QStringLiteral("ca.pass"))};
        const int events = count(QStringLiteral("audit_events"));
        const int revocations = count(QStringLiteral("revocations"));
        const QString newest = scalar(QStringLiteral("SELECT max(ts) FROM audit_events")).toString();
        for (const char* shift : {"+2d", "-1h"}) {
            const Child c = runChild(revokeArgs, {{QStringLiteral("LD_PRELOAD"), faketime},
                                                  {QStringLiteral("FAKETIME"), QString::fromLatin1(shift)}});
            QVERIFY2(!c.killed && c.code == 7, qPrintable(QString::number(c.code) + u' ' + c.output));
            QVERIFY2(c.output.contains(QStringLiteral("database server's")) &&
                         c.output.contains(QStringLiteral("nothing is recorded")),
                     qPrintable(c.output));
            QCOMPARE(count(QStringLiteral("audit_events")), events);
            QCOMPARE(count(QStringLiteral("revocations")), revocations);
            QCOMPARE(scalar(QStringLiteral("SELECT max(ts) FROM audit_events")).toString(), newest);
        }
        const Child near = runChild(revokeArgs, {{QStringLiteral("LD_PRELOAD"), faketime},
                                                 {QStringLiteral("FAKETIME"), QStringLiteral("+2m")}});
        QVERIFY2(near.code == 0, qPrintable(near.output));
        QCOMPARE(count(QStringLiteral("revocations")), revocations + 1);
        const Run verify = auditVerify();
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

    // 5. Attack of session 30 (A6), its script 25: one register.backed_up event dated 31.12.2099, linked and hashed
    // right, appended with the programs' own access (the application role on PostgreSQL). Every later event
    // (a key compromise, the CRL after it) was dated 2099 and audit verify passed, blaming the workstations'
    // clocks. Now the revocation and the CRL are refused (exit 8) naming the event, nothing is revoked or
    // reserved, and audit verify fails naming it. Last: the event stays (the log is append-only).
    void eventDatedInTheFutureStopsWritesAndIsFound() {
        const Holder h = issueHolder(90);
        QVERIFY(!h.serial.isEmpty());
        registry::AuditEvent e;
        e.seq = scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong() + 1;
        e.ts = QDateTime(QDate(2099, 12, 31), QTime(12, 0), Qt::UTC);
        e.operatorLogin = QStringLiteral("admin");
        e.subject = QStringLiteral("/srv/backup/x.dump");
        e.type = QStringLiteral("register.backed_up");
        e.details =
            QJsonObject{{QStringLiteral("file"), e.subject}, {QStringLiteral("method"), QStringLiteral("pg_dump")}};
        e.retentionUntil = e.ts.addYears(10);
        e.prevHash = scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {e.seq - 1}).toString();
        QVERIFY(!e.prevHash.isEmpty());
        e.hash = registry::AuditLog::computeHash(e);
        QVERIFY(attackSql(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, "
                                         "retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {e.seq, registry::toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                           QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                           registry::toDbTime(e.retentionUntil), e.prevHash, e.hash})
                    .ok());
        const QString seq = QString::number(e.seq);
        const QString when = registry::displayDateTime(e.ts);
        const int events = count(QStringLiteral("audit_events"));
        const int revocations = count(QStringLiteral("revocations"));
        const int reserved = count(QStringLiteral("crl_pending"));

        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), h.serial, QStringLiteral("--reason"), QStringLiteral("key_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("өтініш №8"), QStringLiteral("--ca-passphrase-file"), path(QStringLiteral("ca.pass"))});
        QCOMPARE(revoked.code, 8);
        QVERIFY2(revoked.err.contains(QStringLiteral("Event ") + seq) && revoked.err.contains(when),
                 qPrintable(revoked.err));
        const Run published = as(QStringLiteral("off1"), publish());
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(QStringLiteral("Event ") + seq) && published.err.contains(when),
                 qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("audit_events")), events);
        QCOMPARE(count(QStringLiteral("revocations")), revocations);
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE ts > ?"),
                        {registry::toDbTime(QDateTime::currentDateTimeUtc().addDays(1))})
                     .toInt(),
                 1);

        const Run verify = auditVerify();
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("Event ") + seq) &&
                     QString(verify.out + verify.err).contains(when),
                 qPrintable(verify.out + verify.err));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestAttackRegisterCli)

#include "tst_attack_register_cli.moc"
