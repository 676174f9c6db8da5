#include "reports/Pdf.h"

#include "registry/Clock.h"
#include "registry/FaultInjection.h"
#include "reports/PdfSubsetTags.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QMutex>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace tirkeu::reports {

// ---- fonts --------------------------------------------------------------------------------------

QStringList PdfFonts::searchPath() {
    QStringList dirs;
    const QString env = qEnvironmentVariable("TIRKEU_FONT_DIR");
    if (!env.isEmpty())
        dirs << env;
    dirs << QStringLiteral("/usr/share/fonts/truetype/dejavu");
    return dirs;
}

Result<QString> PdfFonts::family() {
    static QMutex mutex;
    static QString registered;
    QMutexLocker lock(&mutex);
    if (!registered.isEmpty())
        return registered;
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorCode::Failure, tr("Printing needs the graphical part of Qt (a QGuiApplication)."));
    QString family;
    for (const QString& dir : searchPath()) {
        const QString regular = QDir(dir).filePath(QStringLiteral("DejaVuSans.ttf"));
        const QString bold = QDir(dir).filePath(QStringLiteral("DejaVuSans-Bold.ttf"));
        if (!QFileInfo::exists(regular))
            continue;
        const int id = QFontDatabase::addApplicationFont(regular);
        if (id < 0)
            continue;
        const QStringList families = QFontDatabase::applicationFontFamilies(id);
        if (families.isEmpty())
            continue;
        family = families.first();
        if (QFileInfo::exists(bold))
            QFontDatabase::addApplicationFont(bold);
        break;
    }
    if (family.isEmpty())
        return makeError(ErrorCode::Io, tr("The font DejaVu Sans was not found in %1 (install the package "
                                           "fonts-dejavu-core): it is embedded in every printed document.")
                                            .arg(searchPath().join(QStringLiteral(", "))));
    registered = family;
    return registered;
}

// ---- layout helpers -----------------------------------------------------------------------------

namespace {

constexpr int kDpi = 300;
constexpr double kMargin = 12; // mm

double mm(double v) {
    return v * kDpi / 25.4;
}

QFont makeFont(const QString& family, double pt, bool bold = false) {
    QFont f(family);
    f.setPointSizeF(pt);
    f.setBold(bold);
    f.setKerning(false);
    // No shaping of Latin text: no ligatures ("ﬃ" would not read back as "ffi"), and faster.
    f.setStyleStrategy(QFont::StyleStrategy(QFont::PreferMatch | QFont::PreferNoShaping));
    return f;
}

// Measures (painter == nullptr) or draws text wrapped into `width`; returns its height. Text that fits
// on one line takes a fast path: journals draw a million cells.
double paintText(QPainter* p, QPaintDevice* device, const QFont& font, const QString& raw, const QPointF& at,
                 double width, Qt::Alignment align = Qt::AlignLeft) {
    const QFontMetricsF fm(font, device);
    QString text = raw;
    if (text.contains(u'\r')) // CR LF and a bare CR (old Mac files, some forms) break lines like LF
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    if (text.isEmpty())
        return fm.height();
    if (!text.contains(u'\n')) {
        const double advance = fm.horizontalAdvance(text);
        if (advance <= width) {
            if (p) {
                double x = at.x();
                if (align & Qt::AlignHCenter)
                    x += (width - advance) / 2;
                else if (align & Qt::AlignRight)
                    x += width - advance;
                p->setFont(font);
                p->drawText(QPointF(x, at.y() + fm.ascent()), text);
            }
            return fm.height();
        }
    }
    double y = 0;
    const QStringList paragraphs = text.split(u'\n');
    for (const QString& para : paragraphs) {
        QTextLayout layout(para, font, device);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        option.setAlignment(align & Qt::AlignHorizontal_Mask);
        layout.setTextOption(option);
        layout.beginLayout();
        double h = 0;
        for (;;) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width);
            line.setPosition(QPointF(0, h));
            h += fm.height();
        }
        layout.endLayout();
        if (para.isEmpty())
            h = fm.height();
        if (p)
            layout.draw(p, QPointF(at.x(), at.y() + y));
        y += h;
    }
    return y;
}

