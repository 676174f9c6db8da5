#pragma once
// A CA key's backup among named custodians, and its restore, from Settings → CAs — the same registry
// calls as `ca backup` and `ca restore` (registry::CaKeyBackup): the backup needs at least the shares
// and threshold of the rules in force (3 of 5), one custodian (full name, position) per share, and
// writes the printed hand-over record next to the files as the CLI does; the restore takes the
// backup file, at least the threshold of share files, a new key file and its new passphrase (typed
// twice), and may make the restored file the CA's key. Both are audited by the registry.

#include "registry/Roles.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class KeyBackupDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Backup, Restore };
    KeyBackupDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                    const QString& caCode, Mode mode, QWidget* parent = nullptr);

    // What was done (empty until the backup or restore succeeded).
    QString resultText() const { return m_resultText; }
    QStringList writtenFiles() const { return m_files; }

    void run();
    void addShare();
    void setShareCount(int shares);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void runBackup();
    void runRestore();
    void fail(const QString& message);

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QString m_caCode;
    Mode m_mode;
    QLabel* m_intro = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    // Backup
    QLabel* m_sharesLabel = nullptr;
    QSpinBox* m_shares = nullptr;
    QLabel* m_thresholdLabel = nullptr;
    QSpinBox* m_threshold = nullptr;
    QTableWidget* m_custodians = nullptr;
    QLabel* m_outLabel = nullptr;
    QLineEdit* m_outDir = nullptr;
    QPushButton* m_browseOut = nullptr;
    // Restore
    QLabel* m_backupLabel = nullptr;
    QLineEdit* m_backupFile = nullptr;
    QPushButton* m_browseBackup = nullptr;
    QLabel* m_shareFilesLabel = nullptr;
    QListWidget* m_shareFiles = nullptr;
    QPushButton* m_addShare = nullptr;
    QPushButton* m_removeShare = nullptr;
    QLabel* m_keyOutLabel = nullptr;
    QLineEdit* m_keyOut = nullptr;
    QLabel* m_passLabel = nullptr;
    QLineEdit* m_pass = nullptr;
    QLabel* m_pass2Label = nullptr;
    QLineEdit* m_pass2 = nullptr;
    QCheckBox* m_activate = nullptr;

    QString m_resultText;
    QStringList m_files;
};

} // namespace tirkeu::gui
