#pragma once
// One application in full, read-only: its facts (CA, form, status, received, legal deadline and
// whether it is overdue, who registered and decided it), the data as the form labels it in the UI
// language (persons of a letter as sub-rows), attachments, consent, and its history.

#include "registry/Roles.h"

#include <QDialog>

#include <memory>

class QFormLayout;
class QLabel;
class QPrintPreviewDialog;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class ApplicationDetailsDialog : public QDialog {
    Q_OBJECT
public:
    // prompter: asks where to save the printed form (nullptr: the standard file dialog).
    ApplicationDetailsDialog(registry::Register& reg, const registry::Session& session, qint64 applicationId,
                             QWidget* parent = nullptr, Prompter* prompter = nullptr);
    ~ApplicationDetailsDialog() override;

    // "Print application form…": the filled-in official form (forms::pdf::FormPrint) saved as PDF.
    void printForm();
    // "Preview / Print…": the same pages in a print preview (app/gui/PrintPreview.h), printed from there.
    // Returns the open preview (nullptr and message() set when the form cannot be made).
    QPrintPreviewDialog* previewForm();
    QString note() const; // what the last print did

    QString message() const; // the registry's refusal, empty when the application was read
    QTreeWidget* dataView() const { return m_data; }
    QTableWidget* historyView() const { return m_history; }
    QString savedPdf() const { return m_savedPath; } // the last PDF saved (Open saved PDF opens it)
    QString fact(const QString& name) const;         // the value shown for a fact ("status", "deadline", ...)

protected:
    void changeEvent(QEvent* event) override;

private:
    void load();

    registry::Register& m_reg;
    registry::Session m_session;
    std::unique_ptr<Prompter> m_ownPrompter;
    Prompter* m_prompter = nullptr;
    qint64 m_id = 0;
    QPushButton* m_print = nullptr;
    QPushButton* m_preview = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_openSaved = nullptr; // opens the PDF just saved in the desktop's viewer
    QString m_savedPath;
    QFormLayout* m_facts = nullptr;
    QLabel* m_message = nullptr;
    QTreeWidget* m_data = nullptr;
    QTableWidget* m_history = nullptr;
    QLabel* m_dataTitle = nullptr;
    QLabel* m_historyTitle = nullptr;
};

} // namespace tirkeu::gui
