// tirkeu-cli report / certificate print / form print / form template / application submit --pdf, run
// in-process on a fixture register; and the real binary printing without a display.
#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/PdfForms.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "reports/ReportTestSupport.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QProcess>

#include <poppler-form.h>
#include <poppler-qt6.h>

using namespace tirkeu;
using namespace tirkeu::test;

class TestReportCli : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_password;

    using Run = CliRun;
    Run as(const QString& login, const QStringList& args) {
        return runCliAs(m_fx.location(), login, m_password, args, &m_fx.clock);
    }
    QString out(const QString& name) const { return m_out.filePath(name); }

    // Fills the fields of a template as a PDF reader would and saves it to `path`.
    static bool fill(const QString& templatePath, const QHash<QString, QString>& values, const QString& path) {
        QString error;
        const QByteArray filled = fillPdfForm(readFile(templatePath), values, &error);
        if (filled.isEmpty())
            qWarning("%s", qPrintable(error));
        QFile f(path);
        return !filled.isEmpty() && f.open(QIODevice::WriteOnly) && f.write(filled) == filled.size();
    }

    static QHash<QString, QString> aliya() {
        return {{QStringLiteral("iin"), kIinAliya},
                {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                {QStringLiteral("name"), QStringLiteral("Әлия")},
                {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                {QStringLiteral("city"), QStringLiteral("Қонаев")},
                {QStringLiteral("email"), QStringLiteral("aliya@example.kz")},
                {QStringLiteral("phone"), QStringLiteral("+7 701 234 56 78")},
                {QStringLiteral("usage-sign"), QStringLiteral("Yes")},
                {QStringLiteral("validity"), QStringLiteral("1y")},
                {QStringLiteral("key_media"), QStringLiteral("Файл (PKCS#12) / Файл (PKCS#12)")},
                {QStringLiteral("application_date"), QStringLiteral("02.03.2026")}};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 10)), qPrintable(m_fx.error));
        m_password = out(QStringLiteral("pw"));
        QVERIFY(writePasswordFile(m_password, kPassword));
    }

    void templateFilledInAReaderIsSubmitted() {
        const QString tpl = out(QStringLiteral("nca-ind.pdf"));
        Run r = as(QStringLiteral("operator"),
                   {QStringLiteral("form"), QStringLiteral("template"), QStringLiteral("--form"),
                    QStringLiteral("NCA-ISSUE-IND"), QStringLiteral("--out"), tpl});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString filled = out(QStringLiteral("nca-ind-filled.pdf"));
        QVERIFY(fill(tpl, aliya(), filled));
        const qint64 before = m_fx.count(QStringLiteral("applications"));

        // The wrong form, a damaged file and invalid values create nothing.
        r = as(QStringLiteral("operator"),
               {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), kNca,
                QStringLiteral("--form"), QStringLiteral("NCA-ISSUE-LEGAL"), QStringLiteral("--pdf"), filled});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(u"NCA-ISSUE-IND"), qPrintable(r.err));
        QFile whole(filled);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QString damaged = out(QStringLiteral("damaged.pdf"));
        QFile d(damaged);
        QVERIFY(d.open(QIODevice::WriteOnly));
        d.write(whole.readAll().left(5000));
        d.close();
        r = as(QStringLiteral("operator"), {QStringLiteral("application"), QStringLiteral("submit"),
                                            QStringLiteral("--ca"), kNca, QStringLiteral("--pdf"), damaged});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QHash<QString, QString> badValues = aliya();
        badValues.insert(QStringLiteral("email"), QStringLiteral("not an address"));
        const QString bad = out(QStringLiteral("bad.pdf"));
        QVERIFY(fill(tpl, badValues, bad));
        r = as(QStringLiteral("operator"),
               {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), kNca,
                QStringLiteral("--pdf"), bad, QStringLiteral("--consent"), QStringLiteral("--attachments"),
                QStringLiteral("identity_document_copy")});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(u"E-mail"), qPrintable(r.err));
        // Without consent the registry refuses the whole submission, as with --data.
        r = as(QStringLiteral("operator"), {QStringLiteral("application"), QStringLiteral("submit"),
                                            QStringLiteral("--ca"), kNca, QStringLiteral("--pdf"), filled});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QCOMPARE(m_fx.count(QStringLiteral("applications")), before);
        QCOMPARE(as(QStringLiteral("operator"),
                    {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), kNca})
                     .code,
                 int(ErrorCode::Usage));

        r = as(QStringLiteral("operator"),
               {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), kNca,
                QStringLiteral("--pdf"), filled, QStringLiteral("--consent"), QStringLiteral("--attachments"),
                QStringLiteral("identity_document_copy"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject app = r.json();
        QCOMPARE(app.value(QStringLiteral("form")).toString(), QStringLiteral("NCA-ISSUE-IND"));
        const QJsonObject data = app.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("surname")).toString(), QStringLiteral("Қасымова"));
        QCOMPARE(data.value(QStringLiteral("phone")).toString(), QStringLiteral("+77012345678"));
        QCOMPARE(data.value(QStringLiteral("usage")).toArray(), QJsonArray{QStringLiteral("sign")});
        QCOMPARE(data.value(QStringLiteral("key_media")).toString(), QStringLiteral("file"));
        QCOMPARE(data.value(QStringLiteral("application_date")).toString(), QStringLiteral("2026-03-02"));
        QCOMPARE(m_fx.count(QStringLiteral("applications")), before + 1);

        // ... and printed for the applicant's signature.
        const QString printed = out(QStringLiteral("printed.pdf"));
        const QString id = QString::number(app.value(QStringLiteral("id")).toInteger());
        r = as(QStringLiteral("operator"), {QStringLiteral("form"), QStringLiteral("print"),
                                            QStringLiteral("--application"), id, QStringLiteral("--out"), printed});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(fileMode(printed), 0600); // it names the applicant: owner only
        const QString text = pdfText(printed).simplified();
        QVERIFY(text.contains(u"Қасымова"));
        QVERIFY(text.contains(u"Подписание электронных документов"));
        QVERIFY(text.contains(u"02.03.2026"));
        QVERIFY(text.contains(u"Подпись заявителя"));
        QCOMPARE(as(QStringLiteral("operator"),
                    {QStringLiteral("form"), QStringLiteral("print"), QStringLiteral("--application"),
                     QStringLiteral("x"), QStringLiteral("--out"), printed})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("operator"),
                    {QStringLiteral("form"), QStringLiteral("template"), QStringLiteral("--form"),
                     QStringLiteral("NOPE"), QStringLiteral("--out"), out(QStringLiteral("n.pdf"))})
                     .code,
                 int(ErrorCode::NotFound));

        // Attack of session 27, F8: a viewer shows a field's appearance, the register takes its value: the text
        // answer prints every value registered from the PDF, for the operator to compare with the documents.
        QHash<QString, QString> second = aliya();
        second.insert(QStringLiteral("iin"), kIinSecond);
        second.insert(QStringLiteral("email"), QStringLiteral("second@example.kz"));
        const QString secondPdf = out(QStringLiteral("second.pdf"));
        QVERIFY(fill(tpl, second, secondPdf));
        r = as(QStringLiteral("operator"),
               {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), kNca,
                QStringLiteral("--pdf"), secondPdf, QStringLiteral("--consent"), QStringLiteral("--attachments"),
                QStringLiteral("identity_document_copy")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const QString& line : {QStringLiteral("  iin: 900701301802\n"), QStringLiteral("  surname: Қасымова\n"),
                                    QStringLiteral("  email: second@example.kz\n"), QStringLiteral("  usage: sign\n"),
                                    QStringLiteral("  application_date: 2026-03-02\n")})
            QVERIFY2(r.out.contains(line), qPrintable(r.out));
    }

    void reportsAsPdfAndCsv() {
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, QStringLiteral("0ABCDEF0123456789ABCDEF0123456789ABCDEF0"),
                                                kIinAliya, almaty(2026, 3, 2, 11)));
        const QString csv = out(QStringLiteral("journal.csv"));
        Run r = as(QStringLiteral("officer.a"),
                   {QStringLiteral("report"), QStringLiteral("issuance-journal"), QStringLiteral("--ca"), kGov,
                    QStringLiteral("--from"), QStringLiteral("01.03.2026"), QStringLiteral("--to"),
                    QStringLiteral("2026-03-31"), QStringLiteral("--format"), QStringLiteral("csv"),
                    QStringLiteral("--out"), csv, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("rows")).toInt(), 1);
        QCOMPARE(fileMode(csv), 0600); // it names holders: owner only
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(f.readAll());
        QVERIFY(content.contains(u"0ABCDEF0123456789ABCDEF0123456789ABCDEF0"));
        QVERIFY(content.contains(u",Қасымова Әлия,"));
        QCOMPARE(content.count(QStringLiteral("\r\n")), 2);

        const QString pdf = out(QStringLiteral("journal.pdf"));
        r = as(QStringLiteral("officer.a"), {QStringLiteral("report"), QStringLiteral("issuance-journal"),
                                             QStringLiteral("--ca"), kGov, QStringLiteral("--out"), pdf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(fileMode(pdf), 0600);
        QCOMPARE(pdfPages(pdf), 1);
        QVERIFY(pdfText(pdf).simplified().contains(u"Журнал выпуска регистрационных свидетельств"));

        // Usage errors and refusals write nothing.
        const QString none = out(QStringLiteral("none.pdf"));
        QCOMPARE(as(QStringLiteral("officer.a"), {QStringLiteral("report"), QStringLiteral("nonsense"),
                                                  QStringLiteral("--ca"), kGov, QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("report"), QStringLiteral("issuance-journal"), QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("report"), QStringLiteral("issuance-journal"), QStringLiteral("--ca"), kGov,
                     QStringLiteral("--from"), QStringLiteral("2026-02-30"), QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("report"), QStringLiteral("issuance-journal"), QStringLiteral("--ca"), kGov,
                     QStringLiteral("--format"), QStringLiteral("xls"), QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::Usage));
        QCOMPARE(as(QStringLiteral("operator"),
                    {QStringLiteral("report"), QStringLiteral("audit-anchors"), QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::Forbidden));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("report"), QStringLiteral("crl-listing"), QStringLiteral("--ca"),
                     QStringLiteral("NOPE"), QStringLiteral("--out"), none})
                     .code,
                 int(ErrorCode::NotFound));
        QVERIFY(!QFile::exists(none));
    }

    void blankNumbersAreRecordedOnceWhenThePaperCopyIsPrinted() {
        // A row whose certificate cannot be read prints nothing and records nothing.
        const QString broken = QStringLiteral("0B1C2D3E4F5061728394A5B6C7D8E9F012345678");
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, broken, kIinAliya, almaty(2026, 3, 20, 12)));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("certificate"), QStringLiteral("print"), QStringLiteral("--serial"), broken,
                     QStringLiteral("--ca"), kGov, QStringLiteral("--blank-numbers"), QStringLiteral("0001"),
                     QStringLiteral("--out"), out(QStringLiteral("broken.pdf"))})
                     .code,
                 int(ErrorCode::Integrity));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT coalesce(blank_numbers, '') FROM certificates WHERE serial = ?"),
                             {broken})
                     .toString(),
                 QString());
        // A certificate issued by the Government Bodies CA.
        registry::CaEngine engine(*m_fx.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256, out(QStringLiteral("gov.p8")),
                                             kPassword, 10, QStringLiteral("ҚР МО КО")));
        m_fx.clock.set(almaty(2026, 3, 21, 10));
        auto app =
            m_fx.reg->applications().submit(m_fx.operatorA, kGov, QStringLiteral("GOV-ISSUE"), govIssue(kIinFifth));
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        // The key generated onto the media, handed to the employee named in the body's internal order.
        registry::IssueOptions options;
        options.mediaRecipient = registry::MediaRecipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"),
                                                          QStringLiteral("№ 17-ө"), QDate(2026, 1, 12)};
        auto issued = engine.issueWithGeneratedKey(
            m_fx.officerA, *app,
            registry::KeyOnMedia{pki::KeyAlgorithm::EcP256, QStringLiteral("holder-password"), QStringLiteral("ТК-1")},
            pki::SecretSource::literal(kPassword), options);
        TIRKEU_VERIFY_OK(issued);
        const QString serial = issued->serialHex;
        const QString paper = out(QStringLiteral("paper.pdf"));
        // The counter operator may print but not record the blanks of the journal.
        Run denied = as(QStringLiteral("operator"),
                        {QStringLiteral("certificate"), QStringLiteral("print"), QStringLiteral("--serial"), serial,
                         QStringLiteral("--ca"), kGov, QStringLiteral("--blank-numbers"), QStringLiteral("0007"),
                         QStringLiteral("--out"), paper});
        QVERIFY2(denied.code == int(ErrorCode::Forbidden), qPrintable(denied.err));
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("certificate"), QStringLiteral("print"), QStringLiteral("--serial"), serial,
                     QStringLiteral("--ca"), kGov, QStringLiteral("--blank-numbers"), QString(300, u'1'),
                     QStringLiteral("--out"), paper})
                     .code,
                 int(ErrorCode::Invalid)); // longer than the stated limit
        Run r = as(QStringLiteral("officer.a"),
                   {QStringLiteral("certificate"), QStringLiteral("print"), QStringLiteral("--serial"), serial,
                    QStringLiteral("--ca"), kGov, QStringLiteral("--blank-numbers"), QStringLiteral("№ 0007, 0008"),
                    QStringLiteral("--out"), paper});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Once recorded, other numbers are refused; the same numbers again are fine.
        QCOMPARE(as(QStringLiteral("officer.a"),
                    {QStringLiteral("certificate"), QStringLiteral("print"), QStringLiteral("--serial"), serial,
                     QStringLiteral("--ca"), kGov, QStringLiteral("--blank-numbers"), QStringLiteral("0009"),
                     QStringLiteral("--out"), paper})
                     .code,
                 int(ErrorCode::Conflict));
        // Column 8 of the GOV issuance journal.
        const QString csv = out(QStringLiteral("blanks.csv"));
        r = as(QStringLiteral("officer.a"),
               {QStringLiteral("report"), QStringLiteral("issuance-journal"), QStringLiteral("--ca"), kGov,
                QStringLiteral("--from"), QStringLiteral("21.03.2026"), QStringLiteral("--to"),
                QStringLiteral("21.03.2026"), QStringLiteral("--format"), QStringLiteral("csv"),
                QStringLiteral("--separator"), QStringLiteral(";"), QStringLiteral("--out"), csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(f.readAll().mid(3));
        const QStringList row = content.split(QStringLiteral("\r\n")).value(1).split(u';');
        QCOMPARE(row.value(7), QStringLiteral("\"№ 0007, 0008\"")); // quoted: it holds a comma
    }

    void realBinaryPrintsWithoutADisplay() {
        const QString binary = qEnvironmentVariable("TIRKEU_CLI");
        if (binary.isEmpty())
            QSKIP("TIRKEU_CLI is not set (run through ctest)");
        m_fx.close(); // the binary opens the register itself
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        QProcess help;
        help.setProcessEnvironment(env);
        help.start(binary, {QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(60000));
        QCOMPARE(help.exitCode(), 0);
        QVERIFY(help.readAllStandardOutput().contains("report"));

        const QString pdf = out(QStringLiteral("binary-deadlines.pdf"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(binary, {QStringLiteral("--db"), m_fx.location(), QStringLiteral("--as"), QStringLiteral("officer.a"),
                         QStringLiteral("--password-file"), m_password, QStringLiteral("report"),
                         QStringLiteral("deadlines"), QStringLiteral("--ca"), kNca, QStringLiteral("--out"), pdf});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        // The form by its title (the deadline report is printed for people, not by internal codes).
        QVERIFY(pdfText(pdf).simplified().contains(
            forms::FormCatalog::find(QStringLiteral("NCA-ISSUE-IND"))->title.ru.simplified()));
        QVERIFY(m_fx.open());
    }
};

TIRKEU_TEST_MAIN(TestReportCli)
#include "tst_report_cli.moc"
