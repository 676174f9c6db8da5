// The tamper suite against rows the CA engine itself wrote (issue 12, part A; the scene of TamperTestSupport.h:
// a root CA set up by CaSetup, two certificates issued by Issuance, one revoked by Revocations, a full CRL
// published by CrlPublisher). Every one of those writers binds its rows to the audit chain, so an intact register
// verifies, and each attack of the register file's owner is either refused by the database or found by
// AuditLog::verify(), which names the damaged row (table and key); a published CRL with an entry the register
// does not show revoked is found by verify with the CRL files. The attacks of the application role on the same
// rows: tst_tamper_engine_role. Runs on SQLite and (registry.tst_tamper_engine_rows.pg) on PostgreSQL.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CrlReader.h"
#include "pki/CrlWriter.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/TamperTestSupport.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TamperEngineRowsTest : public QObject, EngineRowsHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createScene(); }
    void init() { copyTemplate(); }
    void cleanup() { dropCopy(); }

    void engineRowsAreAllBoundAndVerify();
    void publishedCrlAgreesWithTheRegister();
    void releasedHoldOnAPublishedCrlIsNoDeletion();
    void heldCertificateIsRevokedForGoodAndVerifies();
    void revokedStatusCannotFlipBack();
    void flippedStatusIsFoundWithTriggersDropped();
    void deletedRevocationIsFoundWithTriggersDropped();
    void replacedDerIsFound();
    void replacedRowsAreRefused_data();
    void replacedRowsAreRefused();
    void shortenedCertificateRetentionIsRefusedOrFound();
    void sweepFlagCannotBeSetByHand();
    void changedCaSettingsAreFound();
    void changedCrlRecordIsFound();
    void crlEntryNotRevokedInTheRegisterIsFound();
    void crlNewerThanTheRegisterIsFound();
    void damagedRegisterPublishesNoCrl();
};

void TamperEngineRowsTest::engineRowsAreAllBoundAndVerify() {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
    // Every protected row was recomputed, among them the engine's CA, certificates, revocation and CRL.
    qint64 rows = 0;
    for (const ProtectedTable& t : AuditLog::protectedTables())
        rows += m_f->count(t.name);
    QCOMPARE(report->rowsChecked, rows);
    QCOMPARE(m_f->count(QStringLiteral("certificates")), 2);
    QCOMPARE(m_f->count(QStringLiteral("revocations")), 1);
    QCOMPARE(m_f->count(QStringLiteral("crls")), 1);
    // Each engine event carries the rows it wrote.
    for (const char* type : {"ca.initialised", "certificate.issued", "certificate.revoked", "crl.published"}) {
        const QString details = m_f->scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = ? "
                                                           "ORDER BY seq DESC LIMIT 1"),
                                            {QString::fromLatin1(type)})
                                    .toString();
        QVERIFY2(details.contains(QStringLiteral("\"rows\"")), qPrintable(QString::fromLatin1(type) + details));
    }
}

void TamperEngineRowsTest::publishedCrlAgreesWithTheRegister() {
    AuditVerifyOptions options;
    options.crlFiles = {m_crlFile};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
    QCOMPARE(report->crlEntriesChecked, qint64(1));
    // Only a regular file of a CRL's size is read (attack of session 27, F7: /dev/zero was read until
    // std::bad_alloc).
    options.crlFiles = {QStringLiteral("/dev/zero")};
    auto zero = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_ERROR(zero, ErrorCode::Invalid);
    QVERIFY2(zero.message().contains(QStringLiteral("/dev/zero")), qPrintable(zero.message()));
}

