// The table engine of reports/Pdf.h: registers and journals of up to millions of rows, laid out page by
// page with a repeated header row, spooled to a temporary file and copied out with the fonts tagged.
#include "registry/FaultInjection.h"
#include "reports/PdfPage.h"

#include <QDir>
#include <QFontMetricsF>
#include <QTemporaryFile>

#include <algorithm>
#include <cmath>

namespace tirkeu::reports {

using namespace pdf;

namespace {

// ---- the table engine ------------------------------------------------------------------------------

class TableEngine {
public:
    TableEngine(QPdfWriter& writer, const TableSpec& spec, const QString& family)
        : m_writer(writer)
        , m_spec(spec)
        , m_frame(writer, spec.frame, family)
        , m_headFont(makeFont(family, 6.5, true))
        , m_cellFont(makeFont(family, 7))
        , m_noteFont(makeFont(family, 8.5)) {
        double total = 0;
        for (const Column& c : spec.columns)
            total += c.weight > 0 ? c.weight : 1;
        double x = m_frame.left();
        for (const Column& c : spec.columns) {
            const double w = m_frame.width() * (c.weight > 0 ? c.weight : 1) / total;
            m_x.append(x);
            m_w.append(w);
            x += w;
        }
        m_x.append(x);
        m_pad = mm(0.9);
        // The № column holds six digits on one line ("100004", not "1000/4"): widened at the expense of
        // the widest column.
        const double need = QFontMetricsF(m_cellFont, &writer).horizontalAdvance(QStringLiteral("0000000")) + 2 * m_pad;
        for (int i = 0; i < spec.columns.size(); ++i) {
            if (spec.columns[i].heading != u"№" || m_w[i] >= need)
                continue;
            const auto widest = std::max_element(m_w.begin(), m_w.end()) - m_w.begin();
            m_w[widest] -= need - m_w[i];
            m_w[i] = need;
            double at = m_frame.left();
            for (int c = 0; c < m_w.size(); ++c) {
                m_x[c] = at;
                at += m_w[c];
            }
            m_x.last() = at;
        }
    }

    // One pass over the rows: counts pages (painter == nullptr) or draws them.
    Status run(QPainter* p, const RowSource& rows, int totalPages, qint64 totalRows, const Progress& progress,
               const Cancelled& cancelled = {}) {
        m_p = p;
        m_pages = totalPages;
        m_page = 0;
        m_rows = 0;
        startPage();
        bool stopped = false;
        Status streamed = rows([&](const QStringList& cells) {
            if (cancelled && m_rows % 200 == 0 && cancelled()) {
                stopped = true;
                return false;
            }
            const double h = rowHeight(cells, m_cellFont, false);
            if (h > m_frame.bottom() - m_tableTop - mm(12)) { // taller than a page: continued on the next
                drawTallRow(cells);
                ++m_rowsOnPage;
                ++m_rows;
                return true;
            }
            if (m_y + h > m_frame.bottom() && m_rowsOnPage > 0) {
                finishPage();
                startPage();
            }
            drawRow(cells, m_cellFont, h, false);
            ++m_rowsOnPage;
            ++m_rows;
            if (progress && p && (m_rows % 500 == 0))
                progress(m_rows, totalRows);
            return true;
        });
        if (stopped)
            return PdfRenderer::cancelledError();
        if (!streamed)
            return streamed;
        m_gridBottom = m_y; // the column lines end with the last row, not below the notes
        if (m_rows == 0 && !m_spec.emptyText.isEmpty())
            m_y += paintText(m_p, &m_writer, m_noteFont, m_spec.emptyText, QPointF(m_frame.left(), m_y + mm(2)),
                             m_frame.width()) +
                   mm(2);
        for (const QString& note : m_spec.footnotes) {
            const double h = paintText(nullptr, &m_writer, m_noteFont, note, QPointF(), m_frame.width());
            if (m_y + mm(2) + h > m_frame.bottom()) {
                finishPage();
                startPage(false);
            }
            paintText(m_p, &m_writer, m_noteFont, note, QPointF(m_frame.left(), m_y + mm(2)), m_frame.width());
            m_y += h + mm(1);
        }
        finishPage();
        if (progress && p)
            progress(m_rows, totalRows);
        return {};
    }

