#include "reports/Pdf.h"

#include "registry/Clock.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QMutex>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextLayout>

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
double paintText(QPainter* p, QPaintDevice* device, const QFont& font, const QString& text, const QPointF& at,
                 double width, Qt::Alignment align = Qt::AlignLeft) {
    const QFontMetricsF fm(font, device);
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
        const QString printed =
            PdfRenderer::tr("Printed by %1 on %2").arg(m_frame.printedBy, registry::displayDateTime(m_frame.printedAt));
        if (!m_frame.printedBy.isEmpty()) // blank templates name no printer
            paintText(p, &m_writer, m_footer, printed, QPointF(m_left, y), m_width * 0.75);
        paintText(p, &m_writer, m_footer, PdfRenderer::tr("Page %1 of %2").arg(page).arg(pages), QPointF(m_left, y),
                  m_width, Qt::AlignRight);
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
    }

    // One pass over the rows: counts pages (painter == nullptr) or draws them.
    Status run(QPainter* p, const RowSource& rows, int totalPages, qint64 totalRows, const Progress& progress) {
        m_p = p;
        m_pages = totalPages;
        m_page = 0;
        m_rows = 0;
        startPage();
        Status streamed = rows([&](const QStringList& cells) {
            const double h = rowHeight(cells, m_cellFont, false);
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
        // A row taller than a page is cut at the page (it cannot happen with the journals' columns).
        return std::min(h + 2 * m_pad, m_frame.bottom() - m_tableTop - mm(5));
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
        , m_value(makeFont(family, 9.5, true)) {}

    void run(QPainter* p, int totalPages, std::vector<FieldBox>* boxes) {
        m_p = p;
        m_pages = totalPages;
        m_page = 0;
        startPage();
        const double left = m_frame.left();
        const double width = m_frame.width();
        const double labelWidth = width * 0.42;
        const double gap = mm(3);
        for (size_t i = 0; i < m_spec.blocks.size(); ++i) {
            const Block& b = m_spec.blocks[i];
            switch (b.kind) {
            case Block::Kind::Heading:
            case Block::Kind::Text: {
                const QFont font = makeFont(m_family, b.size, b.bold || b.kind == Block::Kind::Heading);
                const double h = paintText(nullptr, &m_writer, font, b.text, QPointF(), width);
                ensure(h);
                paintText(m_p, &m_writer, font, b.text, QPointF(left, m_y), width,
                          b.centred ? Qt::AlignHCenter : Qt::AlignLeft);
                m_y += h + mm(b.kind == Block::Kind::Heading ? 2 : 1);
                break;
            }
            case Block::Kind::Field: {
                const double valueWidth = width - labelWidth - gap;
                const double lh = paintText(nullptr, &m_writer, m_label, b.text, QPointF(), labelWidth);
                const double vh = b.value.isEmpty()
                                      ? mm(b.mm)
                                      : paintText(nullptr, &m_writer, m_value, b.value, QPointF(), valueWidth);
                const double h = std::max(lh, vh) + mm(1.2);
                ensure(h);
                const QRectF box(left + labelWidth + gap, m_y, valueWidth, std::max(vh, mm(b.mm > 0 ? b.mm : 5)));
                if (m_p) {
                    m_p->setPen(Qt::black);
                    paintText(m_p, &m_writer, m_label, b.text, QPointF(left, m_y), labelWidth);
                    paintText(m_p, &m_writer, m_value, b.value, QPointF(box.left() + mm(0.5), m_y), valueWidth - mm(1));
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
                const double h = paintText(nullptr, &m_writer, m_label, b.text, QPointF(), labelWidth) + mm(6);
                ensure(h);
                if (m_p) {
                    m_p->setPen(Qt::black);
                    paintText(m_p, &m_writer, m_label, b.text, QPointF(left, m_y + mm(5)), labelWidth);
                    m_p->setPen(QPen(Qt::black, mm(0.15)));
                    const double lineY = m_y + mm(8);
                    m_p->drawLine(QPointF(left + labelWidth + gap, lineY), QPointF(left + width * 0.78, lineY));
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
            }
        }
        finishPage();
    }

    int pages() const { return m_page; }

private:
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
    QPainter* m_p = nullptr;
    int m_page = 0;
    int m_pages = 0;
    double m_y = 0;
    double m_top = 0;
};

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

FlowSpec& FlowSpec::heading(const QString& text, double size, bool centred) {
    blocks.push_back(Block{Block::Kind::Heading, text, {}, size, true, centred, 0});
    return *this;
}
FlowSpec& FlowSpec::text(const QString& text, double size, bool bold) {
    blocks.push_back(Block{Block::Kind::Text, text, {}, size, bold, false, 0});
    return *this;
}
FlowSpec& FlowSpec::field(const QString& label, const QString& value, double emptyMm) {
    blocks.push_back(Block{Block::Kind::Field, label, value, 9.5, false, false, emptyMm});
    return *this;
}
FlowSpec& FlowSpec::line() {
    blocks.push_back(Block{Block::Kind::Line, {}, {}, 0, false, false, 0});
    return *this;
}
FlowSpec& FlowSpec::signature(const QString& caption) {
    blocks.push_back(Block{Block::Kind::Signature, caption, {}, 8, false, false, 0});
    return *this;
}
FlowSpec& FlowSpec::spacer(double height) {
    blocks.push_back(Block{Block::Kind::Spacer, {}, {}, 0, false, false, height});
    return *this;
}
FlowSpec& FlowSpec::pageBreak() {
    blocks.push_back(Block{Block::Kind::PageBreak, {}, {}, 0, false, false, 0});
    return *this;
}

// ---- PdfRenderer --------------------------------------------------------------------------------------

Status PdfRenderer::writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out, const Progress& progress) {
    auto family = PdfFonts::family();
    if (!family)
        return family.error();
    if (spec.columns.isEmpty())
        return makeError(ErrorCode::Failure, tr("A table needs columns."));
    QPdfWriter writer(out);
    setUp(writer, spec.frame, spec.orientation);
    TableEngine engine(writer, spec, *family);
    if (Status counted = engine.run(nullptr, rows, 0, 0, {}); !counted)
        return counted;
    const int pages = engine.pages();
    const qint64 total = engine.rows();
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(ErrorCode::Io, tr("Cannot start the PDF document."));
    Status drawn = engine.run(&painter, rows, pages, total, progress);
    painter.end();
    if (!drawn)
        return drawn;
    if (engine.pages() != pages)
        return makeError(ErrorCode::Failure, tr("The rows changed while the document was printed; print it again."));
    return {};
}

Status PdfRenderer::writeFlow(const FlowSpec& spec, QIODevice* out, std::vector<FieldBox>* boxes) {
    auto family = PdfFonts::family();
    if (!family)
        return family.error();
    QPdfWriter writer(out);
    setUp(writer, spec.frame, spec.orientation);
    FlowEngine engine(writer, spec, *family);
    engine.run(nullptr, 0, nullptr);
    const int pages = engine.pages();
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(ErrorCode::Io, tr("Cannot start the PDF document."));
    engine.run(&painter, pages, boxes);
    painter.end();
    return {};
}

Status PdfRenderer::saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                              const Progress& progress) {
    QSaveFile file(path);
    if (Status s = openSave(file); !s)
        return s;
    if (Status s = writeTable(spec, rows, &file, progress); !s) {
        file.cancelWriting();
        return s;
    }
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

// ---- CSV ------------------------------------------------------------------------------------------

QString CsvWriter::quote(const QString& field) {
    if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n') && !field.contains(u'\r'))
        return field;
    QString q = field;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

QByteArray CsvWriter::encodeRow(const QStringList& fields) {
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString& f : fields)
        quoted << quote(f);
    return quoted.join(u',').toUtf8() + "\r\n";
}

bool CsvWriter::writeRow(const QStringList& fields) {
    const QByteArray bytes = encodeRow(fields);
    return m_out->write(bytes) == bytes.size();
}

Status CsvRenderer::writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out, const Progress& progress) {
    CsvWriter csv(out);
    QStringList headings;
    for (const Column& c : spec.columns)
        headings << QString(c.heading).replace(u'\n', u' ');
    bool ok = csv.writeRow(headings);
    qint64 n = 0;
    Status streamed = rows([&](const QStringList& cells) {
        ok = ok && csv.writeRow(cells);
        ++n;
        if (progress && n % 1000 == 0)
            progress(n, 0);
        return ok;
    });
    if (!streamed)
        return streamed;
    if (!ok)
        return makeError(ErrorCode::Io, tr("Cannot write the CSV file: %1").arg(out->errorString()));
    if (progress)
        progress(n, n);
    return {};
}

Status CsvRenderer::saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                              const Progress& progress) {
    QSaveFile file(path);
    if (Status s = openSave(file); !s)
        return s;
    if (Status s = writeTable(spec, rows, &file, progress); !s) {
        file.cancelWriting();
        return s;
    }
    return commitSave(file);
}

} // namespace tirkeu::reports