// Attack of session 32, B21: a CRL published while a certificate was on hold lists it (certificateHold); once the hold
// was released, verify with that CRL called the entry a deleted revocation. A released hold explains it (released
// after that CRL, held at the entry's time); a revocation deleted by hand is still found
// (deletedRevocationIsFoundWithTriggersDropped).
void TamperEngineRowsTest::releasedHoldOnAPublishedCrlIsNoDeletion() {
    registry::CaEngine engine(*m_f->reg);
    const auto secret = pki::SecretSource::literal(kCaPassphrase);
    m_f->clock.advanceSecs(60);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, holderApplication(m_validSerial, 6, QStringLiteral("өтініш №18"))));
    m_f->clock.advanceSecs(60);
    const QString dir = m_out.filePath(QStringLiteral("held-crl"));
    QVERIFY(QDir().mkpath(dir));
    auto crl = engine.publishCrl(m_f->officerA, kNca, dir, false, secret, true);
    TIRKEU_VERIFY_OK(crl);
    QCOMPARE(crl->entries, qint64(2));
    m_f->clock.advanceSecs(60);
    TIRKEU_VERIFY_OK(engine.release(m_f->officerA,
                                    registry::ReleaseRequest{kNca, m_validSerial, QStringLiteral("holder_application"),
                                                             QStringLiteral("өтініш №19")}));
    AuditVerifyOptions options;
    options.crlFiles = {crl->derPath, m_crlFile};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
    QCOMPARE(report->crlEntriesChecked, qint64(3));
}

// Attack of session 32, B1: a certificate on hold could not be revoked for a key compromise; the only way was a release
// (OCSP "good", a delta removing it) and a new revocation. Now the hold is superseded in one transaction: the
// certificate never leaves the CRLs, the new reason stands, the event log explains both rows, and the CRL published
// during the hold still agrees with the register.
void TamperEngineRowsTest::heldCertificateIsRevokedForGoodAndVerifies() {
    registry::CaEngine engine(*m_f->reg);
    const auto secret = pki::SecretSource::literal(kCaPassphrase);
    m_f->clock.advanceSecs(60);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, holderApplication(m_validSerial, 6, QStringLiteral("өтініш №20"))));
    m_f->clock.advanceSecs(60);
    const QString dir = m_out.filePath(QStringLiteral("escalated-crl"));
    QVERIFY(QDir().mkpath(dir));
    auto held = engine.publishCrl(m_f->officerA, kNca, dir, false, secret, true);
    TIRKEU_VERIFY_OK(held);
    m_f->clock.advanceSecs(60);
    registry::RevokeRequest compromise = holderApplication(m_validSerial, 1, QStringLiteral("өтініш №21"));
    compromise.revokedAt = m_f->clock.now().addSecs(-3600); // before the hold: refused
    TIRKEU_VERIFY_ERROR(engine.revoke(m_f->officerA, compromise), ErrorCode::Invalid);
    compromise.revokedAt = {};
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, compromise));
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {m_validSerial}).toString(),
        QStringLiteral("revoked"));
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT reason_code FROM revocations WHERE serial = ?"), {m_validSerial}).toInt(),
        1);
    QCOMPARE(m_f->count(QStringLiteral("hold_releases")), qint64(1));
    // Revoked for good: no second final revocation, no release.
    TIRKEU_VERIFY_ERROR(engine.revoke(m_f->officerA, holderApplication(m_validSerial, 4, QStringLiteral("№22"))),
                        ErrorCode::Conflict);
    TIRKEU_VERIFY_ERROR(engine.release(m_f->officerA, registry::ReleaseRequest{kNca, m_validSerial,
                                                                               QStringLiteral("holder_application"),
                                                                               QStringLiteral("№23")}),
                        ErrorCode::Conflict);
    m_f->clock.advanceSecs(60);
    auto after = engine.publishCrl(m_f->officerA, kNca, dir, false, secret);
    TIRKEU_VERIFY_OK(after);
    QCOMPARE(after->entries, qint64(2));
    AuditVerifyOptions options;
    options.crlFiles = {held->derPath, after->derPath};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
}

void TamperEngineRowsTest::revokedStatusCannotFlipBack() {
    TIRKEU_VERIFY_ERROR(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}),
        ErrorCode::Database);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
}

void TamperEngineRowsTest::flippedStatusIsFoundWithTriggersDropped() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperEngineRowsTest::deletedRevocationIsFoundWithTriggersDropped() {
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}),
                        ErrorCode::Database);
    dropTriggersOf(QStringLiteral("revocations"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), 0);
    expectFinding(QStringLiteral("revocations"), m_revocation);
    // The published CRL still lists it: verify with the CRL names the serial too (rows first, so on a
    // register whose rows were re-bound by an attacker the CRL check still stands).
}

