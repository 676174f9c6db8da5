// The flow engine of reports/Pdf.h: official forms and notices as a flow of headings, text, fields,
// check boxes, table rows and signature lines, kept together where asked and broken into pages.
#include "reports/PdfPage.h"

#include <QBuffer>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace tirkeu::reports {

using namespace pdf;

namespace {

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
        for (const QString& line : wrappedLines(text, font, &m_writer, width)) {
            if (m_y + fm.height() > m_frame.bottom()) {
                finishPage();
                startPage();
            }
            paintText(m_p, &m_writer, font, line.trimmed(), QPointF(x, m_y), width, align);
            m_y += fm.height();
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
