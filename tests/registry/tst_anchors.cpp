// Signed checkpoints outside the database (issue 12, item 4): the audit signing key signs the chain
// head of every finished day (Almaty time), the scheduled job writes those anchors to a folder with or
// without new events, and verify() with the folder finds what the database alone cannot show — a
// truncated tail with the daily anchors deleted, a fully re-hashed chain with rewritten anchors, an
// event forged into a signed day with a correct hash, deleted or altered anchor files.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/AuditSignature.h"
#include "pki/CaKey.h"
#include "pki/CrlReader.h"
#include "pki/KeyGenerator.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/CalendarService.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QObject>
#include <QScopeGuard>

#include <sys/stat.h>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class AnchorsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void jobWritesEveryFinishedDayOnce();
    void signedAnchorsMatchTheChain();
    void onlyTheAuditKeySignsAndOnlyAdministratorsSetItUp();
    void truncatedTailWithDeletedAnchorsIsFound();
    void fullRehashWithRewrittenAnchorsIsFound();
    void forgedEventInASignedDayIsFound();
    void deletedAnchorFileIsFound();
    void alteredAnchorFileIsFound();
    void anchorsCheckedWithTheKeptPublicKey();
    void rewrittenUnsignedTailIsFoundByAPublishedCrl();
    void cutUnsignedTailIsFoundByAPublishedCrl();
    void eventLogOidBlankedBySqlIsFound();
    void checkpointPinsTheUnsignedTail();
    void checkpointIsWrittenOncePerHead();
    void alteredOrForeignCheckpointIsFound();
    void noEventIsDatedInASignedDay();
    void dayClosedWithoutItsFileIsSignedAlikeByTheNextRun();
    void anchorFilesAreNeverWritableByOthers();

private:
    QString anchorsDir() const { return m_f->dir.filePath(QStringLiteral("anchors")); }
    AuditVerifyReport verifyWithAnchors(const QByteArray& key = {});
    void dropAuditGuards();
    // Puts the guards dropAuditGuards() dropped back as they were (an attacker covering the tracks: audit verify
    // names a missing guard).
    void restoreAuditGuards();
    QStringList m_droppedGuards; // the statements that create them again
    // Rewrites the operator of event `target` and re-hashes the chain from there to its head; anchors of
    // those events are rewritten too (someone with the register file and the format).
    void rehashFrom(qint64 target);
    // Today's CA (with its key) and one full CRL published now; the CRL file.
    QString publishCrlNow();

    RegistryFixture m_template;
    pki::EvpPkeyPtr m_key;
    QByteArray m_publicKey;
    std::unique_ptr<RegistryFixture> m_f;
    qint64 m_day1Last = 0;
    qint64 m_day2Last = 0;
};

void AnchorsTest::initTestCase() {
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    TIRKEU_VERIFY_OK(key);
    m_key = std::move(key.value());
    auto held = pki::CaKey::fromPrivateKey(pki::EvpPkeyPtr(EVP_PKEY_dup(m_key.get())));
    TIRKEU_VERIFY_OK(held);
    m_publicKey = (*held)->publicKeyDer();

    RegistryFixture& t = m_template;
    QVERIFY2(t.create(almaty(2026, 3, 2, 9)), qPrintable(t.error));
    TIRKEU_VERIFY_OK(
        t.reg->audit().setAuditKey(t.admin, QStringLiteral("file:/etc/tirkeu/audit.p8"), m_publicKey, false));
    Applications& apps = t.reg->applications();
    t.clock.set(almaty(2026, 3, 2, 10));
    auto a1 = apps.submit(t.operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(a1);
    m_day1Last = t.count(QStringLiteral("audit_events"));
    // The job of the night of 2 March, just after midnight: the anchor of 2 March.
    t.clock.set(almaty(2026, 3, 3, 0, 5));
    auto first = t.reg->audit().publishSignedAnchors(t.admin, t.dir.filePath(QStringLiteral("anchors")), m_key.get());
    TIRKEU_VERIFY_OK(first);
    QCOMPARE(first->size(), 1);

    t.clock.set(almaty(2026, 3, 3, 11));
    TIRKEU_VERIFY_OK(apps.approve(t.officerA, *a1));
    TIRKEU_VERIFY_OK(t.reg->calendar().set(t.admin, QDate(2026, 12, 31), false, QStringLiteral("Үкімет қаулысы")));
    m_day2Last = t.count(QStringLiteral("audit_events"));
    // The job missed 4 March (no events that day either); on 6 March it catches up on 3, 4 and 5 March.
    t.clock.set(almaty(2026, 3, 6, 0, 5));
    auto later = t.reg->audit().publishSignedAnchors(t.admin, t.dir.filePath(QStringLiteral("anchors")), m_key.get());
    TIRKEU_VERIFY_OK(later);
    QCOMPARE(later->size(), 3);
}

void AnchorsTest::init() {
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 6, 10)), qPrintable(m_f->error));
    QDir().mkpath(anchorsDir());
    const QDir from(m_template.dir.filePath(QStringLiteral("anchors")));
    for (const QString& name : from.entryList(QDir::Files))
        QVERIFY(QFile::copy(from.filePath(name), QDir(anchorsDir()).filePath(name)));
}

