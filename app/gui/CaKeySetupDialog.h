#pragma once
// Setting up a CA's key from Settings → CAs, with the same registry calls as `ca init`: a self-signed
// root certificate, or a subordinate CA's key and the request (PKCS#10) for its parent, saved to a new
// file. The key is new (written encrypted to a new file, passphrase typed twice) or an existing one (a
// PKCS#11 token object or an encrypted key file, opened with its PIN or passphrase). Key generation
// runs as a Job on a worker thread: the window stays responsive. Importing the parent's certificate
// is SettingsDialog::importCaCertificate.

#include "registry/CaSetup.h"
#include "registry/Roles.h"

#include <QDialog>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;
class Prompter;

class CaKeySetupDialog : public QDialog {
    Q_OBJECT
public:
    CaKeySetupDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                     const QString& caCode, QWidget* parent = nullptr);
    ~CaKeySetupDialog() override;

    bool running() const;
    // After a successful set-up: what the registry returned (the subordinate's request is saved to the
    // request file).
    const std::optional<registry::CaInitResult>& result() const { return m_result; }
    QString resultText() const { return m_resultText; }

    void setUp();
    void reject() override; // ignored while the key is being made (Escape, Cancel)

Q_SIGNALS:
    void registerChanged();
    void setUpFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    struct Outcome {
        bool ok = false;
        QString error;
        registry::CaInitResult result;
    };
    void retranslateUi();
    void updateActions();
    void browseKeyFile();
    void browseCsrFile();
    void workerDone();
    void fail(const QString& message);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QString m_caCode;
    QLabel* m_intro = nullptr;
    QLabel* m_kindLabel = nullptr;
    QRadioButton* m_root = nullptr;
    QRadioButton* m_subordinate = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QRadioButton* m_newKey = nullptr;
    QRadioButton* m_existingKey = nullptr;
    QLabel* m_labels[9] = {};
    QComboBox* m_algorithm = nullptr;
    QLineEdit* m_keyFile = nullptr;
    QPushButton* m_browseKey = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_passphrase2 = nullptr;
    QLineEdit* m_keyUri = nullptr;
    QLineEdit* m_pin = nullptr;
    QSpinBox* m_validity = nullptr;
    QLineEdit* m_organisation = nullptr;
    QLineEdit* m_csrFile = nullptr;
    QPushButton* m_browseCsr = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_done = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_setUp = nullptr;
    QPushButton* m_close = nullptr;
    Job* m_job = nullptr;
    std::shared_ptr<Outcome> m_outcome;
    std::optional<registry::CaInitResult> m_result;
    QString m_resultText;
};

} // namespace tirkeu::gui