QPageLayout a4(Orientation o) {
    return QPageLayout(QPageSize(QPageSize::A4),
                       o == Orientation::Landscape ? QPageLayout::Landscape : QPageLayout::Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
}

// One page's frame: the header (title and details) on top, the footer line at the bottom.
class Frame {
public:
    Frame(QPdfWriter& writer, const PageFrame& frame, const QString& family)
        : m_writer(writer)
        , m_frame(frame)
        , m_title(makeFont(family, 11, true))
        , m_detail(makeFont(family, 8.5))
        , m_footer(makeFont(family, 7)) {
        m_width = writer.width() - 2 * mm(kMargin);
        m_left = mm(kMargin);
    }

    double left() const { return m_left; }
    double width() const { return m_width; }
    double bottom() const { return m_writer.height() - mm(kMargin) - mm(7); } // above the footer

    // Draws (or measures) the header; returns the y where the content starts.
    double header(QPainter* p) {
        double y = mm(kMargin);
        for (const QString& line : m_frame.title)
            y += paintText(p, &m_writer, m_title, line, QPointF(m_left, y), m_width, Qt::AlignHCenter);
        if (!m_frame.title.isEmpty())
            y += mm(1.5);
        for (const QString& line : m_frame.details)
            y += paintText(p, &m_writer, m_detail, line, QPointF(m_left, y), m_width);
        return y + mm(3);
    }

    void footer(QPainter* p, int page, int pages) {
        const double y = m_writer.height() - mm(kMargin) - mm(4);
        p->setPen(QPen(Qt::black, mm(0.15)));
        p->drawLine(QPointF(m_left, y - mm(1)), QPointF(m_left + m_width, y - mm(1)));
        // Official documents speak Kazakh and Russian whatever the interface language.
        const QString printed = QStringLiteral("Басып шығарған / Напечатал: %1, %2")
                                    .arg(m_frame.printedBy, registry::displayDateTime(m_frame.printedAt));
        if (!m_frame.printedBy.isEmpty()) // blank templates name no printer
            paintText(p, &m_writer, m_footer, printed, QPointF(m_left, y), m_width * 0.75);
        paintText(p, &m_writer, m_footer, QStringLiteral("Бет / Страница %1 / %2").arg(page).arg(pages),
                  QPointF(m_left, y), m_width, Qt::AlignRight);
    }

private:
    QPdfWriter& m_writer;
    const PageFrame& m_frame;
    QFont m_title;
    QFont m_detail;
    QFont m_footer;
    double m_width = 0;
    double m_left = 0;
};

void setUp(QPdfWriter& writer, const PageFrame& frame, Orientation o) {
    writer.setResolution(kDpi);
    writer.setPageLayout(a4(o));
    writer.setTitle(frame.documentTitle.isEmpty() ? frame.title.join(u' ') : frame.documentTitle);
    writer.setCreator(QStringLiteral("Tirkeu %1").arg(QStringLiteral(TIRKEU_VERSION)));
}

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
        QStringList lines;
        for (const QString& para : text.split(u'\n')) {
            QTextLayout layout(para, m_cellFont, &m_writer);
            QTextOption option;
            option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            layout.setTextOption(option);
            layout.beginLayout();
            const qsizetype before = lines.size();
            for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
                line.setLineWidth(width);
                lines << para.mid(line.textStart(), line.textLength()).trimmed();
            }
            layout.endLayout();
            if (lines.size() == before)
                lines << QString();
        }
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

// ---- the flow engine ---------------------------------------------------------------------------------

class FlowEngine {
public:
    FlowEngine(QPdfWriter& writer, const FlowSpec& spec, const QString& family)
        : m_writer(writer)
        , m_spec(spec)
        , m_family(family)
        , m_frame(writer, spec.frame, family)
        , m_label(makeFont(family, 8))
        , m_value(makeFont(family, 9.5, true))
        , m_cell(makeFont(family, 8))
        , m_cellBold(makeFont(family, 8, true)) {
        m_labelWidth = m_frame.width() * 0.42;
        m_gap = mm(3);
        // The value is measured and drawn with this one width (inside its box, 0.5 mm each side).
        m_valueBox = m_frame.width() - m_labelWidth - m_gap;
        m_valueText = m_valueBox - mm(1);
    }

