#pragma once
// Issuing the certificate of an approved application, in one of three ways:
//  - from the holder's certificate request (a CSR file, registry::CaEngine::issueFromCsr);
//  - with a key pair generated here onto the key media (CaEngine::issueWithGeneratedKey): the holder
//    types the password twice, the officer gives the media serial, the PKCS#12 file is chosen BEFORE
//    issuing and written once (0600, never overwriting) — the key is kept nowhere else;
//  - for a government body's letter with several persons: all of them at once, one generated key
//    each (per row: media serial and password twice), the files named after each person's IIN in a
//    chosen folder, with a progress bar and Cancel between two certificates.
// An application for signing and authentication gets both certificates in one step, each with its own
// key: a second request file, or a second generated key in its own PKCS#12 file.
// The certificate is then saved as PEM or DER where the officer chooses. An application that
// replaces a certificate (re-issue) offers to revoke the replaced one as superseded in the same step.
// The CA key passphrase is asked through the Prompter; the work runs off the UI thread (IssueRunner).
// Refusals are the registry's words, shown inline; nothing is written.

#include "registry/Roles.h"
#include "registry/Rules.h"

#include <QDialog>
#include <QJsonArray>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QGroupBox;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class IssueRunner;
class LetterIssueTable;
class Prompter;

class IssuanceDialog : public QDialog {
    Q_OBJECT
public:
    enum Mode { FromCsr, GeneratedKey, Letter };

    IssuanceDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter, qint64 applicationId,
                   QWidget* parent = nullptr);
    ~IssuanceDialog() override;

    qint64 applicationId() const { return m_id; }
    QString message() const; // the inline refusal, empty when none
    QString result() const;  // what was issued and where it was saved
    bool isRunning() const;
    IssueRunner* runner() const { return m_runner; }
    QStringList issuedSerials() const { return m_serials; }
    Mode mode() const;
    void setMode(Mode mode);
    QString replacedSerial() const { return m_replacedSerial; } // re-issue: the certificate replaced
    LetterIssueTable* letterTable() const { return m_letter; }
    bool applicationDone() const { return m_applicationDone; }
    QString pkcs12Path() const { return m_p12Path; } // where the last generated key was written

    void chooseCsr();
    void chooseAuthCsr();
    void chooseFolder();
    bool signAndAuth() const { return m_signAndAuth; } // two certificates, two keys
    void issue();
    void cancel();          // a letter's run stops after the certificate being signed
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
    void letterProgress(int done, int total);
    void startRunner(int count);
    void issueSingle();
    void issueLetter();
    QString keyProblem() const; // why the generated-key inputs are not complete
    QString certificateBytesError(const QByteArray& der, bool pem, QByteArray* out) const;
    bool pemChosen() const; // the certificate format chosen: PEM (else DER)
    void showMessage(const QString& text);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    qint64 m_id = 0;
    QJsonArray m_persons;
    QString m_subjectId; // IIN/BIN of the application: names the PKCS#12 file
    QString m_replacedSerial;
    QByteArray m_lastDer;
    QString m_lastSerial;
    QStringList m_serials;
    QString m_resultText;
    QString m_p12Path;
    QString m_pendingP12;     // chosen before issuing, written when the certificate is there
    QString m_pendingAuthP12; // sign+auth: the authentication key's PKCS#12, chosen before issuing
    bool m_signAndAuth = false;
    QList<int> m_runRows; // the letter's rows of the current run, by step index
    int m_handled = 0;    // results of the current run already shown
    bool m_applicationDone = false;
    IssueRunner* m_runner = nullptr;

    QLabel* m_summary = nullptr;
    QRadioButton* m_fromCsr = nullptr;
    QWidget* m_csrBox = nullptr;
    QLabel* m_csrLabel = nullptr;
    QLineEdit* m_csrPath = nullptr;
    QPushButton* m_chooseCsr = nullptr;
    QLabel* m_authCsrLabel = nullptr;
    QLineEdit* m_authCsrPath = nullptr;
    QPushButton* m_chooseAuthCsr = nullptr;
    QRadioButton* m_generated = nullptr;
    QWidget* m_keyBox = nullptr;
    QLabel* m_algorithmLabel = nullptr;
    QComboBox* m_algorithm = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_repeatLabel = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_mediaLabel = nullptr;
    QLineEdit* m_media = nullptr;
    QLabel* m_keyNote = nullptr;
    // Government Bodies CA (Rules::governmentIssuance): the employee named in the body's internal order who
    // receives the key media, and why a request made outside is used (where the rules allow it).
    bool m_government = false;
    // The path the application asks for (registry::Rules::suggestedKeyPath), preselected; why, for the summary.
    bool m_suggestGenerated = false;
    enum class KeyPathReason { None, Government, Token, File } m_keyPathReason = KeyPathReason::None;
    QGroupBox* m_recipientBox = nullptr;
    QLabel* m_recipientNameLabel = nullptr;
    QLineEdit* m_recipientName = nullptr;
    QLabel* m_recipientPositionLabel = nullptr;
    QLineEdit* m_recipientPosition = nullptr;
    QLabel* m_recipientOrderLabel = nullptr;
    QLineEdit* m_recipientOrder = nullptr;
    QLabel* m_recipientOrderDateLabel = nullptr;
    QLineEdit* m_recipientOrderDate = nullptr;
    QLabel* m_outsideCsrReasonLabel = nullptr;
    QLineEdit* m_outsideCsrReason = nullptr;
    registry::MediaRecipient mediaRecipient() const;
    QRadioButton* m_letterRadio = nullptr;
    QWidget* m_letterBox = nullptr;
    LetterIssueTable* m_letter = nullptr;
    QLabel* m_letterAlgorithmLabel = nullptr;
    QComboBox* m_letterAlgorithm = nullptr;
    QLabel* m_folderLabel = nullptr;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_chooseFolder = nullptr;
    QCheckBox* m_revokeReplaced = nullptr;
    QLabel* m_formatLabel = nullptr;
    QComboBox* m_format = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_issue = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
