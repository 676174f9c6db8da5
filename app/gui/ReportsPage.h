#pragma once
// The "Reports" tab: choose a register or journal (reports::Reports), the CA and the period; preview
// it (pages rendered by Poppler), print it, save it as PDF or CSV. Documents are made as a Job
// (app/gui/Job.h: a worker thread with its own register) with a progress bar and its text; Cancel
// stops a CSV at its next row and a PDF within a few hundred rows (either pass); nothing is saved then.

#include "registry/Roles.h"
#include "reports/Reports.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QWidget>

#include <functional>

class QComboBox;
class QDateEdit;
class QLabel;
class QPrintPreviewDialog;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QVBoxLayout;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;

class ReportsPage : public QWidget {
    Q_OBJECT
public:
    ReportsPage(registry::Register& reg, const registry::Session& session, QWidget* parent = nullptr);
    ~ReportsPage() override;

    // The request the controls describe.
    reports::ReportRequest request() const;
    void setRequest(const reports::ReportRequest& request);

    // Starts making the document in the background; finished() tells how it went.
    void generate(reports::ReportFormat format, const QString& path);
    // Tests: runs on the worker before the report is written (e.g. waits until the test has cancelled),
    // so that a cancel can be tested without racing a report that takes a millisecond.
    void setBeforeWritingForTests(std::function<void()> hook) { m_beforeWriting = std::move(hook); }
    bool busy() const;
    void cancel(); // the Cancel button
    Job* job() const { return m_job; }
    void preview();     // makes a temporary PDF and shows its pages
    void printReport(); // makes a temporary PDF and opens its print preview (app/gui/PrintPreview.h)
    QPrintPreviewDialog* printPreview() const; // the last one opened, while it is open
    void savePdf();                            // asks for a file name
    void saveCsv();
    int previewPages() const { return m_previewPages; } // pages shown in the preview area

Q_SIGNALS:
    void finished(bool ok, const QString& message);
    void statusMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    std::function<void()> m_beforeWriting;
    enum class After { Nothing, Preview, Print };
    void retranslateUi();
    void reloadCas();
    void updateControls();
    void onWorkerDone(bool ok, const QString& error, const QString& path, After after);
    void showPreview(const QString& pdf);
    void printPdf(const QString& pdf);
    void clearPreview();

    registry::Register& m_reg;
    registry::Session m_session;
    QTemporaryDir m_temp;
    Job* m_job = nullptr;
    After m_after = After::Nothing;
    int m_previewPages = 0;
    int m_run = 0;
    QPointer<QPrintPreviewDialog> m_printPreview;

    QLabel* m_reportLabel = nullptr;
    QComboBox* m_reportCombo = nullptr;
    QLabel* m_caLabel = nullptr;
    QComboBox* m_caCombo = nullptr;
    QLabel* m_fromLabel = nullptr;
    QDateEdit* m_from = nullptr;
    QLabel* m_toLabel = nullptr;
    QDateEdit* m_to = nullptr;
    QLabel* m_daysLabel = nullptr;
    QSpinBox* m_days = nullptr;
    QPushButton* m_previewButton = nullptr;
    QPushButton* m_printButton = nullptr;
    QPushButton* m_pdfButton = nullptr;
    QPushButton* m_csvButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_pages = nullptr;
    QVBoxLayout* m_pagesLayout = nullptr;
};

} // namespace tirkeu::gui
