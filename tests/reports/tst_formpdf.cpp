// Printed application forms, fillable templates and their import: template -> filled by Poppler with
// Kazakh values -> imported -> equal to the input; wrong form, damaged PDF, a PDF that is no template
// and invalid values are refused.
#include "common/PdfForms.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "forms/pdf/FormImport.h"
#include "forms/pdf/FormPrint.h"
#include "forms/pdf/FormTemplate.h"
#include "reports/Reports.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <poppler-form.h>
#include <poppler-qt6.h>

using namespace tirkeu;
using namespace tirkeu::test;
using forms::pdf::FormImport;
using forms::pdf::FormTemplate;

class TestFormPdf : public QObject {
    Q_OBJECT

    QTemporaryDir m_out;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_out.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        f.close();
        keep(path);
        return path;
    }

    static QHash<QString, QString> individualValues() {
        return {{QStringLiteral("iin"), QStringLiteral("900701300108")},
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

    // A hand-made form (no Tirkeu template): one text field, its own widget, per (name, value), `perPage` a page.
    static QByteArray handMadeForm(const QList<QPair<QString, QString>>& fields, int perPage) {
        const auto hex = [](const QString& text) -> QByteArray {
            QByteArray utf16("\xfe\xff");
            for (const QChar c : text) {
                utf16 += char(c.unicode() >> 8);
                utf16 += char(c.unicode() & 0xff);
            }
            return QByteArray("<") + utf16.toHex() + QByteArray(">");
        };
        const int pages = std::max<int>(1, int((fields.size() + perPage - 1) / perPage));
        const int firstField = 3 + pages; // 1 catalog, 2 page tree, 3.. pages, then the fields
        QList<QByteArray> objects;
        QByteArray all, kids;
        for (int k = 0; k < fields.size(); ++k)
            all += QByteArray::number(firstField + k) + " 0 R ";
        for (int i = 0; i < pages; ++i)
            kids += QByteArray::number(3 + i) + " 0 R ";
        objects << "<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[" + all + "]>>>>";
        objects << "<</Type/Pages/Kids[" + kids + "]/Count " + QByteArray::number(pages) + ">>";
        for (int i = 0; i < pages; ++i) {
            QByteArray annots;
            for (int k = i * perPage; k < std::min<int>(int(fields.size()), (i + 1) * perPage); ++k)
                annots += QByteArray::number(firstField + k) + " 0 R ";
            objects << "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Annots[" + annots + "]>>";
        }
        for (int k = 0; k < fields.size(); ++k)
            objects << "<</Type/Annot/Subtype/Widget/FT/Tx/T" + hex(fields[k].first) + "/V" + hex(fields[k].second) +
                           "/Rect[10 10 200 24]/P " + QByteArray::number(3 + (k / perPage)) + " 0 R>>";
        QByteArray pdf("%PDF-1.7\n");
        QList<qsizetype> offsets;
        for (int i = 0; i < objects.size(); ++i) {
            offsets << pdf.size();
            pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
        }
        const qsizetype xref = pdf.size();
        pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
        for (qsizetype o : offsets)
            pdf += QByteArray::number(o).rightJustified(10, '0') + " 00000 n \n";
        pdf += "trailer\n<</Size " + QByteArray::number(objects.size() + 1) + "/Root 1 0 R>>\nstartxref\n" +
               QByteArray::number(xref) + "\n%%EOF\n";
        return pdf;
    }

    // The fields of a GOV-ISSUE letter as text fields: its own values, `rows` copies of the test's person, each row
    // with the fields of `person` (a list of choices as one comma-separated text field, as older templates had).
    static QList<QPair<QString, QString>> letterFields(int rows, int rowWithoutSurname = 0) {
        const forms::Submission typed = govIssue();
        QList<QPair<QString, QString>> fields{{QStringLiteral("tirkeu_form"), kGovIssue}};
        for (auto it = typed.data.begin(); it != typed.data.end(); ++it)
            if (it.key() != u"persons")
                fields << qMakePair(it.key(), it.value().toString());
        const QJsonObject person = typed.data.value(QStringLiteral("persons")).toArray().first().toObject();
        for (int r = 0; r < rows; ++r)
            for (auto it = person.begin(); it != person.end(); ++it) {
                if (r + 1 == rowWithoutSurname && it.key() == u"surname")
                    continue;
                QStringList items;
                for (const QJsonValue& v : it.value().toArray())
                    items << v.toString();
                fields << qMakePair(forms::pdf::acroName(it.key(), r),
                                    it.value().isArray() ? items.join(u',') : it.value().toString());
            }
        return fields;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_out.isValid()); }

    // Attack of session 27, F3: Poppler's work grows with the square of the number of form fields (40,000 fields:
    // 18 s). A PDF with more pages or fields than any template is refused before its fields are all read.
    void pdfWithManyFieldsIsRefusedQuickly() {
        QList<QPair<QString, QString>> fields{{QStringLiteral("tirkeu_form"), kIssueInd}};
        for (const auto& [name, value] : individualValues().asKeyValueRange())
            fields << qMakePair(name, value);
        // The hand-made form itself is read (the helper makes what Poppler reads).
        auto few = FormImport::fieldValues(handMadeForm(fields, 50));
        TIRKEU_VERIFY_OK(few);
        QCOMPARE(few->value(QStringLiteral("surname")), QStringLiteral("Қасымова"));
        for (int k = 0; fields.size() < 40000; ++k)
            fields << qMakePair(QStringLiteral("x%1").arg(k), QStringLiteral("y"));
        for (const int perPage : {100, 1000}) { // 400 pages; 40 pages of 1,000 fields
            const QByteArray pdf = handMadeForm(fields, perPage);
            QElapsedTimer timer;
            timer.start();
            auto read = FormImport::read(pdf, {}, QStringLiteral("en"));
            const qint64 ms = timer.elapsed();
            TIRKEU_VERIFY_ERROR(read, ErrorCode::Invalid);
            QVERIFY2(read.message().contains(u"pages") || read.message().contains(u"form fields"),
                     qPrintable(read.message()));
            QVERIFY2(ms < 5000,
                     qPrintable(QStringLiteral("%1 fields, %2 a page: %3 ms").arg(fields.size()).arg(perPage).arg(ms)));
        }
        // 9,000 a page (Poppler refuses a page with many more): the fields are counted only once Poppler has read
        // the page, which takes it the number of the page's fields times all fields; the child process reading it
        // is stopped at its limits if the count does not stop it first.
        const QByteArray onePage = handMadeForm(fields, 9000);
        QElapsedTimer timer;
        timer.start();
        auto read = FormImport::read(onePage, {}, QStringLiteral("en"));
        const qint64 ms = timer.elapsed();
        TIRKEU_VERIFY_ERROR(read, ErrorCode::Invalid);
        QVERIFY2(read.message().contains(u"more time or memory") || read.message().contains(u"form fields"),
                 qPrintable(read.message()));
        QVERIFY2(ms < (FormImport::kMaxWallSeconds + 5) * 1000, qPrintable(QStringLiteral("one page: %1 ms").arg(ms)));
        // Cancelled: stopped at once.
        timer.restart();
        auto cancelled =
            FormImport::read(onePage, {}, QStringLiteral("en"), [&timer] { return timer.elapsed() > 300; });
        TIRKEU_VERIFY_ERROR(cancelled, ErrorCode::Failure);
        QVERIFY2(cancelled.message().contains(u"cancelled"), qPrintable(cancelled.message()));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QStringLiteral("cancel: %1 ms").arg(timer.elapsed())));
    }

    // Every official template stays well within the limits the import puts on pages and fields.
    void everyTemplateFitsTheImportLimits() {
        for (const forms::FormDef& form : forms::FormCatalog::all()) {
            auto pdf = FormTemplate::build(form, form.hasPersons() ? FormImport::kMaxPersonRows : 1);
            TIRKEU_VERIFY_OK(pdf);
            std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(*pdf);
            QVERIFY(doc);
            auto values = FormImport::fieldValues(*pdf);
            TIRKEU_VERIFY_OK(values);
            qInfo() << form.code << doc->numPages() << "pages" << values->size() << "fields";
            QVERIFY2(doc->numPages() * 4 <= FormImport::kMaxPages, qPrintable(form.code));
            QVERIFY2(values->size() * 4 <= FormImport::kMaxFields, qPrintable(form.code));
        }
    }

    // Attack of session 27, F9: person rows after a row without its first field, and rows beyond the 20 of a
    // template, were dropped without a word.
    void letterRowsTheImportDoesNotReadAreRefused() {
        auto two = FormImport::read(handMadeForm(letterFields(2), 100), {}, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(two);
        QCOMPARE(two->data.value(QStringLiteral("persons")).toArray().size(), 2);

        auto gap = FormImport::read(handMadeForm(letterFields(4, 3), 100), {}, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(gap, ErrorCode::Invalid);
        QVERIFY2(gap.message().contains(u"row 3") && gap.message().contains(u"person3_surname"),
                 qPrintable(gap.message()));

        auto many = FormImport::read(handMadeForm(letterFields(21), 100), {}, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(many, ErrorCode::Invalid);
        QVERIFY2(many.message().contains(u"row 21"), qPrintable(many.message()));
    }

    void everyFormHasATemplateWithNamedFieldsAndAppearances() {
        for (const forms::FormDef& form : forms::FormCatalog::all()) {
            auto pdf = FormTemplate::build(form, 2);
            TIRKEU_VERIFY_OK(pdf);
            const QString path = write(form.code + QStringLiteral("-template.pdf"), *pdf);
            QVERIFY(!pdf->contains("/NeedAppearances"));
            auto values = FormImport::fieldValues(*pdf);
            TIRKEU_VERIFY_OK(values);
            QCOMPARE(values->value(QStringLiteral("tirkeu_form")), form.code);
            int expected = 1;
            // A field per form field; a list of choices is one checkbox per choice.
            auto expect = [&](const forms::FieldDef& f, int person) {
                const QString name = forms::pdf::acroName(f.id, person);
                if (!f.onPaper) // not on the official form: no field in its template either
                    return !values->contains(name);
                if (f.type != forms::FieldType::MultiChoice) {
                    ++expected;
                    return values->contains(name);
                }
                for (const forms::ChoiceDef& c : f.choices) {
                    ++expected;
                    if (!values->contains(forms::pdf::checkName(name, c.id)))
                        return false;
                }
                return true;
            };
            for (const forms::FieldDef& f : form.fields)
                QVERIFY2(expect(f, -1), qPrintable(form.code + u' ' + f.id));
            for (int p = 0; p < (form.hasPersons() ? 2 : 0); ++p)
                for (const forms::FieldDef& f : form.personFields)
                    QVERIFY2(expect(f, p), qPrintable(f.id));
            QCOMPARE(values->size(), expected);
            // One appearance stream per widget: nothing is left for the reader to generate.
            QCOMPARE(int(pdf->count("/AP << /N ")), expected);
            // The printed page behind the fields: both labels, the embedded font.
            const QString text = pdfText(path).simplified();
            QVERIFY2(text.contains(form.title.kk.simplified()), qPrintable(form.code));
            QVERIFY2(text.contains(form.fields.first().label.ru.simplified()), qPrintable(form.code));
            QString why;
            QVERIFY2(fontsEmbedded(path, &why, true), qPrintable(why));
            if (!QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty())
                QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), path}).code, 0);
        }
    }

    void filledTemplateImportsEqualToTheInput() {
        const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
        auto pdf = FormTemplate::build(*form);
        TIRKEU_VERIFY_OK(pdf);
        QString error;
        const QByteArray filled = fillPdfForm(*pdf, individualValues(), &error);
        QVERIFY2(!filled.isEmpty(), qPrintable(error));
        write(QStringLiteral("NCA-ISSUE-IND-filled.pdf"), filled);

        // What Poppler saved reads back with the Kazakh letters intact...
        auto raw = FormImport::fieldValues(filled);
        TIRKEU_VERIFY_OK(raw);
        QCOMPARE(raw->value(QStringLiteral("surname")), QStringLiteral("Қасымова"));
        // ...and imports to the data the typed form would have given.
        auto imported = FormImport::read(filled, kIssueInd, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->formCode, kIssueInd);
        QJsonObject expected = ncaIssueIndividual().data;
        expected.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        expected.insert(QStringLiteral("phone"), QStringLiteral("+77012345678"));
        expected = forms::Validator::normalised(*form, expected);
        QCOMPARE(imported->data, expected);
    }

    void governmentLetterWithPersonsRoundTrips() {
        const forms::FormDef* form = forms::FormCatalog::find(kGovIssue);
        auto pdf = FormTemplate::build(*form, 2);
        TIRKEU_VERIFY_OK(pdf);
        const forms::Submission typed = govIssue();
        const QJsonObject person = typed.data.value(QStringLiteral("persons")).toArray().first().toObject();
        QHash<QString, QString> values{
            {QStringLiteral("org_name"), typed.data.value(QStringLiteral("org_name")).toString()},
            {QStringLiteral("letter_no"), QStringLiteral("12-3/456")},
            {QStringLiteral("letter_date"), QStringLiteral("27.02.2026")},
            {QStringLiteral("head_full_name"), QStringLiteral("Сұлтанов Марат")}};
        for (auto it = person.begin(); it != person.end(); ++it) {
            if (it.value().isArray()) { // a list of choices: its checkboxes
                for (const QJsonValue& item : it.value().toArray())
                    values.insert(forms::pdf::checkName(forms::pdf::acroName(it.key(), 0), item.toString()),
                                  QStringLiteral("Yes"));
                continue;
            }
            values.insert(forms::pdf::acroName(it.key(), 0), it.value().toString());
        }
        QString error;
        const QByteArray filled = fillPdfForm(*pdf, values, &error);
        QVERIFY2(!filled.isEmpty(), qPrintable(error));
        auto imported = FormImport::read(filled, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->data, forms::Validator::normalised(*form, typed.data)); // the empty 2nd person is dropped
    }

    void wrongFormDamagedAndInvalidPdfsAreRefused() {
        const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
        auto pdf = FormTemplate::build(*form);
        TIRKEU_VERIFY_OK(pdf);
        QString error;
        const QByteArray filled = fillPdfForm(*pdf, individualValues(), &error);
        QVERIFY2(!filled.isEmpty(), qPrintable(error));

        auto wrong = FormImport::read(filled, kIssueLegal, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(wrong, ErrorCode::Invalid);
        QVERIFY(wrong.message().contains(u"NCA-ISSUE-IND"));

        TIRKEU_VERIFY_ERROR(FormImport::read(filled.left(filled.size() / 3)), ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(FormImport::read(QByteArray("%PDF-1.4\nthis is not a PDF at all\n")), ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(FormImport::read(QByteArray("hello")), ErrorCode::Invalid);
        TIRKEU_VERIFY_ERROR(FormImport::readFile(m_out.filePath(QStringLiteral("missing.pdf"))), ErrorCode::Io);

        // A PDF without the form code (any printed report) is not a template.
        auto empty = FormImport::read(*pdf);
        TIRKEU_VERIFY_ERROR(empty, ErrorCode::Invalid);
        QVERIFY(empty.message().contains(u"empty"));
        reports::TableSpec spec;
        spec.columns = {reports::Column{QStringLiteral("A"), 1, Qt::AlignLeft}};
        QByteArray report;
        QBuffer buffer(&report);
        buffer.open(QIODevice::WriteOnly);
        TIRKEU_VERIFY_OK(reports::PdfRenderer::writeTable(
            spec,
            [](const reports::RowSink& sink) {
                sink({QStringLiteral("x")});
                return Status();
            },
            &buffer));
        auto notTemplate = FormImport::read(report);
        TIRKEU_VERIFY_ERROR(notTemplate, ErrorCode::Invalid);
        QVERIFY(notTemplate.message().contains(u"not a Tirkeu form template"));

        // Values that fail validation: the message names the field.
        QHash<QString, QString> bad = individualValues();
        bad.insert(QStringLiteral("iin"), QStringLiteral("900701300107"));
        bad.insert(QStringLiteral("application_date"), QStringLiteral("31.02.2026"));
        const QByteArray badPdf = fillPdfForm(*pdf, bad, &error);
        QVERIFY2(!badPdf.isEmpty(), qPrintable(error));
        auto invalid = FormImport::read(badPdf, {}, QStringLiteral("en"));
        TIRKEU_VERIFY_ERROR(invalid, ErrorCode::Invalid);
        QVERIFY2(invalid.message().contains(u"IIN"), qPrintable(invalid.message()));
        QVERIFY2(invalid.message().contains(u"Date of application"), qPrintable(invalid.message()));
        // The date is asked for in the template's own format, never in another one.
        QVERIFY2(invalid.message().contains(u"ДД.ММ.ГГГГ"), qPrintable(invalid.message()));
        QVERIFY2(!invalid.message().contains(u"YYYY-MM-DD"), qPrintable(invalid.message()));
    }

    void printedApplicationShowsBothLabelsAndTheValues() {
        RegistryFixture fx;
        QVERIFY2(fx.create(almaty(2026, 3, 2)), qPrintable(fx.error));
        auto id = fx.reg->applications().submit(fx.operatorA, kGov, kGovIssue, govIssue());
        TIRKEU_VERIFY_OK(id);
        const QString path = m_out.filePath(QStringLiteral("GOV-ISSUE-printed.pdf"));
        TIRKEU_VERIFY_OK(forms::pdf::FormPrint::saveApplication(*fx.reg, fx.operatorA, *id, path));
        keep(path);
        const QString text = pdfText(path).simplified();
        for (const QString& s :
             {QStringLiteral("Тіркеу куәлігін шығаруға өтініш"), QStringLiteral("Заявление на выпуск"),
              QStringLiteral("Мемлекеттік органның атауы"), QStringLiteral("Наименование государственного органа"),
              QStringLiteral("Қазақстан Республикасының Қаржы министрлігі"), QStringLiteral("Әбішев"),
              QStringLiteral("27.02.2026"), QStringLiteral("Жеке қосымша № 1 / Персональное приложение № 1"),
              QStringLiteral("бас маман"), QStringLiteral("Подпись руководителя"), QStringLiteral("М.О. / М.П."),
              QStringLiteral("Өтініш № / Заявление № %1").arg(*id),
              QStringLiteral("Мемлекеттік органдардың электрондық құжат айналымының бірыңғай жүйесі")})
            QVERIFY2(text.contains(s), qPrintable(s));
        QString why;
        QVERIFY2(fontsEmbedded(path, &why), qPrintable(why));
        TIRKEU_VERIFY_ERROR(forms::pdf::FormPrint::saveApplication(*fx.reg, fx.operatorA, 999, path + u'x'),
                            ErrorCode::NotFound);
        TIRKEU_VERIFY_ERROR(forms::pdf::FormPrint::saveApplication(*fx.reg, Session{}, *id, path + u'y'),
                            ErrorCode::Forbidden);
    }
};

TIRKEU_TEST_MAIN(TestFormPdf)
#include "tst_formpdf.moc"