void TamperEngineRowsTest::replacedDerIsFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    const QByteArray der =
        m_f->scalar(QStringLiteral("SELECT der FROM certificates WHERE id = ?"), {m_validCert}).toByteArray();
    QByteArray forged = der;
    forged[forged.size() - 5] = char(forged.at(forged.size() - 5) ^ 0x01);
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE certificates SET der = ? WHERE id = ?"), {forged, m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperEngineRowsTest::replacedRowsAreRefused_data() {
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("sqliteSql");
    QTest::addColumn<QString>("pgSql");
    QTest::newRow("certificates") << QStringLiteral("certificates")
                                  << QStringLiteral("INSERT OR REPLACE INTO certificates SELECT * FROM certificates "
                                                    "WHERE id = %1")
                                  << QStringLiteral("INSERT INTO certificates SELECT * FROM certificates WHERE id = %1 "
                                                    "ON CONFLICT (id) DO UPDATE SET status = 'valid'");
    QTest::newRow("revocations") << QStringLiteral("revocations")
                                 << QStringLiteral("INSERT OR REPLACE INTO revocations SELECT * FROM revocations "
                                                   "WHERE id = %1")
                                 << QStringLiteral("INSERT INTO revocations SELECT * FROM revocations WHERE id = %1 "
                                                   "ON CONFLICT (id) DO UPDATE SET reason_code = 0");
    QTest::newRow("audit_events") << QStringLiteral("audit_events")
                                  << QStringLiteral("INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events "
                                                    "WHERE seq = (SELECT max(seq) FROM audit_events)")
                                  << QStringLiteral("INSERT INTO audit_events SELECT * FROM audit_events WHERE seq = "
                                                    "(SELECT max(seq) FROM audit_events) ON CONFLICT (seq) DO UPDATE "
                                                    "SET details = '{}'");
}

void TamperEngineRowsTest::replacedRowsAreRefused() {
    QFETCH(QString, table);
    QFETCH(QString, sqliteSql);
    QFETCH(QString, pgSql);
    const qint64 key = table == u"certificates" ? m_revokedCert : m_revocation;
    QString sql = m_f->reg->db().engine() == Engine::Sqlite ? sqliteSql : pgSql;
    if (sql.contains(QStringLiteral("%1")))
        sql = sql.arg(key);
    const qint64 before = m_f->count(QStringLiteral("audit_events"));
    // Refused by the database on both engines (SQLite: no replaced rows; PostgreSQL: the upsert's
    // UPDATE meets the same guards as a plain UPDATE), and nothing changed.
    TIRKEU_VERIFY_ERROR(m_f->exec(sql), ErrorCode::Database);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), before);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    TIRKEU_VERIFY_INTACT(report);
}

