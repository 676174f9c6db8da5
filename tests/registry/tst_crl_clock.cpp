// CRLs and the clocks of the workstations that share a register (attack of session 25, F5): a delta CRL
// lists every revocation its base does not hold — chosen by the ids its base recorded, never by comparing
// a revocation's recorded time with the base's thisUpdate (two clocks) — so a full CRL from a clock that
// runs ahead hides no key compromise from the delta published at once. A publication from a clock behind
// the CA's newest CRL is refused and changes nothing (within a small tolerance it takes the newest
// thisUpdate); what the CA owes after a key compromise is settled only by a CRL that lists it.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "registry/CaEngine.h"
#include "registry/CrlPublisher.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QObject>
#include <QProcess>
#include <QStandardPaths>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class CrlClockTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    int m_serials = 0;
    QDateTime m_day; // each test starts a day after the previous one: every CRL so far is in its past

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kCaPassphrase); }
    QString crlDir() const { return m_out.filePath(QStringLiteral("crl")); }
    static QByteArray readFile(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A valid certificate of the NCA (issuing itself is not under test here).
    QString certificate() {
        const QString serial = QStringLiteral("5E%1").arg(++m_serials, 6, 16, QLatin1Char('0')).toUpper();
        auto id = m_fx.insertCertificate(m_fx.ncaId, serial, QString(), m_fx.clock.now().addDays(-1));
        return id ? serial : QString();
    }
    Status revoke(const QString& serial, int reason, RevokeOutcome* outcome = nullptr) {
        RevokeRequest r;
        r.caCode = kNca;
        r.serial = serial;
        r.reasonCode = reason;
        r.basisKind = QStringLiteral("holder_application");
        r.caKeySecret = secret();
        return engine().revoke(m_fx.officerA, r, outcome);
    }
    QStringList owedSerials() {
        auto status = engine().crlStatus(m_fx.officerA, kNca);
        QStringList out;
        if (status)
            for (const OwedPublication& o : status->owed)
                out << o.serial;
        return out;
    }
    // The serials of the CA's crl_owed rows a publication has not settled, oldest first.
    QStringList openOwedRows() {
        auto rows = m_fx.reg->db().rows(
            QStringLiteral("SELECT serial FROM crl_owed WHERE ca_id = ? AND settled_at IS NULL ORDER BY id"),
            {m_fx.ncaId});
        QStringList out;
        if (rows)
            for (const QVariantList& r : *rows)
                out << r.at(0).toString();
        return out;
    }
    // The serials a published CRL lists (openssl's text, upper-case hex).
    static QString crlText(const QString& der) {
        QProcess p;
        p.start(QStringLiteral("openssl"),
                {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), der,
                 QStringLiteral("-noout"), QStringLiteral("-text")});
        p.waitForFinished();
        return QString::fromLatin1(p.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 9)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        QVERIFY(QDir().mkpath(crlDir()));
        TIRKEU_VERIFY_OK(engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                               m_out.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
        // The NCA publishes into a folder: a key compromise publishes its delta CRL at once.
        auto nca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(nca);
        QJsonObject settings = nca->settings;
        settings.insert(QStringLiteral("publish_dir"), crlDir());
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE cas SET settings = ? WHERE code = ?"),
                                   {QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)), kNca}));
        m_day = m_fx.clock.now();
    }

    void init() {
        m_day = m_day.addDays(1);
        m_fx.clock.set(m_day);
    }

    // A full CRL from a clock a minute ahead (two workstations), then a key compromise recorded with the right
    // clock: the delta published at once lists it, dated not before its base, and settles what is owed.
    void keyCompromiseAfterABaseFromAClockAheadIsInTheDeltaAtOnce() {
        const QString serial = certificate();
        QVERIFY(!serial.isEmpty());
        const QDateTime t = m_fx.clock.now();
        m_fx.clock.set(t.addSecs(60));
        auto base = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(base);
        m_fx.clock.set(t);
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(serial, 1, &outcome));
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QCOMPARE(outcome.delta->deltaBase, std::optional<quint64>(base->number));
        QCOMPARE(outcome.delta->entries, 1);
        QVERIFY(outcome.delta->thisUpdate >= base->thisUpdate);
        if (!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QVERIFY2(crlText(outcome.delta->derPath).contains(serial), qPrintable(crlText(outcome.delta->derPath)));
        QCOMPARE(owedSerials(), QStringList());
    }

    // The attack's own scene: a full CRL from a clock two hours ahead. The key compromise's delta, from the
    // right clock, is refused (the clock is behind that CRL) and the revocation stays owed; the next delta,
    // from a clock past the base, lists it and settles it.
    void keyCompromiseAfterABaseTwoHoursAheadStaysOwedUntilADeltaListsIt() {
        const QString serial = certificate();
        QVERIFY(!serial.isEmpty());
        const QDateTime t = m_fx.clock.now();
        m_fx.clock.set(t.addSecs(2 * 3600));
        auto base = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(base);
        m_fx.clock.set(t);
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(serial, 1, &outcome));
        QVERIFY(!outcome.delta.has_value());
        QVERIFY2(outcome.deltaProblem.contains(QStringLiteral("clock is behind")), qPrintable(outcome.deltaProblem));
        QCOMPARE(owedSerials(), QStringList{serial});
        // The job's next delta run, an hour and five minutes after the base's time.
        m_fx.clock.set(t.addSecs(3 * 3600 + 300));
        auto delta = engine().publishCrl(m_fx.officerB, kNca, crlDir(), true, secret());
        TIRKEU_VERIFY_OK(delta);
        QCOMPARE(delta->deltaBase, std::optional<quint64>(base->number));
        QCOMPARE(delta->entries, 1);
        if (!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QVERIFY2(crlText(delta->derPath).contains(serial), qPrintable(crlText(delta->derPath)));
        QCOMPARE(owedSerials(), QStringList());
    }

    // A clock behind the CA's newest CRL (beyond the tolerance) publishes nothing: no number, no file, no
    // record, no event. Within the tolerance the CRL takes the newest thisUpdate.
    void publicationFromAClockBehindTheNewestCrlIsRefused() {
        const QDateTime t = m_fx.clock.now();
        auto newest = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(newest);
        const QByteArray full = readFile(newest->derPath);
        const QStringList files = QDir(crlDir()).entryList(QDir::Files | QDir::Hidden, QDir::Name);
        const qint64 crls = m_fx.count(QStringLiteral("crls"));
        const qint64 reserved = m_fx.count(QStringLiteral("crl_pending"));
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        for (const bool delta : {false, true}) {
            m_fx.clock.set(t.addSecs(-CrlPublisher::kClockBehindTolerance - 1));
            auto behind = engine().publishCrl(m_fx.officerB, kNca, crlDir(), delta, secret());
            TIRKEU_VERIFY_ERROR(behind, ErrorCode::Conflict);
            QVERIFY2(behind.message().contains(QStringLiteral("clock is behind")), qPrintable(behind.message()));
            QCOMPARE(m_fx.count(QStringLiteral("crls")), crls);
            QCOMPARE(m_fx.count(QStringLiteral("crl_pending")), reserved); // no number used
            QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
            QCOMPARE(QDir(crlDir()).entryList(QDir::Files | QDir::Hidden, QDir::Name), files);
            QCOMPARE(readFile(newest->derPath), full);
        }
        // Seconds behind (two workstations): published, dated as the newest CRL, never before it.
        m_fx.clock.set(t.addSecs(-30));
        auto delta = engine().publishCrl(m_fx.officerB, kNca, crlDir(), true, secret());
        TIRKEU_VERIFY_OK(delta);
        QCOMPARE(delta->thisUpdate, newest->thisUpdate);
        QCOMPARE(delta->deltaBase, std::optional<quint64>(newest->number));
    }

    // An owed row that no CRL of the publication lists stays open, and so does every owed row recorded after it; one
    // that is listed is settled. What the CA owes (crl status) is not read from these rows (attack of session 30,
    // A9): a row for a serial no revocation has owes nothing, and the compromise published at once is listed.
    void anOwedRevocationNoCrlListsStaysOpen() {
        const QString listed = certificate();
        QVERIFY(!listed.isEmpty());
        // An owed row for a serial no revocation of the NCA has (as a publication that missed it would leave).
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("INSERT INTO crl_owed (ca_id, serial, reason_code, recorded_at) VALUES (?, ?, 1, ?)"),
            {m_fx.ncaId, QStringLiteral("0DEAD0"), toDbTime(m_fx.clock.now())}));
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(listed, 1, &outcome)); // owed, and published at once (listed)
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QCOMPARE(openOwedRows(), (QStringList{QStringLiteral("0DEAD0"), listed}));
        QCOMPARE(owedSerials(), QStringList());
        m_fx.clock.advanceSecs(60);
        auto full = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(full);
        QCOMPARE(openOwedRows(), (QStringList{QStringLiteral("0DEAD0"), listed}));
        // Once the missing one is no longer owed, the next CRL settles the rest.
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE crl_owed SET settled_at = ? WHERE serial = '0DEAD0'"),
                                   {toDbTime(m_fx.clock.now())}));
        m_fx.clock.advanceSecs(60);
        TIRKEU_VERIFY_OK(engine().publishCrl(m_fx.officerB, kNca, crlDir(), true, secret()));
        QCOMPARE(openOwedRows(), QStringList());
        QCOMPARE(owedSerials(), QStringList());
    }

    // A hold in the base, released, then a key compromise: the new revocation never takes the released
    // hold's id (SQLite hands a deleted highest id out again), so the delta lists it with the release.
    void aRevocationAfterAReleasedHoldIsInTheDelta() {
        const QString held = certificate();
        const QString compromised = certificate();
        QVERIFY(!held.isEmpty() && !compromised.isEmpty());
        TIRKEU_VERIFY_OK(revoke(held, 6));
        const QDateTime t = m_fx.clock.now();
        m_fx.clock.set(t.addSecs(60)); // the base from a clock a minute ahead
        auto base = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(base);
        m_fx.clock.set(t.addSecs(10));
        ReleaseRequest release{kNca, held, QStringLiteral("holder_application"), QStringLiteral("өтініш №5")};
        TIRKEU_VERIFY_OK(engine().release(m_fx.officerA, release));
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(compromised, 1, &outcome));
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QCOMPARE(outcome.delta->entries, 2); // the compromise, and the release (removeFromCRL)
        QCOMPARE(owedSerials(), QStringList());
    }

    // Attack of session 32, B11: held in the base, released, held and released again: the delta listed the
    // certificate twice (two removeFromCRL entries). Once now, with its newest hold's date.
    void aCertificateReleasedTwiceIsListedOnce() {
        const QString held = certificate();
        const QString compromised = certificate();
        QVERIFY(!held.isEmpty() && !compromised.isEmpty());
        TIRKEU_VERIFY_OK(revoke(held, 6));
        m_fx.clock.set(m_fx.clock.now().addSecs(60));
        auto base = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(base);
        ReleaseRequest release{kNca, held, QStringLiteral("holder_application"), QStringLiteral("өтініш №6")};
        for (int round = 0; round < 2; ++round) {
            m_fx.clock.set(m_fx.clock.now().addSecs(60));
            if (round > 0)
                TIRKEU_VERIFY_OK(revoke(held, 6));
            m_fx.clock.set(m_fx.clock.now().addSecs(60));
            TIRKEU_VERIFY_OK(engine().release(m_fx.officerA, release));
        }
        m_fx.clock.set(m_fx.clock.now().addSecs(60));
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(compromised, 1, &outcome));
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QCOMPARE(outcome.delta->deltaBase, std::optional<quint64>(base->number));
        QCOMPARE(outcome.delta->entries, 2); // the compromise, and the release once
        if (!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QCOMPARE(crlText(outcome.delta->derPath).count(held), 1);
    }

    // Attack of session 32, B1: a key compromise of a certificate on hold in the base: the delta published at once
    // lists it with keyCompromise, and never as removed from the CRL.
    void aHeldCertificateCompromisedIsInTheDeltaWithItsNewReason() {
        const QString held = certificate();
        QVERIFY(!held.isEmpty());
        TIRKEU_VERIFY_OK(revoke(held, 6));
        m_fx.clock.set(m_fx.clock.now().addSecs(60));
        auto base = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(base);
        m_fx.clock.set(m_fx.clock.now().addSecs(60));
        RevokeOutcome outcome;
        TIRKEU_VERIFY_OK(revoke(held, 1, &outcome));
        QVERIFY2(outcome.delta.has_value(), qPrintable(outcome.deltaProblem));
        QCOMPARE(outcome.delta->deltaBase, std::optional<quint64>(base->number));
        QCOMPARE(outcome.delta->entries, 1);
        if (!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
            const QString text = crlText(outcome.delta->derPath);
            QVERIFY2(text.contains(held) && text.contains(QStringLiteral("Key Compromise")) &&
                         !text.contains(QStringLiteral("Remove From CRL")),
                     qPrintable(text));
        }
        QCOMPARE(owedSerials(), QStringList());
    }

    // A revocation recorded by a clock ahead (F16; there half a year, now refused as the log's floor — a day
    // ahead at most, attack of session 30, A6 — so 20 hours): the next CRL, from the right clock, never dates its
    // entry after its own thisUpdate, and says what is wrong.
    void aRevocationDatedAfterTheCrlIsDatedAtTheCrlsTime() {
        const QString serial = certificate();
        QVERIFY(!serial.isEmpty());
        const QDateTime t = m_fx.clock.now();
        m_fx.clock.set(t.addSecs(20 * 3600));
        TIRKEU_VERIFY_OK(revoke(serial, 4)); // superseded: nothing published at once
        m_fx.clock.set(t);
        auto full = engine().publishCrl(m_fx.officerB, kNca, crlDir(), false, secret());
        TIRKEU_VERIFY_OK(full);
        QVERIFY2(full->warning.contains(serial) && full->warning.contains(QStringLiteral("clock was ahead")),
                 qPrintable(full->warning));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'crl.written' ORDER "
                                            "BY seq DESC LIMIT 1"))
                     .toString()
                     .contains(QStringLiteral("\"dated_after_this_update\":1")),
                 true);
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            return;
        const QString text = crlText(full->derPath);
        QVERIFY2(text.contains(serial), qPrintable(text));
        // Every entry's date is the CRL's own (Last Update) or earlier: none is ahead of it.
        const QString lastUpdate =
            text.section(QStringLiteral("Last Update: "), 1, 1).section(QLatin1Char('\n'), 0, 0).trimmed();
        const QString entryDate = text.section(serial, 1, 1)
                                      .section(QStringLiteral("Revocation Date: "), 1, 1)
                                      .section(QLatin1Char('\n'), 0, 0)
                                      .trimmed();
        QCOMPARE(entryDate, lastUpdate);
    }

    // Attack of session 29 (F8): a CRL promised its successor after its CA certificate's end (a 30-day period
    // under a certificate ending in 10 days), which nobody could validate. The nextUpdate is cut at that end.
    void noNextUpdateAfterTheCaCertificateEnds() {
        RegistryFixture fx;
        QVERIFY2(fx.create(almaty(2026, 3, 2, 9)), qPrintable(fx.error));
        CaEngine e(*fx.reg);
        TIRKEU_VERIFY_OK(e.createRootCa(fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                        m_out.filePath(QStringLiteral("short-nca.p8")), kCaPassphrase, 1));
        TIRKEU_VERIFY_OK(fx.reg->cas().updateSettings(fx.admin, kNca, {{QStringLiteral("crl_period_hours"), 720}}));
        auto caCert = pki::Certificate::parse(fx.reg->cas().find(kNca)->certificateDer);
        TIRKEU_VERIFY_OK(caCert);
        const QString dir = m_out.filePath(QStringLiteral("short-crl"));
        QVERIFY(QDir().mkpath(dir));
        auto early = e.publishCrl(fx.officerB, kNca, dir, false, secret());
        TIRKEU_VERIFY_OK(early);
        QCOMPARE(early->nextUpdate, early->thisUpdate.addDays(30)); // far from the end: the period
        fx.clock.set(caCert->notAfter().addDays(-10));
        auto late = e.publishCrl(fx.officerB, kNca, dir, false, secret());
        TIRKEU_VERIFY_OK(late);
        QCOMPARE(late->nextUpdate, caCert->notAfter());
    }
};

TIRKEU_TEST_GUILESS_MAIN(CrlClockTest)
#include "tst_crl_clock.moc"