void AnchorsTest::cleanup() {
    m_f.reset();
}

AuditVerifyReport AnchorsTest::verifyWithAnchors(const QByteArray& key) {
    AuditVerifyOptions options;
    options.anchorsDir = anchorsDir();
    options.anchorKey = key;
    auto report = m_f->reg->audit().verify(options);
    if (!report) {
        qWarning("verify: %s", qPrintable(report.message()));
        return {};
    }
    return *report;
}

void AnchorsTest::dropAuditGuards() {
    // (The *_no_replace triggers exist on SQLite only: PostgreSQL has no INSERT OR REPLACE.)
    const bool sqlite = m_f->reg->db().engine() == Engine::Sqlite;
    const auto drop = [&](const char* trigger, const QString& table) {
        const QString name = QString::fromLatin1(trigger);
        const QVariant sql = m_f->scalar(
            sqlite ? QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
                   : QStringLiteral("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = ? AND NOT "
                                    "tgisinternal"),
            {name});
        QVERIFY2(!sql.toString().isEmpty(), trigger);
        m_droppedGuards << sql.toString();
        TIRKEU_VERIFY_OK(m_f->dropTrigger(name, table));
    };
    m_droppedGuards.clear();
    for (const char* trigger : {"audit_events_immutable", "audit_events_retention", "audit_events_no_replace"})
        if (sqlite || !QByteArray(trigger).endsWith("no_replace"))
            drop(trigger, QStringLiteral("audit_events"));
    for (const char* trigger : {"audit_anchors_immutable", "audit_anchors_kept", "audit_anchors_no_replace"})
        if (sqlite || !QByteArray(trigger).endsWith("no_replace"))
            drop(trigger, QStringLiteral("audit_anchors"));
}

void AnchorsTest::restoreAuditGuards() {
    for (const QString& sql : std::as_const(m_droppedGuards))
        TIRKEU_VERIFY_OK(m_f->reg->db().execScript(sql));
    m_droppedGuards.clear();
}

void AnchorsTest::jobWritesEveryFinishedDayOnce() {
    const QStringList files = QDir(anchorsDir()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files, QStringList({QStringLiteral("anchor-2026-03-02.txt"), QStringLiteral("anchor-2026-03-03.txt"),
                                 QStringLiteral("anchor-2026-03-04.txt"), QStringLiteral("anchor-2026-03-05.txt")}));
    // A day without events repeats the head of the day before, with 0 events.
    QFile day4(QDir(anchorsDir()).filePath(files.at(2)));
    QVERIFY(day4.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(day4.readAll());
    QVERIFY2(text.contains(QStringLiteral("last-seq: %1\n").arg(m_day2Last)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("events: 0\n")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("key-sha256: ") + pki::AuditSignature::fingerprint(m_publicKey)),
             qPrintable(text));
    // Run again the same day: nothing new; the files are not rewritten.
    auto again = m_f->reg->audit().publishSignedAnchors(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(again);
    QCOMPARE(again->size(), 0);
    // Today is not over: no signed anchor for it.
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().signedAnchor(m_f->clock.today(), m_key.get()), ErrorCode::Usage);
}

void AnchorsTest::signedAnchorsMatchTheChain() {
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedAnchorsChecked, qint64(4));
    QCOMPARE(r.eventsChecked, m_day2Last);
}