    void run(QPainter* p, int totalPages, std::vector<FieldBox>* boxes) {
        m_p = p;
        m_pages = totalPages;
        m_page = 0;
        m_heading = -1;
        startPage();
        const std::vector<Block>& blocks = m_spec.blocks;
        for (size_t i = 0; i < blocks.size(); ++i) {
            const Block& b = blocks[i];
            // A kept group starts: it goes to the next page unless it fits on this one.
            if (b.keep != 0 && (i == 0 || blocks[i - 1].keep != b.keep)) {
                double h = 0;
                for (size_t j = i; j < blocks.size() && blocks[j].keep == b.keep; ++j)
                    h += height(blocks[j]);
                if (h <= m_frame.bottom() - m_top)
                    ensure(h);
            }
            draw(i, b, boxes);
        }
        finishPage();
    }

    int pages() const { return m_page; }

private:
    // The height a block takes on the page (what draw() advances by).
    double height(const Block& b) {
        const double width = m_frame.width();
        switch (b.kind) {
        case Block::Kind::Heading:
        case Block::Kind::Text: {
            const QFont font = makeFont(m_family, b.size, b.bold || b.kind == Block::Kind::Heading);
            return paintText(nullptr, &m_writer, font, b.text, QPointF(), width) +
                   mm(b.kind == Block::Kind::Heading ? 2 : 1);
        }
        case Block::Kind::Field: {
            const auto [lh, vh] = fieldHeights(b);
            return std::max(lh, vh) + mm(1.2) + mm(0.8);
        }
        case Block::Kind::Line:
            return mm(3);
        case Block::Kind::Signature:
            return paintText(nullptr, &m_writer, m_label, b.text, QPointF(), m_labelWidth) + mm(7);
        case Block::Kind::Spacer:
            return mm(b.mm);
        case Block::Kind::PageBreak:
            return 0;
        case Block::Kind::Check:
            return paintText(nullptr, &m_writer, m_label, b.text, QPointF(), m_valueText - mm(5)) + mm(1);
        case Block::Kind::Row:
            return rowHeight(b);
        }
        return 0;
    }

    std::pair<double, double> fieldHeights(const Block& b) {
        const double lh = paintText(nullptr, &m_writer, m_label, b.text, QPointF(), m_labelWidth);
        const double vh =
            b.value.isEmpty() ? mm(b.mm) : paintText(nullptr, &m_writer, m_value, b.value, QPointF(), m_valueText);
        return {lh, vh};
    }

    QList<double> cellWidths(const Block& b) const {
        double total = 0;
        for (int i = 0; i < b.cells.size(); ++i)
            total += b.weights.value(i, 1) > 0 ? b.weights.value(i, 1) : 1;
        QList<double> w;
        for (int i = 0; i < b.cells.size(); ++i)
            w << m_frame.width() * (b.weights.value(i, 1) > 0 ? b.weights.value(i, 1) : 1) / total;
        return w;
    }

    double rowHeight(const Block& b) {
        const QList<double> w = cellWidths(b);
        double h = 0;
        for (int i = 0; i < b.cells.size(); ++i)
            h = std::max(h, paintText(nullptr, &m_writer, b.bold ? m_cellBold : m_cell, b.cells[i], QPointF(),
                                      w[i] - 2 * mm(0.9)));
        return h + 2 * mm(0.9);
    }

    void drawRow(const Block& b) {
        const double h = rowHeight(b);
        if (!b.bold && m_heading >= 0 && m_y + h > m_frame.bottom() && m_y > m_top + 1) {
            finishPage();
            startPage();
            drawRow(m_spec.blocks[size_t(m_heading)]); // the heading row again on the new page
        }
        ensure(h);
        if (m_p) {
            const QList<double> w = cellWidths(b);
            double x = m_frame.left();
            if (b.bold)
                m_p->fillRect(QRectF(x, m_y, m_frame.width(), h), QColor(235, 235, 235));
            m_p->setPen(QPen(Qt::black, mm(0.12)));
            m_p->drawRect(QRectF(x, m_y, m_frame.width(), h));
            for (int i = 0; i < b.cells.size(); ++i) {
                if (i > 0)
                    m_p->drawLine(QPointF(x, m_y), QPointF(x, m_y + h));
                paintText(m_p, &m_writer, b.bold ? m_cellBold : m_cell, b.cells[i], QPointF(x + mm(0.9), m_y + mm(0.9)),
                          w[i] - 2 * mm(0.9), b.bold ? Qt::AlignHCenter : Qt::AlignLeft);
                x += w[i];
            }
        }
        m_y += h;
    }

