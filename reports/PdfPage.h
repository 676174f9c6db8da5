#pragma once
// The page of every printed document (reports/Pdf.h): the resolution and margins, fonts, wrapped text,
// A4 in either orientation, the header and footer of each page (Frame), and writing the finished PDF with
// its subset fonts tagged. Shared by the table engine (PdfTable.cpp) and the flow engine (PdfFlow.cpp);
// internal to reports.

#include "registry/Clock.h"
#include "reports/Pdf.h"

#include <QFont>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace tirkeu::reports::pdf {

constexpr int kDpi = 300;
constexpr double kMargin = 12; // mm

inline double mm(double v) {
    return v * kDpi / 25.4;
}

QFont makeFont(const QString& family, double pt, bool bold = false);
// Measures (painter == nullptr) or draws text wrapped into `width`; returns its height.
double paintText(QPainter* p, QPaintDevice* device, const QFont& font, const QString& raw, const QPointF& at,
                 double width, Qt::Alignment align = Qt::AlignLeft);
// The lines `text` wraps into within `width` (at word boundaries, else anywhere), paragraph by paragraph;
// an empty paragraph is one empty line. Not trimmed.
QStringList wrappedLines(const QString& text, const QFont& font, QPaintDevice* device, double width);
QPageLayout a4(Orientation o);

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

void setUp(QPdfWriter& writer, const PageFrame& frame, Orientation o);
// The PDF QPdfWriter wrote to `pdf`, with its subset fonts tagged (PdfSubsetTags.h), to `out`.
Status writeTagged(QIODevice& pdf, QIODevice* out);
// A QSaveFile opened (its folder made), and committed, with the reason when either fails.
Status openSave(QSaveFile& file);
Status commitSave(QSaveFile& file);

} // namespace tirkeu::reports::pdf
