#pragma once
// A table as every report describes it once, for both renderers (reports/Pdf.h prints it on A4 pages,
// reports/Csv.h writes it for a spreadsheet): the columns, the page frame a PDF prints around it, and
// the rows, streamed from the register (never all in memory).

#include "pki/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace tirkeu::reports {

enum class Orientation { Portrait, Landscape };

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

} // namespace tirkeu::reports
