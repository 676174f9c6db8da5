// CSV as a spreadsheet reads it: headless LibreOffice (soffice --convert-to fods) opens the files the
// reports write, and the cells must hold text where the register holds text: an IIN keeps its leading
// zero, a name that looks like a formula (=HYPERLINK(…), +…, -…, @…) stays a string and never becomes a
// live formula. With ";" (the default of the Kazakh and Russian locales) and with ",".
// LibreOffice is large and not in scripts/install-deps.sh: without soffice the test is skipped.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "reports/Csv.h"
#include "reports/Pdf.h"

#include <QTemporaryDir>
#include <QXmlStreamReader>

using namespace tirkeu;
using namespace tirkeu::test;

namespace {

struct Cell {
    QString text;
    QString type; // office:value-type
    QString formula;
};

// The cells of the first sheet of a flat ODS file, row by row.
QList<QList<Cell>> readFods(const QString& path) {
    QList<QList<Cell>> rows;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    QXmlStreamReader xml(&f);
    Cell* cell = nullptr;
    int tables = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.qualifiedName() == u"table:table")
            ++tables;
        if (tables != 1)
            continue;
        if (xml.isStartElement() && xml.qualifiedName() == u"table:table-row") {
            rows.append(QList<Cell>());
        } else if (xml.isStartElement() && xml.qualifiedName() == u"table:table-cell" && !rows.isEmpty()) {
            const auto a = xml.attributes();
            const int repeat = std::max(1, a.value(QStringLiteral("table:number-columns-repeated")).toInt());
            for (int i = 0; i < std::min(repeat, 50); ++i)
                rows.last().append(Cell{{},
                                        a.value(QStringLiteral("office:value-type")).toString(),
                                        a.value(QStringLiteral("table:formula")).toString()});
            cell = &rows.last().last();
        } else if (xml.isEndElement() && xml.qualifiedName() == u"table:table-cell") {
            if (cell)
                cell->text = cell->text.trimmed();
            cell = nullptr;
        } else if (xml.isCharacters() && cell) {
            cell->text += xml.text().toString();
        } else if (xml.isEndElement() && xml.qualifiedName() == u"text:p" && cell) {
            cell->text = cell->text.trimmed();
        }
    }
    return rows;
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // Writes the table with `separator`, opens it in LibreOffice, returns the cells.
    QList<QList<Cell>> roundTrip(QChar separator, const QString& name) {
        reports::TableSpec spec;
        reports::Column iin{QStringLiteral("ЖСН\nИИН"), 1, Qt::AlignLeft};
        iin.identifier = true;
        spec.columns = {reports::Column{QStringLiteral("№"), 0.4, Qt::AlignHCenter}, iin,
                        reports::Column{QStringLiteral("Иесі\nВладелец"), 2, Qt::AlignLeft}};
        const QList<QStringList> rows = {
            {QStringLiteral("1"), QStringLiteral("020105503339"),
             QStringLiteral("=HYPERLINK(\"http://x.example\";\"y\")")},
            {QStringLiteral("2"), QStringLiteral("000229501204"), QStringLiteral("+7 701 234 56 78")},
            {QStringLiteral("3"), QStringLiteral("050311600009"), QStringLiteral("@SUM(1;2)")},
            {QStringLiteral("4"), QStringLiteral("900701300108"), QStringLiteral("-2+3, Қасымова; Әлия")}};
        reports::CsvOptions options;
        options.separator = separator;
        const QString csv = m_dir.filePath(name + QStringLiteral(".csv"));
        const Status saved = reports::CsvRenderer::saveTable(
            spec,
            [&](const reports::RowSink& sink) {
                for (const QStringList& r : rows)
                    sink(r);
                return Status();
            },
            csv, {}, options);
        if (!saved)
            return {};
        keep(csv);
        // Field separator, text delimiter ", UTF-8 (76), from line 1: what a user picks in the import dialog.
        const QString filter = QStringLiteral("CSV:%1,34,76,1").arg(int(separator.unicode()));
        const ToolRun run = runTool(
            QStringLiteral("soffice"),
            {QStringLiteral("-env:UserInstallation=file://") + m_dir.filePath(QStringLiteral("lo")),
             QStringLiteral("--headless"), QStringLiteral("--infilter=") + filter, QStringLiteral("--convert-to"),
             QStringLiteral("fods"), QStringLiteral("--outdir"), m_dir.path(), csv});
        if (run.code != 0)
            qWarning("soffice: %s", qPrintable(run.err));
        return readFods(m_dir.filePath(name + QStringLiteral(".fods")));
    }

    void check(const QList<QList<Cell>>& cells) {
        QVERIFY2(cells.size() >= 5, qPrintable(QString::number(cells.size())));
        QCOMPARE(cells[0].value(1).text, QStringLiteral("ЖСН ИИН"));
        // Identifiers: text with the leading zero, never a number.
        for (const auto& [row, iin] :
             {std::pair{1, QStringLiteral("020105503339")}, std::pair{2, QStringLiteral("000229501204")},
              std::pair{3, QStringLiteral("050311600009")}}) {
            QCOMPARE(cells[row].value(1).text, iin);
            QCOMPARE(cells[row].value(1).type, QStringLiteral("string"));
        }
        // Cells that look like formulas stay strings: no formula, the text as written (after the mark).
        for (int row = 1; row <= 4; ++row) {
            const Cell c = cells[row].value(2);
            QVERIFY2(c.formula.isEmpty(), qPrintable(c.formula));
            QCOMPARE(c.type, QStringLiteral("string"));
        }
        QVERIFY(cells[1].value(2).text.contains(u"=HYPERLINK(\"http://x.example\";\"y\")"));
        QVERIFY(cells[3].value(2).text.contains(u"@SUM(1;2)"));
        QVERIFY(cells[4].value(2).text.endsWith(u"-2+3, Қасымова; Әлия"));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("soffice")).isEmpty())
            QSKIP("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui to run this test");
    }

    void semicolonSeparatedOpensAsText() { check(roundTrip(u';', QStringLiteral("semicolon"))); }

    void commaSeparatedOpensAsText() { check(roundTrip(u',', QStringLiteral("comma"))); }
};

TIRKEU_TEST_MAIN(TestCsv)
#include "tst_csv.moc"
