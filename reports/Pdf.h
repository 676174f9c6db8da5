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
#include <QLocale>
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
// Asked every few hundred rows (on both passes of a PDF, on every CSV row batch): true stops the
// document, which is then refused ("Cancelled") and nothing is written or saved.
using Cancelled = std::function<bool()>;

// ---- tables -------------------------------------------------------------------------------------

struct Column {
    QString heading;   // may hold "\n" (Kazakh / Russian)
    double weight = 1; // share of the table width
    Qt::Alignment align = Qt::AlignLeft;
    bool identifier = false; // digits that are a code, not a number (IIN, BIN, serials): text in CSV
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
    // Check: a small box and its caption (a choice of a fillable template). Row: one row of a bordered
    // table inside the flow (cells / weights; bold: a heading row, repeated after a page break).
    enum class Kind { Heading, Text, Field, Line, Signature, Spacer, PageBreak, Check, Row };
    Kind kind = Kind::Text;
    QString text;  // heading / paragraph text; Field: the label (may hold "\n"); Signature: the caption
    QString value; // Field: the value (empty: a blank line to fill in by hand)
    double size = 9.5;
    bool bold = false;
    bool centred = false;
    double mm = 0; // Spacer height; Field: height of an empty value box
    // Consecutive blocks with the same non-zero group are kept on one page (a signature with its date
    // and seal place, a heading with its first lines, a personal attachment) when they fit on one.
    int keep = 0;
    QStringList cells;     // Row
    QList<double> weights; // Row: share of the width per cell
    bool checked = false;  // Check
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
    FlowSpec& check(const QString& caption, bool checked = false);
    FlowSpec& row(const QStringList& cells, const QList<double>& weights, bool heading = false);
    // Every block added from now on until endKeep() is kept together on one page (when it fits).
    FlowSpec& beginKeep();
    FlowSpec& endKeep();
    bool keeping() const { return m_keep != 0; }

private:
    Block& add(Block b);
    int m_keep = 0;
    int m_lastKeep = 0;
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
                             const Progress& progress = {}, const Cancelled& cancelled = {});
    // boxes: where each Field block's value box is (both passes agree, so this is the printed place).
    static Status writeFlow(const FlowSpec& spec, QIODevice* out, std::vector<FieldBox>* boxes = nullptr);
    // Saves atomically to `path` (a half-written file never replaces a good one).
    static Status saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                            const Progress& progress = {}, const Cancelled& cancelled = {});
    // The refusal of a cancelled document.
    static Error cancelledError();
    static Status saveFlow(const FlowSpec& spec, const QString& path);
};

// ---- CSV -----------------------------------------------------------------------------------------

// How a CSV file is written for a spreadsheet: the separator (";" is what Excel and LibreOffice expect
// in the Kazakh and Russian locales, "," elsewhere) and a UTF-8 byte-order mark so that they read UTF-8.
struct CsvOptions {
    QChar separator = u';';
    bool bom = true;
    // The separator the spreadsheets of this locale expect: ";" where the decimal separator is a comma
    // (kk, ru, ...), "," otherwise.
    static QChar separatorFor(const QLocale& locale);
};

// RFC 4180 with the separator of CsvOptions: CRLF line ends, fields quoted when they hold the separator,
// a quote, CR or LF, quotes doubled. UTF-8. A cell a spreadsheet would take for a formula (starting with
// = + - @ TAB or CR, OWASP's CSV injection rule) is written with a leading apostrophe, so it stays text;
// the columns marked as identifiers are written so that a spreadsheet keeps them as text ("0201…" keeps
// its leading zero): ="020105503339".
class CsvWriter {
public:
    explicit CsvWriter(QIODevice* out, CsvOptions options = {})
        : m_out(out)
        , m_options(options) {}
    bool writeBom();
    bool writeRow(const QStringList& fields, const QList<bool>& identifiers = {});
    QByteArray encodeRow(const QStringList& fields, const QList<bool>& identifiers = {}) const;
    QString quote(const QString& field) const;
    // The cell as a spreadsheet must see it (formula neutralised; identifiers kept as text).
    static QString neutralise(const QString& field);
    static QString identifier(const QString& field);

private:
    QIODevice* m_out;
    CsvOptions m_options;
};

class CsvRenderer {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::CsvRenderer)
public:
    // Byte-order mark, the heading row (the column headings on one line each), then the rows.
    static Status writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out,
                             const Progress& progress = {}, const CsvOptions& options = {});
    static Status saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                            const Progress& progress = {}, const CsvOptions& options = {});
};

} // namespace tirkeu::reports
