// Cancel and progress of a CRL publication (registry::CrlRunControl, the GUI's CRL dialog): a cancel
// before the number is reserved publishes nothing and uses no number; a cancel while a large full CRL is
// being encoded uses no number either (a full CRL reserves it once its entries are encoded), leaves no
// file or temporary file in the folder, and the next publication lists everything under the next
// number. Progress names each step and counts the entries against the total.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/CrlPublisher.h"

#include <QDir>
#include <QFile>
#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
const QString kCancelPassphrase = QStringLiteral("Кілт-тоқтату-2026");
constexpr int kRevoked = 40000;
} // namespace

class CrlCancelTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_keys;
    QTemporaryDir m_out; // the CA's CRL folder

    pki::SecretSource secret() const { return pki::SecretSource::literal(kCancelPassphrase); }
    QStringList crlFiles(const QString& dir) const {
        return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    }
    static QByteArray readFile(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    qint64 pending(const QString& state) {
        return m_fx.scalar(QStringLiteral("SELECT count(*) FROM crl_pending WHERE state = ?"), {state}).toLongLong();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_keys.isValid());
        TIRKEU_VERIFY_OK(CaEngine(*m_fx.reg).createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256,
                                                          m_keys.filePath(QStringLiteral("gov.p8")), kCancelPassphrase,
                                                          10));
    }

    void cancelBeforeTheNumberIsReservedPublishesNothing() {
        QTemporaryDir& out = m_out;
        QVERIFY(out.isValid());
        const qint64 crls = m_fx.count(QStringLiteral("crls"));
        const qint64 reserved = m_fx.count(QStringLiteral("crl_pending"));
        CrlRunControl control;
        control.cancelled = [] { return true; };
        auto crl = CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kGov, out.path(), false, secret(), false, &control);
        TIRKEU_VERIFY_ERROR(crl, ErrorCode::Failure);
        QVERIFY2(crl.message().contains(QStringLiteral("cancelled")), qPrintable(crl.message()));
        QCOMPARE(m_fx.count(QStringLiteral("crls")), crls);
        QCOMPARE(m_fx.count(QStringLiteral("crl_pending")), reserved); // no number used
        QCOMPARE(crlFiles(out.path()), QStringList());
        // Not cancelled: published, with progress for its one CRL.
        QStringList steps;
        control.cancelled = [] { return false; };
        control.progress = [&](qint64 done, qint64 total, const QString& text) {
            steps << QStringLiteral("%1/%2 %3").arg(done).arg(total).arg(text);
        };
        auto ok = CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kGov, out.path(), false, secret(), false, &control);
        TIRKEU_VERIFY_OK(ok);
        QCOMPARE(steps.first(), QStringLiteral("0/1 CRL 1 of 1: the CRL of GOV…"));
        QVERIFY2(steps.last().startsWith(QStringLiteral("1/1 1 CRL")) &&
                     steps.last().endsWith(QStringLiteral("published.")),
                 qPrintable(steps.last()));
    }

    void cancelWhileALargeCrlIsEncodedReservesNoNumber() {
        if (onPostgres())
            QSKIP("the 40,000 revocations are written with SQLite's SQL (printf, blob literal); the cancel path "
                  "itself is engine-independent and covered on PostgreSQL by the test above");
        // 40,000 revoked certificates of GOV, written straight into the tables (issuing is not under test).
        const QString now = toDbTime(m_fx.clock.now());
        const QString rows =
            QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ")
                .arg(kRevoked);
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral(
                "INSERT INTO certificates (ca_id, serial, subject, profile, not_before, not_after, der, status, "
                "issued_at, retention_until) ") +
                rows +
                QStringLiteral("SELECT ?, printf('7A%08X', i), 'CN=Т', 'individual_sign', ?, ?, X'00', 'revoked', ?, ? "
                               "FROM n"),
            {m_fx.govId, now, toDbTime(m_fx.clock.now().addYears(1)), now, toDbTime(m_fx.clock.now().addYears(10))}));
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral(
                "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, "
                "recorded_at, recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', ?, ?, ? "
                "FROM certificates WHERE ca_id = ? AND serial LIKE '7A%'"),
            {now, now, m_fx.officerA.operatorId, m_fx.govId}));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM revocations WHERE ca_id = ?"), {m_fx.govId}).toInt(),
                 kRevoked);

        QTemporaryDir& out = m_out;
        QVERIFY(out.isValid());
        const qint64 crls = m_fx.count(QStringLiteral("crls"));
        const qint64 abandoned = pending(QStringLiteral("abandoned"));
        QStringList filesBefore = crlFiles(out.path());
        filesBefore.removeAll(QStringLiteral("GOV.crl.lock"));
        const QByteArray publishedBefore = readFile(out.filePath(QStringLiteral("GOV.crl")));
        QVERIFY(!publishedBefore.isEmpty());
        // The officer presses Cancel once the encoding has reported progress.
        qint64 seenTotal = 0;
        bool pressed = false;
        CrlRunControl control;
        control.progress = [&](qint64 done, qint64 total, const QString& text) {
            if (text.startsWith(QStringLiteral("Reading and signing"))) {
                seenTotal = total;
                pressed = done > 0;
            }
        };
        control.cancelled = [&] { return pressed; };
        auto crl = CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kGov, out.path(), false, secret(), false, &control);
        QVERIFY2(crl.message().contains(QStringLiteral("nothing of it is published")), qPrintable(crl.message()));
        TIRKEU_VERIFY_ERROR(crl, ErrorCode::Failure);
        QCOMPARE(seenTotal, qint64(kRevoked));
        // Nothing of it published or left behind. A full CRL reserves its number only once every entry is
        // encoded: cancelled before that, no number is taken (none abandoned, none reserved).
        QCOMPARE(m_fx.count(QStringLiteral("crls")), crls);
        QCOMPARE(pending(QStringLiteral("abandoned")), abandoned);
        QCOMPARE(pending(QStringLiteral("reserved")), 0);
        QStringList left = crlFiles(out.path());
        left.removeAll(QStringLiteral("GOV.crl.lock"));
        QCOMPARE(left, filesBefore);                                                  // no temporary file left
        QCOMPARE(readFile(out.filePath(QStringLiteral("GOV.crl"))), publishedBefore); // the old CRL stands
        const quint64 last = m_fx.scalar(QStringLiteral("SELECT max(crl_number) FROM crl_pending")).toULongLong();
        QVERIFY(last > 0);

        // The next publication, not cancelled: the next number, every entry.
        auto next = CaEngine(*m_fx.reg).publishCrl(m_fx.officerA, kGov, out.path(), false, secret());
        TIRKEU_VERIFY_OK(next);
        QCOMPARE(next->number, last + 1);
        QCOMPARE(next->entries, qint64(kRevoked));
    }
};

TIRKEU_TEST_GUILESS_MAIN(CrlCancelTest)
#include "tst_crl_cancel.moc"