void AnchorsTest::onlyTheAuditKeySignsAndOnlyAdministratorsSetItUp() {
    auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    TIRKEU_VERIFY_OK(other);
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().signedAnchor(QDate(2026, 3, 5), other->get()), ErrorCode::Crypto);
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().setAuditKey(m_f->officerA, QStringLiteral("file:/x"), m_publicKey, true),
                        ErrorCode::Forbidden);
    // A second key only on purpose.
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().setAuditKey(m_f->admin, QStringLiteral("file:/x"), m_publicKey, false),
                        ErrorCode::Conflict);
}

void AnchorsTest::truncatedTailWithDeletedAnchorsIsFound() {
    dropAuditGuards();
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq > ?"), {m_day1Last}));
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_anchors")));
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a truncated chain passed");
    QCOMPARE(r.firstBadSeq, m_day1Last + 1);
    QVERIFY2(r.problem.contains(QStringLiteral("signed anchor")) && r.problem.contains(QString::number(m_day2Last)),
             qPrintable(r.problem));
}

void AnchorsTest::rehashFrom(qint64 target) {
    // The subject is rewritten: an operator without the role (or no operator at all) would be found by the
    // chain's own role check (AuditLog::verify, Roles::eventRule) before the anchors and CRLs these tests try.
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE audit_events SET subject = 'intruder' WHERE seq = ?"), {target}));
    auto q = m_f->reg->db().exec(QStringLiteral("SELECT seq FROM audit_events WHERE seq >= ? ORDER BY seq"), {target});
    TIRKEU_VERIFY_OK(q);
    QList<qint64> seqs;
    while (q->next())
        seqs << q->value(0).toLongLong();
    QString prev = m_f->scalar(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"), {target - 1}).toString();
    for (qint64 seq : seqs) {
        auto events = m_f->reg->audit().events(QString(), 1, seq + 1);
        TIRKEU_VERIFY_OK(events);
        AuditEvent e = events->first();
        QCOMPARE(e.seq, seq);
        e.prevHash = prev;
        // Stored text as is: the chain hashes the stored details.
        const QString details =
            m_f->scalar(QStringLiteral("SELECT details FROM audit_events WHERE seq = ?"), {seq}).toString();
        e.details = QJsonDocument::fromJson(details.toUtf8()).object();
        QCOMPARE(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)), details);
        e.hash = AuditLog::computeHash(e);
        TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?"),
                                   {e.prevHash, e.hash, seq}));
        TIRKEU_VERIFY_OK(
            m_f->exec(QStringLiteral("UPDATE audit_anchors SET head_hash = ? WHERE last_seq = ?"), {e.hash, seq}));
        prev = e.hash;
    }
}

QString AnchorsTest::publishCrlNow() {
    const QString passphrase = QStringLiteral("Орталық-кілт-2026-secret");
    CaEngine engine(*m_f->reg);
    auto ca = engine.createRootCa(m_f->admin, kNca, pki::KeyAlgorithm::EcP256,
                                  m_f->dir.filePath(QStringLiteral("nca.p8")), passphrase, 10);
    if (!ca) {
        qWarning("ca: %s", qPrintable(ca.message()));
        return {};
    }
    // The event-log head extension needs an OID of the CA's own arc; 2.999 is the arc for examples.
    if (Status s = m_f->reg->cas().updateSettings(m_f->admin, kNca,
                                                  {{QStringLiteral("crl_event_log_oid"), QStringLiteral("2.999.1")}});
        !s) {
        qWarning("setting: %s", qPrintable(s.message()));
        return {};
    }
    QDir().mkpath(m_f->dir.filePath(QStringLiteral("crl")));
    auto crl = engine.publishCrl(m_f->officerA, kNca, m_f->dir.filePath(QStringLiteral("crl")), false,
                                 pki::SecretSource::literal(passphrase));
    if (!crl) {
        qWarning("crl: %s", qPrintable(crl.message()));
        return {};
    }
    return crl->derPath;
}

