// Every kind of printed document, from one register: the journals and registers, the blank form
// templates, printed applications (a GOV letter with two persons), paper certificates (RSA-3072, valid
// and revoked). Each is read back as text (pdftotext) and rendered (pdftoppm):
// - official documents speak Kazakh and Russian only: no English words, internal ids or raw OIDs;
// - layout: blocks that belong together share a page (signature and seal, the certificate's signature
//   block, each personal attachment), no page of a form holds a lone line, long values stay inside the
//   page, "№" holds six digits on one line;
// - the rendered pages match reviewed reference images (tests/reports/reference, 50 dpi grayscale) within
//   a tolerance: TIRKEU_UPDATE_REFERENCE=1 rewrites them after a reviewed change of the layout.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "forms/pdf/FormPrint.h"
#include "forms/pdf/FormTemplate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "reports/CertificatePrint.h"
#include "reports/Reports.h"

#include <QBuffer>
#include <QImage>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::test;
using reports::ReportFormat;
using reports::ReportKind;
using reports::ReportRequest;

namespace {

// Text of page `page` (1-based) of a PDF.
QString pageText(const QString& pdf, int page) {
    return runTool(QStringLiteral("pdftotext"),
                   {QStringLiteral("-enc"), QStringLiteral("UTF-8"), QStringLiteral("-f"), QString::number(page),
                    QStringLiteral("-l"), QString::number(page), pdf, QStringLiteral("-")})
        .out;
}

// English words and internal ids that have no place on an official document.
const QRegularExpression& forbidden() {
    static const QRegularExpression re(
        QStringLiteral("\\b(Seed|Appendix|App\\.|Individual|signing|Legal entity|application|Printed|Page|"
                       "Journal|Register|certificate|revoked|valid|holder|Government|National|Root CA|"
                       "authentication|digitalSignature|nonRepudiation|keyEncipherment|keyCertSign|cRLSign|"
                       "unspecified|NCA-[A-Z-]+|GOV-[A-Z-]+|ROOT-[A-Z-]+)\\b|\\b[a-z]+_[a-z_]+\\b|"
                       "\\b[0-2](\\.[0-9]+){4,}\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

struct Diff {
    int cells = 0;
    int differing = 0;
};

// Compares two renderings by the mean gray of 8x8-pixel cells: a moved block, an overlap or a missing
// part changes many cells; other serial numbers or key values do not.
Diff compare(const QImage& a, const QImage& b) {
    Diff d;
    const int w = std::min(a.width(), b.width()) / 8;
    const int h = std::min(a.height(), b.height()) / 8;
    for (int cy = 0; cy < h; ++cy)
        for (int cx = 0; cx < w; ++cx) {
            int sa = 0, sb = 0;
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x) {
                    sa += qGray(a.pixel(cx * 8 + x, cy * 8 + y));
                    sb += qGray(b.pixel(cx * 8 + x, cy * 8 + y));
                }
            ++d.cells;
            if (std::abs(sa - sb) / 64 > 48)
                ++d.differing;
        }
    if (a.size() != b.size())
        d.differing = d.cells;
    return d;
}

} // namespace

class TestDocuments : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QMap<QString, QString> m_docs; // name -> PDF
    QString m_ncaSerial;

    QString path(const QString& name) { return m_out.filePath(name); }

    void add(const QString& name, const QString& pdf) {
        keep(pdf);
        m_docs.insert(name, pdf);
    }

    bool report(const QString& name, ReportKind kind, const QString& ca, QDate from = QDate(2026, 3, 1),
                QDate to = QDate(2026, 3, 31)) {
        ReportRequest rq;
        rq.kind = kind;
        rq.caCode = ca;
        rq.from = from;
        rq.to = to;
        const QString file = path(name + QStringLiteral(".pdf"));
        Status s = reports::Reports(*m_fx.reg, kind == ReportKind::AuditAnchors ? m_fx.auditor : m_fx.officerA)
                       .save(rq, ReportFormat::Pdf, file);
        if (!s) {
            qWarning("%s: %s", qPrintable(name), qPrintable(s.message()));
            return false;
        }
        add(name, file);
        return true;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 9)), qPrintable(m_fx.error));
        // A government body's letter for two persons; two certificates, one revoked.
        forms::Submission gov = govIssue();
        QJsonArray persons = gov.data.value(QStringLiteral("persons")).toArray();
        QJsonObject second = persons.first().toObject();
        second.insert(QStringLiteral("surname"), QStringLiteral("Жұмабекова"));
        second.insert(QStringLiteral("name"), QStringLiteral("Гүлнұр"));
        second.insert(QStringLiteral("iin"), kIinFourth);
        persons.append(second);
        gov.data.insert(QStringLiteral("persons"), persons);
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, gov);
        TIRKEU_VERIFY_OK(app);
        const QString govSerial1 = QStringLiteral("0A1B2C3D4E5F60718293A4B5C6D7E8F901234567");
        const QString govSerial2 = QStringLiteral("7F00112233445566778899AABBCCDDEEFF001122");
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, govSerial1, kIinThird, almaty(2026, 3, 3, 11), *app, 10,
                                                QStringLiteral("ТК-000123")));
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, govSerial2, kIinFourth, almaty(2026, 3, 4, 15), *app, 10));
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("UPDATE certificates SET blank_numbers = '0001, 0002' WHERE serial = ?"), {govSerial1}));
        registry::CaEngine engine(*m_fx.reg);
        registry::RevokeRequest rr;
        rr.caCode = kGov;
        rr.serial = govSerial2;
        rr.reasonCode = 3;
        rr.basisKind = QStringLiteral("holder_left_job");
        rr.basisDocument = QStringLiteral("бұйрық № 45-ж, 06.03.2026");
        rr.revokedAt = almaty(2026, 3, 6, 16, 30);
        m_fx.clock.set(almaty(2026, 3, 6, 17));
        TIRKEU_VERIFY_OK(engine.revoke(m_fx.officerA, rr));
        auto govRevokeApp = m_fx.reg->applications().submit(
            m_fx.operatorA, kGov, QStringLiteral("GOV-REVOKE"),
            govRevoke({govSerial1, QStringLiteral("2026-03-04"), m_fx.issuedOn(govSerial1), QStringLiteral("12-3/500"),
                       QStringLiteral("2026-03-05"), QStringLiteral("2026-03-06")}));
        TIRKEU_VERIFY_OK(govRevokeApp);

        // National CA with an RSA-3072 holder key (the long key value of the paper certificate).
        const QString keyPath = path("nca-key.p8");
        TIRKEU_VERIFY_OK(engine.createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256, keyPath, kPassword, 10,
                                             QStringLiteral("«Ұлттық ақпараттық технологиялар» АҚ")));
        auto ncaApp = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(ncaApp);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *ncaApp));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::Rsa3072);
        TIRKEU_VERIFY_OK(key);
        auto csr = pki::Csr::create(key->get(),
                                    pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinAliya));
        TIRKEU_VERIFY_OK(csr);
        auto issued = engine.issueFromCsr(m_fx.officerA, *ncaApp, *csr, pki::SecretSource::literal(kPassword));
        TIRKEU_VERIFY_OK(issued);
        m_ncaSerial = issued->serialHex;
        TIRKEU_VERIFY_OK(
            reports::CertificatePrint::save(*m_fx.reg, m_fx.operatorA, kNca, m_ncaSerial, path("nca-cert.pdf")));
        add(QStringLiteral("nca-cert"), path("nca-cert.pdf"));

        // Revoked on the holder's application, as the engine records it ("application N").
        auto revokeApp = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kRevokeInd,
                                                         ncaRevokeIndividual(m_ncaSerial, m_fx.issuedOn(m_ncaSerial)));
        TIRKEU_VERIFY_OK(revokeApp);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *revokeApp));
        registry::RevokeRequest nr;
        nr.caCode = kNca;
        nr.serial = m_ncaSerial;
        nr.reasonCode = 1;
        nr.basisKind = QStringLiteral("holder_application");
        nr.basisDocument = QStringLiteral("application %1").arg(*revokeApp);
        nr.applicationId = *revokeApp;
        TIRKEU_VERIFY_OK(engine.revoke(m_fx.officerA, nr));
        TIRKEU_VERIFY_OK(reports::CertificatePrint::save(*m_fx.reg, m_fx.operatorA, kNca, m_ncaSerial,
                                                         path("nca-cert-revoked.pdf")));
        add(QStringLiteral("nca-cert-revoked"), path("nca-cert-revoked.pdf"));
        m_fx.clock.set(almaty(2026, 3, 10, 12));
        TIRKEU_VERIFY_OK(m_fx.reg->audit().anchorCompletedDays());

        QVERIFY(report(QStringLiteral("gov-issuance-journal"), ReportKind::IssuanceJournal, kGov));
        QVERIFY(report(QStringLiteral("gov-revocation-journal"), ReportKind::RevocationJournal, kGov));
        QVERIFY(report(QStringLiteral("nca-issuance-journal"), ReportKind::IssuanceJournal, kNca));
        QVERIFY(report(QStringLiteral("gov-register-extract"), ReportKind::RegisterExtract, kGov));
        QVERIFY(report(QStringLiteral("nca-crl-listing"), ReportKind::CrlListing, kNca));
        QVERIFY(report(QStringLiteral("nca-deadlines"), ReportKind::Deadlines, kNca, {}, {}));
        QVERIFY(report(QStringLiteral("gov-expiring"), ReportKind::Expiring, kGov));
        QVERIFY(report(QStringLiteral("audit-anchors"), ReportKind::AuditAnchors, {}, QDate(2026, 1, 1),
                       QDate(2026, 12, 31)));
        for (const auto& [name, id] : {std::pair{QStringLiteral("gov-issue-printed"), *app},
                                       std::pair{QStringLiteral("gov-revoke-printed"), *govRevokeApp},
                                       std::pair{QStringLiteral("nca-issue-printed"), *ncaApp}}) {
            TIRKEU_VERIFY_OK(forms::pdf::FormPrint::saveApplication(*m_fx.reg, m_fx.operatorA, id,
                                                                    path(name + QStringLiteral(".pdf"))));
            add(name, path(name + QStringLiteral(".pdf")));
        }
        for (const forms::FormDef& form : forms::FormCatalog::all()) {
            const QString file = path(form.code + QStringLiteral("-template.pdf"));
            TIRKEU_VERIFY_OK(forms::pdf::FormTemplate::save(form, file, form.hasPersons() ? 2 : 1));
            add(form.code.toLower() + QStringLiteral("-template"), file);
        }
    }

    void officialDocumentsSpeakKazakhAndRussianOnly() {
        for (auto it = m_docs.begin(); it != m_docs.end(); ++it) {
            const QString text = pdfText(it.value());
            QVERIFY2(!text.trimmed().isEmpty(), qPrintable(it.key()));
            // E-mail addresses and web addresses are data, not wording.
            QString words = text;
            words.remove(QRegularExpression(QStringLiteral("\\S+@\\S+|www\\.\\S+")));
            const QRegularExpressionMatch m = forbidden().match(words);
            QVERIFY2(!m.hasMatch(), qPrintable(it.key() + QStringLiteral(": \"") + m.captured(0) + u'"'));
        }
        // GOV journal titles only for the Government Bodies CA.
        QVERIFY(pdfText(m_docs.value(QStringLiteral("gov-issuance-journal"))).contains(u"МО КО"));
        const QString nca = pdfText(m_docs.value(QStringLiteral("nca-issuance-journal")));
        QVERIFY(!nca.contains(u"МО КО") && !nca.contains(u"УЦ ГО"));
        QVERIFY(nca.contains(u"Журнал выпуска регистрационных свидетельств"));
        // The revocation made from an application names it in Kazakh and Russian.
        QVERIFY(pdfText(m_docs.value(QStringLiteral("nca-crl-listing"))).contains(u"Заявление №"));
    }

    void aRevokedCertificatesPaperCopySaysSo() {
        const QString revoked = pdfText(m_docs.value(QStringLiteral("nca-cert-revoked")));
        QVERIFY(revoked.contains(u"КЕРІ ҚАЙТАРЫЛҒАН / ОТОЗВАН"));
        QVERIFY(revoked.contains(u"компрометация ключа"));
        const QString file = m_docs.value(QStringLiteral("nca-cert-revoked"));
        for (int p = 1; p <= pdfPages(file); ++p) // every page of the paper copy
            QVERIFY2(pageText(file, p).contains(u"ОТОЗВАН"), qPrintable(QString::number(p)));
        QVERIFY(!pdfText(m_docs.value(QStringLiteral("nca-cert"))).contains(u"ОТОЗВАН"));
    }

    void blocksThatBelongTogetherShareAPage() {
        for (auto it = m_docs.begin(); it != m_docs.end(); ++it) {
            const int pages = pdfPages(it.value());
            QVERIFY(pages >= 1);
            for (int p = 1; p <= pages; ++p) {
                const QString text = pageText(it.value(), p).simplified();
                // The seal place never stands without the signature it belongs to.
                if (text.contains(u"М.О. / М.П."))
                    QVERIFY2(text.contains(u"Подпись") || text.contains(u"қолы") ||
                                 text.contains(u"Уполномоченное лицо издателя"),
                             qPrintable(QStringLiteral("%1 page %2").arg(it.key()).arg(p)));
                // The certificate's signature block: both signatures and the seal together.
                if (text.contains(u"Уполномоченное лицо издателя"))
                    QVERIFY2(text.contains(u"Владелец регистрационного свидетельства") && text.contains(u"М.О. / М.П."),
                             qPrintable(it.key()));
                // Each personal attachment whole on its page: heading, fields, the person's signature.
                QCOMPARE(text.count(QStringLiteral("Персональное приложение №")), text.count(u"Подпись, Ф.И.О."));
                // No page of a form with a lone line: more than the frame's title and footer.
                const QStringList lines = pageText(it.value(), p).split(u'\n', Qt::SkipEmptyParts);
                QVERIFY2(lines.size() >= 8,
                         qPrintable(QStringLiteral("%1 page %2: %3 lines").arg(it.key()).arg(p).arg(lines.size())));
            }
        }
        // The RSA-3072 key value is printed whole.
        QVERIFY(pdfText(m_docs.value(QStringLiteral("nca-cert"))).simplified().contains(u"Значение открытого ключа"));
    }

    void noTextOverlapsOtherText() {
        // Word boxes of every page (pdftotext -bbox): no two words of a document share their place.
        static const QRegularExpression word(QStringLiteral(
            "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>"));
        for (auto it = m_docs.begin(); it != m_docs.end(); ++it) {
            const QString html =
                runTool(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), it.value(), QStringLiteral("-")}).out;
            int page = 0;
            for (const QString& part : html.split(QStringLiteral("<page "))) {
                ++page;
                QList<QPair<QRectF, QString>> words;
                auto m = word.globalMatch(part);
                while (m.hasNext()) {
                    const auto w = m.next();
                    words.append({QRectF(QPointF(w.captured(1).toDouble(), w.captured(2).toDouble()),
                                         QPointF(w.captured(3).toDouble(), w.captured(4).toDouble())),
                                  w.captured(5)});
                }
                for (int a = 0; a < words.size(); ++a)
                    for (int b = a + 1; b < words.size(); ++b) {
                        const QRectF cut = words[a].first.intersected(words[b].first);
                        const double smaller = std::min(words[a].first.width() * words[a].first.height(),
                                                        words[b].first.width() * words[b].first.height());
                        QVERIFY2(cut.isEmpty() || cut.width() * cut.height() < 0.2 * smaller,
                                 qPrintable(QStringLiteral("%1 page %2: \"%3\" overlaps \"%4\"")
                                                .arg(it.key())
                                                .arg(page - 1)
                                                .arg(words[a].second, words[b].second)));
                    }
            }
        }
    }

    void governmentLettersFollowTheirAppendices() {
        const QString issue = pdfText(m_docs.value(QStringLiteral("gov-issue-printed"))).simplified();
        for (const QString& s :
             {QStringLiteral("Осы хатпен келесі тұлғаларға"), QStringLiteral("Настоящим письмом направляем"),
              QStringLiteral("Тегі, аты, әкесінің аты"), QStringLiteral("Фамилия, имя, отчество"),
              QStringLiteral("Әбішев Дәулет"), QStringLiteral("Жұмабекова Гүлнұр"), QStringLiteral("Облыс, аудан"),
              QStringLiteral("Басшының қолы"), QStringLiteral("М.О. / М.П."),
              QStringLiteral("Жеке қосымша № 2 / Персональное приложение № 2"),
              QStringLiteral("Тіркеу куәлігін шығаруға өтінішке қосымша"), QStringLiteral("Мен, / Я,"),
              QStringLiteral("сұраймын"), QStringLiteral("Подпись, Ф.И.О.")})
            QVERIFY2(issue.contains(s), qPrintable(s));
        QCOMPARE(issue.count(QStringLiteral("Подпись, Ф.И.О.")), 2); // a signature line per person
        const QString revoke = pdfText(m_docs.value(QStringLiteral("gov-revoke-printed"))).simplified();
        for (const QString& s : {QStringLiteral("Осы хат арқылы тізімге сәйкес"),
                                 QStringLiteral("Серийный номер регистрационного свидетельства"),
                                 QStringLiteral("тіркеу куәлігін кері қайтаруды сұраймын"),
                                 QStringLiteral("0A1B2C3D4E5F60718293A4B5C6D7E8F901234567")})
            QVERIFY2(revoke.contains(s) || QString(revoke).remove(u' ').contains(QString(s).remove(u' ')),
                     qPrintable(s));
    }

    void renderedPagesMatchTheReviewedReferences() {
        const QString refDir =
            QDir(qEnvironmentVariable("TIRKEU_SOURCE_DIR")).filePath(QStringLiteral("tests/reports/reference"));
        const bool update = qEnvironmentVariableIsSet("TIRKEU_UPDATE_REFERENCE");
        if (update)
            QDir().mkpath(refDir);
        QStringList failures;
        for (auto it = m_docs.begin(); it != m_docs.end(); ++it) {
            const int pages = std::min(pdfPages(it.value()), 2); // the first two pages of each document
            const QString base = path(it.key() + QStringLiteral("-r"));
            QCOMPARE(runTool(QStringLiteral("pdftoppm"),
                             {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-gray"),
                              QStringLiteral("-png"), QStringLiteral("-l"), QStringLiteral("2"), it.value(), base})
                         .code,
                     0);
            const int all = pdfPages(it.value());
            for (int p = 1; p <= pages; ++p) {
                const QString suffix =
                    all >= 10 ? QStringLiteral("-%1.png").arg(p, 2, 10, QChar(u'0')) : QStringLiteral("-%1.png").arg(p);
                const QImage page(base + suffix);
                QVERIFY2(!page.isNull(), qPrintable(base + suffix));
                const QString ref = QDir(refDir).filePath(QStringLiteral("%1-%2.png").arg(it.key()).arg(p));
                const QImage expected(ref);
                if (update) { // a reference that still matches is kept (no churn from serials and keys)
                    const Diff d = expected.isNull() ? Diff{1, 1}
                                                     : compare(page.convertToFormat(QImage::Format_Grayscale8),
                                                               expected.convertToFormat(QImage::Format_Grayscale8));
                    if (d.differing * 100 > d.cells * 2)
                        QVERIFY(page.convertToFormat(QImage::Format_Grayscale8).save(ref, "PNG", 0));
                    continue;
                }
                if (expected.isNull()) {
                    failures << QStringLiteral("%1: no reference image").arg(ref);
                    continue;
                }
                const Diff d = compare(page.convertToFormat(QImage::Format_Grayscale8),
                                       expected.convertToFormat(QImage::Format_Grayscale8));
                if (d.differing * 100 > d.cells * 2) { // more than 2 % of the page changed
                    failures << QStringLiteral("%1 page %2: %3 of %4 cells differ")
                                    .arg(it.key())
                                    .arg(p)
                                    .arg(d.differing)
                                    .arg(d.cells);
                    page.save(path(QStringLiteral("%1-%2-actual.png").arg(it.key()).arg(p)));
                    keep(path(QStringLiteral("%1-%2-actual.png").arg(it.key()).arg(p)));
                }
            }
            // The reference has no page the document lost.
            if (!update && pages < 2 && QFileInfo::exists(QDir(refDir).filePath(it.key() + QStringLiteral("-2.png"))))
                failures << it.key() + QStringLiteral(": one page where the reference has two");
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    void longValuesStayInsideThePage() {
        // A basis of about 10,000 characters: continued on further pages, never over the footer and
        // never cut; "№" keeps six digits on one line.
        reports::TableSpec spec;
        spec.frame.title = {QStringLiteral("Сынақ"), QStringLiteral("Проба")};
        spec.columns = {reports::Column{QStringLiteral("№"), 0.2, Qt::AlignHCenter},
                        reports::Column{QStringLiteral("Негізі\nОснование"), 3, Qt::AlignLeft}};
        QString longText;
        for (int i = 0; longText.size() < 10000; ++i)
            longText += QStringLiteral("сөз%1 слово%1 ").arg(i);
        longText += QStringLiteral("СОҢЫ");
        const QString file = path("long.pdf");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        TIRKEU_VERIFY_OK(reports::PdfRenderer::writeTable(
            spec,
            [&](const reports::RowSink& sink) {
                sink({QStringLiteral("100004"), longText});
                sink({QStringLiteral("100005"), QStringLiteral("бір\rекі\r\nүш")}); // bare CR breaks lines
                return Status();
            },
            &out));
        out.close();
        keep(file);
        const QString text = pdfText(file);
        QVERIFY(text.contains(u"СОҢЫ")); // nothing cut
        QVERIFY(text.contains(u"100004"));
        QVERIFY(text.contains(u"бір\nекі\nүш"));
        QVERIFY(pdfPages(file) >= 2);
        // Every page's last text line is the footer: the value stops above it.
        for (int p = 1; p <= pdfPages(file); ++p) {
            const QStringList lines = pageText(file, p).remove(u'\f').split(u'\n', Qt::SkipEmptyParts);
            QVERIFY(!lines.isEmpty());
            QVERIFY2(lines.last().contains(u"Страница") || lines.last().contains(u"Бет"),
                     qPrintable(QStringLiteral("page %1 ends with %2").arg(p).arg(lines.last())));
        }
    }
};

TIRKEU_TEST_MAIN(TestDocuments)
#include "tst_documents.moc"
