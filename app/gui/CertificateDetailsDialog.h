#pragma once
// Everything the register knows about one certificate: subject, serial, profile, validity, status
// and revocation, the application it came from with its history, and the audit events about it
// (registry::CaEngine, Applications and Search; nothing is computed here). Revoke… opens RevokeDialog.

#include "registry/CaEngine.h"

#include <QDialog>

class QLabel;
class QPrintPreviewDialog;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class NewApplicationDialog;
class Prompter;

class CertificateDetailsDialog : public QDialog {
    Q_OBJECT
public:
    enum Field {
        SubjectField,
        SerialField,
        CaField,
        ProfileField,
        ValidityField,
        StatusField,
        RevocationField,
        IssuedField,
        ApplicationField,
        MediaRecipientField, // Government Bodies CA: who received the key media; hidden for other CAs
        FieldCount
    };

    CertificateDetailsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                             const QString& caCode, const QString& serialHex, QWidget* parent = nullptr);

    Status reload();
    QString value(Field field) const;
    QTableWidget* historyTable() const { return m_history; }
    QTableWidget* auditTable() const { return m_audit; }
    const registry::CertificateRecord& certificate() const { return m_record; }
    void openRevokeDialog(); // window-modal, not blocking: a RevokeDialog child of this dialog
    void releaseHold();      // a certificate on hold: asked for the basis document, confirmed, released
    // Re-issue: a new application pre-filled from the one this certificate came from and linked to it
    // (Applications::reissueTemplate / submitReplacement); nullptr, with the reason shown, when refused.
    NewApplicationDialog* reissue();
    void printCertificate(); // the paper certificate (reports::CertificatePrint) saved as PDF
    // The same pages in a print preview (app/gui/PrintPreview.h); nullptr when it cannot be made.
    QPrintPreviewDialog* previewCertificate();
    QString note() const; // what the last print did

Q_SIGNALS:
    void registerChanged(); // a revocation was recorded

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fill();
    void updateActions();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QString m_caCode;
    QString m_serial;
    registry::CertificateRecord m_record;
    Status m_loaded;

    QTabWidget* m_tabs = nullptr;
    QLabel* m_labels[FieldCount] = {};
    QLabel* m_values[FieldCount] = {};
    QTableWidget* m_history = nullptr;
    QLabel* m_historyNote = nullptr;
    QTableWidget* m_audit = nullptr;
    QLabel* m_auditNote = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_revoke = nullptr;
    QPushButton* m_release = nullptr;
    QPushButton* m_reissue = nullptr;
    QPushButton* m_print = nullptr;
    QPushButton* m_previewPrint = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
