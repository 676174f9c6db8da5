#pragma once
// Revoking one certificate: reason (RFC 5280), basis and its document, then a confirmation page that
// says exactly what will happen (which certificate, the reason, that it is final, whether a CRL is
// published at once); the CA key passphrase is asked only when a CRL is published at once. The
// registry (registry::Revocation) decides and refuses; its words are shown. The revocation and its
// immediate CRL (unlocking the CA key, signing) run as a Job (app/gui/Job.h), off the UI thread; it
// cannot be cancelled (a revocation is final) and the dialog stays open, with progress, until done.

#include "registry/CaEngine.h"
#include "registry/Revocation.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;
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
    void revokeNow();        // "Revoke now" on the confirmation page: starts the job
    bool running() const;
    Job* job() const { return m_job; }

Q_SIGNALS:
    void revokeFinished(bool ok); // the job is done (accepted when it worked)

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

public Q_SLOTS:
    void reject() override; // refused while the job runs

private:
    void retranslateUi();
    void showMessage(const QString& text);
    void revokeDone(bool ok, const QString& error, const std::optional<registry::RevocationOutcome>& outcome);
    void updateButtons();
    registry::RevokeRequest request() const;

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    registry::CertificateRecord m_certificate;
    std::optional<registry::RevocationOutcome> m_outcome;
    Job* m_job = nullptr;

    QStackedWidget* m_pages = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_reasonLabel = nullptr;
    QComboBox* m_reason = nullptr;
    QLabel* m_basisLabel = nullptr;
    QComboBox* m_basis = nullptr;
    QLabel* m_documentLabel = nullptr;
    QLineEdit* m_document = nullptr;
    QCheckBox* m_invalidityGiven = nullptr; // the invalidity date (CRL entry) is optional
    QDateTimeEdit* m_invalidity = nullptr;
    QLabel* m_confirmation = nullptr;
    QLabel* m_message = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_continue = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_revoke = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace tirkeu::gui