    void draw(size_t i, const Block& b, std::vector<FieldBox>* boxes) {
        const double left = m_frame.left();
        const double width = m_frame.width();
        if (b.kind != Block::Kind::Row)
            m_heading = -1;
        switch (b.kind) {
        case Block::Kind::Heading:
        case Block::Kind::Text: {
            const QFont font = makeFont(m_family, b.size, b.bold || b.kind == Block::Kind::Heading);
            const double h = paintText(nullptr, &m_writer, font, b.text, QPointF(), width);
            if (h > m_frame.bottom() - m_top) { // longer than a page: line by line across pages
                drawLines(font, b.text, left, width, b.centred ? Qt::AlignHCenter : Qt::AlignLeft);
                m_y += mm(1);
                break;
            }
            ensure(h);
            paintText(m_p, &m_writer, font, b.text, QPointF(left, m_y), width,
                      b.centred ? Qt::AlignHCenter : Qt::AlignLeft);
            m_y += h + mm(b.kind == Block::Kind::Heading ? 2 : 1);
            break;
        }
        case Block::Kind::Field: {
            const auto [lh, vh] = fieldHeights(b);
            const double h = std::max(lh, vh) + mm(1.2);
            const double valueLeft = left + m_labelWidth + m_gap;
            if (h > m_frame.bottom() - m_top) { // a value longer than a page: continued on the next ones
                ensure(lh + mm(10));
                if (m_p) {
                    m_p->setPen(Qt::black);
                    paintText(m_p, &m_writer, m_label, b.text, QPointF(left, m_y), m_labelWidth);
                }
                drawLines(m_value, b.value, valueLeft + mm(0.5), m_valueText, Qt::AlignLeft);
                m_y += mm(2);
                break;
            }
            ensure(h);
            const QRectF box(valueLeft, m_y, m_valueBox, std::max(vh, mm(b.mm > 0 ? b.mm : 5)));
            if (m_p) {
                m_p->setPen(Qt::black);
                paintText(m_p, &m_writer, m_label, b.text, QPointF(left, m_y), m_labelWidth);
                paintText(m_p, &m_writer, m_value, b.value, QPointF(box.left() + mm(0.5), m_y), m_valueText);
                m_p->setPen(QPen(Qt::black, mm(0.12), Qt::DotLine));
                m_p->drawLine(QPointF(box.left(), m_y + std::max(lh, vh) + mm(0.3)),
                              QPointF(box.right(), m_y + std::max(lh, vh) + mm(0.3)));
            }
            if (boxes && m_p)
                boxes->push_back(FieldBox{int(i), m_page - 1, toPoints(box)});
            m_y += h + mm(0.8);
            break;
        }
        case Block::Kind::Line:
            ensure(mm(3));
            if (m_p) {
                m_p->setPen(QPen(Qt::black, mm(0.2)));
                m_p->drawLine(QPointF(left, m_y + mm(1)), QPointF(left + width, m_y + mm(1)));
            }
            m_y += mm(3);
            break;
        case Block::Kind::Signature: {
            const double h = paintText(nullptr, &m_writer, m_label, b.text, QPointF(), m_labelWidth) + mm(6);
            ensure(h);
            if (m_p) {
                m_p->setPen(Qt::black);
                paintText(m_p, &m_writer, m_label, b.text, QPointF(left, m_y + mm(5)), m_labelWidth);
                m_p->setPen(QPen(Qt::black, mm(0.15)));
                const double lineY = m_y + mm(8);
                m_p->drawLine(QPointF(left + m_labelWidth + m_gap, lineY), QPointF(left + width * 0.78, lineY));
            }
            m_y += h + mm(1);
            break;
        }
        case Block::Kind::Spacer:
            m_y += mm(b.mm);
            break;
        case Block::Kind::PageBreak:
            finishPage();
            startPage();
            break;
        case Block::Kind::Check: {
            const double side = mm(3.2);
            const double textWidth = m_valueText - mm(5);
            const double h = paintText(nullptr, &m_writer, m_label, b.text, QPointF(), textWidth);
            ensure(h + mm(1));
            const double x = left + m_labelWidth + m_gap;
            const QRectF box(x + mm(0.5), m_y + std::max(0.0, (QFontMetricsF(m_label, &m_writer).height() - side) / 2),
                             side, side);
            if (m_p) {
                m_p->setPen(QPen(Qt::black, mm(0.15)));
                m_p->drawRect(box);
                if (b.checked) {
                    m_p->drawLine(box.topLeft(), box.bottomRight());
                    m_p->drawLine(box.topRight(), box.bottomLeft());
                }
                paintText(m_p, &m_writer, m_label, b.text, QPointF(x + mm(5), m_y), textWidth);
            }
            if (boxes && m_p)
                boxes->push_back(FieldBox{int(i), m_page - 1, toPoints(box)});
            m_y += h + mm(1);
            break;
        }
        case Block::Kind::Row:
            if (b.bold)
                m_heading = int(i);
            drawRow(b);
            if (b.bold)
                m_heading = int(i);
            break;
        }
    }

