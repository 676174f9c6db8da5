#pragma once
// What the tamper suites share (issue 12): a register made once (initTestCase) and a fresh copy of it for every
// attack (init, 3 March 2026 17:00 Almaty); the owner's way round the guards (every trigger of a table dropped);
// what audit verify must then say (the damaged row, by table and key); a table's rows as text, to show that a
// refused attack changed nothing.
// Two scenes: the rows under attack written by hand and bound to the chain as the CA engine's workflows bind
// them (HandWrittenRowsHarness: tst_tamper_refused, tst_tamper_found), or written by the CA engine itself
// (EngineRowsHarness: tst_tamper_engine_rows, tst_tamper_engine_role).

#include "common/RegistryFixture.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/CalendarService.h"
#include "registry/Schema.h"

#include <QDir>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace tirkeu::test {

class TamperHarness {
protected:
    // init: a copy of the template for the attack.
    void copyTemplate() {
        m_f = std::make_unique<RegistryFixture>();
        QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 3, 17)), qPrintable(m_f->error));
    }
    // cleanup
    void dropCopy() { m_f.reset(); }

    // Drops every trigger of `table` (what the owner of the file, or of the PostgreSQL tables, can do).
    void dropTriggersOf(const QString& table) {
        QStringList triggers;
        auto q =
            m_f->reg->db().engine() == registry::Engine::Sqlite
                ? m_f->reg->db().exec(
                      QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"), {table})
                : m_f->reg->db().exec(QStringLiteral("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid "
                                                     "= t.tgrelid WHERE NOT t.tgisinternal AND c.relname = ?"),
                                      {table});
        TIRKEU_VERIFY_OK(q);
        while (q->next())
            triggers << q->value(0).toString();
        QVERIFY2(!triggers.isEmpty(), qPrintable(table));
        for (const QString& name : std::as_const(triggers))
            TIRKEU_VERIFY_OK(m_f->dropTrigger(name, table));
    }

    // verify() must fail and name `table` row `key`.
    void expectFinding(const QString& table, qint64 key) {
        auto report = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        QVERIFY2(!report->ok, "audit verify says intact after the attack");
        QVERIFY2(report->problem.contains(table), qPrintable(report->problem));
        QVERIFY2(report->problem.contains(QStringLiteral(" %1 ").arg(key)), qPrintable(report->problem));
#ifdef TIRKEU_AUDIT_ROW_BINDING
        QCOMPARE(report->badTable, table);
        QCOMPARE(report->badKey, QString::number(key));
#endif
    }

    // verify() must fail (`intact`: what the failure says when it does not) and its problem name every one of
    // `words`.
    void expectProblem(const QString& intact, const QStringList& words) {
        auto report = m_f->reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        QVERIFY2(!report->ok, qPrintable(intact));
        for (const QString& word : words)
            QVERIFY2(report->problem.contains(word), qPrintable(report->problem));
    }

    // Every row of `table` (in the order `order`, else as the database gives them), as text: what an attack that
    // was refused must leave as it was.
    QString rowsOf(const QString& table, const QString& order = {}) {
        QString sql = QStringLiteral("SELECT * FROM %1").arg(table);
        if (!order.isEmpty())
            sql += QStringLiteral(" ORDER BY ") + order;
        auto rows = m_f->reg->db().rows(sql);
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

    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
};

// The rows under attack written by hand: two NCA individuals' issuance applications (one approved, one rejected),
// a calendar override, two certificates of the approved one, one of them revoked with its revocation, and a CRL
// record listing it.
class HandWrittenRowsHarness : public TamperHarness {
protected:
    // Appends an event of `type` binding `rows` as they are now, computed as Tirkeu would: what the workflows do,
    // and what an attacker who can write the register can do too (row hashes hold no secret).
    static void forgeEvent(RegistryFixture& t, const QString& login, const QString& subject, const QString& type,
                           const QList<registry::RowRef>& rows) {
        registry::Transaction tx(t.reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(t.reg->audit().append(login, subject, type, {}, rows));
        TIRKEU_VERIFY_OK(tx.commit());
    }

    // Binds rows written by hand to the chain, as the CA engine's issuing / revoking / publishing
    // workflows do (the rows under attack are a certificate, its revocation and a CRL record).
    static void recordRows(RegistryFixture& t, const QString& type, const QStringList& tables,
                           const QList<qint64>& keys) {
        QList<registry::RowRef> rows;
        for (int i = 0; i < tables.size(); ++i)
            rows << registry::RowRef::row(tables.at(i), keys.at(i));
        forgeEvent(t, t.officerA.login, QStringLiteral("7F0001"), type, rows);
    }

    // initTestCase: the template with the scene.
    void createScene() {
        RegistryFixture& t = m_template;
        QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
        registry::Applications& apps = t.reg->applications();
        t.clock.set(almaty(2026, 3, 2, 10));
        auto a1 = apps.submit(t.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(a1);
        m_application = *a1;
        TIRKEU_VERIFY_OK(apps.approve(t.officerA, *a1));
        auto a2 = apps.submit(t.operatorA, kNca, kIssueInd,
                              ncaIssueIndividual(kIinFourth, QStringLiteral("Бекова"), QStringLiteral("Жансая")));
        TIRKEU_VERIFY_OK(a2);
        TIRKEU_VERIFY_OK(
            apps.reject(t.officerB, *a2, QStringLiteral("NCA-FORM-INCORRECT"), QStringLiteral("Қолы жоқ")));
        TIRKEU_VERIFY_OK(t.reg->calendar().set(t.admin, QDate(2026, 12, 31), false, QStringLiteral("Үкімет қаулысы")));

        // Two certificates, one revoked with its revocation, and a CRL listing it.
        t.clock.set(almaty(2026, 3, 2, 11));
        auto valid = t.insertCertificate(t.ncaId, QStringLiteral("7F0001"), kIinAliya, t.clock.now(), *a1);
        TIRKEU_VERIFY_OK(valid);
        m_validCert = *valid;
        recordRows(t, QStringLiteral("certificate.issued"), {QStringLiteral("certificates")}, {m_validCert});
        auto revoked = t.insertCertificate(t.ncaId, QStringLiteral("7F0002"), kIinAliya, t.clock.now(), *a1);
        TIRKEU_VERIFY_OK(revoked);
        m_revokedCert = *revoked;
        recordRows(t, QStringLiteral("certificate.issued"), {QStringLiteral("certificates")}, {m_revokedCert});
        t.clock.set(almaty(2026, 3, 3, 10));
        TIRKEU_VERIFY_OK(
            t.exec(QStringLiteral("UPDATE certificates SET status = 'revoked' WHERE id = ?"), {m_revokedCert}));
        auto rev = t.reg->db().exec(
            QStringLiteral(
                "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, "
                "recorded_at, recorded_by) VALUES (?, ?, '7F0002', 1, 'holder_application', "
                "'2026-03-03T05:00:00.000Z', '2026-03-03T05:00:01.000Z', ?)"),
            {m_revokedCert, t.ncaId, t.officerA.operatorId});
        TIRKEU_VERIFY_OK(rev);
        m_revocation = rev->lastInsertId().toLongLong();
        recordRows(t, QStringLiteral("certificate.revoked"),
                   {QStringLiteral("certificates"), QStringLiteral("revocations")}, {m_revokedCert, m_revocation});
        auto crl = t.reg->db().exec(
            QStringLiteral(
                "INSERT INTO crls (ca_id, crl_number, this_update, next_update, entries, size_bytes, sha256, "
                "file_name, published_at, published_by, retention_until) VALUES (?, 2, "
                "'2026-03-03T06:00:00.000Z', '2026-03-04T06:00:00.000Z', 1, 612, ?, 'nca-rsa.crl', "
                "'2026-03-03T06:00:00.000Z', ?, '2031-03-04T06:00:00.000Z')"),
            {t.ncaId, QString(64, u'c'), t.officerA.operatorId});
        TIRKEU_VERIFY_OK(crl);
        m_crl = crl->lastInsertId().toLongLong();
        recordRows(t, QStringLiteral("crl.published"), {QStringLiteral("crls")}, {m_crl});
    }

    qint64 m_validCert = 0;
    qint64 m_revokedCert = 0;
    qint64 m_revocation = 0;
    qint64 m_crl = 0;
    qint64 m_application = 0;
};

// The rows under attack written by the CA engine: a root CA (NCA-RSA, P-256) set up by CaSetup, two certificates
// issued by Issuance, one revoked by Revocations, a full CRL published by CrlPublisher.
class EngineRowsHarness : public TamperHarness {
protected:
    // initTestCase: the template with the scene.
    void createScene() {
        QVERIFY(m_out.isValid());
        RegistryFixture& t = m_template;
        QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
        registry::CaEngine engine(*t.reg);
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
        TIRKEU_VERIFY_OK(
            engine.revoke(t.officerA, holderApplication(m_revokedSerial, 4, QStringLiteral("өтініш №17"))));
        m_revocation = t.scalar(QStringLiteral("SELECT id FROM revocations WHERE certificate_id = ?"), {m_revokedCert})
                           .toLongLong();
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

    // A revocation of an NCA-RSA certificate on the holder's application `document`, with `reason` (RFC 5280).
    static registry::RevokeRequest holderApplication(const QString& serial, int reason, const QString& document) {
        return registry::RevokeRequest{kNca, serial, reason, QStringLiteral("holder_application"), document, 0,
                                       {},   {},     {}};
    }

    // The register as the programs reach it: on PostgreSQL as the application role (granted as db init
    // --app-role grants it), on SQLite the file. Empty on failure (the test fails).
    std::unique_ptr<registry::Database> attacker() {
        QString location = m_f->location();
        if (onPostgres()) {
            Status granted = registry::Schema::grantApplicationRole(m_f->reg->db(), QStringLiteral("tirkeu_app"));
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
        auto db = registry::Database::open(location);
        if (!db) {
            qWarning("%s", qPrintable(db.message()));
            return {};
        }
        return std::move(db.value());
    }

    // `script` in one transaction of `db`, rolled back whatever happens; the script's outcome.
    static Status inTransaction(registry::Database& db, const QString& script) {
        registry::Transaction tx(db);
        if (!tx.ok())
            return tx.status();
        return db.execScript(script); // never committed
    }

    QString keyPath() const { return m_out.filePath(QStringLiteral("nca-key.p8")); }

    QTemporaryDir m_out;
    qint64 m_validCert = 0;
    qint64 m_revokedCert = 0;
    QString m_validSerial;
    QString m_revokedSerial;
    qint64 m_revocation = 0;
    qint64 m_crl = 0;
    QString m_crlFile;
};

} // namespace tirkeu::test
