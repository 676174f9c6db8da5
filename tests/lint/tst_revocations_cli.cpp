// The revocation semantics of issue 13 through tirkeu-cli (in-process, a temporary register), judged
// on the CRLs with OpenSSL: a certificateHold lifted with `certificate release` (removeFromCRL in the
// next delta CRL, gone from the next full CRL, the certificate valid again, audited and explained to
// `audit verify`), `--invalidity-date` written as the CRL entry's invalidityDate, and a subordinate
// CA's caCompromise publishing the parent CA's CRL at once. The tests build on each other in one
// register (declaration order): a root (ROOT) and its subordinate National CA (NCA), each with a
// publish folder.

#include "common/TestMain.h"
#include "lint/LintCliSupport.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/Database.h"

#include <QDir>
#include <QLocale>
#include <QTest>

using namespace tirkeu;

class TestRevocationsCli : public QObject, protected test::LintCliHarness {
    Q_OBJECT

    int m_csrs = 0;
    QString m_heldByHand; // a holder certificate of the National CA for aReleaseByHandIsCaughtByAuditVerify

    QString publishDir(const QString& ca) const { return path(ca.toLower() + QStringLiteral("-pub")); }

    // A sign-only individual certificate of NCA from a fresh EC key: its serial, empty on failure.
    QString issueHolder(const QString& iin) {
        forms::Submission s = test::ncaIssueIndividual(iin);
        const QString app =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), s.data, attachmentsOf(s));
        if (app.isEmpty())
            return {};
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        auto csr =
            pki::Csr::create(key->get(), pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, iin));
        if (!csr)
            return {};
        const QString n = QString::number(++m_csrs);
        const Run r = issue(app, {QStringLiteral("--csr"), file(QStringLiteral("holder-%1.csr").arg(n), *csr)},
                            path(QStringLiteral("holder-%1.pem").arg(n)));
        if (r.code != 0)
            qWarning("issue: %s", qPrintable(r.err));
        return r.code == 0 ? r.json().value(QStringLiteral("serial")).toString() : QString();
    }
    Run revoke(const QString& ca, const QString& serial, const QString& reason, const QStringList& extra = {}) {
        return as(QStringLiteral("off1"),
                  QStringList{QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), ca,
                              QStringLiteral("--serial"), serial, QStringLiteral("--reason"), reason,
                              QStringLiteral("--basis"), QStringLiteral("holder_application")} +
                      extra);
    }
    // crl publish into the CA's publish folder; the DER file, empty on failure (warned).
    QString publish(const QString& ca, bool delta) {
        QStringList args{QStringLiteral("crl"),
                         QStringLiteral("publish"),
                         QStringLiteral("--ca"),
                         ca,
                         QStringLiteral("--out"),
                         publishDir(ca),
                         QStringLiteral("--json"),
                         QStringLiteral("--ca-passphrase-file"),
                         caPass()};
        if (delta)
            args << QStringLiteral("--delta");
        const Run r = as(QStringLiteral("off1"), args);
        if (r.code != 0)
            qWarning("crl publish %s: %s", qPrintable(ca), qPrintable(r.err));
        return r.code == 0 ? r.json().value(QStringLiteral("der")).toString() : QString();
    }
    // openssl crl -text of a DER CRL.
    static QString crlText(const QString& der) {
        const Tool t = openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                QStringLiteral("-in"), der, QStringLiteral("-noout"), QStringLiteral("-text")});
        return t.code == 0 ? t.out : QStringLiteral("openssl failed: ") + t.output;
    }
    // The block of `openssl crl -text` about one serial (up to the next "Serial Number:").
    static QString entryOf(const QString& text, const QString& serial) {
        const int at = text.indexOf(QStringLiteral("Serial Number: ") + serial, 0, Qt::CaseInsensitive);
        if (at < 0)
            return {};
        const int next = text.indexOf(QStringLiteral("Serial Number: "), at + 15);
        return text.mid(at, next < 0 ? -1 : next - at);
    }
    QString auditVerify() {
        const Run r = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        return r.code == 0 ? QString() : r.err + r.out;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!test::haveTool(QStringLiteral("openssl")))
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        QVERIFY(QDir().mkpath(publishDir(QStringLiteral("ROOT"))));
        QVERIFY(QDir().mkpath(publishDir(QStringLiteral("NCA"))));
        QString step =
            addCa(QStringLiteral("ROOT"), QStringLiteral("Түбір куәландырушы орталық"), QStringLiteral("root"),
                  {QStringLiteral("publish_dir=") + publishDir(QStringLiteral("ROOT"))});
        QVERIFY2(step.isEmpty(), qPrintable(step));
        step = initRoot(QStringLiteral("ROOT"), QStringLiteral("p256"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
        step = addCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"),
                     {QStringLiteral("publish_dir=") + publishDir(QStringLiteral("NCA"))});
        QVERIFY2(step.isEmpty(), qPrintable(step));
        step = initSubordinate(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"),
                               QStringLiteral("ROOT"), QStringLiteral("p256"));
        QVERIFY2(step.isEmpty(), qPrintable(step));
    }

    // Issue 13: certificate release lifts a hold — valid again, removeFromCRL in the next delta CRL,
    // absent from the next full CRL, audited; only a hold is released.
    void releaseLiftsAHold() {
        const QString serial = issueHolder(test::kIinFifth);
        QVERIFY(!serial.isEmpty());
        Run r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("certificate_hold"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString held = crlText(publish(QStringLiteral("NCA"), false));
        QVERIFY2(entryOf(held, serial).contains(QStringLiteral("Certificate Hold")), qPrintable(held));

        r = as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("release"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), serial, QStringLiteral("--basis"), QStringLiteral("holder_application"),
                QStringLiteral("--basis-document"), QStringLiteral("өтініш №21"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM revocations WHERE serial = ?"), {serial}).toInt(), 0);
        QCOMPARE(
            scalar(QStringLiteral("SELECT basis_document FROM hold_releases WHERE serial = ?"), {serial}).toString(),
            QStringLiteral("өтініш №21"));
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = 'certificate.released' AND "
                                  "subject = ?"),
                   {serial})
                .toInt(),
            1);
        QVERIFY2(auditVerify().isEmpty(), qPrintable(auditVerify()));

        const QString delta = crlText(publish(QStringLiteral("NCA"), true));
        QVERIFY2(entryOf(delta, serial).contains(QStringLiteral("Remove From CRL")), qPrintable(delta));
        const QString full = crlText(publish(QStringLiteral("NCA"), false));
        QVERIFY2(!full.contains(serial, Qt::CaseInsensitive), qPrintable(full));

        // Released once: a second release is refused and changes nothing.
        const Counts before = counts();
        r = as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("release"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), serial, QStringLiteral("--basis"), QStringLiteral("holder_application")});
        QVERIFY2(r.code == int(ErrorCode::Conflict) && r.err.contains(QStringLiteral("not on hold")),
                 qPrintable(r.err));
        QVERIFY(counts() == before);

        // The certificate may be held again: the next delta lists the hold, not the old release.
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("certificate_hold"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString again = crlText(publish(QStringLiteral("NCA"), true));
        const QString entry = entryOf(again, serial);
        QVERIFY2(entry.contains(QStringLiteral("Certificate Hold")) && !entry.contains(QStringLiteral("Remove From")),
                 qPrintable(again));
        QVERIFY2(auditVerify().isEmpty(), qPrintable(auditVerify()));
    }

    void onlyAHoldIsReleased() {
        const QString serial = issueHolder(test::kIinFourth);
        QVERIFY(!serial.isEmpty());
        const QStringList release{QStringLiteral("certificate"), QStringLiteral("release"),
                                  QStringLiteral("--ca"),        QStringLiteral("NCA"),
                                  QStringLiteral("--serial"),    serial,
                                  QStringLiteral("--basis"),     QStringLiteral("holder_application")};
        Counts before = counts();
        Run r = as(QStringLiteral("off1"), release);
        QVERIFY2(r.code == int(ErrorCode::Conflict) && r.err.contains(QStringLiteral("not on hold")),
                 qPrintable(r.err));
        QVERIFY(counts() == before);
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("superseded"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        before = counts();
        r = as(QStringLiteral("off1"), release);
        QVERIFY2(r.code == int(ErrorCode::Conflict) && r.err.contains(QStringLiteral("final")), qPrintable(r.err));
        QVERIFY(counts() == before);
        // An operator may not release.
        r = as(QStringLiteral("op"), release);
        QCOMPARE(r.code, int(ErrorCode::Forbidden));
    }

    // Issue 13: --invalidity-date is recorded and written as the CRL entry's invalidityDate; a date in
    // the future, or before the certificate became valid, is refused with nothing written.
    void invalidityDateGoesIntoTheCrlEntry() {
        const QString serial = issueHolder(test::kIinThird);
        QVERIFY(!serial.isEmpty());
        const QString tomorrow = registry::SystemClock().today().addDays(1).toString(Qt::ISODate);
        const Counts before = counts();
        Run r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("key_compromise"),
                       {QStringLiteral("--invalidity-date"), tomorrow});
        QVERIFY2(r.code == int(ErrorCode::Invalid) && r.err.contains(QStringLiteral("future")), qPrintable(r.err));
        QVERIFY(counts() == before);
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("key_compromise"),
                   {QStringLiteral("--invalidity-date"), QStringLiteral("yesterday")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("certificate_hold"),
                   {QStringLiteral("--invalidity-date"), QStringLiteral("2026-01-05")});
        QVERIFY2(r.code == int(ErrorCode::Invalid), qPrintable(r.err));
        QVERIFY(counts() == before);

        // Not before the certificate became valid; from that moment on (the key compromised before it was
        // issued makes it invalid from its first moment).
        const QDateTime valid =
            registry::fromDbTime(
                scalar(QStringLiteral("SELECT not_before FROM certificates WHERE serial = ?"), {serial}).toString())
                .toUTC();
        QVERIFY(valid.isValid());
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("key_compromise"),
                   {QStringLiteral("--invalidity-date"), valid.addSecs(-1).toString(Qt::ISODate)});
        QVERIFY2(r.code == int(ErrorCode::Invalid) && r.err.contains(QStringLiteral("before the certificate")),
                 qPrintable(r.err));
        QVERIFY(counts() == before);
        // Written as Almaty time (+05:00), as an operator would.
        const QDateTime almaty = valid.toOffsetFromUtc(5 * 3600);
        r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("key_compromise"),
                   {QStringLiteral("--invalidity-date"),
                    almaty.toString(Qt::ISODateWithMs).left(19) + QStringLiteral("+05:00"),
                    QStringLiteral("--ca-passphrase-file"), caPass()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(scalar(QStringLiteral("SELECT i.invalidity_date FROM revocation_invalidity i JOIN revocations r ON "
                                       "r.id = i.revocation_id WHERE r.serial = ?"),
                        {serial})
                     .toString()
                     .left(19),
                 valid.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
        // The delta published at once (key compromise, publish folder) carries it.
        const QString delta = crlText(
            QDir(publishDir(QStringLiteral("NCA")))
                .filePath(scalar(QStringLiteral("SELECT c.file_name FROM crls c JOIN cas a ON a.id = c.ca_id WHERE "
                                                "a.code = 'NCA' ORDER BY c.crl_number DESC LIMIT 1"))
                              .toString()));
        const QString entry = entryOf(delta, serial);
        // openssl's form: "Dec  7 06:12:32 2026 GMT".
        const QString printed = QStringLiteral("%1 %2 %3 %4")
                                    .arg(QLocale::c().toString(valid, QStringLiteral("MMM")))
                                    .arg(valid.date().day(), 2, 10, QLatin1Char(' '))
                                    .arg(valid.toString(QStringLiteral("HH:mm:ss")))
                                    .arg(valid.date().year());
        QVERIFY2(entry.contains(QStringLiteral("Invalidity Date")) && entry.contains(printed),
                 qPrintable(printed + u'\n' + delta));
        QVERIFY2(entry.contains(QStringLiteral("Key Compromise")), qPrintable(entry));
        const QString full = crlText(publish(QStringLiteral("NCA"), false));
        QVERIFY2(entryOf(full, serial).contains(QStringLiteral("Invalidity Date")), qPrintable(full));
        QVERIFY2(auditVerify().isEmpty(), qPrintable(auditVerify()));
    }

    // Issue 13: a subordinate CA's certificate revoked for caCompromise at its parent publishes the
    // parent's (full) CRL at once, as a key compromise publishes the CA's delta.
    void caCompromiseOfASubordinatePublishesTheParentsCrlAtOnce() {
        const Tool serial = openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("NCA.pem")),
                                     QStringLiteral("-noout"), QStringLiteral("-serial")});
        QVERIFY2(serial.code == 0, qPrintable(serial.output));
        const QString ncaSerial = serial.out.trimmed().section(u'=', 1).toUpper();
        // The holder certificate the next test needs, issued now: once its certificate is revoked, the National
        // CA issues nothing (attack of session 29, F6).
        m_heldByHand = issueHolder(QStringLiteral("900701301802"));
        QVERIFY(!m_heldByHand.isEmpty());
        const int before = scalar(QStringLiteral("SELECT count(*) FROM crls c JOIN cas a ON a.id = c.ca_id WHERE "
                                                 "a.code = 'ROOT'"))
                               .toInt();
        const Run r = revoke(QStringLiteral("ROOT"), ncaSerial, QStringLiteral("ca_compromise"),
                             {QStringLiteral("--ca-passphrase-file"), caPass()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("published at once")), qPrintable(r.err));
        const QVariant file = scalar(QStringLiteral("SELECT c.file_name FROM crls c JOIN cas a ON a.id = c.ca_id "
                                                    "WHERE a.code = 'ROOT' AND c.delta_base IS NULL ORDER BY "
                                                    "c.crl_number DESC LIMIT 1"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM crls c JOIN cas a ON a.id = c.ca_id WHERE "
                                       "a.code = 'ROOT'"))
                     .toInt(),
                 before + 1);
        const QString text = crlText(QDir(publishDir(QStringLiteral("ROOT"))).filePath(file.toString()));
        const QString entry = entryOf(text, ncaSerial);
        QVERIFY2(entry.contains(QStringLiteral("CA Compromise")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("Delta CRL Indicator")), qPrintable(text));
        QVERIFY2(auditVerify().isEmpty(), qPrintable(auditVerify()));
        // ca list says so, not only the refusals (attack of session 29: it showed nothing of it).
        const Run list = as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("list")});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        const QString ncaLine = list.out.split(u'\n').filter(QStringLiteral("NCA")).join(u'\n');
        QVERIFY2(ncaLine.contains(u"revoked by the CA ROOT") && ncaLine.contains(u"ca_compromise"),
                 qPrintable(list.out));
        const Run json =
            as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        bool seen = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(json.out.toUtf8()).array()) {
            const QJsonObject ca = v.toObject();
            if (ca.value(QStringLiteral("code")).toString() == u"NCA") {
                seen = true;
                QCOMPARE(ca.value(QStringLiteral("certificate_state")).toString(), QStringLiteral("revoked"));
                QCOMPARE(ca.value(QStringLiteral("revoked_by")).toString(), QStringLiteral("ROOT"));
                QCOMPARE(ca.value(QStringLiteral("revocation_reason")).toString(), QStringLiteral("ca_compromise"));
            } else if (ca.value(QStringLiteral("code")).toString() == u"ROOT") {
                QCOMPARE(ca.value(QStringLiteral("certificate_state")).toString(), QStringLiteral("valid"));
            }
        }
        QVERIFY2(seen, qPrintable(json.out));
    }

    // The database guards (sqlite3 in hand, no Tirkeu): a revoked certificate cannot simply be set valid;
    // doing a release's steps by hand passes the guards but not `audit verify`, which names the rows no
    // event explains. Last: it leaves the register tampered.
    void aReleaseByHandIsCaughtByAuditVerify() {
        const QString serial = m_heldByHand;
        QVERIFY(!serial.isEmpty());
        // Its CA's certificate is revoked (the test above): the National CA issues nothing more.
        QVERIFY(issueHolder(QStringLiteral("900701300108")).isEmpty());
        Run r = revoke(QStringLiteral("NCA"), serial, QStringLiteral("certificate_hold"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto db = registry::Database::open(m_db);
        QVERIFY(db.ok());
        auto direct =
            (*db)->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE serial = ?"), {serial});
        QVERIFY(!direct.ok());
        QVERIFY2(direct.message().contains(QStringLiteral("status moves only")), qPrintable(direct.message()));
        auto deleted = (*db)->exec(QStringLiteral("DELETE FROM revocations WHERE serial = ?"), {serial});
        QVERIFY(!deleted.ok());
        QVERIFY2(auditVerify().isEmpty(), qPrintable(auditVerify()));
        const QStringList steps{
            QStringLiteral(
                "INSERT INTO hold_releases (revocation_id, certificate_id, ca_id, serial, held_at, "
                "hold_recorded_at, hold_recorded_by, hold_basis_kind, released_at, recorded_by, basis_kind) "
                "SELECT id, certificate_id, ca_id, serial, revoked_at, recorded_at, recorded_by, basis_kind, "
                "recorded_at, recorded_by, basis_kind FROM revocations WHERE serial = ?"),
            QStringLiteral("DELETE FROM revocations WHERE serial = ?")};
        for (const QString& step : steps) {
            auto done = (*db)->exec(step, {serial});
            QVERIFY2(done.ok(), qPrintable(done.message()));
        }
        // Valid again with the hold's short retention: refused (migration 25); with a valid one's, accepted.
        auto shortKept =
            (*db)->exec(QStringLiteral("UPDATE certificates SET status = 'valid' WHERE serial = ?"), {serial});
        QVERIFY(!shortKept.ok());
        QVERIFY2(shortKept.message().contains(QStringLiteral("released certificate is kept")),
                 qPrintable(shortKept.message()));
        auto valid =
            (*db)->exec(QStringLiteral("UPDATE certificates SET status = 'valid', retention_until = "
                                       "strftime('%Y-%m-%dT%H:%M:%fZ', not_after, '+50 years') WHERE serial = ?"),
                        {serial});
        QVERIFY2(valid.ok(), qPrintable(valid.message()));
        const QString found = auditVerify();
        QVERIFY2(!found.isEmpty(), "audit verify accepted a release that no event explains");
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestRevocationsCli)
#include "tst_revocations_cli.moc"