    // Text longer than a page, one line at a time: a new page whenever the next line would cross the
    // footer.
    void drawLines(const QFont& font, const QString& text, double x, double width, Qt::Alignment align) {
        const QFontMetricsF fm(font, &m_writer);
        for (const QString& para : text.split(u'\n')) {
            QTextLayout layout(para, font, &m_writer);
            QTextOption option;
            option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            layout.setTextOption(option);
            layout.beginLayout();
            QStringList lines;
            for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
                line.setLineWidth(width);
                lines << para.mid(line.textStart(), line.textLength());
            }
            layout.endLayout();
            if (lines.isEmpty())
                lines << QString();
            for (const QString& line : lines) {
                if (m_y + fm.height() > m_frame.bottom()) {
                    finishPage();
                    startPage();
                }
                paintText(m_p, &m_writer, font, line.trimmed(), QPointF(x, m_y), width, align);
                m_y += fm.height();
            }
        }
    }

    QRectF toPoints(const QRectF& px) const {
        const double k = 72.0 / kDpi;
        const double pageHeight = m_writer.pageLayout().fullRectPoints().height();
        return QRectF(px.left() * k, pageHeight - px.bottom() * k, px.width() * k, px.height() * k);
    }
    void ensure(double h) {
        if (m_y + h > m_frame.bottom() && m_y > m_top + 1) {
            finishPage();
            startPage();
        }
    }
    void startPage() {
        if (m_p && m_page > 0)
            m_writer.newPage();
        ++m_page;
        m_y = m_frame.header(m_p);
        m_top = m_y;
    }
    void finishPage() {
        if (m_p)
            m_frame.footer(m_p, m_page, m_pages);
    }

    QPdfWriter& m_writer;
    const FlowSpec& m_spec;
    QString m_family;
    Frame m_frame;
    QFont m_label;
    QFont m_value;
    QFont m_cell;
    QFont m_cellBold;
    double m_labelWidth = 0;
    double m_gap = 0;
    double m_valueBox = 0;
    double m_valueText = 0;
    QPainter* m_p = nullptr;
    int m_page = 0;
    int m_pages = 0;
    int m_heading = -1; // the heading row of the flow table being drawn
    double m_y = 0;
    double m_top = 0;
};

// The PDF QPdfWriter wrote to `pdf`, with its subset fonts tagged (PdfSubsetTags.h), to `out`.
Status writeTagged(QIODevice& pdf, QIODevice* out) {
    if (!copyWithSubsetTags(pdf, *out))
        return makeError(ErrorCode::Io,
                         PdfRenderer::tr("Cannot write the PDF document: %1")
                             .arg(out->errorString().isEmpty() ? pdf.errorString() : out->errorString()));
    return {};
}

