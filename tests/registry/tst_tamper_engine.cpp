// The tamper suite against rows the CA engine itself wrote (issue 12, part A): a root CA set up by
// CaSetup, two certificates issued by Issuance, one revoked by Revocations, a full CRL published by
// CrlPublisher. Every one of those writers binds its rows to the audit chain, so an intact register
// verifies, and each attack is either refused by the database or found by AuditLog::verify(), which
// names the damaged row (table and key); a published CRL with an entry the register does not show
// revoked is found by verify with the CRL files. Runs on SQLite and (registry.tst_tamper_engine.pg)
// on PostgreSQL.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CrlReader.h"
#include "pki/CrlWriter.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/Retention.h"
#include "registry/Schema.h"
#include "registry/SweepGuard.h"

#include <QObject>

#include <optional>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class TamperEngineTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void engineRowsAreAllBoundAndVerify();
    void publishedCrlAgreesWithTheRegister();
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
    // Attack of session 25, as the programs' own access (the application role on PostgreSQL).
    void guardFunctionsReadTheirTablesThroughAFixedSearchPath();
    void applicationRoleHasNoTemporaryTables();
    void temporaryTablesDoNotShadowTheGuards_data();
    void temporaryTablesDoNotShadowTheGuards();
    void sweepFlagAloneDeletesNoAnchorInvalidityOrRelease_data();
    void sweepFlagAloneDeletesNoAnchorInvalidityOrRelease();
    void validCertificateRetentionIsShortenedOnlyByItsRevocation_data();
    void validCertificateRetentionIsShortenedOnlyByItsRevocation();
    void issuedCertificateColumnsCannotBeChanged_data();
    void issuedCertificateColumnsCannotBeChanged();
    // Attack of session 25, the rest of F19 and F15 (migration 24).
    void applicationRoleCannotBackdateARevocationToShortenRetention_data();
    void applicationRoleCannotBackdateARevocationToShortenRetention();
    void retentionPoliciesCannotBeLowered_data();
    void retentionPoliciesCannotBeLowered();
    void rulesAppliedRowsAreProtectedAndBound_data();
    void rulesAppliedRowsAreProtectedAndBound();
    // Left open after session 26: a hold released by hand kept the hold's short retention (migration 25).
    void releasedHoldGetsTheValidCertificatesRetentionBack();

private:
    // The register as the programs reach it: on PostgreSQL as the application role (granted as db init
    // --app-role grants it), on SQLite the file. Empty on failure (the test fails).
    std::unique_ptr<Database> attacker();
    // `script` in one transaction of `db`, rolled back whatever happens; the script's outcome.
    static Status inTransaction(Database& db, const QString& script);
    void dropTriggersOf(const QString& table);
    void expectFinding(const QString& table, qint64 key);
    // Every row of `table` (in key order), as text: what an attack that was refused must leave as it was.
    QString rowsOf(const QString& table, const QString& order);

    RegistryFixture m_template;
    QTemporaryDir m_out;
    std::unique_ptr<RegistryFixture> m_f;
    qint64 m_validCert = 0;
    qint64 m_revokedCert = 0;
    QString m_validSerial;
    QString m_revokedSerial;
    qint64 m_revocation = 0;
    qint64 m_crl = 0;
    QString m_crlFile;
    QString keyPath() const { return m_out.filePath(QStringLiteral("nca-key.p8")); }
};

void TamperEngineTest::initTestCase() {
    QVERIFY(m_out.isValid());
    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
    CaEngine engine(*t.reg);
    const auto secret = pki::SecretSource::literal(kCaPassphrase);
    TIRKEU_VERIFY_OK(engine.createRootCa(t.admin, kNca, pki::KeyAlgorithm::EcP256, keyPath(), kCaPassphrase, 10));

    QList<qint64> certs;
    QStringList serials;
    for (const QString& iin : {kIinAliya, kIinFourth}) {
        t.clock.advanceSecs(600);
        auto id = t.reg->applications().submit(
            t.operatorA, kNca, kIssueInd,
            iin == kIinAliya ? ncaIssueIndividual()
                             : ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(t.reg->applications().approve(t.officerB, *id));
        auto issued = engine.issueFromCsr(t.officerA, *id, holderCsr(iin), secret);
        TIRKEU_VERIFY_OK(issued);
        certs << issued->certificateId;
        serials << issued->serialHex;
    }
    m_validCert = certs.at(0);
    m_validSerial = serials.at(0);
    m_revokedCert = certs.at(1);
    m_revokedSerial = serials.at(1);

    t.clock.advanceSecs(3600);
    RevokeRequest r{kNca, m_revokedSerial, 4, QStringLiteral("holder_application"), QStringLiteral("өтініш №17"), 0, {},
                    {}};
    TIRKEU_VERIFY_OK(engine.revoke(t.officerA, r));
    m_revocation =
        t.scalar(QStringLiteral("SELECT id FROM revocations WHERE certificate_id = ?"), {m_revokedCert}).toLongLong();
    QVERIFY(m_revocation > 0);

    t.clock.advanceSecs(60);
    const QString crlDir = m_out.filePath(QStringLiteral("crl"));
    QVERIFY(QDir().mkpath(crlDir));
    auto crl = engine.publishCrl(t.officerA, kNca, crlDir, false, secret);
    TIRKEU_VERIFY_OK(crl);
    m_crlFile = crl->derPath;
    m_crl = t.scalar(QStringLiteral("SELECT max(id) FROM crls")).toLongLong();
    QVERIFY(m_crl > 0);
}

void TamperEngineTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 3, 17)), qPrintable(m_f->error));
}

