#pragma once
// Preview and print of a document the application makes as PDF (application forms, paper certificates,
// journals and extracts): the very pages of the PDF, rendered by Poppler onto the QPrinter, in a
// QPrintPreviewDialog from which the operator prints. One way for every document.

#include <QCoreApplication>
#include <QString>

class QPrintPreviewDialog;
class QPrinter;
class QWidget;

namespace tirkeu::gui {

class PrintPreview {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::gui::PrintPreview)
public:
    // Opens a non-modal preview of the PDF file (deleted on close; it keeps what it needs of the file, so
    // the file may be removed afterwards). nullptr (and `error` set) when the file is not a readable PDF.
    static QPrintPreviewDialog* open(QWidget* parent, const QString& pdfPath, const QString& title,
                                     QString* error = nullptr);
    // Draws pages first..last (1-based; 0: all) of the PDF onto the printer; the number of pages drawn,
    // -1 when the PDF cannot be read or the printer cannot be opened.
    static int paint(const QByteArray& pdf, QPrinter* printer, int first = 0, int last = 0);
};

} // namespace tirkeu::gui
