#include "reports/PdfPage.h"

#include "registry/OutputFiles.h"
#include "reports/PdfSubsetTags.h"

#include <QFontMetricsF>
#include <QTextLayout>

#include <cmath>

namespace tirkeu::reports::pdf {

QFont makeFont(const QString& family, double pt, bool bold) {
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
                 double width, Qt::Alignment align) {
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

QStringList wrappedLines(const QString& text, const QFont& font, QPaintDevice* device, double width) {
    QStringList lines;
    for (const QString& para : text.split(u'\n')) {
        QTextLayout layout(para, font, device);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        const qsizetype before = lines.size();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            lines << para.mid(line.textStart(), line.textLength());
        }
        layout.endLayout();
        if (lines.size() == before)
            lines << QString();
    }
    return lines;
}

QPageLayout a4(Orientation o) {
    return QPageLayout(QPageSize(QPageSize::A4),
                       o == Orientation::Landscape ? QPageLayout::Landscape : QPageLayout::Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
}

void setUp(QPdfWriter& writer, const PageFrame& frame, Orientation o) {
    writer.setResolution(kDpi);
    writer.setPageLayout(a4(o));
    writer.setTitle(frame.documentTitle.isEmpty() ? frame.title.join(u' ') : frame.documentTitle);
    writer.setCreator(QStringLiteral("Tirkeu %1").arg(QStringLiteral(TIRKEU_VERSION)));
}

Status writeTagged(QIODevice& pdf, QIODevice* out) {
    if (!copyWithSubsetTags(pdf, *out))
        return makeError(ErrorCode::Io,
                         PdfRenderer::tr("Cannot write the PDF document: %1")
                             .arg(out->errorString().isEmpty() ? pdf.errorString() : out->errorString()));
    return {};
}

Status openSave(QSaveFile& file) {
    // Journals, registers, printed applications and certificates name holders: owner only.
    return registry::OutputFiles::openOwnerOnly(file);
}

Status commitSave(QSaveFile& file) {
    if (!file.commit())
        return makeError(ErrorCode::Io,
                         PdfRenderer::tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

} // namespace tirkeu::reports::pdf