Status openSave(QSaveFile& file) {
    if (!QDir().mkpath(QFileInfo(file.fileName()).absolutePath()) || !file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io,
                         PdfRenderer::tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

Status commitSave(QSaveFile& file) {
    if (!file.commit())
        return makeError(ErrorCode::Io,
                         PdfRenderer::tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

} // namespace

// ---- FlowSpec ------------------------------------------------------------------------------------

namespace {
Block makeBlock(Block::Kind kind, const QString& text, const QString& value, double size, bool bold, bool centred,
                double mm) {
    Block b;
    b.kind = kind;
    b.text = text;
    b.value = value;
    b.size = size;
    b.bold = bold;
    b.centred = centred;
    b.mm = mm;
    return b;
}
} // namespace

Block& FlowSpec::add(Block b) {
    b.keep = m_keep;
    blocks.push_back(std::move(b));
    return blocks.back();
}
FlowSpec& FlowSpec::beginKeep() {
    m_keep = ++m_lastKeep;
    return *this;
}
FlowSpec& FlowSpec::endKeep() {
    m_keep = 0;
    return *this;
}
FlowSpec& FlowSpec::heading(const QString& text, double size, bool centred) {
    add(makeBlock(Block::Kind::Heading, text, {}, size, true, centred, 0));
    return *this;
}
FlowSpec& FlowSpec::text(const QString& text, double size, bool bold) {
    add(makeBlock(Block::Kind::Text, text, {}, size, bold, false, 0));
    return *this;
}
FlowSpec& FlowSpec::field(const QString& label, const QString& value, double emptyMm) {
    add(makeBlock(Block::Kind::Field, label, value, 9.5, false, false, emptyMm));
    return *this;
}
FlowSpec& FlowSpec::line() {
    add(makeBlock(Block::Kind::Line, {}, {}, 0, false, false, 0));
    return *this;
}
FlowSpec& FlowSpec::signature(const QString& caption) {
    add(makeBlock(Block::Kind::Signature, caption, {}, 8, false, false, 0));
    return *this;
}
FlowSpec& FlowSpec::spacer(double height) {
    add(makeBlock(Block::Kind::Spacer, {}, {}, 0, false, false, height));
    return *this;
}
FlowSpec& FlowSpec::pageBreak() {
    add(makeBlock(Block::Kind::PageBreak, {}, {}, 0, false, false, 0));
    return *this;
}
FlowSpec& FlowSpec::check(const QString& caption, bool checked) {
    Block& b = add(makeBlock(Block::Kind::Check, caption, {}, 8, false, false, 0));
    b.checked = checked;
    return *this;
}
FlowSpec& FlowSpec::row(const QStringList& cells, const QList<double>& weights, bool heading) {
    Block& b = add(makeBlock(Block::Kind::Row, {}, {}, 8, heading, false, 0));
    b.cells = cells;
    b.weights = weights;
    return *this;
}

// ---- PdfRenderer --------------------------------------------------------------------------------------

Error PdfRenderer::cancelledError() {
    return makeError(ErrorCode::Failure, tr("Cancelled: nothing was saved."));
}

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

Status PdfRenderer::writeFlow(const FlowSpec& spec, QIODevice* out, std::vector<FieldBox>* boxes) {
    auto family = PdfFonts::family();
    if (!family)
        return family.error();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    setUp(writer, spec.frame, spec.orientation);
    FlowEngine engine(writer, spec, *family);
    engine.run(nullptr, 0, nullptr);
    const int pages = engine.pages();
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(ErrorCode::Io, tr("Cannot start the PDF document."));
    engine.run(&painter, pages, boxes);
    painter.end();
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    return writeTagged(buffer, out);
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

Status PdfRenderer::saveFlow(const FlowSpec& spec, const QString& path) {
    QSaveFile file(path);
    if (Status s = openSave(file); !s)
        return s;
    if (Status s = writeFlow(spec, &file); !s) {
        file.cancelWriting();
        return s;
    }
    return commitSave(file);
}

} // namespace tirkeu::reports