void AnchorsTest::rewrittenUnsignedTailIsFoundByAPublishedCrl() {
    // Today (6 March) is not signed by a daily anchor yet. A CRL published today attests the chain up to
    // its publication (its event-log head extension), so rewriting today's events is found from the CRL.
    const QString crl = publishCrlNow();
    QVERIFY(!crl.isEmpty());
    auto info = pki::CrlReader::read(
        [&] {
            QFile f(crl);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }(),
        QStringLiteral("2.999.1"));
    TIRKEU_VERIFY_OK(info);
    const qint64 signedUpTo = m_f->scalar(QStringLiteral("SELECT max(last_seq) FROM audit_anchors")).toLongLong();
    QVERIFY2(info->auditHeadSeq > signedUpTo + 1, "the CRL attests no unsigned event");
    AuditVerifyOptions options;
    options.anchorsDir = anchorsDir();
    options.crlFiles = {crl};
    auto before = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(before);
    QVERIFY2(before->ok, qPrintable(before->problem));

    dropAuditGuards();
    rehashFrom(signedUpTo + 1); // the first event of the unsigned day, and everything after it
    if (QTest::currentTestFailed())
        return;
    restoreAuditGuards();
    // The daily anchors alone cannot tell (README "Limits")...
    const AuditVerifyReport anchorsOnly = verifyWithAnchors();
    QVERIFY2(anchorsOnly.ok, qPrintable(anchorsOnly.problem));
    // ...the published CRL can.
    auto after = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(after);
    QVERIFY2(!after->ok, "a rewritten unsigned tail passed with the CRL published meanwhile");
    QVERIFY2(after->problem.contains(QStringLiteral("rewritten")) &&
                 after->problem.contains(QString::number(info->auditHeadSeq)),
             qPrintable(after->problem));
}

void AnchorsTest::eventLogOidBlankedBySqlIsFound() {
    // Rewriting the tail and blanking the CA's crl_event_log_oid by hand (so the CRL's head goes unread):
    // the CA's row is hashed into the chain, so the edit is found instead.
    const QString crl = publishCrlNow();
    QVERIFY(!crl.isEmpty());
    const qint64 signedUpTo = m_f->scalar(QStringLiteral("SELECT max(last_seq) FROM audit_anchors")).toLongLong();
    dropAuditGuards();
    rehashFrom(signedUpTo + 1);
    if (QTest::currentTestFailed())
        return;
    const QString settings = m_f->scalar(QStringLiteral("SELECT settings FROM cas WHERE code = ?"), {kNca}).toString();
    QVERIFY(settings.contains(QStringLiteral("2.999.1")));
    QString blanked = settings;
    blanked.replace(QStringLiteral("2.999.1"), QString());
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("UPDATE cas SET settings = ? WHERE code = ?"), {blanked, kNca}));
    AuditVerifyOptions options;
    options.anchorsDir = anchorsDir();
    options.crlFiles = {crl};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "a blanked event-log OID hid a rewritten tail");
    QVERIFY2(report->problem.contains(QStringLiteral("cas")), qPrintable(report->problem));
}

void AnchorsTest::cutUnsignedTailIsFoundByAPublishedCrl() {
    const QString crl = publishCrlNow();
    QVERIFY(!crl.isEmpty());
    const qint64 signedUpTo = m_f->scalar(QStringLiteral("SELECT max(last_seq) FROM audit_anchors")).toLongLong();
    dropAuditGuards();
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq > ?"), {signedUpTo + 1}));
    AuditVerifyOptions options;
    options.anchorsDir = anchorsDir();
    options.crlFiles = {crl};
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(!report->ok, "a cut unsigned tail passed with the CRL published meanwhile");
    QVERIFY2(report->problem.contains(QStringLiteral("cut")), qPrintable(report->problem));
}

void AnchorsTest::fullRehashWithRewrittenAnchorsIsFound() {
    dropAuditGuards();
    // Rewrite an event of 2 March, then re-hash everything after it and rewrite the daily anchors.
    const qint64 target = m_day1Last;
    rehashFrom(target);
    if (QTest::currentTestFailed())
        return;
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a re-hashed chain passed");
    QCOMPARE(r.firstBadSeq, m_day1Last);
    QVERIFY2(r.problem.contains(QStringLiteral("rewritten")), qPrintable(r.problem));
}

