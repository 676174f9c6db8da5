#pragma once
// Issuing the certificate of an approved application: from the holder's certificate request (a CSR
// file, registry::CaEngine::issueFromCsr), the certificate then saved as PEM or DER where the officer
// chooses. The CA key passphrase is asked through the Prompter; the work runs off the UI thread
// (IssueRunner) with a progress bar. Refusals are the registry's words, shown inline; nothing is written.

#include "registry/Roles.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class IssueRunner;
class Prompter;

class IssuanceDialog : public QDialog {
    Q_OBJECT
public:
    IssuanceDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter, qint64 applicationId,
                   QWidget* parent = nullptr);
    ~IssuanceDialog() override;

    qint64 applicationId() const { return m_id; }
    QString message() const; // the inline refusal, empty when none
    QString result() const;  // what was issued and where it was saved
    bool isRunning() const;
    IssueRunner* runner() const { return m_runner; }
    QStringList issuedSerials() const { return m_serials; }

    void chooseCsr();
    void issue();
    void saveCertificate(); // asks where, writes the last issued certificate in the chosen format

Q_SIGNALS:
    void issued(qint64 applicationId); // the register changed

protected:
    void changeEvent(QEvent* event) override;
    void reject() override; // not while issuing

private:
    void retranslateUi();
    void updateActions();
    void finished();
    void showMessage(const QString& text);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    qint64 m_id = 0;
    QString m_summaryText;
    QByteArray m_lastDer;
    QString m_lastSerial;
    QStringList m_serials;
    QString m_resultText;
    IssueRunner* m_runner = nullptr;

    QLabel* m_summary = nullptr;
    QRadioButton* m_fromCsr = nullptr;
    QLabel* m_csrLabel = nullptr;
    QLineEdit* m_csrPath = nullptr;
    QPushButton* m_chooseCsr = nullptr;
    QLabel* m_formatLabel = nullptr;
    QComboBox* m_format = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_issue = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