void TamperEngineRowsTest::shortenedCertificateRetentionIsRefusedOrFound() {
    const QString sql = QStringLiteral("UPDATE certificates SET retention_until = '2026-03-04T00:00:00.000Z' "
                                       "WHERE id = ?");
    TIRKEU_VERIFY_ERROR(m_f->exec(sql, {m_validCert}), ErrorCode::Database);
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(sql, {m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperEngineRowsTest::sweepFlagCannotBeSetByHand() {
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1")),
                        ErrorCode::Database);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sweep_active FROM maintenance WHERE id = 1")).toInt(), 0);
}

void TamperEngineRowsTest::changedCaSettingsAreFound() {
    dropTriggersOf(QStringLiteral("cas"));
    const qint64 ca = m_f->ncaId;
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE cas SET key_uri = 'file:/tmp/attacker.p8' WHERE id = ?"), {ca}));
    expectFinding(QStringLiteral("cas"), ca);
}

void TamperEngineRowsTest::changedCrlRecordIsFound() {
    dropTriggersOf(QStringLiteral("crls"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE crls SET entries = 0 WHERE id = ?"), {m_crl}));
    expectFinding(QStringLiteral("crls"), m_crl);
}

void TamperEngineRowsTest::crlEntryNotRevokedInTheRegisterIsFound() {
    // Someone with the CA key publishes a CRL (number 1, below the register's) revoking the valid
    // certificate: the register never recorded that revocation.
    auto key = pki::CaKey::decryptPkcs8(readFile(keyPath()), kCaPassphrase);
    TIRKEU_VERIFY_OK(key);
    auto ca = m_f->reg->cas().find(kNca);
    TIRKEU_VERIFY_OK(ca);
    auto caCert = pki::Certificate::parse(ca->certificateDer);
    TIRKEU_VERIFY_OK(caCert);
    pki::X509Ptr issuer = caCert->toX509();
    QVERIFY(issuer);
    const pki::CrlWriter writer(issuer.get(), key->get());
    pki::CrlSpec spec;
    spec.number = 1;
    spec.thisUpdate = m_f->clock.now().toUTC();
    spec.nextUpdate = spec.thisUpdate.addDays(1);
    const QByteArray serial = QByteArray::fromHex(m_validSerial.toLatin1());
    bool given = false;
    auto der = writer.encode(spec, [&](pki::RevokedEntry& e) {
        if (given)
            return false;
        given = true;
        e.serial = serial;
        e.revokedAt = spec.thisUpdate.toSecsSinceEpoch();
        e.reason = 1;
        return true;
    });
    TIRKEU_VERIFY_OK(der);
    const QString path = m_f->dir.filePath(QStringLiteral("forged.crl"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(*der) == der->size());
    f.close();

    AuditVerifyOptions options;
    options.crlFiles = {path};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "a CRL entry the register does not show revoked passed");
    QVERIFY2(report->problem.contains(pki::CrlReader::normaliseSerial(m_validSerial)) ||
                 report->problem.contains(m_validSerial, Qt::CaseInsensitive),
             qPrintable(report->problem));
}

void TamperEngineRowsTest::crlNewerThanTheRegisterIsFound() {
    // A register rolled back to before the CRL was recorded: the published file is newer.
    dropTriggersOf(QStringLiteral("crls"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM crls WHERE id = ?"), {m_crl}));
    AuditVerifyOptions options;
    options.crlFiles = {m_crlFile};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY(!report->ok);
    QVERIFY2(report->problem.contains(QStringLiteral("crls")) || report->problem.contains(QStringLiteral("CRL")),
             qPrintable(report->problem));
}

// A full CRL reads and encodes its entries while the register's check (PRAGMA quick_check) runs on a connection
// of its own, and reserves its number only in a commit that awaits the check: a damaged register gets no
// number, no event and no file — the damage is in a table the CRL never touches, so only the check can
// refuse it.
void TamperEngineRowsTest::damagedRegisterPublishesNoCrl() {
    if (onPostgres())
        QSKIP("PRAGMA quick_check is SQLite's (PostgreSQL checks its own pages)");
    const qint64 pending = m_f->count(QStringLiteral("crl_pending"));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    const QString damaged = m_f->damageIndexPage(QStringLiteral("sqlite_autoindex_persons_1"));
    QVERIFY2(damaged.isEmpty(), qPrintable(damaged));
    auto reg = Register::open(m_f->path(), Register::OpenMode::Existing, &m_f->clock);
    TIRKEU_VERIFY_OK(reg);
    const QString folder = m_out.filePath(QStringLiteral("crl-damaged"));
    QVERIFY(QDir().mkpath(folder));
    auto crl =
        CaEngine(**reg).publishCrl(m_f->officerA, kNca, folder, false, pki::SecretSource::literal(kCaPassphrase), true);
    TIRKEU_VERIFY_ERROR(crl, ErrorCode::Database);
    QVERIFY2(crl.message().contains(QStringLiteral("damaged")), qPrintable(crl.message()));
    auto after = (*reg)->db().scalar(QStringLiteral("SELECT count(*) FROM crl_pending"));
    TIRKEU_VERIFY_OK(after);
    QCOMPARE(after->toLongLong(), pending);
    auto logged = (*reg)->db().scalar(QStringLiteral("SELECT count(*) FROM audit_events"));
    TIRKEU_VERIFY_OK(logged);
    QCOMPARE(logged->toLongLong(), events);
    QStringList left = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
    left.removeAll(kNca + QStringLiteral(".crl.lock"));
    QCOMPARE(left, QStringList());
}

TIRKEU_TEST_GUILESS_MAIN(TamperEngineRowsTest)
#include "tst_tamper_engine_rows.moc"