void TamperEngineTest::cleanup() {
    m_f.reset();
}

void TamperEngineTest::dropTriggersOf(const QString& table) {
    QStringList triggers;
    auto q =
        m_f->reg->db().engine() == Engine::Sqlite
            ? m_f->reg->db().exec(
                  QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"), {table})
            : m_f->reg->db().exec(QStringLiteral("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = "
                                                 "t.tgrelid WHERE NOT t.tgisinternal AND c.relname = ?"),
                                  {table});
    TIRKEU_VERIFY_OK(q);
    while (q->next())
        triggers << q->value(0).toString();
    for (const QString& name : std::as_const(triggers))
        TIRKEU_VERIFY_OK(m_f->dropTrigger(name, table));
}

void TamperEngineTest::expectFinding(const QString& table, qint64 key) {
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "audit verify says intact after the attack");
    QCOMPARE(report->badTable, table);
    QCOMPARE(report->badKey, QString::number(key));
    QVERIFY2(report->problem.contains(table), qPrintable(report->problem));
}

void TamperEngineTest::engineRowsAreAllBoundAndVerify() {
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

void TamperEngineTest::publishedCrlAgreesWithTheRegister() {
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

void TamperEngineTest::revokedStatusCannotFlipBack() {
    TIRKEU_VERIFY_ERROR(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}),
        ErrorCode::Database);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
}

void TamperEngineTest::flippedStatusIsFoundWithTriggersDropped() {
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(
        m_f->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = ?"), {m_revokedCert}));
    expectFinding(QStringLiteral("certificates"), m_revokedCert);
}

void TamperEngineTest::deletedRevocationIsFoundWithTriggersDropped() {
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}),
                        ErrorCode::Database);
    dropTriggersOf(QStringLiteral("revocations"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {m_revocation}));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), 0);
    expectFinding(QStringLiteral("revocations"), m_revocation);
    // The published CRL still lists it: verify with the CRL names the serial too (rows first, so on a
    // register whose rows were re-bound by an attacker the CRL check still stands).
}

