// Several workstations at once: 8 writer processes (tests/pg/stress_writer.cpp, each with its own
// connection) register, approve, issue and revoke against one register while one of them publishes
// CRLs. Afterwards: every serial unique, nothing lost or doubled, one unforked audit chain, CRL numbers
// contiguous and the CRLs consistent with the revocations. Runs on SQLite (pg.tst_concurrency) and on
// a real PostgreSQL server (pg.tst_concurrency.pg).

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/CaEngine.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
const QString kPassphrase = QStringLiteral("Орталық-кілт-2026-secret");
constexpr int kWriters = 8;
constexpr int kIterations = 4;
} // namespace

class ConcurrencyTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        QVERIFY(QDir().mkpath(m_out.filePath(QStringLiteral("crl"))));
        auto init = CaEngine(*m_fx.reg).createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::Rsa2048,
                                                     m_out.filePath(QStringLiteral("nca.p8")), kPassphrase, 10);
        TIRKEU_VERIFY_OK(init);
    }

    void eightWritersKeepTheRegisterConsistent() {
        const QString writerExe = QCoreApplication::applicationDirPath() + QStringLiteral("/tirkeu_stress_writer");
        QVERIFY2(QFileInfo(writerExe).isExecutable(), qPrintable(writerExe));
        const qint64 auditBefore = m_fx.count(QStringLiteral("audit_events"));
        const qint64 appsBefore = m_fx.count(QStringLiteral("applications"));

        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<QProcess>> procs;
        for (int w = 0; w < kWriters; ++w) {
            auto p = std::make_unique<QProcess>();
            p->start(writerExe, {m_fx.location(), QString::number(w), QString::number(kIterations), kPassphrase,
                                 m_out.filePath(QStringLiteral("crl")), QString::number(m_fx.operatorA.operatorId),
                                 QString::number(m_fx.officerA.operatorId), QString::number(m_fx.officerB.operatorId),
                                 m_fx.clock.now().toString(Qt::ISODateWithMs)});
            procs.push_back(std::move(p));
        }
        QSet<QString> issued, revoked;
        QList<QPair<qint64, qint64>> crls; // number, entries, in publication order
        for (int w = 0; w < kWriters; ++w) {
            QProcess& p = *procs[w];
            QVERIFY2(p.waitForFinished(600000), "a writer did not finish in 10 minutes");
            const QString errText = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                     qPrintable(QStringLiteral("writer %1: %2").arg(w).arg(errText)));
            // "database is locked" (or any other conflict) must never reach the user.
            QVERIFY2(!errText.contains(u"locked"), qPrintable(errText));
            const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            QCOMPARE(o.value(QStringLiteral("writer")).toInt(), w);
            for (const QJsonValue& v : o.value(QStringLiteral("issued")).toArray()) {
                QVERIFY2(!issued.contains(v.toString()), "a serial was handed out twice");
                issued.insert(v.toString());
            }
            for (const QJsonValue& v : o.value(QStringLiteral("revoked")).toArray())
                revoked.insert(v.toString());
            for (const QJsonValue& v : o.value(QStringLiteral("crls")).toArray())
                crls.append({v[QStringLiteral("number")].toInteger(), v[QStringLiteral("entries")].toInteger()});
        }
        const qint64 ms = timer.elapsed();
        qInfo("%d writers x %d iterations (submit, approve, issue, some revokes, CRLs): %lld ms, %.1f issued/s",
              kWriters, kIterations, ms, issued.size() * 1000.0 / double(qMax<qint64>(ms, 1)));

        const int n = kWriters * kIterations;
        QCOMPARE(issued.size(), n);
        // Nothing lost, nothing doubled: the register holds exactly what the writers reported.
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), qint64(n));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(DISTINCT serial) FROM certificates")).toLongLong(),
                 qint64(n));
        auto q = m_fx.reg->db().exec(QStringLiteral("SELECT serial FROM certificates"));
        TIRKEU_VERIFY_OK(q);
        QSet<QString> stored;
        while (q->next())
            stored.insert(q->value(0).toString());
        QCOMPARE(stored, issued);
        QCOMPARE(m_fx.count(QStringLiteral("applications")) - appsBefore, qint64(n));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM applications WHERE status = 'done'")).toLongLong(),
                 qint64(n));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), qint64(revoked.size()));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE status = 'revoked'")).toLongLong(),
                 qint64(revoked.size()));

        // One chain: contiguous sequence numbers, every link verified.
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        QVERIFY(events - auditBefore >= 3 * n);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT max(seq) - min(seq) + 1 FROM audit_events")).toLongLong(), events);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(DISTINCT prev_hash) FROM audit_events")).toLongLong(),
                 events);
        auto verified = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
        QCOMPARE(verified->eventsChecked, events);

        // CRLs published while issuance went on: numbers contiguous, entries never shrinking and never
        // more than the revocations recorded; a CRL published now lists every revocation.
        QVERIFY(!crls.isEmpty());
        for (int i = 1; i < crls.size(); ++i) {
            QCOMPARE(crls[i].first, crls[i - 1].first + 1);
            QVERIFY(crls[i].second >= crls[i - 1].second);
        }
        QVERIFY(crls.last().second <= revoked.size());
        QCOMPARE(m_fx.count(QStringLiteral("crls")), qint64(crls.size()));
        auto last = CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kNca, m_out.filePath(QStringLiteral("crl")), false,
                                                   pki::SecretSource::literal(kPassphrase));
        TIRKEU_VERIFY_OK(last);
        QCOMPARE(last->entries, qint64(revoked.size()));
        QCOMPARE(qint64(last->number), crls.last().first + 1);
    }
};

TIRKEU_TEST_GUILESS_MAIN(ConcurrencyTest)
#include "tst_concurrency.moc"
