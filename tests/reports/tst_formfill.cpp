// A fillable template filled by other programs, as applicants do: pypdf (python3-pypdf), pdftk-java and
// qpdf. The Kazakh values must show when the filled file is rendered (pdftoppm: the field's area is no
// longer blank; pdftotext reads "Әлия"), and the import must read the same values back.
// Known limits of the other programs, asserted as such: pdftk's own appearance code knows only the
// glyph names of its list (Russian letters yes, "Қ" and "Ә" no), so a Kazakh value is flattened by pdftk
// with its replacement_font option or shown through need_appearances; qpdf --generate-appearances only
// encodes WinAnsi, so qpdf is used to check and flatten files whose appearances exist.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "forms/pdf/FormImport.h"
#include "forms/pdf/FormTemplate.h"
#include "reports/Pdf.h"

#include <QImage>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::test;
using forms::pdf::FormImport;
using forms::pdf::FormTemplate;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString script() {
    return QDir(qEnvironmentVariable("TIRKEU_SOURCE_DIR")).filePath(QStringLiteral("tests/reports/fill_form.py"));
}

bool havePypdf() {
    return QFileInfo::exists(kPython) &&
           runTool(kPython, {QStringLiteral("-c"), QStringLiteral("import pypdf")}).code == 0;
}

QJsonObject values() {
    return QJsonObject{{QStringLiteral("iin"), QStringLiteral("900701300108")},
                       {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                       {QStringLiteral("name"), QStringLiteral("Әлия")},
                       {QStringLiteral("patronymic"), QStringLiteral("Серікқызы")},
                       {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                       {QStringLiteral("city"), QStringLiteral("Қонаев")},
                       {QStringLiteral("email"), QStringLiteral("aliya.kassymova@example.kz")},
                       {QStringLiteral("phone"), QStringLiteral("+77012345678")},
                       {QStringLiteral("usage-sign"), QStringLiteral("Yes")},
                       {QStringLiteral("usage-auth"), QStringLiteral("Yes")},
                       {QStringLiteral("validity"), QStringLiteral("1y")},
                       {QStringLiteral("key_media"), QStringLiteral("file")},
                       {QStringLiteral("application_date"), QStringLiteral("02.03.2026")}};
}

// The data the typed form gives for the same values.
QJsonObject expectedData(const forms::FormDef& form) {
    QJsonObject expected = ncaIssueIndividual().data;
    expected.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
    expected.insert(QStringLiteral("phone"), QStringLiteral("+77012345678"));
    return forms::Validator::normalised(form, expected);
}

// Dark pixels of page 1 rendered at 72 dpi inside a rectangle given in PDF points.
int darkPixels(const QString& pdf, const QRectF& rectPt, const QString& dir) {
    const QString base = QDir(dir).filePath(QFileInfo(pdf).completeBaseName() + QStringLiteral("-r"));
    if (runTool(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("72"), QStringLiteral("-gray"), QStringLiteral("-png"),
                 QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"),
                 QStringLiteral("-singlefile"), pdf, base})
            .code != 0)
        return -1;
    QImage image(base + QStringLiteral(".png"));
    if (image.isNull())
        return -1;
    image = image.convertToFormat(QImage::Format_Grayscale8);
    const double pageHeight = image.height(); // 72 dpi: one pixel per point
    const QRect r(int(rectPt.left()) + 2, int(pageHeight - rectPt.bottom()) + 2, int(rectPt.width()) - 4,
                  int(rectPt.height()) - 4);
    int dark = 0;
    for (int y = std::max(0, r.top()); y <= std::min(image.height() - 1, r.bottom()); ++y)
        for (int x = std::max(0, r.left()); x <= std::min(image.width() - 1, r.right()); ++x)
            if (qGray(image.pixel(x, y)) < 110)
                ++dark;
    return dark;
}

} // namespace

