#pragma once
// The shared PDF toolkit of every printed document (registers, journals, paper certificates, printed
// forms): A4 pages through QPdfWriter + QPainter with DejaVu Sans embedded (Kazakh letters), a page
// frame (title, CA, period, "printed by / at", "page X of Y"), streamed tables with headers repeated on
// every page and wrapped cells, and flowing documents of headings, labelled fields and signature lines.
// "Page X of Y" needs Y before page 1 is drawn, so every document is laid out twice: a counting pass
// that only measures, then the drawing pass (tables stream their rows twice; nothing is kept).

#include "pki/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QRectF>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QIODevice;
class QPainter;
class QPdfWriter;

namespace tirkeu::reports {

enum class Orientation { Portrait, Landscape };

// The family name of the embedded font (DejaVu Sans, from the fonts-dejavu-core package), registered
// with Qt once. Needs a QGuiApplication (the CLI makes one, offscreen).
class PdfFonts {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::PdfFonts)
public:
    static Result<QString> family();
    // Where the font files are looked for: $TIRKEU_FONT_DIR, then the Debian location.
    static QStringList searchPath();
};

// What every page shows around its content.
struct PageFrame {
    QStringList title;   // bold, centred lines (official headings: Kazakh line, Russian line)
    QStringList details; // smaller lines under the title: CA, period, ...
    QString printedBy;   // operator's full name (login)
    QDateTime printedAt;
    QString documentTitle; // PDF metadata title
};

using Progress = std::function<void(qint64 done, qint64 total)>;

// ---- tables -------------------------------------------------------------------------------------

struct Column {
    QString heading;   // may hold "\n" (Kazakh / Russian)
    double weight = 1; // share of the table width
    Qt::Alignment align = Qt::AlignLeft;
};

struct TableSpec {
    PageFrame frame;
    Orientation orientation = Orientation::Landscape;
    QList<Column> columns;
    bool numberColumns = false; // the official journals print a row "1 2 3 … N" under the headings
    QString emptyText;          // printed when there are no rows
    QStringList footnotes;      // after the last row (totals, ...)
};

// Streams the rows: calls `row` once per row, in order, and stops when it returns false. Called twice
// per PDF (count, then draw), once per CSV.
using RowSink = std::function<bool(const QStringList&)>;
using RowSource = std::function<Status(const RowSink&)>;

// ---- flowing documents (forms, paper certificates) -----------------------------------------------

struct Block {
    enum class Kind { Heading, Text, Field, Line, Signature, Spacer, PageBreak };
    Kind kind = Kind::Text;
    QString text;  // heading / paragraph text; Field: the label (may hold "\n"); Signature: the caption
    QString value; // Field: the value (empty: a blank line to fill in by hand)
    double size = 9.5;
    bool bold = false;
    bool centred = false;
    double mm = 0; // Spacer height; Field: height of an empty value box
};

class FlowSpec {
public:
    PageFrame frame;
    Orientation orientation = Orientation::Portrait;
    std::vector<Block> blocks;

    FlowSpec& heading(const QString& text, double size = 12, bool centred = true);
    FlowSpec& text(const QString& text, double size = 9.5, bool bold = false);
    FlowSpec& field(const QString& label, const QString& value, double emptyMm = 6);
    FlowSpec& line();
    FlowSpec& signature(const QString& caption);
    FlowSpec& spacer(double mm);
    FlowSpec& pageBreak();
};

// Where a field box of a flow document landed (fillable templates put AcroForm widgets there).
struct FieldBox {
    int blockIndex = 0;
    int page = 0;  // 0-based
    QRectF rectPt; // PDF user space: points, origin bottom-left
};

class PdfRenderer {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::PdfRenderer)
public:
    static Status writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out,
                             const Progress& progress = {});
    // boxes: where each Field block's value box is (both passes agree, so this is the printed place).
    static Status writeFlow(const FlowSpec& spec, QIODevice* out, std::vector<FieldBox>* boxes = nullptr);
    // Saves atomically to `path` (a half-written file never replaces a good one).
    static Status saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                            const Progress& progress = {});
    static Status saveFlow(const FlowSpec& spec, const QString& path);
};

// ---- CSV -----------------------------------------------------------------------------------------

// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled. UTF-8.
class CsvWriter {
public:
    explicit CsvWriter(QIODevice* out)
        : m_out(out) {}
    bool writeRow(const QStringList& fields);
    static QByteArray encodeRow(const QStringList& fields);
    static QString quote(const QString& field);

private:
    QIODevice* m_out;
};

class CsvRenderer {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::CsvRenderer)
public:
    // Heading row (the column headings on one line each), then the rows.
    static Status writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out,
                             const Progress& progress = {});
    static Status saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                            const Progress& progress = {});
};

} // namespace tirkeu::reports