void AnchorsTest::forgedEventInASignedDayIsFound() {
    // A forged event appended with a correct hash, dated into 3 March, which is signed already.
    auto head = m_f->reg->audit().events(QString(), 1);
    TIRKEU_VERIFY_OK(head);
    AuditEvent e;
    e.seq = head->first().seq + 1;
    e.ts = almaty(2026, 3, 3, 18);
    e.operatorLogin = QStringLiteral("officer.a");
    e.subject = kIinAliya;
    e.type = QStringLiteral("application.done");
    e.details = QJsonObject{{QStringLiteral("application"), 1}};
    e.retentionUntil = e.ts.addYears(1);
    e.prevHash = head->first().hash;
    e.hash = AuditLog::computeHash(e);
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("INSERT INTO audit_events (seq, ts, operator, subject, event_type, "
                                              "details, retention_until, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                              "?, ?)"),
                               {e.seq, toDbTime(e.ts), e.operatorLogin, e.subject, e.type,
                                QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
                                toDbTime(e.retentionUntil), e.prevHash, e.hash}));
    auto chainOnly = m_f->reg->audit().verify();
    TIRKEU_VERIFY_OK(chainOnly);
    QVERIFY2(chainOnly->ok, "the forged event has a correct hash: only the signed anchors show it");
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a forged event passed");
    QCOMPARE(r.firstBadSeq, e.seq);
    QVERIFY2(r.problem.contains(QStringLiteral("added afterwards")), qPrintable(r.problem));
}

void AnchorsTest::deletedAnchorFileIsFound() {
    QVERIFY(QFile::remove(QDir(anchorsDir()).filePath(QStringLiteral("anchor-2026-03-04.txt"))));
    AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a deleted anchor file passed");
    QVERIFY2(r.problem.contains(displayDate(QDate(2026, 3, 4))), qPrintable(r.problem));
    for (const QString& name : QDir(anchorsDir()).entryList(QDir::Files))
        QVERIFY(QFile::remove(QDir(anchorsDir()).filePath(name)));
    r = verifyWithAnchors();
    QVERIFY2(!r.ok, "an empty anchor folder passed");
    QVERIFY2(r.problem.contains(QStringLiteral("no signed anchors")), qPrintable(r.problem));
}

void AnchorsTest::alteredAnchorFileIsFound() {
    const QString path = QDir(anchorsDir()).filePath(QStringLiteral("anchor-2026-03-03.txt"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    f.close();
    // A re-hashing attacker rewrites the file to match the forged chain; the signature no longer fits.
    const qsizetype at = text.indexOf("head-sha256: ") + 13;
    text.replace(at, 64, QByteArray(64, 'a'));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "an altered anchor file passed");
    QVERIFY2(r.problem.contains(QStringLiteral("anchor-2026-03-03.txt")) && r.problem.contains(u"signature"),
             qPrintable(r.problem));
}

void AnchorsTest::anchorsCheckedWithTheKeptPublicKey() {
    // An attacker who replaced the key recorded in the register does not fool the kept public key.
    auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    TIRKEU_VERIFY_OK(other);
    auto held = pki::CaKey::fromPrivateKey(std::move(other.value()));
    TIRKEU_VERIFY_OK(held);
    TIRKEU_VERIFY_OK(
        m_f->reg->audit().setAuditKey(m_f->admin, QStringLiteral("file:/x"), (*held)->publicKeyDer(), true));
    AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "anchors verified with a key that did not sign them");
    r = verifyWithAnchors(m_publicKey);
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedAnchorsChecked, qint64(4));
}

void AnchorsTest::checkpointPinsTheUnsignedTail() {
    // Today (6 March, not signed by a daily anchor before midnight): two applications, then the job's
    // checkpoint. A rewrite of today's events — invisible to the daily anchors — is found from it, and
    // so is a cut tail, even with no CRL published.
    const qint64 signedUpTo = m_f->scalar(QStringLiteral("SELECT max(last_seq) FROM audit_anchors")).toLongLong();
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinThird)));
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFourth)));
    auto written = m_f->reg->audit().publishSignedCheckpoint(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(written);
    const qint64 head = m_f->scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
    QCOMPARE(QFileInfo(*written).fileName(), AuditLog::checkpointFileName(head));
    QVERIFY(head > signedUpTo + 1);
    AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedCheckpointsChecked, qint64(1));

    dropAuditGuards();
    rehashFrom(signedUpTo + 1);
    if (QTest::currentTestFailed())
        return;
    r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a rewritten tail passed a signed checkpoint");
    QCOMPARE(r.firstBadSeq, head);
    QVERIFY2(r.problem.contains(QStringLiteral("checkpoint")) && r.problem.contains(QStringLiteral("rewritten")),
             qPrintable(r.problem));

    // A cut tail (the rewritten events deleted) is named too.
    TIRKEU_VERIFY_OK(m_f->exec(QStringLiteral("DELETE FROM audit_events WHERE seq > ?"), {signedUpTo}));
    r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a cut tail passed a signed checkpoint");
    QCOMPARE(r.firstBadSeq, signedUpTo + 1);
    QVERIFY2(r.problem.contains(QStringLiteral("checkpoint")) && r.problem.contains(QString::number(head)),
             qPrintable(r.problem));
}

