#pragma once
// The shared PDF toolkit of every printed document (registers, journals, paper certificates, printed
// forms): A4 pages through QPdfWriter + QPainter with DejaVu Sans embedded (Kazakh letters), a page
// frame (title, CA, period, "printed by / at", "page X of Y"), streamed tables with headers repeated on
// every page and wrapped cells, and flowing documents of headings, labelled fields and signature lines.
// "Page X of Y" needs Y before page 1 is drawn, so every document is laid out twice: a counting pass
// that only measures, then the drawing pass (tables stream their rows twice; nothing is kept).

#include "pki/Result.h"
#include "reports/Table.h"

#include <QCoreApplication>
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

// The family name of the embedded font (DejaVu Sans, from the fonts-dejavu-core package), registered
// with Qt once. Needs a QGuiApplication (the CLI makes one, offscreen).
class PdfFonts {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::PdfFonts)
public:
    static Result<QString> family();
    // Where the font files are looked for: $TIRKEU_FONT_DIR, then the Debian location.
    static QStringList searchPath();
};

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

} // namespace tirkeu::reports