    int pages() const { return m_page; }
    qint64 rows() const { return m_rows; }

private:
    double rowHeight(const QStringList& cells, const QFont& font, bool centred) {
        double h = 0;
        for (int i = 0; i < m_w.size(); ++i) {
            const QString text = i < cells.size() ? cells.at(i) : QString();
            h = std::max(h, paintText(nullptr, &m_writer, font, text, QPointF(), m_w[i] - 2 * m_pad,
                                      centred ? Qt::AlignHCenter : Qt::AlignLeft));
        }
        return h + 2 * m_pad;
    }

    // The lines `text` wraps into within a cell of `width`.
    QStringList cellLines(const QString& raw, double width) {
        QString text = raw;
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
        QStringList lines = wrappedLines(text, m_cellFont, &m_writer, width);
        for (QString& line : lines)
            line = line.trimmed();
        return lines;
    }

    // A row taller than a page: as many of its lines as fit, then the rest on the next pages (with the
    // headings again); nothing is cut and nothing runs over the footer.
    void drawTallRow(const QStringList& cells) {
        QList<QStringList> lines;
        qsizetype total = 0;
        for (int i = 0; i < m_w.size(); ++i) {
            lines << cellLines(i < cells.size() ? cells.at(i) : QString(), m_w[i] - 2 * m_pad);
            total = std::max(total, lines.last().size());
        }
        const double lineHeight = QFontMetricsF(m_cellFont, &m_writer).height();
        qsizetype done = 0;
        while (done < total) {
            qsizetype fit = qsizetype((m_frame.bottom() - m_y - 2 * m_pad) / lineHeight);
            if (fit < 1) {
                finishPage();
                startPage();
                continue;
            }
            fit = std::min(fit, total - done);
            QStringList chunk;
            for (const QStringList& cell : lines)
                chunk << cell.mid(done, fit).join(u'\n');
            drawRow(chunk, m_cellFont, rowHeight(chunk, m_cellFont, false), false);
            done += fit;
            if (done < total) {
                finishPage();
                startPage();
            }
        }
    }

    void drawRow(const QStringList& cells, const QFont& font, double h, bool header) {
        if (m_p) {
            if (header)
                m_p->fillRect(QRectF(m_x.first(), m_y, m_x.last() - m_x.first(), h), QColor(235, 235, 235));
            m_p->save();
            for (int i = 0; i < m_w.size(); ++i) {
                const QString text = i < cells.size() ? cells.at(i) : QString();
                if (text.isEmpty())
                    continue;
                m_p->setClipRect(QRectF(m_x[i], m_y, m_w[i], h));
                const Qt::Alignment align =
                    header ? Qt::AlignHCenter : (i < m_spec.columns.size() ? m_spec.columns[i].align : Qt::AlignLeft);
                paintText(m_p, &m_writer, font, text, QPointF(m_x[i] + m_pad, m_y + m_pad), m_w[i] - 2 * m_pad, align);
            }
            m_p->restore();
            m_p->setPen(QPen(Qt::black, mm(0.12)));
            m_p->drawLine(QPointF(m_x.first(), m_y + h), QPointF(m_x.last(), m_y + h));
        }
        m_y += h;
    }