void AnchorsTest::checkpointIsWrittenOncePerHead() {
    auto first = m_f->reg->audit().publishSignedCheckpoint(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(first);
    QVERIFY(!first->isEmpty());
    QFile f(*first);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    // The same head later: nothing written, the file is not rewritten.
    m_f->clock.set(almaty(2026, 3, 6, 11));
    auto again = m_f->reg->audit().publishSignedCheckpoint(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(again);
    QVERIFY(again->isEmpty());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    f.close();
    // Only the audit key signs; only a role that may read the log writes.
    auto other = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    TIRKEU_VERIFY_OK(other);
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().signedCheckpoint(other->get()), ErrorCode::Crypto);
    TIRKEU_VERIFY_ERROR(m_f->reg->audit().publishSignedCheckpoint(m_f->operatorA, anchorsDir(), m_key.get()),
                        ErrorCode::Forbidden);
    // Later events leave an earlier checkpoint valid.
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFifth)));
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedCheckpointsChecked, qint64(1));
}

void AnchorsTest::alteredOrForeignCheckpointIsFound() {
    auto written = m_f->reg->audit().publishSignedCheckpoint(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(written);
    QFile f(*written);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    f.close();
    const QByteArray original = text;
    const qsizetype at = text.indexOf("head-sha256: ") + 13;
    text.replace(at, 64, QByteArray(64, 'b'));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();
    AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(!r.ok, "an altered checkpoint passed");
    QVERIFY2(r.problem.contains(QFileInfo(*written).fileName()) && r.problem.contains(u"signature"),
             qPrintable(r.problem));
    // Not a checkpoint at all.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("garbage\n");
    f.close();
    r = verifyWithAnchors();
    QVERIFY2(!r.ok, "a damaged checkpoint passed");
    QVERIFY2(r.problem.contains(QStringLiteral("not a signed checkpoint")), qPrintable(r.problem));
    // Restored, it passes again.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(original);
    f.close();
    r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
}

// Attack of session 26, F10: under umask 000 the anchors and checkpoints were written 0666 into a folder
// created 0777, so any local user could delete the newest checkpoint (un-pinning the unsigned tail) or an
// anchor. Whatever the umask: files 0644 at most, every folder created on the way never writable by others.
// signedAnchor closes the day (meta audit_signed_through, committed) before it reads the day's head; the job
// writes the file after. Killed between the two, the register holds a closed day and the folder no file for
// it. The next run signs that day again: the same head, sequence number and count (no event could be dated
// in the closed day meanwhile, even from a workstation whose clock is behind), and the chain verifies with it.
void AnchorsTest::dayClosedWithoutItsFileIsSignedAlikeByTheNextRun() {
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual()));
    const qint64 day6Last = m_f->count(QStringLiteral("audit_events"));
    m_f->clock.set(almaty(2026, 3, 7, 0, 5));
    // The job's first step for 6 March, then the kill: its text is never written.
    auto lost = m_f->reg->audit().signedAnchor(QDate(2026, 3, 6), m_key.get());
    TIRKEU_VERIFY_OK(lost);
    const QString file = QDir(anchorsDir()).filePath(QStringLiteral("anchor-2026-03-06.txt"));
    QVERIFY(!QFile::exists(file));
    // A workstation whose clock says 6 March, 23:30 records an event: not in the closed day.
    m_f->clock.set(almaty(2026, 3, 6, 23, 30));
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual()));
    QVERIFY(m_f->count(QStringLiteral("audit_events")) > day6Last);
    // The next run of the job.
    m_f->clock.set(almaty(2026, 3, 7, 0, 10));
    auto written = m_f->reg->audit().publishSignedAnchors(m_f->admin, anchorsDir(), m_key.get());
    TIRKEU_VERIFY_OK(written);
    QCOMPARE(*written, QStringList{file});
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    const auto fieldsOf = [](const QByteArray& anchor) {
        QList<QByteArray> lines = anchor.split('\n');
        lines.removeIf([](const QByteArray& line) { return line.startsWith("signature: "); });
        return lines;
    };
    QCOMPARE(fieldsOf(text), fieldsOf(*lost));
    QVERIFY2(text.contains(QByteArray("last-seq: " + QByteArray::number(day6Last) + "\n")), text.constData());
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedAnchorsChecked, qint64(5));
}

