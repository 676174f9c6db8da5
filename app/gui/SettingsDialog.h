#pragma once
// Settings for administrators: the CAs (list with each key's status, add, set up the key, import the
// parent's certificate, key backup and restore among custodians, CRL periods, URLs, publish folder),
// operators (add, change role, disable, reset password), the register (backup), retention periods per
// CA kind, and the working-day calendar's overrides. Each part is enabled by its own permission (registry::Roles; a
// tooltip says why not); every change goes through its registry workflow, which validates, records and audits it.

#include "registry/Roles.h"

#include <QDateTime>
#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace tirkeu::registry {
class Register;
struct CaRecord;
} // namespace tirkeu::registry

namespace tirkeu::gui {

class Job;
class Prompter;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                   QWidget* parent = nullptr);

    // Whether a session may open these settings at all (any of the administrator's permissions), and
    // why not (empty when it may).
    static bool mayOpen(const registry::Session& session);
    static QString whyNot(const registry::Session& session);

    QTabWidget* tabs() const { return m_tabs; }
    void reload();
    void selectCa(const QString& code);

    void saveCaSettings();
    void addCa();
    void addOperator();
    void disableOperator();
    void unlockOperator();
    void saveLockout();
    void resetPassword();
    void saveRetention();
    void setOverride();
    void clearOverride();
    // CA keys (the same registry calls as ca init, ca import-cert, ca backup and ca restore).
    void setUpCaKey();
    void importCaCertificate();
    void backUpCaKey();
    void restoreCaKey();
    void openKeyBackup(bool restore); // KeyBackupDialog for the selected CA
    void showKeyBackups();            // KeyBackupsDialog for the selected CA
    // The operator's role (Operators::setRole), and the register's backup (Backup::backup, as db backup).
    void changeRole();
    void backUpRegister();
    // A backup restored into a new register file (Backup::restore, as db restore into a new file).
    void restoreRegister();
    // A CA's key and certificate in words: no key, key waiting for its certificate, valid until ….
    // Where the CA's key is and what its certificate allows now (revoked, expired, valid until …).
    QString keyStatus(const registry::CaRecord& ca);

Q_SIGNALS:
    void registerChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void loadCaSettings();
    void loadOverrides();
    void loadRules();
    void updateActions();
    bool done(const Status& s, const QString& title, const QString& success);
    // Runs `job` with its progress window; false when it failed (an error box) or was cancelled (said inline).
    bool jobSucceeded(Job& job, const QString& title);
    QString selectedLogin() const;
    QString selectedCa() const;

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_feedback = nullptr;
    QLabel* m_message = nullptr;

    // CAs
    QWidget* m_caPage = nullptr;
    QTableWidget* m_caTable = nullptr;
    QLabel* m_caFieldLabels[9] = {};
    QSpinBox* m_crlPeriod = nullptr;
    QSpinBox* m_deltaPeriod = nullptr;
    QLineEdit* m_cdpUrl = nullptr;
    QLineEdit* m_freshestUrl = nullptr;
    QLineEdit* m_aiaUrl = nullptr;
    QLineEdit* m_ocspUrl = nullptr;
    QLineEdit* m_cpsUri = nullptr;
    QLineEdit* m_publishDir = nullptr;
    QLineEdit* m_eventLogOid = nullptr; // setting crl_event_log_oid
    QPushButton* m_saveCa = nullptr;
    QLabel* m_newCaLabel = nullptr;
    QLineEdit* m_newCaCode = nullptr;
    QLineEdit* m_newCaName = nullptr;
    QComboBox* m_newCaKind = nullptr;
    QPushButton* m_addCa = nullptr;
    QLabel* m_caKeyStatus = nullptr;
    QPushButton* m_setUpKey = nullptr;
    QPushButton* m_importCert = nullptr;
    QPushButton* m_backupKey = nullptr;
    QPushButton* m_restoreKey = nullptr;
    QPushButton* m_keyBackups = nullptr;

    // Operators
    QWidget* m_operatorPage = nullptr;
    QTableWidget* m_operatorTable = nullptr;
    QLabel* m_newOperatorLabel = nullptr;
    QLineEdit* m_newLogin = nullptr;
    QLineEdit* m_newFullName = nullptr;
    QComboBox* m_newRole = nullptr;
    QLineEdit* m_newPassword = nullptr;
    QPushButton* m_addOperator = nullptr;
    QPushButton* m_disableOperator = nullptr;
    QPushButton* m_unlockOperator = nullptr;
    QLabel* m_lockoutLabel = nullptr;
    QSpinBox* m_maxFailures = nullptr;
    QPushButton* m_saveLockout = nullptr;
    QPushButton* m_resetPassword = nullptr;
    QComboBox* m_roleFor = nullptr;
    QPushButton* m_changeRole = nullptr;

    // Register
    QWidget* m_registerPage = nullptr;
    QLabel* m_registerNote = nullptr;
    QPushButton* m_backupRegister = nullptr;
    QPushButton* m_restoreRegister = nullptr;

    // Retention
    QWidget* m_retentionPage = nullptr;
    QTableWidget* m_retentionTable = nullptr;
    QLabel* m_retentionNote = nullptr;
    QPushButton* m_saveRetention = nullptr;

    // Calendar
    QWidget* m_calendarPage = nullptr;
    QLabel* m_dayLabel = nullptr;
    QDateEdit* m_day = nullptr;
    QCheckBox* m_working = nullptr;
    QLabel* m_noteLabel = nullptr;
    QLineEdit* m_note = nullptr;
    QPushButton* m_setOverride = nullptr;
    QPushButton* m_clearOverride = nullptr;
    QTableWidget* m_overrideTable = nullptr;

    // Legal rules in force (read-only here; an administrator loads a rules file with the command rules load)
    QWidget* m_rulesPage = nullptr;
    QLabel* m_rulesVersion = nullptr;
    QTableWidget* m_rulesTable = nullptr;

    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