void TamperEngineTest::replacedDerIsFound() {
    dropTriggersOf(QStringLiteral("certificates"));
    const QByteArray der =
        m_f->scalar(QStringLiteral("SELECT der FROM certificates WHERE id = ?"), {m_validCert}).toByteArray();
    QByteArray forged = der;
    forged[forged.size() - 5] = char(forged.at(forged.size() - 5) ^ 0x01);
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE certificates SET der = ? WHERE id = ?"), {forged, m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperEngineTest::replacedRowsAreRefused_data() {
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

void TamperEngineTest::replacedRowsAreRefused() {
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

void TamperEngineTest::shortenedCertificateRetentionIsRefusedOrFound() {
    const QString sql = QStringLiteral("UPDATE certificates SET retention_until = '2026-03-04T00:00:00.000Z' "
                                       "WHERE id = ?");
    TIRKEU_VERIFY_ERROR(m_f->exec(sql, {m_validCert}), ErrorCode::Database);
    dropTriggersOf(QStringLiteral("certificates"));
    TIRKEU_VERIFY_OK(m_f->exec(sql, {m_validCert}));
    expectFinding(QStringLiteral("certificates"), m_validCert);
}

void TamperEngineTest::sweepFlagCannotBeSetByHand() {
    TIRKEU_VERIFY_ERROR(m_f->exec(QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1")),
                        ErrorCode::Database);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT sweep_active FROM maintenance WHERE id = 1")).toInt(), 0);
}

void TamperEngineTest::changedCaSettingsAreFound() {
    dropTriggersOf(QStringLiteral("cas"));
    const qint64 ca = m_f->ncaId;
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE cas SET key_uri = 'file:/tmp/attacker.p8' WHERE id = ?"), {ca}));
    expectFinding(QStringLiteral("cas"), ca);
}

void TamperEngineTest::changedCrlRecordIsFound() {
    dropTriggersOf(QStringLiteral("crls"));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE crls SET entries = 0 WHERE id = ?"), {m_crl}));
    expectFinding(QStringLiteral("crls"), m_crl);
}

void TamperEngineTest::crlEntryNotRevokedInTheRegisterIsFound() {
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

void TamperEngineTest::crlNewerThanTheRegisterIsFound() {
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
void TamperEngineTest::damagedRegisterPublishesNoCrl() {
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

std::unique_ptr<Database> TamperEngineTest::attacker() {
    QString location = m_f->location();
    if (onPostgres()) {
        Status granted = Schema::grantApplicationRole(m_f->reg->db(), QStringLiteral("tirkeu_app"));
        if (!granted.ok()) {
            qWarning("grant: %s", qPrintable(granted.message()));
            return {};
        }
        QUrl app(qEnvironmentVariable("TIRKEU_TEST_PG_APP"));
        if (app.isEmpty()) {
            qWarning("tests/pg/pg_server.sh creates tirkeu_app");
            return {};
        }
        app.setPath(QUrl(location).path());
        location = app.toString();
    }
    auto db = Database::open(location);
    if (!db) {
        qWarning("%s", qPrintable(db.message()));
        return {};
    }
    return std::move(db.value());
}

Status TamperEngineTest::inTransaction(Database& db, const QString& script) {
    Transaction tx(db);
    if (!tx.ok())
        return tx.status();
    return db.execScript(script); // never committed
}

// Migration 22 (F1): every guard function of the schema (tirkeu_*) reads its tables through a fixed search path
// with the session's temporary tables searched last, so a temporary table named like a register's table cannot
// stand in for it.
void TamperEngineTest::guardFunctionsReadTheirTablesThroughAFixedSearchPath() {
    if (!onPostgres())
        QSKIP("PostgreSQL functions (a SQLite trigger reads only the tables of its own database)");
    auto functions = m_f->reg->db().rows(
        QStringLiteral("SELECT p.proname, coalesce(array_to_string(p.proconfig, ';'), '') FROM pg_proc p WHERE "
                       "p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'tirkeu%' ORDER BY 1"));
    TIRKEU_VERIFY_OK(functions);
    QVERIFY(functions->size() >= 13); // migrations 2 to 11 made 13
    for (const QVariantList& fn : *functions)
        QVERIFY2(fn.at(1).toString() == u"search_path=public, pg_temp",
                 qPrintable(fn.at(0).toString() + QStringLiteral(": ") + fn.at(1).toString()));
}

// db init --app-role takes TEMPORARY on the database from PUBLIC where the schema owner may (here: it may).
void TamperEngineTest::applicationRoleHasNoTemporaryTables() {
    if (!onPostgres())
        QSKIP("PostgreSQL roles (on SQLite a trigger reads only the tables of its own database, never temp ones)");
    auto db = attacker();
    QVERIFY(db);
    QCOMPARE(QUrl(db->location()).userName(), QStringLiteral("tirkeu_app"));
    Status s = db->execScript(QStringLiteral("CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, "
                                             "sweep_txid bigint)"));
    QVERIFY2(!s.ok(), "the application role may create temporary tables");
}

void TamperEngineTest::temporaryTablesDoNotShadowTheGuards_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("what");
    QTest::newRow("revocation deleted")
        << "CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, sweep_txid bigint);\n"
           "INSERT INTO pg_temp.maintenance VALUES (1, 1, txid_current());\n"
           "CREATE TEMP TABLE certificates (id bigint, retention_until text);\n"
           "INSERT INTO pg_temp.certificates VALUES (%1, '2000-01-01T00:00:00.000Z');\n"
           "DELETE FROM public.revocations WHERE id = %2"
        << "revocation";
    QTest::newRow("status back to valid") << "CREATE TEMP TABLE revocations (id bigint, certificate_id bigint);\n"
                                             "CREATE TEMP TABLE hold_releases (certificate_id bigint);\n"
                                             "INSERT INTO pg_temp.hold_releases VALUES (%1);\n"
                                             "UPDATE public.certificates SET status = 'valid' WHERE id = %1"
                                          << "status";
    QTest::newRow("whole attack") << "CREATE TEMP TABLE maintenance (id bigint, sweep_active bigint, sweep_txid "
                                     "bigint);\n"
                                     "INSERT INTO pg_temp.maintenance VALUES (1, 1, txid_current());\n"
                                     "CREATE TEMP TABLE certificates (id bigint, retention_until text);\n"
                                     "INSERT INTO pg_temp.certificates VALUES (%1, '2000-01-01T00:00:00.000Z');\n"
                                     "DELETE FROM public.revocations WHERE id = %2;\n"
                                     "CREATE TEMP TABLE hold_releases (certificate_id bigint);\n"
                                     "INSERT INTO pg_temp.hold_releases VALUES (%1);\n"
                                     "UPDATE public.certificates SET status = 'valid' WHERE id = %1"
                                  << "both";
}

// F1 of the attack of session 25: temporary tables named like the register's shadowed them inside the guard
// functions (pg_temp is searched first unless a function fixes its search path). Where the role keeps
// TEMPORARY (a database the schema owner does not own), the guards must still hold.
void TamperEngineTest::temporaryTablesDoNotShadowTheGuards() {
    if (!onPostgres())
        QSKIP("PostgreSQL search paths (on SQLite a trigger reads only the tables of its own database)");
    QFETCH(QString, script);
    auto db = attacker();
    QVERIFY(db);
    const QString name = QUrl(db->location()).path().mid(1);
    TIRKEU_VERIFY_OK(
        m_f->reg->db().execScript(QStringLiteral("GRANT TEMPORARY ON DATABASE %1 TO tirkeu_app").arg(name)));
    Status s = inTransaction(*db, script.arg(m_revokedCert).arg(m_revocation));
    QVERIFY2(!s.ok(), "the guards let the application role through with temporary tables");
    QVERIFY2(!s.message().contains(QStringLiteral("permission denied")), qPrintable(s.message()));
    QCOMPARE(m_f->count(QStringLiteral("revocations")), 1);
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_revokedCert}).toString(),
             QStringLiteral("revoked"));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperEngineTest::sweepFlagAloneDeletesNoAnchorInvalidityOrRelease_data() {
    QTest::addColumn<QString>("table");
    QTest::newRow("daily anchors") << QStringLiteral("audit_anchors");
    QTest::newRow("invalidity dates") << QStringLiteral("revocation_invalidity");
    QTest::newRow("hold releases") << QStringLiteral("hold_releases");
}

// F1: the sweep flag, set by the role in its own transaction (on PostgreSQL any transaction may; on SQLite
// only Tirkeu's own statements, armed here as the sweep arms them), was all that guarded these rows.
void TamperEngineTest::sweepFlagAloneDeletesNoAnchorInvalidityOrRelease() {
    QFETCH(QString, table);
    // The valid certificate held, released, then revoked for a key compromise with an invalidity date; the
    // days before today anchored.
    CaEngine engine(*m_f->reg);
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, RevokeRequest{kNca,
                                                                m_validSerial,
                                                                6,
                                                                QStringLiteral("holder_application"),
                                                                QStringLiteral("өтініш №18"),
                                                                0,
                                                                {},
                                                                {},
                                                                {}}));
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(
        engine.release(m_f->officerA, ReleaseRequest{kNca, m_validSerial, QStringLiteral("holder_application"),
                                                     QStringLiteral("өтініш №19")}));
    m_f->clock.advanceSecs(600);
    RevokeRequest compromise{
        kNca, m_validSerial, 1, QStringLiteral("holder_application"), QStringLiteral("өтініш №20"), 0, {}, {}, {}};
    compromise.invalidityDate = m_f->clock.now().addSecs(-300);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, compromise));
    TIRKEU_VERIFY_OK(m_f->reg->audit().anchorCompletedDays());
    const qint64 before = m_f->count(table);
    QVERIFY2(before > 0, qPrintable(table));

    auto db = attacker();
    QVERIFY(db);
    // The flag alone is accepted (the sweep sets it so) ...
    {
        SweepGuard armed; // SQLite: as the sweep's own statements
        TIRKEU_VERIFY_OK(inTransaction(*db, QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1")));
    }
    // ... but deletes nothing whose records are kept.
    {
        SweepGuard armed;
        Status s = inTransaction(*db, QStringLiteral("UPDATE maintenance SET sweep_active = 1 WHERE id = 1;\n"
                                                     "DELETE FROM %1;\n"
                                                     "UPDATE maintenance SET sweep_active = 0 WHERE id = 1")
                                          .arg(table));
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("the sweep flag alone deleted %1").arg(table)));
        QVERIFY2(!s.message().contains(QStringLiteral("permission denied")), qPrintable(s.message()));
    }
    QCOMPARE(m_f->count(table), before);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