void AnchorsTest::anchorFilesAreNeverWritableByOthers() {
    const mode_t previous = ::umask(0);
    const auto restore = qScopeGuard([previous] { ::umask(previous); });
    const QString top = m_f->dir.filePath(QStringLiteral("published"));
    const QString dir = top + QStringLiteral("/audit/anchors");
    m_f->clock.set(almaty(2026, 3, 8, 0, 5));
    auto anchors = m_f->reg->audit().publishSignedAnchors(m_f->admin, dir, m_key.get());
    TIRKEU_VERIFY_OK(anchors);
    QVERIFY(!anchors->isEmpty());
    auto checkpoint = m_f->reg->audit().publishSignedCheckpoint(m_f->admin, dir, m_key.get());
    TIRKEU_VERIFY_OK(checkpoint);
    QVERIFY(!checkpoint->isEmpty());
    const auto modeOf = [](const QString& path) {
        struct stat st {};
        return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
    };
    for (const QString& file : *anchors + QStringList{*checkpoint}) {
        const int mode = modeOf(file);
        QVERIFY2(mode >= 0 && (mode & ~0644) == 0,
                 qPrintable(QStringLiteral("%1 has mode %2").arg(file, QString::number(mode, 8))));
    }
    for (const QString& folder : QStringList{top, top + QStringLiteral("/audit"), dir}) {
        const int mode = modeOf(folder);
        QVERIFY2(mode >= 0 && (mode & 0022) == 0,
                 qPrintable(QStringLiteral("%1 has mode %2").arg(folder, QString::number(mode, 8))));
    }
    // The files are still what verify reads.
    AuditVerifyOptions options;
    options.anchorsDir = dir;
    auto report = m_f->reg->audit().verify(options);
    TIRKEU_VERIFY_OK(report);
    QVERIFY2(report->ok, qPrintable(report->problem));
}

TIRKEU_TEST_GUILESS_MAIN(AnchorsTest)
#include "tst_anchors.moc"

// Attack of session 25, F10: after the job signed a day's anchor, a workstation whose clock still said that day
// wrote an event dated in it — accepted, and `audit verify` with the anchors then called it forged. A signed day is
// closed: an event written from a clock still in it is dated at the next day's first moment and records by how much
// the clock was behind; the anchors verify, and the report names such events.
void AnchorsTest::noEventIsDatedInASignedDay() {
    // 5 March was signed on the night of 6 March; the workstation's clock says 5 March, 23:00.
    m_f->clock.set(almaty(2026, 3, 5, 23));
    const qint64 before = m_f->count(QStringLiteral("audit_events"));
    TIRKEU_VERIFY_OK(m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual()));
    auto rows = m_f->reg->db().rows(QStringLiteral("SELECT ts, details FROM audit_events WHERE seq > ? ORDER BY seq"),
                                    {before});
    TIRKEU_VERIFY_OK(rows);
    QVERIFY(!rows->empty());
    for (const QVariantList& row : *rows) {
        QCOMPARE(fromDbTime(row.at(0).toString()), almaty(2026, 3, 6, 0));
        const QJsonObject details = QJsonDocument::fromJson(row.at(1).toString().toUtf8()).object();
        QCOMPARE(details.value(QStringLiteral("clock_behind_ms")).toInteger(), qint64(3600000));
    }
    const AuditVerifyReport r = verifyWithAnchors();
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.signedAnchorsChecked, qint64(4));
    QVERIFY2(r.warnings.join(u' ').contains(QStringLiteral("clock was behind")), qPrintable(r.warnings.join(u' ')));
}