    void startPage(bool withHeadings = true) {
        if (m_p && m_page > 0)
            m_writer.newPage();
        ++m_page;
        m_rowsOnPage = 0;
        m_y = m_frame.header(m_p);
        m_tableTop = m_y;
        m_hasTable = withHeadings;
        if (!withHeadings)
            return;
        if (m_p) {
            m_p->setPen(QPen(Qt::black, mm(0.12)));
            m_p->drawLine(QPointF(m_x.first(), m_y), QPointF(m_x.last(), m_y));
        }
        QStringList headings;
        for (const Column& c : m_spec.columns)
            headings << c.heading;
        drawRow(headings, m_headFont, rowHeight(headings, m_headFont, true), true);
        if (m_spec.numberColumns) {
            QStringList numbers;
            for (int i = 1; i <= m_spec.columns.size(); ++i)
                numbers << QString::number(i);
            drawRow(numbers, m_headFont, rowHeight(numbers, m_headFont, true), true);
        }
    }

    void finishPage() {
        if (!m_p)
            return;
        if (m_hasTable) {
            m_p->setPen(QPen(Qt::black, mm(0.12)));
            const double bottom = m_gridBottom >= 0 ? m_gridBottom : m_y;
            for (double x : m_x)
                m_p->drawLine(QPointF(x, m_tableTop), QPointF(x, bottom));
        }
        m_gridBottom = -1;
        m_frame.footer(m_p, m_page, m_pages);
    }

    QPdfWriter& m_writer;
    const TableSpec& m_spec;
    Frame m_frame;
    QFont m_headFont;
    QFont m_cellFont;
    QFont m_noteFont;
    QList<double> m_x;
    QList<double> m_w;
    double m_pad = 0;
    QPainter* m_p = nullptr;
    int m_page = 0;
    int m_pages = 0;
    int m_rowsOnPage = 0;
    qint64 m_rows = 0;
    double m_y = 0;
    double m_tableTop = 0;
    double m_gridBottom = -1; // set once the rows are done: where the column lines stop
    bool m_hasTable = true;
};

} // namespace

Status PdfRenderer::writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out, const Progress& progress,
                               const Cancelled& cancelled) {
    auto family = PdfFonts::family();
    if (!family)
        return family.error();
    if (spec.columns.isEmpty())
        return makeError(ErrorCode::Failure, tr("A table needs columns."));
    // A journal can run to a million rows: the document goes to a temporary file (readable by its owner
    // only, removed at the end), not to memory, and is copied to `out` with its fonts tagged.
    QTemporaryFile spool(QDir::tempPath() + QStringLiteral("/tirkeu-pdf-XXXXXX"));
    if (!spool.open())
        return makeError(ErrorCode::Io, tr("Cannot write the PDF document: %1").arg(spool.errorString()));
    QPdfWriter writer(&spool);
    setUp(writer, spec.frame, spec.orientation);
    TableEngine engine(writer, spec, *family);
    if (Status counted = engine.run(nullptr, rows, 0, 0, {}, cancelled); !counted)
        return counted;
    const int pages = engine.pages();
    const qint64 total = engine.rows();
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(ErrorCode::Io, tr("Cannot start the PDF document."));
    Status drawn = engine.run(&painter, rows, pages, total, progress, cancelled);
    painter.end();
    if (!drawn)
        return drawn;
    if (engine.pages() != pages)
        return makeError(ErrorCode::Failure, tr("The rows changed while the document was printed; print it again."));
    if (!spool.isOpen() && !spool.open())
        return makeError(ErrorCode::Io, tr("Cannot write the PDF document: %1").arg(spool.errorString()));
    if (!spool.flush() || spool.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, tr("Cannot write the PDF document: %1").arg(spool.errorString()));
    registry::faultPoint("report-after-spool"); // the whole table in the spool, nothing copied yet
    return writeTagged(spool, out);
}

Status PdfRenderer::saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                              const Progress& progress, const Cancelled& cancelled) {
    QSaveFile file(path);
    if (Status s = openSave(file); !s)
        return s;
    if (Status s = writeTable(spec, rows, &file, progress, cancelled); !s) {
        file.cancelWriting();
        return s;
    }
    registry::faultPoint("report-before-commit"); // copied in full, not yet renamed to `path`
    return commitSave(file);
}

} // namespace tirkeu::reports