void TamperEngineTest::validCertificateRetentionIsShortenedOnlyByItsRevocation_data() {
    QTest::addColumn<QString>("script");
    QTest::newRow("without a revocation")
        << "UPDATE certificates SET status = 'revoked', retention_until = '2000-01-01T00:00:00.000Z' WHERE id = %1";
    QTest::newRow("with a revocation dated at its start")
        << "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
           "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', not_before, not_before, issued_by FROM "
           "certificates WHERE id = %1;\n"
           "UPDATE certificates SET status = 'revoked', retention_until = '2000-01-01T00:00:00.000Z' WHERE id = %1";
    QTest::newRow("with a revocation dated before it began")
        << "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
           "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', '1990-01-01T00:00:00.000Z', not_before, "
           "issued_by FROM certificates WHERE id = %1;\n"
           "UPDATE certificates SET status = 'revoked', retention_until = '1996-01-01T00:00:00.000Z' WHERE id = %1";
}

// F19: a VALID certificate made to vanish. The status change to revoked shortened its retention with no
// revocation at all (then the sweep flag, set by the role, let the row be deleted): refused, and so is a
// retention shorter than the revocation's own period.
void TamperEngineTest::validCertificateRetentionIsShortenedOnlyByItsRevocation() {
    QFETCH(QString, script);
    auto db = attacker();
    QVERIFY(db);
    const QString retention =
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString();
    Status s = inTransaction(*db, script.arg(m_validCert));
    QVERIFY2(!s.ok(), "a valid certificate's retention was shortened");
    QVERIFY2(s.message().contains(QStringLiteral("retention")), qPrintable(s.message()));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_validCert}).toString(),
             QStringLiteral("valid"));
    QCOMPARE(
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString(),
        retention);
    // The register's own revocation still shortens it (to the revocation time plus the record years).
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(CaEngine(*m_f->reg).revoke(m_f->officerA, RevokeRequest{kNca,
                                                                             m_validSerial,
                                                                             4,
                                                                             QStringLiteral("holder_application"),
                                                                             QStringLiteral("өтініш №21"),
                                                                             0,
                                                                             {},
                                                                             {},
                                                                             {}}));
    QVERIFY(
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString() <
        retention);
}

