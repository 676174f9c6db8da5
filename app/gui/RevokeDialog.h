#pragma once
// Revoking one certificate: reason (RFC 5280), basis and its document, then a confirmation page that
// says exactly what will happen (which certificate, the reason, that it is final, whether a CRL is
// published at once); the CA key passphrase is asked only when a CRL is published at once. The
// registry (registry::Revocation) decides and refuses; its words are shown.

#include "registry/CaEngine.h"
#include "registry/Revocation.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class RevokeDialog : public QDialog {
    Q_OBJECT
public:
    RevokeDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                 const registry::CertificateRecord& certificate, QWidget* parent = nullptr);

    // Translated display name of an RFC 5280 reason code ("Key compromise").
    static QString reasonText(int code);
    static QString basisText(const QString& basisKind);

    // The confirmation page's text for the current choices (also shown to the user).
    QString confirmationText() const;
    bool onConfirmationPage() const;
    QString message() const;
    const std::optional<registry::RevocationOutcome>& outcome() const { return m_outcome; }

    void showConfirmation(); // "Continue": checks the form, then the confirmation page
    void revokeNow();        // "Revoke now" on the confirmation page

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showMessage(const QString& text);
    registry::RevokeRequest request() const;

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    registry::CertificateRecord m_certificate;
    std::optional<registry::RevocationOutcome> m_outcome;

    QStackedWidget* m_pages = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_reasonLabel = nullptr;
    QComboBox* m_reason = nullptr;
    QLabel* m_basisLabel = nullptr;
    QComboBox* m_basis = nullptr;
    QLabel* m_documentLabel = nullptr;
    QLineEdit* m_document = nullptr;
    QLabel* m_confirmation = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_continue = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_revoke = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace tirkeu::gui