class TestFormFill : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_template;
    QHash<QString, QRectF> m_rects; // widget rectangles of page 1, as pypdf reports them

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // pypdf fills the template; returns the output path ("" on failure, with the reason in *why).
    QString fillWithPypdf(const QString& out, const QJsonObject& v, QString* why, bool eraseCode = false) {
        const QString json = path(out + QStringLiteral(".json"));
        QFile f(json);
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(v).toJson()) <= 0) {
            *why = QStringLiteral("cannot write ") + json;
            return {};
        }
        f.close();
        QStringList args{script(), m_template, path(out), json};
        if (eraseCode)
            args << QStringLiteral("--erase-code");
        const ToolRun run = runTool(kPython, args);
        if (run.code != 0) {
            *why = run.err;
            return {};
        }
        m_rects.clear();
        for (const QString& line : run.out.split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList p = line.split(u' ');
            if (p.size() == 5)
                m_rects.insert(
                    p[0], QRectF(QPointF(p[1].toDouble(), p[2].toDouble()), QPointF(p[3].toDouble(), p[4].toDouble())));
        }
        keep(path(out));
        return path(out);
    }

    QString xfdf(const QJsonObject& v) {
        QString x = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xfdf "
                                   "xmlns=\"http://ns.adobe.com/xfdf/\" xml:space=\"preserve\"><fields>\n");
        for (auto it = v.begin(); it != v.end(); ++it)
            x += QStringLiteral("<field name=\"%1\"><value>%2</value></field>\n")
                     .arg(it.key(), it.value().toString().toHtmlEscaped());
        x += QStringLiteral("</fields></xfdf>\n");
        const QString file = path(QStringLiteral("values.xfdf"));
        QFile f(file);
        if (f.open(QIODevice::WriteOnly))
            f.write(x.toUtf8());
        return file;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
        QVERIFY(form);
        m_template = path(QStringLiteral("NCA-ISSUE-IND-template.pdf"));
        TIRKEU_VERIFY_OK(FormTemplate::save(*form, m_template));
        keep(m_template);
    }

    void theFormFontIsEmbeddedAndNamedInTheFormResources() {
        QFile f(m_template);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(!pdf.contains("/Helvetica"));
        QVERIFY(pdf.contains("/DA (/DejaVu 0 Tf 0 g)"));
        QVERIFY(pdf.contains("/DR << /Font << /DejaVu "));
        QVERIFY(pdf.contains("/FontFile2 "));
        // The embedded fonts: the page's subsets carry their tag, the form font is whole (no tag).
        bool formFont = false;
        for (const QString& line : pdfFonts(m_template)) {
            const QStringList cols = line.split(u' ', Qt::SkipEmptyParts);
            QVERIFY2(cols.size() >= 7 && cols.at(cols.size() - 5) == u"yes", qPrintable(line)); // embedded
            const bool subset = cols.at(cols.size() - 4) == u"yes";
            const bool tagged = cols.first().size() > 7 && cols.first().at(6) == u'+';
            QCOMPARE(tagged, subset);
            formFont = formFont || cols.first() == u"DejaVuSans";
        }
        QVERIFY(formFont);
        // Choices are combo boxes with the form's choices; lists are checkboxes; dates say their format.
        QVERIFY(pdf.contains("/FT /Ch /F 4 /Ff 131072"));
        QVERIFY(pdf.contains("[(1y) <FEFF"));
        QVERIFY(pdf.contains("/T (usage-sign)"));
        QVERIFY(pdf.contains("/T (usage-auth)"));
        QVERIFY(pdf.contains("AFDate_FormatEx"));
        QVERIFY(pdf.contains("/DV (NCA-ISSUE-IND)"));
    }

    void pypdfFilledTemplateShowsKazakhValuesAndImports() {
        if (!havePypdf())
            QSKIP("python3-pypdf is not installed (scripts/install-deps.sh installs it)");
        QString why;
        const QString filled = fillWithPypdf(QStringLiteral("pypdf.pdf"), values(), &why);
        QVERIFY2(!filled.isEmpty(), qPrintable(why));
        // Rendered: the text layer has the Kazakh letters, and the field's area is not blank.
        const QString text = pdfText(filled);
        QVERIFY2(text.contains(u"Әлия"), qPrintable(text.left(2000)));
        QVERIFY(text.contains(u"Қасымова"));
        QVERIFY(text.contains(u"Қонаев"));
        QVERIFY(m_rects.contains(QStringLiteral("name")));
        const int blank = darkPixels(m_template, m_rects.value(QStringLiteral("name")), m_dir.path());
        const int shown = darkPixels(filled, m_rects.value(QStringLiteral("name")), m_dir.path());
        QVERIFY2(blank >= 0 && shown > blank + 20, qPrintable(QStringLiteral("%1 -> %2").arg(blank).arg(shown)));
        // The import reads what is shown.
        auto imported = FormImport::readFile(filled, kIssueInd, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->data, expectedData(*forms::FormCatalog::find(kIssueInd)));
    }

    void pdftkFilledTemplateShowsKazakhValuesAndImports() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftk")).isEmpty())
            QSKIP("pdftk-java is not installed (scripts/install-deps.sh installs it)");
        const QString data = xfdf(values());
        // need_appearances: the reader draws the values with the template's form font.
        const QString shown = path(QStringLiteral("pdftk-need.pdf"));
        const ToolRun need =
            runTool(QStringLiteral("pdftk"), {m_template, QStringLiteral("fill_form"), data, QStringLiteral("output"),
                                              shown, QStringLiteral("need_appearances")});
        QVERIFY2(need.code == 0, qPrintable(need.err));
        keep(shown);
        QVERIFY(pdfText(shown).contains(u"Әлия"));
        auto imported = FormImport::readFile(shown, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->data, expectedData(*forms::FormCatalog::find(kIssueInd)));
        // flatten with the replacement font: the printed page keeps the Kazakh letters.
        const QString flat = path(QStringLiteral("pdftk-flat.pdf"));
        const QString font =
            QDir(reports::PdfFonts::searchPath().constLast()).filePath(QStringLiteral("DejaVuSans.ttf"));
        const ToolRun flatten = runTool(QStringLiteral("pdftk"),
                                        {m_template, QStringLiteral("fill_form"), data, QStringLiteral("output"), flat,
                                         QStringLiteral("flatten"), QStringLiteral("replacement_font"), font});
        QVERIFY2(flatten.code == 0, qPrintable(flatten.err));
        keep(flat);
        const QString flatText = pdfText(flat);
        QVERIFY2(flatText.contains(u"Әлия") && flatText.contains(u"Қасымова"), qPrintable(flatText.left(2000)));
        // Plain flatten: pdftk's own code draws Russian letters and digits with the form font.
        const QString plain = path(QStringLiteral("pdftk-plain.pdf"));
        QCOMPARE(runTool(QStringLiteral("pdftk"), {m_template, QStringLiteral("fill_form"), data,
                                                   QStringLiteral("output"), plain, QStringLiteral("flatten")})
                     .code,
                 0);
        const QString plainText = pdfText(plain);
        QVERIFY(plainText.contains(u"асымова"));
        QVERIFY(plainText.contains(u"900701300108"));
    }

    void qpdfChecksAndFlattensFilledTemplates() {
        if (QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty())
            QSKIP("qpdf is not installed (scripts/install-deps.sh installs it)");
        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), m_template}).code, 0);
        if (QStandardPaths::findExecutable(QStringLiteral("pdftk")).isEmpty())
            QSKIP("pdftk-java is not installed: no filled file with appearances to flatten");
        // A filled file whose appearances exist (pdftk with the replacement font, not flattened) ...
        const QString filled = path(QStringLiteral("pdftk-ap.pdf"));
        const QString font =
            QDir(reports::PdfFonts::searchPath().constLast()).filePath(QStringLiteral("DejaVuSans.ttf"));
        QCOMPARE(runTool(QStringLiteral("pdftk"),
                         {m_template, QStringLiteral("fill_form"), xfdf(values()), QStringLiteral("output"), filled,
                          QStringLiteral("replacement_font"), font})
                     .code,
                 0);
        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), filled}).code, 0);
        // ... flattened by qpdf keeps the Kazakh letters on the page.
        const QString flat = path(QStringLiteral("qpdf-flat.pdf"));
        const ToolRun run =
            runTool(QStringLiteral("qpdf"), {QStringLiteral("--flatten-annotations=all"), filled, flat});
        QVERIFY2(run.code == 0 || run.code == 3, qPrintable(run.err)); // 3: warnings only
        keep(flat);
        QVERIFY(pdfText(flat).contains(u"Әлия"));
        auto values = FormImport::fieldValues([&] {
            QFile f(flat);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }());
        TIRKEU_VERIFY_OK(values);
        QVERIFY(values->isEmpty()); // flattened: no fields any more, the page holds the values
    }

    void anErasedFormCodeStillNamesTheForm() {
        if (!havePypdf())
            QSKIP("python3-pypdf is not installed (scripts/install-deps.sh installs it)");
        QString why;
        const QString filled = fillWithPypdf(QStringLiteral("reset.pdf"), values(), &why, true);
        QVERIFY2(!filled.isEmpty(), qPrintable(why));
        auto imported = FormImport::readFile(filled, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->formCode, kIssueInd);
    }

    // Two fields of one name with different values (a template altered after Tirkeu made it): the register
    // would take whichever Poppler reads last, so the file is refused naming the field.
    void twoFieldsOfOneNameWithDifferentValuesAreRefused() {
        if (!havePypdf())
            QSKIP("python3-pypdf is not installed (scripts/install-deps.sh installs it)");
        QString why;
        const QString filled = fillWithPypdf(QStringLiteral("twice.pdf"), values(), &why);
        QVERIFY2(!filled.isEmpty(), qPrintable(why));
        QFile f(filled);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray pdf = f.readAll();
        TIRKEU_VERIFY_OK(FormImport::read(pdf, {}, QStringLiteral("en")));
        // The phone field renamed "email": the same length, so every offset of the file stays right.
        const QByteArray phone = "/T (phone)";
        QCOMPARE(pdf.count(phone), qsizetype(1));
        pdf.replace(phone, "/T (email)");
        auto imported = FormImport::read(pdf, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(imported, ErrorCode::Invalid);
        QVERIFY2(imported.message().contains(QStringLiteral("two fields named email")), qPrintable(imported.message()));
    }

    void freeTextHasAStatedAndEnforcedLimit() {
        const forms::FormDef* form = forms::FormCatalog::find(QStringLiteral("ROOT-REVOKE"));
        const forms::FieldDef* details = form->field(QStringLiteral("reason_details"));
        QVERIFY(details);
        QCOMPARE(details->maxLength, 500);
        QVERIFY(forms::Validator::validateField(*details, QString(500, u'ә')).isEmpty());
        QVERIFY(!forms::Validator::validateField(*details, QString(501, u'ә')).isEmpty()); // refused, not cut
        auto pdf = FormTemplate::build(*form);
        TIRKEU_VERIFY_OK(pdf);
        QVERIFY(pdf->contains("/MaxLen 500"));
        const QString file = path(QStringLiteral("ROOT-REVOKE-template.pdf"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(*pdf) == pdf->size());
        f.close();
        QVERIFY(pdfText(file).contains(u"до 500 символов"));
    }

    void aDateInAnotherFormatIsRefusedWithTheTemplatesHint() {
        if (!havePypdf())
            QSKIP("python3-pypdf is not installed (scripts/install-deps.sh installs it)");
        QJsonObject v = values();
        v.insert(QStringLiteral("application_date"), QStringLiteral("2026/03/02"));
        QString why;
        const QString filled = fillWithPypdf(QStringLiteral("bad-date.pdf"), v, &why);
        QVERIFY2(!filled.isEmpty(), qPrintable(why));
        auto imported = FormImport::readFile(filled, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(imported, ErrorCode::Invalid);
        QVERIFY2(imported.message().contains(u"ДД.ММ.ГГГГ"), qPrintable(imported.message()));
        QVERIFY2(!imported.message().contains(u"YYYY-MM-DD"), qPrintable(imported.message()));
        QVERIFY(imported.message().contains(u"2026/03/02"));
        // The template says the same format next to the field.
        QVERIFY(pdfText(m_template).contains(u"ДД.ММ.ГГГГ"));
    }
};

TIRKEU_TEST_MAIN(TestFormFill)
#include "tst_formfill.moc"