void TamperEngineTest::issuedCertificateColumnsCannotBeChanged_data() {
    QTest::addColumn<QString>("sql");
    QTest::newRow("key fingerprint cleared") << "UPDATE certificates SET spki_sha256 = NULL WHERE id = %1";
    QTest::newRow("key fingerprint replaced") << "UPDATE certificates SET spki_sha256 = 'ab' WHERE id = %1";
    QTest::newRow("holder as recorded") << "UPDATE certificates SET holder_snapshot = '{}' WHERE id = %1";
    QTest::newRow("key medium") << "UPDATE certificates SET key_media_serial = 'TOKEN-2' WHERE id = %1";
    QTest::newRow("blank numbers rewritten") << "UPDATE certificates SET blank_numbers = 'А 000001' WHERE id = %1;\n"
                                                "UPDATE certificates SET blank_numbers = 'А 000002' WHERE id = %1";
}

// F7: the key's fingerprint (what "a key revoked for key compromise is never certified again" looks up),
// the holder as recorded and the key medium of an issued certificate were writable; blank numbers are
// written once (a paper copy printed).
void TamperEngineTest::issuedCertificateColumnsCannotBeChanged() {
    QFETCH(QString, sql);
    QVERIFY(!m_f->scalar(QStringLiteral("SELECT spki_sha256 FROM certificates WHERE id = ?"), {m_revokedCert})
                 .toString()
                 .isEmpty());
    auto db = attacker();
    QVERIFY(db);
    Status s = inTransaction(*db, sql.arg(m_revokedCert));
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(sql)));
    QVERIFY2(s.message().contains(QStringLiteral("cannot be changed")), qPrintable(s.message()));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

QString TamperEngineTest::rowsOf(const QString& table, const QString& order) {
    auto rows = m_f->reg->db().rows(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, order));
    if (!rows)
        return QStringLiteral("<%1>").arg(rows.message());
    QStringList out;
    for (const QVariantList& row : *rows) {
        QStringList values;
        for (const QVariant& v : row)
            values << (v.isNull() ? QStringLiteral("~") : v.toString());
        out << values.join(u'|');
    }
    return out.join(u'\n');
}

