#include "app/gui/PrintPreview.h"

#include <QFile>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>

#include <poppler-qt6.h>

#include <memory>

namespace tirkeu::gui {

int PrintPreview::paint(const QByteArray& pdf, QPrinter* printer, int first, int last) {
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc || doc->isLocked())
        return -1;
    const int pages = doc->numPages();
    if (first < 1)
        first = 1;
    if (last < 1 || last > pages)
        last = pages;
    QPainter painter;
    if (!painter.begin(printer))
        return -1;
    const int dpi = qMin(printer->resolution(), 300);
    int drawn = 0;
    for (int i = first; i <= last; ++i) {
        if (drawn > 0)
            printer->newPage();
        std::unique_ptr<Poppler::Page> page = doc->page(i - 1);
        if (!page)
            continue;
        const QImage image = page->renderToImage(dpi, dpi);
        const QRect target = painter.viewport();
        const QSize size = image.size().scaled(target.size(), Qt::KeepAspectRatio);
        painter.setViewport(target.x(), target.y(), size.width(), size.height());
        painter.setWindow(image.rect());
        painter.drawImage(0, 0, image);
        painter.setViewport(target);
        painter.setWindow(target);
        ++drawn;
    }
    painter.end();
    return drawn;
}

QPrintPreviewDialog* PrintPreview::open(QWidget* parent, const QString& pdfPath, const QString& title, QString* error) {
    QFile file(pdfPath);
    QByteArray pdf;
    if (file.open(QIODevice::ReadOnly))
        pdf = file.readAll();
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc || doc->numPages() < 1) {
        if (error)
            *error = tr("The document cannot be shown: %1 is not a readable PDF.").arg(pdfPath);
        return nullptr;
    }
    // The printer starts in the PDF's page orientation (journals are landscape).
    const QSizeF first = doc->page(0) ? doc->page(0)->pageSizeF() : QSizeF();
    auto* printer = new QPrinter(QPrinter::HighResolution);
    printer->setDocName(title);
    printer->setPageOrientation(first.width() > first.height() ? QPageLayout::Landscape : QPageLayout::Portrait);
    auto* dialog = new QPrintPreviewDialog(printer, parent);
    dialog->setObjectName(QStringLiteral("printPreview"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Preview — %1").arg(title));
    QObject::connect(dialog, &QPrintPreviewDialog::paintRequested, dialog, [pdf](QPrinter* p) {
        int first = 0, last = 0;
        if (p->printRange() == QPrinter::PageRange) {
            first = p->fromPage();
            last = p->toPage();
        }
        paint(pdf, p, first, last);
    });
    QObject::connect(dialog, &QObject::destroyed, [printer] { delete printer; });
    dialog->resize(900, 700);
    dialog->show();
    return dialog;
}

} // namespace tirkeu::gui
