// The revocation semantics of issue 13 through tirkeu-cli (in-process, a temporary register), judged
// on the CRLs with OpenSSL: a certificateHold lifted with `certificate release` (removeFromCRL in the
// next delta CRL, gone from the next full CRL, the certificate valid again, audited and explained to
// `audit verify`), `--invalidity-date` written as the CRL entry's invalidityDate, and a subordinate
// CA's caCompromise publishing the parent CA's CRL at once. The tests build on each other in one
// register (declaration order): a root (ROOT) and its subordinate National CA (NCA), each with a
// publish folder.

#include "lint/LintCliSupport.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"

#include <QDir>
#include <QTest>

using namespace tirkeu;

class TestRevocationsCli : public QObject, protected test::LintCliHarness {
    Q_OBJECT

    int m_csrs = 0;

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

    // Issue 13: a subordinate CA's certificate revoked for caCompromise at its parent publishes the
    // parent's (full) CRL at once, as a key compromise publishes the CA's delta.
    void caCompromiseOfASubordinatePublishesTheParentsCrlAtOnce() {
        const Tool serial = openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("NCA.pem")),
                                     QStringLiteral("-noout"), QStringLiteral("-serial")});
        QVERIFY2(serial.code == 0, qPrintable(serial.output));
        const QString ncaSerial = serial.out.trimmed().section(u'=', 1).toUpper();
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
    }
};

QTEST_GUILESS_MAIN(TestRevocationsCli)
#include "tst_revocations_cli.moc"