void TamperEngineTest::applicationRoleCannotBackdateARevocationToShortenRetention_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("postgresOnly");
    const QString insert =
        "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, recorded_at, "
        "recorded_by) SELECT id, ca_id, serial, 4, 'holder_application', %2, %2, issued_by FROM certificates WHERE "
        "id = %1";
    QTest::newRow("dated before the certificate began")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("'1990-01-01T00:00:00.000Z'")) << false;
    // F19's rest: a revocation of the role's making dated at the certificate's start (months before the server's
    // clock), so that the retention may shrink "with its revocation" to that date plus the record years.
    QTest::newRow("dated at its start, the retention shortened to it")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("not_before")) +
               ";\nUPDATE certificates SET status = 'revoked', retention_until = '%2' WHERE id = %1"
        << true;
    QTest::newRow("dated 25 hours before the server's clock")
        << insert.arg(QStringLiteral("%1"), QStringLiteral("to_char((clock_timestamp() AT TIME ZONE 'UTC') - "
                                                           "interval '25 hours', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"))
        << true;
}

// The rest of F19 (attack of session 25): the application role wrote a revocation row of its own, dated long ago,
// and the certificate's retention shrank "together with its revocation" to that date plus the record years; the
// retention sweep (whose flag the role can set) would then delete a certificate still legally kept. Migration 24:
// a revocation is never dated before its certificate began, and on PostgreSQL never more than a day before the
// database server's own clock (the schema owner, which copies historical rows in db migrate, excepted).
void TamperEngineTest::applicationRoleCannotBackdateARevocationToShortenRetention() {
    QFETCH(QString, script);
    QFETCH(bool, postgresOnly);
    if (postgresOnly && !onPostgres())
        QSKIP("SQLite has no server clock: whoever writes the file dates a revocation as they like (README Limits)");
    auto db = attacker();
    QVERIFY(db);
    const QString certificates = rowsOf(QStringLiteral("certificates"), QStringLiteral("id"));
    const QString revocations = rowsOf(QStringLiteral("revocations"), QStringLiteral("id"));
    const QString notBefore =
        m_f->scalar(QStringLiteral("SELECT not_before FROM certificates WHERE id = ?"), {m_validCert}).toString();
    const QString shortened = toDbTime(fromDbTime(notBefore).addYears(5));
    QVERIFY(
        shortened <
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString());
    Status s = inTransaction(*db, QString(script)
                                      .replace(QStringLiteral("%1"), QString::number(m_validCert))
                                      .replace(QStringLiteral("%2"), shortened));
    QVERIFY2(!s.ok(), "a backdated revocation of the role's making was accepted");
    QVERIFY2(s.message().contains(QStringLiteral("a revocation cannot be dated")), qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("certificates"), QStringLiteral("id")), certificates);
    QCOMPARE(rowsOf(QStringLiteral("revocations"), QStringLiteral("id")), revocations);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    // A revocation dated now by the server's clock (what the workflows write) is still accepted.
    const QString now =
        onPostgres() ? QStringLiteral("tirkeu_now()") : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    TIRKEU_VERIFY_OK(inTransaction(
        *db, QStringLiteral("INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, "
                            "revoked_at, recorded_at, recorded_by) SELECT id, ca_id, serial, 4, "
                            "'holder_application', %2, %2, issued_by FROM certificates WHERE id = %1;\n"
                            "UPDATE certificates SET status = 'revoked' WHERE id = %1")
                 .arg(m_validCert)
                 .arg(now)));
}

void TamperEngineTest::retentionPoliciesCannotBeLowered_data() {
    QTest::addColumn<QString>("script");
    QTest::newRow("record years lowered") << "UPDATE retention_policies SET record_years = 1 WHERE ca_kind = "
                                             "'national'";
    QTest::newRow("government's years lowered to the national ones")
        << "UPDATE retention_policies SET record_years = 5 WHERE ca_kind = 'government'";
    QTest::newRow("event-log years lowered")
        << "UPDATE retention_policies SET event_log_years = 1 WHERE ca_kind = 'government'";
    QTest::newRow("deleted") << "DELETE FROM retention_policies WHERE ca_kind = 'national'";
    QTest::newRow("deleted and inserted shorter")
        << "DELETE FROM retention_policies WHERE ca_kind = 'national';\n"
           "INSERT INTO retention_policies (ca_kind, record_years, event_log_years) VALUES ('national', 1, 1)";
    QTest::newRow("inserted over the policy (upsert)")
        << "INSERT INTO retention_policies (ca_kind, record_years, event_log_years) VALUES ('national', 1, 1) ON "
           "CONFLICT (ca_kind) DO UPDATE SET record_years = excluded.record_years";
    QTest::newRow("the CA's kind changed (its policy with it)")
        << "UPDATE cas SET kind = CASE kind WHEN 'national' THEN 'root' ELSE 'national' END WHERE id = "
           "(SELECT ca_id FROM certificates ORDER BY id LIMIT 1)";
}

