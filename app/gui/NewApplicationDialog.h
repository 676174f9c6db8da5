#pragma once
// A new application at the counter, in steps: the CA and the form; the form page (built from the form
// definition); the consent and attachments checklist of that form; save. Save stays disabled while
// forms::Validator finds something missing, and says what; registry::Applications::submit decides
// (its refusal is shown inline and nothing is written). On success the number and time are shown.
// What the operator types is kept as a draft (registry::Drafts) a moment after each change and on
// every step; closing asks whether to keep the draft, discard it or go on typing; registering the
// application deletes its draft in the same transaction.

#include "registry/Roles.h"

#include <QDialog>
#include <QJsonObject>

#include <memory>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTimer;
class QVBoxLayout;

namespace tirkeu::forms {
struct Submission;
}
namespace tirkeu::registry {
class Register;
struct Draft;
} // namespace tirkeu::registry

namespace tirkeu::gui {

class FormPage;
class Prompter;

class NewApplicationDialog : public QDialog {
    Q_OBJECT
public:
    enum Step { ChooseStep, FormStep, ChecklistStep, DoneStep };

    // prompter: asks for the PDF to import (nullptr: the standard file dialog).
    NewApplicationDialog(registry::Register& reg, const registry::Session& session, QWidget* parent = nullptr,
                         Prompter* prompter = nullptr);
    ~NewApplicationDialog() override;

    // Opens the form page of formCode at caCode filled with data (a re-issue, an imported PDF) for the
    // operator to check; false, with the reason shown, when the CA does not offer that form.
    bool prefill(const QString& caCode, const QString& formCode, const QJsonObject& data);
    // Re-issue: the application replaces certificate `serial` of caCode (Applications::submitReplacement).
    void setReplacement(const QString& caCode, const QString& serial);
    QString replacedSerial() const { return m_replaceSerial; }
    // "Open filled PDF…": reads a filled template (forms::pdf::FormImport) and pre-fills its form.
    // A PDF of the wrong form, damaged or with invalid values is refused inline; nothing is created.
    bool importPdf(const QString& path);
    void openPdf(); // asks for the file through the Prompter
    // Opens the operator's draft `id` (form, data and checklist) to go on typing; false, with the reason
    // shown, when it is not there any more.
    bool openDraft(qint64 id);
    // Keeps what was typed as the draft now (the autosave does it a moment after each change); true
    // when it is kept (or there is nothing to keep).
    bool saveDraft();
    qint64 draftId() const { return m_draftId; }
    QString draftNote() const; // "Draft kept at 10:32", or why it could not be kept
    QString importNote() const;

    Step step() const;
    bool setCa(const QString& code);       // false when the CA is not offered
    bool setForm(const QString& formCode); // false when the chosen CA has no such form
    QString caCode() const;
    QString formCode() const;
    FormPage* formPage() const { return m_formPage; } // the page of the chosen form (after the first step)

    QStringList missing() const; // what Save waits for; empty when the application may be saved
    QString message() const;     // the registry's refusal shown inline, empty when none
    qint64 savedId() const { return m_savedId; }
    QString result() const; // the text of the last step

    void next();
    void back();
    void save();
    // Esc, Cancel and the window's close button: asks before discarding what the operator typed (no
    // question when nothing was typed or the application is saved).
    void reject() override;
    bool hasTypedData() const; // the form differs from how it was opened

Q_SIGNALS:
    void saved(qint64 applicationId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void reloadForms();
    void buildChecklist();
    void showStep(Step step);
    void updateChecklist();
    forms::Submission submission() const;
    registry::Draft currentDraft() const; // what is on screen, as the draft m_draftId
    void scheduleDraft();
    void showDraftNote(const QString& text, bool error);
    void showMessage(const QString& text);
    void focusFirstField();

    registry::Register& m_reg;
    registry::Session m_session;
    std::unique_ptr<Prompter> m_ownPrompter;
    Prompter* m_prompter = nullptr;
    qint64 m_savedId = 0;
    QString m_replaceCa;
    QString m_replaceSerial;
    QString m_importedFrom;
    QJsonObject m_pristine;  // the form page's data as it was opened (blank, defaults or prefilled)
    qint64 m_draftId = 0;    // the operator's draft of this application (0: none kept yet)
    QJsonObject m_draftKept; // the form data as last kept in the draft
    QTimer* m_autosave = nullptr;
    QLabel* m_draftNote = nullptr;

    QLabel* m_stepLabel = nullptr;
    QLabel* m_importNote = nullptr;
    QPushButton* m_openPdf = nullptr;
    QStackedWidget* m_pages = nullptr;
    // Step 1
    QLabel* m_caLabel = nullptr;
    QComboBox* m_caCombo = nullptr;
    QLabel* m_formLabel = nullptr;
    QComboBox* m_formCombo = nullptr;
    QLabel* m_formNote = nullptr;
    // Step 2
    QScrollArea* m_scroll = nullptr;
    FormPage* m_formPage = nullptr;
    // Step 3
    QWidget* m_checklist = nullptr;
    QLabel* m_checklistIntro = nullptr;
    QCheckBox* m_consent = nullptr;
    QComboBox* m_identification = nullptr; // how the holder was identified (seed 001 §6)
    QLabel* m_identificationLabel = nullptr;
    QCheckBox* m_documentsMissing = nullptr; // registered as received, to be refused for missing documents
    QGroupBox* m_attachmentsBox = nullptr;
    QVBoxLayout* m_attachmentsLayout = nullptr;
    QList<QCheckBox*> m_attachments;
    QLabel* m_missing = nullptr;
    // Step 4
    QLabel* m_result = nullptr;

    QLabel* m_message = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