// The rest of F19: retention_policies steer every retention end the guards compute (migration 22 reads the record
// years of the certificate's CA kind); the role lowered them, and every retention with them. A policy never becomes
// shorter, nor a CA's kind another (migration 24); a longer one stays possible.
void TamperEngineTest::retentionPoliciesCannotBeLowered() {
    QFETCH(QString, script);
    // The government policy made longer first, so that lowering its event-log years is something to refuse.
    TIRKEU_VERIFY_OK(m_f->reg->retention().setPolicy(m_f->admin, forms::CaKind::Government, 10, 3));
    auto db = attacker();
    QVERIFY(db);
    const QString policies = rowsOf(QStringLiteral("retention_policies"), QStringLiteral("ca_kind"));
    const QString cas = rowsOf(QStringLiteral("cas"), QStringLiteral("id"));
    Status s = inTransaction(*db, script);
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(script)));
    QVERIFY2(s.message().contains(QStringLiteral("retention policies cannot be deleted")) ||
                 s.message().contains(QStringLiteral("a retention policy cannot be shortened")) ||
                 s.message().contains(QStringLiteral("a CA's kind cannot be changed")) ||
                 s.message().contains(QStringLiteral("a row of retention_policies with this key already exists")),
             qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("retention_policies"), QStringLiteral("ca_kind")), policies);
    QCOMPARE(rowsOf(QStringLiteral("cas"), QStringLiteral("id")), cas);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
    // A longer retention stays possible.
    TIRKEU_VERIFY_OK(inTransaction(*db, QStringLiteral("UPDATE retention_policies SET record_years = record_years + "
                                                       "1, event_log_years = event_log_years + 1")));
}

void TamperEngineTest::rulesAppliedRowsAreProtectedAndBound_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("sweepFlag");
    QTest::newRow("edition changed") << "UPDATE rules_applied SET rules_version = 'long@2010-12-30' WHERE record = "
                                        "'certificate' AND record_id = %1"
                                     << false;
    QTest::newRow("deleted") << "DELETE FROM rules_applied WHERE record = 'certificate' AND record_id = %1" << false;
    QTest::newRow("deleted under the sweep flag")
        << "UPDATE maintenance SET sweep_active = 1 WHERE id = 1;\n"
           "DELETE FROM rules_applied WHERE record = 'certificate' AND record_id = %1;\n"
           "UPDATE maintenance SET sweep_active = 0 WHERE id = 1"
        << true;
    QTest::newRow("replaced") << "%2 INTO rules_applied (record, record_id, rules_version, recorded_at) VALUES "
                                 "('certificate', %1, 'long@2010-12-30', '2026-03-03T00:00:00.000Z') %3"
                              << false;
}

// The rest of F15: rules_applied (which edition of the legal rules each record was handled under: the retention
// sweep keeps a record for its edition's period, the calendar recomputes deadlines under it) was writable. A row
// is never changed, and deleted only by the retention sweep once its record is gone (migration 24).
void TamperEngineTest::rulesAppliedRowsAreProtectedAndBound() {
    QFETCH(QString, script);
    QFETCH(bool, sweepFlag);
    const QString rules = rowsOf(QStringLiteral("rules_applied"), QStringLiteral("record, record_id"));
    QVERIFY2(rules.contains(QStringLiteral("certificate|%1|").arg(m_validCert)), qPrintable(rules));
    auto db = attacker();
    QVERIFY(db);
    const bool pg = onPostgres();
    const QString sql =
        QString(script)
            .replace(QStringLiteral("%1"), QString::number(m_validCert))
            .replace(QStringLiteral("%2"), pg ? QStringLiteral("INSERT") : QStringLiteral("INSERT OR REPLACE"))
            .replace(QStringLiteral("%3"), pg ? QStringLiteral("ON CONFLICT (record, record_id) DO "
                                                               "UPDATE SET rules_version = "
                                                               "excluded.rules_version")
                                              : QString());
    Status s;
    {
        std::optional<SweepGuard> armed; // SQLite: as the sweep's own statements
        if (sweepFlag)
            armed.emplace();
        s = inTransaction(*db, sql);
    }
    QVERIFY2(!s.ok(), qPrintable(QStringLiteral("allowed: %1").arg(sql)));
    QVERIFY2(s.message().contains(QStringLiteral("rules_applied")) || s.message().contains(QStringLiteral("rules:")),
             qPrintable(s.message()));
    QCOMPARE(rowsOf(QStringLiteral("rules_applied"), QStringLiteral("record, record_id")), rules);
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

// A certificate on hold is revoked, so its retention was shortened to the hold's time plus the record years
// (Revocations::revoke). The register's release makes it valid again and kept as long as a valid certificate
// is (its end plus the record years). The application role released it by hand — the hold kept in
// hold_releases, its revocations row deleted, the status back to valid — and left the hold's short retention:
// a valid certificate the retention sweep would delete before its legal period. Migration 25: the status goes
// back to valid only with a retention not shorter than the certificate's own end plus the record years.
void TamperEngineTest::releasedHoldGetsTheValidCertificatesRetentionBack() {
    m_f->clock.advanceSecs(600);
    CaEngine engine(*m_f->reg);
    TIRKEU_VERIFY_OK(engine.revoke(m_f->officerA, RevokeRequest{kNca,
                                                                m_validSerial,
                                                                6,
                                                                QStringLiteral("holder_application"),
                                                                QStringLiteral("өтініш №31"),
                                                                0,
                                                                {},
                                                                {},
                                                                {}}));
    const QString heldRetention =
        m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert}).toString();
    const QString notAfter =
        m_f->scalar(QStringLiteral("SELECT not_after FROM certificates WHERE id = ?"), {m_validCert}).toString();
    QVERIFY2(heldRetention < toDbTime(fromDbTime(notAfter).addYears(5)), qPrintable(heldRetention));
    auto db = attacker();
    QVERIFY(db);
    const QString release = QStringLiteral(
        "INSERT INTO hold_releases (revocation_id, certificate_id, ca_id, serial, held_at, hold_recorded_at, "
        "hold_recorded_by, hold_basis_kind, released_at, recorded_by, basis_kind) SELECT id, certificate_id, ca_id, "
        "serial, revoked_at, recorded_at, recorded_by, basis_kind, recorded_at, recorded_by, basis_kind FROM "
        "revocations WHERE certificate_id = %1;\n"
        "DELETE FROM revocations WHERE certificate_id = %1;\n");
    const QString certificates = rowsOf(QStringLiteral("certificates"), QStringLiteral("id"));
    // Longer than the hold's retention, a month short of the valid certificate's.
    const QString monthShort = toDbTime(fromDbTime(notAfter).addYears(5).addDays(-30));
    QVERIFY2(monthShort > heldRetention, qPrintable(monthShort));
    for (const QString& status :
         {QStringLiteral("UPDATE certificates SET status = 'valid' WHERE id = %1"),
          QStringLiteral("UPDATE certificates SET status = 'valid', retention_until = '%2' WHERE id = %1")}) {
        // The hold's retention kept, then a longer one still short of the valid certificate's.
        const QString script = QString(release + status)
                                   .replace(QStringLiteral("%1"), QString::number(m_validCert))
                                   .replace(QStringLiteral("%2"), monthShort);
        Status s = inTransaction(*db, script);
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("released with a short retention: %1").arg(script)));
        QVERIFY2(s.message().contains(QStringLiteral("retention")), qPrintable(s.message()));
        QCOMPARE(rowsOf(QStringLiteral("certificates"), QStringLiteral("id")), certificates);
    }
    // The register's own release is accepted and keeps the certificate as long as a valid one.
    m_f->clock.advanceSecs(600);
    TIRKEU_VERIFY_OK(
        engine.release(m_f->officerA, ReleaseRequest{kNca, m_validSerial, QStringLiteral("holder_application"),
                                                     QStringLiteral("өтініш №32")}));
    QCOMPARE(m_f->scalar(QStringLiteral("SELECT status FROM certificates WHERE id = ?"), {m_validCert}).toString(),
             QStringLiteral("valid"));
    QVERIFY(m_f->scalar(QStringLiteral("SELECT retention_until FROM certificates WHERE id = ?"), {m_validCert})
                .toString() >= toDbTime(fromDbTime(notAfter).addYears(5).addDays(-1)));
    auto report = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

TIRKEU_TEST_GUILESS_MAIN(TamperEngineTest)
#include "tst_tamper_engine.moc"
